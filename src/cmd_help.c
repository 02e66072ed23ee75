/*
 * cmd_help.c - `mailfleet help [COMMAND]`.
 */
#include <stdio.h>

#include "cmd.h"

static int
run(struct app *app, int argc, char **argv)
{
	const struct command	*cmd;

	(void)app;
	if (argc < 2) {
		cmd_print_usage(stdout);
		return EXIT_OK;
	}
	if ((cmd = cmd_find(argv[1])) == NULL)
		return cmd_usage_error(NULL, "unknown command \"%s\"", argv[1]);
	cmd_print_help(cmd, stdout);
	return EXIT_OK;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "describe the commands, or one command",
	.usage = "usage: mailfleet help [COMMAND]\n",
	.run = run
};
