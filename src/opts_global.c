/*
 * opts_global.c - the options every command takes (struct app), declared
 * once: before the command name or among the command's own options.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "http.h"
#include "log.h"
#include "opts.h"

static int
set_api_url(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	char	err[256];

	(void)ctx;
	(void)s;
	/* Here, so that every command refuses it before any request. */
	if (http_url_check(arg, err, sizeof err) == 0)
		return 0;
	if (strchr(arg, '@') != NULL)		/* may hold a password */
		buf_printf(why, "--api-url: %s", err);
	else
		buf_printf(why, "--api-url \"%s\": %s", arg, err);
	return -1;
}

static int
set_delimiter(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	static const char *const names[] = { "tab", "\\t", "\t", ",", "comma",
	    ";", "semicolon", "|", "pipe" };
	static const char	 chars[] = "\t\t\t,,;;||";
	size_t			 i;

	(void)s;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(arg, names[i]) == 0) {
			ctx->app->delimiter = chars[i];
			return 0;
		}
	buf_puts(why, "--delimiter must be , ; tab or |");
	return -1;
}

static int
set_level(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	(void)ctx;
	(void)arg;
	(void)why;
	log_set_level(s->letter == 'q' ? LOG_QUIET : LOG_VERBOSE);
	return 0;
}

static int
set_progress(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	int	i;

	(void)why;
	for (i = 0; strcmp(s->values[i], arg) != 0; i++)
		;	/* the parser checked arg is one of them */
	ctx->app->progress = (enum progress_mode)i;
	return 0;
}

static int
show_version(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	(void)ctx;
	(void)s;
	(void)arg;
	(void)why;
	printf("mailfleet %s\n", MAILFLEET_VERSION);
	return 1;
}

static int
show_help(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	(void)s;
	(void)arg;
	(void)why;
	cmd_print_help(ctx->cmd, stdout);
	return 1;
}

static int
refuse_token(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	(void)ctx;
	(void)s;
	(void)arg;
	buf_puts(why, "tokens are never taken on the command line (they "
	    "would show in ps and shell history); use --token-file FILE or "
	    "MAILDOSO_TOKEN / COLDSEND_API_KEY");
	return -1;
}

static const char *const providers[] = { "maildoso", "coldsend", NULL };
/* In the order of enum progress_mode. */
static const char *const progress_modes[] = { "auto", "always", "never",
	NULL };
static const char *const delimiters[] = { ",", ";", "tab", "|", NULL };

const struct opt_spec opts_global[] = {
	{ .name = "provider", .type = OPT_ENUM, .values = providers,
	  .def = "maildoso", .help = "the provider",
	  OPT_AT(struct app, provider) },
	{ .name = "api-url", .type = OPT_STRING, .arg = "URL",
	  .help = "the provider's base URL (e.g. the sandbox's)",
	  OPT_AT(struct app, api_url), .set = set_api_url },
	{ .name = "token-file", .type = OPT_PATH,
	  .help = "read the API token from FILE (otherwise MAILDOSO_TOKEN / "
	  "COLDSEND_API_KEY; never argv)", OPT_AT(struct app, token_file) },
	{ .name = "output", .letter = 'o', .type = OPT_PATH,
	  .help = "the result file ('-': standard output)",
	  OPT_AT(struct app, output) },
	{ .name = "delimiter", .type = OPT_STRING, .arg = "D",
	  .values = delimiters,
	  .help = "input delimiter: , ; tab or | (default: detected)",
	  .set = set_delimiter },
	{ .name = "raw", .type = OPT_FLAG,
	  .help = "do not guard cells against formulas",
	  OPT_AT(struct app, raw) },
	{ .name = "excel", .type = OPT_FLAG,
	  .help = "write a BOM and CRLF line ends", OPT_AT(struct app, excel) },
	{ .name = "quiet", .letter = 'q', .type = OPT_FLAG,
	  .help = "errors only", OPT_AT(struct app, quiet), .set = set_level },
	{ .name = "verbose", .letter = 'v', .type = OPT_FLAG,
	  .help = "the requests too (Authorization redacted)",
	  OPT_AT(struct app, verbose), .set = set_level },
	{ .name = "progress", .type = OPT_ENUM, .values = progress_modes,
	  .def = "auto", .help = "a progress line on standard error",
	  .set = set_progress },
	{ .name = "max-wait", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX,
	  .help = "stop (exit 3; --resume goes on) rather than wait longer "
	  "for the provider's rate limit", OPT_AT(struct app, max_wait) },
	{ .name = "version", .type = OPT_FLAG, .help = "print the version",
	  .set = show_version },
	{ .name = "help", .letter = 'h', .type = OPT_FLAG,
	  .help = "describe the command", .set = show_help },
	/* Refused by name: a token on the command line shows in ps. */
	{ .name = "token", .type = OPT_STRING, .set = refuse_token },
	{ .name = "api-key", .type = OPT_STRING, .set = refuse_token },
	OPT_END
};
