/*
 * ratelimit.h - the providers' request limits, as sliding windows.
 *
 * A limit holds up to two windows (e.g. ColdSend's documented 100 per minute
 * and 1,000 per hour). A request is admitted when every window has room; an
 * admitted request is remembered in each window, a refused one is not. The
 * X-RateLimit-* values describe the window with the least room left.
 */
#ifndef MAILFLEET_SANDBOX_RATELIMIT_H
#define MAILFLEET_SANDBOX_RATELIMIT_H

#include <pthread.h>
#include <stddef.h>

#define SBX_RATE_WINDOWS 2

struct sbx_rate {
	int	 nwin;			/* 0: unlimited */
	long	 limit[SBX_RATE_WINDOWS];
	double	 seconds[SBX_RATE_WINDOWS];
};

struct sbx_rate_state {
	pthread_mutex_t	 lock;
	struct sbx_rate	 rate;
	double		*log[SBX_RATE_WINDOWS];	/* ring of admission times */
	long		 head[SBX_RATE_WINDOWS];
	long		 count[SBX_RATE_WINDOWS];
};

struct sbx_rate_info {
	long	 limit;
	long	 remaining;
	long long reset;	/* unix seconds when room frees up */
	int	 retry_after;	/* seconds, when refused */
};

/*
 * Parse "N/s", "N/m", "N/h" (several joined with '+', at most two), or
 * "none"/"0" for no limit. Returns 0 or -1 with a message in err.
 */
int	 sbx_rate_parse(struct sbx_rate *r, const char *s, char *err,
	    size_t errlen);
void	 sbx_rate_init(struct sbx_rate_state *st, const struct sbx_rate *r);
void	 sbx_rate_free(struct sbx_rate_state *st);
/* Admit or refuse a request at wall time now: 1 admitted, 0 refused. */
int	 sbx_rate_take(struct sbx_rate_state *st, double now,
	    struct sbx_rate_info *info);

#endif
