/*
 * cmd_update.c - `mailfleet update accounts FILE`: change passwords, names
 * and forwarding links of existing accounts.
 */
#include "cmd.h"
#include "pipeline.h"

extern const struct command cmd_update;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_UPDATE;
	if ((rc = write_command_args(app, &cmd_update, &o, argc, argv)) >= 0)
		return rc;
	return run_write(app, &o);
}

const struct command cmd_update = {
	.name = "update",
	.summary = "change passwords, names or forwarding of accounts",
	.usage =
	    "usage: mailfleet update accounts FILE [--new-passwords]\n"
	    "         [--password-length N] [-j N] [--rate R] [-o RESULT]\n"
	    "         [--resume | --restart] [--no-journal]\n"
	    "\n"
	    "Rows are found by email or id. Columns password, first_name,\n"
	    "last_name and forwarding (a forwarding inbox address) are set\n"
	    "where given; --new-passwords generates a new password for every\n"
	    "row. The result (mode 0600) holds the new passwords. --resume and\n"
	    "--restart work as for import (see mailfleet import --help).\n",
	.run = run
};
