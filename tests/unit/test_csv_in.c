/*
 * test_csv_in.c - the streaming CSV reader: every dialect spreadsheets
 * export (UTF-8 with/without BOM, UTF-16LE/BE, CRLF/LF/CR, ';' and tab) and
 * every malformed case (field counts, oversized fields, invalid UTF-8,
 * broken or unterminated quoting), with the line each row starts on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "buf.h"
#include "csv_in.h"
#include "harness.h"

#define MAXROWS	64

/* Everything a reader produced for one input. */
struct got {
	int		 opened;
	char		 err[1024];
	struct csv_row	*hdr;
	struct csv_row	*rows[MAXROWS];
	size_t		 n;
	int		 end_rc;	/* what csv_reader_next returned last */
	char		 delim;
	int		 bom;
	char		 enc[16];
};

static char *
write_temp(const void *data, size_t len)
{
	char	*path;
	int	 fd;
	size_t	 off = 0;
	ssize_t	 w;

	path = malloc(64);
	snprintf(path, 64, "/tmp/mf-csvin.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	while (off < len) {
		w = write(fd, (const char *)data + off, len - off);
		if (w <= 0) {
			perror("write");
			exit(1);
		}
		off += (size_t)w;
	}
	close(fd);
	return path;
}

static void
got_free(struct got *g)
{
	size_t	i;

	csv_row_free(g->hdr);
	for (i = 0; i < g->n; i++)
		csv_row_free(g->rows[i]);
	memset(g, 0, sizeof *g);
}

/* Reads an open reader to the end, copying every row. */
static void
drain(struct csv_reader *r, struct got *g)
{
	struct csv_row	*row;
	int		 rc;

	g->opened = 1;
	g->hdr = csv_row_copy(csv_reader_header(r));
	g->delim = csv_reader_delim(r);
	g->bom = csv_reader_had_bom(r);
	snprintf(g->enc, sizeof g->enc, "%s", csv_reader_encoding(r));
	while ((rc = csv_reader_next(r, &row, g->err, sizeof g->err)) == 1) {
		if (g->n < MAXROWS)
			g->rows[g->n] = csv_row_copy(row);
		g->n++;
	}
	if (g->n > MAXROWS)
		g->n = MAXROWS;
	g->end_rc = rc;
	csv_reader_close(r);
}

static void
read_path(const char *path, char delim, struct got *g)
{
	struct csv_reader	*r;

	memset(g, 0, sizeof *g);
	r = csv_reader_open(path, delim, g->err, sizeof g->err);
	if (r == NULL)
		return;
	drain(r, g);
}

static void
read_mem(const void *data, size_t len, char delim, struct got *g)
{
	char	*path = write_temp(data, len);

	read_path(path, delim, g);
	unlink(path);
	free(path);
}

static void
read_str(const char *s, char delim, struct got *g)
{
	read_mem(s, strlen(s), delim, g);
}

/* 1 when the row holds exactly the given fields (NULL-terminated list). */
static int
fields_are(const struct csv_row *r, ...)
{
	va_list		 ap;
	const char	*want;
	size_t		 i = 0;
	int		 ok = 1;

	if (r == NULL)
		return 0;
	va_start(ap, r);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= r->nfields || r->lens[i] != strlen(want) ||
		    memcmp(r->fields[i], want, r->lens[i]) != 0) {
			fprintf(stderr, "    field %zu: got \"%s\" want \"%s\"\n",
			    i + 1, i < r->nfields ? r->fields[i] : "(none)",
			    want);
			ok = 0;
		}
		i++;
	}
	va_end(ap);
	if (i != r->nfields) {
		fprintf(stderr, "    %zu fields, want %zu\n", r->nfields, i);
		ok = 0;
	}
	return ok;
}

/* UTF-8 to UTF-16 (little or big endian), for test inputs. */
static void
to_utf16(const char *s, int be, int bom, struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	unsigned		 units[2], k, nu;
	size_t			 i = 0, len = strlen(s);

	if (bom)
		buf_append(out, be ? "\xFE\xFF" : "\xFF\xFE", 2);
	while (i < len) {
		if (u[i] < 0x80) {
			cp = u[i++];
		} else if ((u[i] & 0xE0) == 0xC0) {
			cp = (uint32_t)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			i += 2;
		} else if ((u[i] & 0xF0) == 0xE0) {
			cp = (uint32_t)(u[i] & 0x0F) << 12 |
			    (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
			i += 3;
		} else {
			cp = (uint32_t)(u[i] & 0x07) << 18 |
			    (uint32_t)(u[i + 1] & 0x3F) << 12 |
			    (uint32_t)(u[i + 2] & 0x3F) << 6 | (u[i + 3] & 0x3F);
			i += 4;
		}
		if (cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		} else {
			units[0] = cp;
			nu = 1;
		}
		for (k = 0; k < nu; k++) {
			char	b[2];

			b[be ? 0 : 1] = (char)(units[k] >> 8);
			b[be ? 1 : 0] = (char)(units[k] & 0xFF);
			buf_append(out, b, 2);
		}
	}
}

/* ---------------------------------------------------------------- */

static void
test_utf8_plain(void)
{
	struct got	g;

	read_str("email,first_name\na@example.com,Ann\nb@example.com,Bob\n",
	    0, &g);
	CHECK(g.opened);
	CHECK(fields_are(g.hdr, "email", "first_name", NULL));
	CHECK_INT(g.hdr->line, 1);
	CHECK_INT(g.n, 2);
	CHECK(fields_are(g.rows[0], "a@example.com", "Ann", NULL));
	CHECK(fields_are(g.rows[1], "b@example.com", "Bob", NULL));
	CHECK_INT(g.rows[0]->line, 2);
	CHECK_INT(g.rows[1]->line, 3);
	CHECK_INT(g.rows[0]->number, 1);
	CHECK_INT(g.rows[1]->number, 2);
	CHECK(g.rows[0]->error == NULL);
	CHECK_INT(g.end_rc, 0);
	CHECK_INT(g.delim, ',');
	CHECK_INT(g.bom, 0);
	CHECK_STR(g.enc, "UTF-8");
	got_free(&g);
}

static void
test_utf8_bom(void)
{
	struct got	g;

	/* libcsv alone would keep the BOM and the quotes in "id". */
	read_str("\xEF\xBB\xBF\"id\",name\n1,J\xC3\xBCrgen\n", 0, &g);
	CHECK(g.opened);
	CHECK(fields_are(g.hdr, "id", "name", NULL));
	CHECK_INT(g.bom, 1);
	CHECK_STR(g.enc, "UTF-8");
	CHECK_INT(g.n, 1);
	CHECK(fields_are(g.rows[0], "1", "J\xC3\xBCrgen", NULL));
	CHECK_INT(g.rows[0]->line, 2);
	got_free(&g);
}

static const char utf16_text[] =
    "email\tname\r\n"
    "a@example.com\tJ\xC3\xBCrgen \xF0\x9F\x98\x80\r\n"	/* U+1F600 */
    "b@example.com\t\xD0\x9F\xD1\x80\xD0\xB8\r\n";

static void
check_utf16_rows(struct got *g)
{
	CHECK(g->opened);
	CHECK(fields_are(g->hdr, "email", "name", NULL));
	CHECK_INT(g->delim, '\t');
	CHECK_INT(g->n, 2);
	CHECK(fields_are(g->rows[0], "a@example.com",
	    "J\xC3\xBCrgen \xF0\x9F\x98\x80", NULL));
	CHECK(fields_are(g->rows[1], "b@example.com", "\xD0\x9F\xD1\x80\xD0\xB8",
	    NULL));
	CHECK_INT(g->n >= 2 ? g->rows[1]->line : 0, 3);
	CHECK(g->n >= 1 && g->rows[0]->error == NULL);
}

static void
test_utf16le_bom(void)
{
	struct buf	b = BUF_INIT;
	struct got	g;

	to_utf16(utf16_text, 0, 1, &b);
	read_mem(b.data, b.len, 0, &g);
	check_utf16_rows(&g);
	CHECK_STR(g.enc, "UTF-16LE");
	CHECK_INT(g.bom, 1);
	got_free(&g);
	buf_free(&b);
}

static void
test_utf16le_no_bom(void)
{
	struct buf	b = BUF_INIT;
	struct got	g;

	to_utf16(utf16_text, 0, 0, &b);
	read_mem(b.data, b.len, 0, &g);
	check_utf16_rows(&g);
	CHECK_STR(g.enc, "UTF-16LE");
	CHECK_INT(g.bom, 0);
	got_free(&g);
	buf_free(&b);
}

static void
test_utf16be_bom(void)
{
	struct buf	b = BUF_INIT;
	struct got	g;

	to_utf16(utf16_text, 1, 1, &b);
	read_mem(b.data, b.len, 0, &g);
	check_utf16_rows(&g);
	CHECK_STR(g.enc, "UTF-16BE");
	CHECK_INT(g.bom, 1);
	got_free(&g);
	buf_free(&b);
}

/* A UTF-16 file bigger than one read: units and surrogate pairs cut
 * across read boundaries must survive. */
static void
test_utf16_large(void)
{
	struct buf		 text = BUF_INIT, b = BUF_INIT;
	struct csv_reader	*r;
	struct csv_row		*row;
	char			*path, err[512], want[64];
	int			 i, bad = 0, n = 0;

	buf_puts(&text, "id,name\r\n");
	for (i = 0; i < 5000; i++)
		buf_printf(&text, "%d,\xF0\x9F\x98\x80x%d\xC3\xA9\r\n", i, i);
	to_utf16(text.data, 0, 1, &b);
	path = write_temp(b.data, b.len);
	r = csv_reader_open(path, 0, err, sizeof err);
	CHECK(r != NULL);
	while (r != NULL && csv_reader_next(r, &row, err, sizeof err) == 1) {
		snprintf(want, sizeof want, "\xF0\x9F\x98\x80x%d\xC3\xA9", n);
		if (row->nfields != 2 || strcmp(row->fields[1], want) != 0 ||
		    row->line != n + 2 || row->error != NULL)
			bad++;
		n++;
	}
	CHECK_INT(n, 5000);
	CHECK_INT(bad, 0);
	csv_reader_close(r);
	unlink(path);
	free(path);
	buf_free(&text);
	buf_free(&b);
}

static void
test_line_endings(void)
{
	static const char *const inputs[] = {
		"a,b\n1,2\n3,4\n5,6\n",
		"a,b\r\n1,2\r\n3,4\r\n5,6\r\n",
		"a,b\r1,2\r3,4\r5,6\r",
		"a,b\r\n1,2\n3,4\r5,6",		/* mixed, no final newline */
	};
	struct got	g;
	size_t		i;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		read_str(inputs[i], 0, &g);
		CHECK(g.opened);
		CHECK(fields_are(g.hdr, "a", "b", NULL));
		CHECK_INT(g.n, 3);
		if (g.n == 3) {
			CHECK(fields_are(g.rows[0], "1", "2", NULL));
			CHECK(fields_are(g.rows[1], "3", "4", NULL));
			CHECK(fields_are(g.rows[2], "5", "6", NULL));
			CHECK_INT(g.rows[0]->line, 2);
			CHECK_INT(g.rows[1]->line, 3);
			CHECK_INT(g.rows[2]->line, 4);
			CHECK(g.rows[2]->error == NULL);
		}
		got_free(&g);
	}
}

/* Many rows so that line ends (CRLF pairs especially) fall on the reader's
 * buffer boundaries. */
static void
test_many_rows(void)
{
	static const char *const ends[] = { "\n", "\r\n", "\r" };
	struct buf		 b = BUF_INIT;
	struct csv_reader	*r;
	struct csv_row		*row;
	char			*path, err[512], want[64];
	size_t			 e;
	int			 i, n, bad;

	for (e = 0; e < 3; e++) {
		buf_reset(&b);
		buf_printf(&b, "id,value%s", ends[e]);
		for (i = 0; i < 20000; i++)
			buf_printf(&b, "%d,%.*s%s", i, i % 13, "xxxxxxxxxxxxx",
			    ends[e]);
		path = write_temp(b.data, b.len);
		r = csv_reader_open(path, 0, err, sizeof err);
		CHECK(r != NULL);
		n = bad = 0;
		while (r != NULL && csv_reader_next(r, &row, err,
		    sizeof err) == 1) {
			snprintf(want, sizeof want, "%d", n);
			if (row->nfields != 2 || strcmp(row->fields[0], want)
			    != 0 || row->lens[1] != (size_t)(n % 13) ||
			    row->line != n + 2 || row->number != n + 1 ||
			    row->error != NULL)
				bad++;
			n++;
		}
		CHECK_INT(n, 20000);
		CHECK_INT(bad, 0);
		csv_reader_close(r);
		unlink(path);
		free(path);
	}
	buf_free(&b);
}

/* A line end cut by the reader's 64 KiB reads: CR as the last byte of
 * one read and LF (or the next row) as the first byte of the next. */
static void
test_line_end_at_read_boundary(void)
{
	static const char *const ends[] = { "\r\n", "\r", "\n" };
	struct buf	b = BUF_INIT;
	struct got	g;
	size_t		e, pad, boundary = 4 + 64 * 1024;
	int		shift;

	for (e = 0; e < 3; e++)
		for (shift = -2; shift <= 2; shift++) {
			buf_reset(&b);
			buf_printf(&b, "a,b%s1,", ends[e]);
			/* The first line end of row 2 starts at boundary+shift. */
			pad = boundary + (size_t)(shift + 2) - 2 - b.len;
			while (pad-- > 0)
				buf_putc(&b, 'x');
			buf_printf(&b, "%s2,y%s3,z%s", ends[e], ends[e], ends[e]);
			read_mem(b.data, b.len, 0, &g);
			CHECK_INT(g.n, 3);
			if (g.n == 3) {
				CHECK_INT(g.rows[1]->line, 3);
				CHECK(fields_are(g.rows[1], "2", "y", NULL));
				CHECK_INT(g.rows[2]->line, 4);
				CHECK(fields_are(g.rows[2], "3", "z", NULL));
				CHECK(g.rows[0]->error == NULL);
			}
			got_free(&g);
		}
	buf_free(&b);
}

static void
test_quoted_fields(void)
{
	struct got	g;

	read_str("a,b,c\n"
	    "\"x, y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\n"
	    "\"\",\"\"\"\",\"cr\r\nlf\"\n"
	    "plain,\"\",last\n", 0, &g);
	CHECK(g.opened);
	CHECK_INT(g.n, 3);
	if (g.n == 3) {
		CHECK(fields_are(g.rows[0], "x, y", "he said \"hi\"",
		    "line1\nline2", NULL));
		CHECK(fields_are(g.rows[1], "", "\"", "cr\r\nlf", NULL));
		CHECK(fields_are(g.rows[2], "plain", "", "last", NULL));
		CHECK_INT(g.rows[0]->line, 2);
		CHECK_INT(g.rows[1]->line, 4);
		CHECK_INT(g.rows[2]->line, 6);
		CHECK(g.rows[0]->error == NULL && g.rows[1]->error == NULL);
	}
	got_free(&g);
}

static void
test_multiline_line_numbers(void)
{
	static const char *const ends[] = { "\n", "\r\n", "\r" };
	struct buf	b = BUF_INIT;
	struct got	g;
	size_t		e;

	for (e = 0; e < 3; e++) {
		const char	*nl = ends[e];

		buf_reset(&b);
		buf_printf(&b, "a,b%s", nl);			/* 1 */
		buf_printf(&b, "1,\"x%sy%sz\"%s", nl, nl, nl);	/* 2-4 */
		buf_printf(&b, "2,two%s", nl);			/* 5 */
		buf_printf(&b, "%s", nl);			/* 6 blank */
		buf_printf(&b, "\"3%s\",\"%s\"%s", nl, nl, nl);	/* 7-9 */
		buf_printf(&b, "4,four%s", nl);			/* 10 */
		read_mem(b.data, b.len, 0, &g);
		CHECK_INT(g.n, 4);
		if (g.n == 4) {
			CHECK_INT(g.rows[0]->line, 2);
			CHECK_INT(g.rows[1]->line, 5);
			CHECK_INT(g.rows[2]->line, 7);
			CHECK_INT(g.rows[3]->line, 10);
			CHECK_INT(g.rows[3]->number, 4);
			CHECK(fields_are(g.rows[1], "2", "two", NULL));
			CHECK(fields_are(g.rows[3], "4", "four", NULL));
			CHECK_INT(g.rows[0]->lens[1], 3 + 2 * strlen(nl));
		}
		got_free(&g);
	}
	buf_free(&b);
}

static void
test_delimiter_detection(void)
{
	struct got	g;

	read_str("email;first_name;last_name\na@x.com;Ann;Lee\n", 0, &g);
	CHECK_INT(g.delim, ';');
	CHECK(fields_are(g.hdr, "email", "first_name", "last_name", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "a@x.com", "Ann", "Lee", NULL));
	got_free(&g);

	read_str("email\tfirst name\na@x.com\tAnn, Lee\n", 0, &g);
	CHECK_INT(g.delim, '\t');
	CHECK(fields_are(g.hdr, "email", "first name", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "a@x.com", "Ann, Lee", NULL));
	got_free(&g);

	/* Delimiters inside a quoted header cell do not count. */
	read_str("\"a;b;c\",d\n1,2\n", 0, &g);
	CHECK_INT(g.delim, ',');
	CHECK(fields_are(g.hdr, "a;b;c", "d", NULL));
	got_free(&g);

	/* Only the header line decides, not the rows after it. */
	read_str("a,b\n1;2;3;4;5,6\n", 0, &g);
	CHECK_INT(g.delim, ',');
	CHECK(g.n == 1 && fields_are(g.rows[0], "1;2;3;4;5", "6", NULL));
	got_free(&g);

	/* An explicit delimiter overrides detection. */
	read_str("a;b;c,d\n1;2;3,4\n", 0, &g);
	CHECK_INT(g.delim, ';');
	CHECK_INT(g.hdr->nfields, 3);
	got_free(&g);
	read_str("a;b;c,d\n1;2;3,4\n", ',', &g);
	CHECK_INT(g.delim, ',');
	CHECK(fields_are(g.hdr, "a;b;c", "d", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "1;2;3", "4", NULL));
	got_free(&g);
	read_str("a,b\tc\n1,2\t3\n", '\t', &g);
	CHECK(fields_are(g.hdr, "a,b", "c", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "1,2", "3", NULL));
	got_free(&g);
}

static void
test_blank_rows_skipped(void)
{
	struct got	g;

	read_str("a,b,c\n1,2,3\n\n,,\n  ,, \n\"\",,\"\"\n4,5,6\n,,\n\n\n\r\n",
	    0, &g);
	CHECK_INT(g.n, 2);
	if (g.n == 2) {
		CHECK(fields_are(g.rows[0], "1", "2", "3", NULL));
		CHECK(fields_are(g.rows[1], "4", "5", "6", NULL));
		CHECK_INT(g.rows[1]->line, 7);
		CHECK_INT(g.rows[1]->number, 2);
		CHECK(g.rows[1]->error == NULL);
	}
	CHECK_INT(g.end_rc, 0);
	got_free(&g);

	/* Excel's ";;;;" rows in a semicolon file, with CRLF. */
	read_str("a;b;c;d;e\r\nx;y;z;w;v\r\n;;;;\r\n;;;;\r\n", 0, &g);
	CHECK_INT(g.n, 1);
	got_free(&g);

	/* A row that is blank but has the wrong count is still skipped;
	 * a row with one non-empty cell is kept. */
	read_str("a,b,c\n,,,,\n,,x\n", 0, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.n == 1 && fields_are(g.rows[0], "", "", "x", NULL));
	got_free(&g);
}

static void
test_unquoted_spaces(void)
{
	struct got	g;

	read_str("a,b,c,d\n  a b  ,\tc\t,\" d \", \"e\" \n", 0, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.n == 1 && fields_are(g.rows[0], "a b", "\tc\t", " d ", "e",
	    NULL));
	got_free(&g);
}

static void
test_wrong_field_count(void)
{
	struct got	g;

	read_str("a,b,c\n1,2\n1,2,3,4\nx,y,z\n1,2,3,\n", 0, &g);
	CHECK_INT(g.n, 4);
	if (g.n == 4) {
		/* Kept, with the fields that are there. */
		CHECK(fields_are(g.rows[0], "1", "2", NULL));
		CHECK(g.rows[0]->error != NULL);
		CHECK_CONTAINS(g.rows[0]->error, "2 fields");
		CHECK_CONTAINS(g.rows[0]->error, "3");
		CHECK_INT(g.rows[0]->error_col, 3);
		CHECK_INT(g.rows[0]->line, 2);

		CHECK(fields_are(g.rows[1], "1", "2", "3", "4", NULL));
		CHECK_CONTAINS(g.rows[1]->error, "4 fields");
		CHECK_INT(g.rows[1]->error_col, 4);

		CHECK(fields_are(g.rows[2], "x", "y", "z", NULL));
		CHECK(g.rows[2]->error == NULL);
		CHECK_INT(g.rows[2]->line, 4);

		/* A trailing delimiter is an extra empty field. */
		CHECK_INT(g.rows[3]->nfields, 4);
		CHECK(g.rows[3]->error != NULL);
	}
	got_free(&g);
}

/* A field of n bytes, quoted or not, between two good rows. */
static void
check_big_field(size_t n, int quoted, int newlines, int want_error)
{
	struct buf	b = BUF_INIT;
	struct got	g;
	size_t		i;
	int		failed_before = th_cur_failed;

	th_cur_failed = 0;
	buf_puts(&b, "a,b,c\nbefore,1,2\nx,");
	if (quoted)
		buf_putc(&b, '"');
	for (i = 0; i < n; i++)
		buf_putc(&b, newlines && i % 1000 == 999 ? '\n' :
		    (char)('a' + i % 26));
	if (quoted)
		buf_putc(&b, '"');
	buf_puts(&b, ",end\nafter,3,4\n");
	read_mem(b.data, b.len, 0, &g);
	CHECK_INT(g.n, 3);
	if (g.n == 3) {
		CHECK(fields_are(g.rows[0], "before", "1", "2", NULL));
		CHECK(fields_are(g.rows[2], "after", "3", "4", NULL));
		CHECK(g.rows[2]->error == NULL);
		CHECK_INT(g.rows[1]->line, 3);
		CHECK_INT(g.rows[2]->line, 4 + (newlines ? n / 1000 : 0));
		CHECK_INT(g.rows[2]->number, 3);
		if (want_error) {
			CHECK(g.rows[1]->error != NULL);
			CHECK_CONTAINS(g.rows[1]->error, "64 KiB");
			CHECK_INT(g.rows[1]->error_col, 2);
			/* The oversized content is not handed on. */
			CHECK(g.rows[1]->nfields < 2 ||
			    g.rows[1]->lens[1] <= CSV_FIELD_MAX);
		} else {
			CHECK(g.rows[1]->error == NULL);
			CHECK(g.rows[1]->nfields == 3 &&
			    g.rows[1]->lens[1] == n);
		}
	}
	if (th_cur_failed)
		fprintf(stderr, "    (field of %zu bytes, quoted %d, "
		    "newlines %d)\n", n, quoted, newlines);
	th_cur_failed |= failed_before;
	got_free(&g);
	buf_free(&b);
}

static void
test_field_over_64k(void)
{
	int	q;

	for (q = 0; q <= 1; q++) {
		check_big_field(CSV_FIELD_MAX, q, 0, 0);	/* the limit */
		check_big_field(CSV_FIELD_MAX + 1, q, 0, 1);
		check_big_field(70 * 1024, q, 0, 1);
		check_big_field(100 * 1024, q, 0, 1);
		check_big_field(300 * 1024, q, 0, 1);
	}
	/* Quoted with line breaks inside: lines still counted. */
	check_big_field(60 * 1024, 1, 1, 0);
	check_big_field(70 * 1024, 1, 1, 1);
	check_big_field(300 * 1024, 1, 1, 1);
}

static long
max_rss_kb(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A 48 MiB field (quoted, then unquoted) must not be buffered whole. */
static void
test_huge_field_memory(void)
{
	static char		 chunk[64 * 1024];
	struct csv_reader	*r;
	struct csv_row		*row;
	char			 path[] = "/tmp/mf-csvin.XXXXXX", err[512];
	int			 fd, q, i, n;
	long			 before, grew;

	memset(chunk, 'z', sizeof chunk);
	for (q = 1; q >= 0; q--) {
		fd = mkstemp(path);
		CHECK(fd >= 0);
		if (fd < 0)
			return;
		CHECK(write(fd, q ? "a,b\n1,\"" : "a,b\n1,", q ? 7 : 6) > 0);
		for (i = 0; i < 48 * 16; i++)
			if (write(fd, chunk, sizeof chunk) !=
			    (ssize_t)sizeof chunk)
				CHECK(!"write");
		CHECK(write(fd, q ? "\"\n2,ok\n" : "\n2,ok\n", q ? 7 : 6) > 0);
		close(fd);

		before = max_rss_kb();
		r = csv_reader_open(path, 0, err, sizeof err);
		CHECK(r != NULL);
		n = 0;
		while (r != NULL && csv_reader_next(r, &row, err,
		    sizeof err) == 1) {
			if (n == 0) {
				CHECK(row->error != NULL);
				CHECK_INT(row->error_col, 2);
			} else {
				CHECK(fields_are(row, "2", "ok", NULL));
				CHECK_INT(row->line, 3);
			}
			n++;
		}
		CHECK_INT(n, 2);
		csv_reader_close(r);
		grew = max_rss_kb() - before;
		if (grew >= 16 * 1024)
			fprintf(stderr, "    peak RSS grew by %ld KiB\n", grew);
		CHECK(grew < 16 * 1024);
		unlink(path);
		memcpy(path, "/tmp/mf-csvin.XXXXXX", sizeof path);
	}
}

static void
test_invalid_utf8(void)
{
	struct got	g;

	read_str("a,b,c\n"
	    "ok,\xFF\xFE,x\n"			/* not UTF-8 at all */
	    "ok,fine,\xC0\xAF\n"		/* overlong '/' */
	    "\xED\xA0\x80,fine,x\n"		/* a surrogate */
	    "ok,caf\xC3,x\n"			/* truncated sequence */
	    "ok,caf\xC3\xA9,x\n", 0, &g);
	CHECK_INT(g.n, 5);
	if (g.n == 5) {
		CHECK_CONTAINS(g.rows[0]->error, "UTF-8");
		CHECK_INT(g.rows[0]->error_col, 2);
		CHECK_INT(g.rows[0]->nfields, 3);
		CHECK_CONTAINS(g.rows[1]->error, "UTF-8");
		CHECK_INT(g.rows[1]->error_col, 3);
		CHECK_CONTAINS(g.rows[2]->error, "UTF-8");
		CHECK_INT(g.rows[2]->error_col, 1);
		CHECK_CONTAINS(g.rows[3]->error, "UTF-8");
		CHECK_INT(g.rows[3]->error_col, 2);
		CHECK(g.rows[4]->error == NULL);
		CHECK(fields_are(g.rows[4], "ok", "caf\xC3\xA9", "x", NULL));
		CHECK_INT(g.rows[4]->line, 6);
	}
	got_free(&g);

	/* In the header the whole file is refused. */
	read_str("a,\xFF,c\n1,2,3\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "header");
	CHECK_CONTAINS(g.err, "UTF-8");
	got_free(&g);
}

static void
test_malformed_quoting(void)
{
	struct got	g;

	read_str("w,x,y,z\n"
	    "a,b\"c,d,e\n"		/* quote inside an unquoted field */
	    "\"x\"y,2,3,4\n"		/* text after a closing quote */
	    "1,2,3,4\n"
	    "p,\"q\" r,s,t\n"
	    "5,6,7,8\n", 0, &g);
	CHECK_INT(g.n, 5);
	if (g.n == 5) {
		CHECK(g.rows[0]->error != NULL);
		CHECK_CONTAINS(g.rows[0]->error, "quot");
		CHECK_INT(g.rows[0]->error_col, 2);
		CHECK_INT(g.rows[0]->line, 2);
		CHECK(g.rows[1]->error != NULL);
		CHECK_CONTAINS(g.rows[1]->error, "quot");
		CHECK_INT(g.rows[1]->error_col, 1);
		CHECK_INT(g.rows[1]->line, 3);
		CHECK(fields_are(g.rows[2], "1", "2", "3", "4", NULL));
		CHECK(g.rows[2]->error == NULL);
		CHECK_INT(g.rows[2]->line, 4);
		CHECK_INT(g.rows[3]->error_col, 2);
		CHECK(fields_are(g.rows[4], "5", "6", "7", "8", NULL));
		CHECK(g.rows[4]->error == NULL);
		CHECK_INT(g.rows[4]->line, 6);
	}
	got_free(&g);

	/* A bad header row refuses the file. */
	read_str("a,b\"c\n1,2\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "header");
	CHECK_CONTAINS(g.err, "line 1");
	got_free(&g);
}

static void
test_unterminated_quote_file(void)
{
	struct got	g;

	read_str("a,b\n"
	    "1,2\n"
	    "3,\"oops\n"
	    "5,6\n"
	    "7,\"se,ven\"\n", 0, &g);
	CHECK_INT(g.n, 4);
	if (g.n == 4) {
		CHECK(fields_are(g.rows[0], "1", "2", NULL));
		CHECK(g.rows[1]->error != NULL);
		CHECK_CONTAINS(g.rows[1]->error, "unterminated");
		CHECK_INT(g.rows[1]->error_col, 2);
		CHECK_INT(g.rows[1]->line, 3);
		CHECK(fields_are(g.rows[2], "5", "6", NULL));
		CHECK(g.rows[2]->error == NULL);
		CHECK_INT(g.rows[2]->line, 4);
		CHECK(fields_are(g.rows[3], "7", "se,ven", NULL));
		CHECK_INT(g.rows[3]->line, 5);
		CHECK_INT(g.rows[3]->number, 4);
	}
	CHECK_INT(g.end_rc, 0);
	got_free(&g);

	/* Two of them in a row, CRLF, no final newline. */
	read_str("a,b\r\n\"1,2\r\n3,\"x\r\n5,6", 0, &g);
	CHECK_INT(g.n, 3);
	if (g.n == 3) {
		CHECK_INT(g.rows[0]->line, 2);
		CHECK_INT(g.rows[0]->error_col, 1);
		CHECK_CONTAINS(g.rows[0]->error, "unterminated");
		CHECK_INT(g.rows[1]->line, 3);
		CHECK_INT(g.rows[1]->error_col, 2);
		CHECK_CONTAINS(g.rows[1]->error, "unterminated");
		CHECK(fields_are(g.rows[2], "5", "6", NULL));
		CHECK_INT(g.rows[2]->line, 4);
	}
	got_free(&g);

	/* On the last line: just that row. */
	read_str("a,b\n1,2\n3,\"x\n", 0, &g);
	CHECK_INT(g.n, 2);
	CHECK(g.n == 2 && g.rows[1]->error != NULL && g.rows[1]->line == 3);
	got_free(&g);
}

/* Standard input from a pipe: cannot re-read, so the row is reported and
 * the rest of the input is gone, but nothing hangs or crashes. */
static void
test_unterminated_quote_pipe(void)
{
	static const char	 data[] = "a,b\n1,2\n3,\"oops\n5,6\n7,8\n";
	struct csv_reader	*r;
	struct got		 g;
	int			 p[2], saved;

	memset(&g, 0, sizeof g);
	saved = dup(STDIN_FILENO);
	CHECK(saved >= 0 && pipe(p) == 0);
	CHECK(write(p[1], data, sizeof data - 1) == (ssize_t)(sizeof data - 1));
	close(p[1]);
	dup2(p[0], STDIN_FILENO);
	close(p[0]);
	r = csv_reader_open("-", 0, g.err, sizeof g.err);
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(csv_reader_path(r), "(stdin)");
		drain(r, &g);
	}
	dup2(saved, STDIN_FILENO);
	close(saved);
	CHECK_INT(g.n, 2);
	if (g.n == 2) {
		CHECK(fields_are(g.rows[0], "1", "2", NULL));
		CHECK(g.rows[1]->error != NULL);
		CHECK_CONTAINS(g.rows[1]->error, "unterminated");
		CHECK_INT(g.rows[1]->line, 3);
		CHECK_INT(g.rows[1]->error_col, 2);
	}
	CHECK_INT(g.end_rc, 0);
	got_free(&g);
}

/* Ordinary input from a pipe reads like a file. */
static void
test_pipe_input(void)
{
	static const char	 data[] = "\xEF\xBB\xBF" "a;b\r\n1;\"x\r\ny\"\r\n3;4\r\n";
	struct csv_reader	*r;
	struct got		 g;
	int			 p[2], saved;

	memset(&g, 0, sizeof g);
	saved = dup(STDIN_FILENO);
	CHECK(saved >= 0 && pipe(p) == 0);
	CHECK(write(p[1], data, sizeof data - 1) == (ssize_t)(sizeof data - 1));
	close(p[1]);
	dup2(p[0], STDIN_FILENO);
	close(p[0]);
	r = csv_reader_open("-", 0, g.err, sizeof g.err);
	CHECK(r != NULL);
	if (r != NULL)
		drain(r, &g);
	dup2(saved, STDIN_FILENO);
	close(saved);
	CHECK_INT(g.bom, 1);
	CHECK(g.opened && fields_are(g.hdr, "a", "b", NULL));
	CHECK_INT(g.n, 2);
	if (g.n == 2) {
		CHECK(fields_are(g.rows[0], "1", "x\r\ny", NULL));
		CHECK(fields_are(g.rows[1], "3", "4", NULL));
		CHECK_INT(g.rows[1]->line, 4);
	}
	got_free(&g);
}

static void
test_empty_and_header_only(void)
{
	static const char *const empty[] = { "", "\xEF\xBB\xBF", "\n\n\r\n",
	    "\xFF\xFE" };
	struct got	g;
	size_t		i;

	for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		read_str(empty[i], 0, &g);
		CHECK(!g.opened);
		CHECK_CONTAINS(g.err, "empty");
		CHECK_CONTAINS(g.err, "header");
		got_free(&g);
	}

	read_str("email,name\n", 0, &g);
	CHECK(g.opened);
	CHECK(fields_are(g.hdr, "email", "name", NULL));
	CHECK_INT(g.n, 0);
	CHECK_INT(g.end_rc, 0);
	got_free(&g);

	read_str("email,name", 0, &g);		/* no newline at all */
	CHECK(g.opened && fields_are(g.hdr, "email", "name", NULL));
	CHECK_INT(g.n, 0);
	got_free(&g);

	read_str("email,name\n\n,\n\n", 0, &g);	/* only blank rows */
	CHECK_INT(g.n, 0);
	got_free(&g);
}

/* Excel's "sep=X" first line names the delimiter and is no row; lines
 * keep their numbers in the file. */
static void
test_sep_line(void)
{
	struct got	g;

	read_str("sep=;\nemail;first_name\na@x.com;Ann, Lee\nb@x.com;Bo\n", 0,
	    &g);
	CHECK(g.opened);
	CHECK_INT(g.delim, ';');
	CHECK(fields_are(g.hdr, "email", "first_name", NULL));
	CHECK_INT(g.hdr ? g.hdr->line : 0, 2);
	CHECK(g.n == 2 && fields_are(g.rows[0], "a@x.com", "Ann, Lee", NULL));
	CHECK_INT(g.n == 2 ? g.rows[0]->line : 0, 3);
	CHECK_INT(g.n == 2 ? g.rows[1]->line : 0, 4);
	CHECK_INT(g.n == 2 ? g.rows[0]->number : 0, 1);
	got_free(&g);

	/* After a BOM, with CRLF, upper case, any one character. */
	read_str("\xEF\xBB\xBFSEP=|\r\nemail|name\r\na@x.com|A;B,C\r\n", 0, &g);
	CHECK(g.opened && g.bom);
	CHECK_INT(g.delim, '|');
	CHECK(fields_are(g.hdr, "email", "name", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "a@x.com", "A;B,C", NULL));
	CHECK_INT(g.n == 1 ? g.rows[0]->line : 0, 3);
	got_free(&g);

	/* Excel's "Unicode text" (UTF-16LE) with the line. */
	{
		struct buf	u = BUF_INIT;

		to_utf16("sep=;\r\nemail;name\r\na@x.com;A,B\r\n", 0, 1, &u);
		read_mem(u.data, u.len, 0, &g);
		buf_free(&u);
	}
	CHECK_INT(g.delim, ';');
	CHECK(fields_are(g.hdr, "email", "name", NULL));
	CHECK(g.n == 1 && fields_are(g.rows[0], "a@x.com", "A,B", NULL));
	CHECK_INT(g.n == 1 ? g.rows[0]->line : 0, 3);
	got_free(&g);

	read_str("sep=\t\nemail\tname\na@x.com\tA\n", 0, &g);
	CHECK_INT(g.delim, '\t');
	CHECK(g.n == 1 && fields_are(g.rows[0], "a@x.com", "A", NULL));
	got_free(&g);

	/* --delimiter still wins; the line is still skipped. */
	read_str("sep=;\nemail,name\na@x.com,A\n", ',', &g);
	CHECK_INT(g.delim, ',');
	CHECK(fields_are(g.hdr, "email", "name", NULL));
	got_free(&g);

	/* A broken row after it is reported at its own line. */
	read_str("sep=,\nemail,name\na@x.com,A,extra\n", 0, &g);
	CHECK(g.n == 1 && g.rows[0]->error != NULL);
	CHECK_INT(g.n == 1 ? g.rows[0]->line : 0, 3);
	got_free(&g);

	/* An unterminated quote: reading goes on at the right line (file
	 * offsets count the skipped line). */
	read_str("sep=,\nemail,name\n\"a@x.com,A\nb@x.com,B\n", 0, &g);
	CHECK_INT(g.n, 2);
	CHECK(g.n == 2 && g.rows[0]->error != NULL && g.rows[0]->line == 3);
	CHECK(g.n == 2 && fields_are(g.rows[1], "b@x.com", "B", NULL));
	CHECK_INT(g.n == 2 ? g.rows[1]->line : 0, 4);
	got_free(&g);

	/* Not a usable delimiter, or nothing after it. */
	read_str("sep=\nemail\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "line 1: \"sep=\" must be followed by one");
	read_str("sep=\"\nemail\n", 0, &g);
	CHECK(!g.opened);
	read_str("sep=;;\nemail\n", 0, &g);
	CHECK(!g.opened);
	read_str("sep=;", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "empty");
	/* A header cell that merely starts so is left alone. */
	read_str("separator,email\n1,a@x.com\n", 0, &g);
	CHECK(g.opened && fields_are(g.hdr, "separator", "email", NULL));
	got_free(&g);
}

/* A header naming a column twice is refused, both columns named. */
static void
test_header_twice(void)
{
	struct got	g;

	read_str("email,first_name,email\na@x.com,A,b@x.com\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "line 1: column 1 \"email\" and column 3 "
	    "\"email\" have the same name");
	read_str("sep=;\nid;Email;e-mail\xC2\xA0\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "line 2: column 2 \"Email\" and column 3 "
	    "\"e-mail<U+00A0>\" have the same name");
	read_str("email,Email Address\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "both name the email column");
	/* Also columns no field knows. */
	read_str("notes,email,Notes\n", 0, &g);
	CHECK(!g.opened);
	CHECK_CONTAINS(g.err, "column 1 \"notes\" and column 3 \"Notes\"");
	/* Sequencer copies of one field are no conflict. */
	read_str("Email,IMAP Username,IMAP Password,SMTP Username,"
	    "SMTP Password\na@x.com,a@x.com,p,a@x.com,p\n", 0, &g);
	CHECK(g.opened && g.n == 1);
	got_free(&g);
}

static void
test_open_errors(void)
{
	char	err[512];

	err[0] = '\0';
	CHECK(csv_reader_open("/nonexistent/mf/in.csv", 0, err,
	    sizeof err) == NULL);
	CHECK_CONTAINS(err, "/nonexistent/mf/in.csv");
	CHECK_CONTAINS(err, strerror(ENOENT));
	err[0] = '\0';
	CHECK(csv_reader_open("/tmp", 0, err, sizeof err) == NULL);
	CHECK_CONTAINS(err, "directory");
}

static void
test_row_copy(void)
{
	static const char	 data[] = "a,b,c\n1,\"x\0y\",z\nq,\"r\ns\"\n";
	struct csv_reader	*r;
	struct csv_row		*row, *c1 = NULL, *c2 = NULL;
	char			*path, err[512];

	path = write_temp(data, sizeof data - 1);
	r = csv_reader_open(path, 0, err, sizeof err);
	CHECK(r != NULL);
	if (r == NULL)
		goto out;
	CHECK_INT(csv_reader_next(r, &row, err, sizeof err), 1);
	c1 = csv_row_copy(row);
	CHECK_INT(csv_reader_next(r, &row, err, sizeof err), 1);
	c2 = csv_row_copy(row);
	CHECK_INT(csv_reader_next(r, &row, err, sizeof err), 0);
	csv_reader_close(r);

	/* The copies outlive the reader and keep lengths, NUL bytes too. */
	CHECK_INT(c1->nfields, 3);
	CHECK_INT(c1->lens[1], 3);
	CHECK(memcmp(c1->fields[1], "x\0y", 4) == 0);
	CHECK_STR(c1->fields[2], "z");
	CHECK_INT(c1->line, 2);
	CHECK_INT(c1->number, 1);
	CHECK(c1->error == NULL);
	CHECK_INT(c2->nfields, 2);
	CHECK_STR(c2->fields[1], "r\ns");
	CHECK_INT(c2->line, 3);
	CHECK_INT(c2->number, 2);
	CHECK(c2->error != NULL);		/* 2 fields, header has 3 */
	CHECK_INT(c2->error_col, 3);
	CHECK_CONTAINS(c2->error, "2 fields");
out:
	csv_row_free(c1);
	csv_row_free(c2);
	csv_row_free(NULL);
	unlink(path);
	free(path);
}

int
main(void)
{
	TEST(test_huge_field_memory);	/* first: measures peak RSS */
	TEST(test_utf8_plain);
	TEST(test_utf8_bom);
	TEST(test_utf16le_bom);
	TEST(test_utf16le_no_bom);
	TEST(test_utf16be_bom);
	TEST(test_utf16_large);
	TEST(test_line_endings);
	TEST(test_many_rows);
	TEST(test_line_end_at_read_boundary);
	TEST(test_quoted_fields);
	TEST(test_multiline_line_numbers);
	TEST(test_delimiter_detection);
	TEST(test_blank_rows_skipped);
	TEST(test_unquoted_spaces);
	TEST(test_wrong_field_count);
	TEST(test_field_over_64k);
	TEST(test_invalid_utf8);
	TEST(test_malformed_quoting);
	TEST(test_unterminated_quote_file);
	TEST(test_unterminated_quote_pipe);
	TEST(test_pipe_input);
	TEST(test_empty_and_header_only);
	TEST(test_sep_line);
	TEST(test_header_twice);
	TEST(test_open_errors);
	TEST(test_row_copy);
	return th_done();
}
