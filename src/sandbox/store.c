/*
 * store.c - the store's life: creation, locking, release.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/rng.h"
#include "sandbox/store.h"
#include "xmalloc.h"

const char *const md_ud_names[MD_UD_FIELDS] = {
	"first_name", "last_name", "company_name", "job_title", "address",
	"city", "state", "country", "postal_code", "phone_zone",
	"phone_number", "register_email"
};

/* UserDataRequest's example: the registrant data an account starts with
 * (unless --require-registrant). */
static const char *const ud_example[MD_UD_FIELDS] = {
	"John", "Smith", "Acme Corporation", "Marketing Director",
	"123 Business St, Suite 100", "San Francisco", "California", "US",
	"94102", "+1", "4155551234", "john.smith@acme.com"
};

void
store_init(struct store *st, const struct sbx_config *cfg)
{
	int	i;

	memset(st, 0, sizeof *st);
	pthread_mutex_init(&st->lock, NULL);
	st->cfg = cfg;
	strmap_init(&st->domain_by_name);
	strmap_init(&st->account_by_email);
	strmap_init(&st->forward_by_email);
	strmap_init(&st->csdomain_by_id);
	strmap_init(&st->csdomain_by_name);
	strmap_init(&st->inbox_by_id);
	strmap_init(&st->inbox_by_email);
	strmap_init(&st->job_by_id);
	st->tracking = 1;
	st->pat = xstrdup(cfg->md_token);
	if (!cfg->require_registrant) {
		for (i = 0; i < MD_UD_FIELDS; i++)
			st->ud[i] = xstrdup(ud_example[i]);
		st->has_ud = 1;
	}
}

static void
free_domain(struct md_domain *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->redirect_to);
	free(d->ns[0]);
	free(d->ns[1]);
	free(d);
}

static void
free_account(struct md_account *a)
{
	if (a == NULL)
		return;
	free(a->email);
	free(a->vendor_uuid);
	free(a->password);
	free(a->first_name);
	free(a->last_name);
	free(a->picture_url);
	free(a->exports);
	free(a);
}

static void
free_forward(struct md_forward *f)
{
	if (f == NULL)
		return;
	free(f->email);
	free(f->first_name);
	free(f->last_name);
	free(f->password);
	free(f);
}

static void
free_seq(struct md_sequencer *s)
{
	if (s == NULL)
		return;
	free(s->platform);
	free(s->login);
	free(s->password);
	free(s->workspace);
	free(s->api_key);
	free(s);
}

static void
free_csdomain(struct cs_domain *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->ns[0]);
	free(d->ns[1]);
	free(d);
}

static void
free_inbox(struct cs_inbox *in)
{
	if (in == NULL)
		return;
	free(in->email);
	free(in->display_name);
	free(in);
}

static void
free_job(struct cs_job *j)
{
	int	i;

	if (j == NULL)
		return;
	free(j->ok);
	free(j->results);
	for (i = 0; j->rows != NULL && i < j->total; i++) {
		free(j->rows[i].email);
		free(j->rows[i].display);
		free(j->rows[i].type);
		free(j->rows[i].host);
		free(j->rows[i].err);
	}
	free(j->rows);
	free(j);
}

void
store_free(struct store *st)
{
	size_t	i;

	for (i = 0; i < st->ndomains; i++)
		free_domain(st->domains[i]);
	for (i = 0; i < st->naccounts; i++)
		free_account(st->accounts[i]);
	for (i = 0; i < st->nforwards; i++)
		free_forward(st->forwards[i]);
	for (i = 0; i < st->nwarmups; i++)
		md_warmup_free(st->warmups[i]);
	for (i = 0; i < st->nseqs; i++)
		free_seq(st->seqs[i]);
	for (i = 0; i < st->ncsdomains; i++)
		free_csdomain(st->csdomains[i]);
	for (i = 0; i < st->ninboxes; i++)
		free_inbox(st->inboxes[i]);
	for (i = 0; i < st->njobs; i++)
		free_job(st->jobs[i]);
	for (i = 0; i < MD_UD_FIELDS; i++)
		free(st->ud[i]);
	free(st->domains);
	free(st->accounts);
	free(st->forwards);
	free(st->warmups);
	free(st->seqs);
	free(st->csdomains);
	free(st->inboxes);
	free(st->jobs);
	free(st->pat);
	free(st->pat_next);
	strmap_free(&st->domain_by_name);
	strmap_free(&st->account_by_email);
	strmap_free(&st->forward_by_email);
	strmap_free(&st->csdomain_by_id);
	strmap_free(&st->csdomain_by_name);
	strmap_free(&st->inbox_by_id);
	strmap_free(&st->inbox_by_email);
	strmap_free(&st->job_by_id);
	pthread_mutex_destroy(&st->lock);
}

void
store_lock(struct store *st, double now)
{
	pthread_mutex_lock(&st->lock);
	if (now > st->now)
		st->now = now;
}

void
store_unlock(struct store *st)
{
	pthread_mutex_unlock(&st->lock);
}

void
store_changed(struct store *st)
{
	st->version++;
}

int
sbx_names_has(const struct sbx_names *names, const char *name)
{
	size_t	i, len = strlen(name), k;

	for (i = 0; i < names->n; i++) {
		const char	*s = names->v[i];

		k = strlen(s);
		if (strcasecmp(s, name) == 0 || (s[0] == '.' && k < len &&
		    strcasecmp(s, name + len - k) == 0))
			return 1;
	}
	return 0;
}

void
store_free_domain(struct md_domain *d)
{
	free_domain(d);
}

void
store_free_seq(struct md_sequencer *s)
{
	free_seq(s);
}

void
store_free_account(struct md_account *a)
{
	free_account(a);
}

void
store_free_forward(struct md_forward *f)
{
	free_forward(f);
}

void
store_free_csdomain(struct cs_domain *d)
{
	free_csdomain(d);
}

void
store_free_inbox(struct cs_inbox *in)
{
	free_inbox(in);
}
