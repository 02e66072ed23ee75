/*
 * cmd_plan.c - `mailfleet plan FLEET.csv`: what `apply` would do with a
 * fleet sheet, read from the live account's listings; FLEET.plan.csv and
 * a summary. Nothing is changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "csv_out.h"
#include "fleet.h"
#include "iopaths.h"
#include "log.h"
#include "opts.h"
#include "provider.h"

extern const struct command cmd_plan;

struct plan_opts {
	int		 detailed;	/* --detailed-exitcode */
	int		 json;		/* --json */
	const char	*rate;
};

static const struct opt_spec plan_own[] = {
	{ .name = "detailed-exitcode", .type = OPT_FLAG,
	  .help = "exit 0 no changes, 2 changes planned, 1 error (as "
	  "Terraform's)", OPT_AT(struct plan_opts, detailed) },
	{ .name = "rate", .type = OPT_RATE,
	  .help = "requests per time (default: the provider's)",
	  OPT_AT(struct plan_opts, rate) },
	{ .name = "json", .type = OPT_FLAG,
	  .help = "also print the summary as one JSON object on standard "
	  "output (counts, cost, quota left)", OPT_AT(struct plan_opts, json) },
	OPT_END
};

static const struct opt_spec *const plan_options[] = { plan_own, NULL };

void
fleet_plan_report(const struct fleet *f)
{
	struct buf	 sum = BUF_INIT;
	char		*line, *next;
	size_t		 i;

	for (i = 0; i < f->n; i++)
		if (!f->r[i].valid)
			log_warn("%s:%ld: %s", f->path, f->r[i].line,
			    f->r[i].error);
	fleet_plan_summary(f, &sum);
	for (line = sum.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		log_info("%s", line);
	}
	buf_free(&sum);
}

int
fleet_plan_session(struct app *app, struct fleet *f, const char *rate,
    const char *cmd)
{
	struct job	job;
	struct pctx	p;
	char		err[1024];
	int		rc;

	if (f->send_from.provider != NULL &&
	    strcmp(f->send_from.provider, app->provider) == 0) {
		log_error("%s: --send-from %s: the sheet's inboxes are %s's "
		    "already", cmd, app->provider, app->provider);
		return EXIT_USAGE;
	}
	/* first: the plan decides which inboxes still need connecting */
	if ((rc = fleet_send_from_read(app, f, f->send_from.rate)) != 0)
		return rc;
	if ((rc = session_begin(app, rate, &job, &p, err, sizeof err)) == 0 &&
	    (rc = session_connect(&job, &p, err, sizeof err)) == 0 &&
	    fleet_plan_make(f, &p, err, sizeof err) < 0)
		rc = EXIT_ABORTED;
	session_close(&job, &p);
	if (rc != 0)
		log_error("%s", err);
	return rc;
}

/* The plan read and written; the exit code as the write commands'. */
static int
plan(struct app *app, struct fleet *f, const struct plan_opts *o,
    const char *out, struct fleet_counts *c)
{
	struct buf	json = BUF_INIT;
	char		err[1024];
	int		rc;

	if ((rc = fleet_plan_session(app, f, o->rate, "plan")) != 0)
		return rc;
	if (fleet_plan_write(f, app, out, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_IO;
	}
	fleet_plan_count(f, c);
	fleet_plan_report(f);
	if (o->json) {
		fleet_plan_json(f, &json);
		printf("%s\n", buf_cstr(&json));
		fflush(stdout);
		buf_free(&json);
	}
	log_info("plan: %s (nothing was changed; %ld read requests)", out,
	    f->requests);
	return c->invalid + c->over_limit + c->unavailable + c->held +
	    c->bad_seq > 0 ?
	    EXIT_ROWS : EXIT_OK;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct plan_opts	o;
	struct fleet		f;
	struct fleet_counts	c;
	char			err[1024], *out;
	int			rc;

	memset(&o, 0, sizeof o);
	if ((rc = opts_parse(&cmd_plan, app, &o, argc, argv)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_plan, "needs FLEET.csv");
	out = fleet_out(app, argv[optind], ".plan.csv");
	if (io_output_not_input(argv[optind], out, err, sizeof err) < 0) {
		log_error("%s", err);
		free(out);
		return o.detailed ? 1 : EXIT_USAGE;
	}
	memset(&c, 0, sizeof c);
	if ((rc = fleet_read(&f, argv[optind], app->delimiter,
	    app->provider)) == 0)
		rc = plan(app, &f, &o, out, &c);
	fleet_free(&f);
	free(out);
	if (o.detailed)
		return rc != EXIT_OK && rc != EXIT_ROWS ? 1 :
		    fleet_plan_changes(&c) ? 2 : 0;
	return rc;
}

const struct command cmd_plan = {
	.name = "plan",
	.summary = "what apply would do with a fleet sheet (nothing is "
	    "changed)",
	.args = "FLEET.csv",
	.about =
	    "Reads the live account from its listings (domains, forwarding\n"
	    "inboxes, the accounts of the sheet's domains, sequencers, the\n"
	    "stats; one search for the names to buy, provider-availability\n"
	    "for Google rows, the price list when anything would be bought)\n"
	    "and writes FLEET.plan.csv (-o): the sheet plus, per row, what\n"
	    "each step would do (0600 when the sheet holds passwords), and a\n"
	    "summary on standard error (--json: also on standard output as\n"
	    "one JSON object). Nothing is changed. ColdSend\n"
	    "(--provider coldsend): its domain and sender-account listings;\n"
	    "domains are added (never bought), DNS_PENDING ones activated,\n"
	    "native inboxes created; a value in a column only Maildoso has\n"
	    "(forwarding, provider, password, redirect_to, sequencer,\n"
	    "domain_source buy) makes its row invalid.\n"
	    "\n"
	    "Exit: 0, 2 some rows cannot proceed (invalid, unavailable,\n"
	    "over_limit, their domain unavailable, blocked or failed), 3 the\n"
	    "account could not be read, 64 usage, 65 unreadable sheet, 74\n"
	    "the plan cannot be written. --detailed-exitcode: 0 no changes,\n"
	    "2 changes planned, 1 error.\n",
	.opts = plan_options,
	.run = run
};
