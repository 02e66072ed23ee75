/*
 * cmd_search.c - `mailfleet search domains FILE`: which names can be
 * registered, and their variations (the provider's search operation).
 */
#include "cmd.h"
#include "opts.h"
#include "pipeline.h"

extern const struct command cmd_search;

static int
run(struct app *app, int argc, char **argv)
{
	struct run_opts	o;
	int		rc;

	run_opts_init(&o);
	o.op = OP_SEARCH;
	o.no_journal = 1;	/* it changes nothing: run it again */
	if ((rc = write_command_args(app, &cmd_search, &o, argc, argv)) >= 0)
		return rc;
	return run_write(app, &o);
}

static const struct opt_spec search_own[] = {
	{ .name = "variations", .type = OPT_INT, .min = 0, .max = 100,
	  .def = "0", .arg = "N",
	  .help = "also up to N variations of each name (other TLDs...); "
	  "with N > 0 a name may lack its TLD", OPT_AT(struct run_opts,
	  variations) },
	{ .name = "available-only", .type = OPT_FLAG,
	  .help = "write only the rows that can be registered",
	  OPT_AT(struct run_opts, available_only) },
	OPT_END
};

static const struct opt_spec *const search_options[] = {
	write_send_options, search_own, NULL };

const struct command cmd_search = {
	.name = "search",
	.summary = "which domains a CSV names can be registered, with "
	    "variations",
	.args = "KIND FILE",
	.about =
	    "Writes RESULT (-o; default FILE.search.csv): one row per name the\n"
	    "provider answered - each input row's own name, then its\n"
	    "variations, after it - with the name in the domain column,\n"
	    "requested (the input name), status (available, unavailable,\n"
	    "invalid, failed), error, available and search_status as the\n"
	    "provider said, and price (the price list's for one more\n"
	    "domain). The file is an input for `import domains` as it is:\n"
	    "with --available-only, or keep the rows whose status is\n"
	    "available. Sends no change, keeps no journal: to go on, run it\n"
	    "again.\n"
	    "\n"
	    "Exit: 0 every name answered (available or not), 2 some rows\n"
	    "invalid or failed, 3 aborted, 64 usage, 65 unreadable file.\n",
	.opts = search_options,
	/* the kinds: from the providers' operation tables */
	.run = run
};
