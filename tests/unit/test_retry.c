/*
 * test_retry.c - classification, full-jitter backoff bounds, the retry
 * budget (also from many threads) and retry_decide().
 */
#include <pthread.h>
#include <stdint.h>

#include "harness.h"
#include "http.h"
#include "retry.h"

static void
test_status_table(void)
{
	static const int	transient[] = { 408, 423, 425, 429, 500, 502,
				    503, 504 };
	static const int	permanent[] = { 0, 100, 200, 201, 204, 301,
				    304, 400, 401, 403, 404, 405, 409, 410,
				    413, 422, 424, 426, 428, 431, 501, 505,
				    507, 511, 599 };
	size_t			i;

	for (i = 0; i < sizeof transient / sizeof transient[0]; i++) {
		CHECK(retry_status_transient(transient[i]));
		CHECK(retry_is_transient(transient[i], HTTP_OK));
	}
	for (i = 0; i < sizeof permanent / sizeof permanent[0]; i++) {
		CHECK(!retry_status_transient(permanent[i]));
		CHECK(!retry_is_transient(permanent[i], HTTP_OK));
	}
}

static void
test_error_table(void)
{
	CHECK(retry_is_transient(0, HTTP_ERR_NOT_SENT));
	CHECK(retry_is_transient(0, HTTP_ERR_MAYBE_SENT));
	CHECK(!retry_is_transient(0, HTTP_ERR_FATAL));
	CHECK(!retry_is_transient(200, HTTP_ERR_FATAL));
	CHECK(!retry_is_transient(0, HTTP_ERR_CANCELLED));

	/* Did the server perhaps act on it? */
	CHECK(!retry_outcome_unknown(0, HTTP_ERR_NOT_SENT));
	CHECK(retry_outcome_unknown(0, HTTP_ERR_MAYBE_SENT));
	CHECK(retry_outcome_unknown(0, HTTP_ERR_CANCELLED));
	CHECK(retry_outcome_unknown(500, HTTP_OK));
	CHECK(retry_outcome_unknown(502, HTTP_OK));
	CHECK(retry_outcome_unknown(503, HTTP_OK));
	CHECK(retry_outcome_unknown(504, HTTP_OK));
	CHECK(!retry_outcome_unknown(429, HTTP_OK));
	CHECK(!retry_outcome_unknown(408, HTTP_OK));
	CHECK(!retry_outcome_unknown(425, HTTP_OK));
	CHECK(!retry_outcome_unknown(201, HTTP_OK));
	CHECK(!retry_outcome_unknown(422, HTTP_OK));
	CHECK(retry_outcome_unknown(201, HTTP_ERR_FATAL));	/* too large */
	CHECK(!retry_outcome_unknown(0, HTTP_ERR_FATAL));
}

static void
test_rng(void)
{
	struct retry_rng	a, b, c;
	int			i, same = 1, differ = 0;
	double			u, lo = 1, hi = 0;

	retry_rng_seed(&a, 42);
	retry_rng_seed(&b, 42);
	retry_rng_seed(&c, 43);
	for (i = 0; i < 1000; i++) {
		uint64_t x = retry_rng_next(&a), y = retry_rng_next(&b);

		if (x != y)
			same = 0;
		if (x != retry_rng_next(&c))
			differ++;
	}
	CHECK(same);
	CHECK(differ > 990);
	for (i = 0; i < 100000; i++) {
		u = retry_rng_uniform(&a);
		if (u < lo)
			lo = u;
		if (u > hi)
			hi = u;
	}
	CHECK(lo >= 0 && lo < 0.001);
	CHECK(hi < 1 && hi > 0.999);

	/* getrandom seeding: two generators do not start alike. */
	retry_rng_init(&a);
	retry_rng_init(&b);
	CHECK(retry_rng_next(&a) != retry_rng_next(&b));
}

static void
test_backoff_bounds(void)
{
	struct retry_policy	p = RETRY_POLICY_DEFAULT;
	struct retry_rng	rng;
	double			ceiling, d, max, sum;
	int			a, i, n = 2000;

	retry_rng_seed(&rng, 7);
	CHECK_INT(p.max_retries, 5);
	for (a = 1; a <= 12; a++) {
		ceiling = p.base;
		for (i = 1; i < a; i++)
			ceiling *= 2;
		if (ceiling > p.cap)
			ceiling = p.cap;
		max = 0;
		sum = 0;
		for (i = 0; i < n; i++) {
			d = retry_backoff(&p, &rng, a, -1);
			CHECK(d >= 0 && d <= ceiling);
			if (d > max)
				max = d;
			sum += d;
		}
		/* Full jitter: spread over the whole range, mean ~ half. */
		CHECK(max > 0.95 * ceiling);
		CHECK(sum / n > 0.4 * ceiling && sum / n < 0.6 * ceiling);
	}
	/* No overflow however many attempts. */
	d = retry_backoff(&p, &rng, 1000000, -1);
	CHECK(d >= 0 && d <= p.cap);
}

static void
test_backoff_retry_after(void)
{
	struct retry_policy	p = RETRY_POLICY_DEFAULT;
	struct retry_rng	rng;
	double			d;
	int			i;

	retry_rng_seed(&rng, 9);
	for (i = 0; i < 1000; i++) {
		/* A minimum, not a replacement. */
		d = retry_backoff(&p, &rng, 1, 10);
		CHECK(d >= 10 && d <= 10);
		d = retry_backoff(&p, &rng, 8, 10);
		CHECK(d >= 10 && d <= p.cap);
		/* Capped. */
		d = retry_backoff(&p, &rng, 1, 100000);
		CHECK(d >= p.retry_after_max && d <= p.retry_after_max);
		d = retry_backoff(&p, &rng, 3, 0);
		CHECK(d >= 0 && d <= 2.0);
	}
}

static void
test_budget(void)
{
	struct retry_budget		*b;
	struct retry_budget_stats	 st;
	int				 i, ok;

	b = retry_budget_new(0.2, 3, 10);
	CHECK(retry_budget_withdraw(b));
	CHECK(retry_budget_withdraw(b));
	CHECK(retry_budget_withdraw(b));
	CHECK(!retry_budget_withdraw(b));	/* the floor is spent */
	for (i = 0; i < 4; i++)
		retry_budget_deposit(b);
	CHECK(!retry_budget_withdraw(b));	/* 0.8 of a token */
	retry_budget_deposit(b);
	CHECK(retry_budget_withdraw(b));	/* 5 requests earn 1 retry */
	CHECK(!retry_budget_withdraw(b));
	for (i = 0; i < 1000; i++)
		retry_budget_deposit(b);
	for (ok = 0, i = 0; i < 100; i++)
		ok += retry_budget_withdraw(b);
	CHECK_INT(ok, 10);			/* saved up to max only */
	retry_budget_get_stats(b, &st);
	CHECK_INT(st.deposits, 1005);
	CHECK_INT(st.granted, 3 + 1 + 10);
	CHECK_INT(st.denied, 1 + 1 + 1 + 90);
	CHECK(st.tokens < 1);
	retry_budget_free(b);

	/* Defaults. */
	b = retry_budget_new(0, 0, 0);
	for (ok = 0, i = 0; i < 100; i++)
		ok += retry_budget_withdraw(b);
	CHECK_INT(ok, (int)RETRY_BUDGET_FLOOR);
	retry_budget_free(b);
}

#define NTHREADS	8
#define NREQ		5000

struct budget_arg {
	struct retry_budget	*b;
	int			 granted;
};

static void *
budget_worker(void *p)
{
	struct budget_arg	*a = p;
	int			 i;

	for (i = 0; i < NREQ; i++) {
		retry_budget_deposit(a->b);
		/* An outage: every request wants two retries. */
		a->granted += retry_budget_withdraw(a->b);
		a->granted += retry_budget_withdraw(a->b);
	}
	return NULL;
}

static void
test_budget_threads(void)
{
	struct budget_arg		 args[NTHREADS];
	pthread_t			 t[NTHREADS];
	struct retry_budget		*b;
	struct retry_budget_stats	 st;
	int				 i, total = 0;

	b = retry_budget_new(0.2, 10, 50);
	for (i = 0; i < NTHREADS; i++) {
		args[i].b = b;
		args[i].granted = 0;
		pthread_create(&t[i], NULL, budget_worker, &args[i]);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		total += args[i].granted;
	}
	retry_budget_get_stats(b, &st);
	CHECK_INT(st.deposits, NTHREADS * NREQ);
	CHECK_INT(st.granted, total);
	CHECK_INT(st.granted + st.denied, 2 * NTHREADS * NREQ);
	/* At most 20% of the requests plus the floor. */
	CHECK(total <= 10 + NTHREADS * NREQ / 5);
	CHECK(total >= NTHREADS * NREQ / 5 - 1);
	retry_budget_free(b);
}

static void
test_decide(void)
{
	struct retry_policy	 p = RETRY_POLICY_DEFAULT;
	struct retry_budget	*b;
	struct retry_rng	 rng;
	double			 d;
	int			 a;

	retry_rng_seed(&rng, 1);
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 201, HTTP_OK, -1, &d),
	    RETRY_STOP_SUCCESS);
	CHECK(d == 0);
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 404, HTTP_OK, -1, &d),
	    RETRY_STOP_PERMANENT);
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 422, HTTP_OK, 5, &d),
	    RETRY_STOP_PERMANENT);
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 0, HTTP_ERR_FATAL, -1, &d),
	    RETRY_STOP_PERMANENT);
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 0, HTTP_ERR_CANCELLED, -1,
	    &d), RETRY_STOP_PERMANENT);
	/* --retries 5: attempts 1..5 may be followed by another one. */
	for (a = 1; a <= 5; a++) {
		CHECK_INT(retry_decide(&p, NULL, &rng, a, 503, HTTP_OK, -1,
		    &d), RETRY_AGAIN);
		CHECK(d >= 0 && d <= p.cap);
	}
	CHECK_INT(retry_decide(&p, NULL, &rng, 6, 503, HTTP_OK, -1, &d),
	    RETRY_STOP_ATTEMPTS);
	p.max_retries = 0;
	CHECK_INT(retry_decide(&p, NULL, &rng, 1, 0, HTTP_ERR_NOT_SENT, -1,
	    &d), RETRY_STOP_ATTEMPTS);
	p.max_retries = 5;
	CHECK_INT(retry_decide(&p, NULL, &rng, 2, 429, HTTP_OK, 30, &d),
	    RETRY_AGAIN);
	CHECK(d >= 30 && d <= 30);

	/* The budget: one retry, then the outage stops retrying. */
	b = retry_budget_new(0.2, 1, 1);
	CHECK_INT(retry_decide(&p, b, &rng, 1, 0, HTTP_ERR_MAYBE_SENT, -1,
	    &d), RETRY_AGAIN);
	CHECK_INT(retry_decide(&p, b, &rng, 1, 0, HTTP_ERR_MAYBE_SENT, -1,
	    &d), RETRY_STOP_BUDGET);
	CHECK(d == 0);
	/* A permanent failure costs no token. */
	retry_budget_deposit(b);
	retry_budget_deposit(b);
	retry_budget_deposit(b);
	retry_budget_deposit(b);
	retry_budget_deposit(b);
	CHECK_INT(retry_decide(&p, b, &rng, 1, 400, HTTP_OK, -1, &d),
	    RETRY_STOP_PERMANENT);
	CHECK_INT(retry_decide(&p, b, &rng, 1, 500, HTTP_OK, -1, &d),
	    RETRY_AGAIN);
	retry_budget_free(b);
	CHECK_STR(retry_verdict_name(RETRY_STOP_BUDGET),
	    "retry budget exhausted");
}

int
main(void)
{
	TEST(test_status_table);
	TEST(test_error_table);
	TEST(test_rng);
	TEST(test_backoff_bounds);
	TEST(test_backoff_retry_after);
	TEST(test_budget);
	TEST(test_budget_threads);
	TEST(test_decide);
	return th_done();
}
