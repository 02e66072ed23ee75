/*
 * csv_out.h - the writer stage: RFC 4180 output, written safely.
 *
 * Output goes to a temporary file in the destination's folder and is renamed
 * into place by csv_writer_commit(), so a crash never leaves a half-written
 * result where the user expects a complete one. Files that may hold
 * credentials are created with mode 0600 (CSV_OUT_SECRET).
 *
 * Cells are quoted only when needed. Unless CSV_OUT_RAW is given, a cell
 * that a spreadsheet would run as a formula (starting with = + - @ tab or
 * CR) is prefixed with a single quote.
 */
#ifndef MAILFLEET_CSV_OUT_H
#define MAILFLEET_CSV_OUT_H

#include <stddef.h>

enum {
	CSV_OUT_SECRET = 1 << 0,	/* mode 0600 */
	CSV_OUT_RAW = 1 << 1,		/* no formula guard */
	CSV_OUT_EXCEL = 1 << 2		/* BOM + CRLF */
};

struct csv_writer;

/* path "-" writes to standard output (no temporary file, no rename). */
struct csv_writer *csv_writer_open(const char *path, char delim, int flags,
	    char *err, size_t errlen);
/* Writes one row of n cells (NULL cells are empty). 0, or -1 and err. */
int	csv_writer_row(struct csv_writer *w, const char *const *cells,
	    size_t n, char *err, size_t errlen);
/* Same, with explicit lengths (cells may hold NUL bytes). */
int	csv_writer_rowl(struct csv_writer *w, const char *const *cells,
	    const size_t *lens, size_t n, char *err, size_t errlen);
/* Flushes, fsyncs and renames into place; frees w. 0 or -1 and err. */
int	csv_writer_commit(struct csv_writer *w, char *err, size_t errlen);
/* Removes the temporary file; frees w. */
void	csv_writer_abort(struct csv_writer *w);

/*
 * Where a command writes its result: -o PATH when given, "-" (standard
 * output) for standard input or no input, else INPUT + suffix
 * (".result.csv"). Caller frees.
 */
char	*csv_result_path(const char *output, const char *input,
	    const char *suffix);

/* Appends one cell, quoted as needed, to a buffer (also used by tests). */
struct buf;
void	csv_quote_cell(struct buf *b, const char *s, size_t len, char delim,
	    int guard);

#endif
