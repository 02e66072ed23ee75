/*
 * cmd.h - the command table and the options every command shares.
 *
 * Each command lives in src/cmd_<name>.c and exports one `const struct
 * command`; src/cmd.c lists them in cmd_table[]. `help` is generated from the
 * table so usage text cannot drift from the code.
 */
#ifndef MAILFLEET_CMD_H
#define MAILFLEET_CMD_H

#include <stdio.h>

/* Exit codes (README "Exit codes"). */
enum exit_code {
	EXIT_OK = 0,		/* every row succeeded or already existed */
	EXIT_ROWS = 2,		/* some rows invalid or failed */
	EXIT_ABORTED = 3,	/* auth, quota, too many failures */
	EXIT_USAGE = 64,	/* EX_USAGE */
	EXIT_DATA = 65,		/* EX_DATAERR: the file as a whole is unreadable */
	EXIT_NOINPUT = 66,	/* EX_NOINPUT: the input cannot be opened */
	EXIT_IO = 74,		/* EX_IOERR: cannot write the result */
	EXIT_INTERRUPTED = 130
};

enum progress_mode { PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_NEVER };

/* Options parsed before the command name; shared by every command. */
struct read_memo;

struct app {
	const char	*argv0;
	const char	*provider;	/* "maildoso" (default) or "coldsend" */
	const char	*api_url;	/* NULL: the provider's default */
	const char	*token_file;	/* NULL: from the environment */
	const char	*output;	/* -o; NULL: the command's default */
	char		 delimiter;	/* 0: detect from the header line */
	int		 quiet;
	int		 verbose;
	enum progress_mode progress;
	int		 raw;		/* --raw: no formula guard */
	int		 excel;		/* --excel: BOM + CRLF */
	double		 max_wait;	/* --max-wait seconds; < 0: none */
	struct read_memo *memo;		/* apply: stable reads kept for its
					   phases (read_memo.h); else NULL */
};

struct opt_spec;

/*
 * A command: its name, its operands and what it does (for the usage line,
 * `help` and the man page), its option tables and run(). run() gets argv
 * with argv[0] the command's name; commands with options call
 * opts_parse(cmd, app, &their_options, argc, argv) first.
 */
struct command {
	const char	*name;
	const char	*summary;	/* one line for `mailfleet help` */
	const char	*args;		/* operands: "KIND FILE" */
	const char	*about;		/* a paragraph for --help and the man
					   page; options are listed from opts */
	const struct opt_spec *const *opts;	/* NULL-terminated tables */
	const char *const *kinds;	/* words the first operand takes, for
					   the completions; NULL: a file, or
					   for a write command (named as
					   op_name() says: import, update,
					   delete) the kinds of the providers'
					   operation tables (operation.h) */
	int		(*run)(struct app *app, int argc, char **argv);
};

extern const struct command *const cmd_table[];

const struct command *cmd_find(const char *name);
/* The kinds import and check take (as kind_parse reads them). */
extern const char *const cmd_all_kinds[];

/* Generated from the tables (help.c): `mailfleet help`, `COMMAND --help`
 * (cmd NULL: the former) and the man page. */
void	cmd_print_usage(FILE *fp);
void	cmd_print_help(const struct command *cmd, FILE *fp);
void	cmd_print_man(FILE *fp);
int	cmd_usage_error(const struct command *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
