/*
 * operation.c - the generic driver of an operation entry (operation.h):
 * build, request, map or refused, done.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "operation.h"
#include "provider.h"
#include "retry.h"
#include "xmalloc.h"

const enum res_col op_res_accounts[8] = { RES_ID, RES_PASSWORD,
	RES_SMTP_HOST, RES_SMTP_PORT, RES_IMAP_HOST, RES_IMAP_PORT,
	RES_ACCOUNT_STATUS, RES_FORWARDING };
const enum res_col op_res_domains[3] = { RES_ID, RES_DOMAIN_STATUS,
	RES_NAME_SERVERS };
const enum res_col op_res_delete[2] = { RES_ID, RES_SCHEDULED_FOR };

/* Each verb: its command, and the one row status that is an answer of
 * it rather than a failure (ST__COUNT: none): a search's unavailable
 * name, a restart's domain that is up (skipped: nothing to do). */
static const struct verb {
	const char		*name;
	enum row_status		 answer;
} verbs[] = {
	[OP_CREATE] = { "import", ST__COUNT },
	[OP_UPDATE] = { "update", ST__COUNT },
	[OP_DELETE] = { "delete", ST__COUNT },
	[OP_SEARCH] = { "search", ST_UNAVAILABLE },
	[OP_RESTART] = { "restart", ST_SKIPPED },
	[OP_TOTP] = { "totp", ST__COUNT },
};

const char *
op_name(enum op op)
{
	return (unsigned)op < OP_NELEM(verbs) ? verbs[op].name : "?";
}

int
op_status_answers(enum op op, enum row_status s)
{
	return (unsigned)op < OP_NELEM(verbs) && verbs[op].answer == s;
}

int
op_parse(const char *command, enum op *op)
{
	size_t	i;

	for (i = 0; i < OP_NELEM(verbs); i++)
		if (strcmp(command, verbs[i].name) == 0) {
			*op = (enum op)i;
			return 0;
		}
	return -1;
}

int
operation_any(const struct provider *prov, enum op op, enum kind kind)
{
	size_t	i;

	if (prov != NULL)
		return provider_operation(prov, op, kind) != NULL;
	for (i = 0; (prov = provider_nth(i)) != NULL; i++)
		if (provider_operation(prov, op, kind) != NULL)
			return 1;
	return 0;
}

int
op_same_request(const struct operation *e, const struct item *a,
    const struct item *b)
{
	switch (e->share) {
	case OP_SHARE_ANY:
		return 1;
	case OP_SHARE_DOMAIN:
		return strcmp(buf_cstr(&a->rec.domain),
		    buf_cstr(&b->rec.domain)) == 0;
	case OP_SHARE_SOME:
		return e->batchable(a) && e->batchable(b);
	default:
		return 0;
	}
}

static int
status_ok(int status)
{
	return status >= 200 && status < 300;
}

/* One request: build, send, map or refused, done. */
static enum attempt
send_one(struct pctx *p, const struct operation *e, struct item **items,
    size_t n)
{
	struct op_request	rq;
	enum attempt		a = ATTEMPT_DONE;
	int			rc;

	memset(&rq, 0, sizeof rq);
	rq.sent = xcalloc(n, sizeof *rq.sent);
	if (e->build(p, &rq, items, n) == 0) {
		p->redact_query = rq.secret_query;
		rc = pctx_request(p, rq.method, buf_cstr(&rq.path),
		    rq.body.len > 0 ? rq.body.data : NULL);
		p->redact_query = 0;
		if (rc < 0 || retry_is_transient(p->resp.status, p->resp.err))
			a = ATTEMPT_TRANSIENT;
		else if (status_ok(p->resp.status))
			a = e->map(p, &rq, items, n);
		else
			a = (e->refused != NULL ? e->refused :
			    p->job->prov->refused)(p, &rq, items, n);
	}
	if (rq.secret && rq.body.data != NULL)
		explicit_bzero(rq.body.data, rq.body.len);
	if (rq.secret_query && rq.path.data != NULL)
		explicit_bzero(rq.path.data, rq.path.len);
	if (e->done != NULL)
		e->done(p, &rq, items, n);
	buf_free(&rq.body);
	buf_free(&rq.path);
	free(rq.sent);
	return a;
}

enum attempt
op_send(struct pctx *p, const struct operation *e, struct item **items,
    size_t n)
{
	enum attempt	a;
	size_t		i;

	if (e->share != OP_SHARE_ONE && (e->share != OP_SHARE_SOME ||
	    (n > 0 && e->batchable(items[0]))))
		return send_one(p, e, items, n);
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING)
			continue;
		if ((a = send_one(p, e, items + i, 1)) != ATTEMPT_DONE)
			return a;
	}
	return ATTEMPT_DONE;
}
