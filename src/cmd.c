/*
 * cmd.c - the table of commands, lookup and generated help.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"

extern const struct command cmd_check;
extern const struct command cmd_delete;
extern const struct command cmd_diff;
extern const struct command cmd_export;
extern const struct command cmd_import;
extern const struct command cmd_push;
extern const struct command cmd_quota;
extern const struct command cmd_update;
extern const struct command cmd_wait;
extern const struct command cmd_help;
extern const struct command cmd_sandbox;
extern const struct command cmd_version;

const struct command *const cmd_table[] = {
	&cmd_check,
	&cmd_import,
	&cmd_update,
	&cmd_delete,
	&cmd_quota,
	&cmd_wait,
	&cmd_export,
	&cmd_push,
	&cmd_diff,
	&cmd_sandbox,
	&cmd_help,
	&cmd_version,
	NULL
};

const struct command *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

void
cmd_print_usage(FILE *fp)
{
	size_t	i;

	fprintf(fp,
	    "usage: mailfleet [GLOBAL OPTIONS] COMMAND [ARGS]\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "  %-10s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fprintf(fp,
	    "\n"
	    "Global options (also accepted after the command):\n"
	    "  --provider maildoso|coldsend  the provider (default maildoso)\n"
	    "  --api-url URL       the provider's base URL (e.g. the sandbox)\n"
	    "  --token-file FILE   read the API token from FILE (otherwise\n"
	    "                      MAILDOSO_TOKEN / COLDSEND_API_KEY; never argv)\n"
	    "  -o, --output FILE   result file ('-' for standard output)\n"
	    "  --delimiter , ; tab input delimiter (default: detected)\n"
	    "  --raw               do not guard cells against formulas\n"
	    "  --excel             write a BOM and CRLF line ends\n"
	    "  -q, --quiet         errors only; -v, --verbose: requests too\n"
	    "  --progress auto|always|never\n"
	    "  --max-wait SECS     stop (exit 3; --resume goes on) rather than\n"
	    "                      wait longer for the provider's rate limit\n"
	    "  --version, -h/--help\n"
	    "\n"
	    "'mailfleet COMMAND --help' describes a command.\n");
}

void
cmd_print_help(const struct command *cmd, FILE *fp)
{
	if (cmd == NULL) {
		cmd_print_usage(fp);
		return;
	}
	fprintf(fp, "%s", cmd->usage);
}

int
cmd_usage_error(const struct command *cmd, const char *fmt, ...)
{
	struct buf	b = BUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	log_error("%s%s%s", cmd ? cmd->name : "", cmd ? ": " : "",
	    buf_cstr(&b));
	buf_free(&b);
	cmd_print_help(cmd, stderr);
	return EXIT_USAGE;
}
