/*
 * op_update_domains.c - an operation added through the table alone, for
 * tests/e2e/extra_op.sh: ColdSend `update domains`, which activates them
 * (POST /domains/{id}/activate, a real route of the documents that no
 * product entry sends: `wait domains --activate` does, outside the
 * tables). The entry and its two mapping functions are all there is; the
 * lookups (--dry-run) are those of ColdSend's own domain entry, and
 * refusals go through ColdSend's refused().
 *
 * It is linked into build/tests/mailfleet-extra, the real binary (main.o
 * and every object) with -Wl,--wrap=provider_find,--wrap=provider_nth:
 * the wrappers hand out ColdSend with this entry appended to its table.
 * No product code knows.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "operation.h"
#include "provider.h"
#include "validate.h"
#include "xmalloc.h"

const struct provider *__real_provider_find(const char *name);
const struct provider *__wrap_provider_find(const char *name);
const struct provider *__real_provider_nth(size_t i);
const struct provider *__wrap_provider_nth(size_t i);

/* One row a request, by its id column. */
static int
build(struct pctx *p, struct op_request *rq, struct item **items, size_t n)
{
	struct item	*it = items[0];

	(void)p;
	(void)n;
	if (*it->rec.id == '\0') {
		item_finish(it, ST_FAILED, 0, "give the domain's id");
		return 1;
	}
	item_set(it, RES_ID, it->rec.id);
	rq->method = HTTP_POST;
	buf_puts(&rq->path, "/domains");
	http_url_append_segment(&rq->path, it->res[RES_ID]);
	buf_puts(&rq->path, "/activate");
	rq->sent[rq->nsent++] = it;
	return 0;
}

/* 2xx: activated, with the status the answer gives. */
static enum attempt
map(struct pctx *p, struct op_request *rq, struct item **items, size_t n)
{
	struct json_doc	*d;
	char		*st = NULL;

	(void)rq;
	(void)n;
	if ((d = pctx_parse(p)) != NULL)
		st = json_get_str(d, 0, "status");
	item_set(items[0], RES_DOMAIN_STATUS, st);
	item_finish(items[0], ST_UPDATED, p->resp.status, NULL);
	free(st);
	json_free(d);
	return ATTEMPT_DONE;
}

static const enum col columns[] = { COL_DOMAIN, COL_ID, COL__COUNT };
static const enum res_col res[] = { RES_ID, RES_DOMAIN_STATUS };

/* ColdSend, its table and the entry after it. */
static const struct provider *
extended(const struct provider *cs)
{
	static struct provider		 prov;
	static struct operation		*ops;
	const struct operation		*cs_domains;

	if (ops != NULL)
		return &prov;
	cs_domains = provider_operation(cs, OP_CREATE, KIND_DOMAINS);
	ops = xcalloc(cs->nops + 1, sizeof *ops);
	memcpy(ops, cs->ops, cs->nops * sizeof *ops);
	ops[cs->nops] = (struct operation){ .op = OP_UPDATE,
	    .kind = KIND_DOMAINS, .help = "activate domains waiting for "
	    "their name servers (POST /domains/{id}/activate)",
	    .columns = columns, .validate = VALIDATE_BY_ID, .batch_max = 1,
	    .batch_default = 1, .share = OP_SHARE_ONE, .idempotent = 1,
	    OP_RES(res), .build = build, .map = map,
	    .lookup = cs_domains->lookup,
	    .lookup_many = cs_domains->lookup_many };
	prov = *cs;
	prov.ops = ops;
	prov.nops = cs->nops + 1;
	return &prov;
}

/* Where the product finds a provider: by name (a run) and in turn (help,
 * completions). */
const struct provider *
__wrap_provider_find(const char *name)
{
	const struct provider	*p = __real_provider_find(name);

	return p != NULL && strcmp(p->name, "coldsend") == 0 ? extended(p) : p;
}

const struct provider *
__wrap_provider_nth(size_t i)
{
	const struct provider	*p = __real_provider_nth(i);

	return p != NULL && strcmp(p->name, "coldsend") == 0 ? extended(p) : p;
}
