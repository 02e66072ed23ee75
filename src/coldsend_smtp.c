/*
 * coldsend_smtp.c - what ColdSend's SMTP import is sent and what its bulk
 * job reports (coldsend.md: POST /sender-accounts/smtp and /smtp/bulk, GET
 * /sender-accounts/smtp/bulk/{job_id}/progress).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coldsend_smtp.h"
#include "json.h"

/* "key":"value" after sep. */
static void
put_str(struct buf *b, const char *sep, const char *key, const char *v)
{
	buf_puts(b, sep);
	json_put_str(b, key);
	buf_putc(b, ':');
	json_put_str(b, v);
}

/* "key":digits or "key":true|false, checked by the validator. */
static void
put_raw(struct buf *b, const char *key, const char *v)
{
	buf_putc(b, ',');
	json_put_str(b, key);
	buf_printf(b, ":%s", v);
}

static const char *
or_else(const char *a, const char *b)
{
	return *a != '\0' ? a : b;
}

/* One inbox of a body (the record as the validator left it). */
static void
put_inbox(struct buf *b, const struct record *r, int first)
{
	const char	*user = or_else(r->smtp[SF_SMTP_USERNAME],
			    buf_cstr(&r->email));

	put_str(b, first ? "{" : ",{", "email_address", buf_cstr(&r->email));
	put_str(b, ",", "display_name", buf_cstr(&r->display_name));
	put_str(b, ",", "inbox_type", r->smtp[SF_INBOX_TYPE]);
	put_str(b, ",", "smtp_host", r->smtp[SF_SMTP_HOST]);
	put_raw(b, "smtp_port", r->smtp[SF_SMTP_PORT]);
	put_str(b, ",", "smtp_username", user);
	put_str(b, ",", "smtp_password", r->smtp[SF_SMTP_PASSWORD]);
	if (*r->smtp[SF_IMAP_HOST] != '\0') {
		put_str(b, ",", "imap_host", r->smtp[SF_IMAP_HOST]);
		put_raw(b, "imap_port", r->smtp[SF_IMAP_PORT]);
		put_str(b, ",", "imap_username",
		    or_else(r->smtp[SF_IMAP_USERNAME], user));
		put_str(b, ",", "imap_password",
		    or_else(r->smtp[SF_IMAP_PASSWORD],
		    r->smtp[SF_SMTP_PASSWORD]));
	}
	if (*r->smtp[SF_DAILY_LIMIT] != '\0')
		put_raw(b, "daily_limit", r->smtp[SF_DAILY_LIMIT]);
	if (*r->smtp[SF_SMTP_USE_TLS] != '\0')
		put_raw(b, "smtp_use_tls", r->smtp[SF_SMTP_USE_TLS]);
	if (*r->smtp[SF_IMAP_USE_SSL] != '\0')
		put_raw(b, "imap_use_ssl", r->smtp[SF_IMAP_USE_SSL]);
	buf_putc(b, '}');
}

void
cs_smtp_body(struct buf *body, const struct record *const *recs, size_t n)
{
	size_t	i;

	buf_puts(body, "{\"inboxes\":[");
	for (i = 0; i < n; i++)
		put_inbox(body, recs[i], i == 0);
	buf_puts(body, "]}");
}

void
cs_smtp_one_body(struct buf *body, const struct record *r)
{
	put_inbox(body, r, 1);
}

/* A status word that ends the job (the values are not published). */
static int
final_status(const char *s)
{
	static const char *const words[] = { "completed", "complete", "done",
	    "finished", "success", "succeeded", "failed", "error",
	    "cancelled", "canceled", NULL };
	size_t	i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

void
cs_smtp_job_read(const struct json_doc *d, int job, struct cs_smtp_job *j)
{
	char	*s;
	int	 v;

	memset(j, 0, sizeof *j);
	j->total = j->processed = j->percent = -1;
	json_get_int(d, job, "total_rows", &j->total);
	json_get_int(d, job, "processed_count", &j->processed);
	json_get_int(d, job, "progress_percentage", &j->percent);
	if ((s = json_get_str(d, job, "status")) != NULL) {
		j->complete = final_status(s);
		buf_puts(&j->status, s);
		free(s);
	}
	if (json_get_bool(d, job, "is_complete", &v) == 0 && v)
		j->complete = 1;
	if ((s = json_get_str(d, job, "completed_at")) != NULL) {
		j->complete = 1;
		free(s);
	}
	if (j->total > 0 && j->processed >= j->total)
		j->complete = 1;
}

void
cs_smtp_job_describe(const struct cs_smtp_job *j, struct buf *out)
{
	buf_reset(out);
	buf_puts(out, j->status.len ? buf_cstr(&j->status) : "status unknown");
	if (j->percent >= 0)
		buf_printf(out, ", %lld%%", j->percent);
	if (j->processed >= 0 && j->total >= 0)
		buf_printf(out, ", %lld of %lld rows processed", j->processed,
		    j->total);
}

void
cs_smtp_job_free(struct cs_smtp_job *j)
{
	buf_free(&j->status);
}
