/*
 * ratelimit.h - one token bucket (or a few, e.g. "100/m,1000/h") shared by
 * every worker thread.
 *
 * Each limit is a classic token bucket: `rate` tokens per second flow into a
 * bucket holding at most `burst` tokens, and a request takes one token from
 * every bucket. So over any window of w seconds at most rate*w + burst
 * requests start, whatever the number of threads. The default burst is 1
 * (evenly paced requests); "N/u:B" asks for a burst of B. Waiters book
 * their slot when they arrive and wake in turn (first come, first served;
 * no thundering herd, and a late wake-up wastes no capacity).
 *
 * On a 429 the effective rate of every bucket is halved (multiplicative
 * decrease, floored at 1/32 of the configured rate) and everybody waits
 * until Retry-After has passed (slots already booked are void: one request
 * goes when the hold ends, the rest follow at the slower pace); each later
 * success (from one second after the 429, or after Retry-After if longer)
 * adds back 1/32 of the configured rate (additive increase) until the
 * configured rate is reached.
 * The effective rate never exceeds the configured one.
 *
 * Time comes from a clock that tests may replace (struct ratelimit_clock);
 * the default is CLOCK_MONOTONIC plus the wall clock for X-RateLimit-Reset.
 * All functions are thread-safe except ratelimit_new/ratelimit_free.
 */
#ifndef MAILFLEET_RATELIMIT_H
#define MAILFLEET_RATELIMIT_H

#include <stdatomic.h>

struct buf;

#define RATELIMIT_MAX_LIMITS	4

struct ratelimit_limit {
	double	rate;		/* tokens per second, > 0 */
	double	burst;		/* bucket capacity, >= 1 */
};

/* A parsed --rate value; nlimits == 0 means unlimited. */
struct ratelimit_spec {
	int			nlimits;
	struct ratelimit_limit	limits[RATELIMIT_MAX_LIMITS];
};

/*
 * Parse a --rate value: a comma-separated list of "N/u" or "N/u:B", where N
 * is a positive number (decimals allowed), u is s, m or h (also sec, min,
 * hour) and B the burst (>= 1, default 1). "0", "off", "none" and
 * "unlimited" mean no limit. Returns 0, or -1 with a message in err (if not
 * NULL).
 */
int	ratelimit_parse(const char *text, struct ratelimit_spec *spec,
	    struct buf *err);
/* Append the spec in the form ratelimit_parse reads ("100/m,1000/h"). */
void	ratelimit_format(const struct ratelimit_spec *spec, struct buf *out);

/*
 * An injectable clock. mono() returns monotonic seconds, wall() unix
 * seconds. With an injected clock, ratelimit_acquire() does not sleep by
 * itself: it waits until ratelimit_kick() (call it after moving the clock)
 * or ratelimit_cancel().
 */
struct ratelimit_clock {
	double	(*mono)(void *arg);
	double	(*wall)(void *arg);
	void	 *arg;
};

struct ratelimit;

/*
 * Create a limiter; clock NULL = the real clocks. The spec and clock are
 * copied. Returns the limiter, owned by the caller (ratelimit_free).
 */
struct ratelimit *ratelimit_new(const struct ratelimit_spec *spec,
	    const struct ratelimit_clock *clock);
void	ratelimit_free(struct ratelimit *rl);

/*
 * Block until a token is available and take it. Returns 0, or -1 when the
 * limiter was cancelled or *cancel became non-zero (cancel may be NULL; it
 * is polled at least every 100 ms with the real clock, so a signal handler
 * may set it).
 */
int	ratelimit_acquire(struct ratelimit *rl, const atomic_int *cancel);
/*
 * Take a token if one is available now: returns 0, or 1 and the seconds
 * until one may be (in *wait, if not NULL). Returns -1 when cancelled.
 */
int	ratelimit_try_acquire(struct ratelimit *rl, double *wait);
/* Wake every waiter for good: current and later acquires return -1. */
void	ratelimit_cancel(struct ratelimit *rl);
/* Wake waiters so they look at the (injected) clock again. */
void	ratelimit_kick(struct ratelimit *rl);

/*
 * A 429 arrived: halve the effective rate (once per penalty period, so a
 * burst of 429s from requests already in flight halves it only once) and
 * hold every acquire until retry_after seconds (< 0: absent, then 1 s) have
 * passed. retry_after is capped at one hour.
 */
void	ratelimit_penalize(struct ratelimit *rl, double retry_after);
/* A request succeeded (not a 429): recover the rate additively. */
void	ratelimit_success(struct ratelimit *rl);
/*
 * Rate limit headers from a response (-1 when absent). When remaining is 0,
 * hold every acquire until reset (unix seconds; a value below 10^9 is taken
 * as seconds from now; capped at one hour).
 */
void	ratelimit_observe_headers(struct ratelimit *rl, long long remaining,
	    long long reset);

struct ratelimit_stats {
	unsigned long long	acquired;	/* tokens handed out */
	unsigned long long	penalties;	/* rate decreases */
	double			factor;		/* effective/configured, 0..1 */
	double			hold;		/* seconds everybody still waits */
	int			waiters;	/* threads blocked in acquire */
};

void	ratelimit_get_stats(struct ratelimit *rl, struct ratelimit_stats *st);

#endif
