/*
 * csv_in.h - the reader stage: streaming CSV input on top of libcsv.
 *
 * Reads any size in constant memory and hands rows on one at a time. It
 * accepts what spreadsheets export: UTF-8 with or without BOM, UTF-16 (with
 * a BOM, or LE without one) converted to UTF-8, CRLF/LF/CR line ends, quoted
 * fields with delimiters, quotes and newlines, ',' ';' or tab as delimiter
 * (detected from the header line unless given), Excel's "sep=X" first line
 * (X the delimiter unless one is given; the line is skipped, line numbers
 * stay the file's), trailing blank lines. A header naming a column twice
 * is refused (col_check_header()).
 *
 * Per-row problems never stop the reader and never shift other rows: wrong
 * number of fields, a field over CSV_FIELD_MAX, invalid UTF-8, broken
 * quoting, an unterminated quote at end of file. The row comes back with
 * `error` set, naming the column; rows after it are read normally.
 */
#ifndef MAILFLEET_CSV_IN_H
#define MAILFLEET_CSV_IN_H

#include <stddef.h>

#define CSV_FIELD_MAX	(64 * 1024)	/* bytes in one field */
#define CSV_ROW_MAX	(1024 * 1024)	/* bytes in one row, all fields */
#define CSV_FIELDS_MAX	4096		/* fields kept per row */

struct csv_reader;

/*
 * One row. Owned by the reader and valid until the next csv_reader_next();
 * csv_row_copy() makes a copy the caller owns.
 */
struct csv_row {
	char	**fields;	/* nfields NUL-terminated strings */
	size_t	 *lens;
	size_t	  nfields;	/* as found in the file (may differ from header) */
	long	  line;		/* physical line where the row starts, 1-based */
	long	  number;	/* data row number: 1 = first row after header */
	char	 *error;	/* NULL, or what is wrong with the row */
	size_t	  error_col;	/* 1-based column of the problem, 0 = whole row */
	size_t	  cap;		/* allocated slots (internal) */
};

/*
 * Opens path ("-" is standard input). delim 0 detects it from a "sep=" line
 * or the header line. The header must be present (an empty file is an
 * error) and name each column once. Returns NULL and a message in err on
 * failure.
 */
struct csv_reader *csv_reader_open(const char *path, char delim, char *err,
	    size_t errlen);
void	csv_reader_close(struct csv_reader *r);

/*
 * After csv_reader_open() failed: 1 when path is a file that opens (so the
 * failure was its content: exit 65), 0 when it cannot be found or opened
 * or is a directory (exit 66). Decided by the file, not the message, whose
 * words the path itself may hold. "-" counts as openable.
 */
int	csv_input_openable(const char *path);

/* The header row, read by csv_reader_open(). */
const struct csv_row *csv_reader_header(const struct csv_reader *r);
char	csv_reader_delim(const struct csv_reader *r);
const char *csv_reader_path(const struct csv_reader *r);
int	csv_reader_had_bom(const struct csv_reader *r);
const char *csv_reader_encoding(const struct csv_reader *r);

/*
 * The next data row: 1 and *row set, 0 at the end, -1 on a read error
 * (message in err). A row whose field count differs from the header's is
 * returned with `error` set.
 */
int	csv_reader_next(struct csv_reader *r, struct csv_row **row, char *err,
	    size_t errlen);

/* Deep copy / release of a row the caller owns. */
struct csv_row *csv_row_copy(const struct csv_row *row);
void	csv_row_free(struct csv_row *row);

#endif
