/*
 * fleet_state.c - the live account as a fleet sheet needs it, from
 * listings read once (never one request per row): the domain list, the
 * forwarding inboxes, the accounts of the sheet's domains (accounts-lookup
 * by up to 100 domain ids a request), the connected sequencers; and, only
 * when something would be bought or created, the availability of the
 * names to buy (one search), Google's availability where rows want it
 * (one provider-availability), the price list and the quotas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "export.h"
#include "fleet.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "pricing.h"
#include "provider.h"
#include "rules.h"
#include "xmalloc.h"

#define IDS_MAX		100	/* accounts-lookup's domains_ids maxItems */

static void
replace(char **dst, char *v)		/* takes v */
{
	free(*dst);
	*dst = v;
}

/* A JSON array of strings joined with ';' (NULL when empty). */
static char *
joined(const struct json_doc *d, int arr)
{
	struct buf	b = BUF_INIT;
	char		*s;
	int		 v;

	for (v = json_child(d, arr); v >= 0; v = json_next(d, v))
		if (json_str(d, v, &s) == 0) {
			buf_printf(&b, "%s%s", b.len ? ";" : "", s);
			free(s);
		}
	return b.len ? buf_detach(&b) : NULL;
}

struct fleet_domain *
fleet_domain_seen(struct fleet *f, const struct json_doc *d, int obj)
{
	char		*name = json_get_str(d, obj, "domain_name");
	long long	 i;
	int		 hit;

	hit = name != NULL && strmap_get(&f->dom_idx, name, &i) && i > 0;
	free(name);
	if (!hit)
		return NULL;
	f->dom[i - 1].exists = 1;
	return &f->dom[i - 1];
}

static int
domain_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet		*f = arg;
	struct fleet_domain	*fd;
	char			*prov;

	(void)page;
	if ((fd = fleet_domain_seen(f, d, obj)) == NULL)
		return 0;
	if (json_get_int(d, obj, "id", &fd->id) < 0)
		fd->id = -1;
	replace(&fd->status, json_get_str(d, obj, "domain_status"));
	replace(&fd->ns, joined(d, json_get(d, obj, "name_servers")));
	replace(&fd->cur_redirect, json_get_str(d, obj, "redirect_to"));
	if (json_get_int(d, obj, "accounts_limit", &fd->limit) < 0)
		fd->limit = -1;
	if (json_get_int(d, obj, "linked_accounts", &fd->linked) < 0)
		fd->linked = -1;
	prov = joined(d, json_get(d, obj, "available_providers"));
	if (prov != NULL)
		fd->google_ok = strstr(prov, "google") != NULL;
	free(prov);
	return 0;
}

static int
fwd_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet	*f = arg;
	char		*email = json_get_str(d, obj, "email"), *low;

	(void)page;
	if (email != NULL) {
		low = xstrdup_lower(email);
		strmap_put(&f->fwd, low, 1);
		free(low);
	}
	free(email);
	return 0;
}

/* Has the account an export to seq that did not fail? */
static int
exported(const struct json_doc *d, int obj, long long seq)
{
	long long	id;
	int		v, ok = 0;

	for (v = json_child(d, json_get(d, obj, "exported_to_sequencers"));
	    v >= 0 && !ok; v = json_next(d, v))
		if (json_get_int(d, v, "sequencer_id", &id) == 0 && id == seq)
			ok = !json_str_eq(d, json_get(d, v, "status"),
			    "failed");
	return ok;
}

/* An account of the listing: a row of the sheet? Its data. */
static int
account_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet		*f = arg;
	struct fleet_row	*r;
	struct export_creds	 c;
	struct buf		 store = BUF_INIT;
	long long		 i, seq;
	char			*s, num[32];

	(void)page;
	export_creds_from_json(d, obj, &c, &store);
	r = strmap_get(&f->email_idx, c.email, &i) ? &f->r[i - 1] : NULL;
	if (r == NULL || r->exists) {
		buf_free(&store);
		return 0;
	}
	r->exists = 1;
	if (json_get_int(d, obj, "id", &seq) == 0) {
		snprintf(num, sizeof num, "%lld", seq);
		fleet_row_set(r, RES_ID, num);
	}
	fleet_row_set(r, RES_PASSWORD, c.password);
	fleet_row_set(r, RES_SMTP_HOST, *c.smtp_host ? c.smtp_host :
	    "smtp.maildoso.com");
	fleet_row_set(r, RES_SMTP_PORT, *c.smtp_port ? c.smtp_port : "587");
	fleet_row_set(r, RES_IMAP_HOST, c.imap_host);
	fleet_row_set(r, RES_IMAP_PORT, c.imap_port);
	if (store.data != NULL)
		explicit_bzero(store.data, store.len);
	buf_free(&store);
	s = json_get_str(d, obj, "status");
	fleet_row_set(r, RES_ACCOUNT_STATUS, s);
	free(s);
	s = json_get_str(d, json_get(d, obj, "forwarding_account"), "email");
	fleet_row_set(r, RES_FORWARDING, s);
	free(s);
	if (r->sequencer != NULL && strmap_get(&f->seq_idx, r->sequencer,
	    &seq))
		r->pushed = exported(d, obj, seq);
	return 0;
}

/* A connected sequencer: the sheet's names and ids that mean it. */
static int
seq_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet	*f = arg;
	char		*plat = json_get_str(d, obj, "platform");
	char		*name = json_get_str(d, obj, "name");
	char		 num[32];
	long long	 id, old;
	size_t		 i;

	(void)page;
	if (json_get_int(d, obj, "id", &id) == 0) {
		snprintf(num, sizeof num, "%lld", id);
		for (i = 0; i < f->n; i++) {
			const char *w = f->r[i].sequencer;

			if (w == NULL || !sequencer_answers_to(w, num, plat,
			    name))
				continue;
			/* two sequencers answer to it: ambiguous (-1) */
			if (strmap_get(&f->seq_idx, w, &old) && old != id)
				id = -1;
			strmap_put(&f->seq_idx, w, id);
		}
	}
	free(plat);
	free(name);
	return 0;
}

int
fleet_listing(struct fleet *f, struct pctx *p, int kind, const char *query,
    int (*fn)(void *, const struct json_doc *, int, struct buf *),
    char *err, size_t errlen)
{
	long	pages = 0;
	int	rc;

	/* fn writes f: one thread, as export_pager_walk() runs it */
	rc = export_pager_walk(p, kind, query, p->job->prov->list_page_max,
	    fn, f, &pages, err, errlen);
	f->requests += pages;
	return rc;
}

/* The accounts of the sheet's domains that hold any, IDS_MAX a query. */
static int
read_accounts(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	struct buf	q = BUF_INIT;
	size_t		i, n = 0;
	int		rc = 0;

	for (i = 0; i <= f->ndom && rc == 0; i++) {
		if (i < f->ndom) {
			const struct fleet_domain *d = &f->dom[i];

			if (!d->exists || d->id < 0 || d->linked == 0)
				continue;
			buf_printf(&q, "%cdomains_ids=%lld", n ? '&' : '?',
			    d->id);
			n++;
		}
		if (n > 0 && (n == IDS_MAX || i == f->ndom)) {
			rc = fleet_listing(f, p, EXPORT_ACCOUNTS, q.data,
			    account_seen, err, errlen);
			buf_reset(&q);
			n = 0;
		}
	}
	buf_free(&q);
	return rc;
}

int
fleet_state_read(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	size_t	i;
	int	fwd = 0, seq = 0;

	for (i = 0; i < f->n; i++) {
		fwd |= f->r[i].valid && f->r[i].rec.forwarding.len > 0;
		seq |= f->r[i].valid && f->r[i].sequencer != NULL;
	}
	if (f->ndom > 0 && fleet_listing(f, p, EXPORT_DOMAINS, "", domain_seen,
	    err, errlen) < 0)
		return -1;
	if (fwd && fleet_listing(f, p, EXPORT_FORWARDING, "", fwd_seen, err,
	    errlen) < 0)
		return -1;
	if (seq && fleet_listing(f, p, EXPORT_SEQUENCERS, "", seq_seen, err,
	    errlen) < 0)
		return -1;
	return read_accounts(f, p, err, errlen);
}
