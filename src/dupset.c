/*
 * dupset.c - open-addressing set of key hashes with first row numbers.
 */
#include <stdlib.h>

#include "dupset.h"
#include "hash.h"
#include "xmalloc.h"

/* FNV-1a, then a 64-bit finaliser (splitmix) to spread the bits. */
uint64_t
dupset_hash(const char *s, size_t len)
{
	uint64_t	h = hash_mix64(hash_fnv1a(s, len));

	return h ? h : 1;
}

void
dupset_init(struct dupset *d)
{
	d->hash = NULL;
	d->row = NULL;
	d->cap = 0;
	d->n = 0;
}

void
dupset_free(struct dupset *d)
{
	free(d->hash);
	free(d->row);
	dupset_init(d);
}

static void
grow(struct dupset *d)
{
	struct dupset	nd;
	size_t		i, j;

	nd.cap = d->cap ? d->cap * 2 : 1024;
	nd.n = d->n;
	nd.hash = xcalloc(nd.cap, sizeof *nd.hash);
	nd.row = xcalloc(nd.cap, sizeof *nd.row);
	for (i = 0; i < d->cap; i++) {
		if (d->hash[i] == 0)
			continue;
		for (j = d->hash[i] & (nd.cap - 1); nd.hash[j] != 0;
		    j = (j + 1) & (nd.cap - 1))
			;
		nd.hash[j] = d->hash[i];
		nd.row[j] = d->row[i];
	}
	free(d->hash);
	free(d->row);
	*d = nd;
}

long
dupset_add(struct dupset *d, const char *key, size_t len, long row)
{
	uint64_t	h = dupset_hash(key, len);
	size_t		j;

	if ((d->n + 1) * 4 > d->cap * 3)
		grow(d);
	for (j = h & (d->cap - 1); d->hash[j] != 0; j = (j + 1) & (d->cap - 1))
		if (d->hash[j] == h)
			return d->row[j] ? (long)d->row[j] : 1;
	d->hash[j] = h;
	d->row[j] = row > 0 && row <= (long)UINT32_MAX ? (uint32_t)row : 0;
	d->n++;
	return 0;
}
