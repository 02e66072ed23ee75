/*
 * test_dupscan.c - duplicates found on disk in a first pass: the same
 * answers as the in-memory dupset for every line, whatever the partition
 * count and however often blocks spill; no file left behind; a failure to
 * create the temporary file said; and validator_prescan() counting rows
 * and handing the scan to the validator.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_in.h"
#include "dupscan.h"
#include "dupset.h"
#include "harness.h"
#include "validate.h"

static char	tmpdir[] = "/tmp/mf-test-dupscan.XXXXXX";

static int
files_in(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Keys drawn from a small space so that many lines repeat an earlier one;
 * every seventh line is "invalid" (never added, queried anyway). */
static void
oracle_run(long nlines, long space, long long size_hint)
{
	struct dupscan	*s;
	struct dupset	 d;
	char		 key[64], err[256];
	long		 line, ndups = 0, want_dups = 0, first, want, bad = 0;
	unsigned	 seed = 12345;
	int		 n;

	s = dupscan_new(size_hint, err, sizeof err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	dupset_init(&d);
	for (line = 2; line < nlines + 2; line++) {
		if (line % 7 == 0)
			continue;
		seed = seed * 1103515245u + 12345u;
		n = snprintf(key, sizeof key, "user%ld@example.com",
		    (long)((seed >> 8) % (unsigned long)space));
		if (dupscan_add(s, key, (size_t)n, line, err, sizeof err) < 0)
			bad++;
		if (dupset_add(&d, key, (size_t)n, line) != 0)
			want_dups++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(dupscan_finish(s, &ndups, err, sizeof err), 0);
	CHECK_INT(ndups, want_dups);
	dupset_free(&d);
	dupset_init(&d);
	seed = 12345;
	bad = 0;
	for (line = 2; line < nlines + 2; line++) {
		if (line % 7 == 0) {
			n = snprintf(key, sizeof key, "never@added.example");
			if (dupscan_query(s, key, (size_t)n, line) != 0)
				bad++;
			continue;
		}
		seed = seed * 1103515245u + 12345u;
		n = snprintf(key, sizeof key, "user%ld@example.com",
		    (long)((seed >> 8) % (unsigned long)space));
		want = dupset_add(&d, key, (size_t)n, line);
		first = dupscan_query(s, key, (size_t)n, line);
		if (first != want)
			bad++;
	}
	CHECK_INT(bad, 0);
	dupset_free(&d);
	dupscan_free(s);
}

static void
test_same_as_dupset(void)
{
	oracle_run(1000, 300, 0);		/* 8 partitions, no spill */
	oracle_run(50000, 20000, 0);		/* 8 partitions, spills */
	oracle_run(50000, 40000, 1LL << 40);	/* 4096 partitions */
	oracle_run(20000, 1000000, 5000000);	/* almost no duplicates */
	CHECK_INT(files_in(tmpdir), 0);		/* unlinked at once */
}

static void
test_empty(void)
{
	struct dupscan	*s;
	char		 err[256];
	long		 ndups = -1;

	s = dupscan_new(0, err, sizeof err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_INT(dupscan_finish(s, &ndups, err, sizeof err), 0);
	CHECK_INT(ndups, 0);
	CHECK_INT(dupscan_query(s, "a@b.c", 5, 2), 0);
	dupscan_free(s);
}

static void
test_no_tmpdir(void)
{
	struct dupscan	*s;
	char		 err[256] = "";

	setenv("TMPDIR", "/nonexistent/mailfleet-test", 1);
	s = dupscan_new(1000, err, sizeof err);
	CHECK(s == NULL);
	CHECK_CONTAINS(err, "cannot create its temporary file");
	dupscan_free(s);
	setenv("TMPDIR", tmpdir, 1);
}

static const char *
write_file(const char *name, const char *text)
{
	static char	path[512];
	FILE		*f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* The first pass counts, the second reports each duplicate's first line,
 * and the in-memory set stays empty. */
static void
check_file(const char *path, int on_disk)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct validator	 v;
	struct record		 rec;
	char			 err[256];
	long			 rows = -1, valid = -1;
	int			 invalid = 0;
	struct buf		 got = BUF_INIT;

	r = csv_reader_open(path, 0, err, sizeof err);
	CHECK(r != NULL);
	if (r == NULL)
		return;
	h = csv_reader_header(r);
	CHECK_INT(validator_init(&v, KIND_ACCOUNTS, 0,
	    (const char *const *)h->fields, h->nfields, err, sizeof err), 0);
	CHECK_INT(validator_prescan(&v, path, 0, &rows, &valid, err,
	    sizeof err), 0);
	CHECK_INT(rows, 6);
	CHECK_INT(valid, 3);	/* a, b, c; not "bad", not the 2 repeats */
	CHECK_INT(v.scan != NULL, on_disk);
	record_init(&rec);
	while (csv_reader_next(r, &row, err, sizeof err) == 1)
		if (validator_check(&v, row, &rec) < 0) {
			invalid++;
			buf_printf(&got, "%ld: %s\n", row->line,
			    buf_cstr(&rec.error));
		}
	CHECK_INT(invalid, 3);
	CHECK_CONTAINS(buf_cstr(&got), "4: column 1 (email): duplicate: this "
	    "address already appears on line 2");
	CHECK_CONTAINS(buf_cstr(&got), "7: column 1 (email): duplicate: this "
	    "address already appears on line 3");
	CHECK_INT(v.seen.n, on_disk ? 0 : 3);
	buf_free(&got);
	record_free(&rec);
	validator_free(&v);
	csv_reader_close(r);
}

static void
test_prescan(void)
{
	const char	*path = write_file("in.csv", "email\n"
	    "a@example.com\nB@example.com\nA@EXAMPLE.com\nnot-an-address\n"
	    "c@example.com\nb@example.com\n");
	char		*copy = strdup(path);

	check_file(copy, 1);
	/* No temporary file: the same answers, from memory. */
	setenv("TMPDIR", "/nonexistent/mailfleet-test", 1);
	check_file(copy, 0);
	setenv("TMPDIR", tmpdir, 1);
	unlink(copy);
	free(copy);
	CHECK_INT(files_in(tmpdir), 0);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	setenv("TMPDIR", tmpdir, 1);
	TEST(test_same_as_dupset);
	TEST(test_empty);
	TEST(test_no_tmpdir);
	TEST(test_prescan);
	rmdir(tmpdir);
	return th_done();
}
