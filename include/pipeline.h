/*
 * pipeline.h - runs a write command: reader -> validator -> dispatcher ->
 * workers -> ordered writer, and everything around it (token, provider
 * checks, quota, summary, exit code).
 */
#ifndef MAILFLEET_PIPELINE_H
#define MAILFLEET_PIPELINE_H

#include <stddef.h>

#include "job.h"
#include "opts.h"

struct app;

/* What a write command was asked, parsed by its cmd_*.c file. */
struct run_opts {
	enum op		 op;
	enum kind	 kind;
	const char	*input;
	const char	*failed_path;	/* --failed FILE */
	const char	*rate;		/* --rate, NULL: provider default */
	int		 workers;	/* -j */
	size_t		 batch;		/* --batch, 0: default */
	int		 retries;
	size_t		 password_len;
	int		 new_passwords;
	int		 allow_partial;
	int		 dry_run;
	int		 yes;		/* delete: --yes */
	int		 resume;	/* --resume: go on from the journal */
	int		 restart;	/* --restart: set the journal aside */
	int		 no_journal;	/* --no-journal (benchmarks) */
	double		 job_timeout;	/* import --timeout, --interval */
	double		 job_interval;
	const char	*max_cost;	/* import --max-cost DOLLARS */
	int		 variations;	/* search --variations N */
	int		 available_only; /* search --available-only */
};

/* Zeroes o; the option tables' defaults are set by opts_parse(). */
void	run_opts_init(struct run_opts *o);

/* The options every command of the pipeline takes (write_opts.c): how
 * it sends (write_send_options, search's too), what a write does
 * (write_options), and the --password-length row of those that generate
 * passwords. */
extern const struct opt_spec write_send_options[];
extern const struct opt_spec write_options[];
extern const struct opt_spec write_password_options[];
/* import's --timeout and --interval: polling a provider's job. */
extern const struct opt_spec write_job_options[];
/* Parses a write command's options (cmd's tables) and KIND FILE operands
 * into o. Returns -1 to go on, else the exit code to return at once. */
struct command;
int	write_command_args(struct app *app, const struct command *cmd,
	    struct run_opts *o, int argc, char **argv);

/* The exit code of the command. */
int	run_write(struct app *app, struct run_opts *o);

#endif
