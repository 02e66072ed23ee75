/*
 * cmd_check.c - `mailfleet check KIND FILE`: offline validation.
 *
 * Reads FILE, validates every row for KIND and writes the result CSV: every
 * input column, then `status` (valid / invalid) and `error`, in input order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "iopaths.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "validate.h"
#include "xmalloc.h"

#define SHOW_ERRORS	10

extern const struct command cmd_check;

struct check_out {
	struct csv_writer	*w;
	const char		**cells;
	size_t			*lens;
	size_t			 ncols;		/* input columns */
};

/* Writes the row's input cells (padded or cut to the header) + status +
 * error. */
static int
write_row(struct check_out *o, const struct csv_row *row, const char *status,
    const char *error, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < o->ncols; i++) {
		o->cells[i] = i < row->nfields ? row->fields[i] : "";
		o->lens[i] = i < row->nfields ? row->lens[i] : 0;
	}
	o->cells[o->ncols] = status;
	o->lens[o->ncols] = strlen(status);
	o->cells[o->ncols + 1] = error;
	o->lens[o->ncols + 1] = strlen(error);
	return csv_writer_rowl(o->w, o->cells, o->lens, o->ncols + 2, err,
	    errlen);
}

/*
 * The input and its validator: exit 65/66 (nothing left open) when the
 * file cannot be read as a whole, else -1. A regular file is read twice:
 * the first pass finds duplicates on disk, so memory does not grow with
 * the file (anything else, or a failed first pass, leaves them to memory;
 * the second pass reports any read error).
 */
static int
open_input(struct app *app, enum kind kind, const char *path,
    struct csv_reader **rp, struct validator *v)
{
	const struct csv_row	*hdr;
	const struct operation	*entry;
	char			 err[1024];
	long			 prows, pvalid;	/* the first pass counts */

	*rp = csv_reader_open(path, app->delimiter, err, sizeof err);
	if (*rp == NULL) {
		log_error("%s", err);
		/* Not by the message's words: the path may hold them. */
		return csv_input_openable(path) ? EXIT_DATA : EXIT_NOINPUT;
	}
	hdr = csv_reader_header(*rp);
	/* The checks of the provider's create of this kind. */
	entry = provider_operation(provider_find(app->provider), OP_CREATE,
	    kind);
	if (validator_init(v, kind, entry != NULL ? entry->validate &
	    VALIDATE_BUYING : 0,
	    (const char *const *)hdr->fields, hdr->nfields, err,
	    sizeof err) < 0) {
		log_error("%s: %s", csv_reader_path(*rp), err);
		csv_reader_close(*rp);
		*rp = NULL;
		return EXIT_DATA;
	}
	(void)validator_prescan(v, path, app->delimiter, &prows, &pvalid, err,
	    sizeof err);
	return -1;
}

/* The result file, its header written: the input's columns, then status
 * and error (named apart from the input's). 0, or -1 with err. */
static int
open_output(struct app *app, struct csv_reader *r, const struct validator *v,
    const char *outpath, struct check_out *o, char *err, size_t errlen)
{
	const struct csv_row	*hdr = csv_reader_header(r);
	char			*status_col, *error_col;
	int			 flags, rc;

	flags = (v->map.idx[COL_PASSWORD] != COL_NONE ? CSV_OUT_SECRET : 0) |
	    (app->raw ? CSV_OUT_RAW : 0) | (app->excel ? CSV_OUT_EXCEL : 0);
	o->w = csv_writer_open(outpath, csv_reader_delim(r), flags, err,
	    errlen);
	if (o->w == NULL)
		return -1;
	o->ncols = hdr->nfields;
	o->cells = xcalloc(o->ncols + 2, sizeof *o->cells);
	o->lens = xcalloc(o->ncols + 2, sizeof *o->lens);
	status_col = col_unique_name((const char *const *)hdr->fields,
	    hdr->nfields, "status");
	error_col = col_unique_name((const char *const *)hdr->fields,
	    hdr->nfields, "error");
	memcpy(o->cells, hdr->fields, o->ncols * sizeof *o->cells);
	memcpy(o->lens, hdr->lens, o->ncols * sizeof *o->lens);
	o->cells[o->ncols] = status_col;
	o->lens[o->ncols] = strlen(status_col);
	o->cells[o->ncols + 1] = error_col;
	o->lens[o->ncols + 1] = strlen(error_col);
	rc = csv_writer_rowl(o->w, o->cells, o->lens, o->ncols + 2, err,
	    errlen);
	free(status_col);		/* written: rows overwrite the cells */
	free(error_col);
	return rc;
}

/*
 * Every row validated into the result, which is committed; the first
 * SHOW_ERRORS invalid rows said. Returns the exit code.
 */
static int
check_rows(struct csv_reader *r, struct validator *v, struct check_out *o,
    const char *outpath)
{
	struct csv_row	*row;
	struct record	 rec;
	char		 err[1024];
	long		 nrows = 0, nvalid = 0, ninvalid = 0;
	int		 rc;

	record_init(&rec);
	while ((rc = csv_reader_next(r, &row, err, sizeof err)) == 1) {
		nrows++;
		if (validator_check(v, row, &rec) == 0) {
			nvalid++;
			rc = write_row(o, row, "valid", "", err, sizeof err);
		} else {
			if (++ninvalid <= SHOW_ERRORS)
				log_info("%s:%ld: %s", csv_reader_path(r),
				    row->line, buf_cstr(&rec.error));
			rc = write_row(o, row, "invalid", buf_cstr(&rec.error),
			    err, sizeof err);
		}
		if (rc < 0)
			break;
	}
	record_free(&rec);
	if (rc < 0)
		goto ioerr;
	if (ninvalid > SHOW_ERRORS)
		log_info("... and %ld more invalid rows", ninvalid -
		    SHOW_ERRORS);
	rc = csv_writer_commit(o->w, err, sizeof err);
	o->w = NULL;
	if (rc < 0)
		goto ioerr;
	log_info("%s: %ld rows, %ld valid, %ld invalid; result: %s",
	    csv_reader_path(r), nrows, nvalid, ninvalid,
	    strcmp(outpath, "-") == 0 ? "standard output" : outpath);
	return ninvalid > 0 ? EXIT_ROWS : EXIT_OK;
ioerr:
	log_error("%s", err);
	csv_writer_abort(o->w);
	o->w = NULL;
	return EXIT_IO;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct csv_reader		*r = NULL;
	struct validator		 v;
	struct check_out		 o = { 0 };
	enum kind			 kind;
	const char			*path;
	char				 err[1024], *outpath = NULL;
	int				 rc;

	if ((rc = opts_parse(&cmd_check, app, NULL, argc, argv)) >= 0)
		return rc;
	if (argc - optind != 2)
		return cmd_usage_error(&cmd_check, "needs KIND and FILE");
	if (kind_parse(argv[optind], &kind) < 0)
		return cmd_usage_error(&cmd_check, "unknown kind \"%s\" "
		    "(one of %s)", argv[optind], kind_list());
	path = argv[optind + 1];
	if ((rc = open_input(app, kind, path, &r, &v)) >= 0)
		return rc;
	outpath = csv_result_path(app->output, path, ".check.csv");
	if (io_output_not_input(path, outpath, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_USAGE;
	} else if (open_output(app, r, &v, outpath, &o, err, sizeof err) < 0) {
		log_error("%s", err);
		csv_writer_abort(o.w);
		rc = EXIT_IO;
	} else
		rc = check_rows(r, &v, &o, outpath);
	validator_free(&v);
	csv_reader_close(r);
	free(o.cells);
	free(o.lens);
	free(outpath);
	return rc;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "validate a CSV offline and write a result CSV",
	.args = "KIND FILE",
	.about =
	    "KIND is domains, external-domains, accounts, forwarding or\n"
	    "sender-accounts. Validates every row without any network call and\n"
	    "writes RESULT (-o; default FILE.check.csv): the input columns,\n"
	    "then status (valid/invalid) and error. Exit 0 when every row is\n"
	    "valid, 2 when some are not, 65 when the file cannot be read as a\n"
	    "whole.\n",
	.kinds = cmd_all_kinds,
	.run = run
};
