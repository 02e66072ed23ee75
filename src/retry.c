/*
 * retry.c - transient-failure classification, full-jitter backoff and the
 * shared retry budget.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "retry.h"
#include "xmalloc.h"
#include "xoshiro.h"

struct retry_budget {
	pthread_mutex_t		mu;
	double			ratio;
	double			max;
	double			tokens;
	unsigned long long	deposits;
	unsigned long long	granted;
	unsigned long long	denied;
};

void
retry_policy_init(struct retry_policy *p)
{
	p->max_retries = RETRY_DEFAULT_RETRIES;
	p->base = RETRY_DEFAULT_BASE;
	p->cap = RETRY_DEFAULT_CAP;
	p->retry_after_max = RETRY_DEFAULT_RETRY_AFTER_MAX;
}

bool
retry_status_transient(int status)
{
	switch (status) {
	case 408:	/* request timeout */
	case 423:	/* locked */
	case 425:	/* too early */
	case 429:	/* too many requests */
	case 500:
	case 502:
	case 503:
	case 504:
		return true;
	default:
		return false;
	}
}

bool
retry_is_transient(int status, enum http_err err)
{
	switch (err) {
	case HTTP_OK:
		return retry_status_transient(status);
	case HTTP_ERR_NOT_SENT:
	case HTTP_ERR_MAYBE_SENT:
		return true;
	case HTTP_ERR_FATAL:
	case HTTP_ERR_CANCELLED:
		return false;
	}
	return false;
}

bool
retry_outcome_unknown(int status, enum http_err err)
{
	switch (err) {
	case HTTP_OK:
		return status == 500 || status == 502 || status == 503 ||
		    status == 504;
	case HTTP_ERR_MAYBE_SENT:
	case HTTP_ERR_CANCELLED:
		return true;
	case HTTP_ERR_NOT_SENT:
		return false;
	case HTTP_ERR_FATAL:
		/* An answer too large to keep: the server did act. */
		return status != 0;
	}
	return true;
}

void
retry_rng_seed(struct retry_rng *rng, uint64_t seed)
{
	xoshiro_seed(&rng->x, seed);
}

void
retry_rng_init(struct retry_rng *rng)
{
	struct timespec	ts;
	uint64_t	seed;

	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) !=
	    (ssize_t)sizeof seed) {
		/* No entropy yet: jitter only needs to differ by thread. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
		    (uint64_t)(uintptr_t)rng ^ ((uint64_t)getpid() << 16);
	}
	retry_rng_seed(rng, seed);
}

uint64_t
retry_rng_next(struct retry_rng *rng)
{
	return xoshiro_next(&rng->x);
}

double
retry_rng_uniform(struct retry_rng *rng)
{
	return xoshiro_unit(&rng->x);
}

double
retry_backoff(const struct retry_policy *p, struct retry_rng *rng,
    int attempts, double retry_after)
{
	double	ceiling = p->base, delay;
	int	i;

	for (i = 1; i < attempts && ceiling < p->cap; i++)
		ceiling *= 2;
	if (ceiling > p->cap)
		ceiling = p->cap;
	if (ceiling < 0)
		ceiling = 0;
	delay = retry_rng_uniform(rng) * ceiling;
	if (retry_after >= 0) {
		if (retry_after > p->retry_after_max)
			retry_after = p->retry_after_max;
		if (delay < retry_after)
			delay = retry_after;
	}
	return delay;
}

struct retry_budget *
retry_budget_new(double ratio, double floor, double max)
{
	struct retry_budget	*b;

	b = xcalloc(1, sizeof *b);
	pthread_mutex_init(&b->mu, NULL);
	b->ratio = ratio > 0 ? ratio : RETRY_BUDGET_RATIO;
	b->tokens = floor > 0 ? floor : RETRY_BUDGET_FLOOR;
	b->max = max > 0 ? max : RETRY_BUDGET_MAX;
	if (b->max < b->tokens)
		b->max = b->tokens;
	return b;
}

void
retry_budget_free(struct retry_budget *b)
{
	if (b == NULL)
		return;
	pthread_mutex_destroy(&b->mu);
	free(b);
}

void
retry_budget_deposit(struct retry_budget *b)
{
	pthread_mutex_lock(&b->mu);
	b->deposits++;
	b->tokens += b->ratio;
	if (b->tokens > b->max)
		b->tokens = b->max;
	pthread_mutex_unlock(&b->mu);
}

bool
retry_budget_withdraw(struct retry_budget *b)
{
	bool	ok;

	pthread_mutex_lock(&b->mu);
	/* A hair below 1 still counts: 5 deposits of 0.2 make a token. */
	ok = b->tokens >= 1 - 1e-9;
	if (ok) {
		b->tokens -= 1;
		if (b->tokens < 0)
			b->tokens = 0;
		b->granted++;
	} else
		b->denied++;
	pthread_mutex_unlock(&b->mu);
	return ok;
}

void
retry_budget_get_stats(struct retry_budget *b, struct retry_budget_stats *st)
{
	pthread_mutex_lock(&b->mu);
	st->deposits = b->deposits;
	st->granted = b->granted;
	st->denied = b->denied;
	st->tokens = b->tokens;
	pthread_mutex_unlock(&b->mu);
}

enum retry_verdict
retry_decide(const struct retry_policy *p, struct retry_budget *budget,
    struct retry_rng *rng, int attempts, int status, enum http_err err,
    double retry_after, double *delay)
{
	*delay = 0;
	if (!retry_is_transient(status, err))
		return err == HTTP_OK && status < 400 ? RETRY_STOP_SUCCESS :
		    RETRY_STOP_PERMANENT;
	if (attempts > p->max_retries)
		return RETRY_STOP_ATTEMPTS;
	if (budget != NULL && !retry_budget_withdraw(budget))
		return RETRY_STOP_BUDGET;
	*delay = retry_backoff(p, rng, attempts, retry_after);
	return RETRY_AGAIN;
}

const char *
retry_verdict_name(enum retry_verdict v)
{
	switch (v) {
	case RETRY_AGAIN:
		return "again";
	case RETRY_STOP_PERMANENT:
		return "permanent failure";
	case RETRY_STOP_ATTEMPTS:
		return "retries exhausted";
	case RETRY_STOP_BUDGET:
		return "retry budget exhausted";
	case RETRY_STOP_SUCCESS:
		return "success";
	}
	return "unknown";
}
