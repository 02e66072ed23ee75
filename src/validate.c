/*
 * validate.c - the validator stage: offline checks of whole rows.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "csv_in.h"
#include "dupscan.h"
#include "log.h"
#include "rules.h"
#include "validate.h"

#define FORWARDING_DOMAIN	"maildoso.email"

/* Which columns a kind needs: all of `need`, or all of `alt` instead. */
struct required {
	int	need[3];
	int	alt[3];
};

static const struct required required[KIND__COUNT] = {
	[KIND_DOMAINS] = { { COL_DOMAIN, -1 }, { -1 } },
	[KIND_EXTERNAL_DOMAINS] = { { COL_DOMAIN, -1 }, { -1 } },
	[KIND_ACCOUNTS] = { { COL_EMAIL, -1 }, { COL_LOCAL, COL_DOMAIN, -1 } },
	[KIND_FORWARDING] = { { COL_EMAIL, -1 }, { -1 } },
	[KIND_SENDER_ACCOUNTS] = { { COL_EMAIL, -1 },
	    { COL_LOCAL, COL_DOMAIN, -1 } },
	[KIND_WARMUPS] = { { COL_SYSTEM_ID, -1 }, { -1 } },
	[KIND_SEQUENCERS] = { { COL_PLATFORM, COL_SEQ_LOGIN,
	    COL_SEQ_PASSWORD }, { -1 } },
	[KIND_SMTP_ACCOUNTS] = { { COL_EMAIL, -1 },
	    { COL_LOCAL, COL_DOMAIN, -1 } },
};

/* The column naming a row's object by id: warmups take warmup_id (or
 * id), the rest id. */
static enum col
id_col(const struct validator *v)
{
	return v->kind == KIND_WARMUPS && v->map.idx[COL_WARMUP_ID] !=
	    COL_NONE ? COL_WARMUP_ID : COL_ID;
}

static int
has_all(const struct colmap *m, const int *cols)
{
	int	i;

	if (cols[0] < 0)
		return 0;
	for (i = 0; i < 3 && cols[i] >= 0; i++)
		if (m->idx[cols[i]] == COL_NONE)
			return 0;
	return 1;
}

static void
describe(struct buf *b, const int *cols)
{
	int	i;

	for (i = 0; i < 3 && cols[i] >= 0; i++)
		buf_printf(b, "%s%s", i ? " + " : "", col_name(cols[i]));
}

int
validator_init(struct validator *v, enum kind kind, int flags,
    const char *const *header, size_t ncols, char *err, size_t errlen)
{
	const struct required	*req = &required[kind];
	struct buf		 m = BUF_INIT;
	size_t			 i;

	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->buying = (flags & VALIDATE_BUYING) && kind == KIND_DOMAINS;
	v->by_id = (flags & VALIDATE_BY_ID) != 0;
	v->check_dups = 1;
	v->flags = flags;
	dupset_init(&v->seen);
	colmap_build(&v->map, header, ncols);
	if ((flags & VALIDATE_NEED_ID) && v->map.idx[id_col(v)] == COL_NONE) {
		snprintf(err, errlen, "no %s column for %s: rows name what "
		    "they change by id", kind == KIND_WARMUPS ? "warmup_id" :
		    "id", kind_name(kind));
		return -1;
	}
	if (!has_all(&v->map, req->need) && !has_all(&v->map, req->alt) &&
	    !(v->by_id && v->map.idx[id_col(v)] != COL_NONE)) {
		buf_puts(&m, "no ");
		describe(&m, req->need);
		buf_puts(&m, " column");
		if (req->alt[0] >= 0) {
			buf_puts(&m, " (or ");
			describe(&m, req->alt);
			buf_puts(&m, ")");
		}
		buf_printf(&m, " for %s; columns found:", kind_name(kind));
		for (i = 0; i < ncols; i++) {
			buf_puts(&m, i ? ", \"" : " \"");
			col_visible(&m, header[i]);
			buf_putc(&m, '"');
		}
		if (ncols == 0)
			buf_puts(&m, " none");
		snprintf(err, errlen, "%s", buf_cstr(&m));
		buf_free(&m);
		return -1;
	}
	if (kind == KIND_SMTP_ACCOUNTS) {
		validator_smtp_map(v, header, ncols);
		if (!v->by_id && validator_smtp_header(v, err, errlen) < 0)
			return -1;
	}
	/* A name is needed to create an inbox, not to find one. */
	if ((kind == KIND_SENDER_ACCOUNTS || kind == KIND_SMTP_ACCOUNTS) &&
	    !v->by_id && v->map.idx[COL_DISPLAY_NAME] == COL_NONE &&
	    v->map.idx[COL_FIRST_NAME] == COL_NONE) {
		snprintf(err, errlen, "no display_name column (or first_name "
		    "+ last_name) for %s", kind_name(kind));
		return -1;
	}
	return 0;
}

void
validator_free(struct validator *v)
{
	dupset_free(&v->seen);
	dupscan_free(v->scan);
	v->scan = NULL;
}

/*
 * One pass over the file: counts, and the keys into scan (NULL: into the
 * in-memory set of a validator that checks duplicates itself). Returns
 * the reader's result (0 at the end, -1 + err); *scan_failed: the scan's
 * temporary file failed midway, so duplicates were not all seen.
 */
static int
first_pass(struct validator *v, const char *path, char delim,
    struct dupscan *scan, long *rows, long *valid, int *scan_failed,
    char *err, size_t errlen)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct validator	 first;
	struct record		 rec;
	char			 why[256];
	int			 rc;

	*rows = *valid = 0;
	*scan_failed = 0;
	if ((r = csv_reader_open(path, delim, err, errlen)) == NULL)
		return -1;
	h = csv_reader_header(r);
	if (validator_init(&first, v->kind, v->flags,
	    (const char *const *)h->fields, h->nfields, err, errlen) < 0) {
		csv_reader_close(r);
		return -1;
	}
	first.check_dups = scan == NULL;
	record_init(&rec);
	if (v->on_row != NULL)		/* a second pass starts again */
		v->on_row(v->on_row_arg, -1, NULL);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		(*rows)++;
		if (validator_check(&first, row, &rec) < 0)
			continue;
		(*valid)++;
		if (v->on_row != NULL)
			v->on_row(v->on_row_arg, *rows - 1, &rec);
		if (scan != NULL && dupscan_add(scan, rec.key.data,
		    rec.key.len, row->line, why, sizeof why) < 0) {
			log_debug("%s: %s", path, why);
			*scan_failed = 1;
			break;
		}
	}
	record_free(&rec);
	validator_free(&first);
	csv_reader_close(r);
	return *scan_failed ? 0 : rc;
}

int
validator_prescan(struct validator *v, const char *path, char delim,
    long *rows, long *valid, char *err, size_t errlen)
{
	struct dupscan	*scan;
	struct stat	 st;
	char		 why[256];
	long		 ndups = 0;
	int		 rc, failed;

	/* Standard input, a pipe or a terminal cannot be read twice: the
	 * main reader has its first bytes already. */
	if (strcmp(path, "-") == 0 || stat(path, &st) < 0 ||
	    !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file, read once",
		    path);
		return -1;
	}
	if ((scan = dupscan_new((long long)st.st_size, why, sizeof why)) ==
	    NULL)
		log_debug("%s: duplicates are looked for in memory: %s",
		    path, why);
	rc = first_pass(v, path, delim, scan, rows, valid, &failed, err,
	    errlen);
	if (rc == 0 && scan != NULL && !failed && dupscan_finish(scan, &ndups,
	    why, sizeof why) < 0) {
		log_debug("%s: %s", path, why);
		failed = 1;
	}
	if (failed) {
		/* Counted without the duplicates: count again in memory. */
		dupscan_free(scan);
		scan = NULL;
		ndups = 0;
		rc = first_pass(v, path, delim, NULL, rows, valid, &failed,
		    err, errlen);
	}
	if (rc == 0 && scan != NULL) {
		*valid -= ndups;
		dupscan_free(v->scan);
		v->scan = scan;
	} else
		dupscan_free(scan);
	return rc;
}

/* The cell for a field, "" when the column is absent or the row short. */
static const char *
cell(const struct validator *v, const struct csv_row *row, enum col c)
{
	size_t	i = v->map.idx[c];

	return i != COL_NONE && i < row->nfields ? row->fields[i] : "";
}

static int
fail(struct validator *v, struct record *rec, enum col c, const char *msg)
{
	size_t	i = v->map.idx[c];

	rec->error_col = i == COL_NONE ? 0 : i + 1;
	if (i == COL_NONE)
		buf_printf(&rec->error, "%s", msg);
	else
		buf_printf(&rec->error, "column %zu (%s): %s", i + 1,
		    col_name(c), msg);
	return -1;
}

static int
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* email, or username + domain; fills rec->email/local/domain. */
static int
check_address(struct validator *v, const struct csv_row *row,
    struct record *rec, char *err, size_t errlen)
{
	const char	*email = cell(v, row, COL_EMAIL);
	const char	*local = cell(v, row, COL_LOCAL);
	const char	*at;
	struct buf	 joined = BUF_INIT;
	enum col	 c = COL_EMAIL;
	int		 rc;

	if (is_blank(email) && strchr(local, '@') != NULL) {
		email = local;		/* Smartlead's user_name is the address */
		c = COL_LOCAL;
	}
	if (is_blank(email) && !is_blank(local)) {
		if (rule_local_part(local, err, errlen) < 0)
			return fail(v, rec, COL_LOCAL, err);
		if (rule_domain(cell(v, row, COL_DOMAIN), &rec->domain, err,
		    errlen) < 0)
			return fail(v, rec, COL_DOMAIN, err);
		buf_printf(&joined, "%s@%s", local, buf_cstr(&rec->domain));
		buf_reset(&rec->domain);
		email = joined.data;
		c = COL_LOCAL;
	}
	if (is_blank(email)) {
		buf_free(&joined);
		return fail(v, rec, v->map.idx[COL_EMAIL] != COL_NONE ?
		    COL_EMAIL : COL_LOCAL, "address is empty");
	}
	rc = rule_email(email, &rec->email, err, errlen);
	buf_free(&joined);
	if (rc < 0)
		return fail(v, rec, c, err);
	at = strchr(buf_cstr(&rec->email), '@');
	buf_append(&rec->local, rec->email.data, (size_t)(at -
	    rec->email.data));
	buf_puts(&rec->domain, at + 1);
	buf_puts(&rec->key, buf_cstr(&rec->email));
	return 0;
}

static int
check_provider(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	const char	*p = cell(v, row, COL_PROVIDER);

	if (is_blank(p))
		return 0;
	if (strcasecmp(p, "maildoso") == 0)
		rec->provider = "maildoso";
	else if (strcasecmp(p, "google") == 0)
		rec->provider = "google";
	else
		return fail(v, rec, COL_PROVIDER, "provider must be maildoso "
		    "or google");
	return 0;
}

/* The row's redirect_to, checked, when it gives one. */
static int
check_redirect(struct validator *v, const struct csv_row *row,
    struct record *rec, char *err, size_t errlen)
{
	const char	*redirect = cell(v, row, COL_REDIRECT_TO);

	if (!is_blank(redirect)) {
		if (rule_url(redirect, err, errlen) < 0)
			return fail(v, rec, COL_REDIRECT_TO, err);
		rec->redirect_to = redirect;
	}
	return 0;
}

static int
check_domain_row(struct validator *v, const struct csv_row *row,
    struct record *rec, char *err, size_t errlen)
{
	const char	*tld;

	if ((v->flags & VALIDATE_PARTIAL ? rule_domain_partial :
	    rule_domain)(cell(v, row, COL_DOMAIN), &rec->domain, err,
	    errlen) < 0)
		return fail(v, rec, COL_DOMAIN, err);
	if (v->buying && (tld = rule_blocked_tld(rec->domain.data)) != NULL) {
		snprintf(err, errlen, "Maildoso does not register %s domains",
		    tld);
		return fail(v, rec, COL_DOMAIN, err);
	}
	buf_puts(&rec->key, buf_cstr(&rec->domain));
	if (check_redirect(v, row, rec, err, errlen) < 0)
		return -1;
	if (v->kind == KIND_EXTERNAL_DOMAINS)
		return check_provider(v, row, rec);
	return 0;
}

static int
check_forwarding_address(struct validator *v, struct record *rec,
    const char *addr, struct buf *out, enum col c, char *err, size_t errlen)
{
	const char	*at;

	buf_reset(out);
	if (rule_email(addr, out, err, errlen) < 0)
		return fail(v, rec, c, err);
	at = strchr(buf_cstr(out), '@');
	if (strcmp(at + 1, FORWARDING_DOMAIN) != 0)
		return fail(v, rec, c, "forwarding inboxes must be "
		    "@" FORWARDING_DOMAIN " addresses");
	return 0;
}

/* Is s one of the warm-up systems WarmupServiceRequest's enum lists (any
 * case)? Its spelling there, or NULL. */
static const char *
warmup_system(const char *s)
{
	static const char *const systems[] = { "trulyinbox", "allegrow",
	    "supersend", "instantly", "smartlead", "manyreach", "nureply",
	    "mailivery", "lemwarm", "custom", NULL };
	size_t	i;

	for (i = 0; systems[i] != NULL; i++)
		if (strcasecmp(s, systems[i]) == 0)
			return systems[i];
	return NULL;
}

/* A warm-up service row: system_id from the enum, api_key for smartlead
 * only; warmup_id where the row names one. The key: id:WARMUP_ID, else
 * the system (one configuration of a system a file). Messages never
 * quote the api_key. */
static int
check_warmup_row(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	enum col	 ic = id_col(v);
	const char	*sys = cell(v, row, COL_SYSTEM_ID);
	/* delete: by id, or by system_id; nothing else is read */
	int		 del = v->by_id && !(v->flags & VALIDATE_NEED_ID);

	rec->id = cell(v, row, ic);
	if ((v->flags & VALIDATE_NEED_ID) && is_blank(rec->id))
		return fail(v, rec, ic, "warmup_id is empty");
	if (!is_blank(rec->id)) {
		buf_printf(&rec->key, "id:%s", rec->id);
		if (del)
			return 0;
	}
	if (is_blank(sys))
		return fail(v, rec, COL_SYSTEM_ID, "system_id is empty");
	if ((rec->system_id = warmup_system(sys)) == NULL)
		return fail(v, rec, COL_SYSTEM_ID, "system_id must be one of "
		    "trulyinbox, allegrow, supersend, instantly, smartlead, "
		    "manyreach, nureply, mailivery, lemwarm, custom");
	if (del) {
		buf_puts(&rec->key, rec->system_id);
		return 0;
	}
	rec->warmup_exclude = cell(v, row, COL_WARMUP_EXCLUDE);
	rec->api_key = cell(v, row, COL_API_KEY);
	if (strcmp(rec->system_id, "smartlead") == 0 && is_blank(rec->api_key))
		return fail(v, rec, COL_API_KEY, "smartlead needs an api_key");
	if (strcmp(rec->system_id, "smartlead") != 0 && !is_blank(rec->api_key))
		return fail(v, rec, COL_API_KEY, "api_key is only accepted for "
		    "smartlead");
	if (rec->key.len == 0)
		buf_puts(&rec->key, rec->system_id);
	return 0;
}

/* A sequencer row: platform, login and password (SequencerAdd's and
 * SequencerUpdate's required members); the key is the platform (one
 * connection a platform), or id:ID when the row gives one. */
static int
check_sequencer_row(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	const char	*pf = cell(v, row, COL_PLATFORM);
	size_t		 i;

	if (is_blank(pf))
		return fail(v, rec, COL_PLATFORM, "platform is empty");
	for (i = 0; pf[i] != '\0'; i++)
		if (!islower((unsigned char)pf[i]) &&
		    !isdigit((unsigned char)pf[i]) && pf[i] != '_' &&
		    pf[i] != '-')
			return fail(v, rec, COL_PLATFORM, "platform must be "
			    "a lower-case name such as instantly");
	rec->platform = pf;
	rec->seq_login = cell(v, row, COL_SEQ_LOGIN);
	rec->seq_password = cell(v, row, COL_SEQ_PASSWORD);
	rec->seq_workspace = cell(v, row, COL_SEQ_WORKSPACE);
	rec->api_key = cell(v, row, COL_API_KEY);
	if (is_blank(rec->seq_login))
		return fail(v, rec, COL_SEQ_LOGIN, "sequencer_login is empty");
	if (*rec->seq_password == '\0')
		return fail(v, rec, COL_SEQ_PASSWORD, "sequencer_password is "
		    "empty");
	if (v->by_id && !is_blank(rec->id))
		buf_printf(&rec->key, "id:%s", rec->id);
	else
		buf_puts(&rec->key, pf);
	return 0;
}

static int
check_service_row(struct validator *v, const struct csv_row *row,
    struct record *rec, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return v->kind == KIND_WARMUPS ? check_warmup_row(v, row, rec) :
	    check_sequencer_row(v, row, rec);
}

#define PICTURE_MAX	699052	/* 0.5 MiB, base64-encoded */

/* update accounts: is_premium_warmup (a boolean) and picture_url (an
 * http(s) URL, a data:image URL or raw base64, 0.5 MB at most). */
static int
check_account_extras(struct validator *v, const struct csv_row *row,
    struct record *rec, char *err, size_t errlen)
{
	static const char *const yes[] = { "true", "yes", "1", NULL };
	static const char *const no[] = { "false", "no", "0", NULL };
	const char	*pm = cell(v, row, COL_PREMIUM_WARMUP);
	const char	*pic = cell(v, row, COL_PICTURE_URL);
	size_t		 i;

	for (i = 0; !is_blank(pm) && rec->premium < 0 && yes[i] != NULL; i++)
		if (strcasecmp(pm, yes[i]) == 0)
			rec->premium = 1;
		else if (strcasecmp(pm, no[i]) == 0)
			rec->premium = 0;
	if (!is_blank(pm) && rec->premium < 0)
		return fail(v, rec, COL_PREMIUM_WARMUP, "is_premium_warmup "
		    "must be true or false");
	if (is_blank(pic))
		return 0;
	if (strlen(pic) > PICTURE_MAX)
		return fail(v, rec, COL_PICTURE_URL, "picture_url is over "
		    "0.5 MB");
	if ((strncasecmp(pic, "http://", 7) == 0 || strncasecmp(pic,
	    "https://", 8) == 0) && rule_url(pic, err, errlen) < 0)
		return fail(v, rec, COL_PICTURE_URL, err);
	if (strncasecmp(pic, "http", 4) != 0 && strncmp(pic, "data:image/",
	    11) != 0 && strspn(pic, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789+/=") != strlen(pic))
		return fail(v, rec, COL_PICTURE_URL, "picture_url must be an "
		    "http(s) URL, a data:image/ URL or base64");
	rec->picture_url = pic;
	return 0;
}

/* update forwarding: the row's new password, to the documented rule
 * (12+ characters, upper, lower, digit), unless --new-passwords. */
static int
check_new_password(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	char	err[256];

	if (!(v->flags & VALIDATE_PASSWORD) || (v->flags &
	    VALIDATE_NO_PASSWORD))
		return 0;
	rec->password = cell(v, row, COL_PASSWORD);
	if (*rec->password == '\0')
		return fail(v, rec, COL_PASSWORD, "no new password: give one "
		    "or use --new-passwords");
	if (rule_password(rec->password, err, sizeof err) < 0)
		return fail(v, rec, COL_PASSWORD, err);
	return 0;
}

static int
check_row(struct validator *v, const struct csv_row *row, struct record *rec)
{
	char		 err[512];
	const char	*fwd;

	rec->first_name = cell(v, row, COL_FIRST_NAME);
	rec->last_name = cell(v, row, COL_LAST_NAME);
	rec->id = cell(v, row, COL_ID);
	if (v->kind == KIND_WARMUPS || v->kind == KIND_SEQUENCERS)
		return check_service_row(v, row, rec, err, sizeof err);
	if (v->kind == KIND_ACCOUNTS && check_account_extras(v, row, rec, err,
	    sizeof err) < 0)
		return -1;
	if (v->by_id && !is_blank(rec->id) && is_blank(cell(v, row,
	    v->kind == KIND_DOMAINS || v->kind == KIND_EXTERNAL_DOMAINS ?
	    COL_DOMAIN : COL_EMAIL)) && is_blank(cell(v, row, COL_LOCAL))) {
		buf_printf(&rec->key, "id:%s", rec->id);	/* found by id */
		if (v->kind == KIND_ACCOUNTS)
			goto account_fields;
		if (v->kind == KIND_FORWARDING)
			return check_new_password(v, row, rec);
		/* what an update sets: an id row's redirect too */
		return check_redirect(v, row, rec, err, sizeof err);
	}
	switch (v->kind) {
	case KIND_DOMAINS:
	case KIND_EXTERNAL_DOMAINS:
		return check_domain_row(v, row, rec, err, sizeof err);
	case KIND_FORWARDING:
		if (check_forwarding_address(v, rec, cell(v, row, COL_EMAIL),
		    &rec->email, COL_EMAIL, err, sizeof err) < 0)
			return -1;
		buf_puts(&rec->key, buf_cstr(&rec->email));
		return check_new_password(v, row, rec);
	case KIND_SENDER_ACCOUNTS:
	case KIND_SMTP_ACCOUNTS:
		if (check_address(v, row, rec, err, sizeof err) < 0)
			return -1;
		if (v->by_id)
			return 0;	/* found by address: no name needed */
		buf_puts(&rec->display_name, cell(v, row, COL_DISPLAY_NAME));
		if (is_blank(buf_cstr(&rec->display_name))) {
			buf_reset(&rec->display_name);
			buf_printf(&rec->display_name, "%s%s%s",
			    rec->first_name, *rec->first_name &&
			    *rec->last_name ? " " : "", rec->last_name);
		}
		if (is_blank(buf_cstr(&rec->display_name)))
			return fail(v, rec, COL_DISPLAY_NAME,
			    "display_name is empty");
		if (v->kind == KIND_SMTP_ACCOUNTS)
			return validator_smtp_check(v, row, rec, cell(v, row,
			    COL_PASSWORD));
		return 0;
	case KIND_ACCOUNTS:
		if (check_address(v, row, rec, err, sizeof err) < 0)
			return -1;
account_fields:
		/* --new-passwords: the column is not read at all. */
		rec->password = v->flags & VALIDATE_NO_PASSWORD ? "" :
		    cell(v, row, COL_PASSWORD);
		if (*rec->password != '\0' &&
		    rule_password(rec->password, err, sizeof err) < 0)
			return fail(v, rec, COL_PASSWORD, err);
		fwd = cell(v, row, COL_FORWARDING);
		if (!is_blank(fwd) && check_forwarding_address(v, rec, fwd,
		    &rec->forwarding, COL_FORWARDING, err, sizeof err) < 0)
			return -1;
		return check_provider(v, row, rec);
	default:
		return -1;
	}
}

int
validator_address(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	char	err[512];

	record_reset(rec);
	return check_address(v, row, rec, err, sizeof err);
}

int
validator_check(struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	long	first;

	record_reset(rec);
	if (row->error != NULL) {
		rec->error_col = row->error_col;
		if (row->error_col > 0)
			buf_printf(&rec->error, "column %zu: %s",
			    row->error_col, row->error);
		else
			buf_puts(&rec->error, row->error);
		return -1;
	}
	if (check_row(v, row, rec) < 0)
		return -1;
	if (!v->check_dups)
		return 0;
	if (v->scan != NULL)
		first = dupscan_query(v->scan, rec->key.data, rec->key.len,
		    row->line);
	else
		first = dupset_add(&v->seen, rec->key.data, rec->key.len,
		    row->line);
	if (first != 0) {
		int	dom = v->kind == KIND_DOMAINS ||
		    v->kind == KIND_EXTERNAL_DOMAINS;
		int	svc = v->kind == KIND_WARMUPS ||
		    v->kind == KIND_SEQUENCERS;
		char	msg[128];

		snprintf(msg, sizeof msg, "duplicate: this %s already appears "
		    "on line %ld", dom ? "domain" : svc ? "service" :
		    "address", first);
		return fail(v, rec, dom ? COL_DOMAIN : svc ? (strncmp(
		    rec->key.data, "id:", 3) == 0 ? id_col(v) :
		    v->kind == KIND_WARMUPS ? COL_SYSTEM_ID : COL_PLATFORM) :
		    v->map.idx[COL_EMAIL] != COL_NONE ? COL_EMAIL : COL_LOCAL,
		    msg);
	}
	return 0;
}
