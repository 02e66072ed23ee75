/*
 * cmd_totp.c - `mailfleet totp accounts FILE`: the current TOTP code of
 * each Google account the rows name (GET /v1/user/accounts/{id}/totp),
 * into a result of mode 0600.
 *
 * A code is good for seconds: the run keeps no journal (a --resume would
 * hand back stale codes), and the result is to be used at once.
 */
#include "cmd.h"
#include "opts.h"
#include "pipeline.h"

extern const struct command cmd_totp;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_TOTP;
	if ((rc = write_command_args(app, &cmd_totp, &o, argc, argv)) >= 0)
		return rc;
	if (o.resume || o.restart)
		return cmd_usage_error(&cmd_totp, "totp keeps no journal: its "
		    "codes expire within a minute, run it again instead");
	o.no_journal = 1;
	return run_write(app, &o);
}

static const struct opt_spec *const totp_options[] = { write_send_options,
	write_options, NULL };

const struct command cmd_totp = {
	.name = "totp",
	.summary = "the current TOTP codes of Google accounts",
	.args = "KIND FILE",
	.about =
	    "Rows are found by email or id (ids from the account listings).\n"
	    "Writes RESULT (-o; default FILE.result.csv, mode 0600) with\n"
	    "totp, expires_at (as Maildoso gives it) and expires_at_utc.\n"
	    "Codes expire within a minute: use the file at once. Maildoso's\n"
	    "own accounts and accounts not ACTIVE fail with the provider's\n"
	    "reason. No journal is kept (--resume is refused).\n"
	    "\n"
	    "Exit: 0 all rows done, 2 some rows failed or invalid, 3 aborted,\n"
	    "64 usage, 65 unreadable file, 130 interrupted.\n",
	.opts = totp_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
