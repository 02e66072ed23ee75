/*
 * domain_search.c - Maildoso's domain search (domain_search.h): the
 * `search domains` operation and the availability cache of purchases.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "domain_search.h"
#include "json.h"
#include "provider.h"
#include "rules.h"
#include "xmalloc.h"

/* DomainSearchRequest for names. */
static void
search_body(struct buf *b, const char *const *names, size_t n,
    int variations)
{
	size_t	i;

	buf_puts(b, "{\"domains\":[");
	for (i = 0; i < n; i++) {
		buf_puts(b, i ? "," : "");
		json_put_str(b, names[i]);
	}
	buf_printf(b, "],\"add_variations\":%d}", variations);
}

static int
says_available(const char *s)
{
	return s != NULL && (strcasecmp(s, "true") == 0 ||
	    strcasecmp(s, "yes") == 0 || strcmp(s, "1") == 0);
}

/* A member as text: a string as it is, true/false, else NULL. */
static char *
member_text(const struct json_doc *d, int obj, const char *key)
{
	int	b, v = json_get(d, obj, key);

	if (v < 0 || json_is_null(d, v))
		return NULL;
	if (json_bool(d, v, &b) == 0)
		return xstrdup(b ? "true" : "false");
	return json_get_str(d, obj, key);
}

int
search_build(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const char	**names = xcalloc(n, sizeof *names);
	size_t		  i;

	rq->method = HTTP_POST;
	buf_puts(&rq->path, DOMAIN_SEARCH_PATH);
	for (i = 0; i < n; i++) {
		names[i] = buf_cstr(&items[i]->rec.domain);
		rq->sent[rq->nsent++] = items[i];
	}
	search_body(&rq->body, names, n, p->job->variations);
	free(names);
	return 0;
}

/* The first label of s, its length into *len. */
static const char *
first_label(const char *s, size_t *len)
{
	const char	*dot = strchr(s, '.');

	*len = dot != NULL ? (size_t)(dot - s) : strlen(s);
	return s;
}

static int
label_has(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	size_t	i;

	for (i = 0; nlen > 0 && i + nlen <= hlen; i++)
		if (strncasecmp(hay + i, needle, nlen) == 0)
			return 1;
	return 0;
}

/*
 * Which row a result belongs to: the row of that very name; else the row
 * whose name's first label the result's first label holds (the longest;
 * prev among equals), as variations are made; else prev (answer order).
 */
static long
owner(struct item **items, size_t n, const char *name, long prev)
{
	const char	*hay, *lab;
	size_t		 i, hlen, llen, best_len = 0;
	long		 best = -1;

	for (i = 0; i < n; i++)
		if (strcasecmp(buf_cstr(&items[i]->rec.domain), name) == 0)
			return (long)i;
	hay = first_label(name, &hlen);
	for (i = 0; i < n; i++) {
		lab = first_label(buf_cstr(&items[i]->rec.domain), &llen);
		if (label_has(hay, hlen, lab, llen) && (llen > best_len ||
		    (llen == best_len && (long)i == prev))) {
			best = (long)i;
			best_len = llen;
		}
	}
	return best >= 0 ? best : prev;
}

/* One DomainSearchResponse into row x (of input row it). */
static void
fill(struct item *x, const struct item *it, const struct json_doc *d,
    int r, int http_status)
{
	char		*av = member_text(d, r, "available");
	char		*st = member_text(d, r, "status");
	char		*er = member_text(d, r, "error");
	const char	*tld = rule_blocked_tld(x->found);

	item_set(x, RES_REQUESTED, buf_cstr(&it->rec.domain));
	item_set(x, RES_AVAILABLE, av);
	item_set(x, RES_SEARCH_STATUS, st);
	x->attempts = it->attempts;
	if (tld != NULL)
		item_finish(x, ST_UNAVAILABLE, http_status, "Maildoso does "
		    "not register %s domains", tld);
	else if (says_available(av))
		item_finish(x, ST_AVAILABLE, http_status, NULL);
	else
		item_finish(x, ST_UNAVAILABLE, http_status, "%s", er != NULL ?
		    er : "not available for registration");
	free(av);
	free(st);
	free(er);
}

/* Result r of the answer for row it: its own row when that is still
 * free, else one more row after its others. */
static void
attach(struct item *it, const struct json_doc *d, int r, const char *name,
    int http_status)
{
	struct item	*x = it, **tail;

	if (it->found != NULL) {
		/* a name answered twice for the row is one row */
		for (x = it; x != NULL; x = x->extra)
			if (strcasecmp(x->found, name) == 0)
				return;
		x = item_new(it->seq, NULL);
		for (tail = &it->extra; *tail != NULL; tail = &(*tail)->extra)
			;
		*tail = x;
	}
	x->found = xstrdup(name);
	fill(x, it, d, r, http_status);
}

enum attempt
search_map(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct json_doc	*d;
	char		*name;
	long		*own, prev = -1;
	int		 r, k, pass, nres;
	size_t		 i;

	(void)rq;
	if ((d = pctx_parse(p)) == NULL || json_type(d, 0) != JSON_ARRAY) {
		json_free(d);
		return ATTEMPT_TRANSIENT;	/* garbled: ask again */
	}
	nres = json_len(d, 0);
	own = xcalloc((size_t)nres + 1, sizeof *own);
	for (r = json_child(d, 0), k = 0; r >= 0; r = json_next(d, r), k++) {
		own[k] = -1;
		if ((name = json_get_str(d, r, "name")) != NULL)
			own[k] = prev = owner(items, n, name, prev);
		free(name);
	}
	/* A row's own name first, then the others in the answer's order. */
	for (pass = 0; pass < 2; pass++)
		for (r = json_child(d, 0), k = 0; r >= 0;
		    r = json_next(d, r), k++) {
			if (own[k] < 0 || (name = json_get_str(d, r,
			    "name")) == NULL)
				continue;
			if ((strcasecmp(name, buf_cstr(&items[own[k]]->
			    rec.domain)) == 0) == (pass == 0))
				attach(items[own[k]], d, r, name,
				    p->resp.status);
			free(name);
		}
	free(own);
	json_free(d);
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "not in Maildoso's answer");
	return ATTEMPT_DONE;
}

void
avail_init(struct avail_cache *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	strmap_init(&c->map);
}

void
avail_free(struct avail_cache *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->why[i]);
	free(c->why);
	strmap_free(&c->map);
	pthread_mutex_destroy(&c->lock);
}

int
avail_get(struct avail_cache *c, const char *name, const char **why)
{
	long long	 v;
	char		*l = xstrdup_lower(name);
	int		 rc = -1;

	*why = NULL;
	pthread_mutex_lock(&c->lock);
	if (strmap_get(&c->map, l, &v)) {
		rc = (int)(v & 1);
		*why = c->why[v >> 1];
	}
	pthread_mutex_unlock(&c->lock);
	free(l);
	return rc;
}

/* An answer's results into the cache. */
static void
avail_put(struct avail_cache *c, const struct json_doc *d)
{
	char	*name, *av, *er, *l;
	int	 r;

	pthread_mutex_lock(&c->lock);
	for (r = json_child(d, 0); r >= 0; r = json_next(d, r)) {
		if ((name = json_get_str(d, r, "name")) == NULL)
			continue;
		av = member_text(d, r, "available");
		er = member_text(d, r, "error");
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->why = xreallocarray(c->why, c->cap, sizeof *c->why);
		}
		c->why[c->n] = er;
		l = xstrdup_lower(name);
		strmap_put(&c->map, l, (long long)c->n++ << 1 |
		    says_available(av));
		free(l);
		free(name);
		free(av);
	}
	pthread_mutex_unlock(&c->lock);
}

int
avail_search(struct pctx *p, struct avail_cache *c, const char *const *names,
    size_t n)
{
	struct json_doc	*d;
	struct buf	 body = BUF_INIT;
	size_t		 i, k;
	int		 rc = 0;

	for (i = 0; i < n && rc == 0; i += k) {
		k = n - i < DOMAIN_SEARCH_BATCH ? n - i : DOMAIN_SEARCH_BATCH;
		buf_reset(&body);
		search_body(&body, names + i, k, 0);
		if (pctx_request_safe(p, HTTP_POST, DOMAIN_SEARCH_PATH,
		    body.data) < 0 || p->resp.status != 200 ||
		    (d = pctx_parse(p)) == NULL) {
			rc = -1;
			break;
		}
		avail_put(c, d);
		json_free(d);
	}
	buf_free(&body);
	return rc;
}
