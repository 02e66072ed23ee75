/*
 * csv_out.c - the writer stage: RFC 4180 output via a temporary file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "csv_out.h"
#include "xmalloc.h"

struct csv_writer {
	char		*path;		/* final name; NULL for stdout */
	char		*tmp;		/* temporary name */
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
	struct csv_writer	*w = xcalloc(1, sizeof *w);
	struct buf		 t = BUF_INIT;
	int			 fd;
	mode_t			 mode = (flags & CSV_OUT_SECRET) ? 0600 : 0644;

	w->delim = delim ? delim : ',';
	w->flags = flags;
	if (strcmp(path, "-") == 0) {
		w->fp = stdout;
	} else {
		w->path = xstrdup(path);
		buf_printf(&t, "%s.tmp.%ld", path, (long)getpid());
		w->tmp = buf_detach(&t);
		fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    mode);
		if (fd < 0) {
			snprintf(err, errlen, "cannot create %s: %s", path,
			    strerror(errno));
			free(w->tmp);
			w->tmp = NULL;
			csv_writer_abort(w);
			return NULL;
		}
		fchmod(fd, mode);	/* umask must not widen or narrow it */
		w->fp = fdopen(fd, "w");
	}
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
	int	rc = 0;

	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		snprintf(err, errlen, "cannot write %s: %s",
		    w->path ? w->path : "standard output", strerror(errno));
		rc = -1;
	} else if (w->path != NULL && fsync(fileno(w->fp)) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", w->path,
		    strerror(errno));
		rc = -1;
	}
	if (w->path != NULL) {
		if (fclose(w->fp) != 0 && rc == 0) {
			snprintf(err, errlen, "cannot write %s: %s", w->path,
			    strerror(errno));
			rc = -1;
		}
		w->fp = NULL;
		if (rc == 0 && rename(w->tmp, w->path) != 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s",
			    w->tmp, w->path, strerror(errno));
			rc = -1;
		}
		if (rc != 0)
			unlink(w->tmp);
	}
	free(w->path);
	free(w->tmp);
	buf_free(&w->line);
	free(w);
	return rc;
}

void
csv_writer_abort(struct csv_writer *w)
{
	if (w == NULL)
		return;
	if (w->path != NULL && w->fp != NULL)
		fclose(w->fp);
	if (w->tmp != NULL)
		unlink(w->tmp);
	free(w->path);
	free(w->tmp);
	buf_free(&w->line);
	free(w);
}
