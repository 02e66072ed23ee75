/*
 * json_index.c - the objects of an array indexed by a string member
 * (compared without case), found by binary search.
 */
#include <stdlib.h>
#include <strings.h>

#include "json.h"
#include "xmalloc.h"

struct json_index_entry {
	char	*key;		/* owned */
	int	 obj;
};

struct json_index {
	struct json_index_entry	*e;
	size_t			 n;
};

/* By key, then by position: the first of equal keys comes first. */
static int
index_cmp(const void *a, const void *b)
{
	const struct json_index_entry	*x = a, *y = b;
	int				 c = strcasecmp(x->key, y->key);

	return c != 0 ? c : (x->obj > y->obj) - (x->obj < y->obj);
}

struct json_index *
json_index_new(const struct json_doc *d, int arr, const char *key)
{
	struct json_index	*idx = xcalloc(1, sizeof *idx);
	size_t			 cap = 0;
	char			*s;
	int			 v;

	for (v = json_child(d, arr); v >= 0; v = json_next(d, v)) {
		if ((s = json_get_str(d, v, key)) == NULL)
			continue;
		if (idx->n == cap) {
			cap = cap ? cap * 2 : 64;
			idx->e = xreallocarray(idx->e, cap, sizeof *idx->e);
		}
		idx->e[idx->n].key = s;
		idx->e[idx->n++].obj = v;
	}
	if (idx->n > 1)
		qsort(idx->e, idx->n, sizeof *idx->e, index_cmp);
	return idx;
}

int
json_index_find(const struct json_index *idx, const char *value)
{
	size_t	lo = 0, hi, mid;
	int	c, found = -1;

	if (idx == NULL || value == NULL)
		return -1;
	hi = idx->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(value, idx->e[mid].key);
		if (c == 0) {
			found = idx->e[mid].obj;
			hi = mid;	/* the leftmost of equal keys */
		} else if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return found;
}

void
json_index_free(struct json_index *idx)
{
	size_t	i;

	if (idx == NULL)
		return;
	for (i = 0; i < idx->n; i++)
		free(idx->e[i].key);
	free(idx->e);
	free(idx);
}
