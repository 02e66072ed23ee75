/*
 * cmd_pricing.c - `mailfleet pricing`: the provider's price list
 * (pricing.h reads it), printed as a table, or written as CSV with -o.
 * ColdSend publishes no pricing endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "csv_out.h"
#include "log.h"
#include "opts.h"
#include "pricing.h"
#include "provider.h"

extern const struct command cmd_pricing;

/* A bound as its number, "" when open. */
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
format_table(const struct price_list *c, struct buf *out)
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
		snprintf(usd, sizeof usd, "$%s", price_format(price,
		    sizeof price, c->t[i].price));
		buf_printf(out, "%-*s %8s %8s %12s\n", w, c->t[i].product,
		    from[0] ? from : "-", to[0] ? to : "-", usd);
	}
}

static int
write_csv(const struct app *app, const struct price_list *c, char *err,
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
		cells[3] = price_format(price, sizeof price, c->t[i].price);
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
	struct price_list	 c = { NULL, 0, 0 };
	struct buf		 out = BUF_INIT;
	char			 err[1024];
	int			 rc = EXIT_OK;

	if (price_list_fetch(p, path, &c, err, sizeof err) < 0) {
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
	price_list_free(&c);
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
	int			 rc;

	if ((rc = opts_parse(&cmd_pricing, app, NULL, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&cmd_pricing, "takes no arguments");
	path = pricing_path(app->provider);
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
