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

/* ---- writing ---- */

static void
kdbl(struct buf *b, const char *sep, const char *k, double v)
{
	buf_printf(b, "%s\"%s\":%.6f", sep, k, v);
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
dump_md(struct store *st, struct buf *b)
{
	size_t	i, k;
	int	n;

	buf_puts(b, ",\"domains\":[");
	for (i = 0, n = 0; i < st->ndomains; i++) {
		struct md_domain	*d = st->domains[i];

		if (d == NULL)
			continue;
		sbx_put_kint(b, n++ ? ",{" : "{", "id", d->id);
		sbx_put_kstr(b, ",", "name", d->name);
		sbx_put_kint(b, ",", "external", d->external);
		sbx_put_kstr(b, ",", "status", d->status);
		kdbl(b, ",", "created_at", d->created_at);
		kdbl(b, ",", "status_at", d->status_at);
		kdbl(b, ",", "expires_at", d->expires_at);
		kdbl(b, ",", "next_at", d->next_at);
		sbx_put_kint(b, ",", "fail", d->fail);
		sbx_put_kstr(b, ",", "redirect_to", d->redirect_to);
		sbx_put_kint(b, ",", "tracking", d->tracking);
		sbx_put_kint(b, ",", "providers", d->providers);
		sbx_put_kint(b, ",", "server", d->server);
		put_ns(b, d->ns);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"accounts\":[");
	for (i = 0, n = 0; i < st->naccounts; i++) {
		struct md_account	*a = st->accounts[i];

		if (a == NULL)
			continue;
		sbx_put_kint(b, n++ ? ",{" : "{", "id", a->id);
		sbx_put_kstr(b, ",", "email", a->email);
		sbx_put_kint(b, ",", "is_active", a->is_active);
		sbx_put_kint(b, ",", "domain_id", a->domain_id);
		sbx_put_kstr(b, ",", "vendor_uuid", a->vendor_uuid);
		sbx_put_kint(b, ",", "fwd_id", a->fwd_id);
		sbx_put_kstr(b, ",", "password", a->password);
		sbx_put_kstr(b, ",", "first_name", a->first_name);
		sbx_put_kstr(b, ",", "last_name", a->last_name);
		sbx_put_kstr(b, ",", "picture_url", a->picture_url);
		sbx_put_kint(b, ",", "premium_warmup", a->premium_warmup);
		sbx_put_kint(b, ",", "google", a->google);
		sbx_put_kstr(b, ",", "status", a->status);
		kdbl(b, ",", "created_at", a->created_at);
		kdbl(b, ",", "next_at", a->next_at);
		kdbl(b, ",", "cancel_at", a->cancel_at);
		buf_puts(b, ",\"exports\":[");
		for (k = 0; k < a->nexports; k++)
			buf_printf(b, "%s[%lld,%.6f]", k ? "," : "",
			    a->exports[k].seq_id, a->exports[k].created_at);
		buf_puts(b, "]}");
	}
	buf_puts(b, "],\"forwards\":[");
	for (i = 0, n = 0; i < st->nforwards; i++) {
		struct md_forward	*f = st->forwards[i];

		if (f == NULL)
			continue;
		sbx_put_kint(b, n++ ? ",{" : "{", "id", f->id);
		sbx_put_kstr(b, ",", "email", f->email);
		sbx_put_kstr(b, ",", "first_name", f->first_name);
		sbx_put_kstr(b, ",", "last_name", f->last_name);
		sbx_put_kstr(b, ",", "password", f->password);
		sbx_put_kstr(b, ",", "assignment", f->assignment);
		kdbl(b, ",", "created_at", f->created_at);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"warmups\":[");
	for (i = 0; i < st->nwarmups; i++) {
		struct md_warmup	*w = st->warmups[i];

		sbx_put_kstr(b, i ? ",{" : "{", "id", w->id);
		sbx_put_kstr(b, ",", "system_id", w->system_id);
		sbx_put_kstr(b, ",", "api_key", w->api_key);
		kdbl(b, ",", "ts_added", w->ts_added);
		buf_puts(b, ",\"exclude\":[");
		for (k = 0; k < w->nexclude; k++) {
			buf_puts(b, k ? "," : "");
			json_put_str(b, w->exclude[k]);
		}
		buf_puts(b, "]}");
	}
	buf_puts(b, "],\"seqs\":[");
	for (i = 0, n = 0; i < st->nseqs; i++) {
		struct md_sequencer	*s = st->seqs[i];

		if (s == NULL)
			continue;
		sbx_put_kint(b, n++ ? ",{" : "{", "id", s->id);
		sbx_put_kstr(b, ",", "platform", s->platform);
		sbx_put_kstr(b, ",", "login", s->login);
		sbx_put_kstr(b, ",", "password", s->password);
		sbx_put_kstr(b, ",", "workspace", s->workspace);
		sbx_put_kstr(b, ",", "api_key", s->api_key);
		kdbl(b, ",", "created_at", s->created_at);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
dump_cs(struct store *st, struct buf *b)
{
	size_t	i;
	int	n, k;

	buf_puts(b, ",\"cs_domains\":[");
	for (i = 0, n = 0; i < st->ncsdomains; i++) {
		struct cs_domain	*d = st->csdomains[i];

		if (d == NULL)
			continue;
		sbx_put_kstr(b, n++ ? ",{" : "{", "id", d->id);
		sbx_put_kstr(b, ",", "name", d->name);
		sbx_put_kstr(b, ",", "status", d->status);
		kdbl(b, ",", "created_at", d->created_at);
		kdbl(b, ",", "ns_ready_at", d->ns_ready_at);
		kdbl(b, ",", "cfg_start", d->cfg_start);
		kdbl(b, ",", "next_at", d->next_at);
		sbx_put_kint(b, ",", "fail", d->fail);
		sbx_put_kint(b, ",", "max_inboxes", d->max_inboxes);
		put_ns(b, d->ns);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"cs_inboxes\":[");
	for (i = 0, n = 0; i < st->ninboxes; i++) {
		struct cs_inbox	*in = st->inboxes[i];

		if (in == NULL)
			continue;
		sbx_put_kstr(b, n++ ? ",{" : "{", "id", in->id);
		sbx_put_kstr(b, ",", "email", in->email);
		sbx_put_kstr(b, ",", "display_name", in->display_name);
		sbx_put_kstr(b, ",", "inbox_type", in->inbox_type);
		sbx_put_kint(b, ",", "daily_limit", in->daily_limit);
		sbx_put_kstr(b, ",", "status", in->status);
		kdbl(b, ",", "created_at", in->created_at);
		kdbl(b, ",", "next_at", in->next_at);
		sbx_put_kstr(b, ",", "domain_id", in->domain_id);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"cs_jobs\":[");
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

static void
load_md(struct store *st, struct rd *r)
{
	const struct json_doc	*d = r->d;
	int			 e, x, i;

	st->domains = (struct md_domain **)slots(r, "domains", &st->ndomains);
	st->accounts = (struct md_account **)slots(r, "accounts",
	    &st->naccounts);
	st->forwards = (struct md_forward **)slots(r, "forwards",
	    &st->nforwards);
	st->seqs = (struct md_sequencer **)slots(r, "seqs", &st->nseqs);
	for (e = json_child(d, json_get(d, 0, "domains")); e >= 0 && !r->bad;
	    e = json_next(d, e)) {
		struct md_domain	*m = xcalloc(1, sizeof *m);

		m->id = gint(r, e, "id");
		m->name = gstr(r, e, "name");
		m->external = (int)gint(r, e, "external");
		m->status = gconst(r, e, "status", md_dom_st);
		m->created_at = gdbl(r, e, "created_at");
		m->status_at = gdbl(r, e, "status_at");
		m->expires_at = gdbl(r, e, "expires_at");
		m->next_at = gdbl(r, e, "next_at");
		m->fail = (int)gint(r, e, "fail");
		m->redirect_to = gstr(r, e, "redirect_to");
		m->tracking = (int)gint(r, e, "tracking");
		m->providers = (unsigned)gint(r, e, "providers");
		m->server = (int)gint(r, e, "server");
		gns(r, e, m->ns);
		if (m->name == NULL || place(r, (void **)st->domains,
		    st->ndomains, m->id, MD_DOMAIN_BASE, m) != 0) {
			r->bad = 1;
			free(m->name);
			free(m->redirect_to);
			free(m->ns[0]);
			free(m->ns[1]);
			free(m);
			break;
		}
		strmap_put(&st->domain_by_name, m->name, m->id);
	}
	for (e = json_child(d, json_get(d, 0, "accounts")); e >= 0 && !r->bad;
	    e = json_next(d, e)) {
		struct md_account	*a = xcalloc(1, sizeof *a);
		struct md_domain	*dm;

		a->id = gint(r, e, "id");
		a->email = gstr(r, e, "email");
		a->is_active = (int)gint(r, e, "is_active");
		a->domain_id = gint(r, e, "domain_id");
		a->vendor_uuid = gstr(r, e, "vendor_uuid");
		a->fwd_id = gint(r, e, "fwd_id");
		a->password = gstr(r, e, "password");
		a->first_name = gstr(r, e, "first_name");
		a->last_name = gstr(r, e, "last_name");
		a->picture_url = gstr(r, e, "picture_url");
		a->premium_warmup = (int)gint(r, e, "premium_warmup");
		a->google = (int)gint(r, e, "google");
		a->status = gconst(r, e, "status", md_acc_st);
		a->created_at = gdbl(r, e, "created_at");
		a->next_at = gdbl(r, e, "next_at");
		a->cancel_at = gdbl(r, e, "cancel_at");
		x = json_get(d, e, "exports");
		a->nexports = (size_t)json_len(d, x);
		a->exports = xcalloc(a->nexports + 1, sizeof *a->exports);
		for (i = 0; i < (int)a->nexports; i++) {
			int	p = json_at(d, x, i);

			if (json_int(d, json_at(d, p, 0),
			    &a->exports[i].seq_id) != 0 ||
			    json_num(d, json_at(d, p, 1),
			    &a->exports[i].created_at) != 0)
				r->bad = 1;
		}
		dm = md_domain_get(st, a->domain_id);
		if (a->email == NULL || a->password == NULL || dm == NULL ||
		    place(r, (void **)st->accounts, st->naccounts, a->id,
		    MD_ACCOUNT_BASE, a) != 0) {
			r->bad = 1;
			store_free_account(a);
			break;
		}
		dm->linked++;
		st->nlive[a->google != 0]++;
		strmap_put(&st->account_by_email, a->email, a->id);
	}
	for (e = json_child(d, json_get(d, 0, "forwards")); e >= 0 && !r->bad;
	    e = json_next(d, e)) {
		struct md_forward	*f = xcalloc(1, sizeof *f);

		f->id = gint(r, e, "id");
		f->email = gstr(r, e, "email");
		f->first_name = gstr(r, e, "first_name");
		f->last_name = gstr(r, e, "last_name");
		f->password = gstr(r, e, "password");
		f->assignment = gconst(r, e, "assignment", md_assign);
		f->created_at = gdbl(r, e, "created_at");
		if (f->email == NULL || place(r, (void **)st->forwards,
		    st->nforwards, f->id, MD_FORWARD_BASE, f) != 0) {
			r->bad = 1;
			store_free_forward(f);
			break;
		}
		strmap_put(&st->forward_by_email, f->email, f->id);
	}
	for (e = json_child(d, json_get(d, 0, "warmups")); e >= 0 && !r->bad;
	    e = json_next(d, e)) {
		struct md_warmup	*w = md_warmup_new(st);
		char			*id = gstr(r, e, "id");

		snprintf(w->id, sizeof w->id, "%s", id != NULL ? id : "");
		free(id);
		w->system_id = gstr(r, e, "system_id");
		w->api_key = gstr(r, e, "api_key");
		w->ts_added = gdbl(r, e, "ts_added");
		x = json_get(d, e, "exclude");
		w->exclude = xcalloc((size_t)json_len(d, x) + 1,
		    sizeof *w->exclude);
		for (i = json_child(d, x); i >= 0; i = json_next(d, i))
			if (json_str(d, i, &w->exclude[w->nexclude++]) != 0)
				r->bad = 1;
		if (w->system_id == NULL)
			r->bad = 1;
	}
	for (e = json_child(d, json_get(d, 0, "seqs")); e >= 0 && !r->bad;
	    e = json_next(d, e)) {
		struct md_sequencer	*s = xcalloc(1, sizeof *s);

		s->id = gint(r, e, "id");
		s->platform = gstr(r, e, "platform");
		s->login = gstr(r, e, "login");
		s->password = gstr(r, e, "password");
		s->workspace = gstr(r, e, "workspace");
		s->api_key = gstr(r, e, "api_key");
		s->created_at = gdbl(r, e, "created_at");
		if (s->platform == NULL || place(r, (void **)st->seqs,
		    st->nseqs, s->id, MD_SEQ_BASE, s) != 0) {
			r->bad = 1;
			free(s->platform);
			free(s->login);
			free(s->password);
			free(s->workspace);
			free(s->api_key);
			free(s);
			break;
		}
	}
}

static void
load_cs(struct store *st, struct rd *r)
{
	const struct json_doc	*d = r->d;
	int			 e;
	size_t			 k;

	for (e = json_child(d, json_get(d, 0, "cs_domains")); e >= 0 &&
	    !r->bad; e = json_next(d, e)) {
		char			*name = gstr(r, e, "name");
		char			*id = gstr(r, e, "id");
		struct cs_domain	*m;

		if (name == NULL || id == NULL) {
			r->bad = 1;
			free(name);
			free(id);
			break;
		}
		m = cs_domain_new(st, name);
		/* Replace what cs_domain_new drew with what was saved. */
		strmap_del(&st->csdomain_by_id, m->id);
		snprintf(m->id, sizeof m->id, "%s", id);
		strmap_put(&st->csdomain_by_id, m->id,
		    (long long)st->ncsdomains - 1);
		free(m->ns[0]);
		free(m->ns[1]);
		m->ns[0] = m->ns[1] = NULL;
		m->status = gconst(r, e, "status", cs_dom_st);
		m->created_at = gdbl(r, e, "created_at");
		m->ns_ready_at = gdbl(r, e, "ns_ready_at");
		m->cfg_start = gdbl(r, e, "cfg_start");
		m->next_at = gdbl(r, e, "next_at");
		m->fail = (int)gint(r, e, "fail");
		m->max_inboxes = (int)gint(r, e, "max_inboxes");
		gns(r, e, m->ns);
		free(name);
		free(id);
	}
	for (e = json_child(d, json_get(d, 0, "cs_inboxes")); e >= 0 &&
	    !r->bad; e = json_next(d, e)) {
		char		*email = gstr(r, e, "email");
		char		*id = gstr(r, e, "id");
		char		*did = gstr(r, e, "domain_id");
		struct cs_inbox	*in;

		if (email == NULL || id == NULL || did == NULL) {
			r->bad = 1;
			free(email);
			free(id);
			free(did);
			break;
		}
		in = cs_inbox_new(st, email, gconst(r, e, "inbox_type",
		    cs_types), did[0] != '\0' ? did : NULL);
		strmap_del(&st->inbox_by_id, in->id);
		snprintf(in->id, sizeof in->id, "%s", id);
		strmap_put(&st->inbox_by_id, in->id,
		    (long long)st->ninboxes - 1);
		in->display_name = gstr(r, e, "display_name");
		in->daily_limit = (int)gint(r, e, "daily_limit");
		in->status = gconst(r, e, "status", cs_in_st);
		in->created_at = gdbl(r, e, "created_at");
		in->next_at = gdbl(r, e, "next_at");
		free(email);
		free(id);
		free(did);
	}
	for (e = json_child(d, json_get(d, 0, "cs_jobs")); e >= 0 &&
	    !r->bad; e = json_next(d, e)) {
		char		*id = gstr(r, e, "id");
		char		*ok = gstr(r, e, "ok");
		struct cs_job	*j;

		if (id == NULL || ok == NULL ||
		    (long long)strlen(ok) != gint(r, e, "total")) {
			r->bad = 1;
			free(id);
			free(ok);
			break;
		}
		j = cs_job_new(st, (int)strlen(ok));
		strmap_del(&st->job_by_id, j->id);
		snprintf(j->id, sizeof j->id, "%s", id);
		strmap_put(&st->job_by_id, j->id, (long long)st->njobs - 1);
		j->created_at = gdbl(r, e, "created_at");
		j->per_row = gdbl(r, e, "per_row");
		for (k = 0; k < strlen(ok); k++)
			j->ok[k] = ok[k] == '1';
		j->results = gstr(r, e, "results");
		free(id);
		free(ok);
	}
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
	if (json_type(d, ud) == JSON_OBJECT) {
		st->has_ud = 1;
		for (i = 0; i < MD_UD_FIELDS; i++)
			st->ud[i] = gstr(&r, ud, md_ud_names[i]);
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
