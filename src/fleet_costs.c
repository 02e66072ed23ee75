/*
 * fleet_costs.c - what buying needs to know (Maildoso; ColdSend publishes
 * none of it), each asked once for the whole sheet:
 *
 *   POST /v1/user/domains/search      the names to buy (domain_search.c's
 *                                     avail_search: 100 names a request)
 *   GET  /v1/user/domains/provider-availability   Google, where rows want
 *                                     it and the domain list's
 *                                     available_providers did not say
 *   GET  /v1/user/stats               the quota, and the units held
 *   GET  /v1/billing/pricing          the tiers (pricing.c), when anything
 *                                     would be bought
 *
 * The cost is the import dry run's: each new unit at the tier its number
 * falls in, counting on from what the account holds (run_cost_take).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "domain_search.h"
#include "fleet.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "pricing.h"
#include "provider.h"
#include "rules.h"
#include "xmalloc.h"

#define AVAIL_NAMES	100	/* domains a provider-availability request */

static int
maildoso(const struct pctx *p)
{
	return strcmp(p->job->prov->name, "maildoso") == 0;
}

/* A domain the plan would buy if it is available. */
static int
to_buy(const struct fleet_domain *d)
{
	return !d->exists && !d->external && rule_blocked_tld(d->name) ==
	    NULL;
}

/* The names to buy searched: d->avail 1 or 0. 0, or -1 + err. */
static int
search(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	struct avail_cache	 c;
	struct buf		 why = BUF_INIT;
	const char		**names = xcalloc(f->ndom + 1, sizeof *names);
	const char		*said;
	size_t			 i, n = 0;
	int			 rc = 0;

	for (i = 0; i < f->ndom; i++)
		if (to_buy(&f->dom[i]))
			names[n++] = f->dom[i].name;
	avail_init(&c);
	if (n > 0) {
		f->requests += (long)((n + DOMAIN_SEARCH_BATCH - 1) /
		    DOMAIN_SEARCH_BATCH);
		if (avail_search(p, &c, names, n) < 0) {
			provider_error_text(&p->resp, &why);
			snprintf(err, errlen, "Maildoso POST %s: %s",
			    DOMAIN_SEARCH_PATH, buf_cstr(&why));
			rc = -1;
		}
	}
	for (i = 0; rc == 0 && i < f->ndom; i++)
		if (to_buy(&f->dom[i]) && (f->dom[i].avail = avail_get(&c,
		    f->dom[i].name, &said)) == 0 && said != NULL)
			f->dom[i].why = xstrdup(said);
	avail_free(&c);
	buf_free(&why);
	free(names);
	return rc;
}

/* One provider-availability answer onto the domains asked (asked[i]):
 * false is not offered; true, null or not said is (as import reads it). */
static void
google_read(struct fleet *f, const struct json_doc *d, const size_t *asked,
    size_t n)
{
	char	*name;
	size_t	 i;
	int	 k, g;

	for (i = 0; i < n; i++)
		f->dom[asked[i]].google_ok = 1;
	for (k = json_child(d, json_get(d, 0, "domains")); k >= 0;
	    k = json_next(d, k)) {
		if (json_str(d, k, &name) < 0)
			continue;
		for (i = 0; i < n; i++)
			if (strcasecmp(f->dom[asked[i]].name, name) == 0 &&
			    json_get_bool(d, json_key_value(d, k), "GOOGLE",
			    &g) == 0)
				f->dom[asked[i]].google_ok = g;
		free(name);
	}
}

/* Google where rows want it: d->google_ok. 0, or -1 + err. */
static int
google(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	struct buf	 path = BUF_INIT;
	struct json_doc	*d;
	size_t		 asked[AVAIL_NAMES], i = 0, n;
	int		 rc = 0;

	while (rc == 0 && i < f->ndom) {
		buf_reset(&path);
		buf_puts(&path, "/v1/user/domains/provider-availability");
		/* asked only where the domain list's available_providers
		 * did not say (domains to buy, or a null there) */
		for (n = 0; i < f->ndom && n < AVAIL_NAMES; i++)
			if (f->dom[i].google && f->dom[i].google_ok < 0) {
				http_url_append_query(&path, "domains",
				    f->dom[i].name);
				asked[n++] = i;
			}
		if (n == 0)
			break;
		f->requests++;
		if ((d = pctx_get_json(p, path.data, err, errlen)) == NULL)
			rc = -1;
		else
			google_read(f, d, asked, n);
		json_free(d);
	}
	buf_free(&path);
	return rc;
}

int
fleet_state_costs(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	if (!maildoso(p))
		return 0;
	if (search(f, p, err, errlen) < 0)
		return -1;
	return google(f, p, err, errlen);
}

/* total - in_use of one product of a stats answer (QUOTA_UNKNOWN); *in_use
 * 0 when not said. */
static long
quota_of(const struct json_doc *d, const char *what, long long *in_use)
{
	long long	t;
	int		q = json_get(d, 0, what);

	if (json_get_int(d, q, "in_use", in_use) < 0)
		*in_use = 0;
	if (json_get_int(d, q, "total", &t) < 0)
		return QUOTA_UNKNOWN;
	return (long)(t - *in_use);
}

/* The price of each domain to buy (d->price) and of the inboxes, in the
 * sheet's order, into f->cost. 0, or -1 + err. */
static int
price(struct fleet *f, struct pctx *p, const long long *held, long mdo,
    long ggl, char *err, size_t errlen)
{
	static const char *const prod[3] = { "domains", "maildoso_accounts",
	    "google_accounts" };
	struct run_cost	c;
	long long	one;
	size_t		i, k;
	long		j;

	f->requests++;
	if (run_cost_init(&c, p, pricing_path("maildoso"), NULL, err,
	    errlen) < 0)
		return -1;
	for (i = 0; i < c.n; i++)
		for (k = 0; k < 3; k++)
			if (strcmp(c.product[i], prod[k]) == 0)
				c.held[i] = held[k];
	for (i = 0; i < f->ndom; i++)
		if (f->dom[i].action == FD_BUY && run_cost_take(&c, "domains",
		    &one) == 0)
			f->dom[i].price = one;
	for (j = 0; j < mdo; j++)
		(void)run_cost_take(&c, "maildoso_accounts", &one);
	for (j = 0; j < ggl; j++)
		(void)run_cost_take(&c, "google_accounts", &one);
	f->cost = 0;
	for (i = 0; i < c.n; i++)
		f->cost += c.cents[i];
	if (c.unpriced > 0)
		f->cost = -1;
	buf_reset(&f->cost_words);
	run_cost_describe(&c, &f->cost_words);
	run_cost_free(&c);
	return 0;
}

int
fleet_state_price(struct fleet *f, struct pctx *p, long doms, long mdo,
    long ggl, char *err, size_t errlen)
{
	struct json_doc	*st;
	long long	 held[3];
	long		 left;

	if (!maildoso(p))
		return 0;
	f->requests++;
	if ((st = pctx_get_json(p, "/v1/user/stats", err, errlen)) == NULL)
		return -1;
	if ((left = quota_of(st, "domains", &held[0])) != QUOTA_UNKNOWN)
		f->quota_domains = left - doms;
	if ((left = quota_of(st, "maildoso_accounts", &held[1])) != QUOTA_UNKNOWN)
		f->quota_accounts = left - mdo;
	if ((left = quota_of(st, "google_accounts", &held[2])) != QUOTA_UNKNOWN)
		f->quota_google = left - ggl;
	json_free(st);
	f->cost = 0;
	if (doms + mdo + ggl == 0)
		return 0;
	return price(f, p, held, mdo, ggl, err, errlen);
}
