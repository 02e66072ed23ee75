/*
 * cmd_restart.c - `mailfleet restart domains FILE`: take the failed set-ups
 * of the domains a CSV lists up again.
 */
#include "cmd.h"
#include "opts.h"
#include "pipeline.h"

extern const struct command cmd_restart;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_RESTART;
	if ((rc = write_command_args(app, &cmd_restart, &o, argc, argv)) >= 0)
		return rc;
	return run_write(app, &o);
}

static const struct opt_spec *const restart_options[] = {
	write_send_options, write_options,
	NULL };

const struct command cmd_restart = {
	.name = "restart",
	.summary = "restart the set-up of domains that failed",
	.args = "KIND FILE",
	.about =
	    "Rows are found by domain or id in the account's domain list. A\n"
	    "domain whose set-up failed is restarted (all of a batch in one\n"
	    "request) and its row is \"updated\"; a domain in any other state\n"
	    "is \"skipped\", its status in domain_status, and not sent. Then\n"
	    "'mailfleet wait domains' follows the set-ups.\n",
	.opts = restart_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
