/*
 * stats.c - counters for GET /_sandbox/stats.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/stats.h"
#include "strmap.h"
#include "xmalloc.h"

#define NWIN 3
static const double win_sec[NWIN] = { 1, 60, 3600 };
static const char *const win_name[NWIN] = { "max_1s", "max_60s",
    "max_3600s" };

/* Arrival times within one window, oldest first (a growable ring). */
struct window {
	double	*t;
	size_t	 cap, head, n;
	long	 max;
};

struct prov {
	long long	requests;
	struct window	w[NWIN];
};

struct created_kind {
	char		*kind;
	struct strmap	 keys;
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct strmap	 reqs;		/* "op\tstatus" -> count */
static long long	 faults[FAULT_NKINDS];
static struct prov	 provs[2];	/* maildoso, coldsend */
static struct created_kind *kinds;
static size_t		 nkinds;
static long long	 total;

void
sbx_stats_init(void)
{
	pthread_mutex_lock(&lock);
	strmap_init(&reqs);
	memset(faults, 0, sizeof faults);
	memset(provs, 0, sizeof provs);
	kinds = NULL;
	nkinds = 0;
	total = 0;
	pthread_mutex_unlock(&lock);
}

void
sbx_stats_free(void)
{
	size_t	i;
	int	p, w;

	pthread_mutex_lock(&lock);
	strmap_free(&reqs);
	for (p = 0; p < 2; p++)
		for (w = 0; w < NWIN; w++)
			free(provs[p].w[w].t);
	memset(provs, 0, sizeof provs);
	for (i = 0; i < nkinds; i++) {
		free(kinds[i].kind);
		strmap_free(&kinds[i].keys);
	}
	free(kinds);
	kinds = NULL;
	nkinds = 0;
	pthread_mutex_unlock(&lock);
}

void
sbx_stats_request(const char *op, int status)
{
	struct buf	k = BUF_INIT;

	if (status == 0)
		buf_printf(&k, "%s\tdropped", op);
	else
		buf_printf(&k, "%s\t%d", op, status);
	pthread_mutex_lock(&lock);
	strmap_add(&reqs, buf_cstr(&k), 1);
	total++;
	pthread_mutex_unlock(&lock);
	buf_free(&k);
}

static void
window_push(struct window *w, double sec, double t)
{
	while (w->n > 0 && w->t[w->head] <= t - sec) {
		w->head = (w->head + 1) % w->cap;
		w->n--;
	}
	if (w->n == w->cap) {
		size_t	ncap = w->cap ? w->cap * 2 : 64, i;
		double	*nt = xreallocarray(NULL, ncap, sizeof *nt);

		for (i = 0; i < w->n; i++)
			nt[i] = w->t[(w->head + i) % w->cap];
		free(w->t);
		w->t = nt;
		w->cap = ncap;
		w->head = 0;
	}
	w->t[(w->head + w->n) % w->cap] = t;
	w->n++;
	if ((long)w->n > w->max)
		w->max = (long)w->n;
}

void
sbx_stats_arrival(enum sbx_provider p, double t)
{
	struct prov	*pv;
	int		 w;

	if (p != SBX_MAILDOSO && p != SBX_COLDSEND)
		return;
	pthread_mutex_lock(&lock);
	pv = &provs[p == SBX_COLDSEND];
	pv->requests++;
	for (w = 0; w < NWIN; w++)
		window_push(&pv->w[w], win_sec[w], t);
	pthread_mutex_unlock(&lock);
}

void
sbx_stats_fault(enum sbx_fault k)
{
	pthread_mutex_lock(&lock);
	faults[k]++;
	pthread_mutex_unlock(&lock);
}

void
sbx_stats_created(const char *kind, const char *key)
{
	size_t	i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			break;
	if (i == nkinds) {
		kinds = xreallocarray(kinds, nkinds + 1, sizeof *kinds);
		kinds[nkinds].kind = xstrdup(kind);
		strmap_init(&kinds[nkinds].keys);
		nkinds++;
	}
	strmap_add(&kinds[i].keys, key, 1);
	pthread_mutex_unlock(&lock);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Requests grouped by operation, operations and statuses sorted. */
static void
put_requests(struct buf *b)
{
	const char	**keys = xreallocarray(NULL, reqs.live + 1,
	    sizeof *keys);
	const char	 *k, *tab, *prev = NULL;
	size_t		  i = 0, n = 0, j, plen = 0, oplen;
	long long	  v = 0;

	while (strmap_iter(&reqs, &i, &k, NULL))
		keys[n++] = k;
	qsort(keys, n, sizeof *keys, cmp_str);
	buf_printf(b, "\"requests\":{\"total\":%lld,\"by_operation\":{",
	    total);
	for (j = 0; j < n; j++) {
		tab = strchr(keys[j], '\t');
		oplen = (size_t)(tab - keys[j]);
		if (prev == NULL || oplen != plen ||
		    strncmp(prev, keys[j], oplen) != 0) {
			if (prev != NULL)
				buf_puts(b, "},");
			json_put_strn(b, keys[j], oplen);
			buf_puts(b, ":{");
			prev = keys[j];
			plen = oplen;
		} else
			buf_putc(b, ',');
		strmap_get(&reqs, keys[j], &v);
		json_put_str(b, tab + 1);
		buf_printf(b, ":%lld", v);
	}
	if (n > 0)
		buf_putc(b, '}');
	buf_puts(b, "}}");
	free(keys);
}

void
sbx_stats_json(struct buf *b)
{
	size_t	 i, it;
	int	 k, p, w, first;
	long long dups = 0, v;
	const char *key;

	pthread_mutex_lock(&lock);
	put_requests(b);
	buf_puts(b, ",\"faults\":{");
	for (k = 1, first = 1; k < FAULT_NKINDS; k++, first = 0) {
		buf_puts(b, first ? "" : ",");
		json_put_str(b, sbx_fault_name((enum sbx_fault)k));
		buf_printf(b, ":%lld", faults[k]);
	}
	buf_puts(b, "},\"rate\":{");
	for (p = 0; p < 2; p++) {
		buf_printf(b, "%s\"%s\":{\"requests\":%lld", p ? "," : "",
		    p ? "coldsend" : "maildoso", provs[p].requests);
		for (w = 0; w < NWIN; w++)
			buf_printf(b, ",\"%s\":%ld", win_name[w],
			    provs[p].w[w].max);
		buf_putc(b, '}');
	}
	buf_puts(b, "},\"created\":{");
	for (i = 0; i < nkinds; i++) {
		buf_puts(b, i ? "," : "");
		json_put_str(b, kinds[i].kind);
		buf_puts(b, ":{");
		it = 0;
		first = 1;
		while (strmap_iter(&kinds[i].keys, &it, &key, &v)) {
			buf_puts(b, first ? "" : ",");
			first = 0;
			json_put_str(b, key);
			buf_printf(b, ":%lld", v);
			dups += v > 1 ? v - 1 : 0;
		}
		buf_putc(b, '}');
	}
	buf_printf(b, "},\"duplicates\":%lld", dups);
	pthread_mutex_unlock(&lock);
}
