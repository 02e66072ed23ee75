/*
 * opts.h - declared options, parsed in one place.
 *
 * Each command declares its options as tables of struct opt_spec (as tmux
 * declares options-table.c and curl its aliases[]): name, letter, type,
 * range or values, default, one help line and where the value goes. One
 * parser (opts_parse) reads any table and checks ranges, values and dates
 * there, so a command's run() never sees getopt; help, the man page and the
 * shell completions are generated from the same tables (help.c,
 * cmd_completion.c), so none of them can drift from what is parsed.
 *
 * Global options (opts_global[], values in struct app) may stand before the
 * command name or among its own options.
 */
#ifndef MAILFLEET_OPTS_H
#define MAILFLEET_OPTS_H

#include <stddef.h>

struct app;
struct buf;
struct command;

enum opt_type {
	OPT_FLAG,		/* no value */
	OPT_STRING,		/* any text */
	OPT_PATH,		/* a file name (completed as one) */
	OPT_INT,		/* a whole number in min..max */
	OPT_DURATION,		/* seconds: a plain decimal in 0..max */
	OPT_RATE,		/* N/s, N/m, N/h (lists, bursts) or off */
	OPT_ENUM,		/* one of values[] */
	OPT_DATE		/* a calendar date, YYYY-MM-DD */
};

/* Where a value is stored: the member's C type, found by OPT_AT. */
enum opt_to {
	OPT_TO_NONE,		/* nowhere: the spec's set() takes it */
	OPT_TO_INT,		/* FLAG 1, INT, ENUM: the value's index */
	OPT_TO_LONG,
	OPT_TO_SIZE,
	OPT_TO_DOUBLE,		/* DURATION, INT */
	OPT_TO_STR		/* the text (ENUM: the value, a static) */
};

/* The member m of struct type st receives the value: its offset, and its
 * C type (a member of any other type does not compile). */
#define OPT_AT(st, m)							\
	.off = offsetof(st, m),						\
	.to = _Generic(((st *)0)->m,					\
	    int: OPT_TO_INT, long: OPT_TO_LONG, size_t: OPT_TO_SIZE,	\
	    double: OPT_TO_DOUBLE, const char *: OPT_TO_STR)

/* What a set() handler sees of the parse. */
struct opt_ctx {
	const struct command	*cmd;	/* NULL before the command name */
	struct app		*app;
	void			*own;	/* the command's options struct */
};

struct opt_spec;

/*
 * A spec's own handler, called with a value already checked against the
 * type (instead of storing it, or after, when the spec has both): 0 taken,
 * 1 stop with exit 0 (--help, --version printed), -1 refused with a
 * message in why (empty: the parser's "must be" form).
 */
typedef int (*opt_set_fn)(const struct opt_ctx *ctx,
    const struct opt_spec *spec, const char *arg, struct buf *why);

struct opt_spec {
	const char		*name;		/* long name, without "--" */
	char			 letter;	/* short name; 0: none */
	enum opt_type		 type;
	const char		*arg;		/* the value's name in help;
						   NULL: from the type */
	long			 min, max;	/* INT: range; DURATION: max */
	const char *const	*values;	/* ENUM: NULL-terminated; STRING:
						   completion words */
	const char		*def;		/* set before parsing, shown in
						   help; NULL: none */
	const char		*help;		/* one line; NULL: hidden */
	size_t			 off;		/* OPT_AT */
	enum opt_to		 to;
	opt_set_fn		 set;		/* NULL: store only */
};

/* A number macro as a default's text: OPT_NUM(RETRY_DEFAULT_RETRIES). */
#define OPT_XSTR(x)	#x
#define OPT_NUM(x)	OPT_XSTR(x)

/* Ends a table. */
#define OPT_END		{ .name = NULL }

extern const struct opt_spec opts_global[];

/* --timeout and --interval of the commands that poll (wait, push): their
 * options struct begins with a struct poll_opts. */
struct poll_opts {
	double	timeout;		/* seconds */
	double	interval;
};
extern const struct opt_spec poll_options[];

/*
 * Parses argv (argv[0] is the command's name, or the program's when cmd is
 * NULL) against cmd's tables (values into own) and the global table
 * (values into app; a global shadowed by a command option of the same name
 * is the command's). With cmd NULL, only globals, stopping at the first
 * operand. Defaults: the command's tables' before parsing; the globals' in
 * the pass before the command name. Errors are named on one line, then the
 * usage (exit 64). Returns -1 to go on (operands from optind), else the
 * exit code to return at once (0 after --help or --version).
 */
int	opts_parse(const struct command *cmd, struct app *app, void *own,
	    int argc, char **argv);

/* Calls fn for every visible option of cmd (its tables, then the globals
 * it does not shadow); cmd NULL: the globals. */
void	opts_each(const struct command *cmd, int globals,
	    void (*fn)(void *arg, const struct opt_spec *s), void *arg);

/* The value's name for help: "N", "SECS", "a|b|c"... ("" for a flag). */
const char *opts_arg_name(const struct opt_spec *s, struct buf *tmp);

/* 0 when the spec is well formed (its type can go where it is stored). */
int	opts_spec_check(const struct opt_spec *s);

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

/* getopt returned c ('?' or ':'): one line naming the option, e.g.
 * unknown option "--bogus", into out. */
void	opts_describe_error(int c, char *const *argv, struct buf *out);

#endif
