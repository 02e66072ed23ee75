/*
 * test_ratelimit.c - the shared token bucket, driven by a fake clock.
 *
 * Threads block in ratelimit_acquire(); the test moves the fake clock one
 * step, kicks them, and waits until every thread is blocked again (then no
 * token is left), so the counts are exact and nothing depends on how fast
 * the machine is.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "harness.h"
#include "ratelimit.h"

#define EPS	1e-6

/* The fake clock: nanoseconds, set by the test thread only. */
static atomic_llong	fake_ns;
static double		fake_wall_base = 1700000000.0;

static double
fake_mono(void *arg)
{
	(void)arg;
	return (double)atomic_load(&fake_ns) / 1e9;
}

static double
fake_wall(void *arg)
{
	(void)arg;
	return fake_wall_base + (double)atomic_load(&fake_ns) / 1e9;
}

static const struct ratelimit_clock fake_clock = { fake_mono, fake_wall,
    NULL };

static void
set_time(double t)
{
	atomic_store(&fake_ns, (long long)(t * 1e9 + 0.5));
}

static void
pause_briefly(void)
{
	struct timespec	ts = { 0, 50000 };

	nanosleep(&ts, NULL);
}

static struct ratelimit *
new_rl(const char *rate)
{
	struct ratelimit_spec	spec;

	if (ratelimit_parse(rate, &spec, NULL) != 0)
		abort();
	set_time(0);
	return ratelimit_new(&spec, &fake_clock);
}

static void
test_parse(void)
{
	struct ratelimit_spec	s;
	struct buf		err = BUF_INIT, out = BUF_INIT;
	static const char	*bad[] = { "", "  ", "abc", "10", "10/", "10/x",
				    "-1/s", "0/s", "0.0/m", "10/s:0", "10/s:",
				    "10/s:x", "nan/s", "inf/s", "1e99/s",
				    "1/s,", ",1/s", "1/s,,2/m", "0x10/s",
				    "1/s,1/m,1/h,2/s,3/s", "10 / s", "10/s:2x" };
	size_t			i;

	CHECK_INT(ratelimit_parse("10/s", &s, NULL), 0);
	CHECK_INT(s.nlimits, 1);
	CHECK(s.limits[0].rate == 10 && s.limits[0].burst == 1);
	CHECK_INT(ratelimit_parse(" 100/m ", &s, NULL), 0);
	CHECK(s.limits[0].rate > 100.0 / 60 - EPS &&
	    s.limits[0].rate < 100.0 / 60 + EPS);
	CHECK_INT(ratelimit_parse("100/min,1000/hour", &s, NULL), 0);
	CHECK_INT(s.nlimits, 2);
	CHECK(s.limits[1].rate > 1000.0 / 3600 - EPS &&
	    s.limits[1].rate < 1000.0 / 3600 + EPS);
	CHECK_INT(ratelimit_parse("0.5/sec:4", &s, NULL), 0);
	CHECK(s.limits[0].rate == 0.5 && s.limits[0].burst == 4);
	CHECK_INT(ratelimit_parse("1/s,1/m,1/h,2/s", &s, NULL), 0);
	CHECK_INT(s.nlimits, 4);

	CHECK_INT(ratelimit_parse("off", &s, NULL), 0);
	CHECK_INT(s.nlimits, 0);
	CHECK_INT(ratelimit_parse("0", &s, NULL), 0);
	CHECK_INT(s.nlimits, 0);
	CHECK_INT(ratelimit_parse("None", &s, NULL), 0);
	CHECK_INT(s.nlimits, 0);
	CHECK_INT(ratelimit_parse("unlimited", &s, NULL), 0);
	CHECK_INT(s.nlimits, 0);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&err);
		if (ratelimit_parse(bad[i], &s, &err) != -1) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			CHECK(0);
		}
		CHECK(err.len > 0);
		CHECK_INT(s.nlimits, 0);
	}
	ratelimit_parse("100/m,1000/h", &s, NULL);
	ratelimit_format(&s, &out);
	CHECK_STR(buf_cstr(&out), "100/m,1000/h");
	buf_reset(&out);
	ratelimit_parse("2.5/s:10", &s, NULL);
	ratelimit_format(&s, &out);
	CHECK_STR(buf_cstr(&out), "150/m:10");
	buf_reset(&out);
	ratelimit_parse("off", &s, NULL);
	ratelimit_format(&s, &out);
	CHECK_STR(buf_cstr(&out), "off");
	buf_free(&out);
	buf_free(&err);
}

static void
test_bucket_single(void)
{
	struct ratelimit	*rl = new_rl("2/s:3");
	double			 w;

	/* The bucket starts full: the burst goes at once. */
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 0.5 - EPS && w < 0.5 + EPS);
	set_time(0.25);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 0.25 - EPS && w < 0.25 + EPS);
	set_time(0.5);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	/* Idle time fills the bucket up to the burst, not beyond. */
	set_time(100);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	ratelimit_free(rl);
}

static void
test_two_limits(void)
{
	struct ratelimit	*rl = new_rl("10/s:5,60/m:2");
	int			 n = 0, step;

	/* The tighter limit wins: 1/s with a burst of 2. */
	for (step = 0; step <= 1000; step++) {
		set_time(step * 0.01);
		while (ratelimit_try_acquire(rl, NULL) == 0)
			n++;
		CHECK(n <= 2 + step * 0.01 + EPS);
	}
	CHECK_INT(n, 2 + 10);
	ratelimit_free(rl);
}

static void
test_unlimited(void)
{
	struct ratelimit	*rl = new_rl("off");
	struct ratelimit_stats	 st;
	int			 i, ok = 0;
	double			 w;

	for (i = 0; i < 10000; i++)
		ok += ratelimit_try_acquire(rl, NULL) == 0;
	CHECK_INT(ok, 10000);
	/* A 429 still holds everybody. */
	ratelimit_penalize(rl, 3);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 3 - EPS && w < 3 + EPS);
	set_time(3);
	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	ratelimit_get_stats(rl, &st);
	CHECK_INT(st.acquired, 10001);
	ratelimit_free(rl);
}

/* Threads hammering one limiter. */
#define NTHREADS	8
#define MAXREC		4096

struct shared {
	struct ratelimit	*rl;
	pthread_mutex_t		 mu;
	double			 times[MAXREC];
	int			 n;
};

static void *
hammer(void *p)
{
	struct shared	*sh = p;

	while (ratelimit_acquire(sh->rl, NULL) == 0) {
		pthread_mutex_lock(&sh->mu);
		if (sh->n < MAXREC)
			sh->times[sh->n++] = fake_mono(NULL);
		pthread_mutex_unlock(&sh->mu);
	}
	return NULL;
}

/* Wait until every thread is blocked again: no token is left. */
static void
settle(struct ratelimit *rl, int nthreads)
{
	struct ratelimit_stats	st;

	for (;;) {
		ratelimit_get_stats(rl, &st);
		if (st.waiters == nthreads)
			return;
		pause_briefly();
	}
}

static int
recorded(struct shared *sh)
{
	int	n;

	pthread_mutex_lock(&sh->mu);
	n = sh->n;
	pthread_mutex_unlock(&sh->mu);
	return n;
}

/* Over any window [t_i, t_j]: j - i + 1 <= rate * (t_j - t_i) + burst. */
static int
window_ok(const double *t, int n, double rate, double burst)
{
	int	i, j;

	for (i = 0; i < n; i++)
		for (j = i; j < n; j++)
			if (j - i + 1 > rate * (t[j] - t[i]) + burst + EPS) {
				fprintf(stderr, "    %d tokens in [%g, %g]\n",
				    j - i + 1, t[i], t[j]);
				return 0;
			}
	return 1;
}

static void
run_threads(const char *rate, double r, double burst, int steps, double dt,
    int chaos)
{
	struct shared		*sh;
	pthread_t		 t[NTHREADS];
	struct ratelimit_stats	 st;
	double			 now;
	int			 i, step, exact = 1;

	sh = calloc(1, sizeof *sh);
	sh->rl = new_rl(rate);
	pthread_mutex_init(&sh->mu, NULL);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, hammer, sh);
	settle(sh->rl, NTHREADS);
	CHECK_INT(recorded(sh), (int)burst);
	for (step = 1; step <= steps; step++) {
		now = step * dt;
		set_time(now);
		if (chaos && step % 97 == 0)
			ratelimit_penalize(sh->rl, step % 2 ? -1 : 0.3);
		if (chaos && step % 5 == 0)
			ratelimit_success(sh->rl);
		if (chaos && step % 211 == 0)
			ratelimit_observe_headers(sh->rl, 0, 2);
		ratelimit_kick(sh->rl);
		settle(sh->rl, NTHREADS);
		/* Never more than rate*t + burst since the start. */
		CHECK(recorded(sh) <= r * now + burst + EPS);
		/* Without slow-downs, exactly that many (hungry threads). */
		if (!chaos && recorded(sh) != (int)(r * now + burst + EPS))
			exact = 0;
	}
	CHECK(exact);
	ratelimit_cancel(sh->rl);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	ratelimit_get_stats(sh->rl, &st);
	CHECK_INT(st.acquired, sh->n);
	CHECK(sh->n < MAXREC);
	CHECK(window_ok(sh->times, sh->n, r, burst));
	if (chaos) {
		CHECK(st.penalties > 0);
		CHECK(sh->n < r * steps * dt);	/* it did slow down */
		CHECK(sh->n > 0);
	}
	ratelimit_free(sh->rl);
	pthread_mutex_destroy(&sh->mu);
	free(sh);
}

static void
test_threads_exact(void)
{
	/* 8 tokens/s, burst 4, steps of 1/16 s over 50 s. */
	run_threads("8/s:4", 8, 4, 800, 1.0 / 16, 0);
}

static void
test_threads_paced(void)
{
	/* 100/min with the default burst of 1, steps of 0.1 s over 60 s. */
	run_threads("100/m", 100.0 / 60, 1, 600, 0.1, 0);
}

static void
test_threads_penalized(void)
{
	/* 429s, recoveries and Reset holds never exceed the configured
	   rate either. */
	run_threads("8/s:4", 8, 4, 1600, 1.0 / 32, 1);
}

static void
test_penalize(void)
{
	struct ratelimit	*rl = new_rl("10/s");
	struct ratelimit_stats	 st;
	double			 w;
	int			 i;

	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	set_time(1);
	ratelimit_penalize(rl, 2);
	ratelimit_get_stats(rl, &st);
	CHECK(st.factor == 0.5);
	CHECK_INT(st.penalties, 1);
	CHECK(st.hold > 2 - EPS && st.hold < 2 + EPS);
	/* Everybody waits for Retry-After. */
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 2 - EPS && w < 2 + EPS);
	/* More 429s from requests already in flight: no second halving. */
	set_time(1.5);
	ratelimit_penalize(rl, 2);
	ratelimit_get_stats(rl, &st);
	CHECK(st.factor == 0.5);
	CHECK_INT(st.penalties, 1);
	CHECK(st.hold > 2 - EPS);	/* extended to 3.5 */
	set_time(3.4);
	CHECK_INT(ratelimit_try_acquire(rl, NULL), 1);
	set_time(3.5);
	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	/* Half the rate: the next token is 0.2 s away, not 0.1 s. */
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 0.2 - EPS && w < 0.2 + EPS);
	/* Additive recovery, one step per success, up to the rate. */
	for (i = 0; i < 8; i++)
		ratelimit_success(rl);
	ratelimit_get_stats(rl, &st);
	CHECK(st.factor > 0.75 - EPS && st.factor < 0.75 + EPS);
	for (i = 0; i < 100; i++)
		ratelimit_success(rl);
	ratelimit_get_stats(rl, &st);
	CHECK(st.factor == 1);
	/* Repeated 429s bottom out at the floor. */
	for (i = 0; i < 20; i++) {
		set_time(10 + i * 10);
		ratelimit_penalize(rl, 0);
	}
	ratelimit_get_stats(rl, &st);
	CHECK(st.factor > 1.0 / 32 - EPS && st.factor < 1.0 / 32 + EPS);
	CHECK_INT(st.penalties, 1 + 20);
	/* An absent Retry-After holds for a second. */
	set_time(1000);
	ratelimit_penalize(rl, -1);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 1 - EPS && st.hold < 1 + EPS);
	/* A huge one is capped at an hour. */
	ratelimit_penalize(rl, 1e9);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 3600 - EPS && st.hold < 3600 + EPS);
	ratelimit_free(rl);
}

static void
test_observe_headers(void)
{
	struct ratelimit	*rl = new_rl("100/s:10");
	struct ratelimit_stats	 st;
	double			 w;

	ratelimit_observe_headers(rl, 5, (long long)fake_wall_base + 30);
	ratelimit_observe_headers(rl, -1, -1);
	ratelimit_observe_headers(rl, 0, -1);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold == 0);
	/* Remaining 0: wait until Reset (unix seconds). */
	ratelimit_observe_headers(rl, 0, (long long)fake_wall_base + 10);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 10 - EPS && st.hold < 10 + EPS);
	CHECK(st.factor == 1);		/* not a 429: no slow-down */
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 10 - EPS && w < 10 + EPS);
	/* A reset in the past changes nothing; a shorter one neither. */
	ratelimit_observe_headers(rl, 0, (long long)fake_wall_base - 10);
	ratelimit_observe_headers(rl, 0, 3);	/* seconds from now */
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 10 - EPS && st.hold < 10 + EPS);
	/* No burst saved up during the hold: one token, then pacing. */
	set_time(10);
	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	CHECK_INT(ratelimit_try_acquire(rl, &w), 1);
	CHECK(w > 0.01 - EPS && w < 0.01 + EPS);
	/* Delta-seconds form, capped at an hour. */
	ratelimit_observe_headers(rl, 0, 20);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 20 - EPS && st.hold < 20 + EPS);
	ratelimit_observe_headers(rl, 0, (long long)fake_wall_base + 999999);
	ratelimit_get_stats(rl, &st);
	CHECK(st.hold > 3600 - EPS && st.hold < 3600 + EPS);
	ratelimit_free(rl);
}

static void *
one_acquire(void *p)
{
	struct ratelimit	*rl = p;

	return (void *)(intptr_t)ratelimit_acquire(rl, NULL);
}

static void
test_hold_blocks_threads(void)
{
	struct ratelimit	*rl = new_rl("10/s");
	pthread_t		 t;
	void			*rc;

	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	ratelimit_penalize(rl, 5);
	pthread_create(&t, NULL, one_acquire, rl);
	settle(rl, 1);
	set_time(4.9);
	ratelimit_kick(rl);
	settle(rl, 1);			/* still held */
	set_time(5);
	ratelimit_kick(rl);
	pthread_join(t, &rc);
	CHECK((intptr_t)rc == 0);
	ratelimit_free(rl);
}

/* Run `n` threads hammering rl; the caller steps the clock. */
static void
start_hammer(struct shared *sh, pthread_t *t, int n)
{
	int	i;

	pthread_mutex_init(&sh->mu, NULL);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, hammer, sh);
	settle(sh->rl, n);
}

static void
step_to(struct shared *sh, double t, int n)
{
	set_time(t);
	ratelimit_kick(sh->rl);
	settle(sh->rl, n);
}

static void
test_hold_voids_reservations(void)
{
	struct shared	*sh = calloc(1, sizeof *sh);
	pthread_t	 t[4];
	int		 i;

	/* 1/s: one at 0, the other threads booked 1, 2, 3, 4. */
	sh->rl = new_rl("1/s");
	start_hammer(sh, t, 4);
	CHECK_INT(recorded(sh), 1);
	step_to(sh, 0.5, 4);
	/* Remaining 0, reset in 2 s: the booked slots are void. */
	ratelimit_observe_headers(sh->rl, 0, 2);
	step_to(sh, 1, 4);
	CHECK_INT(recorded(sh), 1);
	step_to(sh, 2.4, 4);
	CHECK_INT(recorded(sh), 1);
	/* After the hold the pace restarts at once, not after the old
	   bookings (which would have been at 5). */
	step_to(sh, 2.5, 4);
	CHECK_INT(recorded(sh), 2);
	step_to(sh, 3.4, 4);
	CHECK_INT(recorded(sh), 2);
	step_to(sh, 3.5, 4);
	CHECK_INT(recorded(sh), 3);
	for (i = 8; i <= 21; i++)
		step_to(sh, i * 0.5, 4);
	CHECK_INT(recorded(sh), 10);		/* 0, 2.5, 3.5 ... 10.5 */
	ratelimit_cancel(sh->rl);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(window_ok(sh->times, sh->n, 1, 1));
	ratelimit_free(sh->rl);
	pthread_mutex_destroy(&sh->mu);
	free(sh);
}

static void
test_cancel(void)
{
	struct ratelimit	*rl = new_rl("1/h");
	pthread_t		 t[4];
	void			*rc;
	int			 i;

	CHECK_INT(ratelimit_try_acquire(rl, NULL), 0);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, one_acquire, rl);
	settle(rl, 4);
	ratelimit_cancel(rl);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &rc);
		CHECK((intptr_t)rc == -1);
	}
	CHECK_INT(ratelimit_acquire(rl, NULL), -1);
	CHECK_INT(ratelimit_try_acquire(rl, NULL), -1);
	ratelimit_free(rl);
}

/* The real clock: a flag set elsewhere (as by a signal handler) stops a
   wait of an hour. */
struct flag_arg {
	struct ratelimit	*rl;
	atomic_int		 flag;
};

static void *
flag_acquire(void *p)
{
	struct flag_arg	*a = p;

	return (void *)(intptr_t)ratelimit_acquire(a->rl, &a->flag);
}

static void
test_cancel_flag_real_clock(void)
{
	struct ratelimit_spec	spec;
	struct flag_arg		a;
	pthread_t		t;
	void			*rc;
	int			i;

	ratelimit_parse("1000/s:5,1/h:6", &spec, NULL);
	a.rl = ratelimit_new(&spec, NULL);
	atomic_init(&a.flag, 0);
	for (i = 0; i < 6; i++)
		CHECK_INT(ratelimit_acquire(a.rl, &a.flag), 0);
	pthread_create(&t, NULL, flag_acquire, &a);
	settle(a.rl, 1);
	atomic_store(&a.flag, 1);
	pthread_join(t, &rc);
	CHECK((intptr_t)rc == -1);
	ratelimit_free(a.rl);
}

int
main(void)
{
	TEST(test_parse);
	TEST(test_bucket_single);
	TEST(test_two_limits);
	TEST(test_unlimited);
	TEST(test_threads_exact);
	TEST(test_threads_paced);
	TEST(test_threads_penalized);
	TEST(test_penalize);
	TEST(test_observe_headers);
	TEST(test_hold_blocks_threads);
	TEST(test_hold_voids_reservations);
	TEST(test_cancel);
	TEST(test_cancel_flag_real_clock);
	return th_done();
}
