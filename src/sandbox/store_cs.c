/*
 * store_cs.c - ColdSend's objects and their lifecycles.
 *
 * Domains: added -> DNS_PENDING at once (PENDING and DNS_CONFIGURING pass
 * within the request); the name servers count as propagated
 * CS_NS_PROPAGATION later; activate -> SERVICES_CONFIGURING -> ACTIVE in
 * 15-30 minutes ("propagation usually takes 15-30 minutes"), or FAILED for
 * a --fail-rate share. Inboxes: PENDING -> ACTIVE after a minute or two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sandbox/rng.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static void *
push(void *arr, size_t *n, void *item)
{
	void	**a = xreallocarray(arr, *n + 1, sizeof *a);

	a[(*n)++] = item;
	return a;
}

struct cs_domain *
cs_domain_get(struct store *st, const char *id)
{
	long long	i;

	if (!strmap_get(&st->csdomain_by_id, id, &i))
		return NULL;
	return st->csdomains[i];
}

struct cs_domain *
cs_domain_by_name(struct store *st, const char *name)
{
	long long	i;

	if (!strmap_get(&st->csdomain_by_name, name, &i))
		return NULL;
	return st->csdomains[i];
}

static const char *const ns_names[] = {
	"ada", "bob", "kim", "lou", "max", "ivy", "sam", "zoe"
};

struct cs_domain *
cs_domain_new(struct store *st, const char *name)
{
	struct cs_domain	*d = xcalloc(1, sizeof *d);
	size_t			 i;

	sbx_rng_uuid(d->id, sizeof d->id);
	d->name = xstrdup(name);
	d->status = "DNS_PENDING";
	d->created_at = st->now;
	d->ns_ready_at = st->now + CS_NS_PROPAGATION;
	d->max_inboxes = CS_MAX_INBOXES;
	/* Cloudflare-style pairs, as ColdSend's DNS sits on Cloudflare. */
	for (i = 0; i < 2; i++) {
		struct buf	b = BUF_INIT;

		buf_printf(&b, "%s.ns.cloudflare.com", ns_names[(sbx_rng_u64(
		    SBX_RNG_STATE) % (sizeof ns_names / sizeof ns_names[0] /
		    2)) * 2 + i]);
		d->ns[i] = buf_detach(&b);
	}
	d->campaign = sbx_names_has(&st->cfg->campaign, name);
	strmap_put(&st->csdomain_by_id, d->id, (long long)st->ncsdomains);
	strmap_put(&st->csdomain_by_name, name, (long long)st->ncsdomains);
	st->csdomains = push(st->csdomains, &st->ncsdomains, d);
	return d;
}

void
cs_domain_activate(struct store *st, struct cs_domain *d)
{
	double	fr = st->cfg->fail_rate;
	/* --fail-domain: the first activation fails, a retry does not. */
	int	first = d->cfg_start == 0 && sbx_names_has(&st->cfg->fail,
	    d->name);

	d->status = "SERVICES_CONFIGURING";
	d->cfg_start = st->now;
	d->fail = (fr > 0 && sbx_rng_unit(SBX_RNG_STATE) < fr) || first;
	d->next_at = st->now + sbx_rng_range(SBX_RNG_STATE, CS_CONF_MIN,
	    CS_CONF_MAX);
}

void
cs_domain_advance(struct store *st, struct cs_domain *d)
{
	if (d->next_at > 0 && st->now >= d->next_at) {
		d->status = d->fail ? "FAILED" : "ACTIVE";
		store_changed(st);
	}
}

void
cs_domain_remove(struct store *st, struct cs_domain *d)
{
	long long	i;
	size_t		k;

	/* Deleting a domain deletes every inbox on it. */
	for (k = 0; k < st->ninboxes; k++)
		if (st->inboxes[k] != NULL &&
		    strcmp(st->inboxes[k]->domain_id, d->id) == 0)
			cs_inbox_remove(st, st->inboxes[k]);
	if (strmap_get(&st->csdomain_by_id, d->id, &i))
		st->csdomains[i] = NULL;
	strmap_del(&st->csdomain_by_id, d->id);
	strmap_del(&st->csdomain_by_name, d->name);
	store_free_csdomain(d);
	store_changed(st);
}

long long
cs_domain_count(struct store *st)
{
	return (long long)st->csdomain_by_id.live;
}

struct cs_inbox *
cs_inbox_get(struct store *st, const char *id)
{
	long long	i;

	if (!strmap_get(&st->inbox_by_id, id, &i))
		return NULL;
	return st->inboxes[i];
}

struct cs_inbox *
cs_inbox_by_email(struct store *st, const char *email)
{
	long long	i;

	if (!strmap_get(&st->inbox_by_email, email, &i))
		return NULL;
	return st->inboxes[i];
}

struct cs_inbox *
cs_inbox_new(struct store *st, const char *email, const char *type,
    const char *domain_id)
{
	struct cs_inbox	*in = xcalloc(1, sizeof *in);
	struct cs_domain *d;

	sbx_rng_uuid(in->id, sizeof in->id);
	in->email = xstrdup(email);
	in->inbox_type = type;
	in->daily_limit = 30;
	in->status = "PENDING";
	in->created_at = st->now;
	in->next_at = st->now + sbx_rng_range(SBX_RNG_STATE, CS_INBOX_MIN,
	    CS_INBOX_MAX);
	if (domain_id != NULL) {
		snprintf(in->domain_id, sizeof in->domain_id, "%s", domain_id);
		if ((d = cs_domain_get(st, domain_id)) != NULL)
			d->inboxes++;
	}
	strmap_put(&st->inbox_by_id, in->id, (long long)st->ninboxes);
	strmap_put(&st->inbox_by_email, email, (long long)st->ninboxes);
	st->inboxes = push(st->inboxes, &st->ninboxes, in);
	store_changed(st);
	return in;
}

void
cs_inbox_remove(struct store *st, struct cs_inbox *in)
{
	struct cs_domain	*d;
	long long		 i;

	if (in->domain_id[0] != '\0' &&
	    (d = cs_domain_get(st, in->domain_id)) != NULL && d->inboxes > 0)
		d->inboxes--;
	if (strmap_get(&st->inbox_by_id, in->id, &i))
		st->inboxes[i] = NULL;
	strmap_del(&st->inbox_by_id, in->id);
	strmap_del(&st->inbox_by_email, in->email);
	store_free_inbox(in);
	store_changed(st);
}

void
cs_inbox_advance(struct store *st, struct cs_inbox *in)
{
	if (strcmp(in->status, "PENDING") == 0 && in->next_at > 0 &&
	    st->now >= in->next_at) {
		in->status = "ACTIVE";
		in->next_at = 0;
		store_changed(st);
	}
}

long long
cs_inbox_count(struct store *st)
{
	return (long long)st->inbox_by_id.live;
}

struct cs_job *
cs_job_get(struct store *st, const char *id)
{
	long long	i;

	if (!strmap_get(&st->job_by_id, id, &i))
		return NULL;
	return st->jobs[i];
}

struct cs_job *
cs_job_new(struct store *st, int total)
{
	struct cs_job	*j = xcalloc(1, sizeof *j);

	sbx_rng_uuid(j->id, sizeof j->id);
	j->created_at = st->now;
	j->per_row = CS_JOB_PER_ROW;
	j->total = total;
	j->ok = xcalloc((size_t)(total > 0 ? total : 1), 1);
	strmap_put(&st->job_by_id, j->id, (long long)st->njobs);
	st->jobs = push(st->jobs, &st->njobs, j);
	return j;
}
