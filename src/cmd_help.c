/*
 * cmd_help.c - `mailfleet help [COMMAND]` and `mailfleet help --man`.
 */
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "opts.h"

extern const struct command cmd_help;

struct help_opts {
	int	man;
};

static const struct opt_spec help_own[] = {
	{ .name = "man", .type = OPT_FLAG,
	  .help = "print the man page (roff), made from the same tables",
	  OPT_AT(struct help_opts, man) },
	OPT_END
};

static const struct opt_spec *const help_options[] = { help_own, NULL };

static int
run(struct app *app, int argc, char **argv)
{
	const struct command	*cmd;
	struct help_opts	 o = { 0 };
	int			 rc;

	if ((rc = opts_parse(&cmd_help, app, &o, argc, argv)) >= 0)
		return rc;
	if (o.man) {
		cmd_print_man(stdout);
		return EXIT_OK;
	}
	if (argc - optind < 1) {
		cmd_print_usage(stdout);
		return EXIT_OK;
	}
	if ((cmd = cmd_find(argv[optind])) == NULL)
		return cmd_usage_error(NULL, "unknown command \"%s\"",
		    argv[optind]);
	cmd_print_help(cmd, stdout);
	return EXIT_OK;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "describe the commands, or one command",
	.args = "[COMMAND]",
	.opts = help_options,
	.run = run
};
