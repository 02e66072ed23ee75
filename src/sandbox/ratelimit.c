/*
 * ratelimit.c - sliding-window request limits for the emulated providers.
 *
 * Each window keeps the admission times of its last `limit` requests in a
 * ring; a request is admitted when, in every window, fewer than `limit`
 * admissions lie within the last `seconds`. So no span of `seconds` ever
 * holds more than `limit` admitted requests, whatever the alignment.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/ratelimit.h"
#include "xmalloc.h"

int
sbx_rate_parse(struct sbx_rate *r, const char *s, char *err, size_t errlen)
{
	const char	*p = s;
	char		*end;
	long		 n;
	double		 sec;

	memset(r, 0, sizeof *r);
	if (strcmp(s, "none") == 0 || strcmp(s, "0") == 0)
		return 0;
	for (;;) {
		n = strtol(p, &end, 10);
		if (end == p || n <= 0 || *end != '/')
			goto bad;
		switch (end[1]) {
		case 's':
			sec = 1;
			break;
		case 'm':
			sec = 60;
			break;
		case 'h':
			sec = 3600;
			break;
		default:
			goto bad;
		}
		if (r->nwin == SBX_RATE_WINDOWS || n > 10000000)
			goto bad;
		r->limit[r->nwin] = n;
		r->seconds[r->nwin] = sec;
		r->nwin++;
		p = end + 2;
		if (*p == '\0')
			return 0;
		if (*p != '+')
			goto bad;
		p++;
	}
bad:
	snprintf(err, errlen, "rate '%s': expected N/s, N/m or N/h (two at "
	    "most, joined by '+'), or none", s);
	return -1;
}

void
sbx_rate_init(struct sbx_rate_state *st, const struct sbx_rate *r)
{
	int	i;

	memset(st, 0, sizeof *st);
	pthread_mutex_init(&st->lock, NULL);
	st->rate = *r;
	for (i = 0; i < r->nwin; i++)
		st->log[i] = xcalloc((size_t)r->limit[i], sizeof(double));
}

void
sbx_rate_free(struct sbx_rate_state *st)
{
	int	i;

	for (i = 0; i < SBX_RATE_WINDOWS; i++)
		free(st->log[i]);
	pthread_mutex_destroy(&st->lock);
}

/* Oldest remembered admission of window i (valid when count == limit). */
static double
oldest(const struct sbx_rate_state *st, int i)
{
	return st->log[i][st->head[i]];
}

int
sbx_rate_take(struct sbx_rate_state *st, double now,
    struct sbx_rate_info *info)
{
	const struct sbx_rate	*r = &st->rate;
	int			 i, ok = 1, best = -1;
	long			 left, bestleft = 0;
	double			 free_at, wait = 0;

	memset(info, 0, sizeof *info);
	if (r->nwin == 0)
		return 1;
	pthread_mutex_lock(&st->lock);
	for (i = 0; i < r->nwin; i++) {
		if (st->count[i] == r->limit[i] &&
		    oldest(st, i) > now - r->seconds[i]) {
			ok = 0;
			free_at = oldest(st, i) + r->seconds[i];
			if (free_at - now > wait)
				wait = free_at - now;
		}
	}
	if (ok) {
		for (i = 0; i < r->nwin; i++) {
			long	pos = (st->head[i] + st->count[i]) %
			    r->limit[i];

			if (st->count[i] == r->limit[i]) {
				st->log[i][st->head[i]] = now;
				st->head[i] = (st->head[i] + 1) % r->limit[i];
			} else {
				st->log[i][pos] = now;
				st->count[i]++;
			}
		}
	}
	/* Report the window with the least room left. */
	for (i = 0; i < r->nwin; i++) {
		long	 used = 0, k;
		double	 first = now;

		for (k = 0; k < st->count[i]; k++) {
			double	t = st->log[i][(st->head[i] + k) % r->limit[i]];

			if (t > now - r->seconds[i]) {
				if (used == 0)
					first = t;
				used++;
			}
		}
		left = r->limit[i] - used;
		if (best < 0 || left < bestleft) {
			best = i;
			bestleft = left;
			info->limit = r->limit[i];
			info->remaining = left;
			info->reset = (long long)ceil(first + r->seconds[i]);
		}
	}
	pthread_mutex_unlock(&st->lock);
	if (!ok) {
		info->remaining = 0;
		info->retry_after = (int)ceil(wait);
		if (info->retry_after < 1)
			info->retry_after = 1;
	}
	return ok;
}
