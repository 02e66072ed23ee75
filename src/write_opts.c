/*
 * write_opts.c - the options import, update and delete share (one table;
 * each command adds its own rows) and their KIND FILE operands.
 */
#include <unistd.h>

#include "cmd.h"
#include "opts.h"
#include "pipeline.h"
#include "password.h"
#include "retry.h"
#include "rules.h"
#include "validate.h"

const struct opt_spec write_send_options[] = {
	{ .name = "jobs", .letter = 'j', .type = OPT_INT, .min = 1, .max = 64,
	  .def = "4", .help = "worker threads",
	  OPT_AT(struct run_opts, workers) },
	{ .name = "rate", .type = OPT_RATE,
	  .help = "requests per time, shared by the workers (default: the "
	  "provider's)", OPT_AT(struct run_opts, rate) },
	{ .name = "batch", .type = OPT_INT, .min = 1, .max = 1000,
	  .help = "rows per request where the API takes arrays (default: the "
	  "provider's)", OPT_AT(struct run_opts, batch) },
	{ .name = "retries", .type = OPT_INT, .min = 0, .max = 100,
	  .def = OPT_NUM(RETRY_DEFAULT_RETRIES),
	  .help = "retries of transient failures",
	  OPT_AT(struct run_opts, retries) },
	OPT_END
};

const struct opt_spec write_options[] = {
	{ .name = "failed", .type = OPT_PATH,
	  .help = "also write the rows that did not succeed, in the input's "
	  "columns", OPT_AT(struct run_opts, failed_path) },
	{ .name = "allow-partial", .type = OPT_FLAG,
	  .help = "send what fits the quota",
	  OPT_AT(struct run_opts, allow_partial) },
	{ .name = "dry-run", .type = OPT_FLAG,
	  .help = "validate, look the rows up, check the quota, send nothing: "
	  "the plan goes to FILE.plan.csv", OPT_AT(struct run_opts, dry_run) },
	{ .name = "yes", .letter = 'y', .type = OPT_FLAG,
	  .help = "do not ask before deleting or buying (needed without a "
	  "terminal)",
	  OPT_AT(struct run_opts, yes) },
	{ .name = "resume", .type = OPT_FLAG,
	  .help = "go on after a crash or Ctrl-C: rows the journal "
	  "(RESULT.journal) has are not sent again; unanswered ones are "
	  "looked up first", OPT_AT(struct run_opts, resume) },
	{ .name = "restart", .type = OPT_FLAG,
	  .help = "start over; the old journal becomes .prev",
	  OPT_AT(struct run_opts, restart) },
	{ .name = "no-journal", .type = OPT_FLAG,
	  .help = "keep no journal (no --resume): benchmarks only",
	  OPT_AT(struct run_opts, no_journal) },
	OPT_END
};

const struct opt_spec write_password_options[] = {
	{ .name = "password-length", .type = OPT_INT, .min = PASSWORD_MIN,
	  .max = PASSWORD_MAX, .def = OPT_NUM(PASSWORD_DEFAULT_LEN),
	  .help = "length of generated passwords",
	  OPT_AT(struct run_opts, password_len) },
	OPT_END
};

const struct opt_spec write_job_options[] = {
	{ .name = "timeout", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "1800",
	  .help = "smtp-accounts: how long to follow ColdSend's import job; "
	  "rows it has not processed by then are reported with its progress",
	  OPT_AT(struct run_opts, job_timeout) },
	{ .name = "interval", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "5",
	  .help = "smtp-accounts: time between two reads of the job's "
	  "progress", OPT_AT(struct run_opts, job_interval) },
	OPT_END
};

int
write_command_args(struct app *app, const struct command *cmd,
    struct run_opts *o, int argc, char **argv)
{
	int	rc;

	if ((rc = opts_parse(cmd, app, o, argc, argv)) >= 0)
		return rc;
	if (argc - optind != 2)
		return cmd_usage_error(cmd, "needs KIND and FILE");
	if (kind_parse(argv[optind], &o->kind) < 0)
		return cmd_usage_error(cmd, "unknown kind \"%s\" (one of %s)",
		    argv[optind], kind_list());
	o->input = argv[optind + 1];
	return -1;
}
