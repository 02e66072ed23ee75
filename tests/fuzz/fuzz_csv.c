/*
 * fuzz_csv.c - the CSV reader plus the validator, as check and import
 * use them (csv_in.c, validate.c, columns.c, dupscan.c, rules.c).
 *
 * Input: one option byte, then the file's bytes. The option byte picks
 * the row kind (bits 0-2, modulo the kinds), the delimiter (bits 3-4:
 * detected, ',', ';', tab) and the validator flags (bit 5 buying, bit 6
 * by id). The file is read twice: once after
 * validator_prescan() (duplicates found on disk, the counts of a first
 * pass), once with duplicates kept in memory. Both must agree on every
 * row's validity, and the first pass's counts with the second's; any
 * disagreement aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_in.h"
#include "fuzz_util.h"
#include "log.h"
#include "validate.h"

struct pass {
	long		 rows, valid;
	unsigned char	*ok;		/* per row: 1 valid */
	size_t		 cap;
};

static void
mark(struct pass *p, int valid)
{
	if ((size_t)p->rows >= p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		if ((p->ok = realloc(p->ok, p->cap)) == NULL)
			abort();
	}
	p->ok[p->rows++] = (unsigned char)valid;
	p->valid += valid;
}

/* Reads every row; 0, or -1 when the file or its header is refused. */
static int
one_pass(const char *path, char delim, enum kind kind, int flags,
    int prescan, struct pass *p)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row, *copy;
	struct validator	 v;
	struct record		 rec;
	long			 prows = -1, pvalid = -1;
	char			 err[512];
	int			 rc;

	if ((r = csv_reader_open(path, delim, err, sizeof err)) == NULL) {
		fuzz_note("csv_reader_open: %s", err);
		return -1;
	}
	(void)csv_reader_encoding(r);
	(void)csv_reader_had_bom(r);
	h = csv_reader_header(r);
	if (validator_init(&v, kind, flags, (const char *const *)h->fields,
	    h->nfields, err, sizeof err) < 0) {
		fuzz_note("validator_init: %s", err);
		csv_reader_close(r);
		return -1;
	}
	if (prescan && validator_prescan(&v, path, delim, &prows, &pvalid,
	    err, sizeof err) < 0)
		prows = -1;
	record_init(&rec);
	while ((rc = csv_reader_next(r, &row, err, sizeof err)) == 1) {
		if (row->number == 1) {
			copy = csv_row_copy(row);
			csv_row_free(copy);
		}
		mark(p, validator_check(&v, row, &rec) == 0);
	}
	record_free(&rec);
	validator_free(&v);
	csv_reader_close(r);
	fuzz_note("%s kind, %ld rows, %ld valid, first pass %ld", kind_name(kind),
	    p->rows, p->valid, prows);
	if (rc == 0 && prows >= 0 && (prows != p->rows || pvalid != p->valid))
		fuzz_fail("first pass counted %ld rows, %ld valid; the read "
		    "%ld, %ld", prows, pvalid, p->rows, p->valid);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 delims[] = { 0, ',', ';', '\t' };
	const char		*path;
	struct pass		 a, b;
	enum kind		 kind;
	char			 delim;
	int			 flags, ra, rb;

	if (size < 1)
		return 0;
	log_set_level(LOG_QUIET);
	kind = (enum kind)((data[0] & 7) % KIND__COUNT);
	delim = delims[(data[0] >> 3) & 3];
	flags = (data[0] & 0x20 ? VALIDATE_BUYING : 0) |
	    (data[0] & 0x40 ? VALIDATE_BY_ID : 0);
	path = fuzz_path("input.csv");
	fuzz_write(path, data + 1, size - 1);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	ra = one_pass(path, delim, kind, flags, 1, &a);
	rb = one_pass(path, delim, kind, flags, 0, &b);
	if (ra != rb || a.rows != b.rows || a.valid != b.valid ||
	    (a.rows > 0 && memcmp(a.ok, b.ok, (size_t)a.rows) != 0))
		fuzz_fail("duplicates on disk and in memory disagree: %ld rows "
		    "%ld valid vs %ld rows %ld valid", a.rows, a.valid, b.rows,
		    b.valid);
	free(a.ok);
	free(b.ok);
	return 0;
}
