/*
 * provider_coldsend.c - ColdSend's public API (../shared/specs/coldsend.md).
 *
 * Domains: POST /domains {"domain"} one at a time. Inboxes: POST
 * /sender-accounts/coldsend-native/bulk {"domain_id", "inboxes": [...]},
 * at most 100 per request and all on one domain, so rows are batched per
 * domain; a request of one row goes to POST /sender-accounts/coldsend-native
 * (SMTP: /sender-accounts/smtp, answered at once, no job). The answers of
 * the native endpoints are not published: results are read tolerantly
 * (inbox_id or id, email or email_address) and matched by address. 409
 * to a create means it exists (to a delete: refused, e.g. a domain with
 * active campaigns). POST /domains/{id}/activate moves a
 * DNS_PENDING domain on and takes a FAILED one up again (wait --activate);
 * GET /domains/{id} and /progress give what the listing lacks. Lookups
 * page through the lists.
 * Rate limit: the documented 100/min and 1,000/h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "coldsend_smtp.h"
#include "export.h"
#include "inputset.h"
#include "json.h"
#include "operation.h"
#include "provider.h"
#include "validate.h"
#include "xmalloc.h"

#define PAGE_LIMIT	100
#define MAX_PAGES	10000

/* The account's domains, learnt once by prepare(), then sorted by name
 * (without case) for domain_info()'s binary search. */
struct cs_domain {
	char		*name, *id, *status;
	size_t		 seq;		/* position in the listing */
	long long	 inboxes;	/* current_inboxes; < 0: not given */
};

/* An inbox of GET /sender-accounts, as a lookup fills a row. */
struct cs_inbox {
	char	*email, *id, *status;
};

struct cs_data {
	struct cs_domain	*d;
	size_t			 n, cap;
	/* Every inbox of the account, listed once for the run when a row
	 * needs it (the listing takes no domain filter), sorted by
	 * address; guarded by lock, held while the listing is fetched. */
	pthread_mutex_t		 lock;
	struct cs_inbox		*in;
	size_t			 nin, capin;
	int			 listed;
};

static char *
get_either(const struct json_doc *d, int obj, const char *a, const char *b)
{
	char	*s = json_get_str(d, obj, a);

	return s != NULL ? s : json_get_str(d, obj, b);
}

/* GET path + query with page (1-based) and limit: the parsed answer, or
 * NULL (p->resp says why). */
static struct json_doc *
get_page(struct pctx *p, const char *path, const char *query, long page,
    long limit)
{
	struct buf	 url = BUF_INIT;
	struct json_doc	*d = NULL;
	char		 num[24];

	buf_printf(&url, "%s%s", path, query);
	snprintf(num, sizeof num, "%ld", page);
	http_url_append_query(&url, "page", num);
	snprintf(num, sizeof num, "%ld", limit);
	http_url_append_query(&url, "limit", num);
	if (pctx_request(p, HTTP_GET, url.data, NULL) == 0 &&
	    p->resp.status == 200)
		d = pctx_parse(p);
	buf_free(&url);
	return d;
}

/* Walks a paginated list; calls fn on every element until it returns 1.
 * Returns 1 found, 0 not found, -1 a page failed. */
static int
walk_list(struct pctx *p, const char *path, const char *list_key,
    int (*fn)(struct pctx *, const struct json_doc *, int, void *), void *arg)
{
	struct json_doc	*d;
	int		 n, v, more, found = 0;

	for (n = 1; n <= MAX_PAGES && !found; n++) {
		if ((d = get_page(p, path, "", n, PAGE_LIMIT)) == NULL)
			return -1;
		for (v = json_child(d, json_get(d, 0, list_key)); v >= 0 &&
		    !found; v = json_next(d, v))
			found = fn(p, d, v, arg);
		more = 0;
		json_get_bool(d, json_get(d, 0, "pagination"), "has_next",
		    &more);
		json_free(d);
		if (!more)
			break;
	}
	return found;
}

struct list_arg {
	void	(*fn)(void *, const char *, const char *, const char *,
		    const char *);
	void	 *arg;
};

/* The fields list_one() and remember_one() read of a domain of GET
 * /domains (owned; NULL when absent). */
struct cs_fields {
	char	*name, *id, *status;
};

static void
read_domain(const struct json_doc *d, int v, struct cs_fields *f)
{
	f->name = json_get_str(d, v, "domain_name");
	f->id = json_get_str(d, v, "domain_id");
	f->status = json_get_str(d, v, "status");
}

static void
fields_free(struct cs_fields *f)
{
	free(f->name);
	free(f->id);
	free(f->status);
}

static int
list_one(struct pctx *p, const struct json_doc *d, int v, void *arg)
{
	struct list_arg		*la = arg;
	struct cs_fields	 f;

	(void)p;
	read_domain(d, v, &f);
	if (f.name != NULL)
		la->fn(la->arg, f.name, f.id ? f.id : "", f.status ?
		    f.status : "", "");
	fields_free(&f);
	return 0;
}

static int
list_domains(struct pctx *p, void (*fn)(void *, const char *, const char *,
    const char *, const char *), void *arg)
{
	struct list_arg	la = { fn, arg };

	return walk_list(p, "/domains", "domains", list_one, &la) < 0 ? -1 : 0;
}

static void
remember_domain(void *arg, const char *name, const char *id,
    const char *status, const char *ns)
{
	struct cs_data	*cs = arg;

	(void)ns;
	if (*id == '\0')
		return;			/* nothing to send inboxes to */
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->d = xreallocarray(cs->d, cs->cap, sizeof *cs->d);
	}
	cs->d[cs->n].name = xstrdup(name);
	cs->d[cs->n].id = xstrdup(id);
	cs->d[cs->n].status = xstrdup(status);
	cs->d[cs->n].seq = cs->n;
	cs->n++;
}

/* By name without case, then by position: the first of equal names first,
 * the one a scan of the listing would find. */
static int
domain_cmp(const void *a, const void *b)
{
	const struct cs_domain	*x = a, *y = b;
	int			 c = strcasecmp(x->name, y->name);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* One domain of GET /domains for prepare(): remembered with the count of
 * its inboxes. */
static int
remember_one(struct pctx *p, const struct json_doc *d, int v, void *arg)
{
	struct cs_data		*cs = arg;
	struct cs_fields	 f;
	size_t			 n = cs->n;

	(void)p;
	read_domain(d, v, &f);
	if (f.name != NULL)
		remember_domain(cs, f.name, f.id ? f.id : "", f.status ?
		    f.status : "", "");
	if (cs->n > n && json_get_int(d, v, "current_inboxes",
	    &cs->d[n].inboxes) < 0)
		cs->d[n].inboxes = -1;
	fields_free(&f);
	return 0;
}

static int
prepare(struct pctx *p, char *err, size_t errlen)
{
	struct cs_data	*cs = xcalloc(1, sizeof *cs);
	struct buf	 why = BUF_INIT;

	pthread_mutex_init(&cs->lock, NULL);
	p->job->pdata = cs;
	if (walk_list(p, "/domains", "domains", remember_one, cs) < 0) {
		provider_error_text(&p->resp, &why);
		snprintf(err, errlen, "ColdSend GET /domains: %s%s",
		    buf_cstr(&why), p->resp.status == 401 ||
		    p->resp.status == 403 ? " (is COLDSEND_API_KEY right?)" :
		    "");
		buf_free(&why);
		return -1;
	}
	if (cs->n > 1)
		qsort(cs->d, cs->n, sizeof *cs->d, domain_cmp);
	return 0;
}

static void
release(struct job *job)
{
	struct cs_data	*cs = job->pdata;
	size_t		 i;

	if (cs == NULL)
		return;
	for (i = 0; i < cs->n; i++) {
		free(cs->d[i].name);
		free(cs->d[i].id);
		free(cs->d[i].status);
	}
	free(cs->d);
	for (i = 0; i < cs->nin; i++) {
		free(cs->in[i].email);
		free(cs->in[i].id);
		free(cs->in[i].status);
	}
	free(cs->in);
	pthread_mutex_destroy(&cs->lock);
	free(cs);
	job->pdata = NULL;
}

/* The domain as prepare() saw it, or NULL when the account has none. */
static const struct cs_domain *
domain_info(struct job *job, const char *name)
{
	struct cs_data	*cs = job->pdata;
	size_t		 lo = 0, hi = cs->n, mid;
	const struct cs_domain *found = NULL;
	int		 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(name, cs->d[mid].name);
		if (c == 0) {
			found = &cs->d[mid];
			hi = mid;	/* the first of equal names */
		} else if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return found;
}

static void
fill_inbox(struct item *it, const struct json_doc *d, int v)
{
	char	*s;

	if ((s = get_either(d, v, "inbox_id", "id")) != NULL)
		item_set(it, RES_ID, s);
	free(s);
	if ((s = get_either(d, v, "overall_status", "status")) != NULL)
		item_set(it, RES_ACCOUNT_STATUS, s);
	free(s);
}

struct find_arg {
	struct item	*it;
	int		 domain;	/* looking for a domain, not an inbox */
};

static int
match(struct pctx *p, const struct json_doc *d, int v, void *arg)
{
	struct find_arg	*fa = arg;
	char		*s, *id, *st;
	int		 hit;

	(void)p;
	s = fa->domain ? json_get_str(d, v, "domain_name") :
	    get_either(d, v, "email_address", "email");
	hit = s != NULL && strcasecmp(s, buf_cstr(fa->domain ?
	    &fa->it->rec.domain : &fa->it->rec.email)) == 0;
	free(s);
	if (!hit)
		return 0;
	if (fa->domain) {
		id = json_get_str(d, v, "domain_id");
		st = json_get_str(d, v, "status");
		item_set(fa->it, RES_ID, id);
		item_set(fa->it, RES_DOMAIN_STATUS, st);
		free(id);
		free(st);
	} else
		fill_inbox(fa->it, d, v);
	return 1;
}

static int
lookup_st(struct pctx *p, struct item *it, enum row_status st)
{
	struct find_arg	fa = { it, p->job->kind == KIND_DOMAINS };
	int		rc;

	rc = walk_list(p, fa.domain ? "/domains" : "/sender-accounts",
	    fa.domain ? "domains" : "sender_accounts", match, &fa);
	if (rc == 1)
		item_finish(it, st, p->resp.status, st == ST_EXISTS ?
		    "already exists at ColdSend" : st == ST_CREATED ?
		    "reconciled: found after an unanswered request" : NULL);
	return rc;
}

static int
lookup(struct pctx *p, struct item *it)
{
	return lookup_st(p, it, ST_CREATED);
}

/* One inbox of GET /sender-accounts into the cache. */
static int
keep_inbox(struct pctx *p, const struct json_doc *d, int v, void *arg)
{
	struct cs_data	*cs = arg;
	char		*email = get_either(d, v, "email_address", "email");

	(void)p;
	if (email == NULL)
		return 0;
	if (cs->nin == cs->capin) {
		cs->capin = cs->capin ? cs->capin * 2 : 256;
		cs->in = xreallocarray(cs->in, cs->capin, sizeof *cs->in);
	}
	cs->in[cs->nin].email = email;
	cs->in[cs->nin].id = get_either(d, v, "inbox_id", "id");
	cs->in[cs->nin].status = get_either(d, v, "overall_status", "status");
	cs->nin++;
	return 0;
}

static int
inbox_cmp(const void *a, const void *b)
{
	const struct cs_inbox	*x = a, *y = b;

	return strcasecmp(x->email, y->email);
}

/*
 * The row's inbox as the run's one listing of every inbox shows it (made
 * when a row first needs it, pages of 100): 1 found (filled), 0 absent,
 * -1 the listing failed. A domain with no inboxes (current_inboxes 0,
 * or only rows the journal has as existing) needs no listing.
 */
static int
known_inbox(struct pctx *p, struct item *it)
{
	struct cs_data		*cs = p->job->pdata;
	const struct cs_domain	*dom = domain_info(p->job,
				    buf_cstr(&it->rec.domain));
	struct cs_inbox		 key, *e;
	long			 known = 0, i;
	int			 rc = 0;
	/* A native inbox lives on a domain of the account; an SMTP one
	 * (which a delete may name too) on any. */
	int			 native = p->job->kind != KIND_SMTP_ACCOUNTS;

	if (dom == NULL && native && p->job->op == OP_CREATE)
		return 0;		/* not in the account: none on it */
	if (dom != NULL && native && p->job->op == OP_CREATE &&
	    p->job->domains != NULL &&
	    (i = input_domains_find(p->job->domains, dom->name)) >= 0)
		known = p->job->domains->known[i];
	pthread_mutex_lock(&cs->lock);
	if (!cs->listed && native && dom != NULL && dom->inboxes >= 0 &&
	    dom->inboxes - known <= 0)
		goto out;
	if (!cs->listed) {
		if (walk_list(p, "/sender-accounts", "sender_accounts",
		    keep_inbox, cs) < 0) {
			rc = -1;
			goto out;
		}
		if (cs->nin > 1)
			qsort(cs->in, cs->nin, sizeof *cs->in, inbox_cmp);
		cs->listed = 1;
	}
	key.email = (char *)buf_cstr(&it->rec.email);
	if (cs->nin > 0 && (e = bsearch(&key, cs->in, cs->nin,
	    sizeof *cs->in, inbox_cmp)) != NULL) {	/* in: NULL when 0 */
		item_set(it, RES_ID, e->id);
		if (e->status != NULL)
			item_set(it, RES_ACCOUNT_STATUS, e->status);
		rc = 1;
	}
out:
	pthread_mutex_unlock(&cs->lock);
	return rc;
}

/* The rows from the run's listings: inboxes from the one listing of every
 * inbox, domains (dry runs) from the domain list prepare() made. */
static int
lookup_many(struct pctx *p, struct item **items, size_t n, int *found)
{
	const struct cs_domain	*dom;
	size_t			 i;
	int			 rc;

	if (p->job->kind == KIND_DOMAINS && !p->job->dry_run)
		return -1;
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING || job_aborted(p->job))
			rc = -3;
		else if (p->job->kind != KIND_DOMAINS)
			rc = known_inbox(p, items[i]);
		else if ((dom = domain_info(p->job,
		    buf_cstr(&items[i]->rec.domain))) != NULL) {
			item_set(items[i], RES_ID, dom->id);
			item_set(items[i], RES_DOMAIN_STATUS, dom->status);
			rc = 1;
		} else
			rc = 0;
		found[i] = rc < 0 ? -3 : rc;
	}
	return 0;
}

static enum attempt
refused(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct buf	why = BUF_INIT;
	size_t		i;

	(void)rq;
	provider_error_text(&p->resp, &why);
	if (p->resp.status == 401 || p->resp.status == 403) {
		job_abort(p->job, "ColdSend refused the API key (%s)",
		    buf_cstr(&why));
		buf_free(&why);
		return ATTEMPT_FATAL;
	}
	if ((p->resp.status == 422 || p->resp.status == 409) && n > 1) {
		buf_free(&why);
		return ATTEMPT_SPLIT;
	}
	/* 409 to a create: it exists. To anything else (a domain with
	 * active campaigns refused deletion) the answer's text says why. */
	if (p->resp.status == 409 && n == 1 && p->job->op == OP_CREATE &&
	    lookup_st(p, items[0], ST_EXISTS) == 1) {
		buf_free(&why);
		return ATTEMPT_DONE;
	}
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			item_finish(items[i], ST_FAILED, p->resp.status, "%s",
			    buf_cstr(&why));
	buf_free(&why);
	return ATTEMPT_DONE;
}

/* POST /domains {"domain"}: one a request. */
static int
build_domain(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	(void)p;
	(void)n;
	rq->method = HTTP_POST;
	buf_puts(&rq->path, "/domains");
	buf_puts(&rq->body, "{\"domain\":");
	json_put_str(&rq->body, buf_cstr(&items[0]->rec.domain));
	buf_putc(&rq->body, '}');
	rq->sent[rq->nsent++] = items[0];
	return 0;
}

/* The domain object (at the root, or under "domain"): id, status and
 * nameservers. */
static enum attempt
map_domain(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];
	struct buf	 ns = BUF_INIT;
	struct json_doc	*d;
	char		*s;
	int		 a, v, obj;

	(void)rq;
	(void)n;
	if ((d = pctx_parse(p)) != NULL) {
		obj = json_get(d, 0, "domain") >= 0 &&
		    json_type(d, json_get(d, 0, "domain")) == JSON_OBJECT ?
		    json_get(d, 0, "domain") : 0;
		if ((s = json_get_str(d, obj, "domain_id")) != NULL)
			item_set(it, RES_ID, s);
		free(s);
		if ((s = json_get_str(d, obj, "status")) != NULL)
			item_set(it, RES_DOMAIN_STATUS, s);
		free(s);
		a = json_get(d, obj, "nameservers");
		if (a < 0)
			a = json_get(d, 0, "nameservers");
		for (v = json_child(d, a); v >= 0; v = json_next(d, v))
			if (json_str(d, v, &s) == 0) {
				buf_printf(&ns, "%s%s", ns.len ? ";" : "", s);
				free(s);
			}
		if (ns.len)
			item_set(it, RES_NAME_SERVERS, ns.data);
		json_free(d);
	}
	buf_free(&ns);
	item_finish(it, ST_CREATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* POST /sender-accounts/coldsend-native/bulk: the rows of one ACTIVE
 * domain of the account (else they fail unsent); one row alone goes to
 * POST /sender-accounts/coldsend-native, whose answer is the inbox. */
static int
build_inboxes(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const struct cs_domain	*dom;
	struct buf		*body = &rq->body;
	size_t			 i;

	dom = domain_info(p->job, buf_cstr(&items[0]->rec.domain));
	if (dom == NULL || strcmp(dom->status, "ACTIVE") != 0) {
		for (i = 0; i < n; i++)
			item_finish(items[i], ST_FAILED, 0, dom == NULL ?
			    "domain %s is not in this ColdSend account" :
			    "domain %s is not ACTIVE yet",
			    buf_cstr(&items[i]->rec.domain));
		return 1;
	}
	rq->method = HTTP_POST;
	buf_puts(&rq->path, n == 1 ? "/sender-accounts/coldsend-native" :
	    "/sender-accounts/coldsend-native/bulk");
	buf_puts(body, "{\"domain_id\":");
	json_put_str(body, dom->id);
	if (n > 1)
		buf_puts(body, ",\"inboxes\":[");
	for (i = 0; i < n; i++) {
		buf_puts(body, n == 1 ? "," : i ? ",{" : "{");
		buf_puts(body, "\"email_prefix\":");
		json_put_str(body, buf_cstr(&items[i]->rec.local));
		buf_puts(body, ",\"display_name\":");
		json_put_str(body, buf_cstr(&items[i]->rec.display_name));
		if (n > 1)
			buf_putc(body, '}');
		rq->sent[rq->nsent++] = items[i];
	}
	buf_puts(body, n > 1 ? "]}" : "}");
	return 0;
}

/* One result of the bulk answer for its row: created, or failed with the
 * provider's sentence (returns 1: refused). */
static int
inbox_result(struct pctx *p, struct item *it, const struct json_doc *d,
    int v)
{
	char	*err = json_get_str(d, v, "error");
	int	 ok = 1;

	fill_inbox(it, d, v);
	json_get_bool(d, v, "success", &ok);
	if (!ok || err != NULL)
		item_finish(it, ST_FAILED, p->resp.status, "%s", err ? err :
		    "ColdSend did not create it");
	else
		item_finish(it, ST_CREATED, p->resp.status, NULL);
	free(err);
	return !ok || err != NULL;
}

/* A results array (at arr) into the pending rows, matched by address,
 * never by position; refused_row[i] = 1 for a row it refused. */
static void
take_results(struct pctx *p, const struct json_doc *d, int arr,
    struct item **items, size_t n, char *refused_row)
{
	char	*email;
	size_t	 i;
	int	 v;

	for (v = json_child(d, arr); v >= 0; v = json_next(d, v)) {
		email = get_either(d, v, "email_address", "email");
		for (i = 0; email != NULL && i < n; i++)
			if (strcasecmp(email, buf_cstr(&items[i]->rec.email))
			    == 0 && items[i]->status == ST_PENDING)
				refused_row[i] = (char)inbox_result(p, items[i],
				    d, v);
		free(email);
	}
}

/* A row refused because the inbox exists is "exists", with its id: the
 * answers give only a sentence, so look it up. Frees refused_row. */
static void
refused_exist(struct pctx *p, struct item **items, size_t n,
    char *refused_row)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (refused_row[i])
			(void)lookup_st(p, items[i], ST_EXISTS);
	free(refused_row);
}

/* Rows an answer that was complete did not name: created after all, or
 * failed. */
static void
unnamed_rows(struct pctx *p, struct item **items, size_t n, const char *why)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING &&
		    lookup_st(p, items[i], ST_CREATED) != 1)
			item_finish(items[i], ST_FAILED, p->resp.status, "%s",
			    why);
}

/*
 * The answer of a single create (POST /sender-accounts/coldsend-native or
 * /smtp): the inbox at the root, created; "success": false with an
 * "error" fails the row (exists when the lookup finds it), as a bulk
 * result does. An answer without the inbox's id: the listing gives it.
 */
static enum attempt
map_one(struct pctx *p, struct item *it)
{
	struct find_arg	 fa = { it, 0 };
	struct json_doc	*d;
	int		 refused_row;

	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled answer: reconcile */
	refused_row = inbox_result(p, it, d, 0);
	json_free(d);
	if (refused_row)
		(void)lookup_st(p, it, ST_EXISTS);
	else if (it->res[RES_ID] == NULL)
		(void)walk_list(p, "/sender-accounts", "sender_accounts", match,
		    &fa);
	return ATTEMPT_DONE;
}

/* The bulk answer's results (one row: the single create's answer). */
static enum attempt
map_inboxes(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct json_doc	*d;
	char		*refused_row;

	(void)rq;
	if (n == 1)
		return map_one(p, items[0]);
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled answer: reconcile */
	refused_row = xcalloc(n, 1);
	take_results(p, d, json_get(d, 0, "results"), items, n, refused_row);
	json_free(d);
	refused_exist(p, items, n, refused_row);
	unnamed_rows(p, items, n, "not in ColdSend's answer");
	return ATTEMPT_DONE;
}

/* ---- SMTP bulk import: a job to follow ---- */

/* POST /sender-accounts/smtp/bulk: up to 100 rows, any addresses; one
 * row alone goes to POST /sender-accounts/smtp, which answers with the
 * inbox (no job to follow). */
static int
build_smtp(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const struct record	**recs = xcalloc(n, sizeof *recs);
	size_t			  i;

	(void)p;
	for (i = 0; i < n; i++) {
		recs[i] = &items[i]->rec;
		rq->sent[rq->nsent++] = items[i];
	}
	rq->method = HTTP_POST;
	rq->secret = 1;			/* the body holds passwords */
	if (n == 1) {
		buf_puts(&rq->path, "/sender-accounts/smtp");
		cs_smtp_one_body(&rq->body, recs[0]);
	} else {
		buf_puts(&rq->path, "/sender-accounts/smtp/bulk");
		cs_smtp_body(&rq->body, recs, n);
	}
	free(recs);
	return 0;
}

static int
any_pending(struct item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			return 1;
	return 0;
}

/*
 * Reads the job's progress until it is complete (1), --timeout passes or
 * the run stops (0), or a read fails (-1, why in state); every read's
 * results go into the rows. state: the job as last seen.
 */
static int
follow_job(struct pctx *p, const char *id, struct item **items, size_t n,
    char *refused_row, struct buf *state)
{
	struct job		*job = p->job;
	struct buf		 path = BUF_INIT;
	struct cs_smtp_job	 js;
	struct json_doc		*d;
	double			 end = mono_now() + job->poll_timeout, left;
	int			 jo, rc = -1;

	buf_puts(&path, "/sender-accounts/smtp/bulk");
	http_url_append_segment(&path, id);
	buf_puts(&path, "/progress");
	for (;;) {
		if (pctx_request(p, HTTP_GET, path.data, NULL) < 0 ||
		    p->resp.status != 200 || (d = pctx_parse(p)) == NULL) {
			buf_reset(state);
			buf_puts(state, "its progress cannot be read: ");
			provider_error_text(&p->resp, state);
			break;
		}
		jo = json_get(d, 0, "job") >= 0 ? json_get(d, 0, "job") : 0;
		take_results(p, d, json_get(d, jo, "results"), items, n,
		    refused_row);
		cs_smtp_job_read(d, jo, &js);
		cs_smtp_job_describe(&js, state);
		rc = js.complete;
		cs_smtp_job_free(&js);
		json_free(d);
		left = end - mono_now();
		if (rc == 1 || !any_pending(items, n) || job_aborted(job) ||
		    left <= 0)
			break;
		job_sleep(job, left < job->poll_interval ? left :
		    job->poll_interval);
	}
	buf_free(&path);
	return rc;
}

/* The bulk answer names the job; its progress gives each row's result
 * (one row: the single create's answer). */
static enum attempt
map_smtp(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct buf	 state = BUF_INIT;
	struct json_doc	*d;
	char		*refused_row, *id;
	size_t		 i;
	int		 rc = 1;

	(void)rq;
	if (n == 1)
		return map_one(p, items[0]);
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled answer: reconcile */
	refused_row = xcalloc(n, 1);
	take_results(p, d, json_get(d, 0, "results"), items, n, refused_row);
	id = json_get_str(d, 0, "job_id");
	json_free(d);
	if (id != NULL && any_pending(items, n))
		rc = follow_job(p, id, items, n, refused_row, &state);
	refused_exist(p, items, n, refused_row);
	if (rc == 1)
		unnamed_rows(p, items, n, id != NULL ? "not in the results "
		    "of ColdSend's import job" : "not in ColdSend's answer");
	/* Not finished: the job may still create them; no outcome goes to
	 * the journal, so --resume looks them up before sending them. */
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING) {
			item_finish(items[i], ST_FAILED, 0, "ColdSend's import "
			    "job %s had not processed it %s (%s); --resume "
			    "looks it up first", id, job_aborted(p->job) ?
			    "when the run stopped" : rc < 0 ? "when its "
			    "progress failed" : "at --timeout",
			    buf_cstr(&state));
			items[i]->unsure = items[i]->maybe_sent = 1;
		}
	free(id);
	buf_free(&state);
	return ATTEMPT_DONE;
}

/* A domain by name, from the domain list prepare() made: 1 (its id set)
 * or 0. */
static int
known_domain(struct job *job, struct item *it)
{
	const struct cs_domain	*dom = domain_info(job,
				    buf_cstr(&it->rec.domain));

	if (dom == NULL)
		return 0;
	item_set(it, RES_ID, dom->id);
	return 1;
}

/* DELETE /domains/{id} or /sender-accounts/{id}: the id from the row,
 * the domain list or the listing of every inbox. */
static int
build_delete(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];
	int		 rc, dom = p->job->kind == KIND_DOMAINS;

	(void)n;
	if (*it->rec.id != '\0')
		item_set(it, RES_ID, it->rec.id);
	else if ((rc = dom ? known_domain(p->job, it) :
	    known_inbox(p, it)) == 0 && it->maybe_sent) {
		item_finish(it, ST_DELETED, 0, "reconciled: gone after the "
		    "interrupted run's delete");
		return 1;
	} else if (rc != 1) {
		item_finish(it, ST_FAILED, p->resp.status, rc == 0 ?
		    "no such %s at ColdSend" : "could not look it up",
		    dom ? "domain" : "inbox");
		return 1;
	}
	rq->method = HTTP_DELETE;
	buf_puts(&rq->path, dom ? "/domains" : "/sender-accounts");
	http_url_append_segment(&rq->path, it->res[RES_ID]);
	rq->sent[rq->nsent++] = it;
	return 0;
}

static enum attempt
map_delete(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	(void)rq;
	(void)n;
	item_finish(items[0], ST_DELETED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* Not found after the interrupted run's delete: that delete's doing. */
static enum attempt
refused_delete(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	if (p->resp.status == 404 && items[0]->maybe_sent) {
		item_finish(items[0], ST_DELETED, 0, "reconciled: gone after "
		    "the interrupted run's delete");
		return ATTEMPT_DONE;
	}
	return refused(p, rq, items, n);
}

static int
domain_state(const char *st)
{
	if (strcmp(st, "ACTIVE") == 0)
		return DOMAIN_READY;
	/* "FAILED can be retried" (activate) */
	return strcmp(st, "FAILED") == 0 ? DOMAIN_SETUP_FAILED : DOMAIN_MOVING;
}

/* "/domains/ID" + tail into b. */
static void
domain_path(struct buf *b, const char *id, const char *tail)
{
	buf_puts(b, "/domains");
	http_url_append_segment(b, id);
	buf_puts(b, tail);
}

/*
 * POST /domains/{id}/activate: takes a DNS_PENDING domain on, and (the
 * documents: "FAILED can be retried") a FAILED one up again. 1 accepted,
 * else 0 with the refusal in why (may be NULL).
 */
static int
activate(struct pctx *p, const char *id, struct buf *why)
{
	struct buf	path = BUF_INIT;
	int		ok;

	domain_path(&path, id, "/activate");
	ok = pctx_request(p, HTTP_POST, path.data, NULL) == 0 &&
	    p->resp.status / 100 == 2;
	buf_free(&path);
	if (!ok && why != NULL) {
		buf_puts(why, "activate refused: ");
		provider_error_text(&p->resp, why);
	}
	return ok;
}

/* DNS_PENDING waits for the user's nameservers; activate moves it on.
 * Refused (400) until they have propagated: tried again next round. */
static int
activate_domain(struct pctx *p, const char *id, const char *status)
{
	if (strcmp(status, "DNS_PENDING") != 0)
		return 0;
	return activate(p, id, NULL);
}

/* wait --activate's retry of FAILED domains: one activate per domain, the
 * API takes one id a request. */
static int
retry_domains(struct pctx *p, const char *const *ids, size_t n, int *ok,
    struct buf *msg)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ok[i] = activate(p, ids[i], &msg[i]);
	return 0;
}

/* GET /domains/ID + tail as JSON; NULL with why in msg. */
static struct json_doc *
get_domain(struct pctx *p, const char *id, const char *tail, struct buf *msg)
{
	struct json_doc	*d;
	struct buf	 path = BUF_INIT;
	char		 err[512];

	domain_path(&path, id, tail);
	if ((d = pctx_get_json(p, path.data, err, sizeof err)) == NULL)
		buf_puts(msg, err);
	buf_free(&path);
	return d;
}

/* GET /domains/{id}/progress: progress_percentage and status_message. */
static int
domain_progress(struct pctx *p, const char *id, long long *pct,
    struct buf *msg)
{
	struct json_doc	*d;
	char		*m;

	if ((d = get_domain(p, id, "/progress", msg)) == NULL)
		return -1;
	if (json_get_int(d, 0, "progress_percentage", pct) < 0)
		*pct = -1;
	if ((m = json_get_str(d, 0, "status_message")) != NULL) {
		buf_puts(msg, m);
		free(m);
	}
	json_free(d);
	return 0;
}

/* GET /domains/{id}: the nameservers, which the listing lacks. */
static int
domain_name_servers(struct pctx *p, const char *id, struct buf *ns)
{
	struct json_doc	*d;
	char		*s;
	int		 x;

	if ((d = get_domain(p, id, "", ns)) == NULL)
		return -1;
	for (x = json_child(d, json_get(d, 0, "nameservers")); x >= 0;
	    x = json_next(d, x))
		if (json_str(d, x, &s) == 0) {
			buf_printf(ns, "%s%s", ns->len ? ";" : "", s);
			free(s);
		}
	json_free(d);
	return 0;
}

/* ---- export ---- */

static int
list_query(struct pctx *p, int kind, const struct export_filter *f,
    struct buf *q, char *err, size_t errlen)
{
	(void)p;
	if (kind != EXPORT_DOMAINS && kind != EXPORT_SENDER_ACCOUNTS) {
		snprintf(err, errlen, "ColdSend has no %s listing (only "
		    "domains and sender-accounts)", export_kind_name(kind));
		return -1;
	}
	/* `status` takes one value; several are filtered on our side. */
	if (f->nstatus == 1)
		http_url_append_query(q, "status", f->status[0]);
	return 0;
}

/* Member k of d (an object's key) as "key":value after sep. */
static void
put_member(struct buf *b, const struct json_doc *d, int k, const char *sep)
{
	const char	*raw;
	size_t		 len;
	int		 v = json_key_value(d, k);

	raw = json_raw(d, k, &len);
	buf_printf(b, "%s\"%.*s\":", sep, (int)len, raw);
	raw = json_raw(d, v, &len);
	if (json_type(d, v) == JSON_STRING)
		buf_printf(b, "\"%.*s\"", (int)len, raw);
	else
		buf_append(b, raw, len);
}

/*
 * Domain obj of a listing with its detail (GET /domains/{id}: DNS records,
 * inbox capacity): the listing's fields, then the detail's others (not its
 * success and message), as one object at the root of a new document
 * (caller frees). NULL when the detail cannot be read (p->resp says why).
 */
static struct json_doc *
domain_detail(struct pctx *p, const struct json_doc *d, int obj)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	struct json_doc	*dd = NULL, *merged = NULL;
	char		*id = json_get_str(d, obj, "domain_id"), *key;
	int		 k, det;

	buf_puts(&path, "/domains");
	http_url_append_segment(&path, id != NULL ? id : "");
	if (id != NULL && pctx_request(p, HTTP_GET, path.data, NULL) == 0 &&
	    p->resp.status == 200 && (dd = pctx_parse(p)) != NULL) {
		det = json_get(dd, 0, "domain");
		if (det < 0 || json_type(dd, det) != JSON_OBJECT)
			det = 0;
		buf_putc(&text, '{');
		for (k = json_child(d, obj); k >= 0; k = json_next(d, k))
			put_member(&text, d, k, text.len > 1 ? "," : "");
		for (k = json_child(dd, det); k >= 0; k = json_next(dd, k)) {
			if (json_str(dd, k, &key) != 0)
				continue;
			if (json_get(d, obj, key) < 0 && strcmp(key, "success")
			    != 0 && strcmp(key, "message") != 0)
				put_member(&text, dd, k, text.len > 1 ? "," :
				    "");
			free(key);
		}
		buf_putc(&text, '}');
		merged = json_parse(text.data, text.len, NULL, 0);
	}
	json_free(dd);
	free(id);
	buf_free(&path);
	buf_free(&text);
	return merged;
}

static int
list_page(struct pctx *p, int kind, const char *query, long page,
    long limit, void (*row)(void *, const struct json_doc *, int),
    void *arg, long *total, int *more)
{
	int		 details = (kind & EXPORT_DETAILS) != 0, rc = 0;
	int		 dom = (kind & ~EXPORT_DETAILS) == EXPORT_DOMAINS, v, pag;
	long long	 t = -1;
	struct json_doc	*d, *dd;

	*total = -1;
	*more = 0;
	d = get_page(p, dom ? "/domains" : "/sender-accounts", query,
	    page + 1, limit);
	if (d == NULL)
		return -1;
	for (v = json_child(d, json_get(d, 0, dom ? "domains" :
	    "sender_accounts")); v >= 0 && rc == 0; v = json_next(d, v)) {
		if (!details || !dom)
			row(arg, d, v);
		else if ((dd = domain_detail(p, d, v)) != NULL) {
			row(arg, dd, 0);
			json_free(dd);
		} else
			rc = -1;
	}
	pag = json_get(d, 0, "pagination");
	if (json_get_int(d, pag, "total", &t) == 0)
		*total = (long)t;
	json_get_bool(d, pag, "has_next", more);
	json_free(d);
	return rc;
}

/* ---- the operations ---- */

static const enum col cols_domains[] = { COL_DOMAIN, COL__COUNT };
static const enum col cols_inboxes[] = { COL_LOCAL, COL_DOMAIN, COL_EMAIL,
	COL_DISPLAY_NAME, COL_FIRST_NAME, COL_LAST_NAME, COL__COUNT };
static const enum col cols_domain_id[] = { COL_DOMAIN, COL_ID, COL__COUNT };
static const enum col cols_inbox_id[] = { COL_EMAIL, COL_ID, COL__COUNT };

static const enum col cols_smtp[] = { COL_EMAIL, COL_DISPLAY_NAME,
	COL_FIRST_NAME, COL_LAST_NAME, COL_PASSWORD, COL__COUNT };

static const enum res_col res_sender[] = { RES_ID, RES_ACCOUNT_STATUS };

#define CS_INBOXES(k, r) \
	{ .op = OP_CREATE, .kind = (k), OP_RES(r), \
	  .help = "create native inboxes on the account's ACTIVE domains " \
	  "(POST /sender-accounts/coldsend-native/bulk; one row alone: " \
	  "POST /sender-accounts/coldsend-native)", \
	  .columns = cols_inboxes, \
	  .batch_max = 100, .batch_default = 100, \
	  .share = OP_SHARE_DOMAIN, .build = build_inboxes, \
	  .map = map_inboxes, .lookup = lookup, .lookup_many = lookup_many }
#define CS_DELETE_INBOXES(k) \
	{ .op = OP_DELETE, .kind = (k), \
	  .help = "delete inboxes found by email or id " \
	  "(DELETE /sender-accounts/{id})", \
	  .columns = cols_inbox_id, .validate = VALIDATE_BY_ID, \
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE, \
	  .idempotent = 1, OP_RES(op_res_delete), .build = build_delete, \
	  .map = map_delete, .refused = refused_delete, .lookup = lookup, \
	  .lookup_many = lookup_many }

static const struct operation cs_ops[] = {
	{ .op = OP_CREATE, .kind = KIND_DOMAINS,
	  .help = "add domains; their nameservers are in the result "
	  "(POST /domains)",
	  .columns = cols_domains,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  OP_RES(op_res_domains), .build = build_domain, .map = map_domain,
	  .lookup = lookup, .lookup_many = lookup_many },
	/* accounts: the same inboxes, reported with the accounts' columns */
	CS_INBOXES(KIND_SENDER_ACCOUNTS, res_sender),
	CS_INBOXES(KIND_ACCOUNTS, op_res_accounts),
	{ .op = OP_DELETE, .kind = KIND_DOMAINS,
	  .help = "delete domains found by name or id (DELETE /domains/{id})",
	  .columns = cols_domain_id, .validate = VALIDATE_BY_ID,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  .idempotent = 1, OP_RES(op_res_delete), .build = build_delete,
	  .map = map_delete, .refused = refused_delete, .lookup = lookup,
	  .lookup_many = lookup_many },
	CS_DELETE_INBOXES(KIND_SENDER_ACCOUNTS),
	CS_DELETE_INBOXES(KIND_ACCOUNTS),
	{ .op = OP_CREATE, .kind = KIND_SMTP_ACCOUNTS,
	  .help = "connect outside mailboxes (smtp_host, smtp_port, "
	  "smtp_username, smtp_password or password, imap_host, imap_port, "
	  "imap_username, imap_password, inbox_type, daily_limit, "
	  "smtp_use_tls, imap_use_ssl; a Maildoso import result as it is) "
	  "by POST /sender-accounts/smtp/bulk, then the job's progress until "
	  "it is done or --timeout; one row alone: POST /sender-accounts/smtp, "
	  "answered at once",
	  .columns = cols_smtp,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  OP_RES(res_sender), .build = build_smtp, .map = map_smtp,
	  .lookup = lookup, .lookup_many = lookup_many },
	CS_DELETE_INBOXES(KIND_SMTP_ACCOUNTS),
};

const struct provider provider_coldsend = {
	.name = "coldsend",
	.title = "ColdSend",
	.default_url = "https://api.coldsend.pro/api/public/v1",
	.token_env = "COLDSEND_API_KEY",
	.auth_name = "X-API-Key",
	.auth_prefix = "",
	.default_rate = "100/m,1000/h",
	.client_passwords = 0,
	.ops = cs_ops,
	.nops = OP_NELEM(cs_ops),
	.prepare = prepare,
	.release = release,
	.refused = refused,
	.quota = NULL,
	.list_domains = list_domains,
	.domain_state = domain_state,
	.activate_domain = activate_domain,
	.retry_option = "activate",
	.retry_domains = retry_domains,
	.domain_progress = domain_progress,
	.domain_name_servers = domain_name_servers,
	.list_query = list_query,
	.list_page = list_page,
	.sequencer_export = NULL,
	.list_page_max = 100,		/* coldsend.md: limit 1-100 */
	.detail_kinds = 1u << EXPORT_DOMAINS	/* GET /domains/{id} */
};
