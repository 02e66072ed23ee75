/*
 * provider_maildoso.c - Maildoso, as its OpenAPI file describes it
 * (../shared/specs/maildoso-openapi.json).
 *
 * Accounts: POST /v1/user/accounts takes an array of EmailAccountInsert and
 * answers 202 {results: [EmailAccount], task_id}; results are matched to
 * rows by email_account, never by position. Lookups go through
 * GET /v1/user/accounts-lookup?keyword=... with an exact match on the
 * address. Domains: POST /v1/user/domains (buy) and /external answer
 * DomainRegistrationResponse per name; PUT /v1/user/domains sets their
 * redirects ([{id, redirect_to}]), POST /v1/user/domains/restart-setup
 * ({domain_ids}) restarts failed set-ups (`restart domains` and wait
 * --restart-failed), GET /v1/user/domains/provider-availability says
 * whether a domain offers Google (asked before Google accounts are sent).
 * Forwarding: POST /v1/user/forwarding one at a time. Deletes: DELETE
 * /v1/user/accounts with a JSON array of ids.
 *
 * Maildoso publishes no rate limit; the default (5/s) is our conservative
 * choice, stated in README.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "domain_search.h"
#include "export.h"
#include "inputset.h"
#include "json.h"
#include "log.h"
#include "operation.h"
#include "provider.h"
#include "validate.h"
#include "xmalloc.h"

#include "maildoso_impl.h"

#define DEFAULT_SMTP_HOST	"smtp.maildoso.com"
#define DEFAULT_SMTP_PORT	"587"

/*
 * What prepare() learns once, kept small: the answers themselves (~780
 * bytes a domain, one unpaged list) are streamed and dropped element by
 * element. A table holds one entry per key (the first in the answer when a
 * key repeats), sorted without case for binary search, as json_index did.
 */
struct md_block {			/* strings, in blocks that never move */
	struct md_block	*next;
	size_t		 used, cap;
	char		 data[];
};

#define MD_BLOCK_SIZE	((size_t)64 << 10)

struct md_entry {
	const char	*key;		/* domain_name or email */
	const char	*status;	/* domain_status; NULL: none given */
	long long	 id;		/* domain, forwarding: id, when has_id */
	int		 has_id;
	size_t		 seq;		/* position in the answer */
	const char	*res[RES__COUNT]; /* the row's result values as a
					     lookup fills them */
	const char	*provider;	/* accounts: "google", "maildoso" */
	/* domains: the accounts on it and its limit (< 0: none given),
	 * the room left in this run, whether its accounts were listed */
	long long	 linked, limit, room;
	int		 listed;
	int		 google;	/* domains: Google Workspace offered
					   (provider-availability): 1, 0 not,
					   -1 not asked yet */
};

struct md_table {
	struct md_entry	*e;
	size_t		 n, cap;
	struct md_block	*strings;
	/* domains: keep name_servers only for these (the input's domains;
	 * NULL: for all), to keep memory flat on a large account */
	const struct input_domains *ns_only;
};

struct md_data {
	struct md_table	 fwd;		/* GET /v1/user/accounts/forwarding */
	struct md_table	 domains;	/* GET /v1/user/domains */
	struct md_entry	**by_id;	/* its entries with an id, by id */
	size_t		 nby_id;
	int		 have_fwd, have_domains;
	/* The accounts of the domains listed so far (accounts-lookup by
	 * domains_ids), the run's cache: guarded by lock, which is held
	 * while a listing is fetched (workers that need it wait for it). */
	pthread_mutex_t	 lock;
	struct md_table	 accts;
	/* A purchase: which names can be registered (the input's, searched
	 * in prepare(); else batch by batch), how many it would buy */
	struct avail_cache avail;
	long		 to_buy, unavailable;	/* -1: not searched ahead */
	struct json_doc	*stats;		/* GET /v1/user/stats, once */
	struct md_svc	*svc;		/* warmups, sequencers: their lists */
};

/* Finds the object in array arr whose key field equals value (any case). */
static int
find_by(const struct json_doc *d, int arr, const char *key,
    const char *value)
{
	int	 v;
	char	*s;

	for (v = json_child(d, arr); v >= 0; v = json_next(d, v)) {
		if ((s = json_get_str(d, v, key)) == NULL)
			continue;
		if (strcasecmp(s, value) == 0) {
			free(s);
			return v;
		}
		free(s);
	}
	return -1;
}

static void
set_str(struct item *it, enum res_col c, const struct json_doc *d, int obj,
    const char *key)
{
	char	*s = json_get_str(d, obj, key);

	if (s != NULL)
		item_set(it, c, s);
	free(s);
}

static void
set_int(struct item *it, enum res_col c, const struct json_doc *d, int obj,
    const char *key)
{
	long long	n;
	char		num[32];

	if (json_get_int(d, obj, key, &n) == 0) {
		snprintf(num, sizeof num, "%lld", n);
		item_set(it, c, num);
	}
}

/* Fills an item from an EmailAccount object. */
static void
account_result(struct item *it, const struct json_doc *d, int acc)
{
	int	o;

	set_int(it, RES_ID, d, acc, "id");
	/* The provider's word first; ours when it does not say. */
	set_str(it, RES_PASSWORD, d, acc, "password");
	if (it->res[RES_PASSWORD] == NULL && it->password != NULL)
		item_set(it, RES_PASSWORD, it->password);
	/* `smtp` is in live answers, not in the published schema. */
	o = json_get(d, acc, "smtp");
	item_set(it, RES_SMTP_HOST, DEFAULT_SMTP_HOST);
	item_set(it, RES_SMTP_PORT, DEFAULT_SMTP_PORT);
	if (o >= 0 && json_type(d, o) == JSON_OBJECT) {
		set_str(it, RES_SMTP_HOST, d, o, "smtp_host");
		set_int(it, RES_SMTP_PORT, d, o, "port");
	}
	o = json_get(d, acc, "imap");
	if (o >= 0 && json_type(d, o) == JSON_OBJECT) {
		set_str(it, RES_IMAP_HOST, d, o, "imap_host");
		set_int(it, RES_IMAP_PORT, d, o, "port");
	}
	set_str(it, RES_ACCOUNT_STATUS, d, acc, "status");
	o = json_get(d, acc, "forwarding_account");
	if (o >= 0 && json_type(d, o) == JSON_OBJECT)
		set_str(it, RES_FORWARDING, d, o, "email");
	set_str(it, RES_SCHEDULED_FOR, d, acc, "cancellation_at");
}

static void
domain_result(struct item *it, const struct json_doc *d, int dom)
{
	struct buf	ns = BUF_INIT;
	char		*s;
	int		 a, v;

	set_int(it, RES_ID, d, dom, "id");
	set_str(it, RES_DOMAIN_STATUS, d, dom, "domain_status");
	a = json_get(d, dom, "name_servers");
	for (v = json_child(d, a); v >= 0; v = json_next(d, v))
		if (json_str(d, v, &s) == 0) {
			buf_printf(&ns, "%s%s", ns.len ? ";" : "", s);
			free(s);
		}
	if (ns.len > 0)
		item_set(it, RES_NAME_SERVERS, ns.data);
	buf_free(&ns);
}

/* 401/403 end the run: the same token will fail for every row. */
static int
auth_refused(struct pctx *p)
{
	struct buf	why = BUF_INIT;

	if (p->resp.status != 401 && p->resp.status != 403)
		return 0;
	provider_error_text(&p->resp, &why);
	job_abort(p->job, "Maildoso refused the token (%s)", buf_cstr(&why));
	buf_free(&why);
	return 1;
}

static const char *
table_strdup(struct md_table *t, const char *s)
{
	struct md_block	*b = t->strings;
	size_t		 n = strlen(s) + 1, cap;

	if (b == NULL || b->cap - b->used < n) {
		cap = n > MD_BLOCK_SIZE ? n : MD_BLOCK_SIZE;
		b = xmalloc(sizeof *b + cap);
		b->next = t->strings;
		b->used = 0;
		b->cap = cap;
		t->strings = b;
	}
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return b->data + b->used - n;
}

static struct md_entry *
table_add(struct md_table *t, const char *key, size_t seq)
{
	struct md_entry	*e;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->e = xreallocarray(t->e, t->cap, sizeof *t->e);
	}
	e = &t->e[t->n++];
	memset(e, 0, sizeof *e);
	e->key = table_strdup(t, key);
	e->seq = seq;
	return e;
}

/* Empty the table (also pctx_get_array's restart: a retried GET). */
static void
table_clear(void *arg)
{
	struct md_table	*t = arg;
	struct md_block	*b, *next;

	for (b = t->strings; b != NULL; b = next) {
		next = b->next;
		explicit_bzero(b->data, b->used);	/* passwords */
		free(b);
	}
	t->strings = NULL;
	t->n = 0;
}

static void
table_free(struct md_table *t)
{
	table_clear(t);
	free(t->e);
	t->e = NULL;
	t->cap = 0;
}

/* By key without case, then by position: the first of equal keys first. */
static int
entry_cmp(const void *a, const void *b)
{
	const struct md_entry	*x = a, *y = b;
	int			 c = strcasecmp(x->key, y->key);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sort, keep the first entry of each key, give back the spare room. */
static void
table_seal(struct md_table *t)
{
	size_t	i, n = 0;

	if (t->n > 1)
		qsort(t->e, t->n, sizeof *t->e, entry_cmp);
	for (i = 0; i < t->n; i++)
		if (n == 0 || strcasecmp(t->e[n - 1].key, t->e[i].key) != 0)
			t->e[n++] = t->e[i];
	t->n = n;
	if (n > 0 && n < t->cap) {
		t->e = xreallocarray(t->e, n, sizeof *t->e);
		t->cap = n;
	}
}

/* The entry whose key equals key (any case), or NULL. */
static const struct md_entry *
table_find(const struct md_table *t, const char *key)
{
	size_t	lo = 0, hi = t->n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(key, t->e[mid].key);
		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Keeps the result values scratch was filled with in e (copied into t's
 * strings) and empties scratch. */
static void
entry_keep(struct md_table *t, struct md_entry *e, struct item *scratch)
{
	int	c;

	for (c = 0; c < RES__COUNT; c++) {
		if (scratch->res[c] == NULL)
			continue;
		e->res[c] = table_strdup(t, scratch->res[c]);
		explicit_bzero(scratch->res[c], strlen(scratch->res[c]));
		free(scratch->res[c]);
		scratch->res[c] = NULL;
	}
}

/* Gives it the result values e keeps. */
static void
entry_fill(struct item *it, const struct md_entry *e)
{
	int	c;

	for (c = 0; c < RES__COUNT; c++)
		if (e->res[c] != NULL)
			item_set(it, (enum res_col)c, e->res[c]);
}

static void	domain_result(struct item *, const struct json_doc *, int);
static void	forwarding_result(struct item *, const struct json_doc *, int);

/* One EmailDomain of GET /v1/user/domains: name, status, id, the accounts
 * on it and its limit, and what a lookup gives a row. */
static int
domain_element(void *arg, const struct json_doc *d, size_t i, char *err,
    size_t errlen)
{
	struct md_table	*t = arg;
	struct md_entry	*e;
	struct item	 scratch;
	char		*name, *st;

	(void)err;
	(void)errlen;
	if ((name = json_get_str(d, 0, "domain_name")) == NULL)
		return 0;
	e = table_add(t, name, i);
	if ((st = json_get_str(d, 0, "domain_status")) != NULL)
		e->status = table_strdup(t, st);
	e->has_id = json_get_int(d, 0, "id", &e->id) == 0;
	if (json_get_int(d, 0, "linked_accounts", &e->linked) < 0)
		e->linked = -1;		/* unknown: list it when asked */
	if (json_get_int(d, 0, "accounts_limit", &e->limit) < 0)
		e->limit = -1;
	e->room = e->limit >= 0 && e->linked >= 0 ? e->limit - e->linked :
	    -1;
	e->google = -1;
	memset(&scratch, 0, sizeof scratch);
	domain_result(&scratch, d, 0);
	if (t->ns_only != NULL && input_domains_find(t->ns_only, name) < 0) {
		free(scratch.res[RES_NAME_SERVERS]);
		scratch.res[RES_NAME_SERVERS] = NULL;
	}
	entry_keep(t, e, &scratch);
	free(name);
	free(st);
	return 0;
}

/* One forwarding inbox of GET /v1/user/accounts/forwarding: email, id. */
static int
fwd_element(void *arg, const struct json_doc *d, size_t i, char *err,
    size_t errlen)
{
	struct md_table	*t = arg;
	struct md_entry	*e;
	struct item	 scratch;
	char		*email;
	long long	 id;

	(void)err;
	(void)errlen;
	if ((email = json_get_str(d, 0, "email")) == NULL)
		return 0;
	e = table_add(t, email, i);
	if (json_get_int(d, 0, "id", &id) == 0) {
		e->id = id;
		e->has_id = 1;
	}
	memset(&scratch, 0, sizeof scratch);
	forwarding_result(&scratch, d, 0);
	entry_keep(t, e, &scratch);
	free(email);
	return 0;
}

/* GET path, an unpaged array, into t; 0, or -1 + err (pctx_get_json). */
static int
load_table(struct pctx *p, const char *path, json_element_fn fn,
    struct md_table *t, char *err, size_t errlen)
{
	struct json_stream	*js = json_stream_new(fn, t, 0);
	struct buf		 why = BUF_INIT;
	char			 detail[256];
	int			 rc;

	rc = pctx_get_array(p, path, js, table_clear, t, detail,
	    sizeof detail);
	if (rc < 0 && p->resp.status != 200) {
		provider_error_text(&p->resp, &why);
		snprintf(err, errlen, "Maildoso GET %s: %s%s", path,
		    buf_cstr(&why), p->resp.status == 401 ||
		    p->resp.status == 403 ? " (is the token right?)" : "");
		buf_free(&why);
	} else if (rc < 0) {
		log_debug("Maildoso GET %s: %s", path, detail);
		snprintf(err, errlen, "Maildoso GET %s: the answer is not %s",
		    path, json_stream_is_array(js) ? "JSON" : "a JSON array");
	}
	json_stream_free(js);
	if (rc < 0)
		table_clear(t);
	else
		table_seal(t);
	return rc;
}

/*
 * Buying needs the registrant data ICANN registrars ask for (GET
 * /v1/user/data answers null without it): 1 (err says so and names the
 * command that sets it) when it is missing or cannot be read, else 0.
 */
static int
registrant_missing(struct pctx *p, char *err, size_t errlen)
{
	struct json_doc	*d;
	int		 none;

	if ((d = pctx_get_json(p, "/v1/user/data", err, errlen)) == NULL)
		return 1;
	none = json_type(d, 0) != JSON_OBJECT;
	json_free(d);
	if (none)
		snprintf(err, errlen, "the Maildoso account has no registrant "
		    "data, which registrars need before a domain is bought: "
		    "set it with 'mailfleet registrant set FILE' (see "
		    "'mailfleet registrant --help'); nothing was bought");
	return none;
}

/*
 * A purchase's names that are not in the account and that the journal
 * has no outcome of, searched before anything is priced or sent: how many
 * it would buy. An input read once (standard input) is searched batch by
 * batch instead (md_available).
 */
static int
presearch(struct pctx *p, struct md_data *md, char *err, size_t errlen)
{
	const struct input_domains	*in = p->job->domains;
	const char			**names, *why;
	struct buf			  msg = BUF_INIT;
	size_t				  i, n = 0;
	int				  rc;

	if (in == NULL)
		return 0;
	names = xcalloc(in->n + 1, sizeof *names);
	for (i = 0; i < in->n; i++)
		if (in->known[i] == 0 && table_find(&md->domains,
		    in->name[i]) == NULL)
			names[n++] = in->name[i];
	if ((rc = avail_search(p, &md->avail, names, n)) < 0) {
		provider_error_text(&p->resp, &msg);
		snprintf(err, errlen, "Maildoso POST %s (is each name "
		    "available?): %s", DOMAIN_SEARCH_PATH, buf_cstr(&msg));
		buf_free(&msg);
	} else {
		md->to_buy = md->unavailable = 0;
		for (i = 0; i < n; i++)
			if (avail_get(&md->avail, names[i], &why) == 1)
				md->to_buy++;
			else
				md->unavailable++;
	}
	free(names);
	return rc;
}

static int
id_cmp(const void *a, const void *b)
{
	const struct md_entry	*x = *(struct md_entry *const *)a;
	const struct md_entry	*y = *(struct md_entry *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

/* md->by_id: the domains with an id, sorted by it (rows may name a domain
 * by id). */
static void
index_ids(struct md_data *md)
{
	size_t	i;

	md->by_id = xcalloc(md->domains.n ? md->domains.n : 1,
	    sizeof *md->by_id);
	for (i = 0; i < md->domains.n; i++)
		if (md->domains.e[i].has_id)
			md->by_id[md->nby_id++] = &md->domains.e[i];
	if (md->nby_id > 1)
		qsort(md->by_id, md->nby_id, sizeof *md->by_id, id_cmp);
}

static int
prepare(struct pctx *p, char *err, size_t errlen)
{
	struct md_data	*md = xcalloc(1, sizeof *md);
	struct job	*job = p->job;
	struct json_doc	*me;
	int		 accounts = job->kind == KIND_ACCOUNTS;

	pthread_mutex_init(&md->lock, NULL);
	avail_init(&md->avail);
	md->to_buy = md->unavailable = -1;
	job->pdata = md;
	if ((me = pctx_get_json(p, "/v1/user/me", err, errlen)) == NULL)
		return -1;
	json_free(me);
	if (job->kind == KIND_WARMUPS || job->kind == KIND_SEQUENCERS)
		return md_svc_prepare(p, &md->svc, err, errlen);
	if (job->op == OP_CREATE && job->kind == KIND_DOMAINS &&
	    registrant_missing(p, err, errlen))
		return -1;
	/* Forwarding inboxes: account creates and updates name them; a
	 * forwarding run finds its rows there. */
	if ((accounts && job->op != OP_DELETE && job->op != OP_TOTP) ||
	    job->kind == KIND_FORWARDING) {
		if (load_table(p, "/v1/user/accounts/forwarding", fwd_element,
		    &md->fwd, err, errlen) < 0)
			return -1;
		md->have_fwd = 1;
	}
	/* Domains: where accounts can go and how many more each takes,
	 * their ids to list accounts by; a domain create (real, dry or
	 * --resume) finds there the rows already on the account, which
	 * are not sent again. */
	if (accounts || (job->kind != KIND_FORWARDING && (job->dry_run ||
	    job->op != OP_DELETE))) {
		md->domains.ns_only = accounts ? NULL : job->domains;
		if (load_table(p, "/v1/user/domains", domain_element,
		    &md->domains, err, errlen) < 0)
			return -1;
		md->have_domains = 1;
		index_ids(md);
	}
	if (job->kind == KIND_DOMAINS && job->op == OP_CREATE)
		return presearch(p, md, err, errlen);
	return 0;
}

static void
release(struct job *job)
{
	struct md_data	*md = job->pdata;

	if (md == NULL)
		return;
	table_free(&md->fwd);
	table_free(&md->domains);
	free(md->by_id);
	table_free(&md->accts);
	avail_free(&md->avail);
	json_free(md->stats);
	md_svc_free(md->svc);
	pthread_mutex_destroy(&md->lock);
	free(md);
	job->pdata = NULL;
}

/* The id of the forwarding inbox email, or -1 when prepare() saw none
 * (or none with an id). */
static int
forwarding_id(const struct md_data *md, const char *email, long long *id)
{
	const struct md_entry	*e = table_find(&md->fwd, email);

	if (e == NULL || !e->has_id)
		return -1;
	*id = e->id;
	return 0;
}

static void
forwarding_result(struct item *it, const struct json_doc *d, int f)
{
	set_int(it, RES_ID, d, f, "id");
	set_str(it, RES_PASSWORD, d, f, "password");
}

/* How a kind of object is looked up by its key. */
struct md_lookup {
	const char	*path;
	const char	*arg, *value;	/* a second query parameter */
	const char	*list;		/* member holding the array; NULL: root */
	const char	*field;		/* the field holding the key */
	int		 by_domain;	/* key: rec.domain, else rec.email */
	void		(*fill)(struct item *, const struct json_doc *, int);
	const char	*exists;	/* message for ST_EXISTS */
	int		 exact;		/* exact_match=true */
};

static const struct md_lookup lookup_accounts = {
	"/v1/user/accounts-lookup", "limit", "100", "items", "email_account",
	0, account_result, "already exists at Maildoso", 0
};
static const struct md_lookup lookup_forwardings = {
	"/v1/user/forwarding-lookup", NULL, NULL, "items", "email",
	0, forwarding_result, "already exists at Maildoso", 0
};
static const struct md_lookup lookup_domains = {
	"/v1/user/domains", NULL, NULL, NULL, "domain_name",
	1, domain_result, "already in the Maildoso account", 1
};

#define KEYWORD_MAX	200	/* the spec's maxLength of keyword */

/*
 * Appends keyword=KEY to q, and exact_match=true when exact. A key longer
 * than the spec's maxLength (an address or domain may be 253+ characters)
 * is cut to its first KEYWORD_MAX bytes, at a UTF-8 character boundary,
 * and searched as a substring: callers compare the answer with the whole
 * key.
 */
static void
append_keyword(struct buf *q, const char *key, int exact)
{
	size_t	 len = strlen(key);
	char	*cut;

	if (len <= KEYWORD_MAX) {
		http_url_append_query(q, "keyword", key);
		if (exact)
			http_url_append_query(q, "exact_match", "true");
		return;
	}
	len = KEYWORD_MAX;
	while (len > 0 && ((unsigned char)key[len] & 0xC0) == 0x80)
		len--;
	cut = xstrndup(key, len);
	http_url_append_query(q, "keyword", cut);
	free(cut);
}

static const struct md_lookup *
lookup_for(enum kind kind)
{
	switch (kind) {
	case KIND_ACCOUNTS:
		return &lookup_accounts;
	case KIND_FORWARDING:
		return &lookup_forwardings;
	case KIND_DOMAINS:
	case KIND_EXTERNAL_DOMAINS:
		return &lookup_domains;
	default:
		return NULL;	/* warmups, sequencers: maildoso_services.c */
	}
}

/*
 * Looks the row's key up with an exact match: 1 found (the item is filled
 * and finished with st), 0 absent, -1 the lookup failed.
 */
static int
lookup_as(struct pctx *p, const struct md_lookup *l, struct item *it,
    enum row_status st)
{
	struct buf	 path = BUF_INIT;
	struct json_doc	*d;
	const char	*key = buf_cstr(l->by_domain ? &it->rec.domain :
			    &it->rec.email), *msg;
	char		*pw;
	int		 v;

	buf_puts(&path, l->path);
	append_keyword(&path, key, l->exact);
	if (l->arg != NULL)
		http_url_append_query(&path, l->arg, l->value);
	if (pctx_request(p, HTTP_GET, path.data, NULL) < 0 ||
	    p->resp.status != 200 || (d = pctx_parse(p)) == NULL) {
		buf_free(&path);
		return -1;
	}
	buf_free(&path);
	v = find_by(d, l->list ? json_get(d, 0, l->list) : 0, l->field, key);
	if (v >= 0) {
		/* A row that was already there does not have the password
		 * this run generated for it: only the provider's counts. */
		pw = it->password;
		if (st == ST_EXISTS)
			it->password = NULL;
		l->fill(it, d, v);
		it->password = pw;
		msg = st == ST_EXISTS ? l->exists : st == ST_CREATED &&
		    p->job->op == OP_CREATE ? "reconciled: found after an "
		    "unanswered request" : NULL;
		if (msg != NULL)
			item_finish(it, st, p->resp.status, "%s", msg);
		else
			item_finish(it, st, p->resp.status, NULL);
	}
	json_free(d);
	return v >= 0;
}

static int
lookup(struct pctx *p, struct item *it)
{
	return lookup_as(p, lookup_for(p->job->kind), it, ST_CREATED);
}

#define LIST_LIMIT	10000	/* accounts-lookup's documented maximum */
#define IDS_MAX		100	/* domains_ids' maxItems */

/* The domain entry named name, to change (under md->lock), or NULL. */
static struct md_entry *
domain_entry(struct md_data *md, const char *name)
{
	return (struct md_entry *)table_find(&md->domains, name);
}

/*
 * Does the domain hold accounts this run does not know? Not when it holds
 * none, or (a create's --resume) only rows the journal has as existing:
 * then its listing is skipped.
 */
static int
domain_unknown(const struct job *job, const struct md_entry *dom)
{
	long	i, known = 0;

	if (dom->linked < 0)
		return 1;
	if (job->op == OP_CREATE && job->domains != NULL &&
	    (i = input_domains_find(job->domains, dom->key)) >= 0)
		known = job->domains->known[i];
	return dom->linked - known > 0;
}

/* One page of accounts-lookup?<query> into the cache. *count: accounts on
 * the page; *total: meta.total, or -1. 0, or -1 (p->resp). */
static int
accounts_page(struct pctx *p, struct md_data *md, const char *query,
    long offset, long *count, long long *total)
{
	struct buf	 path = BUF_INIT;
	struct json_doc	*d;
	struct md_entry	*e;
	struct item	 scratch;
	char		*email;
	int		 v;

	buf_printf(&path, "/v1/user/accounts-lookup%s&limit=%d&offset=%ld",
	    query, LIST_LIMIT, offset);
	if (pctx_request(p, HTTP_GET, path.data, NULL) < 0 ||
	    p->resp.status != 200 || (d = pctx_parse(p)) == NULL) {
		buf_free(&path);
		return -1;
	}
	buf_free(&path);
	*count = 0;
	*total = -1;
	for (v = json_child(d, json_get(d, 0, "items")); v >= 0;
	    v = json_next(d, v), (*count)++) {
		if ((email = json_get_str(d, v, "email_account")) == NULL)
			continue;
		e = table_add(&md->accts, email, md->accts.n);
		free(email);
		memset(&scratch, 0, sizeof scratch);
		account_result(&scratch, d, v);
		entry_keep(&md->accts, e, &scratch);
		if ((email = json_get_str(d, v, "provider")) != NULL)
			e->provider = table_strdup(&md->accts, email);
		free(email);
	}
	json_get_int(d, json_get(d, 0, "meta"), "total", total);
	json_free(d);
	return 0;
}

/*
 * Lists the accounts of dom into the cache, and in the same request those
 * of more of the input's domains (up to domains_ids' 100) that hold
 * accounts the run does not know and fit the page. Under md->lock. 0, or
 * -1 (p->resp says why; nothing is marked listed).
 */
static int
list_group(struct pctx *p, struct md_data *md, struct md_entry *dom)
{
	const struct input_domains	*in = p->job->domains;
	struct md_entry			*group[IDS_MAX], *e;
	struct buf			 q = BUF_INIT;
	long long			 sum, total;
	long				 offset = 0, count;
	size_t				 i, ng = 0;
	int				 rc = 0;

	group[ng++] = dom;
	sum = dom->linked > 0 ? dom->linked : 0;
	for (i = 0; in != NULL && i < in->n && ng < IDS_MAX; i++) {
		e = domain_entry(md, in->name[i]);
		if (e == NULL || e == dom || e->listed || !e->has_id ||
		    e->linked < 0 || !domain_unknown(p->job, e) ||
		    sum + e->linked > LIST_LIMIT)
			continue;
		group[ng++] = e;
		sum += e->linked;
	}
	for (i = 0; i < ng; i++)
		buf_printf(&q, "%cdomains_ids=%lld", i ? '&' : '?',
		    group[i]->id);
	do {
		if ((rc = accounts_page(p, md, q.data, offset, &count,
		    &total)) < 0)
			break;
		offset += count;
	} while (count > 0 && (total >= 0 ? offset < total :
	    count == LIST_LIMIT) && !job_aborted(p->job));
	buf_free(&q);
	table_seal(&md->accts);
	for (i = 0; rc == 0 && i < ng; i++)
		group[i]->listed = 1;
	return rc;
}

/*
 * The row's account as the run's listings show it: 1 found (it is given
 * the provider's data; *google: the account is not Maildoso's own), 0
 * absent, -1 the listing failed, -3 no listing for it (no domain list).
 */
static int
known_account(struct pctx *p, struct item *it, int *google)
{
	struct md_data		*md = p->job->pdata;
	struct md_entry		*dom;
	const struct md_entry	*e;
	int			 rc = 0;

	if (!md->have_domains)
		return -3;
	pthread_mutex_lock(&md->lock);
	dom = domain_entry(md, buf_cstr(&it->rec.domain));
	if (dom == NULL || !dom->has_id)
		rc = dom == NULL ? 0 : -3;	/* not in the account: none */
	else if (!dom->listed && !domain_unknown(p->job, dom))
		rc = 0;
	else if (!dom->listed && list_group(p, md, dom) < 0)
		rc = -1;
	else if ((e = table_find(&md->accts, buf_cstr(&it->rec.email))) !=
	    NULL) {
		entry_fill(it, e);
		if (google != NULL)
			*google = e->provider == NULL ||
			    strcmp(e->provider, "maildoso") != 0;
		rc = 1;
	}
	pthread_mutex_unlock(&md->lock);
	return rc;
}

/* The row in a table prepare() loaded (domains, forwarding inboxes): 1
 * found (filled), 0 absent. */
static int
known_in(const struct md_table *t, struct item *it, const char *key)
{
	const struct md_entry	*e = table_find(t, key);

	if (e == NULL)
		return 0;
	entry_fill(it, e);
	return 1;
}

/*
 * The rows, from the run's listings: accounts by one listing per group of
 * domains (accounts-lookup by domains_ids, pages of 10,000), forwarding
 * inboxes and domains from the lists prepare() loaded. A row
 * whose listing failed is left to lookup() (-3), which names the error.
 */
static int
lookup_many(struct pctx *p, struct item **items, size_t n, int *found)
{
	struct md_data	*md = p->job->pdata;
	enum kind	 kind = p->job->kind;
	size_t		 i;
	int		 rc;

	if (kind == KIND_FORWARDING ? !md->have_fwd : !md->have_domains)
		return -1;
	for (i = 0; i < n && !job_aborted(p->job); i++) {
		if (items[i]->status != ST_PENDING)
			rc = -3;
		else if (kind == KIND_ACCOUNTS)
			rc = known_account(p, items[i], NULL);
		else if (kind == KIND_FORWARDING)
			rc = known_in(&md->fwd, items[i],
			    buf_cstr(&items[i]->rec.email));
		else
			rc = known_in(&md->domains, items[i],
			    buf_cstr(&items[i]->rec.domain));
		found[i] = rc < 0 ? -3 : rc;
	}
	for (; i < n; i++)
		found[i] = -3;
	return 0;
}

/*
 * Takes one place on the domain for a row about to be sent: -1 when the
 * domain is full (accounts_limit - linked_accounts, less the rows of this
 * run on their way or created). A domain whose limit is not given has
 * room. Places of rows not created are given back (room_release).
 */
static int
room_take(struct md_data *md, struct md_entry *dom)
{
	int	ok = 1;

	pthread_mutex_lock(&md->lock);
	if (dom->room >= 0 && (ok = dom->room > 0))
		dom->room--;
	pthread_mutex_unlock(&md->lock);
	return ok ? 0 : -1;
}

static void
room_release(struct md_data *md, struct md_entry *dom)
{
	pthread_mutex_lock(&md->lock);
	if (dom->room >= 0)
		dom->room++;
	pthread_mutex_unlock(&md->lock);
}

#define AVAIL_NAMES	100	/* domains a provider-availability request */
#define AVAIL_QUERY	6000	/* bytes of its query, to keep the URL short */

/* The answer {"domains": {name: {"GOOGLE": bool|null, ...}}} onto the
 * entries asked: false is not offered; true, null or not said is. */
static void
availability_read(const struct json_doc *d, struct md_entry **asked,
    size_t n)
{
	char	*name;
	size_t	 i;
	int	 k, g;

	for (i = 0; i < n; i++)
		asked[i]->google = 1;
	for (k = json_child(d, json_get(d, 0, "domains")); k >= 0;
	    k = json_next(d, k)) {
		if (json_str(d, k, &name) < 0)
			continue;
		for (i = 0; i < n; i++)
			if (strcasecmp(asked[i]->key, name) == 0 &&
			    json_get_bool(d, json_key_value(d, k), "GOOGLE",
			    &g) == 0)
				asked[i]->google = g;
		free(name);
	}
}

/*
 * Does dom offer Google Workspace? GET provider-availability once, for dom
 * and as many more of the input's domains in the account not asked yet
 * as one request takes; the answers are kept for the run. A request that
 * fails is warned about and the domains are taken as offering it (the
 * create then has the provider's word). Under md->lock.
 */
static int
google_offered(struct pctx *p, struct md_data *md, struct md_entry *dom)
{
	const struct input_domains	*in = p->job->domains;
	struct md_entry			*asked[AVAIL_NAMES], *e;
	struct buf			 path = BUF_INIT;
	struct json_doc			*d;
	char				 err[512];
	size_t				 n = 0, i;

	if (dom->google >= 0)
		return dom->google;
	buf_puts(&path, "/v1/user/domains/provider-availability");
	http_url_append_query(&path, "domains", dom->key);
	asked[n++] = dom;
	for (i = 0; in != NULL && i < in->n && n < AVAIL_NAMES &&
	    path.len < AVAIL_QUERY; i++) {
		if ((e = domain_entry(md, in->name[i])) == NULL || e == dom ||
		    e->google >= 0)
			continue;
		e->google = 1;		/* asked: not added twice */
		http_url_append_query(&path, "domains", e->key);
		asked[n++] = e;
	}
	if ((d = pctx_get_json(p, path.data, err, sizeof err)) == NULL) {
		log_warn("%s; sending the Google rows of %zu domain%s as they "
		    "are", err, n, n == 1 ? "" : "s");
		for (i = 0; i < n; i++)
			asked[i]->google = 1;
	} else
		availability_read(d, asked, n);
	json_free(d);
	buf_free(&path);
	return dom->google;
}

/* The row asks for Google on a domain that does not offer it: finished
 * unavailable, unsent (the whole batch would be refused). 1, else 0. */
static int
google_unavailable(struct pctx *p, struct md_data *md, struct md_entry *dom,
    struct item *it)
{
	int	offered;

	if (strcmp(it->rec.provider, "google") != 0)
		return 0;
	pthread_mutex_lock(&md->lock);
	offered = google_offered(p, md, dom);
	pthread_mutex_unlock(&md->lock);
	if (offered)
		return 0;
	item_finish(it, ST_UNAVAILABLE, 0, "domain %s does not offer Google "
	    "Workspace (provider-availability)", dom->key);
	return 1;
}

/* Client-side checks against the account's domains and forwarding
 * inboxes; returns -1 when the row cannot be sent (item finished), else
 * 0 with *held the domain it holds a place on (or NULL). */
static int
precheck_account(struct pctx *p, struct item *it, long long *fwd_id,
    struct md_entry **held)
{
	struct md_data	*md = p->job->pdata;
	struct md_entry	*dom;

	*fwd_id = -1;
	*held = NULL;
	dom = domain_entry(md, buf_cstr(&it->rec.domain));
	if (dom == NULL) {
		item_finish(it, ST_FAILED, 0, "domain %s is not in this "
		    "Maildoso account", buf_cstr(&it->rec.domain));
		return -1;
	}
	if (dom->status != NULL && strcmp(dom->status, "ACTIVE") != 0) {
		item_finish(it, ST_FAILED, 0, "domain %s is %s, not ACTIVE "
		    "yet (see 'mailfleet wait domains')",
		    buf_cstr(&it->rec.domain), dom->status);
		return -1;
	}
	if (it->rec.forwarding.len > 0 &&
	    forwarding_id(md, it->rec.forwarding.data, fwd_id) < 0) {
		item_finish(it, ST_FAILED, 0, "forwarding inbox %s does not "
		    "exist (create it with 'mailfleet import forwarding')",
		    it->rec.forwarding.data);
		return -1;
	}
	if (google_unavailable(p, md, dom, it))
		return -1;
	if (room_take(md, dom) < 0) {
		item_finish(it, ST_OVER_LIMIT, 0, "domain %s is full: its "
		    "accounts_limit is %lld and it had %lld accounts", dom->key,
		    dom->limit, dom->linked);
		return -1;
	}
	*held = dom;
	return 0;
}

static void
put_opt(struct buf *b, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_printf(b, ",\"%s\":", key);
	json_put_str(b, v);
}

/* The answer to a batch that was refused: per item or split. */
static enum attempt
refused(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct buf	why = BUF_INIT;
	size_t		i;
	int		found, status = p->resp.status;

	(void)rq;
	if (auth_refused(p))
		return ATTEMPT_FATAL;
	if (status == 422 && n > 1)
		return ATTEMPT_SPLIT;
	provider_error_text(&p->resp, &why);
	if (status == 422 && n == 1 && p->job->op == OP_CREATE &&
	    lookup_for(p->job->kind) != NULL) {
		/* Already there? Then say so, with its data. */
		found = lookup_as(p, lookup_for(p->job->kind), items[0],
		    ST_EXISTS);
		if (found == 1) {
			buf_free(&why);
			return ATTEMPT_DONE;
		}
	}
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			item_finish(items[i], ST_FAILED, status, "%s",
			    buf_cstr(&why));
	buf_free(&why);
	return ATTEMPT_DONE;
}

/*
 * A 422 to POST /v1/user/accounts that names the items it refuses
 * (loc ["body", i, field], the spec's HTTPValidationError): nothing was
 * created, those rows are finished (an address that exists is "exists",
 * looked up for its data; any other with the provider's message) and the
 * rest go again in one request. rq->sent[k] is the body's k-th item. An
 * answer that does not say which items is refused() (split in halves).
 */
static enum attempt
refused_accounts(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	static const char *const body[] = { "body", NULL };
	struct item	**sent = rq->sent;
	size_t		  k, nsent = rq->nsent;
	struct buf	 *msg;

	if (p->resp.status != 422 || auth_refused(p))
		return refused(p, rq, items, n);
	msg = xcalloc(nsent, sizeof *msg);
	if (provider_named_errors(&p->resp, body, nsent, msg) == 0) {
		free(msg);
		return refused(p, rq, items, n);
	}
	for (k = 0; k < nsent; k++) {
		if (msg[k].len == 0)
			continue;
		if (strstr(msg[k].data, "already exists") == NULL ||
		    lookup_as(p, &lookup_accounts, sent[k], ST_EXISTS) != 1)
			item_finish(sent[k], ST_FAILED, 422, "%s",
			    msg[k].data);
		buf_free(&msg[k]);
	}
	free(msg);
	return ATTEMPT_RESEND;
}

/* EmailAccountInsert of the row. */
static void
put_insert(struct buf *body, const struct item *it, long long fwd)
{
	buf_puts(body, "{\"email_account\":");
	json_put_str(body, buf_cstr(&it->rec.email));
	put_opt(body, "password", it->password);
	put_opt(body, "first_name", it->rec.first_name);
	put_opt(body, "last_name", it->rec.last_name);
	put_opt(body, "provider", it->rec.provider);
	if (fwd >= 0)
		buf_printf(body, ",\"forwarding_account_id\":%lld", fwd);
	buf_putc(body, '}');
}

/* The rows of a 202 answer: matched by address, never by position. Rows
 * missing from it are looked up, never resent. -1: the answer cannot be
 * read (nothing finished). */
static int
accounts_created(struct pctx *p, struct item **items, size_t n)
{
	struct json_doc		*d;
	struct json_index	*by_email;
	size_t			 i;
	int			 acc;

	if ((d = pctx_parse(p)) == NULL)
		return -1;
	by_email = json_index_new(d, json_get(d, 0, "results"),
	    "email_account");
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING)
			continue;
		acc = json_index_find(by_email, buf_cstr(&items[i]->rec.email));
		if (acc < 0)
			continue;
		account_result(items[i], d, acc);
		item_finish(items[i], ST_CREATED, p->resp.status, NULL);
	}
	json_index_free(by_email);
	json_free(d);
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING &&
		    lookup_as(p, &lookup_accounts, items[i], ST_CREATED) != 1)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "Maildoso accepted the request but did not "
			    "create this account");
	return 0;
}

/* POST /v1/user/accounts: the rows that pass precheck_account(), each
 * holding a place on its domain (rq->state: the places, for done). */
static int
build_accounts(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct md_entry	**held = xcalloc(n, sizeof *held);
	long long	  fwd;
	size_t		  i;

	rq->state = held;
	rq->method = HTTP_POST;
	rq->secret = 1;				/* it holds passwords */
	buf_puts(&rq->path, "/v1/user/accounts");
	buf_putc(&rq->body, '[');
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING ||
		    precheck_account(p, items[i], &fwd, &held[i]) < 0)
			continue;
		buf_puts(&rq->body, rq->nsent ? "," : "");
		put_insert(&rq->body, items[i], fwd);
		rq->sent[rq->nsent++] = items[i];
	}
	buf_putc(&rq->body, ']');
	return rq->nsent == 0;
}

static enum attempt
map_accounts(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	(void)rq;
	if (accounts_created(p, items, n) < 0)
		return ATTEMPT_TRANSIENT;	/* garbled: reconcile */
	return ATTEMPT_DONE;
}

/* Places on domains of rows not created are free again. */
static void
done_accounts(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct md_entry	**held = rq->state;
	size_t		  i;

	for (i = 0; i < n; i++)
		if (held[i] != NULL && items[i]->status != ST_CREATED)
			room_release(p->job->pdata, held[i]);
	free(held);
}

/* --dry-run: the checks a real run makes before it sends the row, its
 * place on the domain taken for good (a planned row would be created), so
 * the rows beyond a domain's room are over_limit as a real run says. */
static void
plan_account(struct pctx *p, struct item **items, size_t n)
{
	struct md_entry	*place;
	long long	 fwd;
	size_t		 i;

	for (i = 0; i < n; i++)
		precheck_account(p, items[i], &fwd, &place);
}

/* A row of a Maildoso account is bought as one of these products. */
static const char *
product_account(const struct item *it)
{
	return strcmp(it->rec.provider, "google") == 0 ? "google_accounts" :
	    "maildoso_accounts";
}

static const char *
product_domain(const struct item *it)
{
	(void)it;
	return "domains";
}

/*
 * The rows of a purchase that cannot be registered are finished
 * "unavailable", unsent: as the search prepare() made says, or (names it
 * did not search: an input read once) one search for the batch's. A
 * search that fails leaves the rows to the purchase (-1).
 */
static int
md_available(struct pctx *p, struct item **items, size_t n)
{
	struct md_data	 *md = p->job->pdata;
	const char	**names = xcalloc(n + 1, sizeof *names), *why;
	size_t		  i, k = 0;
	int		  rc = 0, a;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING && avail_get(&md->avail,
		    buf_cstr(&items[i]->rec.domain), &why) < 0)
			names[k++] = buf_cstr(&items[i]->rec.domain);
	if (k > 0 && avail_search(p, &md->avail, names, k) < 0)
		rc = -1;
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING ||
		    (a = avail_get(&md->avail, buf_cstr(&items[i]->rec.domain),
		    &why)) != 0)
			continue;
		item_finish(items[i], ST_UNAVAILABLE, 0, "cannot be "
		    "registered (Maildoso's search: %s)", why != NULL ? why :
		    "not available");
	}
	free(names);
	return rc;
}

/* --dry-run: the names a real run would find unavailable. */
static void
plan_domain(struct pctx *p, struct item **items, size_t n)
{
	struct md_data	*md = p->job->pdata;
	struct buf	 why = BUF_INIT;
	const char	*w;
	size_t		 i;

	if (md_available(p, items, n) == 0)
		return;
	provider_error_text(&p->resp, &why);
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING && avail_get(&md->avail,
		    buf_cstr(&items[i]->rec.domain), &w) < 0)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "could not check that it is available (%s)",
			    buf_cstr(&why));
	buf_free(&why);
}

/* What prepare()'s search found to buy: -1 when it did not search. */
static long
to_buy(struct pctx *p, long *unavailable)
{
	struct md_data	*md = p->job->pdata;

	*unavailable = md->unavailable;
	return md->to_buy;
}

/* POST /v1/user/domains (buy) or /external: every row, in three arrays
 * of the same order. */
static int
build_domains(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct buf	 *body = &rq->body;
	struct item	**s = rq->sent;
	size_t		  i;
	int		  ext = p->job->kind == KIND_EXTERNAL_DOMAINS;

	if (!ext)
		md_available(p, items, n);	/* unavailable: not sent */
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			s[rq->nsent++] = items[i];
	if (rq->nsent == 0)
		return 1;
	rq->method = HTTP_POST;
	buf_puts(&rq->path, ext ? "/v1/user/domains/external" :
	    "/v1/user/domains");
	buf_puts(body, "{\"domains\":[");
	for (i = 0; i < rq->nsent; i++) {
		buf_puts(body, i ? "," : "");
		json_put_str(body, buf_cstr(&s[i]->rec.domain));
	}
	buf_puts(body, "],\"redirect_to\":[");
	for (i = 0; i < rq->nsent; i++) {
		buf_puts(body, i ? "," : "");
		json_put_str(body, *s[i]->rec.redirect_to ?
		    s[i]->rec.redirect_to : NULL);
	}
	if (ext) {
		buf_puts(body, "],\"providers\":[");
		for (i = 0; i < rq->nsent; i++) {
			buf_puts(body, i ? "," : "");
			json_put_str(body, *s[i]->rec.provider ?
			    s[i]->rec.provider : "maildoso");
		}
	}
	buf_puts(body, "]}");
	return 0;
}

/* DomainRegistrationResponse: one result per name, matched by name. */
/* A row just bought (or pending: not in the answer) as domain v of the
 * listing d shows it, or -1: not there. */
static void
bought_found(struct pctx *p, struct item *it, const struct json_doc *d,
    int v)
{
	int	st = it->status == ST_CREATED ? it->http_status :
		    p->resp.status;

	if (v >= 0) {
		lookup_domains.fill(it, d, v);
		if (it->status == ST_CREATED)
			item_finish(it, ST_CREATED, st, NULL);
		else
			item_finish(it, ST_CREATED, st, "reconciled: found "
			    "after an unanswered request");
	} else if (it->status == ST_PENDING)
		item_finish(it, ST_FAILED, p->resp.status,
		    "not in Maildoso's answer");
}

/*
 * Status and name servers of the rows just bought, and the rows the answer
 * did not name: one look by name for a single row, else one unpaged GET
 * /v1/user/domains for the batch (not a request a row).
 */
static void
bought_state(struct pctx *p, struct item **items, size_t n)
{
	struct json_doc	*d = NULL;
	size_t		 i, want = 0;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_CREATED ||
		    items[i]->status == ST_PENDING)
			want++;
	if (want == 0)
		return;
	for (i = 0; want == 1 && i < n; i++) {
		if (items[i]->status == ST_CREATED) {
			int	st = items[i]->http_status;

			if (lookup_as(p, &lookup_domains, items[i],
			    ST_CREATED) == 1)
				item_finish(items[i], ST_CREATED, st, NULL);
		} else if (items[i]->status == ST_PENDING &&
		    lookup_as(p, &lookup_domains, items[i], ST_CREATED) != 1)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "not in Maildoso's answer");
	}
	if (want == 1)
		return;
	if (pctx_request(p, HTTP_GET, lookup_domains.path, NULL) == 0 &&
	    p->resp.status == 200)
		d = pctx_parse(p);
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_CREATED ||
		    items[i]->status == ST_PENDING)
			bought_found(p, items[i], d, d == NULL ? -1 :
			    find_by(d, 0, lookup_domains.field,
			    buf_cstr(&items[i]->rec.domain)));
	json_free(d);
}

static enum attempt
map_domains(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct json_doc	*d;
	size_t		 i;
	int		 results, r, ok;
	char		*res, *m;

	(void)rq;
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;
	results = json_get(d, 0, "results");
	for (i = 0; i < n; i++) {
		r = find_by(d, results, "name", buf_cstr(&items[i]->rec.domain));
		if (r < 0)
			continue;
		res = json_get_str(d, r, "result");
		ok = res == NULL || strcmp(res, "success") == 0;
		free(res);
		set_int(items[i], RES_ID, d, r, "id");
		set_str(items[i], RES_NS_EXPIRE_AT, d, r, "expire_at");
		if (!ok) {
			/* Added since the run listed the account's domains:
			 * it exists, with its data. */
			m = json_get_str(d, r, "message");
			if (m == NULL || strstr(m, "already exists") == NULL ||
			    lookup_as(p, &lookup_domains, items[i],
			    ST_EXISTS) != 1)
				item_finish(items[i], ST_FAILED,
				    p->resp.status, "%s", m ? m :
				    "Maildoso refused this domain");
			free(m);
		} else
			item_finish(items[i], ST_CREATED, p->resp.status,
			    NULL);
	}
	json_free(d);
	bought_state(p, items, n);
	return ATTEMPT_DONE;
}

/* POST /v1/user/forwarding: one inbox a request. */
static int
build_forwarding(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];

	(void)p;
	(void)n;
	rq->method = HTTP_POST;
	buf_puts(&rq->path, "/v1/user/forwarding");
	buf_puts(&rq->body, "{\"email\":");
	json_put_str(&rq->body, buf_cstr(&it->rec.email));
	put_opt(&rq->body, "first_name", it->rec.first_name);
	put_opt(&rq->body, "last_name", it->rec.last_name);
	buf_putc(&rq->body, '}');
	rq->sent[rq->nsent++] = it;
	return 0;
}

static enum attempt
map_forwarding(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct json_doc	*d;

	(void)rq;
	(void)n;
	if ((d = pctx_parse(p)) != NULL) {
		set_int(items[0], RES_ID, d, 0, "id");
		set_str(items[0], RES_PASSWORD, d, 0, "password");
		json_free(d);
	}
	item_finish(items[0], ST_CREATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/*
 * The row's object by its key, for a delete or an update: from the run's
 * listings, else (no listing, or it failed) looked up alone. 1 found
 * (filled; *google: an account that is not Maildoso's own), 0 absent, -1
 * the lookup failed.
 */
static int
find_row(struct pctx *p, struct item *it, int *google)
{
	struct md_data	*md = p->job->pdata;
	int		 rc = -3;

	*google = strcmp(it->rec.provider, "maildoso") != 0;
	if (p->job->kind == KIND_ACCOUNTS)
		rc = known_account(p, it, google);
	else if (md->have_fwd)
		rc = known_in(&md->fwd, it, buf_cstr(&it->rec.email));
	if (rc >= 0)
		return rc;
	return lookup_as(p, lookup_for(p->job->kind), it, ST_PENDING);
}

/* Resolves each row's id (from its id column, the listings or a lookup).
 * google[i]: the row may be an account that lingers once deleted. */
static void
resolve_ids(struct pctx *p, struct item **items, size_t n, int *google)
{
	size_t	i;
	int	rc;

	for (i = 0; i < n; i++) {
		google[i] = strcmp(items[i]->rec.provider, "maildoso") != 0;
		if (items[i]->status != ST_PENDING)
			continue;
		if (*items[i]->rec.id != '\0') {
			item_set(items[i], RES_ID, items[i]->rec.id);
			continue;
		}
		rc = find_row(p, items[i], &google[i]);
		if (rc == 0 && items[i]->maybe_sent && p->job->op == OP_DELETE)
			item_finish(items[i], ST_DELETED, 0, "reconciled: "
			    "gone after the interrupted run's delete");
		else if (rc == 0)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "no such %s at Maildoso", p->job->kind ==
			    KIND_ACCOUNTS ? "account" : "forwarding inbox");
		else if (rc < 0)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "could not look the row up");
	}
}

/* DELETE /v1/user/accounts or /forwarding with a JSON array of ids
 * (rq->state: which rows may be Google accounts that linger). */
static int
build_delete(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	int	*google = xcalloc(n, sizeof *google);
	size_t	 i;

	rq->state = google;
	resolve_ids(p, items, n, google);
	rq->method = HTTP_DELETE;
	buf_puts(&rq->path, p->job->kind == KIND_ACCOUNTS ?
	    "/v1/user/accounts" : "/v1/user/forwarding");
	buf_putc(&rq->body, '[');
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING && items[i]->res[RES_ID]) {
			buf_printf(&rq->body, "%s%s", rq->nsent ? "," : "",
			    items[i]->res[RES_ID]);
			rq->sent[rq->nsent++] = items[i];
		}
	buf_putc(&rq->body, ']');
	return rq->nsent == 0;
}

static enum attempt
map_delete(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const int	*google = rq->state;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING)
			continue;
		/* Google accounts linger until their renewal date. */
		if (p->job->kind == KIND_ACCOUNTS && google[i] &&
		    lookup_as(p, &lookup_accounts, items[i], ST_DELETED) == 1)
			continue;
		item_finish(items[i], ST_DELETED, 204, NULL);
	}
	return ATTEMPT_DONE;
}

static void
done_state(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	(void)p;
	(void)items;
	(void)n;
	free(rq->state);
}

/* An ids the API takes as an integer: digits only (the id column is the
 * user's text). */
static int
id_ok(const char *id)
{
	return id != NULL && *id != '\0' && strspn(id, "0123456789") ==
	    strlen(id) && strlen(id) < 19;
}

/*
 * The row's id for a change (from its id column, the listings or a
 * lookup), the looked-up data dropped: the result reports only what the
 * change sets. 0, or -1 when the row is finished (not found, a bad id).
 */
static int
resolve_for_update(struct pctx *p, struct item *it)
{
	int	google, c;

	if (it->res[RES_ID] == NULL) {
		resolve_ids(p, &it, 1, &google);
		if (it->status != ST_PENDING)
			return -1;
		for (c = 0; c < RES__COUNT; c++)
			if (c != RES_ID)
				item_set(it, (enum res_col)c, NULL);
		it->http_status = 0;
	}
	if (!id_ok(it->res[RES_ID])) {
		item_finish(it, ST_FAILED, 0, "id must be a number");
		return -1;
	}
	return 0;
}

/* PUT /v1/user/accounts/{id} with the fields the row sets. PUT is
 * idempotent: a retry after an unknown outcome is safe. */
static int
build_update(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct md_data	*md = p->job->pdata;
	struct item	*it = items[0];
	struct buf	*body = &rq->body;
	long long	 fwd = -1;

	(void)n;
	if (resolve_for_update(p, it) < 0)
		return 1;
	if (it->rec.forwarding.len > 0 &&
	    forwarding_id(md, it->rec.forwarding.data, &fwd) < 0) {
		item_finish(it, ST_FAILED, 0, "forwarding inbox %s does not "
		    "exist", it->rec.forwarding.data);
		return 1;
	}
	rq->secret = 1;
	buf_putc(body, '{');
	if (it->password != NULL) {
		buf_puts(body, "\"password\":");
		json_put_str(body, it->password);
	}
	put_opt(body, "first_name", it->rec.first_name);
	put_opt(body, "last_name", it->rec.last_name);
	if (fwd >= 0)
		buf_printf(body, ",\"forwarding_account_id\":%lld", fwd);
	put_opt(body, "picture_url", it->rec.picture_url);
	if (it->rec.premium >= 0)
		buf_printf(body, ",\"is_premium_warmup\":%s", it->rec.premium ?
		    "true" : "false");
	buf_putc(body, '}');
	if (body->data[1] == ',')		/* no password: drop the comma */
		memmove(body->data + 1, body->data + 2, body->len-- - 1);
	if (body->len <= 2) {
		item_finish(it, ST_SKIPPED, 0, "nothing to change: give "
		    "password, first_name, last_name, forwarding, "
		    "is_premium_warmup or picture_url");
		return 1;
	}
	rq->method = HTTP_PUT;
	buf_puts(&rq->path, "/v1/user/accounts");
	http_url_append_segment(&rq->path, it->res[RES_ID]);
	rq->sent[rq->nsent++] = it;
	return 0;
}

static enum attempt
map_update(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];

	(void)rq;
	(void)n;
	if (it->password != NULL)
		item_set(it, RES_PASSWORD, it->password);
	if (it->rec.forwarding.len > 0)
		item_set(it, RES_FORWARDING, it->rec.forwarding.data);
	item_finish(it, ST_UPDATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* GET /v1/user/stats, kept for the run when it has provider data (its
 * quota and its prices read one answer; the main thread only). *own: the
 * caller frees it. */
static struct json_doc *
stats(struct pctx *p, int *own, char *err, size_t errlen)
{
	struct md_data	*md = p->job->pdata;
	struct json_doc	*d;

	*own = md == NULL;
	if (md != NULL && md->stats != NULL)
		return md->stats;
	if ((d = pctx_get_json(p, "/v1/user/stats", err, errlen)) == NULL)
		return NULL;
	if (md != NULL)
		md->stats = d;
	return d;
}

/* The stats' in_use of a product: its key there is the ProductKey. One
 * the stats do not show is taken as none held. */
static int
held(struct pctx *p, const char *product, long long *n, char *err,
    size_t errlen)
{
	struct json_doc	*d;
	int		 own;

	*n = 0;
	if ((d = stats(p, &own, err, errlen)) == NULL)
		return -1;
	if (json_get_int(d, json_get(d, 0, product), "in_use", n) < 0)
		*n = 0;
	if (own)
		json_free(d);
	return 0;
}

static int
quota(struct pctx *p, enum kind kind, long *total, long *in_use, char *err,
    size_t errlen)
{
	struct json_doc	*d;
	long long	 t, u;
	int		 q, own;

	*total = -1;
	*in_use = 0;
	if (kind != KIND_ACCOUNTS && kind != KIND_DOMAINS)
		return 0;
	if ((d = stats(p, &own, err, errlen)) == NULL)
		return -1;
	q = json_get(d, 0, kind == KIND_ACCOUNTS ? "maildoso_accounts" :
	    "domains");
	if (json_get_int(d, q, "total", &t) == 0 &&
	    json_get_int(d, q, "in_use", &u) == 0) {
		*total = (long)t;
		*in_use = (long)u;
	}
	if (own)
		json_free(d);
	return 0;
}

static int
list_domains(struct pctx *p, void (*fn)(void *, const char *, const char *,
    const char *, const char *), void *arg)
{
	struct json_doc	*d;
	struct buf	 ns = BUF_INIT;
	char		*name, *st, *s, id[32];
	long long	 n;
	int		 v, a, x;

	if (pctx_request(p, HTTP_GET, "/v1/user/domains", NULL) < 0 ||
	    p->resp.status != 200 || (d = pctx_parse(p)) == NULL)
		return -1;
	for (v = json_child(d, 0); v >= 0; v = json_next(d, v)) {
		name = json_get_str(d, v, "domain_name");
		st = json_get_str(d, v, "domain_status");
		id[0] = '\0';
		if (json_get_int(d, v, "id", &n) == 0)
			snprintf(id, sizeof id, "%lld", n);
		buf_reset(&ns);
		a = json_get(d, v, "name_servers");
		for (x = json_child(d, a); x >= 0; x = json_next(d, x))
			if (json_str(d, x, &s) == 0) {
				buf_printf(&ns, "%s%s", ns.len ? ";" : "", s);
				free(s);
			}
		if (name != NULL)
			fn(arg, name, id, st ? st : "", buf_cstr(&ns));
		free(name);
		free(st);
	}
	buf_free(&ns);
	json_free(d);
	return 0;
}

/* EmailDomainStatus: ACTIVE is ready; these never get there alone. */
static int
domain_state(const char *st)
{
	/* set-ups that went wrong: restart-setup's business */
	static const char *const setup[] = { "FAILED_TO_BUY", "SETUP_FAILED",
	    "DNS_ERROR", "NS_EXPIRED", NULL };
	/* the domain itself is gone or barred: no restart brings it back */
	static const char *const failed[] = { "UNAVAILABLE", "INACTIVE",
	    "BLACKLISTED", "EXPIRED", "ABANDONED", "MANUALLY_DISABLE", NULL };
	size_t	i;

	if (strcmp(st, "ACTIVE") == 0)
		return DOMAIN_READY;
	for (i = 0; setup[i] != NULL; i++)
		if (strcmp(st, setup[i]) == 0)
			return DOMAIN_SETUP_FAILED;
	for (i = 0; failed[i] != NULL; i++)
		if (strcmp(st, failed[i]) == 0)
			return DOMAIN_FAILED;
	return DOMAIN_MOVING;
}

/* ---- domains: redirects and set-ups (update, restart, wait) ---- */

/* Domain ids are integers; anything else is not sent. */
static int
is_int_id(const char *s)
{
	size_t	n = strspn(s, "0123456789");

	return n > 0 && n <= 18 && s[n] == '\0';
}

/* The domain of the account whose id is id, or NULL. */
static struct md_entry *
domain_by_id(const struct md_data *md, long long id)
{
	size_t	lo = 0, hi = md->nby_id, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (md->by_id[mid]->id == id)
			return md->by_id[mid];
		if (md->by_id[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The account's domain a row names, by its id column, else by name, from
 * the listing prepare() made: NULL (the row finished, failed, unsent) when
 * there is none such, or the id is another domain's than the name given.
 * The row gets the domain's id.
 */
static struct md_entry *
row_domain(struct md_data *md, struct item *it)
{
	const char	*name = buf_cstr(&it->rec.domain);
	struct md_entry	*dom;
	char		 id[32];

	if (*it->rec.id != '\0')
		dom = is_int_id(it->rec.id) ? domain_by_id(md,
		    strtoll(it->rec.id, NULL, 10)) : NULL;
	else
		dom = domain_entry(md, name);
	if (dom == NULL || !dom->has_id) {
		item_finish(it, ST_FAILED, 0, "no domain %s in this Maildoso "
		    "account", *it->rec.id != '\0' ? it->rec.id : name);
		return NULL;
	}
	if (*name != '\0' && strcasecmp(name, dom->key) != 0) {
		item_finish(it, ST_FAILED, 0, "id %s is domain %s, not %s",
		    it->rec.id, dom->key, name);
		return NULL;
	}
	snprintf(id, sizeof id, "%lld", dom->id);
	item_set(it, RES_ID, id);
	return dom;
}

/* PUT /v1/user/domains: [EmailDomainUpdate] of the rows' domains; an
 * empty redirect_to is null, which removes the redirect. */
static int
build_update_domains(struct pctx *p, struct op_request *rq,
    struct item **items, size_t n)
{
	size_t	i;

	rq->method = HTTP_PUT;
	buf_puts(&rq->path, "/v1/user/domains");
	buf_putc(&rq->body, '[');
	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING ||
		    row_domain(p->job->pdata, items[i]) == NULL)
			continue;
		buf_printf(&rq->body, "%s{\"id\":%s,\"redirect_to\":",
		    rq->nsent ? "," : "", items[i]->res[RES_ID]);
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
map_sent_updated(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	size_t	i;

	(void)items;
	(void)n;
	for (i = 0; i < rq->nsent; i++)
		item_finish(rq->sent[i], ST_UPDATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* --dry-run: each row's domain is found as the real run finds it (one
 * not in the listing fails). */
static void
plan_redirects(struct pctx *p, struct item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		(void)row_domain(p->job->pdata, items[i]);
}

/* {"domain_ids":[...]} of the integer ones of ids[]: sent[] gets their
 * places in ids[], in the body's order. Returns how many. */
static size_t
restart_body(struct buf *body, const char *const *ids, size_t n,
    size_t *sent)
{
	size_t	i, nsent = 0;

	buf_puts(body, "{\"domain_ids\":[");
	for (i = 0; i < n; i++) {
		if (!is_int_id(ids[i]))
			continue;
		buf_printf(body, "%s%s", nsent ? "," : "", ids[i]);
		sent[nsent++] = i;
	}
	buf_puts(body, "]}");
	return nsent;
}

/* Which of ids[] result r of the answer is about: its id, else its place
 * k among the ids sent (sent[], nsent); -1 when none. */
static long
restart_index(const struct json_doc *d, int r, size_t k,
    const char *const *ids, const size_t *sent, size_t nsent)
{
	char		s[32];
	long long	id;
	size_t		i;

	if (json_get_int(d, r, "id", &id) < 0)
		return k < nsent ? (long)sent[k] : -1;
	snprintf(s, sizeof s, "%lld", id);
	for (i = 0; i < nsent; i++)
		if (strcmp(ids[sent[i]], s) == 0)
			return (long)sent[i];
	return -1;
}

/* The 202 DomainRegistrationResponse of a restart onto ok[] and msg[]
 * (n of each, for ids[]): result "success", else the message. */
static void
restart_results(const struct json_doc *d, const char *const *ids, size_t n,
    const size_t *sent, size_t nsent, int *ok, struct buf *msg)
{
	char	*m;
	size_t	 k = 0;
	long	 i;
	int	 r;

	for (k = 0; k < n; k++)
		ok[k] = 0;
	k = 0;
	for (r = json_child(d, json_get(d, 0, "results")); r >= 0;
	    r = json_next(d, r), k++) {
		if ((i = restart_index(d, r, k, ids, sent, nsent)) < 0)
			continue;
		ok[i] = json_str_eq(d, json_get(d, r, "result"), "success");
		if (!ok[i] && (m = json_get_str(d, r, "message")) != NULL) {
			buf_printf(&msg[i], "restart refused: %s", m);
			free(m);
		}
	}
	for (k = 0; k < n; k++)
		if (!ok[k] && msg[k].len == 0)
			buf_puts(&msg[k], "restart-setup did not take it up");
}

/* wait --restart-failed: POST /v1/user/domains/restart-setup restarts any
 * number of domains in one request, as `restart domains` sends it. */
static int
retry_domains(struct pctx *p, const char *const *ids, size_t n, int *ok,
    struct buf *msg)
{
	struct buf	 body = BUF_INIT, why = BUF_INIT;
	struct json_doc	*d = NULL;
	size_t		*sent = xcalloc(n ? n : 1, sizeof *sent), nsent, i;
	int		 rc = -1;

	nsent = restart_body(&body, ids, n, sent);
	if (nsent > 0 && pctx_request(p, HTTP_POST,
	    "/v1/user/domains/restart-setup", body.data) == 0 &&
	    p->resp.status / 100 == 2 && (d = pctx_parse(p)) != NULL) {
		restart_results(d, ids, n, sent, nsent, ok, msg);
		rc = 0;
	} else {
		if (nsent > 0)
			provider_error_text(&p->resp, &why);
		for (i = 0; i < n; i++) {
			ok[i] = 0;
			buf_printf(&msg[i], "restart-setup failed: %s", nsent ?
			    buf_cstr(&why) : "no domain id in the listing");
		}
	}
	json_free(d);
	free(sent);
	buf_free(&why);
	buf_free(&body);
	return rc;
}

/* A row to restart: its domain found and in a failed state, else
 * finished (skipped with its status, or failed). 0 or -1. */
static int
restart_check(struct pctx *p, struct item *it)
{
	struct md_entry	*dom = row_domain(p->job->pdata, it);

	if (dom == NULL)
		return -1;
	item_set(it, RES_DOMAIN_STATUS, dom->status);
	if (dom->status != NULL && domain_state(dom->status) ==
	    DOMAIN_SETUP_FAILED)
		return 0;
	item_finish(it, ST_SKIPPED, 0, "domain %s is %s, not a failed set-up",
	    dom->key, dom->status ? dom->status : "of no status");
	return -1;
}

/* --dry-run: the rows a real run would not send end as it ends them. */
static void
plan_restarts(struct pctx *p, struct item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		(void)restart_check(p, items[i]);
}

/* POST /v1/user/domains/restart-setup of the rows' failed domains
 * (rq->state: their ids, in the body's order). */
static int
build_restart(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const char	**ids = xcalloc(n, sizeof *ids);
	size_t		 *sent = xcalloc(n, sizeof *sent), i;

	rq->state = ids;
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING &&
		    restart_check(p, items[i]) == 0) {
			ids[rq->nsent] = items[i]->res[RES_ID];
			rq->sent[rq->nsent++] = items[i];
		}
	rq->method = HTTP_POST;
	buf_puts(&rq->path, "/v1/user/domains/restart-setup");
	(void)restart_body(&rq->body, ids, rq->nsent, sent);
	free(sent);
	return rq->nsent == 0;
}

/* Each row sent: updated when restart-setup took it up, else failed with
 * its message. */
static enum attempt
map_restart(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	const char	**ids = rq->state;
	struct json_doc	 *d;
	struct buf	 *msg;
	size_t		 *sent, i;
	int		 *ok;

	(void)items;
	(void)n;
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;	/* garbled: sent again */
	sent = xcalloc(rq->nsent, sizeof *sent);
	ok = xcalloc(rq->nsent, sizeof *ok);
	msg = xcalloc(rq->nsent, sizeof *msg);
	for (i = 0; i < rq->nsent; i++)
		sent[i] = i;
	restart_results(d, ids, rq->nsent, sent, rq->nsent, ok, msg);
	for (i = 0; i < rq->nsent; i++) {
		if (ok[i])
			item_finish(rq->sent[i], ST_UPDATED, p->resp.status,
			    NULL);
		else
			item_finish(rq->sent[i], ST_FAILED, p->resp.status,
			    "%s", msg[i].data);
		buf_free(&msg[i]);
	}
	json_free(d);
	free(msg);
	free(ok);
	free(sent);
	return ATTEMPT_DONE;
}

/* ---- export and push ---- */

/* The listings: path, whether it pages (limit/offset + meta.total). */
static const struct md_listing {
	const char	*path;
	int		 paged;
} md_listings[EXPORT__KINDS] = {
	[EXPORT_ACCOUNTS] = { "/v1/user/accounts-lookup", 1 },
	[EXPORT_DOMAINS] = { "/v1/user/domains", 0 },
	[EXPORT_FORWARDING] = { "/v1/user/forwarding-lookup", 1 },
	[EXPORT_WARMUPS] = { "/v1/user/services/warmups", 0 },
	[EXPORT_SEQUENCERS] = { "/v1/sequencers", 0 },
	[EXPORT_SENDER_ACCOUNTS] = { NULL, 0 },
};

/* created_at takes one date (that day) or two (an interval). */
static void
query_created(struct buf *q, const struct export_filter *f)
{
	if (f->since == NULL && f->until == NULL)
		return;
	http_url_append_query(q, "created_at", f->since ? f->since :
	    "1970-01-01");
	http_url_append_query(q, "created_at", f->until ? f->until :
	    "9999-12-31");
}

/* `ids` takes at most 100; with more, the ids are filtered on our side. */
static void
query_ids(struct buf *q, const struct export_filter *f)
{
	size_t	i;

	for (i = 0; f->nid_list <= 100 && i < f->nid_list; i++)
		http_url_append_query(q, "ids", f->id_list[i]);
}

/* The id of a domain of the account, for accounts-lookup's domains_ids. */
static int
domain_id(struct pctx *p, const char *name, struct buf *id, char *err,
    size_t errlen)
{
	struct buf	 path = BUF_INIT;
	struct json_doc	*d;
	long long	 n;
	int		 v;

	buf_puts(&path, "/v1/user/domains");
	append_keyword(&path, name, 1);
	d = pctx_get_json(p, path.data, err, errlen);
	buf_free(&path);
	if (d == NULL)
		return -1;
	v = find_by(d, 0, "domain_name", name);
	if (v < 0 || json_get_int(d, v, "id", &n) < 0) {
		snprintf(err, errlen, "--domain: no domain %s in this Maildoso "
		    "account", name);
		json_free(d);
		return -1;
	}
	buf_printf(id, "%lld", n);
	json_free(d);
	return 0;
}

static int
list_query(struct pctx *p, int kind, const struct export_filter *f,
    struct buf *q, char *err, size_t errlen)
{
	struct buf	id = BUF_INIT;
	size_t		i;

	if (kind < 0 || kind >= EXPORT__KINDS || md_listings[kind].path ==
	    NULL) {
		snprintf(err, errlen, "Maildoso has no %s listing (that is "
		    "ColdSend's)", export_kind_name(kind));
		return -1;
	}
	switch (kind) {
	case EXPORT_ACCOUNTS:
		for (i = 0; i < f->nstatus; i++)
			http_url_append_query(q, "status", f->status[i]);
		if (f->provider != NULL)
			http_url_append_query(q, "provider", f->provider);
		if (f->keyword != NULL)
			append_keyword(q, f->keyword, 0);
		query_created(q, f);
		if (f->domain != NULL) {
			if (domain_id(p, f->domain, &id, err, errlen) < 0)
				return -1;
			http_url_append_query(q, "domains_ids", id.data);
			buf_free(&id);
		}
		break;
	case EXPORT_DOMAINS:
		if (f->domain != NULL || f->keyword != NULL)
			append_keyword(q, f->domain ? f->domain : f->keyword,
			    f->domain != NULL);
		if (f->provider != NULL)
			http_url_append_query(q, "provider", f->provider);
		query_created(q, f);
		query_ids(q, f);
		break;
	case EXPORT_FORWARDING:
		if (f->keyword != NULL)
			append_keyword(q, f->keyword, 0);
		query_created(q, f);
		query_ids(q, f);
		break;
	default:
		break;		/* warm-ups and sequencers take no filters */
	}
	return 0;
}

static int
list_page(struct pctx *p, int kind, const char *query, long page,
    long limit, void (*row)(void *, const struct json_doc *, int),
    void *arg, long *total, int *more)
{
	const struct md_listing	*l = &md_listings[kind];
	struct buf		 path = BUF_INIT;
	struct json_doc		*d;
	long long		 t = -1;
	char			 num[32];
	int			 arr, v, n = 0;

	*total = -1;
	*more = 0;
	if (!l->paged && page > 0)
		return 0;		/* everything came on page 0 */
	buf_printf(&path, "%s%s", l->path, query);
	if (l->paged) {
		snprintf(num, sizeof num, "%ld", limit);
		http_url_append_query(&path, "limit", num);
		snprintf(num, sizeof num, "%ld", page * limit);
		http_url_append_query(&path, "offset", num);
	}
	if (pctx_request(p, HTTP_GET, path.data, NULL) < 0 ||
	    p->resp.status != 200 || (d = pctx_parse(p)) == NULL) {
		buf_free(&path);
		return -1;
	}
	buf_free(&path);
	arr = l->paged ? json_get(d, 0, "items") : 0;
	for (v = json_child(d, arr); v >= 0; v = json_next(d, v), n++)
		row(arg, d, v);
	if (l->paged)
		json_get_int(d, json_get(d, 0, "meta"), "total", &t);
	*total = l->paged ? (long)t : n;
	*more = l->paged && n > 0 && (t < 0 || page * limit + n < t);
	json_free(d);
	return 0;
}

static int
sequencer_export(struct pctx *p, long long seq, const long long *ids,
    size_t n)
{
	struct buf	body = BUF_INIT;
	size_t		i;
	int		rc;

	buf_printf(&body, "{\"sequencer_id\":%lld,\"account_ids\":[", seq);
	for (i = 0; i < n; i++)
		buf_printf(&body, "%s%lld", i ? "," : "", ids[i]);
	buf_puts(&body, "]}");
	rc = pctx_request(p, HTTP_POST, "/v1/sequencers/export", body.data);
	buf_free(&body);
	return rc == 0 && p->resp.status >= 200 && p->resp.status < 300 ?
	    0 : -1;
}

/* ---- issue 14: links in bulk, TOTP codes, forwarding passwords ---- */

void
md_set_str(struct item *it, enum res_col c, const struct json_doc *d,
    int obj, const char *key)
{
	set_str(it, c, d, obj, key);
}

void
md_set_int(struct item *it, enum res_col c, const struct json_doc *d,
    int obj, const char *key)
{
	set_int(it, c, d, obj, key);
}

struct md_svc *
md_svc_of(struct pctx *p)
{
	return ((struct md_data *)p->job->pdata)->svc;
}

/* An update accounts row that changes the forwarding link alone: it goes
 * with others in one PUT /v1/user/accounts/forwarding. */
static int
links_only(const struct item *it)
{
	const struct record	*r = &it->rec;

	return r->forwarding.len > 0 && it->password == NULL &&
	    *r->first_name == '\0' && *r->last_name == '\0' &&
	    r->premium < 0 && *r->picture_url == '\0';
}

/* PUT /v1/user/accounts/forwarding: [EmailForwardingUpdate], the rows'
 * ids from the listings, the inboxes' from the forwarding list. */
static int
build_links(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct md_data	*md = p->job->pdata;
	long long	 fwd;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING ||
		    resolve_for_update(p, items[i]) < 0)
			continue;
		if (forwarding_id(md, items[i]->rec.forwarding.data,
		    &fwd) < 0) {
			item_finish(items[i], ST_FAILED, 0, "forwarding inbox "
			    "%s does not exist", items[i]->rec.forwarding.data);
			continue;
		}
		buf_printf(&rq->body, "%c{\"email_id\":%s,\"forward_id\":%lld}",
		    rq->nsent ? ',' : '[', items[i]->res[RES_ID], fwd);
		rq->sent[rq->nsent++] = items[i];
	}
	if (rq->nsent == 0)
		return 1;
	buf_putc(&rq->body, ']');
	rq->method = HTTP_PUT;
	buf_puts(&rq->path, "/v1/user/accounts/forwarding");
	return 0;
}

static int
build_update_any(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	return links_only(items[0]) ? build_links(p, rq, items, n) :
	    build_update(p, rq, items, n);
}

static enum attempt
map_update_any(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	size_t	i;

	if (!links_only(items[0]))
		return map_update(p, rq, items, n);
	for (i = 0; i < rq->nsent; i++) {
		item_set(rq->sent[i], RES_FORWARDING,
		    rq->sent[i]->rec.forwarding.data);
		item_finish(rq->sent[i], ST_UPDATED, p->resp.status, NULL);
	}
	return ATTEMPT_DONE;
}

/* GET /v1/user/accounts/{id}/totp, the id from the listings. Maildoso's
 * own accounts and accounts not ACTIVE are the provider's to refuse (400,
 * its reason in the row). */
static int
build_totp(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];

	(void)n;
	if (resolve_for_update(p, it) < 0)
		return 1;
	rq->method = HTTP_GET;
	buf_puts(&rq->path, "/v1/user/accounts");
	http_url_append_segment(&rq->path, it->res[RES_ID]);
	buf_puts(&rq->path, "/totp");
	rq->sent[rq->nsent++] = it;
	return 0;
}

/* TOTPResponse: the code, expires_at as given and as UTC time. */
static enum attempt
map_totp(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];
	struct json_doc	*d;
	long long	 exp;
	time_t		 t;
	struct tm	 tm;
	char		 iso[32];

	(void)rq;
	(void)n;
	if ((d = pctx_parse(p)) == NULL)
		return ATTEMPT_TRANSIENT;
	set_str(it, RES_TOTP, d, 0, "totp");
	if (json_get_int(d, 0, "expires_at", &exp) == 0) {
		set_int(it, RES_EXPIRES_AT, d, 0, "expires_at");
		t = (time_t)exp;
		if (gmtime_r(&t, &tm) != NULL && strftime(iso, sizeof iso,
		    "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			item_set(it, RES_EXPIRES_AT_UTC, iso);
	}
	json_free(d);
	if (it->res[RES_TOTP] == NULL)
		item_finish(it, ST_FAILED, p->resp.status, "the answer holds "
		    "no totp");
	else
		item_finish(it, ST_GENERATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/*
 * POST /v1/user/forwarding/password?account_id=ID&new_password=PW.
 *
 * The API takes the new password in the query string, so it may land in
 * the provider's (or a proxy's) access logs: mailfleet cannot change
 * that. It never logs this URL: secret_query drops the query from the
 * verbose log line and keeps libcurl's error text (which may quote the
 * URL) out of messages, and the path is wiped once the answer is in.
 */
static int
build_fwd_password(struct pctx *p, struct op_request *rq,
    struct item **items, size_t n)
{
	struct item	*it = items[0];

	(void)n;
	if (resolve_for_update(p, it) < 0)
		return 1;
	rq->method = HTTP_POST;
	rq->secret_query = 1;
	buf_puts(&rq->path, "/v1/user/forwarding/password");
	http_url_append_query(&rq->path, "account_id", it->res[RES_ID]);
	http_url_append_query(&rq->path, "new_password", it->password);
	rq->sent[rq->nsent++] = it;
	return 0;
}

/* PasswordResponse: the password now in force (ours, as sent). */
static enum attempt
map_fwd_password(struct pctx *p, struct op_request *rq, struct item **items,
    size_t n)
{
	struct item	*it = items[0];
	struct json_doc	*d;

	(void)rq;
	(void)n;
	if ((d = pctx_parse(p)) != NULL) {
		set_str(it, RES_PASSWORD, d, 0, "password");
		json_free(d);
	}
	if (it->res[RES_PASSWORD] == NULL)
		item_set(it, RES_PASSWORD, it->password);
	item_finish(it, ST_UPDATED, p->resp.status, NULL);
	return ATTEMPT_DONE;
}

/* ---- the operations ---- */

static const enum col cols_accounts[] = { COL_EMAIL, COL_LOCAL, COL_DOMAIN,
	COL_PASSWORD, COL_FIRST_NAME, COL_LAST_NAME, COL_PROVIDER,
	COL_FORWARDING, COL__COUNT };
static const enum col cols_domains[] = { COL_DOMAIN, COL_REDIRECT_TO,
	COL__COUNT };
static const enum col cols_external[] = { COL_DOMAIN, COL_REDIRECT_TO,
	COL_PROVIDER, COL__COUNT };
static const enum col cols_forwarding[] = { COL_EMAIL, COL_FIRST_NAME,
	COL_LAST_NAME, COL__COUNT };
static const enum col cols_by_id[] = { COL_EMAIL, COL_ID, COL_PROVIDER,
	COL__COUNT };
static const enum col cols_update[] = { COL_EMAIL, COL_ID, COL_PASSWORD,
	COL_FIRST_NAME, COL_LAST_NAME, COL_FORWARDING, COL_PREMIUM_WARMUP,
	COL_PICTURE_URL, COL__COUNT };
static const enum col cols_by_id_pw[] = { COL_EMAIL, COL_ID, COL_PASSWORD,
	COL__COUNT };
static const enum col cols_warmups[] = { COL_SYSTEM_ID, COL_WARMUP_EXCLUDE,
	COL_API_KEY, COL__COUNT };
static const enum col cols_warmups_upd[] = { COL_WARMUP_ID, COL_SYSTEM_ID,
	COL_WARMUP_EXCLUDE, COL_API_KEY, COL__COUNT };
static const enum col cols_warmup_id[] = { COL_WARMUP_ID, COL_SYSTEM_ID,
	COL__COUNT };
static const enum col cols_sequencers[] = { COL_PLATFORM, COL_SEQ_LOGIN,
	COL_SEQ_PASSWORD, COL_SEQ_WORKSPACE, COL_API_KEY, COL__COUNT };
static const enum col cols_sequencers_upd[] = { COL_ID, COL_PLATFORM,
	COL_SEQ_LOGIN, COL_SEQ_PASSWORD, COL_SEQ_WORKSPACE, COL_API_KEY,
	COL__COUNT };

static const enum col cols_update_domains[] = { COL_DOMAIN, COL_ID,
	COL_REDIRECT_TO, COL__COUNT };
static const enum col cols_restart[] = { COL_DOMAIN, COL_ID, COL__COUNT };

static const enum res_col res_update_domains[] = { RES_ID };
static const enum res_col res_restart[] = { RES_ID, RES_DOMAIN_STATUS };
static const enum res_col res_external[] = { RES_ID, RES_DOMAIN_STATUS,
	RES_NAME_SERVERS, RES_NS_EXPIRE_AT };
static const enum res_col res_forwarding[] = { RES_ID, RES_PASSWORD };
static const enum res_col res_update[] = { RES_ID, RES_PASSWORD,
	RES_FORWARDING };
static const enum col cols_search[] = { COL_DOMAIN, COL__COUNT };
static const enum res_col res_search[] = { RES_REQUESTED, RES_AVAILABLE,
	RES_SEARCH_STATUS, RES_PRICE };
static const enum res_col res_totp[] = { RES_ID, RES_TOTP, RES_EXPIRES_AT,
	RES_EXPIRES_AT_UTC };
static const enum res_col res_warmups[] = { RES_WARMUP_ID };
static const enum res_col res_sequencers[] = { RES_ID,
	RES_SEQUENCER_STATUS };

static const struct operation md_ops[] = {
	{ .op = OP_CREATE, .kind = KIND_DOMAINS,
	  .help = "buy domains (POST /v1/user/domains)",
	  .columns = cols_domains, .validate = VALIDATE_BUYING,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  OP_RES(op_res_domains), .build = build_domains,
	  .map = map_domains, .lookup = lookup, .lookup_many = lookup_many,
	  .plan = plan_domain, .product = product_domain, .to_buy = to_buy },
	{ .op = OP_CREATE, .kind = KIND_EXTERNAL_DOMAINS,
	  .help = "add domains registered elsewhere "
	  "(POST /v1/user/domains/external)",
	  .columns = cols_external,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  OP_RES(res_external), .build = build_domains, .map = map_domains,
	  .lookup = lookup, .lookup_many = lookup_many },
	{ .op = OP_CREATE, .kind = KIND_ACCOUNTS,
	  .help = "create mailboxes on the account's ACTIVE domains, within "
	  "each domain's accounts_limit (POST /v1/user/accounts)",
	  .columns = cols_accounts,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  OP_RES(op_res_accounts), .build = build_accounts,
	  .map = map_accounts, .refused = refused_accounts,
	  .done = done_accounts, .lookup = lookup,
	  .lookup_many = lookup_many, .plan = plan_account,
	  .product = product_account },
	{ .op = OP_CREATE, .kind = KIND_FORWARDING,
	  .help = "create forwarding inboxes @maildoso.email "
	  "(POST /v1/user/forwarding)",
	  .columns = cols_forwarding,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  OP_RES(res_forwarding), .build = build_forwarding,
	  .map = map_forwarding, .lookup = lookup,
	  .lookup_many = lookup_many },
	{ .op = OP_UPDATE, .kind = KIND_ACCOUNTS,
	  .help = "set the password, names, forwarding inbox, premium "
	  "warm-up or picture of mailboxes found by email or id "
	  "(PUT /v1/user/accounts/{id}; rows changing only the forwarding "
	  "link go together: PUT /v1/user/accounts/forwarding)",
	  .columns = cols_update,
	  .validate = VALIDATE_BY_ID | VALIDATE_NO_PASSWORD,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_SOME,
	  .batchable = links_only,
	  .idempotent = 1, OP_RES(res_update), .build = build_update_any,
	  .map = map_update_any, .lookup = lookup,
	  .lookup_many = lookup_many },
	{ .op = OP_TOTP, .kind = KIND_ACCOUNTS,
	  .help = "the current TOTP code of Google accounts found by email "
	  "or id (GET /v1/user/accounts/{id}/totp)",
	  .columns = cols_by_id, .validate = VALIDATE_BY_ID,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  .idempotent = 1, OP_RES(res_totp), .build = build_totp,
	  .map = map_totp, .lookup = lookup, .lookup_many = lookup_many },
	{ .op = OP_UPDATE, .kind = KIND_DOMAINS,
	  .help = "set or (empty redirect_to) remove where domains found by "
	  "name or id redirect to (PUT /v1/user/domains)",
	  .columns = cols_update_domains, .validate = VALIDATE_BY_ID,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  .idempotent = 1, OP_RES(res_update_domains),
	  .build = build_update_domains, .map = map_sent_updated,
	  .lookup = lookup, .lookup_many = lookup_many, .plan = plan_redirects },
	{ .op = OP_RESTART, .kind = KIND_DOMAINS,
	  .help = "restart the set-up of domains found by name or id that "
	  "failed; others are skipped (POST /v1/user/domains/restart-setup)",
	  .columns = cols_restart, .validate = VALIDATE_BY_ID,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  .idempotent = 1, OP_RES(res_restart), .build = build_restart,
	  .map = map_restart, .done = done_state, .lookup = lookup,
	  .lookup_many = lookup_many, .plan = plan_restarts },
	{ .op = OP_UPDATE, .kind = KIND_FORWARDING,
	  .help = "set new passwords of forwarding inboxes found by email or "
	  "id (POST /v1/user/forwarding/password)",
	  .columns = cols_by_id_pw,
	  .validate = VALIDATE_BY_ID | VALIDATE_PASSWORD |
	  VALIDATE_NO_PASSWORD,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  .idempotent = 1, OP_RES(res_forwarding),
	  .build = build_fwd_password, .map = map_fwd_password,
	  .lookup = lookup, .lookup_many = lookup_many },
	{ .op = OP_CREATE, .kind = KIND_WARMUPS,
	  .help = "add warm-up services (POST /v1/user/services/warmups)",
	  .columns = cols_warmups,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  OP_RES(res_warmups), .build = md_build_warmups,
	  .map = md_map_warmups, .lookup = md_svc_lookup,
	  .lookup_many = md_svc_lookup_many },
	{ .op = OP_UPDATE, .kind = KIND_WARMUPS,
	  .help = "change warm-up services by warmup_id "
	  "(PUT /v1/user/services/warmups)",
	  .columns = cols_warmups_upd,
	  .validate = VALIDATE_BY_ID | VALIDATE_NEED_ID,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  .idempotent = 1, OP_RES(res_warmups), .build = md_build_warmups,
	  .map = md_map_warmups, .lookup = md_svc_lookup,
	  .lookup_many = md_svc_lookup_many },
	{ .op = OP_DELETE, .kind = KIND_WARMUPS,
	  .help = "delete warm-up services by warmup_id or system_id "
	  "(DELETE /v1/user/services/warmups/{id})",
	  .columns = cols_warmup_id, .validate = VALIDATE_BY_ID,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  .idempotent = 1, OP_RES(res_warmups),
	  .build = md_build_warmup_delete, .map = md_map_warmup_delete,
	  .lookup = md_svc_lookup, .lookup_many = md_svc_lookup_many },
	{ .op = OP_CREATE, .kind = KIND_SEQUENCERS,
	  .help = "connect sequencers (POST /v1/sequencers)",
	  .columns = cols_sequencers,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  OP_RES(res_sequencers), .build = md_build_sequencer,
	  .map = md_map_sequencer, .lookup = md_svc_lookup,
	  .lookup_many = md_svc_lookup_many },
	{ .op = OP_UPDATE, .kind = KIND_SEQUENCERS,
	  .help = "change sequencer connections found by id or platform "
	  "(PUT /v1/sequencers)",
	  .columns = cols_sequencers_upd, .validate = VALIDATE_BY_ID,
	  .batch_max = 1, .batch_default = 1, .share = OP_SHARE_ONE,
	  .idempotent = 1, OP_RES(res_sequencers),
	  .build = md_build_sequencer, .map = md_map_sequencer,
	  .lookup = md_svc_lookup, .lookup_many = md_svc_lookup_many },
	{ .op = OP_DELETE, .kind = KIND_ACCOUNTS,
	  .help = "delete mailboxes found by email or id; Google ones are "
	  "scheduled (DELETE /v1/user/accounts)",
	  .columns = cols_by_id, .validate = VALIDATE_BY_ID,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  .idempotent = 1, OP_RES(op_res_delete), .build = build_delete,
	  .map = map_delete, .done = done_state, .lookup = lookup,
	  .lookup_many = lookup_many },
	{ .op = OP_DELETE, .kind = KIND_FORWARDING,
	  .help = "delete forwarding inboxes found by email or id "
	  "(DELETE /v1/user/forwarding)",
	  .columns = cols_by_id, .validate = VALIDATE_BY_ID,
	  .batch_max = 100, .batch_default = 100, .share = OP_SHARE_ANY,
	  .idempotent = 1, OP_RES(op_res_delete), .build = build_delete,
	  .map = map_delete, .done = done_state, .lookup = lookup,
	  .lookup_many = lookup_many },
	{ .op = OP_SEARCH, .kind = KIND_DOMAINS,
	  .help = "search names to register, and with --variations N up to "
	  "N variations of each (POST /v1/user/domains/search)",
	  .columns = cols_search,
	  .validate = VALIDATE_BUYING | VALIDATE_PARTIAL,
	  .batch_max = 1000, .batch_default = DOMAIN_SEARCH_BATCH,
	  .share = OP_SHARE_ANY, .idempotent = 1, OP_RES(res_search),
	  .build = search_build, .map = search_map,
	  .product = product_domain },
};

const struct provider provider_maildoso = {
	.name = "maildoso",
	.title = "Maildoso",
	.default_url = "https://api.maildoso.com",
	.token_env = "MAILDOSO_TOKEN",
	.auth_name = "Authorization",
	.auth_prefix = "Bearer ",
	.default_rate = "5/s",
	.client_passwords = 1,
	.ops = md_ops,
	.nops = OP_NELEM(md_ops),
	.prepare = prepare,
	.release = release,
	.refused = refused,
	.quota = quota,
	.held = held,
	.list_domains = list_domains,
	.domain_state = domain_state,
	.activate_domain = NULL,
	.retry_option = "restart-failed",
	.retry_domains = retry_domains,
	.domain_progress = NULL,		/* none published */
	.domain_name_servers = NULL,		/* the listing has them */
	.list_query = list_query,
	.list_page = list_page,
	.sequencer_export = sequencer_export,
	.list_page_max = 10000		/* accounts-lookup's documented limit */
};
