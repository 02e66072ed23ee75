/*
 * store_md.c - Maildoso's objects and their lifecycles.
 *
 * Domains: bought ORDERED -> CONFIGURING -> ACTIVE (about 15-30 minutes of
 * provider time), external AWAITING_NS -> ACTIVE (up to 2 hours, as the
 * documentation says). With --fail-rate p a share p of setups end in
 * FAILED_TO_BUY (at the order) or SETUP_FAILED. Accounts: pending -> active
 * after a few minutes; cancel_scheduled ones vanish at cancellation_at.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sandbox/rng.h"
#include "sandbox/store.h"
#include "xmalloc.h"

#define FAIL_AT_ORDER	1
#define FAIL_AT_SETUP	2

static void *
push(void *arr, size_t *n, void *item)
{
	void	**a = xreallocarray(arr, *n + 1, sizeof *a);

	a[(*n)++] = item;
	return a;
}

struct md_domain *
md_domain_get(struct store *st, long long id)
{
	if (id < MD_DOMAIN_BASE || id - MD_DOMAIN_BASE >= (long long)st->ndomains)
		return NULL;
	return st->domains[id - MD_DOMAIN_BASE];
}

struct md_domain *
md_domain_by_name(struct store *st, const char *name)
{
	long long	id;

	if (!strmap_get(&st->domain_by_name, name, &id))
		return NULL;
	return md_domain_get(st, id);
}

static void
new_ns(struct md_domain *d)
{
	char	*tok = sbx_rng_token(6);
	int	 i;

	for (i = 0; i < 2; i++) {
		struct buf	b = BUF_INIT;

		free(d->ns[i]);
		buf_printf(&b, "ns%d-%s.maildoso-dns.com", i + 1, tok);
		d->ns[i] = buf_detach(&b);
	}
	free(tok);
}

struct md_domain *
md_domain_new(struct store *st, const char *name, int external,
    unsigned providers)
{
	struct md_domain	*d = xcalloc(1, sizeof *d);

	d->id = MD_DOMAIN_BASE + (long long)st->ndomains;
	d->name = xstrdup(name);
	d->external = external;
	d->providers = providers;
	d->created_at = st->now;
	d->tracking = st->tracking;
	d->server = 1 + (int)(sbx_rng_u64(SBX_RNG_STATE) % 12);
	if (!external)
		d->expires_at = st->now + 365 * 86400.0;
	st->domains = push(st->domains, &st->ndomains, d);
	strmap_put(&st->domain_by_name, name, d->id);
	return d;
}

void
md_domain_start(struct store *st, struct md_domain *d, int from_order)
{
	double	fr = st->cfg->fail_rate;

	d->fail = 0;
	if (fr > 0 && sbx_rng_unit(SBX_RNG_STATE) < fr)
		d->fail = from_order && sbx_rng_unit(SBX_RNG_STATE) < 0.5 ?
		    FAIL_AT_ORDER : FAIL_AT_SETUP;
	/* --fail-domain: the first setup (never started) fails. */
	if (d->status == NULL && sbx_names_has(&st->cfg->fail, d->name))
		d->fail = FAIL_AT_SETUP;
	d->status_at = st->now;
	new_ns(d);
	if (d->external) {
		d->status = "AWAITING_NS";
		d->next_at = st->now + sbx_rng_range(SBX_RNG_STATE, MD_NS_MIN,
		    MD_NS_MAX);
	} else if (from_order) {
		d->status = "ORDERED";
		d->expires_at = st->now + 365 * 86400.0;
		d->next_at = st->now + sbx_rng_range(SBX_RNG_STATE,
		    MD_ORDER_MIN, MD_ORDER_MAX);
	} else {
		d->status = "CONFIGURING";
		d->next_at = st->now + sbx_rng_range(SBX_RNG_STATE,
		    MD_CONF_MIN, MD_CONF_MAX);
	}
}

void
md_domain_advance(struct store *st, struct md_domain *d)
{
	while (d->next_at > 0 && st->now >= d->next_at) {
		double	at = d->next_at;

		d->status_at = at;
		d->next_at = 0;
		if (d->restart) {	/* --restart-lag: taken up now */
			int from_order = d->restart == 2;

			d->restart = 0;
			md_domain_start(st, d, from_order);
			d->status_at = at;
			store_changed(st);
			continue;
		}
		if (strcmp(d->status, "ORDERED") == 0) {
			if (d->fail == FAIL_AT_ORDER) {
				d->status = "FAILED_TO_BUY";
				d->expires_at = 0;
			} else {
				d->status = "CONFIGURING";
				d->next_at = at + sbx_rng_range(SBX_RNG_STATE,
				    MD_CONF_MIN, MD_CONF_MAX);
			}
		} else if (d->fail != 0)
			d->status = "SETUP_FAILED";
		else
			d->status = "ACTIVE";
		store_changed(st);
	}
}

long long
md_domain_count(struct store *st)
{
	long long	n = 0;
	size_t		i;

	for (i = 0; i < st->ndomains; i++)
		n += st->domains[i] != NULL;
	return n;
}

struct md_account *
md_account_get(struct store *st, long long id)
{
	if (id < MD_ACCOUNT_BASE ||
	    id - MD_ACCOUNT_BASE >= (long long)st->naccounts)
		return NULL;
	return st->accounts[id - MD_ACCOUNT_BASE];
}

struct md_account *
md_account_by_email(struct store *st, const char *email)
{
	long long	id;

	if (!strmap_get(&st->account_by_email, email, &id))
		return NULL;
	return md_account_get(st, id);
}

struct md_account *
md_account_new(struct store *st, const char *email, struct md_domain *d,
    int google)
{
	struct md_account	*a = xcalloc(1, sizeof *a);

	a->id = MD_ACCOUNT_BASE + (long long)st->naccounts;
	a->email = xstrdup(email);
	a->is_active = 1;
	a->domain_id = d->id;
	a->google = google;
	a->status = "pending";
	a->created_at = st->now;
	a->next_at = st->now + sbx_rng_range(SBX_RNG_STATE, MD_ACCT_MIN,
	    MD_ACCT_MAX);
	d->linked++;
	st->nlive[google != 0]++;
	st->accounts = push(st->accounts, &st->naccounts, a);
	strmap_put(&st->account_by_email, email, a->id);
	return a;
}

void
md_account_remove(struct store *st, struct md_account *a)
{
	struct md_domain	*d = md_domain_get(st, a->domain_id);

	if (d != NULL && d->linked > 0)
		d->linked--;
	strmap_del(&st->account_by_email, a->email);
	st->nlive[a->google != 0]--;
	st->accounts[a->id - MD_ACCOUNT_BASE] = NULL;
	store_free_account(a);
	store_changed(st);
}

int
md_account_advance(struct store *st, struct md_account *a)
{
	if (strcmp(a->status, "pending") == 0 && a->next_at > 0 &&
	    st->now >= a->next_at) {
		a->status = "active";
		a->next_at = 0;
		store_changed(st);
	}
	if (strcmp(a->status, "cancel_scheduled") == 0 && a->cancel_at > 0 &&
	    st->now >= a->cancel_at) {
		md_account_remove(st, a);
		return 1;
	}
	return 0;
}

long long
md_account_count(struct store *st, int google)
{
	return st->nlive[google != 0];
}

const char *
md_export_status(const struct store *st, const struct md_export *e)
{
	double	age = st->now - e->created_at;

	if (age < MD_EXPORT_PENDING)
		return "pending";
	if (age < MD_EXPORT_PENDING + MD_EXPORT_PROCESSING)
		return "processing";
	return "completed";
}

struct md_forward *
md_forward_get(struct store *st, long long id)
{
	if (id < MD_FORWARD_BASE ||
	    id - MD_FORWARD_BASE >= (long long)st->nforwards)
		return NULL;
	return st->forwards[id - MD_FORWARD_BASE];
}

struct md_forward *
md_forward_by_email(struct store *st, const char *email)
{
	long long	id;

	if (!strmap_get(&st->forward_by_email, email, &id))
		return NULL;
	return md_forward_get(st, id);
}

struct md_forward *
md_forward_new(struct store *st, const char *email)
{
	struct md_forward	*f = xcalloc(1, sizeof *f);

	f->id = MD_FORWARD_BASE + (long long)st->nforwards;
	f->email = xstrdup(email);
	f->password = sbx_rng_password();
	f->assignment = "MASTER";
	f->created_at = st->now;
	st->forwards = push(st->forwards, &st->nforwards, f);
	strmap_put(&st->forward_by_email, email, f->id);
	return f;
}

void
md_forward_remove(struct store *st, struct md_forward *f)
{
	size_t	i;

	/* Linked accounts stay; only their link is cleared. */
	for (i = 0; i < st->naccounts; i++)
		if (st->accounts[i] != NULL && st->accounts[i]->fwd_id == f->id)
			st->accounts[i]->fwd_id = 0;
	strmap_del(&st->forward_by_email, f->email);
	st->forwards[f->id - MD_FORWARD_BASE] = NULL;
	store_free_forward(f);
	store_changed(st);
}

struct md_warmup *
md_warmup_get(struct store *st, const char *id)
{
	size_t	i;

	for (i = 0; i < st->nwarmups; i++)
		if (strcmp(st->warmups[i]->id, id) == 0)
			return st->warmups[i];
	return NULL;
}

struct md_warmup *
md_warmup_new(struct store *st)
{
	struct md_warmup	*w = xcalloc(1, sizeof *w);

	sbx_rng_uuid(w->id, sizeof w->id);
	w->ts_added = st->now;
	st->warmups = push(st->warmups, &st->nwarmups, w);
	return w;
}

void
md_warmup_free(struct md_warmup *w)
{
	size_t	i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nexclude; i++)
		free(w->exclude[i]);
	free(w->exclude);
	free(w->system_id);
	free(w->api_key);
	free(w);
}

void
md_warmup_remove(struct store *st, struct md_warmup *w)
{
	size_t	i;

	for (i = 0; i < st->nwarmups; i++) {
		if (st->warmups[i] == w) {
			memmove(&st->warmups[i], &st->warmups[i + 1],
			    (st->nwarmups - i - 1) * sizeof *st->warmups);
			st->nwarmups--;
			break;
		}
	}
	md_warmup_free(w);
	store_changed(st);
}

struct md_sequencer *
md_seq_get(struct store *st, long long id)
{
	if (id < MD_SEQ_BASE || id - MD_SEQ_BASE >= (long long)st->nseqs)
		return NULL;
	return st->seqs[id - MD_SEQ_BASE];
}

struct md_sequencer *
md_seq_by_platform(struct store *st, const char *p)
{
	size_t	i;

	for (i = 0; i < st->nseqs; i++)
		if (st->seqs[i] != NULL && strcmp(st->seqs[i]->platform, p) == 0)
			return st->seqs[i];
	return NULL;
}

struct md_sequencer *
md_seq_new(struct store *st, const char *platform)
{
	struct md_sequencer	*s = xcalloc(1, sizeof *s);

	s->id = MD_SEQ_BASE + (long long)st->nseqs;
	s->platform = xstrdup(platform);
	s->created_at = st->now;
	st->seqs = push(st->seqs, &st->nseqs, s);
	return s;
}
