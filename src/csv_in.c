/*
 * csv_in.c - the reader stage: streaming CSV input on top of libcsv.
 *
 * The input is cut into physical lines (LF, CRLF or a lone CR) of at most
 * PIECE_MAX bytes and fed to libcsv one piece at a time. A record can only
 * end at a line end, so at most one record completes per piece, and the
 * reader always knows the line a record started on. libcsv runs in strict
 * mode; when it refuses a record, or a field grows past CSV_FIELD_MAX, the
 * reader marks the row, skips to the end of that record by itself and
 * starts libcsv afresh, so the following rows are read as if nothing
 * happened. An unterminated quote at end of file would swallow every later
 * line into one field, and a stray quote closed by another quote lines
 * later swallows the lines between: on a seekable file the reader reports
 * the row and reads on from the line after the one it started on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "buf.h"
#include "columns.h"
#include "csv_in.h"
#include "utf8.h"
#include "xmalloc.h"

#define READ_SIZE	(64 * 1024)
#define PIECE_MAX	(64 * 1024)

enum encoding { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

enum skip {
	SKIP_NONE,
	SKIP_TO_EOL,		/* drop bytes up to the end of the line */
	SKIP_QUOTED,		/* inside a quoted field: wait for its end */
	SKIP_QUOTED_QUOTE	/* saw a quote inside it: "" or the end */
};

/* The row being assembled: fields packed in one buffer, NUL-separated. */
struct rowbuild {
	struct buf	 data;
	size_t		*offs;
	size_t		*lens;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* fields past CSV_FIELDS_MAX */
	struct buf	 err;
	size_t		 err_col;
};

struct csv_reader {
	char			*path;
	int			 fd;
	int			 seekable;
	enum encoding		 enc;
	int			 had_bom;
	struct utf16_decoder	 u16;
	struct csv_parser	 p;
	int			 parser_live;
	char			 delim;

	struct buf		 in;		/* decoded bytes not yet fed */
	size_t			 pos;
	off_t			 base_off;	/* file offset of in.data[0] */
	int			 eof;

	long			 line;		/* line of the next piece */
	int			 row_open;
	long			 row_line;
	off_t			 row_next_line;	/* offset after its first line */
	enum skip		 skip;
	int			 ready;
	long			 number;
	size_t			 ncols;

	struct rowbuild		 cur;
	struct csv_row		 out;
	struct csv_row		 header;
};

static int
space_func(unsigned char c)
{
	return c == ' ';
}

static void
parser_start(struct csv_reader *r)
{
	if (r->parser_live)
		csv_free(&r->p);
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, space_func);
	csv_set_blk_size(&r->p, 4096);
	r->parser_live = 1;
}

static void
row_error(struct csv_reader *r, size_t col, const char *msg)
{
	if (r->cur.err.len > 0)
		return;				/* the first problem wins */
	buf_puts(&r->cur.err, msg);
	r->cur.err_col = col;
}

static void
row_reset(struct rowbuild *rb)
{
	buf_reset(&rb->data);
	buf_reset(&rb->err);
	rb->n = 0;
	rb->dropped = 0;
	rb->err_col = 0;
}

static void
cb_field(void *field, size_t len, void *arg)
{
	struct csv_reader	*r = arg;
	struct rowbuild		*rb = &r->cur;
	size_t			 bad;

	if (field == NULL)
		len = 0;
	if (len > CSV_FIELD_MAX) {
		/* A field completed within one piece can pass feed_piece's
		 * check of the parser's buffer. */
		row_error(r, rb->n + 1, "field over 64 KiB");
		len = 0;			/* its content is not handed on */
	}
	if (rb->n >= CSV_FIELDS_MAX || rb->data.len + len > CSV_ROW_MAX) {
		if (rb->dropped++ == 0)
			row_error(r, rb->n + 1, "row too large (over 4096 "
			    "fields or 1 MiB); the rest of it is dropped");
		return;
	}
	if (rb->n == rb->cap) {
		rb->cap = rb->cap ? rb->cap * 2 : 16;
		rb->offs = xreallocarray(rb->offs, rb->cap, sizeof *rb->offs);
		rb->lens = xreallocarray(rb->lens, rb->cap, sizeof *rb->lens);
	}
	rb->offs[rb->n] = rb->data.len;
	rb->lens[rb->n] = len;
	buf_append(&rb->data, field, len);
	buf_putc(&rb->data, '\0');
	rb->n++;
	if (len > 0 && !utf8_valid(field, len, &bad)) {
		struct buf	m = BUF_INIT;

		buf_printf(&m, "invalid UTF-8 at byte %zu of the field; save "
		    "the file as \"CSV UTF-8\"", bad + 1);
		row_error(r, rb->n, buf_cstr(&m));
		buf_free(&m);
	}
}

static int
row_is_blank(const struct rowbuild *rb)
{
	size_t	i;

	for (i = 0; i < rb->n; i++)
		if (rb->lens[i] != 0)
			return 0;
	return rb->err.len == 0;
}

/* Ends the record being built; blank records (",,,") are dropped. */
static void
row_finish(struct csv_reader *r)
{
	struct rowbuild	*rb = &r->cur;
	struct csv_row	*o = &r->out;
	size_t		 i, total;

	r->row_open = 0;
	r->skip = SKIP_NONE;
	if (row_is_blank(rb)) {
		row_reset(rb);
		return;
	}
	total = rb->n + rb->dropped;
	if (r->ncols > 0 && total != r->ncols) {
		struct buf	m = BUF_INIT;

		buf_printf(&m, "row has %zu fields, the header has %zu",
		    total, r->ncols);
		row_error(r, (total < r->ncols ? total : r->ncols) + 1,
		    buf_cstr(&m));
		buf_free(&m);
	}
	if (o->cap < rb->n) {
		o->cap = rb->n;
		o->fields = xreallocarray(o->fields, o->cap, sizeof *o->fields);
		o->lens = xreallocarray(o->lens, o->cap, sizeof *o->lens);
	}
	for (i = 0; i < rb->n; i++) {
		o->fields[i] = rb->data.data + rb->offs[i];
		o->lens[i] = rb->lens[i];
	}
	o->nfields = rb->n;
	o->line = r->row_line;
	o->error = rb->err.len ? rb->err.data : NULL;
	o->error_col = rb->err_col;
	r->ready = 1;
}

static void
cb_record(int term, void *arg)
{
	(void)term;
	row_finish(arg);
}

/* Reads more input into r->in. Returns 0, or -1 on a read error. */
static int
fill(struct csv_reader *r, char *err, size_t errlen)
{
	unsigned char	raw[READ_SIZE];
	ssize_t		n;

	if (r->pos > 0 && r->pos >= r->in.len / 2) {
		r->base_off += (off_t)r->pos;
		memmove(r->in.data, r->in.data + r->pos, r->in.len - r->pos);
		r->in.len -= r->pos;
		r->in.data[r->in.len] = '\0';
		r->pos = 0;
	}
	do
		n = read(r->fd, raw, sizeof raw);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	if (n == 0) {
		r->eof = 1;
		if (r->enc != ENC_UTF8)
			utf16_finish(&r->u16, &r->in);
		return 0;
	}
	if (r->enc == ENC_UTF8)
		buf_append(&r->in, raw, (size_t)n);
	else
		utf16_feed(&r->u16, raw, (size_t)n, &r->in);
	return 0;
}

/*
 * Finds the next piece: up to and including a line end, or PIECE_MAX bytes.
 * Returns its length (0 at the very end) and whether it ends a line.
 */
static int
next_piece(struct csv_reader *r, size_t *len, int *eol, char *err,
    size_t errlen)
{
	const char	*s, *nl, *cr;
	size_t		 avail, end;

	for (;;) {
		s = r->in.data ? r->in.data + r->pos : "";
		avail = r->in.len - r->pos;
		nl = memchr(s, '\n', avail);
		cr = memchr(s, '\r', nl ? (size_t)(nl - s) : avail);
		if (cr != NULL) {
			end = (size_t)(cr - s) + 1;
			if (end < avail || r->eof) {
				if (end < avail && s[end] == '\n')
					end++;
				*len = end;
				*eol = 1;
				return 0;
			}
		} else if (nl != NULL) {
			*len = (size_t)(nl - s) + 1;
			*eol = 1;
			return 0;
		} else if (avail >= PIECE_MAX || (r->eof && avail > 0)) {
			*len = avail < PIECE_MAX ? avail : PIECE_MAX;
			*eol = 0;
			return 0;
		}
		if (r->eof) {
			*len = 0;
			*eol = 0;
			return 0;
		}
		if (fill(r, err, errlen) < 0)
			return -1;
	}
}

/* Runs the skip state machine over s; returns 1 once the record is over. */
static int
skip_bytes(struct csv_reader *r, const char *s, size_t len, int eol)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		switch (r->skip) {
		case SKIP_QUOTED:
			if (s[i] == '"')
				r->skip = SKIP_QUOTED_QUOTE;
			break;
		case SKIP_QUOTED_QUOTE:
			r->skip = s[i] == '"' ? SKIP_QUOTED : SKIP_TO_EOL;
			if (r->skip == SKIP_TO_EOL && (s[i] == '\n' ||
			    s[i] == '\r'))
				return 1;
			break;
		default:
			break;
		}
	}
	return eol && r->skip == SKIP_TO_EOL;
}

/* Skipping ended the record: emit it and restart libcsv. */
static void
skip_done(struct csv_reader *r)
{
	parser_start(r);
	row_finish(r);
}

/* Re-read from the line after the broken row's first line. */
static int
rewind_after_row(struct csv_reader *r, char *err, size_t errlen)
{
	if (lseek(r->fd, r->row_next_line, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	buf_reset(&r->in);
	r->pos = 0;
	r->base_off = r->row_next_line;
	r->eof = 0;
	r->line = r->row_line + 1;
	return 0;
}

/* End of input: flush libcsv, detect an unterminated quote. */
static int
at_end(struct csv_reader *r, char *err, size_t errlen)
{
	int	unterminated = 0, multi;

	if (!r->row_open)
		return 0;
	if (r->skip == SKIP_QUOTED || r->skip == SKIP_QUOTED_QUOTE)
		unterminated = r->skip == SKIP_QUOTED;
	else if (r->skip == SKIP_NONE &&
	    csv_fini(&r->p, cb_field, cb_record, r) != 0)
		unterminated = 1;
	if (!unterminated) {
		if (r->row_open)
			skip_done(r);
		return 0;
	}
	/* Lines after the row's first one were read (with or without a
	 * final line end)? */
	multi = r->base_off + (off_t)r->pos > r->row_next_line;
	row_error(r, r->cur.n + 1, multi && r->seekable ?
	    "unterminated quoted field: the quote opened here is never "
	    "closed (reading goes on at the next line)" :
	    "unterminated quoted field: the quote opened here is never "
	    "closed, so the rest of the file was read into this field");
	skip_done(r);
	if (multi && r->seekable)
		return rewind_after_row(r, err, errlen);
	return 0;
}

/* Feeds one piece. Returns 1 when the row it ended must be re-read from
 * the line after its first one (see rewind_after_row), else 0. */
static int
feed_piece(struct csv_reader *r, const char *s, size_t len, int eol)
{
	size_t	n;
	int	blank;

	blank = len == 0 || s[0] == '\n' || s[0] == '\r';
	if (!r->row_open && !blank) {
		r->row_open = 1;
		r->row_line = r->line;
		r->row_next_line = r->base_off + (off_t)(r->pos + len);
	}
	if (r->row_open && r->line == r->row_line)
		r->row_next_line = r->base_off + (off_t)(r->pos + len);
	if (r->skip != SKIP_NONE) {
		if (skip_bytes(r, s, len, eol))
			skip_done(r);
		return 0;
	}
	n = csv_parse(&r->p, s, len, cb_field, cb_record, r);
	if (n < len && r->line > r->row_line && r->seekable) {
		/* A stray quote swallowed the lines after it up to the next
		 * quote: report it and read those lines again as rows. */
		row_error(r, r->cur.n + 1, "unterminated quoted field: the "
		    "quote opened here runs on into the following lines "
		    "(reading goes on at the next line)");
		skip_done(r);
		return 1;
	}
	if (n < len) {
		row_error(r, r->cur.n + 1, csv_error(&r->p) == CSV_EPARSE ?
		    "malformed quoting: a quote inside an unquoted field, or "
		    "text after a closing quote" : "cannot parse the field");
		r->skip = SKIP_TO_EOL;
		if (skip_bytes(r, s + n, len - n, eol))
			skip_done(r);
		return 0;
	}
	if (r->p.entry_pos > CSV_FIELD_MAX) {
		row_error(r, r->cur.n + 1, "field over 64 KiB");
		r->skip = r->p.quoted ? SKIP_QUOTED : SKIP_TO_EOL;
		parser_start(r);
		if (eol && r->skip == SKIP_TO_EOL)
			skip_done(r);
	}
	return 0;
}

/* Produces the next record into r->cur/r->out. 1 row, 0 end, -1 error. */
static int
next_record(struct csv_reader *r, char *err, size_t errlen)
{
	size_t	len;
	int	eol, again;

	if (r->ready)
		row_reset(&r->cur);
	r->ready = 0;
	while (!r->ready) {
		if (next_piece(r, &len, &eol, err, errlen) < 0)
			return -1;
		if (len == 0) {
			if (at_end(r, err, errlen) < 0)
				return -1;
			if (!r->ready && r->eof)
				return 0;
			continue;
		}
		again = feed_piece(r, r->in.data + r->pos, len, eol);
		r->pos += len;
		if (eol)
			r->line++;
		if (again && rewind_after_row(r, err, errlen) < 0)
			return -1;
	}
	return 1;
}

/* Sniffs the encoding from the first bytes and strips any BOM. */
static int
sniff_encoding(struct csv_reader *r, char *err, size_t errlen)
{
	unsigned char	first[4];
	ssize_t		n;
	size_t		got = 0, skipbom = 0;

	while (got < sizeof first) {
		n = read(r->fd, first + got, sizeof first - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", r->path,
			    strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got >= 3 && first[0] == 0xEF && first[1] == 0xBB &&
	    first[2] == 0xBF) {
		r->had_bom = 1;
		skipbom = 3;
	} else if (got >= 2 && first[0] == 0xFF && first[1] == 0xFE) {
		r->enc = ENC_UTF16LE;
		skipbom = 2;
	} else if (got >= 2 && first[0] == 0xFE && first[1] == 0xFF) {
		r->enc = ENC_UTF16BE;
		skipbom = 2;
	} else if (got == 4 && first[0] != 0 && first[1] == 0 &&
	    first[2] != 0 && first[3] == 0)
		r->enc = ENC_UTF16LE;		/* "Unicode text" without BOM */
	if (r->enc != ENC_UTF8) {
		r->had_bom = skipbom > 0;
		utf16_init(&r->u16, r->enc == ENC_UTF16BE);
		utf16_feed(&r->u16, first + skipbom, got - skipbom, &r->in);
		r->seekable = 0;	/* offsets are in converted bytes */
	} else
		buf_append(&r->in, first + skipbom, got - skipbom);
	r->base_off = (off_t)skipbom;
	if (got == 0)
		r->eof = 1;
	return 0;
}

/* Picks ',' ';' or tab: whichever the header line holds most of. */
static char
sniff_delim(const char *s, size_t len)
{
	size_t	i, comma = 0, semi = 0, tab = 0;
	int	inq = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (s[i] == '\n' || s[i] == '\r')
			break;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

/*
 * Excel's "sep=X" first line names the delimiter: skips it, sets *sep.
 * Returns 0 (also when there is none), -1 when it names no single
 * usable character.
 */
static int
sep_line(struct csv_reader *r, size_t len, char *sep, char *err,
    size_t errlen)
{
	const char	*s = r->in.data ? r->in.data + r->pos : "";
	size_t		 n = len;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n < 4 || strncasecmp(s, "sep=", 4) != 0)
		return 0;
	if (n != 5 || s[4] == '"' || (s[4] != '\t' &&
	    ((unsigned char)s[4] < 0x20 || (unsigned char)s[4] >= 0x7F))) {
		snprintf(err, errlen, "%s: line 1: \"sep=\" must be followed "
		    "by one delimiter character (not a quote), then the end of "
		    "the line", r->path);
		return -1;
	}
	*sep = s[4];
	r->pos += len;
	r->line++;
	return 0;
}

/* Refuses a header that names a column twice (columns.c). */
static int
check_header(struct csv_reader *r, char *err, size_t errlen)
{
	struct buf	m = BUF_INIT;
	int		rc;

	rc = col_check_header((const char *const *)r->out.fields,
	    r->out.nfields, &m);
	if (rc < 0)
		snprintf(err, errlen, "%s: line %ld: %s", r->path, r->out.line,
		    buf_cstr(&m));
	buf_free(&m);
	return rc;
}

struct csv_reader *
csv_reader_open(const char *path, char delim, char *err, size_t errlen)
{
	struct csv_reader	*r;
	struct stat		 st;
	size_t			 i, len;
	int			 eol;
	char			 sep = 0;

	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(strcmp(path, "-") == 0 ? "(stdin)" : path);
	if (strcmp(path, "-") == 0)
		r->fd = STDIN_FILENO;
	else if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		goto fail;
	}
	r->seekable = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
	r->line = 1;
	if (sniff_encoding(r, err, errlen) < 0)
		goto fail;
	if (next_piece(r, &len, &eol, err, errlen) < 0 ||
	    sep_line(r, len, &sep, err, errlen) < 0 ||
	    next_piece(r, &len, &eol, err, errlen) < 0)
		goto fail;
	r->delim = delim ? delim : sep ? sep : sniff_delim(r->in.data ?
	    r->in.data + r->pos : "", r->in.len - r->pos);
	parser_start(r);
	switch (next_record(r, err, errlen)) {
	case -1:
		goto fail;
	case 0:
		snprintf(err, errlen, "%s: the file is empty; a header row "
		    "naming the columns is required", r->path);
		goto fail;
	}
	if (r->out.error != NULL) {
		snprintf(err, errlen, "%s: line %ld: cannot read the header "
		    "row: %s", r->path, r->out.line, r->out.error);
		goto fail;
	}
	if (check_header(r, err, errlen) < 0)
		goto fail;
	r->ncols = r->out.nfields;
	r->header.nfields = r->ncols;
	r->header.fields = xcalloc(r->ncols, sizeof *r->header.fields);
	r->header.lens = xcalloc(r->ncols, sizeof *r->header.lens);
	r->header.line = r->out.line;
	for (i = 0; i < r->ncols; i++) {
		r->header.fields[i] = xstrdup(r->out.fields[i]);
		r->header.lens[i] = strlen(r->header.fields[i]);
	}
	return r;
fail:
	csv_reader_close(r);
	return NULL;
}

int
csv_input_openable(const char *path)
{
	struct stat	st;
	int		fd, ok;

	if (strcmp(path, "-") == 0)
		return 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	ok = fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode);
	close(fd);
	return ok;
}

int
csv_reader_next(struct csv_reader *r, struct csv_row **row, char *err,
    size_t errlen)
{
	int	rc;

	rc = next_record(r, err, errlen);
	if (rc == 1) {
		r->out.number = ++r->number;
		*row = &r->out;
	}
	return rc;
}

const struct csv_row *
csv_reader_header(const struct csv_reader *r)
{
	return &r->header;
}

char
csv_reader_delim(const struct csv_reader *r)
{
	return r->delim;
}

const char *
csv_reader_path(const struct csv_reader *r)
{
	return r->path;
}

int
csv_reader_had_bom(const struct csv_reader *r)
{
	return r->had_bom;
}

const char *
csv_reader_encoding(const struct csv_reader *r)
{
	switch (r->enc) {
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "UTF-8";
	}
}

void
csv_reader_close(struct csv_reader *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	if (r->parser_live)
		csv_free(&r->p);
	buf_free(&r->in);
	buf_free(&r->cur.data);
	buf_free(&r->cur.err);
	free(r->cur.offs);
	free(r->cur.lens);
	free(r->out.fields);
	free(r->out.lens);
	for (i = 0; i < r->header.nfields; i++)
		free(r->header.fields[i]);
	free(r->header.fields);
	free(r->header.lens);
	free(r->path);
	free(r);
}

struct csv_row *
csv_row_copy(const struct csv_row *row)
{
	struct csv_row	*c = xcalloc(1, sizeof *c);
	size_t		 i;

	*c = *row;
	c->cap = row->nfields;
	c->fields = xcalloc(row->nfields ? row->nfields : 1, sizeof *c->fields);
	c->lens = xcalloc(row->nfields ? row->nfields : 1, sizeof *c->lens);
	for (i = 0; i < row->nfields; i++) {
		/* Not xstrndup: a field may hold NUL bytes, lens[i] counts
		 * them all. */
		c->fields[i] = xmalloc(row->lens[i] + 1);
		memcpy(c->fields[i], row->fields[i], row->lens[i]);
		c->fields[i][row->lens[i]] = '\0';
		c->lens[i] = row->lens[i];
	}
	c->error = row->error ? xstrdup(row->error) : NULL;
	return c;
}

void
csv_row_free(struct csv_row *row)
{
	size_t	i;

	if (row == NULL)
		return;
	for (i = 0; i < row->nfields; i++)
		free(row->fields[i]);
	free(row->fields);
	free(row->lens);
	free(row->error);
	free(row);
}
