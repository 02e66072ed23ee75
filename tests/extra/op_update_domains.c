/*
 * op_update_domains.c - an operation added through the table alone, for
 * tests/e2e/extra_op.sh: Maildoso `update domains` (PUT /v1/user/domains,
 * [{id, redirect_to}]), which the product does not have. The entry and its
 * two mapping functions are all there is; the lookups are those of
 * Maildoso's own domain entry.
 *
 * It is linked into build/tests/mailfleet-extra, the real binary (main.o
 * and every object) with -Wl,--wrap=provider_find,--wrap=provider_nth:
 * the wrappers hand out Maildoso with this entry appended to its table.
 * No product code knows.
 */
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

/* The rows that name their domain's id, in one array. */
static int
build(struct pctx *p, struct op_request *rq, struct item **items, size_t n)
{
	size_t	i;

	(void)p;
	rq->method = HTTP_PUT;
	buf_puts(&rq->path, "/v1/user/domains");
	buf_putc(&rq->body, '[');
	for (i = 0; i < n; i++) {
		if (*items[i]->rec.id == '\0') {
			item_finish(items[i], ST_FAILED, 0, "give the "
			    "domain's id");
			continue;
		}
		buf_printf(&rq->body, "%s{\"id\":%s,\"redirect_to\":",
		    rq->nsent ? "," : "", items[i]->rec.id);
		json_put_str(&rq->body, *items[i]->rec.redirect_to ?
		    items[i]->rec.redirect_to : NULL);
		buf_putc(&rq->body, '}');
		rq->sent[rq->nsent++] = items[i];
	}
	buf_putc(&rq->body, ']');
	return rq->nsent == 0;
}

/* 204: every row sent is updated. */
static enum attempt
map(struct pctx *p, struct op_request *rq, struct item **items, size_t n)
{
	size_t	i;

	(void)items;
	(void)n;
	for (i = 0; i < rq->nsent; i++) {
		item_set(rq->sent[i], RES_ID, rq->sent[i]->rec.id);
		item_finish(rq->sent[i], ST_UPDATED, p->resp.status, NULL);
	}
	return ATTEMPT_DONE;
}

static const enum col columns[] = { COL_DOMAIN, COL_ID, COL_REDIRECT_TO,
	COL__COUNT };
static const enum res_col res[] = { RES_ID };

/* Maildoso, its table and the entry after it. */
static const struct provider *
extended(const struct provider *md)
{
	static struct provider		 prov;
	static struct operation		*ops;
	const struct operation		*dom;

	if (ops != NULL)
		return &prov;
	dom = provider_operation(md, OP_CREATE, KIND_DOMAINS);
	ops = xcalloc(md->nops + 1, sizeof *ops);
	memcpy(ops, md->ops, md->nops * sizeof *ops);
	ops[md->nops] = (struct operation){ .op = OP_UPDATE,
	    .kind = KIND_DOMAINS, .help = "set where domains redirect to "
	    "(PUT /v1/user/domains)", .columns = columns,
	    .validate = VALIDATE_BY_ID, .batch_max = 100,
	    .batch_default = 100, .share = OP_SHARE_ANY, .idempotent = 1,
	    OP_RES(res), .build = build, .map = map, .lookup = dom->lookup,
	    .lookup_many = dom->lookup_many };
	prov = *md;
	prov.ops = ops;
	prov.nops = md->nops + 1;
	return &prov;
}

/* Where the product finds a provider: by name (a run) and in turn (help,
 * completions). */
const struct provider *
__wrap_provider_find(const char *name)
{
	const struct provider	*p = __real_provider_find(name);

	return p != NULL && strcmp(p->name, "maildoso") == 0 ? extended(p) : p;
}

const struct provider *
__wrap_provider_nth(size_t i)
{
	const struct provider	*p = __real_provider_nth(i);

	return p != NULL && strcmp(p->name, "maildoso") == 0 ? extended(p) : p;
}
