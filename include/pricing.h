/*
 * pricing.h - a provider's price list (Maildoso's GET /v1/billing/pricing)
 * and what a run's rows cost by it.
 *
 * The answer is an object keyed by product (ProductKey: domains,
 * maildoso_accounts, google_accounts), each {"ranges": [PriceRange...]}
 * in ascending order; a PriceRange is an inclusive range of resource
 * counts from..to (either side null or absent: open) and a unit price in
 * integer cents.
 *
 * The reading used here (README "What a plan costs"): a range prices the
 * units whose count falls in it. The account's n-th unit of a product
 * (counting what it holds already, GET /v1/user/stats in_use) costs the
 * price of the range holding n, so buying k more with h held costs the
 * units h+1 .. h+k, each at its own range's price.
 */
#ifndef MAILFLEET_PRICING_H
#define MAILFLEET_PRICING_H

#include <stddef.h>

#include "buf.h"

struct json_doc;
struct pctx;

/* One range of one product; from/to -1: open on that side. */
struct price_tier {
	char		*product;	/* owned */
	long long	 from, to, price;
};

struct price_list {
	struct price_tier *t;
	size_t		 n, cap;
};

/* Where a provider publishes its prices, or NULL: it publishes none. */
const char *pricing_path(const char *provider);

/* The answer's products, in its order, into c (empty on entry). 0, or -1
 * + err naming the product and range. */
int	price_list_read(const struct json_doc *d, struct price_list *c,
	    char *err, size_t errlen);
/* GET path and read it: 0, or -1 + err. */
int	price_list_fetch(struct pctx *p, const char *path,
	    struct price_list *c, char *err, size_t errlen);
void	price_list_free(struct price_list *c);

/* The unit price of the product's unit numbered unit (1-based): 0, or -1
 * when no range holds it. */
int	price_unit(const struct price_list *c, const char *product,
	    long long unit, long long *cents);

/* 1500 cents as "15.00" into s. */
const char *price_format(char *s, size_t len, long long cents);
/* "95", "95.5" or "95.50" dollars as cents: 0, or -1. */
int	price_parse(const char *s, long long *cents);

/* What the rows of one run cost, product by product. */
#define COST_PRODUCTS	8

struct run_cost {
	struct price_list	 list;
	size_t			 n;
	char			*product[COST_PRODUCTS];	/* owned */
	long long		 held[COST_PRODUCTS];	/* at the start */
	long long		 units[COST_PRODUCTS];	/* priced so far */
	long long		 cents[COST_PRODUCTS];
	long			 unpriced;	/* units no range holds */
};

/*
 * Reads the price list at path and, for each product, how many units the
 * account holds (held(arg, product, &n, ...): 0, or -1 + err). 0, or -1 +
 * err (c is empty then).
 */
int	run_cost_init(struct run_cost *c, struct pctx *p, const char *path,
	    int (*held)(struct pctx *p, const char *product, long long *n,
	    char *err, size_t errlen), char *err, size_t errlen);
void	run_cost_free(struct run_cost *c);
/* Prices the next unit of product and counts it: 0 with *cents, or -1
 * (no range holds it: counted unpriced). */
int	run_cost_take(struct run_cost *c, const char *product,
	    long long *cents);
/* What count more units of product would cost, counting nothing: 0, or
 * -1 when some unit has no range. */
int	run_cost_peek(const struct run_cost *c, const char *product,
	    long long count, long long *cents);
/* "38 domains for $95.00" (products with units, joined by " and "), or
 * "nothing" when none were priced. */
void	run_cost_describe(const struct run_cost *c, struct buf *out);

#endif
