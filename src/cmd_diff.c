/*
 * cmd_diff.c - `mailfleet diff OLD.csv NEW.csv [--key COLUMN]`: rows
 * added, removed and changed between two snapshots (diff.c), as a CSV and
 * a one-line summary. Exit 0 when identical, 1 when they differ.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csv_out.h"
#include "diff.h"
#include "iopaths.h"
#include "log.h"
#include "opts.h"

extern const struct command cmd_diff;

static int
run(struct app *app, int argc, char **argv)
{
	static const struct option	 own[] = {
		{ "key", required_argument, NULL, OPT_COMMAND + 0 },
		{ "max-memory", required_argument, NULL, OPT_COMMAND + 1 },
		{ NULL, 0, NULL, 0 }
	};
	struct option		*longopts = opts_merge(own);
	struct diff_opts	 o;
	struct diff_result	 res;
	const char		*out;
	char			 err[1024], *end;
	unsigned long		 mib;
	int			 c, rc;

	memset(&o, 0, sizeof o);
	while ((c = getopt_long(argc, argv, CMD_SHORTOPTS(""), longopts,
	    NULL)) != -1) {
		if (c == OPT_COMMAND + 0)
			o.key = optarg;
		else if (c == OPT_COMMAND + 1) {
			errno = 0;
			mib = strtoul(optarg, &end, 10);
			if (end == optarg || *end != '\0' || errno != 0 ||
			    mib < 1 || mib > 1048576) {
				free(longopts);
				return cmd_usage_error(&cmd_diff,
				    "--max-memory takes MiB, 1-1048576");
			}
			o.max_memory = (size_t)mib << 20;
		} else if ((rc = opts_handle(app, &cmd_diff, c, optarg,
		    argv)) >= 0) {
			free(longopts);
			return rc;
		}
	}
	free(longopts);
	if (argc - optind != 2)
		return cmd_usage_error(&cmd_diff, "diff OLD.csv NEW.csv");
	o.delim = app->delimiter;
	o.out_flags = (app->raw ? CSV_OUT_RAW : 0) |
	    (app->excel ? CSV_OUT_EXCEL : 0) | CSV_OUT_SECRET;
	out = app->output ? app->output : "-";
	if (io_output_not_input(argv[optind], out, err, sizeof err) < 0 ||
	    io_output_not_input(argv[optind + 1], out, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_USAGE;
	}
	rc = diff_files(argv[optind], argv[optind + 1], &o, out, &res, err,
	    sizeof err);
	if (rc != 0) {
		log_error("%s", err);
		return rc;
	}
	if (res.skipped > 0)
		log_warn("diff: %ld rows without a key (or broken) left out",
		    res.skipped);
	fprintf(strcmp(out, "-") == 0 ? stderr : stdout,
	    "diff: %ld added, %ld removed, %ld changed, %ld unchanged (%s)\n",
	    res.added, res.removed, res.changed, res.same, res.streamed ?
	    "both sorted by key: streamed" : "not sorted: OLD held in memory");
	return res.added || res.removed || res.changed ? 1 : EXIT_OK;
}

const struct command cmd_diff = {
	.name = "diff",
	.summary = "compare two CSV snapshots: rows added, removed, changed",
	.usage =
	    "usage: mailfleet diff OLD.csv NEW.csv [--key COLUMN]\n"
	    "         [--max-memory MiB] [-o OUT]\n"
	    "\n"
	    "Matches rows by the key column (default email; any header form,\n"
	    "e.g. email_account; keys compare without regard to case, keys\n"
	    "of digits as numbers; other columns by their own names, never\n"
	    "by alias) and writes one row per difference:\n"
	    "change (added, removed, changed), the key, changed_columns (the\n"
	    "columns that differ, ';'-joined), then the row (NEW's values;\n"
	    "OLD's for removed rows), to standard output or -o OUT (mode\n"
	    "0600: snapshots may hold passwords). A one-line summary follows\n"
	    "(on standard error when the CSV goes to standard output).\n"
	    "\n"
	    "When both files are sorted by the key (a first pass reading only\n"
	    "the keys checks) they are merged in constant memory; otherwise\n"
	    "OLD is held in memory, at most --max-memory MiB (default 256),\n"
	    "and NEW streamed against it. A key twice in a file is an error.\n"
	    "Exit 0 when identical, 1 when they differ (like diff), 65 on a\n"
	    "duplicate key or a missing key column.\n",
	.run = run
};
