/*
 * coldsend_inboxes.c - ColdSend's /sender-accounts endpoints.
 *
 * Where coldsend.md is silent: single creates answer 201 with the smtp
 * answer's fields; bulk creates answer 200 with per-row results (rows
 * that fail do not stop the others); an address that exists is 409 (as
 * documented) or a failed row; a coldsend-native inbox needs an ACTIVE
 * domain (400 otherwise, 404 for an unknown one) with room under its
 * max_inboxes (400); GET /sender-accounts lists in the documented
 * paginated form under "sender_accounts". Credentials are never returned.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/coldsend.h"
#include "sandbox/maildoso.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

#define BULK_MAX 100

static const char *const inbox_types[] = { "GOOGLE_WORKSPACE", "OUTLOOK_365",
    "CUSTOM_SMTP", NULL };
static const char *const statuses[] = { "PENDING", "ACTIVE", "PAUSED",
    "DISABLED", NULL };

static void
put_inbox(struct buf *b, const struct cs_inbox *in, const char *sep)
{
	sbx_put_kstr(b, sep, "inbox_id", in->id);
	sbx_put_kstr(b, ",", "email_address", in->email);
	sbx_put_kstr(b, ",", "display_name", in->display_name);
	sbx_put_kstr(b, ",", "inbox_type", in->inbox_type);
	sbx_put_kint(b, ",", "daily_limit", in->daily_limit);
	sbx_put_kstr(b, ",", "overall_status", in->status);
	sbx_put_kstr(b, ",", "domain_id", in->domain_id[0] ? in->domain_id :
	    NULL);
	sbx_put_ktime(b, ",", "created_at", in->created_at);
}

static int
quota_full(struct sbx_ctx *x)
{
	return cs_inbox_count(x->st) >= x->cfg->quota_accounts;
}

static int
prefix_ok(const char *p)
{
	if (*p == '\0' || *p == '.' || strlen(p) > 64)
		return 0;
	for (; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '.' && *p != '_' && *p != '-')
			return 0;
	return 1;
}

/* The domain of a native create: 404 unknown, 400 not ACTIVE. */
static struct cs_domain *
native_domain(struct sbx_ctx *x, const char *id)
{
	struct cs_domain	*d = cs_domain_get(x->st, id);

	if (d == NULL) {
		sbx_detail(x->resp, 404, "Domain not found");
		return NULL;
	}
	cs_domain_advance(x->st, d);
	if (strcmp(d->status, "ACTIVE") != 0) {
		sbx_detail(x->resp, 400, "Domain is not active (status %s)",
		    d->status);
		return NULL;
	}
	return d;
}

/*
 * Try to create prefix@domain. Returns the inbox, or NULL with the HTTP
 * status and message of the refusal in *status / err.
 */
static struct cs_inbox *
native_one(struct sbx_ctx *x, struct cs_domain *d, const char *prefix,
    const char *display, int *status, struct buf *err)
{
	struct buf	 email = BUF_INIT;
	struct cs_inbox	*in = NULL;
	char		*l = md_lower(prefix);

	buf_reset(err);
	buf_printf(&email, "%s@%s", l, d->name);
	if (!prefix_ok(l)) {
		*status = 422;
		buf_printf(err, "invalid email_prefix '%s'", prefix);
	} else if (cs_inbox_by_email(x->st, buf_cstr(&email)) != NULL) {
		*status = 409;
		buf_printf(err, "Inbox %s already exists", buf_cstr(&email));
	} else if (d->inboxes >= d->max_inboxes) {
		*status = 400;
		buf_printf(err, "Domain inbox limit reached (%d)",
		    d->max_inboxes);
	} else if (quota_full(x)) {
		*status = 403;
		buf_printf(err, "Sender account limit reached (%lld)",
		    x->cfg->quota_accounts);
	} else {
		in = cs_inbox_new(x->st, buf_cstr(&email), "COLDSEND_NATIVE",
		    d->id);
		in->display_name = xstrdup(display);
		x->resp->changed = 1;
		sbx_stats_created("coldsend_sender_account", in->email);
	}
	free(l);
	buf_free(&email);
	return in;
}

void
cs_create_native(struct sbx_ctx *x)
{
	struct buf		*b = &x->resp->body, err = BUF_INIT;
	struct cs_domain	*d;
	struct cs_inbox		*in;
	char			*did = NULL, *prefix = NULL, *display = NULL;
	int			 status;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	sbx_fld_str(x, 0, "body", "domain_id", 1, &did);
	sbx_fld_str(x, 0, "body", "email_prefix", 1, &prefix);
	sbx_fld_str(x, 0, "body", "display_name", 1, &display);
	if (x->verr.n > 0 || (d = native_domain(x, did)) == NULL)
		goto reply;
	if ((in = native_one(x, d, prefix, display, &status, &err)) == NULL) {
		if (status == 422)
			sbx_verr_value(&x->verr, "body/email_prefix", "%s",
			    buf_cstr(&err));
		else
			sbx_detail(x->resp, status, "%s", buf_cstr(&err));
		goto reply;
	}
	buf_puts(b, "{\"success\":true,\"message\":\"Sender account "
	    "created\"");
	put_inbox(b, in, ",");
	buf_putc(b, '}');
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	buf_free(&err);
	free(did);
	free(prefix);
	free(display);
}

/* The "inboxes" array of a bulk request: 1 to 100 objects. */
static int
bulk_items(struct sbx_ctx *x, int *arr)
{
	int	v = json_get(x->doc, 0, "inboxes"), n;

	if (v < 0) {
		sbx_verr_missing(&x->verr, "body/inboxes");
		return -1;
	}
	if (json_type(x->doc, v) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, "body/inboxes", "list");
		return -1;
	}
	n = json_len(x->doc, v);
	if (n < 1)
		sbx_verr_add(&x->verr, "body/inboxes",
		    "value_error.list.min_items", "ensure this value has at "
		    "least 1 items");
	else if (n > BULK_MAX)
		sbx_verr_add(&x->verr, "body/inboxes",
		    "value_error.list.max_items", "ensure this value has at "
		    "most %d items", BULK_MAX);
	*arr = v;
	return x->verr.n > 0 ? -1 : 0;
}

static void
put_row(struct buf *b, int row, const char *email, const struct cs_inbox *in,
    const char *err)
{
	buf_printf(b, "%s{\"row\":%d", row > 1 ? "," : "", row);
	sbx_put_kstr(b, ",", "email_address", email);
	sbx_put_kbool(b, ",", "success", in != NULL);
	if (in != NULL)
		sbx_put_kstr(b, ",", "inbox_id", in->id);
	else
		sbx_put_kstr(b, ",", "error", err);
	buf_putc(b, '}');
}

void
cs_create_native_bulk(struct sbx_ctx *x)
{
	struct buf		 rows = BUF_INIT, err = BUF_INIT;
	struct buf		 where = BUF_INIT, email = BUF_INIT;
	struct cs_domain	*d;
	struct cs_inbox		*in;
	char			*did = NULL, *prefix, *display;
	int			 arr, e, row = 0, ok = 0, status, n0;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	sbx_fld_str(x, 0, "body", "domain_id", 1, &did);
	if (bulk_items(x, &arr) != 0 || x->verr.n > 0 ||
	    (d = native_domain(x, did)) == NULL)
		goto reply;
	for (e = json_child(x->doc, arr); e >= 0; e = json_next(x->doc, e)) {
		row++;
		prefix = display = NULL;
		buf_reset(&where);
		buf_printf(&where, "body/inboxes/%d", row - 1);
		n0 = x->verr.n;
		sbx_fld_str(x, e, buf_cstr(&where), "email_prefix", 1, &prefix);
		sbx_fld_str(x, e, buf_cstr(&where), "display_name", 1,
		    &display);
		/* A malformed row is reported in its result, not as a 422. */
		x->verr.n = n0;
		buf_reset(&x->verr.b);
		buf_reset(&email);
		if (prefix != NULL)
			buf_printf(&email, "%s@%s", prefix, d->name);
		if (prefix == NULL || display == NULL) {
			in = NULL;
			buf_reset(&err);
			buf_puts(&err, "email_prefix and display_name are "
			    "required");
		} else
			in = native_one(x, d, prefix, display, &status, &err);
		ok += in != NULL;
		put_row(&rows, row, in != NULL ? in->email : buf_cstr(&email),
		    in, buf_cstr(&err));
		free(prefix);
		free(display);
	}
	buf_printf(&x->resp->body, "{\"success\":%s,\"message\":\"Created %d "
	    "of %d sender accounts\",\"total\":%d,\"success_count\":%d,"
	    "\"failed_count\":%d,\"results\":[%s]}", ok > 0 ? "true" :
	    "false", ok, row, row, ok, row - ok, buf_cstr(&rows));
	sbx_reply(x->resp, 200);
reply:
	sbx_verr_reply(x);
	free(did);
	buf_free(&rows);
	buf_free(&err);
	buf_free(&where);
	buf_free(&email);
}

/* One smtp inbox description, validated into a v1 error list or a text. */
struct smtp_in {
	char		*email, *display, *type, *host;
	long long	 daily;
};

static void
smtp_free(struct smtp_in *s)
{
	free(s->email);
	free(s->display);
	free(s->type);
	free(s->host);
}

/* Returns 0 when valid; errors go to x->verr at where. */
static int
read_smtp(struct sbx_ctx *x, int obj, const char *where, struct smtp_in *s)
{
	static const char *const req_str[] = { "smtp_host", "smtp_username",
	    "smtp_password", NULL };
	static const char *const opt_str[] = { "imap_host", "imap_username",
	    "imap_password", NULL };
	struct buf	 loc = BUF_INIT;
	char		*tmp;
	long long	 port;
	int		 flag, n0 = x->verr.n;
	size_t		 i;

	memset(s, 0, sizeof *s);
	s->daily = 30;
	if (json_type(x->doc, obj) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, where, "dict");
		return -1;
	}
	buf_printf(&loc, "%s/email_address", where);
	if (sbx_fld_str(x, obj, where, "email_address", 1, &s->email) == 1) {
		tmp = md_lower(s->email);
		free(s->email);
		s->email = tmp;
		if (!sbx_email_ok(s->email))
			sbx_verr_add(&x->verr, buf_cstr(&loc),
			    "value_error.email", "value is not a valid email "
			    "address");
	}
	sbx_fld_str(x, obj, where, "display_name", 1, &s->display);
	buf_reset(&loc);
	buf_printf(&loc, "%s/inbox_type", where);
	if (sbx_fld_str(x, obj, where, "inbox_type", 1, &s->type) == 1) {
		for (i = 0; inbox_types[i] != NULL &&
		    strcmp(inbox_types[i], s->type) != 0; i++)
			;
		if (inbox_types[i] == NULL)
			sbx_verr_add(&x->verr, buf_cstr(&loc),
			    "type_error.enum", "value is not a valid "
			    "enumeration member; permitted: "
			    "'GOOGLE_WORKSPACE', 'OUTLOOK_365', 'CUSTOM_SMTP'");
	}
	for (i = 0; req_str[i] != NULL; i++) {
		if (sbx_fld_str(x, obj, where, req_str[i], 1, &tmp) != 1)
			continue;
		if (i == 0 && s->host == NULL)
			s->host = tmp;		/* smtp_host */
		else
			free(tmp);
	}
	for (i = 0; opt_str[i] != NULL; i++) {
		if (sbx_fld_str(x, obj, where, opt_str[i], 0, &tmp) == 1)
			free(tmp);
	}
	sbx_fld_int(x, obj, where, "smtp_port", 1, &port);
	sbx_fld_int(x, obj, where, "imap_port", 0, &port);
	buf_reset(&loc);
	buf_printf(&loc, "%s/daily_limit", where);
	if (sbx_fld_int(x, obj, where, "daily_limit", 0, &s->daily) == 1 &&
	    (s->daily < 1 || s->daily > 10000))
		sbx_verr_add(&x->verr, buf_cstr(&loc),
		    "value_error.number.not_ge", "ensure this value is between "
		    "1 and 10000");
	sbx_fld_bool(x, obj, where, "smtp_use_tls", 0, &flag);
	sbx_fld_bool(x, obj, where, "imap_use_ssl", 0, &flag);
	buf_free(&loc);
	return x->verr.n > n0 ? -1 : 0;
}

static const char *
type_static(const char *t)
{
	size_t	i;

	for (i = 0; inbox_types[i] != NULL; i++)
		if (strcmp(inbox_types[i], t) == 0)
			return inbox_types[i];
	return "CUSTOM_SMTP";
}

static struct cs_inbox *
smtp_one(struct sbx_ctx *x, const struct smtp_in *s, int *status,
    struct buf *err)
{
	struct cs_inbox	*in;

	buf_reset(err);
	if (s->host != NULL && sbx_names_has(&x->cfg->smtp_reject, s->host)) {
		*status = 400;
		buf_printf(err, "SMTP connection test failed: could not log in "
		    "to %s", s->host);
		return NULL;
	}
	if (cs_inbox_by_email(x->st, s->email) != NULL) {
		*status = 409;
		buf_printf(err, "Inbox %s already exists", s->email);
		return NULL;
	}
	if (quota_full(x)) {
		*status = 403;
		buf_printf(err, "Sender account limit reached (%lld)",
		    x->cfg->quota_accounts);
		return NULL;
	}
	in = cs_inbox_new(x->st, s->email, type_static(s->type), NULL);
	in->display_name = xstrdup(s->display);
	in->daily_limit = (int)s->daily;
	x->resp->changed = 1;
	sbx_stats_created("coldsend_sender_account", in->email);
	return in;
}

void
cs_create_smtp(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body, err = BUF_INIT;
	struct smtp_in	 s;
	struct cs_inbox	*in;
	int		 status;

	memset(&s, 0, sizeof s);
	if (sbx_body(x) != 0 || read_smtp(x, 0, "body", &s) != 0)
		goto reply;
	if ((in = smtp_one(x, &s, &status, &err)) == NULL) {
		sbx_detail(x->resp, status, "%s", buf_cstr(&err));
		goto reply;
	}
	buf_puts(b, "{\"success\":true,\"message\":\"Sender account "
	    "connected\"");
	put_inbox(b, in, ",");
	buf_putc(b, '}');
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	smtp_free(&s);
	buf_free(&err);
}

/* The row's validation errors as one line: "field: msg; field: msg". */
static void
row_errors(const struct sbx_verr *v, struct buf *out)
{
	struct buf	 arr = BUF_INIT;
	struct json_doc	*d;
	char		*msg, *field;
	int		 e, loc, last;

	buf_reset(out);
	buf_putc(&arr, '[');
	buf_append(&arr, v->b.data, v->b.len);
	buf_putc(&arr, ']');
	if ((d = json_parse(arr.data, arr.len, NULL, 0)) == NULL) {
		buf_puts(out, "invalid row");
		buf_free(&arr);
		return;
	}
	for (e = json_child(d, 0); e >= 0; e = json_next(d, e)) {
		loc = json_get(d, e, "loc");
		last = json_at(d, loc, json_len(d, loc) - 1);
		field = NULL;
		if (json_str(d, last, &field) != 0)
			field = xstrdup("row");
		msg = json_get_str(d, e, "msg");
		buf_printf(out, "%s%s: %s", out->len ? "; " : "", field,
		    msg != NULL ? msg : "invalid");
		free(field);
		free(msg);
	}
	json_free(d);
	buf_free(&arr);
}

/* A bulk row as the job will process it: its fields, or the error that
 * refuses it (moved out of s / err). */
static void
keep_row(struct cs_job_row *r, struct smtp_in *s, int valid, struct buf *err)
{
	r->email = s->email;
	r->display = s->display;
	r->type = s->type;
	r->host = s->host;
	r->daily = s->daily;
	memset(s, 0, sizeof *s);
	r->err = valid ? NULL : buf_detach(err);
}

/*
 * Processes the rows of j that are due (one a CS_JOB_PER_ROW seconds of
 * provider time, in order): each is created now, or fails (refused as
 * sent, --smtp-reject, exists, quota), and its result is appended.
 */
static void
job_advance(struct sbx_ctx *x, struct cs_job *j)
{
	struct buf		 rows = BUF_INIT, err = BUF_INIT;
	struct cs_job_row	*r;
	struct smtp_in		 s;
	struct cs_inbox		*in;
	int			 due, status;

	due = (int)floor((x->st->now - j->created_at) / j->per_row);
	if (j->rows == NULL || due <= j->done)
		return;
	if (due > j->total)
		due = j->total;
	buf_puts(&rows, j->results != NULL ? j->results : "");
	for (; j->done < due; j->done++) {
		r = &j->rows[j->done];
		s.email = r->email;
		s.display = r->display;
		s.type = r->type;
		s.host = r->host;
		s.daily = r->daily;
		in = NULL;
		buf_reset(&err);
		if (r->err != NULL)
			buf_puts(&err, r->err);
		else
			in = smtp_one(x, &s, &status, &err);
		j->ok[j->done] = in != NULL;
		put_row(&rows, j->done + 1, r->email, in, buf_cstr(&err));
	}
	free(j->results);
	j->results = buf_detach(&rows);
	x->resp->changed = 1;
	buf_free(&err);
}

/* Every job's due rows: before an answer that shows inboxes. */
static void
jobs_advance(struct sbx_ctx *x)
{
	size_t	i;

	for (i = 0; i < x->st->njobs; i++)
		job_advance(x, x->st->jobs[i]);
}

/*
 * Where coldsend.md is silent: the bulk answer starts a job and says so
 * (job_id, total; counts 0, results empty); the job then processes a row
 * every CS_JOB_PER_ROW provider seconds, and its progress holds the
 * results of the rows processed so far. A row refused as sent fails when
 * its turn comes, with the field errors as its error.
 */
void
cs_create_smtp_bulk(struct sbx_ctx *x)
{
	struct buf	 err = BUF_INIT, where = BUF_INIT;
	struct smtp_in	 s;
	struct cs_job	*job;
	int		 arr, e, row = 0, n0, valid;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	if (bulk_items(x, &arr) != 0)
		goto reply;
	jobs_advance(x);
	job = cs_job_new(x->st, json_len(x->doc, arr));
	job->rows = xcalloc((size_t)job->total, sizeof *job->rows);
	for (e = json_child(x->doc, arr); e >= 0; e = json_next(x->doc, e)) {
		buf_reset(&where);
		buf_printf(&where, "body/inboxes/%d", row);
		n0 = x->verr.n;
		buf_reset(&err);
		if (!(valid = read_smtp(x, e, buf_cstr(&where), &s) == 0))
			row_errors(&x->verr, &err);
		/* Row errors go into the results, not into a 422. */
		x->verr.n = n0;
		buf_reset(&x->verr.b);
		keep_row(&job->rows[row++], &s, valid, &err);
	}
	x->resp->changed = 1;
	buf_printf(&x->resp->body, "{\"success\":true,\"message\":\"Bulk import "
	    "started\",\"total\":%d,\"success_count\":0,\"failed_count\":0,",
	    row);
	sbx_put_kstr(&x->resp->body, "", "job_id", job->id);
	buf_puts(&x->resp->body, ",\"results\":[]}");
	sbx_reply(x->resp, 200);
reply:
	sbx_verr_reply(x);
	buf_free(&err);
	buf_free(&where);
}

void
cs_smtp_bulk_progress(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	struct cs_job	*j = cs_job_get(x->st, x->req->params[0]);
	int		 done, i, ok = 0;

	if (j == NULL) {
		sbx_detail(x->resp, 404, "Job not found");
		return;
	}
	jobs_advance(x);
	done = j->done;
	for (i = 0; i < done; i++)
		ok += j->ok[i];
	sbx_put_kstr(b, "{\"job\":{", "job_id", j->id);
	sbx_put_kstr(b, ",", "status", done == j->total ? "completed" :
	    "processing");
	sbx_put_kint(b, ",", "progress_percentage", j->total > 0 ?
	    done * 100 / j->total : 100);
	sbx_put_kint(b, ",", "total_rows", j->total);
	sbx_put_kint(b, ",", "processed_count", done);
	sbx_put_kint(b, ",", "success_count", ok);
	sbx_put_kint(b, ",", "failed_count", done - ok);
	sbx_put_ktime(b, ",", "started_at", j->created_at);
	sbx_put_ktime(b, ",", "completed_at", done == j->total ?
	    j->created_at + j->per_row * j->total : 0);
	buf_printf(b, ",\"results\":[%s]}}", j->results != NULL ? j->results :
	    "");
	sbx_reply(x->resp, 200);
}

void
cs_list_inboxes(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	long long	 page, limit, total = 0, skip;
	const char	*status = sbx_arg(x->req, "status");
	size_t		 i;
	int		 n = 0;

	cs_q_page(x, &page, &limit);
	jobs_advance(x);
	if (status != NULL) {
		for (i = 0; statuses[i] != NULL &&
		    strcmp(statuses[i], status) != 0; i++)
			;
		if (statuses[i] == NULL)
			sbx_verr_add(&x->verr, "query/status",
			    "type_error.enum", "value is not a valid "
			    "enumeration member");
	}
	if (sbx_verr_reply(x))
		return;
	skip = (page - 1) * limit;
	buf_puts(b, "{\"sender_accounts\":[");
	for (i = 0; i < x->st->ninboxes; i++) {
		struct cs_inbox	*in = x->st->inboxes[i];

		if (in == NULL)
			continue;
		cs_inbox_advance(x->st, in);
		if (status != NULL && strcmp(in->status, status) != 0)
			continue;
		if (total++ < skip || n >= limit)
			continue;
		put_inbox(b, in, n++ > 0 ? ",{" : "{");
		buf_putc(b, '}');
	}
	buf_puts(b, "],");
	cs_put_pagination(b, page, limit, total);
	buf_puts(b, ",\"success\":true,\"message\":\"Sender accounts retrieved "
	    "successfully\"}");
	sbx_reply(x->resp, 200);
}

void
cs_delete_inbox(struct sbx_ctx *x)
{
	struct cs_inbox	*in = cs_inbox_get(x->st, x->req->params[0]);

	if (in == NULL) {
		sbx_detail(x->resp, 404, "Sender account not found");
		return;
	}
	cs_inbox_remove(x->st, in);
	x->resp->changed = 1;
	buf_puts(&x->resp->body, "{\"success\":true,\"message\":\"Sender "
	    "account deleted successfully\"}");
	sbx_reply(x->resp, 200);
}
