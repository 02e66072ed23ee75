/*
 * cmd_pricing.c - `mailfleet pricing`: the provider's price list.
 *
 * Maildoso's GET /v1/billing/pricing answers an object keyed by product
 * (ProductKey: domains, maildoso_accounts, google_accounts), each value
 * {"ranges": [PriceRange...]} in ascending order; a PriceRange is an
 * inclusive count range from..to (either side null or absent: open) and
 * a unit price in integer cents. Printed as a table, or written as CSV
 * with -o. ColdSend publishes no pricing endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "csv_out.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "xmalloc.h"

extern const struct command cmd_pricing;

/* Where each provider publishes its prices (none: no entry). */
static const struct {
	const char	*provider;
	const char	*path;
} pricing_paths[] = {
	{ "maildoso", "/v1/billing/pricing" },
	{ NULL, NULL }
};

/* One tier of one product; from/to -1: open on that side. */
struct tier {
	char		*product;	/* owned */
	long long	 from, to, price;
};

struct catalogue {
	struct tier	*t;
	size_t		 n, cap;
};

static void
catalogue_free(struct catalogue *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->t[i].product);
	free(c->t);
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
read_product(const struct json_doc *d, int k, struct catalogue *c,
    char *err, size_t errlen)
{
	struct tier	 t;
	char		*name = NULL;
	int		 ranges, r, i = 0, rc = 0;

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

/* The answer's products, in its order. 0, or -1 + err. */
static int
read_catalogue(const struct json_doc *d, struct catalogue *c, char *err,
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
			return -1;
		}
	return 0;
}

/* "1500" cents as "15.00"; a bound as its number, "" when open. */
static const char *
cell_price(char *s, size_t len, long long cents)
{
	snprintf(s, len, "%lld.%02lld", cents / 100, cents % 100);
	return s;
}

static const char *
cell_bound(char *s, size_t len, long long v)
{
	if (v < 0)
		s[0] = '\0';
	else
		snprintf(s, len, "%lld", v);
	return s;
}

/* The table: open bounds shown as "-". */
static void
format_table(const struct catalogue *c, struct buf *out)
{
	char	from[24], to[24], price[32], usd[40];
	int	w = (int)strlen("product");
	size_t	i;

	for (i = 0; i < c->n; i++)
		if ((int)strlen(c->t[i].product) > w)
			w = (int)strlen(c->t[i].product);
	buf_printf(out, "%-*s %8s %8s %12s\n", w, "product", "from", "to",
	    "unit price");
	for (i = 0; i < c->n; i++) {
		cell_bound(from, sizeof from, c->t[i].from);
		cell_bound(to, sizeof to, c->t[i].to);
		snprintf(usd, sizeof usd, "$%s", cell_price(price,
		    sizeof price, c->t[i].price));
		buf_printf(out, "%-*s %8s %8s %12s\n", w, c->t[i].product,
		    from[0] ? from : "-", to[0] ? to : "-", usd);
	}
}

static int
write_csv(const struct app *app, const struct catalogue *c, char *err,
    size_t errlen)
{
	static const char *const header[] = { "product", "from", "to",
	    "unit_price_usd" };
	struct csv_writer	*out;
	const char		*cells[4];
	char			 from[24], to[24], price[32];
	size_t			 i;
	int			 rc;

	if ((out = csv_writer_open(app->output, ',', (app->raw ? CSV_OUT_RAW :
	    0) | (app->excel ? CSV_OUT_EXCEL : 0), err, errlen)) == NULL)
		return -1;
	rc = csv_writer_row(out, header, 4, err, errlen);
	for (i = 0; i < c->n && rc == 0; i++) {
		cells[0] = c->t[i].product;
		cells[1] = cell_bound(from, sizeof from, c->t[i].from);
		cells[2] = cell_bound(to, sizeof to, c->t[i].to);
		cells[3] = cell_price(price, sizeof price, c->t[i].price);
		rc = csv_writer_row(out, cells, 4, err, errlen);
	}
	if (rc < 0) {
		csv_writer_abort(out);
		return -1;
	}
	return csv_writer_commit(out, err, errlen);
}

/* The catalogue read and shown (or written); EXIT_OK or the exit code
 * after a message. */
static int
pricing(struct app *app, struct pctx *p, const char *path)
{
	struct catalogue	 c = { NULL, 0, 0 };
	struct json_doc		*d;
	struct buf		 out = BUF_INIT;
	char			 err[1024];
	int			 rc = EXIT_OK;

	if ((d = pctx_get_json(p, path, err, sizeof err)) == NULL ||
	    read_catalogue(d, &c, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_ABORTED;
	} else if (app->output != NULL) {
		if (write_csv(app, &c, err, sizeof err) < 0) {
			log_error("%s", err);
			rc = EXIT_IO;
		}
	} else {
		/* Nothing on standard output unless all of it was read. */
		format_table(&c, &out);
		fputs(buf_cstr(&out), stdout);
	}
	buf_free(&out);
	catalogue_free(&c);
	json_free(d);
	return rc;
}

static int
run(struct app *app, int argc, char **argv)
{
	const struct provider	*prov;
	const char		*path = NULL;
	struct job		 job;
	struct pctx		 p;
	char			 err[1024];
	size_t			 i;
	int			 rc;

	if ((rc = opts_parse(&cmd_pricing, app, NULL, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&cmd_pricing, "takes no arguments");
	for (i = 0; pricing_paths[i].provider != NULL; i++)
		if (strcmp(pricing_paths[i].provider, app->provider) == 0)
			path = pricing_paths[i].path;
	/* Before the token is even read: nothing to ask. */
	if (path == NULL && (prov = provider_find(app->provider)) != NULL) {
		log_error("%s publishes no pricing endpoint: there is no price "
		    "list to show", prov->title);
		return EXIT_USAGE;
	}
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	rc = pricing(app, &p, path);
	session_close(&job, &p);
	return rc;
}

const struct command cmd_pricing = {
	.name = "pricing",
	.summary = "show the provider's price list: product, count range, "
	    "unit price",
	.about =
	    "Maildoso's catalogue (GET /v1/billing/pricing): one line per\n"
	    "tier of each product (domains, maildoso_accounts,\n"
	    "google_accounts), its inclusive count range (\"-\": open on\n"
	    "that side) and the unit price in dollars. With -o FILE, a CSV:\n"
	    "product,from,to,unit_price_usd (an open bound left empty).\n"
	    "Nothing goes to standard output unless the whole answer was\n"
	    "read. ColdSend publishes no pricing endpoint (exit 64).\n",
	.run = run
};
