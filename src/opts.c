/*
 * opts.c - the options every command shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"
#include "opts.h"
#include "xmalloc.h"

const struct option global_options[] = {
	{ "provider", required_argument, NULL, OPT_PROVIDER },
	{ "api-url", required_argument, NULL, OPT_API_URL },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "output", required_argument, NULL, 'o' },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "progress", required_argument, NULL, OPT_PROGRESS },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ "token", required_argument, NULL, OPT_TOKEN },
	{ "api-key", required_argument, NULL, OPT_TOKEN },
	{ NULL, 0, NULL, 0 }
};

struct option *
opts_merge(const struct option *cmd)
{
	size_t		 nc = 0, ng = 0;
	struct option	*o;

	while (cmd != NULL && cmd[nc].name != NULL)
		nc++;
	while (global_options[ng].name != NULL)
		ng++;
	o = xcalloc(nc + ng + 1, sizeof *o);
	if (nc > 0)
		memcpy(o, cmd, nc * sizeof *o);
	memcpy(o + nc, global_options, (ng + 1) * sizeof *o);
	return o;
}

static int
parse_delim(const char *s, char *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ||
	    strcmp(s, "\t") == 0)
		*out = '\t';
	else if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0)
		*out = ',';
	else if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0)
		*out = ';';
	else if (strcmp(s, "|") == 0 || strcmp(s, "pipe") == 0)
		*out = '|';
	else
		return -1;
	return 0;
}

int
opts_global(struct app *app, int c, const char *arg)
{
	switch (c) {
	case OPT_PROVIDER:
		if (strcmp(arg, "maildoso") != 0 &&
		    strcmp(arg, "coldsend") != 0) {
			log_error("--provider must be maildoso or coldsend, "
			    "not \"%s\"", arg);
			return -1;
		}
		app->provider = arg;
		return 1;
	case OPT_API_URL:
		app->api_url = arg;
		return 1;
	case OPT_TOKEN_FILE:
		app->token_file = arg;
		return 1;
	case 'o':
		app->output = arg;
		return 1;
	case OPT_DELIMITER:
		if (parse_delim(arg, &app->delimiter) < 0) {
			log_error("--delimiter must be , ; tab or |");
			return -1;
		}
		return 1;
	case 'q':
		app->quiet = 1;
		log_set_level(LOG_QUIET);
		return 1;
	case 'v':
		app->verbose = 1;
		log_set_level(LOG_VERBOSE);
		return 1;
	case OPT_PROGRESS:
		if (strcmp(arg, "auto") == 0)
			app->progress = PROGRESS_AUTO;
		else if (strcmp(arg, "always") == 0)
			app->progress = PROGRESS_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			app->progress = PROGRESS_NEVER;
		else {
			log_error("--progress must be auto, always or never");
			return -1;
		}
		return 1;
	case OPT_RAW:
		app->raw = 1;
		return 1;
	case OPT_EXCEL:
		app->excel = 1;
		return 1;
	case OPT_VERSION:
		printf("mailfleet %s\n", MAILFLEET_VERSION);
		return 2;
	case OPT_TOKEN:
		log_error("tokens are never taken on the command line (they "
		    "would show in ps and shell history); use --token-file "
		    "FILE or MAILDOSO_TOKEN / COLDSEND_API_KEY");
		return -1;
	default:
		return 0;
	}
}

void
opts_describe_error(int c, char *const *argv, struct buf *out)
{
	const char	*s = optind > 0 ? argv[optind - 1] : "";
	size_t		 n;

	/* A long option is the word itself (up to any '='); a short one may
	 * sit inside a group ("-qZ"), so it is named by getopt's optopt. */
	if (strncmp(s, "--", 2) == 0 && (c == ':' || optopt == 0 ||
	    strchr(s, '=') != NULL)) {
		n = strcspn(s, "=");
		buf_printf(out, c == ':' ? "option \"%.*s\" needs a value" :
		    optopt == 0 ? "unknown option \"%.*s\"" :
		    "option \"%.*s\" takes no value", (int)n, s);
	} else if (c == ':')
		buf_printf(out, "option \"-%c\" needs a value", optopt);
	else if (optopt > ' ' && optopt < 127)
		buf_printf(out, "unknown option \"-%c\"", optopt);
	else
		buf_printf(out, "unknown option \"%s\"", s);
}

int
opts_handle(struct app *app, const struct command *cmd, int c,
    const char *arg, char *const *argv)
{
	struct buf	 why = BUF_INIT;
	int		 rc;

	switch (c) {
	case 'h':
		cmd_print_help(cmd, stdout);
		return EXIT_OK;
	case '?':
	case ':':
		opts_describe_error(c, argv, &why);
		rc = cmd_usage_error(cmd, "%s", buf_cstr(&why));
		buf_free(&why);
		return rc;
	}
	switch (opts_global(app, c, arg)) {
	case 1:
		return -1;
	case 2:
		return EXIT_OK;
	case 0:
		return cmd_usage_error(cmd, "unknown option");
	default:
		return EXIT_USAGE;
	}
}
