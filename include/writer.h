/*
 * writer.h - the ordered writer stage.
 *
 * Items finish in any order on the worker threads; the writer puts them
 * back in input order (a ring of `window` slots indexed by seq) and writes
 * the result CSV: the input columns as read, then status, error,
 * http_status, attempts and the command's result columns. The window also
 * bounds memory: the reader may not run more than `window` rows ahead of
 * the writer.
 */
#ifndef MAILFLEET_WRITER_H
#define MAILFLEET_WRITER_H

#include <stddef.h>

struct job;
struct item;
struct csv_row;
struct owriter;

/* Opens the result (and, if failed_path, the failed-rows file). The header
 * is the input's. NULL + err on failure. */
struct owriter *owriter_open(struct job *job, const struct csv_row *header,
	    char delim, const char *path, const char *failed_path,
	    size_t window, char *err, size_t errlen);
/*
 * Blocks until row seq may enter the window. Returns 0 then; 1 when the
 * writer is waiting for the rows of the batch still being filled (the
 * first of them is pending_from, -1 for none): send it and call again;
 * -1 when the writer failed.
 */
int	owriter_admit(struct owriter *ow, long seq, long pending_from);
/* Hands a finished item over (the writer frees it). Any thread. */
void	owriter_put(struct owriter *ow, struct item *it);
/* All rows admitted: wait for the last to be written, commit the files.
 * 0, or -1 + err. Frees ow. */
int	owriter_finish(struct owriter *ow, long nrows, char *err,
	    size_t errlen);

#endif
