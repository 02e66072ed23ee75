/*
 * cmd_import.c - `mailfleet import KIND FILE`: create what the rows name.
 */
#include "cmd.h"
#include "opts.h"
#include "pipeline.h"
#include "pricing.h"

extern const struct command cmd_import;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	long long	cents;
	int		rc;

	run_opts_init(&o);
	o.op = OP_CREATE;
	if ((rc = write_command_args(app, &cmd_import, &o, argc, argv)) >= 0)
		return rc;
	if (o.max_cost != NULL && price_parse(o.max_cost, &cents) < 0)
		return cmd_usage_error(&cmd_import, "--max-cost: \"%s\" is not "
		    "an amount of dollars (like 95 or 95.50)", o.max_cost);
	return run_write(app, &o);
}

static const struct opt_spec import_own[] = {
	{ .name = "max-cost", .type = OPT_STRING, .arg = "DOLLARS",
	  .help = "refuse a purchase whose total (by the price list) is "
	  "above this, e.g. 95 or 95.50", OPT_AT(struct run_opts, max_cost) },
	OPT_END
};

static const struct opt_spec *const import_options[] = {
	write_send_options, write_options,
	write_password_options, import_own, write_job_options, NULL };

const struct command cmd_import = {
	.name = "import",
	.summary = "create the domains, accounts or inboxes a CSV lists",
	.args = "KIND FILE",
	.about =
	    "Writes RESULT (-o; default FILE.result.csv, mode 0600): the\n"
	    "input columns, status, error, http_status, attempts and the\n"
	    "created ids and credentials, in input order.\n"
	    "\n"
	    "Buying Maildoso domains first checks each name is available\n"
	    "(unavailable rows are not sent) and prices the purchase from\n"
	    "the price list; on a terminal it shows the total and asks\n"
	    "(y/N), without one it needs --yes. --dry-run writes the plan\n"
	    "with a price per row and the total (accounts too).\n"
	    "\n"
	    "Exit: 0 all rows done, 2 some rows failed or invalid, 3 aborted,\n"
	    "64 usage, 65 unreadable file, 130 interrupted.\n",
	.opts = import_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
