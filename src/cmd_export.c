/*
 * cmd_export.c - `mailfleet export KIND`: a provider's listing as CSV or
 * JSON lines, streamed page by page in constant memory; or, with --from,
 * the result CSV of `import accounts` converted to a sequencer's format
 * without any API call.
 *
 * The pages come through export_pager_run() (fetched ahead in parallel
 * when the listing's size is known); the rows are made by export_format.c
 * and filtered by export_filter.c; this file parses the options, opens the
 * output and writes the rows in order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "export.h"
#include "iopaths.h"
#include "job.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "progress.h"
#include "provider.h"
#include "validate.h"
#include "xmalloc.h"

extern const struct command cmd_export;

#define DEFAULT_PAGE	500
#define DEFAULT_JOBS	1

/* JSON lines go through a temporary file renamed into place, as CSV. */
struct jl_out {
	FILE			*fp;
	struct afile	*af;	/* the file, or standard output */
};

struct ex {
	struct app		*app;
	enum export_kind	 kind;
	enum export_format	 fmt;
	const char		*provider;
	struct export_filter	 filter;
	struct export_extra	 extra;
	struct export_raw	 raw;
	const char		*columns;	/* --columns */
	const char		*path;		/* output */
	int			 details;	/* --details */

	const char *const	*header;
	size_t			 nheader;
	size_t			*pick;		/* output column -> header */
	size_t			 npick;
	const char		**cells, **outcells;
	size_t			*lens, *outlens;

	struct csv_writer	*csv;
	struct jl_out		 jl;
	int			 secret;
	int			 fail;		/* exit code of a failed step */
	long			 rows;
	struct export_pager	*pager;		/* NULL with --from */
	struct progress		 prog;
};

static int
jl_open(struct jl_out *o, const char *path, int secret, char *err,
    size_t errlen)
{
	memset(o, 0, sizeof *o);
	if ((o->af = afile_open(path, secret ? 0600 : 0644, err, errlen)) ==
	    NULL)
		return -1;
	o->fp = afile_stream(o->af);
	return 0;
}

static void
jl_close(struct jl_out *o)
{
	afile_abort(o->af);
	memset(o, 0, sizeof *o);
}

static int
jl_commit(struct jl_out *o, char *err, size_t errlen)
{
	int	rc = afile_commit(o->af, err, errlen);

	memset(o, 0, sizeof *o);
	return rc;
}

/* Kinds whose objects hold passwords or API keys. */
static int
secret_kind(enum export_kind k)
{
	return k != EXPORT_DOMAINS && k != EXPORT_SENDER_ACCOUNTS;
}

static int
convert(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct ex		*ex = arg;
	struct export_creds	 c;
	struct buf		 store = BUF_INIT;

	if (!export_filter_match(&ex->filter, ex->kind, d, obj))
		return 0;
	switch (ex->fmt) {
	case EXPORT_RAW:
		export_raw_record(&ex->raw, d, obj, page);
		break;
	case EXPORT_JSONL:
		export_jsonl_record(d, obj, page);
		break;
	default:
		export_creds_from_json(d, obj, &c, &store);
		export_seq_record(ex->fmt, &ex->extra, &c, page);
		buf_free(&store);
	}
	return 0;
}

/* The header is known: pick the columns, open the output, write it. */
static int
start_output(void *arg, char *err, size_t errlen)
{
	struct ex	*ex = arg;
	size_t		 i;
	int		 flags;

	if (ex->fmt == EXPORT_RAW) {
		ex->raw.frozen = 1;
		ex->header = (const char *const *)ex->raw.names;
		ex->nheader = ex->raw.n;
	} else if (ex->fmt != EXPORT_JSONL)
		ex->nheader = export_seq_header(ex->fmt, &ex->extra,
		    &ex->header);
	else
		ex->nheader = 1;
	if (ex->columns != NULL) {
		long	n = export_pick_columns(ex->columns, ex->header,
		    ex->nheader, &ex->pick, err, errlen);

		if (n < 0) {
			ex->fail = EXIT_USAGE;
			return -1;
		}
		ex->npick = (size_t)n;
	} else {
		ex->npick = ex->nheader;
		ex->pick = xcalloc(ex->npick, sizeof *ex->pick);
		for (i = 0; i < ex->npick; i++)
			ex->pick[i] = i;
	}
	ex->cells = xcalloc(ex->nheader, sizeof *ex->cells);
	ex->lens = xcalloc(ex->nheader, sizeof *ex->lens);
	ex->outcells = xcalloc(ex->npick, sizeof *ex->outcells);
	ex->outlens = xcalloc(ex->npick, sizeof *ex->outlens);
	ex->fail = EXIT_IO;		/* from here on, output trouble */
	if (ex->fmt == EXPORT_JSONL) {
		ex->secret = secret_kind(ex->kind);
		return jl_open(&ex->jl, ex->path, ex->secret, err, errlen);
	}
	for (i = 0; i < ex->npick; i++)
		ex->secret |= export_secret_column(ex->header[ex->pick[i]]);
	flags = (ex->secret ? CSV_OUT_SECRET : 0) |
	    (ex->app->raw ? CSV_OUT_RAW : 0) |
	    (ex->app->excel ? CSV_OUT_EXCEL : 0);
	if ((ex->csv = csv_writer_open(ex->path, ',', flags, err, errlen)) ==
	    NULL)
		return -1;
	for (i = 0; i < ex->npick; i++)
		ex->outcells[i] = ex->header[ex->pick[i]];
	if (csv_writer_row(ex->csv, ex->outcells, ex->npick, err, errlen) < 0)
		return -1;
	ex->fail = 0;
	return 0;
}

/* Objects listed of the listing's size (when it tells), rows written;
 * final: the last line. Only for listings from the API. */
static void
export_progress(struct ex *ex, int final)
{
	char	extra[64];
	long	objects;

	if (ex->pager == NULL || !ex->prog.on)
		return;
	objects = __atomic_load_n(&ex->pager->objects, __ATOMIC_RELAXED);
	snprintf(extra, sizeof extra, "rows %ld  pages %ld", ex->rows,
	    __atomic_load_n(&ex->pager->pages, __ATOMIC_RELAXED));
	progress_show(&ex->prog, objects, ex->pager->total, extra, final);
}

static int
emit(void *arg, const struct buf *page, char *err, size_t errlen)
{
	struct ex	*ex = arg;
	size_t		 pos = 0, i;

	while (export_rec_next(page, &pos, ex->cells, ex->lens,
	    ex->nheader)) {
		ex->rows++;
		if (ex->fmt == EXPORT_JSONL) {
			fwrite(ex->cells[0], 1, ex->lens[0], ex->jl.fp);
			if (putc('\n', ex->jl.fp) == EOF) {
				snprintf(err, errlen, "cannot write %s: %s",
				    ex->path, strerror(errno));
				ex->fail = EXIT_IO;
				return -1;
			}
			continue;
		}
		for (i = 0; i < ex->npick; i++) {
			ex->outcells[i] = ex->cells[ex->pick[i]];
			ex->outlens[i] = ex->lens[ex->pick[i]];
		}
		if (csv_writer_rowl(ex->csv, ex->outcells, ex->outlens,
		    ex->npick, err, errlen) < 0) {
			ex->fail = EXIT_IO;
			return -1;
		}
	}
	export_progress(ex, 0);
	return 0;
}

static int
finish_output(struct ex *ex, int ok, char *err, size_t errlen)
{
	if (ex->csv != NULL) {
		struct csv_writer	*w = ex->csv;

		ex->csv = NULL;
		if (!ok) {
			csv_writer_abort(w);
			return -1;
		}
		return csv_writer_commit(w, err, errlen);
	}
	if (ex->jl.fp != NULL) {
		if (!ok) {
			jl_close(&ex->jl);
			return -1;
		}
		return jl_commit(&ex->jl, err, errlen);
	}
	return ok ? 0 : -1;
}

/* The rightmost column named `want` or `want_<digits>`: the result's own
 * column (result columns that clash with input ones get a suffix). */
static size_t
result_col(const struct csv_row *h, const char *want)
{
	size_t	i, n = strlen(want), k;

	for (i = h->nfields; i-- > 0;) {
		const char	*f = h->fields[i];

		if (strncmp(f, want, n) != 0)
			continue;
		if (f[n] == '\0')
			return i;
		if (f[n] != '_' || f[n + 1] == '\0')
			continue;
		for (k = n + 1; f[k] >= '0' && f[k] <= '9'; k++)
			;
		if (f[k] == '\0')
			return i;
	}
	return COL_NONE;
}

static const char *
field(const struct csv_row *row, size_t col)
{
	return col != COL_NONE && col < row->nfields ? row->fields[col] : NULL;
}

/* Opens --from's file, with the validator that finds each row's address
 * and normalises it as import did (the account the provider has, not the
 * input's spelling), and the columns of want[] (COL_NONE when absent):
 * 0, or an exit code with err. */
static int
open_result(const char *from, char delim, struct csv_reader **rp,
    struct validator *v, size_t *col, char *err, size_t errlen)
{
	static const char *const want[] = { "password", "smtp_host",
	    "smtp_port", "imap_host", "imap_port", "status" };
	const struct csv_row	*h;
	char			 why[512];
	size_t			 i;

	if ((*rp = csv_reader_open(from, delim, err, errlen)) == NULL)
		return csv_input_openable(from) ? EXIT_DATA : EXIT_NOINPUT;
	h = csv_reader_header(*rp);
	for (i = 0; i < 6; i++)
		col[i] = result_col(h, want[i]);
	if (validator_init(v, KIND_ACCOUNTS, 0, (const char *const *)
	    h->fields, h->nfields, why, sizeof why) == 0 && col[0] != COL_NONE)
		return 0;
	snprintf(err, errlen, "%s: %s (--from takes the result CSV of "
	    "'import accounts')", from, col[0] == COL_NONE ?
	    "no password column" : why);
	validator_free(v);
	csv_reader_close(*rp);
	return EXIT_DATA;
}

/* --from RESULT.csv: rows that were created (or existed) become sequencer
 * rows; nothing is asked of the API. */
static int
convert_file(struct ex *ex, const char *from, char *err, size_t errlen)
{
	struct csv_reader	*r;
	struct csv_row		*row;
	struct validator	 v;
	struct record		 a;
	struct export_creds	 c;
	struct buf		 rec = BUF_INIT;
	size_t			 col[6];
	const char		*st;
	long			 skipped = 0;
	int			 rc;

	if ((rc = open_result(from, ex->app->delimiter, &r, &v, col, err,
	    errlen)) != 0)
		return rc;
	if (start_output(ex, err, errlen) < 0) {
		validator_free(&v);
		csv_reader_close(r);
		finish_output(ex, 0, NULL, 0);
		return ex->fail;
	}
	record_init(&a);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		st = field(row, col[5]);
		if (row->error != NULL || (st != NULL && strcmp(st,
		    "created") != 0 && strcmp(st, "exists") != 0 &&
		    strcmp(st, "updated") != 0) ||
		    validator_address(&v, row, &a) < 0) {
			skipped++;
			continue;
		}
		memset(&c, 0, sizeof c);
		c.email = buf_cstr(&a.email);
		c.first_name = field(row, v.map.idx[COL_FIRST_NAME]);
		c.last_name = field(row, v.map.idx[COL_LAST_NAME]);
		c.password = field(row, col[0]);
		c.smtp_host = field(row, col[1]);
		c.smtp_port = field(row, col[2]);
		c.imap_host = field(row, col[3]);
		c.imap_port = field(row, col[4]);
		buf_reset(&rec);
		export_seq_record(ex->fmt, &ex->extra, &c, &rec);
		if (emit(ex, &rec, err, errlen) < 0) {
			rc = -1;
			break;
		}
	}
	explicit_bzero(rec.data, rec.len);
	buf_free(&rec);
	record_free(&a);
	validator_free(&v);
	csv_reader_close(r);
	if (rc < 0) {
		finish_output(ex, 0, NULL, 0);
		return EXIT_IO;
	}
	if (finish_output(ex, 1, err, errlen) < 0)
		return EXIT_IO;
	log_info("export: %ld accounts converted from %s", ex->rows, from);
	if (skipped > 0)
		log_info("export: %ld rows left out (not created, or broken)",
		    skipped);
	return EXIT_OK;
}

static int
from_api(struct ex *ex, const char *rate, long page_size, int jobs,
    char *err, size_t errlen)
{
	struct export_pager	 pg;
	struct job		 job;
	struct pctx		 p;
	struct buf		 query = BUF_INIT;
	int			 rc;

	if ((rc = session_begin(ex->app, rate, &job, &p, err, errlen)) != 0) {
		session_close(&job, &p);
		return rc;
	}
	if (job.prov->list_page == NULL || job.prov->list_query == NULL) {
		snprintf(err, errlen, "export is not supported by this "
		    "provider (%s)", job.prov->name);
		session_close(&job, &p);
		return EXIT_USAGE;
	}
	if (ex->details && !(job.prov->detail_kinds & (1u << ex->kind))) {
		snprintf(err, errlen, "--details: %s has no detail to read "
		    "for each of its %s (only ColdSend domains)",
		    job.prov->title, export_kind_name(ex->kind));
		session_close(&job, &p);
		return EXIT_USAGE;
	}
	if ((rc = session_connect(&job, &p, err, errlen)) != 0) {
		session_close(&job, &p);
		return rc;
	}
	if (job.prov->list_query(&p, ex->kind, &ex->filter, &query, err,
	    errlen) < 0) {
		buf_free(&query);
		/* Refused before any request, or a name not found: usage. */
		rc = atomic_load(&job.requests) == 0 || p.resp.status == 200 ?
		    EXIT_USAGE : EXIT_ABORTED;
		session_close(&job, &p);
		return rc;
	}
	memset(&pg, 0, sizeof pg);
	pg.p = &p;
	pg.kind = (int)ex->kind | (ex->details ? EXPORT_DETAILS : 0);
	pg.query = buf_cstr(&query);
	pg.limit = page_size < job.prov->list_page_max ? page_size :
	    job.prov->list_page_max;
	pg.workers = jobs;
	pg.window = 2 * jobs;
	pg.convert = convert;
	pg.after_first = start_output;
	pg.emit = emit;
	pg.arg = ex;
	ex->pager = &pg;
	progress_init(&ex->prog, ex->app, export_kind_name(ex->kind));
	rc = export_pager_run(&pg, err, errlen);
	export_progress(ex, 1);
	ex->pager = NULL;
	if (rc < 0) {
		finish_output(ex, 0, NULL, 0);
		rc = ex->fail ? ex->fail : EXIT_ABORTED;
	} else if (finish_output(ex, 1, err, errlen) < 0)
		rc = EXIT_IO;
	else {
		log_info("export %s: %ld rows (%ld objects listed, %ld pages)",
		    export_kind_name(ex->kind), ex->rows, pg.objects,
		    pg.pages);
		if (atomic_load(&ex->raw.dropped) > 0)
			log_warn("export: %lu fields appeared after the header "
			    "was written and were left out",
			    atomic_load(&ex->raw.dropped));
		rc = EXIT_OK;
	}
	buf_free(&query);
	session_close(&job, &p);
	return rc;
}

/* "a,b" -> a list of copies. */
static void
split_list(const char *s, char ***out, size_t *n)
{
	const char	*e;

	for (;;) {
		e = strchr(s, ',');
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrndup(s, e ? (size_t)(e - s) : strlen(s));
		if (e == NULL)
			return;
		s = e + 1;
	}
}

/* --from and --ids are read, -o written: -1 to go on, else the exit code. */
static int
distinct_paths(const char *from, const char *ids, const char *out)
{
	const struct io_path	p[3] = { { "--from", from, 1 },
				    { "--ids", ids, 1 },
				    { "the output", out, 0 } };
	char			err[2048];

	if (io_paths_distinct(p, 3, err, sizeof err) == 0)
		return -1;
	log_error("%s", err);
	return EXIT_USAGE;
}

/* What the options said (the tables below store here). */
struct export_opts {
	int		 format;	/* enum export_format */
	const char	*columns, *status, *domain, *keyword, *provider;
	const char	*since, *until, *ids, *from, *daily_limit, *warmup;
	const char	*rate;
	long		 page_size;
	int		 jobs;
	int		 details;	/* --details */
};

static int
check_warmup(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	struct export_extra	x;

	(void)ctx;
	(void)s;
	memset(&x, 0, sizeof x);
	if (export_warmup_parse(&x, arg) == 0)
		return 0;
	buf_printf(why, "--warmup must be off, on or LIMIT[,INCREMENT] (not "
	    "\"%s\")", arg);
	return -1;
}

static const char *const account_providers[] = { "maildoso", "google",
	"coldsend", NULL };

#define EO(m)	OPT_AT(struct export_opts, m)
static const struct opt_spec export_own[] = {
	{ .name = "format", .type = OPT_ENUM, .values = export_format_names,
	  .def = "raw", .help = "raw: every field, nested objects flattened, "
	  "lists ';'-joined; maildoso, instantly, smartlead, generic: a "
	  "sequencer's bulk-upload CSV (accounts); jsonl: one provider object "
	  "per line", EO(format) },
	{ .name = "columns", .type = OPT_STRING, .arg = "a,b,c",
	  .help = "these columns, in this order", EO(columns) },
	{ .name = "status", .type = OPT_STRING, .arg = "S[,S]",
	  .help = "filter: any of these statuses", EO(status) },
	{ .name = "domain", .type = OPT_STRING, .arg = "D",
	  .help = "filter: on this domain", EO(domain) },
	{ .name = "keyword", .type = OPT_STRING, .arg = "K",
	  .help = "filter: containing K", EO(keyword) },
	{ .name = "provider", .type = OPT_ENUM, .values = account_providers,
	  .help = "filter accounts by their provider; coldsend: the API (put "
	  "--provider before the command to choose the API)", EO(provider) },
	{ .name = "created-since", .type = OPT_DATE,
	  .help = "filter: created on or after", EO(since) },
	{ .name = "created-until", .type = OPT_DATE,
	  .help = "filter: created on or before", EO(until) },
	{ .name = "ids", .type = OPT_PATH,
	  .help = "filter: a CSV with an id, email or domain column", EO(ids) },
	{ .name = "daily-limit", .type = OPT_INT, .min = 1, .max = 100000,
	  .help = "the daily limit column (instantly, smartlead)",
	  EO(daily_limit) },
	{ .name = "warmup", .type = OPT_STRING, .arg = "off|on|L[,I]",
	  .help = "the warm-up columns (instantly, smartlead)", EO(warmup),
	  .set = check_warmup },
	{ .name = "from", .type = OPT_PATH, .arg = "RESULT.csv",
	  .help = "convert the result of 'import accounts' (rows created or "
	  "existing) without any API call", EO(from) },
	{ .name = "page-size", .type = OPT_INT, .min = 1, .max = 10000,
	  .def = OPT_NUM(DEFAULT_PAGE),
	  .help = "objects per request (ColdSend: at most 100)",
	  EO(page_size) },
	{ .name = "jobs", .letter = 'j', .type = OPT_INT, .min = 1, .max = 64,
	  .def = OPT_NUM(DEFAULT_JOBS), .help = "pages fetched in parallel",
	  EO(jobs) },
	{ .name = "rate", .type = OPT_RATE,
	  .help = "requests per time (default: the provider's)", EO(rate) },
	{ .name = "details", .type = OPT_FLAG,
	  .help = "ColdSend domains: each domain's DNS records and inbox "
	  "capacity too, from one request a domain (GET /domains/{id})",
	  EO(details) },
	OPT_END
};
#undef EO

static const struct opt_spec *const export_options[] = { export_own, NULL };

/* The checks between options: -1 to go on, else the exit code. */
static int
check_combination(const struct ex *ex, const char *from)
{
	if (ex->fmt != EXPORT_RAW && ex->fmt != EXPORT_JSONL &&
	    ex->kind != EXPORT_ACCOUNTS)
		return cmd_usage_error(&cmd_export, "--format %s is for "
		    "accounts (ColdSend never returns inbox credentials)",
		    export_format_name(ex->fmt));
	if (ex->fmt == EXPORT_JSONL && ex->columns != NULL)
		return cmd_usage_error(&cmd_export, "--columns picks CSV "
		    "columns; jsonl writes whole objects");
	if ((ex->extra.daily_limit != NULL || ex->extra.warmup >= 0) &&
	    (ex->fmt == EXPORT_RAW || ex->fmt == EXPORT_JSONL ||
	    ex->fmt == EXPORT_MAILDOSO || ex->fmt == EXPORT_GENERIC))
		return cmd_usage_error(&cmd_export, "--daily-limit and "
		    "--warmup fill columns of --format instantly or smartlead");
	if (from != NULL && (ex->fmt == EXPORT_RAW || ex->fmt ==
	    EXPORT_JSONL || ex->kind != EXPORT_ACCOUNTS))
		return cmd_usage_error(&cmd_export, "--from converts a result "
		    "CSV of accounts to a sequencer --format");
	return -1;
}

/* The options' values into ex, and the checks between them: -1 to go
 * on, else the exit code. *domain: a lower-case copy, for the caller to
 * free. */
static int
setup(struct ex *ex, const struct export_opts *o, const char *kind,
    char **domain)
{
	size_t	i;

	if (kind == NULL || export_kind_parse(kind) < 0)
		return cmd_usage_error(&cmd_export, "export KIND: accounts, "
		    "domains, forwarding, warmups, sequencers or "
		    "sender-accounts");
	ex->kind = (enum export_kind)export_kind_parse(kind);
	ex->fmt = (enum export_format)o->format;
	ex->columns = o->columns;
	ex->details = o->details;
	if (o->status != NULL)
		split_list(o->status, &ex->filter.status, &ex->filter.nstatus);
	if (o->domain != NULL) {
		*domain = xstrdup(o->domain);
		for (i = 0; (*domain)[i] != '\0'; i++)
			if ((*domain)[i] >= 'A' && (*domain)[i] <= 'Z')
				(*domain)[i] = (char)((*domain)[i] + 32);
		ex->filter.domain = *domain;
	}
	ex->filter.keyword = o->keyword;
	if (o->provider != NULL && strcmp(o->provider, "coldsend") == 0)
		ex->app->provider = "coldsend";
	else
		ex->filter.provider = o->provider;
	ex->filter.since = o->since;
	ex->filter.until = o->until;
	ex->extra.daily_limit = o->daily_limit;
	if (o->warmup != NULL)
		export_warmup_parse(&ex->extra, o->warmup);	/* checked */
	return check_combination(ex, o->from);
}

static int
run(struct app *app, int argc, char **argv)
{
	struct export_opts	 o;
	struct ex		 ex;
	char			 err[1024], *domain = NULL;
	int			 rc;

	memset(&o, 0, sizeof o);
	memset(&ex, 0, sizeof ex);
	ex.app = app;
	ex.extra.warmup = -1;
	if ((rc = opts_parse(&cmd_export, app, &o, argc, argv)) >= 0 ||
	    (rc = setup(&ex, &o, argc - optind == 1 ? argv[optind] : NULL,
	    &domain)) >= 0)
		goto out;
	ex.path = app->output ? app->output : "-";
	if ((rc = distinct_paths(o.from, o.ids, ex.path)) >= 0)
		goto out;
	if (o.from != NULL) {
		if ((rc = convert_file(&ex, o.from, err, sizeof err)) !=
		    EXIT_OK)
			log_error("%s", err);
		goto out;
	}
	if (o.ids != NULL && export_filter_load_ids(&ex.filter, o.ids,
	    app->delimiter, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = csv_input_openable(o.ids) ? EXIT_DATA : EXIT_NOINPUT;
		goto out;
	}
	ex.provider = app->provider;
	export_raw_init(&ex.raw, export_raw_seed(ex.kind, app->provider));
	if ((rc = from_api(&ex, o.rate, o.page_size, o.jobs, err,
	    sizeof err)) != EXIT_OK)
		log_error("%s", err);
	export_raw_free(&ex.raw);
out:
	free(domain);
	free(ex.pick);
	free(ex.cells);
	free(ex.lens);
	free(ex.outcells);
	free(ex.outlens);
	export_filter_free(&ex.filter);
	return rc;
}

const struct command cmd_export = {
	.name = "export",
	.summary = "write a listing (accounts, domains...) as CSV or JSON lines",
	.args = "KIND",
	.about =
	    "KIND: accounts, domains, forwarding, warmups, sequencers\n"
	    "(Maildoso); domains, sender-accounts (ColdSend). Pages through\n"
	    "the listing and streams the rows (-o; default: standard\n"
	    "output); the filters go as the listing's query parameters where\n"
	    "it has them. 'mailfleet export accounts --from RESULT.csv\n"
	    "--format F' converts a result without any API call.\n"
	    "Files holding passwords or API keys are created mode 0600.\n",
	.opts = export_options,
	.kinds = export_kind_names,
	.run = run
};
