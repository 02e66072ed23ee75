/*
 * cmd_version.c - `mailfleet version`.
 */
#include <stdio.h>

#include <unistd.h>

#include "cmd.h"
#include "opts.h"

extern const struct command cmd_version;

static int
run(struct app *app, int argc, char **argv)
{
	int	rc;

	if ((rc = opts_parse(&cmd_version, app, NULL, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&cmd_version, "takes no arguments");
	printf("mailfleet %s\n", MAILFLEET_VERSION);
	return EXIT_OK;
}

const struct command cmd_version = {
	.name = "version",
	.summary = "print the version (as --version does)",
	.run = run
};
