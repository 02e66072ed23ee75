/*
 * pricing.c - the price list and what rows cost by it (pricing.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "pricing.h"
#include "provider.h"
#include "xmalloc.h"

/* Where each provider publishes its prices (none: no entry). */
static const struct {
	const char	*provider;
	const char	*path;
} pricing_paths[] = {
	{ "maildoso", "/v1/billing/pricing" },
	{ NULL, NULL }
};

const char *
pricing_path(const char *provider)
{
	size_t	i;

	for (i = 0; pricing_paths[i].provider != NULL; i++)
		if (strcmp(pricing_paths[i].provider, provider) == 0)
			return pricing_paths[i].path;
	return NULL;
}

void
price_list_free(struct price_list *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->t[i].product);
	free(c->t);
	memset(c, 0, sizeof *c);
}

/* A range's bound: absent or null is open (-1), else a whole number >= 0.
 * 0, or -1 when it is neither. */
static int
read_bound(const struct json_doc *d, int range, const char *key,
    long long *out)
{
	int	v = json_get(d, range, key);

	*out = -1;
	if (v < 0 || json_is_null(d, v))
		return 0;
	return json_int(d, v, out) == 0 && *out >= 0 ? 0 : -1;
}

/* Product k's ranges into c. 0, or -1 + err naming product and range. */
static int
read_product(const struct json_doc *d, int k, struct price_list *c,
    char *err, size_t errlen)
{
	struct price_tier	 t;
	char			*name = NULL;
	int			 ranges, r, i = 0, rc = 0;

	json_str(d, k, &name);
	ranges = json_get(d, json_key_value(d, k), "ranges");
	if (ranges < 0 || json_type(d, ranges) != JSON_ARRAY) {
		snprintf(err, errlen, "%s: no \"ranges\" list", name);
		free(name);
		return -1;
	}
	for (r = json_child(d, ranges); r >= 0 && rc == 0;
	    r = json_next(d, r), i++) {
		if (read_bound(d, r, "from", &t.from) < 0 ||
		    read_bound(d, r, "to", &t.to) < 0)
			rc = -1;
		else if (json_get_int(d, r, "price", &t.price) < 0 ||
		    t.price < 0)
			rc = -1;
		if (rc < 0) {
			snprintf(err, errlen, "%s range %d: \"price\" must be "
			    "whole cents, \"from\" and \"to\" whole counts or "
			    "null", name, i + 1);
			break;
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 8;
			c->t = xreallocarray(c->t, c->cap, sizeof *c->t);
		}
		t.product = xstrdup(name);
		c->t[c->n++] = t;
	}
	free(name);
	return rc;
}

int
price_list_read(const struct json_doc *d, struct price_list *c, char *err,
    size_t errlen)
{
	char	why[256];
	int	k;

	if (json_type(d, 0) != JSON_OBJECT) {
		snprintf(err, errlen, "the pricing answer is no object of "
		    "products");
		return -1;
	}
	for (k = json_child(d, 0); k >= 0; k = json_next(d, k))
		if (read_product(d, k, c, why, sizeof why) < 0) {
			snprintf(err, errlen, "the pricing answer: %s", why);
			price_list_free(c);
			return -1;
		}
	return 0;
}

int
price_list_fetch(struct pctx *p, const char *path, struct price_list *c,
    char *err, size_t errlen)
{
	struct json_doc	*d;
	int		 rc;

	if ((d = pctx_get_json(p, path, err, errlen)) == NULL)
		return -1;
	rc = price_list_read(d, c, err, errlen);
	json_free(d);
	return rc;
}

int
price_unit(const struct price_list *c, const char *product, long long unit,
    long long *cents)
{
	const struct price_tier	*t;
	size_t			 i;

	for (i = 0; i < c->n; i++) {
		t = &c->t[i];
		if (strcmp(t->product, product) == 0 &&
		    (t->from < 0 || unit >= t->from) &&
		    (t->to < 0 || unit <= t->to)) {
			*cents = t->price;
			return 0;
		}
	}
	return -1;
}

const char *
price_format(char *s, size_t len, long long cents)
{
	snprintf(s, len, "%lld.%02lld", cents / 100, cents % 100);
	return s;
}

int
price_parse(const char *s, long long *cents)
{
	long long	d = 0, c = 0;
	size_t		i = 0, nd = 0, nc = 0;

	for (; isdigit((unsigned char)s[i]) && nd < 12; i++, nd++)
		d = d * 10 + (s[i] - '0');
	if (s[i] == '.')
		for (i++; isdigit((unsigned char)s[i]) && nc < 2; i++, nc++)
			c = c * 10 + (s[i] - '0');
	if (nd == 0 || s[i] != '\0' || (s[i - 1] == '.'))
		return -1;
	*cents = d * 100 + (nc == 1 ? c * 10 : c);
	return 0;
}

/* The product's slot, or -1. */
static int
cost_slot(const struct run_cost *c, const char *product)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->product[i], product) == 0)
			return (int)i;
	return -1;
}

int
run_cost_init(struct run_cost *c, struct pctx *p, const char *path,
    int (*held)(struct pctx *, const char *, long long *, char *, size_t),
    char *err, size_t errlen)
{
	size_t	i;

	memset(c, 0, sizeof *c);
	if (price_list_fetch(p, path, &c->list, err, errlen) < 0)
		return -1;
	for (i = 0; i < c->list.n; i++) {
		if (cost_slot(c, c->list.t[i].product) >= 0 ||
		    c->n == COST_PRODUCTS)
			continue;
		c->product[c->n] = xstrdup(c->list.t[i].product);
		if (held != NULL && held(p, c->product[c->n], &c->held[c->n],
		    err, errlen) < 0) {
			c->n++;
			run_cost_free(c);
			return -1;
		}
		c->n++;
	}
	return 0;
}

void
run_cost_free(struct run_cost *c)
{
	size_t	i;

	price_list_free(&c->list);
	for (i = 0; i < c->n; i++)
		free(c->product[i]);
	memset(c, 0, sizeof *c);
}

int
run_cost_take(struct run_cost *c, const char *product, long long *cents)
{
	int	k = cost_slot(c, product);

	if (k < 0 || price_unit(&c->list, product, c->held[k] +
	    c->units[k] + 1, cents) < 0) {
		c->unpriced++;
		return -1;
	}
	c->units[k]++;
	c->cents[k] += *cents;
	return 0;
}

int
run_cost_peek(const struct run_cost *c, const char *product,
    long long count, long long *cents)
{
	long long	i, one, from;
	int		k = cost_slot(c, product);

	*cents = 0;
	if (k < 0)
		return count > 0 ? -1 : 0;
	from = c->held[k] + c->units[k];
	for (i = 1; i <= count; i++) {
		if (price_unit(&c->list, product, from + i, &one) < 0)
			return -1;
		*cents += one;
	}
	return 0;
}

void
run_cost_describe(const struct run_cost *c, struct buf *out)
{
	char	usd[32];
	size_t	i;
	int	n = 0;

	for (i = 0; i < c->n; i++) {
		if (c->units[i] == 0)
			continue;
		buf_printf(out, "%s%lld %s for $%s", n++ ? " and " : "",
		    c->units[i], c->product[i], price_format(usd, sizeof usd,
		    c->cents[i]));
	}
	if (n == 0)
		buf_puts(out, "nothing");
}
