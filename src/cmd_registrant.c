/*
 * cmd_registrant.c - `mailfleet registrant [set FILE]`: Maildoso's
 * registrant data (GET/POST/PATCH /v1/user/data), which ICANN registrars
 * need before Maildoso buys a domain.
 *
 * `set` reads a one-row CSV whose columns are UserDataRequest fields,
 * checks them offline against the schema's rules (userdata.c), then
 * creates the data (POST, when the account has none: company_name,
 * job_title and country are required) or changes the given fields
 * (PATCH). Empty cells are not sent. The write is one request that may be
 * sent again as it is: no journal is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "rules.h"
#include "userdata.h"
#include "xmalloc.h"

extern const struct command cmd_registrant;

#define UD_PATH	"/v1/user/data"

struct reg_opts {
	int	dry_run;
};

/* The values of the file: val[f] owned, NULL when not given. */
struct reg_values {
	char	*val[UD_FIELDS];
	size_t	 col[UD_FIELDS];	/* 1-based column, for messages */
	long	 line;
};

static void
values_free(struct reg_values *rv)
{
	int	i;

	for (i = 0; i < UD_FIELDS; i++)
		free(rv->val[i]);
}

/* The header's columns as fields: map[i] = field of column i. 0, or -1 +
 * err naming the column. */
static int
map_header(const char *path, const struct csv_row *h, int *map, char *err,
    size_t errlen)
{
	char	*norm, *name;
	size_t	 i, j;
	int	 f;

	for (i = 0; i < h->nfields; i++) {
		norm = col_normalize(h->fields[i]);
		for (f = 0; f < UD_FIELDS; f++) {
			name = col_normalize(ud_rules[f].name);
			j = strcmp(name, norm);
			free(name);
			if (j == 0)
				break;
		}
		free(norm);
		if (f == UD_FIELDS) {
			snprintf(err, errlen, "%s: column %zu (%s): not a "
			    "registrant field (first_name, last_name, "
			    "company_name, job_title, address, city, state, "
			    "country, postal_code, phone_zone, phone_number, "
			    "register_email)", path, i + 1, h->fields[i]);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (map[j] == f) {
				snprintf(err, errlen, "%s: columns %zu and %zu "
				    "both name %s", path, j + 1, i + 1,
				    ud_rules[f].name);
				return -1;
			}
		map[i] = f;
	}
	return 0;
}

/* One value against its field's rules: 0, or -1 + why. */
static int
check_value(int f, const char *v, char *why, size_t whylen)
{
	const struct ud_rule	*r = &ud_rules[f];
	struct buf		 out = BUF_INIT;
	int			 rc = 0;

	switch (ud_check(f, v)) {
	case UD_TOO_SHORT:
		snprintf(why, whylen, "must be at least %zu characters",
		    r->min);
		return -1;
	case UD_TOO_LONG:
		snprintf(why, whylen, "must be at most %zu characters", r->max);
		return -1;
	case UD_PATTERN:
		snprintf(why, whylen, "must be %s (pattern %s)", r->hint,
		    r->pattern_doc);
		return -1;
	case UD_OK:
		break;
	}
	if (r->email && (rc = rule_email(v, &out, why, whylen)) == 0)
		why[0] = '\0';
	buf_free(&out);
	return rc;
}

/* The one data row into rv, every value checked. 0, or the exit code
 * after err. */
static int
read_row(const char *path, struct csv_reader *r, const int *map,
    struct reg_values *rv, char *err, size_t errlen)
{
	struct csv_row	*row;
	const char	*v;
	char		 why[256];
	size_t		 i;
	int		 rc;

	if ((rc = csv_reader_next(r, &row, err, errlen)) <= 0) {
		if (rc == 0)
			snprintf(err, errlen, "%s: no data row (the registrant "
			    "is one row under the header)", path);
		return EXIT_DATA;
	}
	rv->line = row->line;
	if (row->error != NULL) {
		snprintf(err, errlen, "%s: row 1 (line %ld): %s", path,
		    row->line, row->error);
		return EXIT_DATA;
	}
	for (i = 0; i < row->nfields && i < csv_reader_header(r)->nfields;
	    i++) {
		v = row->fields[i];
		/* the formula guard -o writes ('+1 for +1) is taken off */
		if (v[0] == '\'' && v[1] != '\0' && strchr("=+-@", v[1]))
			v++;
		if (*v == '\0')
			continue;	/* not sent */
		if (check_value(map[i], v, why, sizeof why) < 0) {
			snprintf(err, errlen, "%s: row 1 (line %ld), column %zu "
			    "(%s): %s", path, row->line, i + 1,
			    ud_rules[map[i]].name, why);
			return EXIT_DATA;
		}
		rv->val[map[i]] = xstrdup(v);
		rv->col[map[i]] = i + 1;
	}
	if ((rc = csv_reader_next(r, &row, err, errlen)) != 0) {
		if (rc > 0)
			snprintf(err, errlen, "%s: line %ld: a second row; the "
			    "registrant is one row", path, row->line);
		return EXIT_DATA;
	}
	return 0;
}

/* FILE into rv: 0, or the exit code after a message. */
static int
read_file(const char *path, char delim, struct reg_values *rv)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	char			 err[1024];
	int			*map, rc;

	if ((r = csv_reader_open(path, delim, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return csv_input_openable(path) ? EXIT_DATA : EXIT_NOINPUT;
	}
	h = csv_reader_header(r);
	map = xcalloc(h->nfields + 1, sizeof *map);
	if ((rc = map_header(path, h, map, err, sizeof err)) == 0)
		rc = read_row(path, r, map, rv, err, sizeof err);
	else
		rc = EXIT_DATA;
	if (rc != 0)
		log_error("%s", err);
	free(map);
	csv_reader_close(r);
	return rc;
}

/* The stored data (a UserData object) as "field  value" lines, or as a
 * one-row CSV of the fields `set` reads (-o). 0, or -1 + err. */
static int
show(struct app *app, const struct json_doc *d, char *err, size_t errlen)
{
	struct csv_writer	*out;
	const char		*names[UD_FIELDS];
	char			*vals[UD_FIELDS];
	int			 i, rc = 0;

	for (i = 0; i < UD_FIELDS; i++) {
		names[i] = ud_rules[i].name;
		vals[i] = json_get_str(d, 0, names[i]);
		if (vals[i] == NULL)
			vals[i] = xstrdup("");
	}
	if (app->output == NULL) {
		for (i = 0; i < UD_FIELDS; i++)
			printf("%-15s %s\n", names[i], vals[i]);
	} else if ((out = csv_writer_open(app->output, ',', CSV_OUT_SECRET |
	    (app->raw ? CSV_OUT_RAW : 0) | (app->excel ? CSV_OUT_EXCEL : 0),
	    err, errlen)) == NULL)
		rc = -1;
	else if (csv_writer_row(out, names, UD_FIELDS, err, errlen) < 0 ||
	    csv_writer_row(out, (const char *const *)vals, UD_FIELDS, err,
	    errlen) < 0) {
		csv_writer_abort(out);
		rc = -1;
	} else
		rc = csv_writer_commit(out, err, errlen);
	for (i = 0; i < UD_FIELDS; i++)
		free(vals[i]);
	return rc;
}

/* GET /v1/user/data: the document (its root null: none), or NULL after
 * a message. */
static struct json_doc *
get_data(struct pctx *p)
{
	struct json_doc	*d;
	char		 err[1024];

	if ((d = pctx_get_json(p, UD_PATH, err, sizeof err)) == NULL)
		log_error("%s", err);
	return d;
}

static int
show_cmd(struct app *app, struct pctx *p)
{
	struct json_doc	*d = get_data(p);
	char		 err[1024];
	int		 rc = EXIT_OK;

	if (d == NULL)
		return EXIT_ABORTED;
	if (json_type(d, 0) != JSON_OBJECT) {
		log_error("the Maildoso account has no registrant data; set it "
		    "with 'mailfleet registrant set FILE'");
		rc = EXIT_ROWS;
	} else if (show(app, d, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_IO;
	}
	json_free(d);
	return rc;
}

/* The body: the given fields. A POST needs the required ones: 0, or
 * EXIT_DATA after a message naming the missing. */
static int
make_body(const char *path, const struct reg_values *rv, int post,
    struct buf *body)
{
	struct buf	missing = BUF_INIT;
	int		i;

	for (i = 0; i < UD_FIELDS; i++) {
		if (post && ud_rules[i].required && rv->val[i] == NULL)
			buf_printf(&missing, "%s%s", missing.len ? ", " : "",
			    ud_rules[i].name);
		if (rv->val[i] == NULL)
			continue;
		buf_puts(body, body->len ? "," : "{");
		json_put_str(body, ud_rules[i].name);
		buf_putc(body, ':');
		json_put_str(body, rv->val[i]);
	}
	buf_puts(body, body->len ? "}" : "{}");
	if (missing.len > 0) {
		log_error("%s: the account has no registrant data yet, and "
		    "creating it needs company_name, job_title and country "
		    "(missing: %s); nothing was sent", path, missing.data);
		buf_free(&missing);
		return EXIT_DATA;
	}
	return 0;
}

/* POST or PATCH the body, then show what Maildoso stored. */
static int
write_data(struct app *app, struct pctx *p, int post, const char *body)
{
	struct buf	 why = BUF_INIT;
	struct json_doc	*d;
	char		 err[1024];
	int		 rc = EXIT_ABORTED;

	if (pctx_request(p, post ? HTTP_POST : HTTP_PATCH, UD_PATH, body) < 0 ||
	    p->resp.status / 100 != 2) {
		provider_error_text(&p->resp, &why);
		log_error("Maildoso %s %s: %s%s", post ? "POST" : "PATCH",
		    UD_PATH, buf_cstr(&why), p->resp.status == 0 ? " (the "
		    "answer was lost: 'mailfleet registrant' shows what "
		    "Maildoso has)" : "");
	} else if ((d = pctx_parse(p)) == NULL ||
	    json_type(d, 0) != JSON_OBJECT) {
		log_error("registrant data %s, but the answer cannot be read; "
		    "'mailfleet registrant' shows it", post ? "created" :
		    "updated");
		json_free(d);
	} else {
		log_info("registrant data %s (%s %s)", post ? "created" :
		    "updated", post ? "POST" : "PATCH", UD_PATH);
		rc = show(app, d, err, sizeof err) < 0 ? EXIT_IO : EXIT_OK;
		if (rc != EXIT_OK)
			log_error("%s", err);
		json_free(d);
	}
	buf_free(&why);
	return rc;
}

static int
set_cmd(struct app *app, struct pctx *p, const char *path, int dry_run)
{
	struct reg_values	 rv;
	struct buf		 body = BUF_INIT;
	struct json_doc		*d;
	int			 rc, post;

	memset(&rv, 0, sizeof rv);
	if ((rc = read_file(path, app->delimiter, &rv)) != 0)
		goto out;
	rc = EXIT_ABORTED;
	if ((d = get_data(p)) == NULL)
		goto out;
	post = json_type(d, 0) != JSON_OBJECT;
	json_free(d);
	if ((rc = make_body(path, &rv, post, &body)) != 0)
		goto out;
	if (dry_run) {
		printf("would %s %s: %s\n", post ? "POST" : "PATCH", UD_PATH,
		    body.data);
		rc = EXIT_OK;
	} else
		rc = write_data(app, p, post, body.data);
out:
	buf_free(&body);
	values_free(&rv);
	return rc;
}

static int
run(struct app *app, int argc, char **argv)
{
	const struct provider	*prov;
	struct reg_opts		 o;
	struct job		 job;
	struct pctx		 p;
	char			 err[1024];
	int			 rc, set;

	memset(&o, 0, sizeof o);
	if ((rc = opts_parse(&cmd_registrant, app, &o, argc, argv)) >= 0)
		return rc;
	set = argc - optind == 2 && strcmp(argv[optind], "set") == 0;
	if (argc - optind != 0 && !set)
		return cmd_usage_error(&cmd_registrant, "takes nothing, or "
		    "set FILE");
	if (o.dry_run && !set)
		return cmd_usage_error(&cmd_registrant, "--dry-run is for "
		    "set FILE");
	if (strcmp(app->provider, "maildoso") != 0 &&
	    (prov = provider_find(app->provider)) != NULL) {
		log_error("%s keeps no registrant data: it registers no "
		    "domains", prov->title);
		return EXIT_USAGE;
	}
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	rc = set ? set_cmd(app, &p, argv[optind + 1], o.dry_run) :
	    show_cmd(app, &p);
	session_close(&job, &p);
	return rc;
}

static const struct opt_spec registrant_own[] = {
	{ .name = "dry-run", .type = OPT_FLAG,
	  .help = "set: check FILE and say what would be sent, send nothing",
	  OPT_AT(struct reg_opts, dry_run) },
	OPT_END
};
static const struct opt_spec *const registrant_options[] = { registrant_own,
	NULL };
static const char *const registrant_kinds[] = { "set", NULL };

const struct command cmd_registrant = {
	.name = "registrant",
	.summary = "show or set the registrant data Maildoso needs to buy "
	    "domains",
	.args = "[set FILE]",
	.about =
	    "Without arguments, prints the account's registrant data (GET\n"
	    "/v1/user/data), one field a line, or with -o FILE as a one-row\n"
	    "CSV (mode 0600) that 'set' reads back; exit 2 when there is\n"
	    "none. 'set FILE' reads a one-row CSV whose columns are the\n"
	    "fields first_name, last_name, company_name, job_title, address,\n"
	    "city, state, country (ISO code, e.g. US), postal_code,\n"
	    "phone_zone (e.g. +1), phone_number (digits), register_email,\n"
	    "checks them offline (errors name file, row and column; exit 65)\n"
	    "and creates the data (POST: company_name, job_title and country\n"
	    "needed) or changes the given fields (PATCH); empty cells are\n"
	    "not sent, and a leading ' before = + - @ (the formula guard -o\n"
	    "writes) is taken off. Two requests. 'import domains' stops before buying\n"
	    "when the account has none.\n",
	.opts = registrant_options,
	.kinds = registrant_kinds,
	.run = run
};
