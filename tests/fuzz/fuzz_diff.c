/*
 * fuzz_diff.c - the diff reader: diff_files() on two snapshots (diff.c,
 * csv_in.c, csv_out.c), the sorted merge and the in-memory path.
 *
 * Input: one option byte, then OLD, a line "=====", then NEW (no such
 * line: NEW is empty). The option byte picks the key column (default,
 * email, domain, id), the delimiter (detected, ',', ';', tab), a tiny
 * memory cap (the "too large" path) and Excel output. Checks, when diff
 * succeeds:
 *  - the result holds one row per added, removed and changed key;
 *  - diff NEW OLD succeeds too, with added and removed swapped;
 *  - diff OLD OLD finds no difference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_in.h"
#include "csv_out.h"
#include "diff.h"
#include "fuzz_util.h"
#include "log.h"

#define SEPARATOR	"\n=====\n"

static char	old_path[512], new_path[512], out_path[512];

/* Data rows of the result file, or -1 when it cannot be read. */
static long
result_rows(void)
{
	struct csv_reader	*r;
	struct csv_row		*row;
	char			 err[256];
	long			 n = 0;
	int			 rc;

	/* OLD and NEW may name one field differently (first_name, first):
	 * both columns are in the result, whose header is then refused on
	 * reading as two names of one field (README, diff). Not counted. */
	if ((r = csv_reader_open(out_path, ',', err, sizeof err)) == NULL)
		return strstr(err, "both name the") != NULL ? -2 : -1;
	while ((rc = csv_reader_next(r, &row, err, sizeof err)) == 1)
		n++;
	csv_reader_close(r);
	return rc == 0 ? n : -1;
}

static void
setup(void)
{
	snprintf(old_path, sizeof old_path, "%s", fuzz_path("old.csv"));
	snprintf(new_path, sizeof new_path, "%s", fuzz_path("new.csv"));
	snprintf(out_path, sizeof out_path, "%s", fuzz_path("diff.csv"));
}

static void
check(const struct diff_opts *o)
{
	struct diff_result	a, b, s;
	char			err[512];
	long			rows;

	if (diff_files(old_path, new_path, o, out_path, &a, err,
	    sizeof err) != 0) {
		fuzz_note("diff: %s", err);
		return;
	}
	fuzz_note("diff: %ld added %ld removed %ld changed %ld same%s",
	    a.added, a.removed, a.changed, a.same, a.streamed ? ", streamed" :
	    "");
	rows = result_rows();
	if (rows != -2 && rows != a.added + a.removed + a.changed)
		fuzz_fail("diff reports %ld added %ld removed %ld changed, its "
		    "result has %ld rows", a.added, a.removed, a.changed, rows);
	if (diff_files(new_path, old_path, o, out_path, &b, err,
	    sizeof err) != 0) {
		/* Only OLD is held in memory, so only OLD meets the bound. */
		if (strstr(err, "--max-memory") != NULL)
			return;
		fuzz_fail("diff OLD NEW works, diff NEW OLD fails: %s", err);
	}
	if (b.added != a.removed || b.removed != a.added ||
	    b.changed != a.changed || b.same != a.same)
		fuzz_fail("diff NEW OLD is not the mirror of diff OLD NEW "
		    "(%ld/%ld/%ld/%ld vs %ld/%ld/%ld/%ld)", a.added, a.removed,
		    a.changed, a.same, b.added, b.removed, b.changed, b.same);
	if (diff_files(old_path, old_path, o, out_path, &s, err,
	    sizeof err) != 0 || s.added != 0 || s.removed != 0 ||
	    s.changed != 0)
		fuzz_fail("diff OLD OLD finds differences or fails");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { NULL, "email", "domain", "id" };
	static const char	 delims[] = { 0, ',', ';', '\t' };
	const char		*text = (const char *)data + 1, *sep;
	struct diff_opts	 o;
	size_t			 len;

	if (size < 1)
		return 0;
	log_set_level(LOG_QUIET);
	if (old_path[0] == '\0')
		setup();
	len = size - 1;
	memset(&o, 0, sizeof o);
	o.key = keys[data[0] & 3];
	o.delim = delims[(data[0] >> 2) & 3];
	o.max_memory = data[0] & 0x10 ? 256 : 0;
	o.out_flags = data[0] & 0x20 ? CSV_OUT_EXCEL : 0;
	sep = fuzz_find(text, len, SEPARATOR);
	if (sep != NULL) {
		fuzz_write(old_path, text, (size_t)(sep - text) + 1);
		sep += strlen(SEPARATOR);
		fuzz_write(new_path, sep, len - (size_t)(sep - text));
	} else {
		fuzz_write(old_path, text, len);
		fuzz_write(new_path, "", 0);
	}
	check(&o);
	return 0;
}
