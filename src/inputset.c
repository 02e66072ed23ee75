/*
 * inputset.c - the input's domains (inputset.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inputset.h"
#include "xmalloc.h"

void
input_domains_init(struct input_domains *d)
{
	memset(d, 0, sizeof *d);
	dupset_init(&d->seen);
}

void
input_domains_free(struct input_domains *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		free(d->name[i]);
	free(d->name);
	free(d->known);
	free(d->sorted);
	dupset_free(&d->seen);
	memset(d, 0, sizeof *d);
}

void
input_domains_add(struct input_domains *d, const char *name, int known)
{
	size_t	len = strlen(name);
	long	first = dupset_add(&d->seen, name, len, (long)d->n + 1);

	/* Seen, and truly the same name (not a hash that two share). */
	if (first > 0 && strcasecmp(d->name[first - 1], name) == 0) {
		d->known[first - 1] += known != 0;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->name = xreallocarray(d->name, d->cap, sizeof *d->name);
		d->known = xreallocarray(d->known, d->cap, sizeof *d->known);
	}
	d->name[d->n] = xstrdup(name);
	d->known[d->n++] = known != 0;
}

static const struct input_domains *sort_set;	/* qsort has no context */

static int
by_name(const void *a, const void *b)
{
	const size_t	*x = a, *y = b;

	return strcasecmp(sort_set->name[*x], sort_set->name[*y]);
}

void
input_domains_seal(struct input_domains *d)
{
	size_t	i;

	free(d->sorted);
	d->sorted = xreallocarray(NULL, d->n + 1, sizeof *d->sorted);
	for (i = 0; i < d->n; i++)
		d->sorted[i] = i;
	sort_set = d;		/* one thread, before the run */
	if (d->n > 1)
		qsort(d->sorted, d->n, sizeof *d->sorted, by_name);
	sort_set = NULL;
}

long
input_domains_find(const struct input_domains *d, const char *name)
{
	size_t	lo = 0, hi = d->n, mid;
	int	c;

	if (d->sorted == NULL)
		return -1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(name, d->name[d->sorted[mid]]);
		if (c == 0)
			return (long)d->sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}
