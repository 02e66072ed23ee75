/*
 * cmd_delete.c - `mailfleet delete KIND FILE`: remove what the rows name.
 */
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "log.h"
#include "opts.h"
#include "pipeline.h"

extern const struct command cmd_delete;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_DELETE;
	if ((rc = write_command_args(app, &cmd_delete, &o, argc, argv)) >= 0)
		return rc;
	if (!o.yes && !o.dry_run && isatty(STDIN_FILENO)) {
		log_error("delete %s from %s: this cannot be undone; run with "
		    "--dry-run to see what would go, then with --yes",
		    argv[optind], o.input);
		return EXIT_USAGE;
	}
	return run_write(app, &o);
}

static const struct opt_spec *const delete_options[] = {
	write_send_options, write_options,
	NULL };

const struct command cmd_delete = {
	.name = "delete",
	.summary = "delete the accounts, forwarding inboxes or domains a CSV "
	    "lists",
	.args = "KIND FILE",
	.about =
	    "Rows are found by email / domain or id. Refuses without --yes when\n"
	    "standard input is a terminal. Google accounts are scheduled for\n"
	    "deletion by the provider: scheduled_for gives the date.\n",
	.opts = delete_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
