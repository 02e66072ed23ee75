/*
 * cmd_import.c - `mailfleet import KIND FILE`: create what the rows name.
 */
#include "cmd.h"
#include "opts.h"
#include "pipeline.h"

extern const struct command cmd_import;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_CREATE;
	if ((rc = write_command_args(app, &cmd_import, &o, argc, argv)) >= 0)
		return rc;
	return run_write(app, &o);
}

static const struct opt_spec *const import_options[] = { write_options,
	write_password_options, write_job_options, NULL };

const struct command cmd_import = {
	.name = "import",
	.summary = "create the domains, accounts or inboxes a CSV lists",
	.args = "KIND FILE",
	.about =
	    "Writes RESULT (-o; default FILE.result.csv, mode 0600): the\n"
	    "input columns, status, error, http_status, attempts and the\n"
	    "created ids and credentials, in input order.\n"
	    "\n"
	    "Exit: 0 all rows done, 2 some rows failed or invalid, 3 aborted,\n"
	    "64 usage, 65 unreadable file, 130 interrupted.\n",
	.opts = import_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
