/*
 * strmap.c - string-keyed open-addressing hash map (FNV-1a, linear
 * probing, tombstones), the one map of the client and the sandbox.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"
#include "xmalloc.h"

/* A deleted key's slot: probes go on past it, puts may reuse it. */
static char	tombstone;
#define DEAD	(&tombstone)

static int
is_key(const char *k)
{
	return k != NULL && k != DEAD;
}

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void
strmap_free(struct strmap *m)
{
	size_t	i;

	for (i = 0; i < m->cap; i++)
		if (is_key(m->slots[i].key))
			free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

static size_t
first_slot(const struct strmap *m, const char *key, size_t len)
{
	return (size_t)hash_fnv1a(key, len) & (m->cap - 1);
}

/* The slot holding key (len bytes), or NULL. */
static struct strmap_slot *
find(const struct strmap *m, const char *key, size_t len)
{
	size_t	i;

	if (m->cap == 0)
		return NULL;
	for (i = first_slot(m, key, len);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot	*s = &m->slots[i];

		if (s->key == NULL)
			return NULL;
		if (s->key != DEAD && strlen(s->key) == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
	}
}

/* The first empty or dead slot on key's probe path (there is one: the
 * table is never full). */
static size_t
free_slot(const struct strmap *m, const char *key, size_t len)
{
	size_t	i;

	for (i = first_slot(m, key, len); is_key(m->slots[i].key);
	    i = (i + 1) & (m->cap - 1))
		;
	return i;
}

/* Rebuild the table with cap slots, dropping the tombstones. */
static void
rehash(struct strmap *m, size_t cap)
{
	struct strmap_slot	*old = m->slots;
	size_t			 oldcap = m->cap, i, j;

	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	m->used = m->live;
	for (i = 0; i < oldcap; i++) {
		if (!is_key(old[i].key))
			continue;
		j = free_slot(m, old[i].key, strlen(old[i].key));
		m->slots[j] = old[i];
	}
	free(old);
}

int
strmap_getn(const struct strmap *m, const char *key, size_t len,
    long long *val)
{
	struct strmap_slot	*s = find(m, key, len);

	if (s == NULL)
		return 0;
	if (val != NULL)
		*val = s->val;
	return 1;
}

int
strmap_get(const struct strmap *m, const char *key, long long *val)
{
	return strmap_getn(m, key, strlen(key), val);
}

void
strmap_putn(struct strmap *m, const char *key, size_t len, long long val)
{
	struct strmap_slot	*s = find(m, key, len);
	size_t			 i;

	if (s != NULL) {
		s->val = val;
		return;
	}
	/* At 3/4 full (tombstones count): twice the size, or the same size
	 * without the tombstones when they are most of it. */
	if ((m->used + 1) * 4 >= m->cap * 3)
		rehash(m, m->cap ? (m->live * 2 >= m->cap ? m->cap * 2 :
		    m->cap) : 16);
	i = free_slot(m, key, len);
	if (m->slots[i].key == NULL)
		m->used++;
	m->slots[i].key = xstrndup(key, len);
	m->slots[i].val = val;
	m->live++;
}

void
strmap_put(struct strmap *m, const char *key, long long val)
{
	strmap_putn(m, key, strlen(key), val);
}

long long
strmap_add(struct strmap *m, const char *key, long long delta)
{
	struct strmap_slot	*s = find(m, key, strlen(key));

	if (s != NULL)
		return s->val += delta;
	strmap_put(m, key, delta);
	return delta;
}

void
strmap_del(struct strmap *m, const char *key)
{
	struct strmap_slot	*s = find(m, key, strlen(key));

	if (s == NULL)
		return;
	free(s->key);
	s->key = DEAD;
	m->live--;
}

int
strmap_iter(const struct strmap *m, size_t *i, const char **key,
    long long *val)
{
	for (; *i < m->cap; (*i)++) {
		if (is_key(m->slots[*i].key)) {
			*key = m->slots[*i].key;
			if (val != NULL)
				*val = m->slots[*i].val;
			(*i)++;
			return 1;
		}
	}
	return 0;
}
