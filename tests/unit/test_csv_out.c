/*
 * test_csv_out.c - the CSV writer: quoting (round-trip through the reader),
 * the formula guard and --raw, Excel mode, mode 0600 for secrets, and the
 * temporary file renamed into place on commit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "csv_in.h"
#include "csv_out.h"
#include "harness.h"

static char	tmpdir[64];

static void
make_dir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/mf-csvout.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

/* Empties and removes tmpdir. */
static void
remove_dir(void)
{
	DIR		*d = opendir(tmpdir);
	struct dirent	*e;
	char		 p[512];

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(tmpdir);
}

/* Number of entries in tmpdir; the name of the last one in name. */
static int
dir_entries(char *name, size_t namelen)
{
	DIR		*d = opendir(tmpdir);
	struct dirent	*e;
	int		 n = 0;

	if (name != NULL)
		name[0] = '\0';
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (name != NULL)
			snprintf(name, namelen, "%s", e->d_name);
		n++;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

static void
slurp(const char *path, struct buf *b)
{
	FILE	*fp = fopen(path, "rb");
	char	 chunk[4096];
	size_t	 n;

	buf_reset(b);
	if (fp == NULL)
		return;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(b, chunk, n);
	fclose(fp);
}

static void
quote(const char *s, char delim, int guard, const char *want)
{
	struct buf	b = BUF_INIT;

	csv_quote_cell(&b, s, s ? strlen(s) : 0, delim, guard);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

static void
test_quote_cell(void)
{
	quote("plain", ',', 1, "plain");
	quote("", ',', 1, "");
	quote(NULL, ',', 1, "");
	quote("a,b", ',', 1, "\"a,b\"");
	quote("a;b", ',', 1, "a;b");
	quote("a;b", ';', 1, "\"a;b\"");
	quote("a,b", ';', 1, "a,b");
	quote("a\tb", '\t', 1, "\"a\tb\"");
	quote("a\tb", ',', 1, "a\tb");
	quote("say \"hi\"", ',', 1, "\"say \"\"hi\"\"\"");
	quote("\"", ',', 1, "\"\"\"\"");
	quote("two\nlines", ',', 1, "\"two\nlines\"");
	quote("cr\rhere", ',', 1, "\"cr\rhere\"");
	quote(" lead", ',', 1, "\" lead\"");
	quote("trail ", ',', 1, "\"trail \"");
	quote("in side", ',', 1, "in side");
	quote("it's", ',', 1, "it's");
	quote("caf\xC3\xA9", ',', 1, "caf\xC3\xA9");
}

static void
test_formula_guard(void)
{
	quote("=SUM(A1:A9)", ',', 1, "'=SUM(A1:A9)");
	quote("+15551234", ',', 1, "'+15551234");
	quote("-1", ',', 1, "'-1");
	quote("@import", ',', 1, "'@import");
	quote("\tcmd", ',', 1, "'\tcmd");
	quote("\rcmd", ',', 1, "\"'\rcmd\"");
	quote("=HYPERLINK(\"x\",\"y\")", ',', 1,
	    "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	quote("=a,b", ',', 1, "\"'=a,b\"");
	/* Only the first character counts. */
	quote("a=b", ',', 1, "a=b");
	quote("a-b@c+d", ',', 1, "a-b@c+d");
	quote(" =x", ',', 1, "\" =x\"");
	/* --raw: no guard. */
	quote("=SUM(A1:A9)", ',', 0, "=SUM(A1:A9)");
	quote("-1", ',', 0, "-1");
	quote("@x", ',', 0, "@x");
	quote("\rcmd", ',', 0, "\"\rcmd\"");
}

/* Cells with every special character. */
static const char *const specials[] = {
	"plain", "a,b", "a;b", "a\tb", "q\"uote", "\"", "\"\"",
	"line\nbreak", "cr\rhere", "crlf\r\nx", " lead", "trail ",
	"  both  ", "=1+2", "-5", "+x", "@me", "\tstarts with tab",
	"J\xC3\xBCrgen \xF0\x9F\x98\x80", "", "'already", ",", ";", "\n",
	"\"a\",\"b\"",
};
#define NSPECIALS	(sizeof specials / sizeof specials[0])

static int
is_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static void
roundtrip(char delim, int flags)
{
	struct csv_writer	*w;
	struct csv_reader	*r;
	struct csv_row		*row;
	const char		*cells[NSPECIALS + 1], *hdr[3];
	char			 path[600], err[512], want[256];
	size_t			 i, k, rows = 0;
	int			 guard = !(flags & CSV_OUT_RAW), bad = 0;

	snprintf(path, sizeof path, "%s/rt.csv", tmpdir);
	w = csv_writer_open(path, delim, flags, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	hdr[0] = "id";
	hdr[1] = "value";
	hdr[2] = "other";
	CHECK_INT(csv_writer_row(w, hdr, 3, err, sizeof err), 0);
	/* Each special alone (with an id), then all of them in one row. */
	for (i = 0; i < NSPECIALS; i++) {
		cells[0] = "x";
		cells[1] = specials[i];
		cells[2] = specials[NSPECIALS - 1 - i];
		CHECK_INT(csv_writer_row(w, cells, 3, err, sizeof err), 0);
	}
	CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);

	r = csv_reader_open(path, delim, err, sizeof err);
	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK_INT(csv_reader_header(r)->nfields, 3);
	CHECK_INT(csv_reader_had_bom(r), (flags & CSV_OUT_EXCEL) != 0);
	while (csv_reader_next(r, &row, err, sizeof err) == 1) {
		if (rows >= NSPECIALS || row->error != NULL ||
		    row->nfields != 3) {
			bad++;
			rows++;
			continue;
		}
		for (k = 1; k <= 2; k++) {
			const char *s = specials[k == 1 ? rows :
			    NSPECIALS - 1 - rows];

			snprintf(want, sizeof want, "%s%s",
			    guard && is_formula(s) ? "'" : "", s);
			if (strcmp(row->fields[k], want) != 0 ||
			    row->lens[k] != strlen(want)) {
				fprintf(stderr, "    delim '%c' flags %d: "
				    "got [%s] want [%s]\n", delim, flags,
				    row->fields[k], want);
				bad++;
			}
		}
		rows++;
	}
	CHECK_INT(rows, NSPECIALS);
	CHECK_INT(bad, 0);
	csv_reader_close(r);
	unlink(path);
}

static void
test_roundtrip(void)
{
	static const char	delims[] = { ',', ';', '\t', '|' };
	size_t			i;

	make_dir();
	for (i = 0; i < sizeof delims; i++) {
		roundtrip(delims[i], CSV_OUT_RAW);
		roundtrip(delims[i], 0);
		roundtrip(delims[i], CSV_OUT_EXCEL | CSV_OUT_RAW);
	}
	CHECK_INT(dir_entries(NULL, 0), 0);
	remove_dir();
}

static void
write_small(const char *path, int flags, struct buf *out)
{
	static const char *const	r1[] = { "email", "note" };
	static const char *const	r2[] = { "a@x.com", "=1+1" };
	static const char *const	r3[] = { "b@x.com", "x,y" };
	struct csv_writer		*w;
	char				 err[512];

	w = csv_writer_open(path, ',', flags, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	CHECK_INT(csv_writer_row(w, r1, 2, err, sizeof err), 0);
	CHECK_INT(csv_writer_row(w, r2, 2, err, sizeof err), 0);
	CHECK_INT(csv_writer_row(w, r3, 2, err, sizeof err), 0);
	CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	slurp(path, out);
}

static void
test_exact_output(void)
{
	struct buf	b = BUF_INIT;
	char		path[600];

	make_dir();
	snprintf(path, sizeof path, "%s/out.csv", tmpdir);
	write_small(path, 0, &b);
	CHECK_STR(buf_cstr(&b), "email,note\na@x.com,'=1+1\nb@x.com,\"x,y\"\n");
	write_small(path, CSV_OUT_RAW, &b);
	CHECK_STR(buf_cstr(&b), "email,note\na@x.com,=1+1\nb@x.com,\"x,y\"\n");
	write_small(path, CSV_OUT_EXCEL, &b);
	CHECK_STR(buf_cstr(&b), "\xEF\xBB\xBF" "email,note\r\na@x.com,'=1+1\r\n"
	    "b@x.com,\"x,y\"\r\n");
	CHECK_INT(b.len, 3 + 12 + 15 + 15);
	unlink(path);
	remove_dir();
	buf_free(&b);
}

/* Writes cells with explicit lengths: NUL bytes and NULL cells. */
static void
test_rowl(void)
{
	static const char	 nul[] = "a\0b";
	const char		*cells[3] = { nul, NULL, "c" };
	size_t			 lens[3] = { 3, 0, 1 };
	struct csv_writer	*w;
	struct buf		 b = BUF_INIT;
	char			 path[600], err[512];

	make_dir();
	snprintf(path, sizeof path, "%s/l.csv", tmpdir);
	w = csv_writer_open(path, 0, 0, err, sizeof err);	/* 0 = ',' */
	CHECK(w != NULL);
	if (w != NULL) {
		CHECK_INT(csv_writer_rowl(w, cells, lens, 3, err, sizeof err),
		    0);
		CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	}
	slurp(path, &b);
	CHECK_INT(b.len, 7);
	CHECK(b.len == 7 && memcmp(b.data, "a\0b,,c\n", 7) == 0);
	unlink(path);
	remove_dir();
	buf_free(&b);
}

static void
check_mode(int flags, mode_t mask, mode_t want)
{
	static const char *const	 cells[] = { "password", "S3cretS3cret" };
	struct csv_writer		*w;
	struct stat			 st;
	char				 path[600], tmp[600], name[256], err[512];
	mode_t				 old;

	make_dir();
	snprintf(path, sizeof path, "%s/secret.csv", tmpdir);
	old = umask(mask);
	w = csv_writer_open(path, ',', flags, err, sizeof err);
	umask(old);
	CHECK(w != NULL);
	if (w == NULL) {
		remove_dir();
		return;
	}
	CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
	/* The temporary file already has the final mode. */
	CHECK_INT(dir_entries(name, sizeof name), 1);
	snprintf(tmp, sizeof tmp, "%s/%s", tmpdir, name);
	CHECK(stat(tmp, &st) == 0);
	CHECK_INT(st.st_mode & 07777, want);
	CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	CHECK(stat(path, &st) == 0);
	CHECK_INT(st.st_mode & 07777, want);
	CHECK(S_ISREG(st.st_mode));
	unlink(path);
	remove_dir();
}

static void
test_secret_mode(void)
{
	check_mode(CSV_OUT_SECRET, 0, 0600);
	check_mode(CSV_OUT_SECRET, 022, 0600);
	check_mode(CSV_OUT_SECRET | CSV_OUT_EXCEL, 0, 0600);
	check_mode(0, 0, 0644);
	check_mode(0, 022, 0644);
}

static void
test_commit_is_atomic(void)
{
	static const char *const	 cells[] = { "new", "content" };
	struct csv_writer		*w;
	struct buf			 b = BUF_INIT;
	struct stat			 st;
	char				 path[600], name[256], err[512];
	FILE				*fp;
	int				 i;

	make_dir();
	snprintf(path, sizeof path, "%s/result.csv", tmpdir);

	/* No file at the destination before commit. */
	w = csv_writer_open(path, ',', 0, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		goto out;
	for (i = 0; i < 2000; i++)
		CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
	CHECK(stat(path, &st) < 0 && errno == ENOENT);
	CHECK_INT(dir_entries(name, sizeof name), 1);
	CHECK(strcmp(name, "result.csv") != 0);
	CHECK(strncmp(name, "result.csv", 10) == 0);	/* same folder */
	CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	CHECK_INT(dir_entries(name, sizeof name), 1);
	CHECK_STR(name, "result.csv");
	slurp(path, &b);
	CHECK_INT(b.len, 2000 * 12);

	/* An existing result stays whole until the new one is committed. */
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp != NULL) {
		fputs("old\n", fp);
		fclose(fp);
	}
	w = csv_writer_open(path, ',', 0, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		goto out;
	CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
	slurp(path, &b);
	CHECK_STR(buf_cstr(&b), "old\n");
	CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	slurp(path, &b);
	CHECK_STR(buf_cstr(&b), "new,content\n");

	/* Abort: the old file is untouched and nothing else is left. */
	w = csv_writer_open(path, ',', CSV_OUT_SECRET, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		goto out;
	CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
	csv_writer_abort(w);
	CHECK_INT(dir_entries(name, sizeof name), 1);
	slurp(path, &b);
	CHECK_STR(buf_cstr(&b), "new,content\n");
	unlink(path);

	/* Abort with no previous file leaves nothing at all. */
	w = csv_writer_open(path, ',', 0, err, sizeof err);
	CHECK(w != NULL);
	if (w == NULL)
		goto out;
	CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
	csv_writer_abort(w);
	CHECK_INT(dir_entries(NULL, 0), 0);
	csv_writer_abort(NULL);
out:
	remove_dir();
	buf_free(&b);
}

static void
test_open_error(void)
{
	char	err[512] = "";

	CHECK(csv_writer_open("/nonexistent/mf/out.csv", ',', 0, err,
	    sizeof err) == NULL);
	CHECK_CONTAINS(err, "/nonexistent/mf/out.csv");
	CHECK_CONTAINS(err, strerror(ENOENT));
}

/* "-" writes to standard output, with no temporary file. */
static void
test_stdout(void)
{
	static const char *const	 cells[] = { "a b", "=x" };
	struct csv_writer		*w;
	struct buf			 b = BUF_INIT;
	char				 path[600], err[512];
	int				 fd, saved;

	make_dir();
	snprintf(path, sizeof path, "%s/stdout.txt", tmpdir);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(saved >= 0 && fd >= 0);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	w = csv_writer_open("-", ';', CSV_OUT_EXCEL, err, sizeof err);
	CHECK(w != NULL);
	if (w != NULL) {
		CHECK_INT(csv_writer_row(w, cells, 2, err, sizeof err), 0);
		CHECK_INT(dir_entries(NULL, 0), 1);	/* just stdout.txt */
		CHECK_INT(csv_writer_commit(w, err, sizeof err), 0);
	}
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	slurp(path, &b);
	CHECK_STR(buf_cstr(&b), "\xEF\xBB\xBF" "a b;'=x\r\n");
	unlink(path);
	remove_dir();
	buf_free(&b);
}

int
main(void)
{
	TEST(test_quote_cell);
	TEST(test_formula_guard);
	TEST(test_roundtrip);
	TEST(test_exact_output);
	TEST(test_rowl);
	TEST(test_secret_mode);
	TEST(test_commit_is_atomic);
	TEST(test_open_error);
	TEST(test_stdout);
	return th_done();
}
