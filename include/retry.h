/*
 * retry.h - when to retry a request and how long to wait first.
 *
 * Transient failures only: network errors (HTTP_ERR_NOT_SENT and
 * HTTP_ERR_MAYBE_SENT) and the statuses 408, 423, 425, 429, 500, 502, 503,
 * 504. The delay is "full jitter" over a capped exponential (uniform in
 * [0, min(cap, base * 2^(attempts-1))]), never shorter than Retry-After
 * (itself capped at retry_after_max). A retry budget shared by all threads
 * lets retries be at most `ratio` of the requests plus a small floor; when
 * it runs dry (an outage) nothing is retried any more until first attempts
 * earn new tokens.
 *
 * A retry of a create that may have reached the server
 * (retry_outcome_unknown()) must look the row up before resending it: that
 * is the caller's job, retry.c only says "again".
 */
#ifndef MAILFLEET_RETRY_H
#define MAILFLEET_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#include "http.h"
#include "xoshiro.h"

struct retry_policy {
	int	max_retries;		/* --retries: retries after the first
					   attempt, so max_retries+1 attempts */
	double	base;			/* first ceiling, seconds */
	double	cap;			/* largest ceiling, seconds */
	double	retry_after_max;	/* Retry-After honoured up to this */
};

#define RETRY_DEFAULT_RETRIES		5
#define RETRY_DEFAULT_BASE		0.5
#define RETRY_DEFAULT_CAP		30.0
#define RETRY_DEFAULT_RETRY_AFTER_MAX	300.0
#define RETRY_POLICY_DEFAULT { RETRY_DEFAULT_RETRIES, RETRY_DEFAULT_BASE, \
	RETRY_DEFAULT_CAP, RETRY_DEFAULT_RETRY_AFTER_MAX }

void	retry_policy_init(struct retry_policy *p);	/* the defaults */

/* Is this HTTP status worth retrying? */
bool	retry_status_transient(int status);
/* Is this outcome (status, or err when no answer) worth retrying? */
bool	retry_is_transient(int status, enum http_err err);
/* Might the server have acted on the request although we got no success?
   (MAYBE_SENT, CANCELLED, 500, 502, 503, 504.) A create must then be
   reconciled (looked up) before it is sent again. */
bool	retry_outcome_unknown(int status, enum http_err err);

/* xoshiro256** (xoshiro.h), one per thread (not thread-safe by design). */
struct retry_rng {
	struct xoshiro	x;
};

void	 retry_rng_init(struct retry_rng *rng);	/* seeded by getrandom */
void	 retry_rng_seed(struct retry_rng *rng, uint64_t seed);
uint64_t retry_rng_next(struct retry_rng *rng);
double	 retry_rng_uniform(struct retry_rng *rng);	/* [0, 1) */

/*
 * The wait before the next attempt, in seconds, after `attempts` attempts
 * (>= 1) failed; retry_after in seconds or < 0 when absent.
 */
double	retry_backoff(const struct retry_policy *p, struct retry_rng *rng,
	    int attempts, double retry_after);

/* The shared retry budget (thread-safe). */
struct retry_budget;

#define RETRY_BUDGET_RATIO	0.2	/* retries per first attempt */
#define RETRY_BUDGET_FLOOR	10.0	/* tokens at the start */
#define RETRY_BUDGET_MAX	50.0	/* most tokens saved up */

/* A budget; ratio/floor/max <= 0 take the defaults above. Owned by the
   caller: retry_budget_free(). */
struct retry_budget *retry_budget_new(double ratio, double floor,
	    double max);
void	retry_budget_free(struct retry_budget *b);
/* A first attempt is being sent: earn `ratio` tokens. */
void	retry_budget_deposit(struct retry_budget *b);
/* Spend a token for one retry: true, or false when the budget is dry. */
bool	retry_budget_withdraw(struct retry_budget *b);

struct retry_budget_stats {
	unsigned long long	deposits;	/* first attempts */
	unsigned long long	granted;	/* retries allowed */
	unsigned long long	denied;		/* retries refused */
	double			tokens;
};

void	retry_budget_get_stats(struct retry_budget *b,
	    struct retry_budget_stats *st);

enum retry_verdict {
	RETRY_AGAIN = 0,	/* wait *delay seconds, then try again */
	RETRY_STOP_PERMANENT,	/* not a transient failure */
	RETRY_STOP_ATTEMPTS,	/* --retries used up */
	RETRY_STOP_BUDGET,	/* retry budget dry: an outage */
	RETRY_STOP_SUCCESS	/* 1xx-3xx, or 4xx not listed: nothing to
				   retry (status < 400) */
};

/*
 * Decide after attempt number `attempts` (>= 1) ended with status/err and
 * retry_after (seconds, < 0 absent). budget may be NULL (no budget). On
 * RETRY_AGAIN *delay holds the wait (a budget token was spent); otherwise
 * *delay is 0.
 */
enum retry_verdict retry_decide(const struct retry_policy *p,
	    struct retry_budget *budget, struct retry_rng *rng, int attempts,
	    int status, enum http_err err, double retry_after, double *delay);
const char *retry_verdict_name(enum retry_verdict v);

#endif
