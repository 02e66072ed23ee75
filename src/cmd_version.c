/*
 * cmd_version.c - `mailfleet version`.
 */
#include <stdio.h>

#include "cmd.h"

static int
run(struct app *app, int argc, char **argv)
{
	(void)app;
	(void)argc;
	(void)argv;
	printf("mailfleet %s\n", MAILFLEET_VERSION);
	return EXIT_OK;
}

const struct command cmd_version = {
	.name = "version",
	.summary = "print the version (as --version does)",
	.run = run
};
