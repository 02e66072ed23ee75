/*
 * cmd_import.c - `mailfleet import KIND FILE`: create what the rows name.
 */
#include <stdlib.h>

#include "cmd.h"
#include "opts.h"
#include "pipeline.h"
#include "validate.h"

extern const struct command cmd_import;

/* The options every write command shares (codes in run_opts_parse). */
static const struct option write_options[] = {
	{ "jobs", required_argument, NULL, 'j' },
	{ "rate", required_argument, NULL, OPT_COMMAND + 0 },
	{ "batch", required_argument, NULL, OPT_COMMAND + 1 },
	{ "retries", required_argument, NULL, OPT_COMMAND + 2 },
	{ "password-length", required_argument, NULL, OPT_COMMAND + 3 },
	{ "failed", required_argument, NULL, OPT_COMMAND + 4 },
	{ "allow-partial", no_argument, NULL, OPT_COMMAND + 5 },
	{ "dry-run", no_argument, NULL, OPT_COMMAND + 6 },
	{ "new-passwords", no_argument, NULL, OPT_COMMAND + 7 },
	{ "yes", no_argument, NULL, 'y' },
	{ "resume", no_argument, NULL, OPT_COMMAND + 8 },
	{ "restart", no_argument, NULL, OPT_COMMAND + 9 },
	{ "no-journal", no_argument, NULL, OPT_COMMAND + 10 },
	{ NULL, 0, NULL, 0 }
};

/* Parses a write command's options and its KIND FILE operands. */
int
write_command_args(struct app *app, const struct command *cmd,
    struct run_opts *o, int argc, char **argv)
{
	struct option	*longopts = opts_merge(write_options);
	int		 c, rc;

	while ((c = getopt_long(argc, argv, CMD_SHORTOPTS("j:y"), longopts,
	    NULL)) != -1) {
		switch (run_opts_parse(o, c, optarg)) {
		case 1:
			continue;
		case -1:
			free(longopts);
			return EXIT_USAGE;
		}
		if ((rc = opts_handle(app, cmd, c, optarg, argv)) >= 0) {
			free(longopts);
			return rc;
		}
	}
	free(longopts);
	if (argc - optind != 2)
		return cmd_usage_error(cmd, "needs KIND and FILE");
	if (kind_parse(argv[optind], &o->kind) < 0)
		return cmd_usage_error(cmd, "unknown kind \"%s\" (one of %s)",
		    argv[optind], kind_list());
	o->input = argv[optind + 1];
	return -1;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_CREATE;
	if ((rc = write_command_args(app, &cmd_import, &o, argc, argv)) >= 0)
		return rc;
	return run_write(app, &o);
}

const struct command cmd_import = {
	.name = "import",
	.summary = "create the domains, accounts or inboxes a CSV lists",
	.usage =
	    "usage: mailfleet import KIND FILE [-j N] [--rate R] [--batch N]\n"
	    "         [--retries N] [--password-length N] [--failed FILE]\n"
	    "         [--allow-partial] [--dry-run] [--resume | --restart]\n"
	    "         [--no-journal] [-o RESULT]\n"
	    "\n"
	    "KIND: domains (Maildoso buy / ColdSend add), external-domains,\n"
	    "accounts (Maildoso), sender-accounts (ColdSend native inboxes),\n"
	    "forwarding. Writes RESULT (default FILE.result.csv, mode 0600):\n"
	    "the input columns, status, error, http_status, attempts and the\n"
	    "created ids and credentials, in input order.\n"
	    "\n"
	    "  -j, --jobs N          worker threads, 1-64 (default 4)\n"
	    "  --rate N/s|N/m        shared request rate (default: provider's)\n"
	    "  --batch N             rows per request where the API takes arrays\n"
	    "  --retries N           retries of transient failures (default 5)\n"
	    "  --password-length N   generated passwords, 12-64 (default 16)\n"
	    "  --failed FILE         also write the rows that did not succeed\n"
	    "  --allow-partial       send what fits the quota\n"
	    "  --dry-run             validate, check the quota, send nothing\n"
	    "  --resume              go on after a crash or Ctrl-C: rows the\n"
	    "                        journal (RESULT.journal) has are not sent\n"
	    "                        again; unanswered ones are looked up first\n"
	    "  --restart             start over; the old journal becomes .prev\n"
	    "  --no-journal          no journal (no --resume): benchmarks only\n"
	    "\n"
	    "Exit: 0 all rows done, 2 some rows failed or invalid, 3 aborted,\n"
	    "64 usage, 65 unreadable file, 130 interrupted.\n",
	.run = run
};
