/*
 * strmap.h - string-keyed hash map to a long long (open addressing).
 *
 * Keys are copied. Not thread-safe: the owner holds its lock.
 */
#ifndef MAILFLEET_SANDBOX_STRMAP_H
#define MAILFLEET_SANDBOX_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	char		*key;		/* NULL: empty */
	long long	 val;
	int		 dead;		/* tombstone */
};

struct strmap {
	struct strmap_slot *slots;
	size_t		 cap;		/* power of two or 0 */
	size_t		 used;		/* live + tombstones */
	size_t		 live;
};

void	 strmap_init(struct strmap *m);
void	 strmap_free(struct strmap *m);
/* 1 and *val when present, else 0. */
int	 strmap_get(const struct strmap *m, const char *key, long long *val);
void	 strmap_put(struct strmap *m, const char *key, long long val);
/* Add delta to the value (0 when absent); returns the new value. */
long long strmap_add(struct strmap *m, const char *key, long long delta);
void	 strmap_del(struct strmap *m, const char *key);
/* Iterate: for (i = 0; strmap_iter(m, &i, &k, &v); ) */
int	 strmap_iter(const struct strmap *m, size_t *i, const char **key,
	    long long *val);

#endif
