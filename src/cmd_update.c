/*
 * cmd_update.c - `mailfleet update accounts FILE`: change passwords, names
 * and forwarding links of existing accounts.
 */
#include "cmd.h"
#include "opts.h"
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

static const struct opt_spec update_own[] = {
	{ .name = "new-passwords", .type = OPT_FLAG,
	  .help = "generate a new password for every row (the password "
	  "column is then not read)", OPT_AT(struct run_opts, new_passwords) },
	OPT_END
};

static const struct opt_spec *const update_options[] = {
	write_send_options, write_options,
	write_password_options, update_own, NULL };

const struct command cmd_update = {
	.name = "update",
	.summary = "change passwords, names or forwarding of accounts",
	.args = "KIND FILE",
	.about =
	    "Rows are found by email or id. Columns password, first_name,\n"
	    "last_name and forwarding (a forwarding inbox address) are set\n"
	    "where given. The result (mode 0600) holds the new passwords.\n",
	.opts = update_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
