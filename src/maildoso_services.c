/*
 * maildoso_services.c - Maildoso's warm-up services and sequencer
 * connections as operation entries (their table rows are in
 * provider_maildoso.c).
 *
 * Warm-ups: POST and PUT /v1/user/services/warmups take arrays of
 * WarmupServiceRequest and answer the services (UserWarmupService), which
 * are matched to rows by system_id (a create; one row a system in a file)
 * or warmup_id (an update), never by position; DELETE
 * /v1/user/services/warmups/{id} one at a time. Sequencers: POST and PUT
 * /v1/sequencers, one connection a request. The list of the kind (GET
 * /v1/user/services/warmups or /v1/sequencers, small and unpaged) is read
 * once at the start: rows by system_id or platform find their ids there,
 * and a create's rows already there are not sent again.
 *
 * The api_key and sequencer_password are secrets: the bodies holding
 * them are wiped once answered, and no message quotes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"
#include "json.h"
#include "maildoso_impl.h"
#include "provider.h"
#include "xmalloc.h"

#define WARMUPS_PATH	"/v1/user/services/warmups"
#define SEQUENCERS_PATH	"/v1/sequencers"

struct md_svc {
	struct json_doc	*list;		/* the kind's list, as read once */
};

static const char *
list_path(enum kind kind)
{
	return kind == KIND_WARMUPS ? WARMUPS_PATH : SEQUENCERS_PATH;
}

int
md_svc_prepare(struct pctx *p, struct md_svc **out, char *err, size_t errlen)
{
	struct md_svc	*s = xcalloc(1, sizeof *s);

	*out = s;
	if ((s->list = pctx_get_json(p, list_path(p->job->kind), err,
	    errlen)) == NULL)
		return -1;
	if (json_type(s->list, 0) != JSON_ARRAY) {
		snprintf(err, errlen, "Maildoso GET %s: the answer is not a "
		    "JSON array", list_path(p->job->kind));
		return -1;
	}
	return 0;
}

void
md_svc_free(struct md_svc *s)
{
	if (s == NULL)
		return;
	json_free(s->list);
	free(s);
}

static int
str_is(const struct json_doc *d, int obj, const char *key, const char *want)
{
	char	*s = json_get_str(d, obj, key);
	int	 eq = s != NULL && strcasecmp(s, want) == 0;

	free(s);
	return eq;
}

/* Is the row's key an id (id:...)? */
static int
by_id(const struct item *it)
{
	return strncmp(buf_cstr(&it->rec.key), "id:", 3) == 0;
}

/*
 * The row's object in list d: warm-ups by warmup_id, else by system_id;
 * sequencers by id, else by platform among the connected ones. The
 * element, or -1.
 */
static int
find_in(const struct json_doc *d, enum kind kind, const struct item *it)
{
	const struct record	*r = &it->rec;
	long long		 id;
	int			 v;

	for (v = json_child(d, 0); v >= 0; v = json_next(d, v)) {
		if (kind == KIND_WARMUPS && (by_id(it) ? str_is(d, v,
		    "warmup_id", r->id) : str_is(d, v, "system_id",
		    r->system_id)))
			return v;
		if (kind != KIND_SEQUENCERS || json_get_int(d, v, "id",
		    &id) < 0)
			continue;	/* not connected */
		if (by_id(it) ? strtoll(r->id, NULL, 10) == id &&
		    strspn(r->id, "0123456789") == strlen(r->id) :
		    str_is(d, v, "platform", r->platform))
			return v;
	}
	return -1;
}

/* The ids and state of the object at v into the row. */
static void
fill(struct item *it, enum kind kind, const struct json_doc *d, int v)
{
	if (kind == KIND_WARMUPS) {
		md_set_str(it, RES_ID, d, v, "warmup_id");
		md_set_str(it, RES_WARMUP_ID, d, v, "warmup_id");
	} else {
		md_set_int(it, RES_ID, d, v, "id");
		md_set_str(it, RES_SEQUENCER_STATUS, d, v, "status");
	}
}

int
md_svc_lookup_many(struct pctx *p, struct item **items, size_t n, int *found)
{
	struct md_svc	*s = md_svc_of(p);
	size_t		 i;
	int		 v;

	if (s == NULL || s->list == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		found[i] = -3;
		if (items[i]->status != ST_PENDING)
			continue;
		v = find_in(s->list, p->job->kind, items[i]);
		if (v >= 0)
			fill(items[i], p->job->kind, s->list, v);
		found[i] = v >= 0;
	}
	return 0;
}

/* The list read again, for a row sent without an answer, or a dry run's
 * row the first list could not tell about. */
int
md_svc_lookup(struct pctx *p, struct item *it)
{
	struct json_doc	*d;
	int		 v;

	if (pctx_request(p, HTTP_GET, list_path(p->job->kind), NULL) < 0 ||
	    p->resp.status != 200 || (d = pctx_parse(p)) == NULL)
		return -1;
	if ((v = find_in(d, p->job->kind, it)) >= 0) {
		fill(it, p->job->kind, d, v);
		if (p->job->op == OP_CREATE)
			item_finish(it, ST_CREATED, 200, "reconciled: found "
			    "after an unanswered request");
		else
			item_finish(it, ST_CREATED, 200, NULL);
	}
	json_free(d);
	return v >= 0;
}

/*
 * The row's object in the run's list, for an update or delete: 0 (its id
 * in RES_ID), or -1 with the row finished: not there (a delete an
 * interrupted run may have made is reconciled as deleted).
 */
static int
resolve(struct pctx *p, struct item *it)
{
	struct md_svc	*s = md_svc_of(p);
	int		 v = find_in(s->list, p->job->kind, it);

	if (v >= 0) {
		fill(it, p->job->kind, s->list, v);
		return 0;
	}
	if (it->maybe_sent && p->job->op == OP_DELETE)
		item_finish(it, ST_DELETED, 0, "reconciled: gone after the "
		    "interrupted run's delete");
	else
		item_finish(it, ST_FAILED, 0, "no such %s at Maildoso",
		    p->job->kind == KIND_WARMUPS ? "warm-up service" :
		    "connected sequencer");
	return -1;
}

/* WarmupServiceRequest of the row: the tags split at ';', trimmed. */
static void
put_warmup(struct buf *b, const struct item *it, int update)
{
	const char	*t = it->rec.warmup_exclude, *e;
	size_t		 len;
	int		 n = 0;

	buf_puts(b, "{\"system_id\":");
	json_put_str(b, it->rec.system_id);
	buf_puts(b, ",\"warmup_meta\":{\"warmup_exclude\":[");
	for (; *t != '\0'; t = *e ? e + 1 : e) {
		if ((e = strchr(t, ';')) == NULL)
			e = t + strlen(t);
		while (t < e && (*t == ' ' || *t == '\t'))
			t++;
		for (len = (size_t)(e - t); len > 0 && (t[len - 1] == ' ' ||
		    t[len - 1] == '\t'); len--)
			;
		if (len == 0)
			continue;
		buf_puts(b, n++ ? "," : "");
		json_put_strn(b, t, len);
	}
	buf_putc(b, ']');
	if (*it->rec.api_key != '\0') {
		buf_puts(b, ",\"api_key\":");
		json_put_str(b, it->rec.api_key);
	}
	buf_putc(b, '}');
	if (update) {
		buf_puts(b, ",\"warmup_id\":");
		json_put_str(b, it->res[RES_ID]);
	}
	buf_putc(b, '}');
}

/* POST (create) or PUT (update) /v1/user/services/warmups: the rows in
 * one array; an update's rows must be in the run's list. */
int
md_build_warmups(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	int	update = p->job->op == OP_UPDATE;
	size_t	i;

	rq->secret = 1;				/* api keys */
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING || (update &&
		    resolve(p, items[i]) < 0))
			continue;
		buf_putc(&rq->body, rq->nsent ? ',' : '[');
		put_warmup(&rq->body, items[i], update);
		rq->sent[rq->nsent++] = items[i];
	}
	if (rq->nsent == 0)
		return 1;
	buf_putc(&rq->body, ']');
	rq->method = update ? HTTP_PUT : HTTP_POST;
	buf_puts(&rq->path, WARMUPS_PATH);
	return 0;
}

/* The answer's services matched to the rows sent (by warmup_id for an
 * update, by system_id for a create), each answer element used once. */
enum attempt
md_map_warmups(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct json_doc	*d;
	struct item	*it;
	unsigned char	*used;
	size_t		 i, k;
	int		 v, update = p->job->op == OP_UPDATE;

	(void)items;
	(void)n;
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled: reconcile */
	used = xcalloc((size_t)json_len(d, 0) + 1, 1);
	for (i = 0; i < rq->nsent; i++) {
		it = rq->sent[i];
		for (v = json_child(d, 0), k = 0; v >= 0; v = json_next(d, v),
		    k++)
			if (!used[k] && (update ? str_is(d, v, "warmup_id",
			    it->res[RES_ID]) : str_is(d, v, "system_id",
			    it->rec.system_id)))
				break;
		if (v < 0) {
			item_finish(it, ST_FAILED, p->resp.status, "Maildoso "
			    "accepted the request but did not report this "
			    "service");
			continue;
		}
		used[k] = 1;
		fill(it, KIND_WARMUPS, d, v);
		item_finish(it, update ? ST_UPDATED : ST_CREATED,
		    p->resp.status, NULL);
	}
	free(used);
	json_free(d);
	return ATTEMPT_DONE;
}

/* DELETE /v1/user/services/warmups/{id}, the id found in the run's list
 * (rows by system_id too). */
int
md_build_warmup_delete(struct pctx *p, struct op_request *rq,
    struct item **items, size_t n)
{
	(void)n;
	if (resolve(p, items[0]) < 0)
		return 1;
	rq->method = HTTP_DELETE;
	buf_puts(&rq->path, WARMUPS_PATH);
	http_url_append_segment(&rq->path, items[0]->res[RES_ID]);
	rq->sent[rq->nsent++] = items[0];
	return 0;
}

enum attempt
md_map_warmup_delete(struct pctx *p, struct op_request *rq,
    struct item **items, size_t n)
{
	(void)rq;
	(void)n;
	item_finish(items[0], ST_DELETED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* SequencerAdd, or SequencerUpdate with the connection's id. */
int
md_build_sequencer(struct pctx *p, struct op_request *rq,
    struct item **items, size_t n)
{
	struct item		*it = items[0];
	const struct record	*r = &it->rec;
	struct buf		*b = &rq->body;
	int			 update = p->job->op == OP_UPDATE;

	(void)n;
	if (update && resolve(p, it) < 0)
		return 1;
	rq->secret = 1;				/* password, api key */
	buf_putc(b, '{');
	if (update)
		buf_printf(b, "\"id\":%s,", it->res[RES_ID]);
	buf_puts(b, "\"platform\":");
	json_put_str(b, r->platform);
	buf_puts(b, ",\"sequencer_login\":");
	json_put_str(b, r->seq_login);
	buf_puts(b, ",\"sequencer_password\":");
	json_put_str(b, r->seq_password);
	if (*r->seq_workspace != '\0') {
		buf_puts(b, ",\"sequencer_workspace\":");
		json_put_str(b, r->seq_workspace);
	}
	if (*r->api_key != '\0') {
		buf_puts(b, ",\"api_key\":");
		json_put_str(b, r->api_key);
	}
	buf_putc(b, '}');
	rq->method = update ? HTTP_PUT : HTTP_POST;
	buf_puts(&rq->path, SEQUENCERS_PATH);
	rq->sent[rq->nsent++] = it;
	return 0;
}

/* 201 SequencerAddResponse {id, status}, or an update's 204. */
enum attempt
md_map_sequencer(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];
	struct json_doc	*d;

	(void)rq;
	(void)n;
	if (p->job->op == OP_UPDATE) {
		item_finish(it, ST_UPDATED, p->resp.status, NULL);
		return ATTEMPT_DONE;
	}
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled: reconcile */
	fill(it, KIND_SEQUENCERS, d, 0);
	json_free(d);
	item_finish(it, ST_CREATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}
