/*
 * strmap.h - a map from strings to long long (open addressing, FNV-1a,
 * linear probing), shared by the client (id sets, column and key
 * indexes) and the sandbox (its stores' name and id indexes, counters).
 *
 * Keys are compared byte for byte (callers fold case first where they
 * want it) and copied: the map owns its keys. Deleted keys leave
 * tombstones, reused by later puts and purged when the table is rebuilt.
 * Not thread-safe for writing; lookups may run in parallel once built.
 *
 *	struct strmap m;
 *	strmap_init(&m);
 *	strmap_put(&m, "ann@acme.com", 7);
 *	if (strmap_get(&m, "ann@acme.com", &v)) ...
 *	for (i = 0; strmap_iter(&m, &i, &k, &v); ) ...
 *	strmap_free(&m);
 */
#ifndef MAILFLEET_STRMAP_H
#define MAILFLEET_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	char		*key;		/* owned; NULL: empty; or a tombstone */
	long long	 val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t		 cap;		/* power of two or 0 */
	size_t		 used;		/* live + tombstones */
	size_t		 live;		/* keys held */
};

void	 strmap_init(struct strmap *m);
void	 strmap_free(struct strmap *m);	/* frees the keys; then empty */
/* 1 and *val (val may be NULL) when key is present, else 0. The _n forms
 * take a key of len bytes, not NUL-terminated. */
int	 strmap_get(const struct strmap *m, const char *key, long long *val);
int	 strmap_getn(const struct strmap *m, const char *key, size_t len,
	    long long *val);
/* Set key's value, adding the key when absent (replacing otherwise). */
void	 strmap_put(struct strmap *m, const char *key, long long val);
void	 strmap_putn(struct strmap *m, const char *key, size_t len,
	    long long val);
/* Add delta to the value (0 when absent); returns the new value. */
long long strmap_add(struct strmap *m, const char *key, long long delta);
void	 strmap_del(struct strmap *m, const char *key);
/* Iterate, in table order: for (i = 0; strmap_iter(m, &i, &k, &v); ) */
int	 strmap_iter(const struct strmap *m, size_t *i, const char **key,
	    long long *val);

#endif
