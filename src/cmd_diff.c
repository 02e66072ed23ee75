/*
 * cmd_diff.c - `mailfleet diff OLD.csv NEW.csv [--key COLUMN]`: rows
 * added, removed and changed between two snapshots (diff.c), as a CSV and
 * a one-line summary. Exit 0 when identical, 1 when they differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "csv_out.h"
#include "diff.h"
#include "iopaths.h"
#include "log.h"
#include "opts.h"

extern const struct command cmd_diff;

struct diff_args {
	const char	*key;
	long		 mib;		/* --max-memory; 0: the default */
};

static const struct opt_spec diff_own[] = {
	{ .name = "key", .type = OPT_STRING, .arg = "COLUMN",
	  .help = "the key column (default email)",
	  OPT_AT(struct diff_args, key) },
	{ .name = "max-memory", .type = OPT_INT, .arg = "MiB", .min = 1,
	  .max = 1048576,
	  .help = "most memory OLD may take when the files are not sorted "
	  "by the key (default 256)", OPT_AT(struct diff_args, mib) },
	OPT_END
};

static const struct opt_spec *const diff_options[] = { diff_own, NULL };

static int
run(struct app *app, int argc, char **argv)
{
	struct diff_args	 a = { NULL, 0 };
	struct diff_opts	 o;
	struct diff_result	 res;
	const char		*out;
	char			 err[1024];
	int			 rc;

	if ((rc = opts_parse(&cmd_diff, app, &a, argc, argv)) >= 0)
		return rc;
	memset(&o, 0, sizeof o);
	o.key = a.key;
	o.max_memory = (size_t)a.mib << 20;
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
	.args = "OLD.csv NEW.csv",
	.about =
	    "Matches rows by the key column (any header form, e.g.\n"
	    "email_account; keys compare without regard to case, keys of\n"
	    "digits as numbers; other columns by their own names, never by\n"
	    "alias) and writes one row per difference: change (added,\n"
	    "removed, changed), the key, changed_columns (the columns that\n"
	    "differ, ';'-joined), then the row (NEW's values; OLD's for\n"
	    "removed rows), to standard output or -o OUT (mode 0600:\n"
	    "snapshots may hold passwords). A one-line summary follows (on\n"
	    "standard error when the CSV goes to standard output).\n"
	    "\n"
	    "When both files are sorted by the key (a first pass reading only\n"
	    "the keys checks) they are merged in constant memory; otherwise\n"
	    "OLD is held in memory and NEW streamed against it. A key twice\n"
	    "in a file is an error. Exit 0 when identical, 1 when they differ\n"
	    "(like diff), 65 on a duplicate key or a missing key column.\n",
	.opts = diff_options,
	.run = run
};
