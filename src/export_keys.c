/*
 * export_keys.c - a string set/map (open addressing, FNV-1a) and the
 * packed row records the export pager carries from fetching threads to
 * the writer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export.h"
#include "hash.h"
#include "xmalloc.h"

/* FNV-1a from a basis one digit short of the standard one: kept so the
   table (and export_keys_each()'s order) stays as it was. */
static uint64_t
hash(const char *s, size_t len)
{
	return hash_fnv1a_update(1469598103934665603ULL, s, len);
}

void
export_keys_init(struct export_keys *k)
{
	memset(k, 0, sizeof *k);
}

void
export_keys_free(struct export_keys *k, void (*free_val)(void *))
{
	size_t	i;

	for (i = 0; i < k->cap; i++) {
		if (k->key[i] == NULL)
			continue;
		free(k->key[i]);
		if (free_val != NULL)
			free_val(k->val[i]);
	}
	free(k->key);
	free(k->val);
	memset(k, 0, sizeof *k);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t
find(const struct export_keys *k, const char *key, size_t len)
{
	size_t	i = (size_t)hash(key, len) & (k->cap - 1);

	while (k->key[i] != NULL && (strlen(k->key[i]) != len ||
	    memcmp(k->key[i], key, len) != 0))
		i = (i + 1) & (k->cap - 1);
	return i;
}

static void
grow(struct export_keys *k)
{
	struct export_keys	old = *k;
	size_t			i, j;

	k->cap = old.cap ? old.cap * 2 : 64;
	k->key = xcalloc(k->cap, sizeof *k->key);
	k->val = xcalloc(k->cap, sizeof *k->val);
	for (i = 0; i < old.cap; i++) {
		if (old.key[i] == NULL)
			continue;
		j = find(k, old.key[i], strlen(old.key[i]));
		k->key[j] = old.key[i];
		k->val[j] = old.val[i];
	}
	free(old.key);
	free(old.val);
}

void *
export_keys_put(struct export_keys *k, const char *key, size_t len,
    void *val)
{
	size_t	 i;
	void	*prev;

	if ((k->n + 1) * 4 > k->cap * 3)
		grow(k);
	i = find(k, key, len);
	if (k->key[i] != NULL) {
		prev = k->val[i];
		k->val[i] = val;
		return prev;
	}
	k->key[i] = xstrndup(key, len);
	k->val[i] = val;
	k->n++;
	return NULL;
}

int
export_keys_get(const struct export_keys *k, const char *key, size_t len,
    void **val)
{
	size_t	i;

	if (k->cap == 0)
		return 0;
	i = find(k, key, len);
	if (k->key[i] == NULL)
		return 0;
	if (val != NULL)
		*val = k->val[i];
	return 1;
}

void
export_keys_each(const struct export_keys *k,
    void (*fn)(void *, const char *, void *), void *arg)
{
	size_t	i;

	for (i = 0; i < k->cap; i++)
		if (k->key[i] != NULL)
			fn(arg, k->key[i], k->val[i]);
}

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
