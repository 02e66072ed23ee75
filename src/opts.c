/*
 * opts.c - the options every command shares.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "http.h"
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
	{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
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
opts_parse_long(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
opts_parse_seconds(const char *s, double hi, double *out)
{
	size_t	digits = strspn(s, "0123456789"), frac = 0;
	char	*end;
	double	 v;

	/* Plain decimals only: strtod would also take nan, inf, -1, hex and
	 * exponents. */
	if (s[digits] == '.')
		frac = strspn(s + digits + 1, "0123456789");
	if ((digits == 0 && frac == 0) ||
	    s[digits + (s[digits] == '.' ? 1 + frac : 0)] != '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v >= 0 && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int
opts_is_date(const char *s)
{
	static const char	pat[] = "dddd-dd-dd";
	static const int	mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			y, m, d, leap;
	size_t			i;

	for (i = 0; i < sizeof pat - 1; i++)
		if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	if (s[i] != '\0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || leap;
}

int
opts_global(struct app *app, int c, const char *arg)
{
	char	err[256];

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
		/* Here, so that every command refuses it before any request. */
		if (http_url_check(arg, err, sizeof err) < 0) {
			if (strchr(arg, '@') != NULL)	/* may hold a password */
				log_error("--api-url: %s", err);
			else
				log_error("--api-url \"%s\": %s", arg, err);
			return -1;
		}
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
	case OPT_MAX_WAIT:
		if (opts_parse_seconds(arg, OPTS_SECONDS_MAX,
		    &app->max_wait) < 0) {
			log_error("--max-wait takes seconds, 0-%.0f (not "
			    "\"%s\")", OPTS_SECONDS_MAX, arg);
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
