/*
 * csv_out.c - the writer stage: RFC 4180 output via a temporary file
 * (atomicfile.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "buf.h"
#include "csv_out.h"
#include "xmalloc.h"

struct csv_writer {
	char		*path;		/* final name; NULL for stdout */
	struct afile *af;		/* the file, or stdout */
	FILE		*fp;
	char		 delim;
	int		 flags;
	struct buf	 line;
};

void
csv_quote_cell(struct buf *b, const char *s, size_t len, char delim,
    int guard)
{
	size_t	i;
	int	quote = 0, formula = 0;

	if (s == NULL)
		len = 0;
	if (guard && len > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		formula = 1;
	for (i = 0; i < len && !quote; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r')
			quote = 1;
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		quote = 1;		/* keep spaces a reader might trim */
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	if (!quote) {
		buf_append(b, s, len);
		return;
	}
	for (i = 0; i < len; i++) {
		const char	*q = memchr(s + i, '"', len - i);
		size_t		 run = q ? (size_t)(q - (s + i)) + 1 : len - i;

		buf_append(b, s + i, run);	/* up to and incl. a quote */
		if (q != NULL)
			buf_putc(b, '"');	/* doubled */
		i += run - 1;
	}
	buf_putc(b, '"');
}

char *
csv_result_path(const char *output, const char *input, const char *suffix)
{
	struct buf	b = BUF_INIT;

	if (output != NULL)
		return xstrdup(output);
	if (input == NULL || strcmp(input, "-") == 0)
		return xstrdup("-");
	buf_printf(&b, "%s%s", input, suffix);
	return buf_detach(&b);
}

struct csv_writer *
csv_writer_open(const char *path, char delim, int flags, char *err,
    size_t errlen)
{
	struct csv_writer	*w;
	struct afile	*af;

	if ((af = afile_open(path, (flags & CSV_OUT_SECRET) ? 0600 : 0644,
	    err, errlen)) == NULL)
		return NULL;
	w = xcalloc(1, sizeof *w);
	w->delim = delim ? delim : ',';
	w->flags = flags;
	w->af = af;
	w->fp = afile_stream(af);
	if (strcmp(path, "-") != 0)
		w->path = xstrdup(path);
	if (flags & CSV_OUT_EXCEL)
		fputs("\xEF\xBB\xBF", w->fp);
	return w;
}

int
csv_writer_rowl(struct csv_writer *w, const char *const *cells,
    const size_t *lens, size_t n, char *err, size_t errlen)
{
	size_t	i;

	buf_reset(&w->line);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&w->line, w->delim);
		csv_quote_cell(&w->line, cells[i], cells[i] == NULL ? 0 :
		    lens != NULL ? lens[i] : strlen(cells[i]), w->delim,
		    !(w->flags & CSV_OUT_RAW));
	}
	buf_puts(&w->line, (w->flags & CSV_OUT_EXCEL) ? "\r\n" : "\n");
	if (fwrite(w->line.data, 1, w->line.len, w->fp) != w->line.len) {
		snprintf(err, errlen, "cannot write %s: %s",
		    w->path ? w->path : "standard output", strerror(errno));
		return -1;
	}
	return 0;
}

int
csv_writer_row(struct csv_writer *w, const char *const *cells, size_t n,
    char *err, size_t errlen)
{
	return csv_writer_rowl(w, cells, NULL, n, err, errlen);
}

int
csv_writer_commit(struct csv_writer *w, char *err, size_t errlen)
{
	int	rc = afile_commit(w->af, err, errlen);

	w->af = NULL;
	csv_writer_abort(w);
	return rc;
}

void
csv_writer_abort(struct csv_writer *w)
{
	if (w == NULL)
		return;
	afile_abort(w->af);
	free(w->path);
	buf_free(&w->line);
	free(w);
}
