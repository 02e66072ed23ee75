/*
 * strmap.c - string-keyed open-addressing hash map (FNV-1a, linear probe).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "sandbox/strmap.h"
#include "xmalloc.h"

static uint64_t
hash(const char *s)
{
	return hash_fnv1a(s, strlen(s));
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
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

static struct strmap_slot *
find(const struct strmap *m, const char *key)
{
	size_t	i;

	if (m->cap == 0)
		return NULL;
	for (i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot	*s = &m->slots[i];

		if (s->key == NULL && !s->dead)
			return NULL;
		if (s->key != NULL && strcmp(s->key, key) == 0)
			return s;
	}
}

static void
rehash(struct strmap *m, size_t cap)
{
	struct strmap_slot	*old = m->slots;
	size_t			 oldcap = m->cap, i, j;

	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	m->used = m->live;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		for (j = hash(old[i].key) & (cap - 1); m->slots[j].key != NULL;
		    j = (j + 1) & (cap - 1))
			;
		m->slots[j].key = old[i].key;
		m->slots[j].val = old[i].val;
	}
	free(old);
}

int
strmap_get(const struct strmap *m, const char *key, long long *val)
{
	struct strmap_slot	*s = find(m, key);

	if (s == NULL)
		return 0;
	if (val != NULL)
		*val = s->val;
	return 1;
}

void
strmap_put(struct strmap *m, const char *key, long long val)
{
	struct strmap_slot	*s = find(m, key);
	size_t			 i;

	if (s != NULL) {
		s->val = val;
		return;
	}
	if ((m->used + 1) * 4 >= m->cap * 3)
		rehash(m, m->cap ? (m->live * 2 >= m->cap ? m->cap * 2 :
		    m->cap) : 16);
	for (i = hash(key) & (m->cap - 1); m->slots[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	if (!m->slots[i].dead)
		m->used++;
	m->slots[i].key = xstrdup(key);
	m->slots[i].val = val;
	m->slots[i].dead = 0;
	m->live++;
}

long long
strmap_add(struct strmap *m, const char *key, long long delta)
{
	struct strmap_slot	*s = find(m, key);

	if (s != NULL)
		return s->val += delta;
	strmap_put(m, key, delta);
	return delta;
}

void
strmap_del(struct strmap *m, const char *key)
{
	struct strmap_slot	*s = find(m, key);

	if (s == NULL)
		return;
	free(s->key);
	s->key = NULL;
	s->dead = 1;
	m->live--;
}

int
strmap_iter(const struct strmap *m, size_t *i, const char **key,
    long long *val)
{
	for (; *i < m->cap; (*i)++) {
		if (m->slots[*i].key != NULL) {
			*key = m->slots[*i].key;
			if (val != NULL)
				*val = m->slots[*i].val;
			(*i)++;
			return 1;
		}
	}
	return 0;
}
