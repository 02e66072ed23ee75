/*
 * opts.h - the options every command shares, parsed in one place.
 *
 * Global options may stand before the command name or among its own
 * options. Each command passes its own `struct option` table; opts_merge()
 * adds the global ones, and opts_global() handles their codes.
 */
#ifndef MAILFLEET_OPTS_H
#define MAILFLEET_OPTS_H

#include <getopt.h>

struct app;

/* Long-only option codes: globals 256.., commands use 512.. */
enum {
	OPT_PROVIDER = 256,
	OPT_API_URL,
	OPT_TOKEN_FILE,
	OPT_DELIMITER,
	OPT_PROGRESS,
	OPT_VERSION,
	OPT_RAW,
	OPT_EXCEL,
	OPT_TOKEN,		/* refused: tokens never go on the command line */
	OPT_MAX_WAIT,
	OPT_COMMAND = 512
};

#define GLOBAL_SHORTOPTS	"o:qvh"
/* A command's getopt string: ':' first, so a missing value comes back as
 * ':' (not '?') and getopt prints nothing of its own. */
#define CMD_SHORTOPTS(own)	":" own GLOBAL_SHORTOPTS

extern const struct option global_options[];

/* Returns a new table: cmd's options, then the global ones. Caller frees. */
struct option *opts_merge(const struct option *cmd);

/* Option values, one parser each (0, or -1 when s is not one):
 * a whole number in lo..hi; */
int	opts_parse_long(const char *s, long lo, long hi, long *out);
/* Longest duration an option takes (a year). */
#define OPTS_SECONDS_MAX	31536000.0
/* seconds, a plain decimal in 0..hi (no sign, nan, inf, hex, exponent); */
int	opts_parse_seconds(const char *s, double hi, double *out);
/* a real calendar date YYYY-MM-DD (leap years by the Gregorian rules):
 * 1 when it is one. */
int	opts_is_date(const char *s);

/* Handles a global option. 1 handled, 2 handled and the program should
 * stop with 0 (--version), 0 not global, -1 bad value (message printed). */
int	opts_global(struct app *app, int c, const char *arg);

/*
 * For a command's getopt loop (optstring from CMD_SHORTOPTS): handles -h,
 * getopt's errors (named, then the usage) and the global options. Returns
 * -1 when the option was taken and parsing goes on, else the exit code the
 * command should return at once (0 after --help).
 */
struct command;
int	opts_handle(struct app *app, const struct command *cmd, int c,
	    const char *arg, char *const *argv);

/* getopt returned c ('?' or ':'): one line naming the option, e.g.
 * unknown option "--bogus", into out. */
struct buf;
void	opts_describe_error(int c, char *const *argv, struct buf *out);

#endif
