/*
 * dupset.h - finds keys seen before in a stream (duplicate rows).
 *
 * Stores a 64-bit hash and the first row number per distinct key: 12 bytes
 * a key, not the key itself, so a million-row file costs about 20 MB at
 * most. Two different keys share a hash with probability ~n^2/2^65
 * (3e-8 for a million keys); README states this.
 */
#ifndef MAILFLEET_DUPSET_H
#define MAILFLEET_DUPSET_H

#include <stddef.h>
#include <stdint.h>

struct dupset {
	uint64_t	*hash;		/* 0 = empty slot */
	uint32_t	*row;
	size_t		 cap;		/* power of two */
	size_t		 n;
};

void	dupset_init(struct dupset *d);
void	dupset_free(struct dupset *d);
/* Records key for row; returns 0 when new, else the first row number. */
long	dupset_add(struct dupset *d, const char *key, size_t len, long row);
/* The key's 64-bit hash (never 0), as dupset and dupscan store it. */
uint64_t dupset_hash(const char *key, size_t len);

#endif
