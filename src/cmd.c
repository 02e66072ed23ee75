/*
 * cmd.c - the table of commands, lookup and the usage error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"
#include "opts.h"

extern const struct command cmd_check;
extern const struct command cmd_delete;
extern const struct command cmd_diff;
extern const struct command cmd_mcp;
extern const struct command cmd_export;
extern const struct command cmd_import;
extern const struct command cmd_push;
extern const struct command cmd_quota;
extern const struct command cmd_search;
extern const struct command cmd_restart;
extern const struct command cmd_pricing;
extern const struct command cmd_tracking;
extern const struct command cmd_totp;
extern const struct command cmd_registrant;
extern const struct command cmd_token;
extern const struct command cmd_whoami;
extern const struct command cmd_update;
extern const struct command cmd_wait;
extern const struct command cmd_plan;
extern const struct command cmd_apply;
extern const struct command cmd_help;
extern const struct command cmd_sandbox;
extern const struct command cmd_version;
extern const struct command cmd_completion;

const struct command *const cmd_table[] = {
	&cmd_check,
	&cmd_import,
	&cmd_update,
	&cmd_delete,
	&cmd_search,
	&cmd_restart,
	&cmd_quota,
	&cmd_pricing,
	&cmd_tracking,
	&cmd_totp,
	&cmd_registrant,
	&cmd_token,
	&cmd_whoami,
	&cmd_wait,
	&cmd_plan,
	&cmd_apply,
	&cmd_export,
	&cmd_push,
	&cmd_diff,
	&cmd_mcp,
	&cmd_sandbox,
	&cmd_help,
	&cmd_completion,
	&cmd_version,
	NULL
};

const char *const cmd_all_kinds[] = { "domains", "external-domains",
	"accounts", "forwarding", "sender-accounts", "warmups", "sequencers",
	"smtp-accounts", NULL };

const struct opt_spec poll_options[] = {
	{ .name = "timeout", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "3600",
	  .help = "stop polling after this long",
	  OPT_AT(struct poll_opts, timeout) },
	{ .name = "interval", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "30",
	  .help = "time between two listings",
	  OPT_AT(struct poll_opts, interval) },
	OPT_END
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
