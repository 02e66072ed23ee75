/*
 * coldsend_smtp.h - ColdSend's SMTP import: the body of POST
 * /sender-accounts/smtp or /smtp/bulk and the state of its job (GET
 * /sender-accounts/smtp/bulk/{job_id}/progress). provider_coldsend.c
 * sends them and follows the job.
 */
#ifndef MAILFLEET_COLDSEND_SMTP_H
#define MAILFLEET_COLDSEND_SMTP_H

#include <stddef.h>

#include "buf.h"
#include "record.h"

struct json_doc;

/* {"inboxes":[...]} for n smtp-accounts records (validated): the address,
 * display name, inbox type, SMTP host, port, login (default: the address)
 * and password; IMAP when a host is given (login and password default to
 * SMTP's); daily_limit and the TLS flags only when given. The body holds
 * passwords: the caller wipes it. */
void	cs_smtp_body(struct buf *body, const struct record *const *recs,
	    size_t n);
/* The same inbox object alone, the body of POST /sender-accounts/smtp
 * (one record; it holds the password: the caller wipes it). */
void	cs_smtp_one_body(struct buf *body, const struct record *r);

/* What a job's progress says (-1: not given). */
struct cs_smtp_job {
	struct buf	status;
	long long	total, processed, percent;
	int		complete;	/* a final status, is_complete,
					   completed_at, or every row done */
};

/* The job object at d's value job (zeroes j first; free it after). */
void	cs_smtp_job_read(const struct json_doc *d, int job,
	    struct cs_smtp_job *j);
/* "processing, 40%, 4 of 10 rows processed" into out (reset first). */
void	cs_smtp_job_describe(const struct cs_smtp_job *j, struct buf *out);
void	cs_smtp_job_free(struct cs_smtp_job *j);

#endif
