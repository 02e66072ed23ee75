/*
 * cmd_update.c - `mailfleet update KIND FILE`: change passwords, names
 * and forwarding links of existing accounts, or where domains redirect.
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
	.summary = "change accounts, domain redirects, forwarding "
	    "passwords, warm-ups or sequencers",
	.args = "KIND FILE",
	.about =
	    "accounts: rows are found by email or id. Columns password,\n"
	    "first_name, last_name, forwarding (a forwarding inbox address),\n"
	    "is_premium_warmup and picture_url are set where given; a file\n"
	    "changing only forwarding links goes in batches. The result\n"
	    "(mode 0600) holds the new passwords. domains: rows are found by\n"
	    "domain or id; redirect_to is set, an empty one removes the\n"
	    "redirect.\n",
	.opts = update_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
