/*
 * export_rec.c - the packed row records the export pager carries from
 * fetching threads to the writer (export.h).
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "export.h"

void
export_rec_cell(struct buf *rec, uint32_t col, const char *s, size_t len)
{
	uint32_t	l = (uint32_t)len;

	buf_append(rec, &col, sizeof col);
	buf_append(rec, &l, sizeof l);
	buf_append(rec, s, len);
}

void
export_rec_end(struct buf *rec)
{
	uint32_t	end = EXPORT_REC_END;

	buf_append(rec, &end, sizeof end);
}

int
export_rec_next(const struct buf *b, size_t *pos, const char **cells,
    size_t *lens, size_t ncols)
{
	uint32_t	col, len;
	size_t		i;

	if (*pos + sizeof col > b->len)
		return 0;
	for (i = 0; i < ncols; i++) {
		cells[i] = NULL;
		lens[i] = 0;
	}
	for (;;) {
		memcpy(&col, b->data + *pos, sizeof col);
		*pos += sizeof col;
		if (col == EXPORT_REC_END)
			return 1;
		memcpy(&len, b->data + *pos, sizeof len);
		*pos += sizeof len;
		/* Two fields may share a column: the first non-empty wins. */
		if (col < ncols && lens[col] == 0) {
			cells[col] = b->data + *pos;
			lens[col] = len;
		}
		*pos += len;
	}
}
