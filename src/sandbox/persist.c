/*
 * persist.c - the store as JSON for --state FILE.
 *
 * Maildoso objects keep their ids (slots are restored, deleted ones stay
 * empty, so ids are never reused); times are provider-time unix seconds;
 * the saved provider clock lets a later run continue where this one
 * stopped. Saving writes a temporary file beside FILE (0600) and renames
 * it over FILE (atomicfile.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "json.h"
#include "sandbox/persist.h"
#include "sandbox/req.h"
#include "sandbox/store.h"
#include "xmalloc.h"

#define FORMAT "mailfleet-sandbox-state"

static const char *const md_dom_st[] = { "ORDERED", "DNS_ERROR",
    "CONFIGURING", "UNAVAILABLE", "FAILED_TO_BUY", "READY", "PROCESSING",
    "AWAITING_NS", "ACTIVE", "RENEW_AWAITING", "SETUP_FAILED", "NS_NOT_SET",
    "NS_EXPIRED", "INACTIVE", "BLACKLISTED", "EXPIRED", "ABANDONED",
    "MANUALLY_DISABLE", NULL };
static const char *const md_acc_st[] = { "active", "inactive", "pending",
    "failed", "cancel_scheduled", NULL };
static const char *const md_assign[] = { "MASTER", "EXTERNAL",
    "FRONT_INTEGRATION", "CLOSE_INTEGRATION", NULL };
static const char *const cs_dom_st[] = { "PENDING", "DNS_CONFIGURING",
    "DNS_PENDING", "SERVICES_CONFIGURING", "ACTIVE", "FAILED", NULL };
static const char *const cs_in_st[] = { "PENDING", "ACTIVE", "PAUSED",
    "DISABLED", NULL };
static const char *const cs_types[] = { "COLDSEND_NATIVE",
    "GOOGLE_WORKSPACE", "OUTLOOK_365", "CUSTOM_SMTP", NULL };

/*
 * ---- field tables ----
 * One table per kind of object: the members written and read as they are
 * (the key is the member's name). Arrays, name servers and the like are
 * written and read beside the table.
 */
enum fkind { F_LL, F_INT, F_UNS, F_DBL, F_STR, F_CONST, F_ID, F_OPT_INT };

struct field {
	const char		*key;
	enum fkind		 kind;
	size_t			 off;
	size_t			 size;	/* F_ID: the char array's size */
	const char *const	*tab;	/* F_CONST: the values allowed */
};

#define FLD(T, m, k)	{ #m, k, offsetof(T, m), 0, NULL }
#define FCONST(T, m, t)	{ #m, F_CONST, offsetof(T, m), 0, t }
#define FID(T, m)	{ #m, F_ID, offsetof(T, m), sizeof(((T *)0)->m), NULL }
#define FEND		{ NULL, F_LL, 0, 0, NULL }

static const struct field domain_fields[] = {
	FLD(struct md_domain, id, F_LL), FLD(struct md_domain, name, F_STR),
	FLD(struct md_domain, external, F_INT),
	FCONST(struct md_domain, status, md_dom_st),
	FLD(struct md_domain, created_at, F_DBL),
	FLD(struct md_domain, status_at, F_DBL),
	FLD(struct md_domain, expires_at, F_DBL),
	FLD(struct md_domain, next_at, F_DBL),
	FLD(struct md_domain, fail, F_INT),
	FLD(struct md_domain, restart, F_OPT_INT),	/* newer than format 1's first files */
	FLD(struct md_domain, redirect_to, F_STR),
	FLD(struct md_domain, tracking, F_INT),
	FLD(struct md_domain, providers, F_UNS),
	FLD(struct md_domain, server, F_INT), FEND
};

static const struct field account_fields[] = {
	FLD(struct md_account, id, F_LL), FLD(struct md_account, email, F_STR),
	FLD(struct md_account, is_active, F_INT),
	FLD(struct md_account, domain_id, F_LL),
	FLD(struct md_account, vendor_uuid, F_STR),
	FLD(struct md_account, fwd_id, F_LL),
	FLD(struct md_account, password, F_STR),
	FLD(struct md_account, first_name, F_STR),
	FLD(struct md_account, last_name, F_STR),
	FLD(struct md_account, picture_url, F_STR),
	FLD(struct md_account, premium_warmup, F_INT),
	FLD(struct md_account, google, F_INT),
	FCONST(struct md_account, status, md_acc_st),
	FLD(struct md_account, created_at, F_DBL),
	FLD(struct md_account, next_at, F_DBL),
	FLD(struct md_account, cancel_at, F_DBL), FEND
};

static const struct field forward_fields[] = {
	FLD(struct md_forward, id, F_LL), FLD(struct md_forward, email, F_STR),
	FLD(struct md_forward, first_name, F_STR),
	FLD(struct md_forward, last_name, F_STR),
	FLD(struct md_forward, password, F_STR),
	FCONST(struct md_forward, assignment, md_assign),
	FLD(struct md_forward, created_at, F_DBL), FEND
};

static const struct field warmup_fields[] = {
	FID(struct md_warmup, id), FLD(struct md_warmup, system_id, F_STR),
	FLD(struct md_warmup, api_key, F_STR),
	FLD(struct md_warmup, ts_added, F_DBL), FEND
};

static const struct field seq_fields[] = {
	FLD(struct md_sequencer, id, F_LL),
	FLD(struct md_sequencer, platform, F_STR),
	FLD(struct md_sequencer, login, F_STR),
	FLD(struct md_sequencer, password, F_STR),
	FLD(struct md_sequencer, workspace, F_STR),
	FLD(struct md_sequencer, api_key, F_STR),
	FLD(struct md_sequencer, created_at, F_DBL), FEND
};

/* ColdSend: the first two fields are the keys, read before the object is
 * made (cs_*_new registers them); loading reads the table from [2] on. */
static const struct field csdomain_fields[] = {
	FID(struct cs_domain, id), FLD(struct cs_domain, name, F_STR),
	FCONST(struct cs_domain, status, cs_dom_st),
	FLD(struct cs_domain, created_at, F_DBL),
	FLD(struct cs_domain, ns_ready_at, F_DBL),
	FLD(struct cs_domain, cfg_start, F_DBL),
	FLD(struct cs_domain, next_at, F_DBL),
	FLD(struct cs_domain, fail, F_INT),
	FLD(struct cs_domain, max_inboxes, F_INT), FEND
};

static const struct field inbox_fields[] = {
	FID(struct cs_inbox, id), FLD(struct cs_inbox, email, F_STR),
	FLD(struct cs_inbox, display_name, F_STR),
	FCONST(struct cs_inbox, inbox_type, cs_types),
	FLD(struct cs_inbox, daily_limit, F_INT),
	FCONST(struct cs_inbox, status, cs_in_st),
	FLD(struct cs_inbox, created_at, F_DBL),
	FLD(struct cs_inbox, next_at, F_DBL),
	FID(struct cs_inbox, domain_id), FEND
};

/* ---- writing ---- */

static void
kdbl(struct buf *b, const char *sep, const char *k, double v)
{
	buf_printf(b, "%s\"%s\":%.6f", sep, k, v);
}

/* The table's members of obj, the first one after open ("{" or ",{"). */
static void
put_fields(struct buf *b, const char *open, const struct field *f,
    const void *obj)
{
	const char	*p = obj, *sep = open;

	for (; f->key != NULL; f++, sep = ",") {
		const void	*v = p + f->off;

		switch (f->kind) {
		case F_LL:
			sbx_put_kint(b, sep, f->key, *(const long long *)v);
			break;
		case F_INT:
		case F_OPT_INT:
			sbx_put_kint(b, sep, f->key, *(const int *)v);
			break;
		case F_UNS:
			sbx_put_kint(b, sep, f->key, *(const unsigned *)v);
			break;
		case F_DBL:
			kdbl(b, sep, f->key, *(const double *)v);
			break;
		case F_STR:
		case F_CONST:
			sbx_put_kstr(b, sep, f->key, *(const char *const *)v);
			break;
		case F_ID:
			sbx_put_kstr(b, sep, f->key, (const char *)v);
			break;
		}
	}
}

static void
put_ns(struct buf *b, char *const ns[2])
{
	buf_puts(b, ",\"ns\":[");
	json_put_str(b, ns[0]);
	buf_putc(b, ',');
	json_put_str(b, ns[1]);
	buf_putc(b, ']');
}

static void
extra_domain(struct buf *b, const void *obj)
{
	put_ns(b, ((const struct md_domain *)obj)->ns);
}

static void
extra_account(struct buf *b, const void *obj)
{
	const struct md_account	*a = obj;
	size_t			 k;

	buf_puts(b, ",\"exports\":[");
	for (k = 0; k < a->nexports; k++)
		buf_printf(b, "%s[%lld,%.6f]", k ? "," : "",
		    a->exports[k].seq_id, a->exports[k].created_at);
	buf_putc(b, ']');
}

static void
extra_warmup(struct buf *b, const void *obj)
{
	const struct md_warmup	*w = obj;
	size_t			 k;

	buf_puts(b, ",\"exclude\":[");
	for (k = 0; k < w->nexclude; k++) {
		buf_puts(b, k ? "," : "");
		json_put_str(b, w->exclude[k]);
	}
	buf_putc(b, ']');
}

static void
extra_csdomain(struct buf *b, const void *obj)
{
	put_ns(b, ((const struct cs_domain *)obj)->ns);
}

/* ,"key":[...] of the n slots of tab (empty ones skipped). */
static void
put_list(struct buf *b, const char *key, void *const *tab, size_t n,
    const struct field *f, void (*extra)(struct buf *, const void *))
{
	size_t	i;
	int	k = 0;

	buf_printf(b, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (tab[i] == NULL)
			continue;
		put_fields(b, k++ ? ",{" : "{", f, tab[i]);
		if (extra != NULL)
			extra(b, tab[i]);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
dump_md(struct store *st, struct buf *b)
{
	put_list(b, "domains", (void *const *)st->domains, st->ndomains,
	    domain_fields, extra_domain);
	put_list(b, "accounts", (void *const *)st->accounts, st->naccounts,
	    account_fields, extra_account);
	put_list(b, "forwards", (void *const *)st->forwards, st->nforwards,
	    forward_fields, NULL);
	put_list(b, "warmups", (void *const *)st->warmups, st->nwarmups,
	    warmup_fields, extra_warmup);
	put_list(b, "seqs", (void *const *)st->seqs, st->nseqs, seq_fields,
	    NULL);
}

static void
dump_cs(struct store *st, struct buf *b)
{
	size_t	i;
	int	k;

	put_list(b, "cs_domains", (void *const *)st->csdomains,
	    st->ncsdomains, csdomain_fields, extra_csdomain);
	put_list(b, "cs_inboxes", (void *const *)st->inboxes, st->ninboxes,
	    inbox_fields, NULL);
	buf_puts(b, ",\"cs_jobs\":[");
	for (i = 0; i < st->njobs; i++) {
		struct cs_job	*j = st->jobs[i];

		sbx_put_kstr(b, i ? ",{" : "{", "id", j->id);
		kdbl(b, ",", "created_at", j->created_at);
		kdbl(b, ",", "per_row", j->per_row);
		sbx_put_kint(b, ",", "total", j->total);
		buf_puts(b, ",\"ok\":\"");
		for (k = 0; k < j->total; k++)
			buf_putc(b, j->ok[k] ? '1' : '0');
		buf_putc(b, '"');
		sbx_put_kstr(b, ",", "results", j->results);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

void
sbx_persist_dump(struct store *st, double now, struct buf *b)
{
	int	i;

	buf_printf(b, "{\"format\":\"%s\",\"version\":1", FORMAT);
	kdbl(b, ",", "clock", now);
	buf_puts(b, ",\"user\":{");
	sbx_put_kint(b, "", "tracking", st->tracking);
	sbx_put_kstr(b, ",", "pat", st->pat);
	kdbl(b, ",", "pat_created", st->pat_created);
	kdbl(b, ",", "user_created", st->user_created);
	kdbl(b, ",", "ud_created", st->ud_created);
	kdbl(b, ",", "ud_updated", st->ud_updated);
	buf_puts(b, ",\"ud\":");
	if (!st->has_ud)
		buf_puts(b, "null");
	else {
		for (i = 0; i < MD_UD_FIELDS; i++)
			sbx_put_kstr(b, i ? "," : "{", md_ud_names[i],
			    st->ud[i]);
		buf_putc(b, '}');
	}
	buf_printf(b, "},\"slots\":{\"domains\":%zu,\"accounts\":%zu,"
	    "\"forwards\":%zu,\"seqs\":%zu}", st->ndomains, st->naccounts,
	    st->nforwards, st->nseqs);
	dump_md(st, b);
	dump_cs(st, b);
	buf_puts(b, "}\n");
}

/* ---- reading ---- */

struct rd {
	const struct json_doc	*d;
	int			 bad;
};

static char *
gstr(struct rd *r, int obj, const char *k)
{
	int	v = json_get(r->d, obj, k);
	char	*s = NULL;

	if (v < 0 || json_is_null(r->d, v))
		return NULL;
	if (json_str(r->d, v, &s) != 0)
		r->bad = 1;
	return s;
}

static long long
gint(struct rd *r, int obj, const char *k)
{
	long long	v = 0;

	if (json_get_int(r->d, obj, k, &v) != 0)
		r->bad = 1;
	return v;
}

/* Every number gdbl() reads is a time in seconds or a duration: beyond
 * year 9999 either way, it is damage (printing such a time as a date was
 * undefined behaviour: the fuzzer's sandbox_state/time-out-of-range). */
#define TIME_MAX	253402300800.0		/* 10000-01-01T00:00:00Z */

static double
gdbl(struct rd *r, int obj, const char *k)
{
	double	v = 0;

	if (json_num(r->d, json_get(r->d, obj, k), &v) != 0 ||
	    !(v >= -TIME_MAX && v < TIME_MAX))
		r->bad = 1;
	return v;
}

static const char *
gconst(struct rd *r, int obj, const char *k, const char *const *tab)
{
	int	v = json_get(r->d, obj, k), i;

	for (i = 0; tab[i] != NULL; i++)
		if (json_str_eq(r->d, v, tab[i]))
			return tab[i];
	r->bad = 1;
	return tab[0];
}

static void
gns(struct rd *r, int obj, char *ns[2])
{
	int	v = json_get(r->d, obj, "ns");

	if (json_len(r->d, v) != 2 || json_str(r->d, json_at(r->d, v, 0),
	    &ns[0]) != 0 || json_str(r->d, json_at(r->d, v, 1), &ns[1]) != 0)
		r->bad = 1;
}

/* Slot arrays sized from "slots"; objects go to table[id - base]. */
static void **
slots(struct rd *r, const char *k, size_t *n)
{
	long long	v = gint(r, json_get(r->d, 0, "slots"), k);

	if (v < 0 || v > 100000000) {
		r->bad = 1;
		v = 0;
	}
	*n = (size_t)v;
	return xcalloc(*n + 1, sizeof(void *));
}

static int
place(struct rd *r, void **tab, size_t n, long long id, long long base,
    void *obj)
{
	if (id < base || id - base >= (long long)n ||
	    tab[id - base] != NULL) {
		r->bad = 1;
		return -1;
	}
	tab[id - base] = obj;
	return 0;
}

/* Read the table's members of element e into obj (strings replaced). */
static void
get_fields(struct rd *r, int e, const struct field *f, void *obj)
{
	char	*p = obj, *s;

	for (; f->key != NULL; f++) {
		void	*v = p + f->off;

		switch (f->kind) {
		case F_LL:
			*(long long *)v = gint(r, e, f->key);
			break;
		case F_INT:
			*(int *)v = (int)gint(r, e, f->key);
			break;
		case F_OPT_INT:		/* absent: 0; else 0..9 */
			*(int *)v = json_get(r->d, e, f->key) < 0 ? 0 :
			    (int)gint(r, e, f->key);
			if (*(int *)v < 0 || *(int *)v > 9)
				r->bad = 1;
			break;
		case F_UNS:
			*(unsigned *)v = (unsigned)gint(r, e, f->key);
			break;
		case F_DBL:
			*(double *)v = gdbl(r, e, f->key);
			break;
		case F_STR:
			free(*(char **)v);
			*(char **)v = gstr(r, e, f->key);
			break;
		case F_CONST:
			*(const char **)v = gconst(r, e, f->key, f->tab);
			break;
		case F_ID:
			s = gstr(r, e, f->key);
			snprintf(v, f->size, "%s", s != NULL ? s : "");
			free(s);
			break;
		}
	}
}

/* Call fn on each element of the top-level array key until one fails. */
static void
each(struct store *st, struct rd *r, const char *key,
    int (*fn)(struct store *, struct rd *, int))
{
	int	e;

	for (e = json_child(r->d, json_get(r->d, 0, key)); e >= 0 && !r->bad;
	    e = json_next(r->d, e))
		if (fn(st, r, e) != 0) {
			r->bad = 1;
			break;
		}
}

static int
load_domain(struct store *st, struct rd *r, int e)
{
	struct md_domain	*m = xcalloc(1, sizeof *m);

	get_fields(r, e, domain_fields, m);
	gns(r, e, m->ns);
	if (m->name == NULL || place(r, (void **)st->domains, st->ndomains,
	    m->id, MD_DOMAIN_BASE, m) != 0) {
		store_free_domain(m);
		return -1;
	}
	strmap_put(&st->domain_by_name, m->name, m->id);
	return 0;
}

static void
get_exports(struct rd *r, int e, struct md_account *a)
{
	int	x = json_get(r->d, e, "exports"), i, p;

	a->nexports = (size_t)json_len(r->d, x);
	a->exports = xcalloc(a->nexports + 1, sizeof *a->exports);
	for (i = 0; i < (int)a->nexports; i++) {
		p = json_at(r->d, x, i);
		if (json_int(r->d, json_at(r->d, p, 0),
		    &a->exports[i].seq_id) != 0 ||
		    json_num(r->d, json_at(r->d, p, 1),
		    &a->exports[i].created_at) != 0)
			r->bad = 1;
	}
}

static int
load_account(struct store *st, struct rd *r, int e)
{
	struct md_account	*a = xcalloc(1, sizeof *a);
	struct md_domain	*dm;

	get_fields(r, e, account_fields, a);
	get_exports(r, e, a);
	dm = md_domain_get(st, a->domain_id);
	if (a->email == NULL || a->password == NULL || dm == NULL ||
	    place(r, (void **)st->accounts, st->naccounts, a->id,
	    MD_ACCOUNT_BASE, a) != 0) {
		store_free_account(a);
		return -1;
	}
	dm->linked++;
	st->nlive[a->google != 0]++;
	strmap_put(&st->account_by_email, a->email, a->id);
	return 0;
}

static int
load_forward(struct store *st, struct rd *r, int e)
{
	struct md_forward	*f = xcalloc(1, sizeof *f);

	get_fields(r, e, forward_fields, f);
	if (f->email == NULL || place(r, (void **)st->forwards,
	    st->nforwards, f->id, MD_FORWARD_BASE, f) != 0) {
		store_free_forward(f);
		return -1;
	}
	strmap_put(&st->forward_by_email, f->email, f->id);
	return 0;
}

static int
load_warmup(struct store *st, struct rd *r, int e)
{
	struct md_warmup	*w = md_warmup_new(st);
	int			 x = json_get(r->d, e, "exclude"), i;

	get_fields(r, e, warmup_fields, w);
	w->exclude = xcalloc((size_t)json_len(r->d, x) + 1,
	    sizeof *w->exclude);
	for (i = json_child(r->d, x); i >= 0; i = json_next(r->d, i))
		if (json_str(r->d, i, &w->exclude[w->nexclude++]) != 0)
			r->bad = 1;
	return w->system_id == NULL ? -1 : 0;
}

static int
load_seq(struct store *st, struct rd *r, int e)
{
	struct md_sequencer	*s = xcalloc(1, sizeof *s);

	get_fields(r, e, seq_fields, s);
	if (s->platform == NULL || place(r, (void **)st->seqs, st->nseqs,
	    s->id, MD_SEQ_BASE, s) != 0) {
		store_free_seq(s);
		return -1;
	}
	return 0;
}

static void
load_md(struct store *st, struct rd *r)
{
	st->domains = (struct md_domain **)slots(r, "domains", &st->ndomains);
	st->accounts = (struct md_account **)slots(r, "accounts",
	    &st->naccounts);
	st->forwards = (struct md_forward **)slots(r, "forwards",
	    &st->nforwards);
	st->seqs = (struct md_sequencer **)slots(r, "seqs", &st->nseqs);
	each(st, r, "domains", load_domain);
	each(st, r, "accounts", load_account);
	each(st, r, "forwards", load_forward);
	each(st, r, "warmups", load_warmup);
	each(st, r, "seqs", load_seq);
}

/*
 * ColdSend objects are made by cs_*_new (which registers them under ids
 * it draws); the saved id replaces the drawn one in the map.
 */
static void
reregister(struct strmap *map, char *id, size_t size, const char *saved,
    long long index)
{
	strmap_del(map, id);
	snprintf(id, size, "%s", saved);
	strmap_put(map, id, index);
}

static int
load_csdomain(struct store *st, struct rd *r, int e)
{
	char			*name = gstr(r, e, "name");
	char			*id = gstr(r, e, "id");
	struct cs_domain	*m;

	if (name == NULL || id == NULL) {
		free(name);
		free(id);
		return -1;
	}
	m = cs_domain_new(st, name);
	reregister(&st->csdomain_by_id, m->id, sizeof m->id, id,
	    (long long)st->ncsdomains - 1);
	free(m->ns[0]);
	free(m->ns[1]);
	m->ns[0] = m->ns[1] = NULL;
	get_fields(r, e, csdomain_fields + 2, m);
	gns(r, e, m->ns);
	free(name);
	free(id);
	return 0;
}

static int
load_inbox(struct store *st, struct rd *r, int e)
{
	char		*email = gstr(r, e, "email");
	char		*id = gstr(r, e, "id");
	char		*did = gstr(r, e, "domain_id");
	struct cs_inbox	*in = NULL;

	if (email != NULL && id != NULL && did != NULL) {
		in = cs_inbox_new(st, email, gconst(r, e, "inbox_type",
		    cs_types), did[0] != '\0' ? did : NULL);
		reregister(&st->inbox_by_id, in->id, sizeof in->id, id,
		    (long long)st->ninboxes - 1);
		get_fields(r, e, inbox_fields + 2, in);
	}
	free(email);
	free(id);
	free(did);
	return in != NULL ? 0 : -1;
}

static int
load_job(struct store *st, struct rd *r, int e)
{
	char		*id = gstr(r, e, "id");
	char		*ok = gstr(r, e, "ok");
	struct cs_job	*j = NULL;
	size_t		 k;

	if (id != NULL && ok != NULL &&
	    (long long)strlen(ok) == gint(r, e, "total")) {
		j = cs_job_new(st, (int)strlen(ok));
		reregister(&st->job_by_id, j->id, sizeof j->id, id,
		    (long long)st->njobs - 1);
		j->created_at = gdbl(r, e, "created_at");
		j->per_row = gdbl(r, e, "per_row");
		for (k = 0; k < strlen(ok); k++)
			j->ok[k] = ok[k] == '1';
		j->results = gstr(r, e, "results");
		j->done = j->total;	/* its unprocessed rows are not saved */
	}
	free(id);
	free(ok);
	return j != NULL ? 0 : -1;
}

static void
load_cs(struct store *st, struct rd *r)
{
	each(st, r, "cs_domains", load_csdomain);
	each(st, r, "cs_inboxes", load_inbox);
	each(st, r, "cs_jobs", load_job);
}

int
sbx_persist_load_text(struct store *st, const char *text, size_t len,
    double *clock, char *err, size_t errlen)
{
	struct json_doc	*d;
	struct rd	 r;
	char		 perr[128];
	int		 u, ud, i;

	if ((d = json_parse_max(text, len, 0, perr, sizeof perr)) == NULL) {
		snprintf(err, errlen, "state: %s", perr);
		return -1;
	}
	r.d = d;
	r.bad = 0;
	if (!json_str_eq(d, json_get(d, 0, "format"), FORMAT)) {
		snprintf(err, errlen, "state: not a mailfleet-sandbox state "
		    "file");
		json_free(d);
		return -1;
	}
	*clock = gdbl(&r, 0, "clock");
	u = json_get(d, 0, "user");
	st->tracking = (int)gint(&r, u, "tracking");
	free(st->pat);
	st->pat = gstr(&r, u, "pat");
	if (st->pat == NULL)
		st->pat = xstrdup(st->cfg->md_token);
	st->pat_created = gdbl(&r, u, "pat_created");
	st->user_created = gdbl(&r, u, "user_created");
	st->ud_created = gdbl(&r, u, "ud_created");
	st->ud_updated = gdbl(&r, u, "ud_updated");
	ud = json_get(d, u, "ud");
	/* The file's registrant data, or none: not the start-up example. */
	st->has_ud = json_type(d, ud) == JSON_OBJECT;
	for (i = 0; i < MD_UD_FIELDS; i++) {
		free(st->ud[i]);
		st->ud[i] = st->has_ud ? gstr(&r, ud, md_ud_names[i]) : NULL;
	}
	if (!r.bad)
		load_md(st, &r);
	if (!r.bad)
		load_cs(st, &r);
	json_free(d);
	if (r.bad) {
		snprintf(err, errlen, "state: malformed or inconsistent state "
		    "file");
		return -1;
	}
	return 0;
}

int
sbx_persist_load(struct store *st, const char *path, double *clock,
    char *err, size_t errlen)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[65536];
	FILE		*fp;
	size_t		 n;
	int		 rc;

	*clock = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(fp);
		buf_free(&b);
		return -1;
	}
	fclose(fp);
	rc = sbx_persist_load_text(st, buf_cstr(&b), b.len, clock, err,
	    errlen);
	buf_free(&b);
	return rc;
}

/* The state holds passwords and API keys: 0600. */
int
sbx_persist_save(const char *path, const struct buf *text, char *err,
    size_t errlen)
{
	return afile_write(path, text->data, text->len, 0600, err,
	    errlen);
}
