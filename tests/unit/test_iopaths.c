/*
 * test_iopaths.c - outputs that are the input or each other: by name, by
 * ./name, by absolute path, hard link, symlink, and for files not there
 * yet; two inputs may be one file; "-" and NULL are never compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "iopaths.h"

static char	dir[64], cwd[1024];

static int
distinct2(const char *in, const char *out)
{
	char	err[1024];

	return io_output_not_input(in, out, err, sizeof err);
}

static void
setup(void)
{
	FILE	*fp;

	snprintf(dir, sizeof dir, "/tmp/mf-iopaths.XXXXXX");
	if (mkdtemp(dir) == NULL || getcwd(cwd, sizeof cwd) == NULL ||
	    chdir(dir) != 0) {
		perror("setup");
		exit(1);
	}
	if ((fp = fopen("in.csv", "w")) != NULL) {
		fputs("email\na@b.com\n", fp);
		fclose(fp);
	}
	if (link("in.csv", "hard.csv") != 0 || symlink("in.csv",
	    "soft.csv") != 0 || mkdir("sub", 0700) != 0)
		perror("setup links");
}

static void
teardown(void)
{
	unlink("in.csv");
	unlink("hard.csv");
	unlink("soft.csv");
	rmdir("sub");
	if (chdir(cwd) != 0)
		perror("chdir");
	rmdir(dir);
}

static void
test_existing(void)
{
	char	abs[256], err[1024];

	CHECK_INT(distinct2("in.csv", "in.csv"), -1);
	CHECK_INT(distinct2("in.csv", "./in.csv"), -1);
	CHECK_INT(distinct2("in.csv", "sub/../in.csv"), -1);
	snprintf(abs, sizeof abs, "%s/in.csv", dir);
	CHECK_INT(distinct2("in.csv", abs), -1);
	CHECK_INT(distinct2("in.csv", "hard.csv"), -1);
	CHECK_INT(distinct2("soft.csv", "in.csv"), -1);
	CHECK_INT(distinct2("in.csv", "in.csv.result.csv"), 0);
	CHECK_INT(io_output_not_input("in.csv", "./hard.csv", err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "in.csv (the input) and ./hard.csv (the output) "
	    "are the same file");
	CHECK(strchr(err, '\n') == NULL);
}

/* Neither file is there yet: the real folder plus the name decide. */
static void
test_not_there_yet(void)
{
	const struct io_path	p[3] = { { "the input", "in.csv", 1 },
				    { "-o", "r.csv", 0 },
				    { "--failed", "sub/../r.csv", 0 } };
	const struct io_path	q[2] = { { "-o", "sub/r.csv", 0 },
				    { "--failed", "r.csv", 0 } };
	const struct io_path	r[2] = { { "-o", "nodir/r.csv", 0 },
				    { "--failed", "nodir/r.csv", 0 } };
	char			err[1024];

	CHECK_INT(io_paths_distinct(p, 3, err, sizeof err), -1);
	CHECK_CONTAINS(err, "r.csv (-o) and sub/../r.csv (--failed)");
	CHECK_INT(io_paths_distinct(q, 2, err, sizeof err), 0);
	CHECK_INT(io_paths_distinct(r, 2, err, sizeof err), -1);
	CHECK_INT(distinct2("in.csv", "/r.csv"), 0);
}

static void
test_skipped(void)
{
	const struct io_path	two_in[3] = { { "OLD", "in.csv", 1 },
				    { "NEW", "hard.csv", 1 },
				    { "-o", "-", 0 } };
	const struct io_path	none[3] = { { "the input", "-", 1 },
				    { "-o", "-", 0 }, { "--failed", NULL, 0 } };
	char			err[1024];

	CHECK_INT(io_paths_distinct(two_in, 3, err, sizeof err), 0);
	CHECK_INT(io_paths_distinct(none, 3, err, sizeof err), 0);
	CHECK_INT(io_paths_distinct(none, 0, err, sizeof err), 0);
	CHECK_INT(distinct2("-", "-"), 0);
	/* Two outputs to /dev/null overwrite nothing. */
	CHECK_INT(distinct2("/dev/null", "/dev/null"), 0);
	CHECK(distinct2("in.csv", "./in.csv") != 0);
}

int
main(void)
{
	setup();
	TEST(test_existing);
	TEST(test_not_there_yet);
	TEST(test_skipped);
	teardown();
	return th_done();
}
