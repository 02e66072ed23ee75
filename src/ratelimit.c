/*
 * ratelimit.c - the token bucket(s) shared by every worker thread.
 *
 * The buckets are run as GCRA ("virtual scheduling"), the exact equivalent
 * of a token bucket with reservations: each bucket keeps a theoretical
 * arrival time `tat`; a caller gets the start slot max(now, tat - tau)
 * (tau = (burst - 1) / rate) and tat moves on by one interval. The caller
 * then sleeps until its own slot, so waiters wake one after the other (no
 * thundering herd) and a late wake-up never wastes capacity.
 *
 * One mutex guards everything; waits are on a condition variable with
 * CLOCK_MONOTONIC. A hold (Retry-After, X-RateLimit-Reset) voids the
 * reservations not yet used (the epoch changes), so their owners queue
 * again at the new, slower pace; tat restarts after the hold, or after the
 * last slot really used if that is later (so voided slots waste nothing
 * and used ones still count).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>	/* isfinite only: no -lm needed */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "num.h"
#include "ratelimit.h"
#include "xmalloc.h"

#define RL_FLOOR	(1.0 / 32)	/* lowest factor after decreases */
#define RL_STEP		(1.0 / 32)	/* factor regained per success */
#define RL_HOLD_MAX	3600.0		/* longest hold, seconds */
#define RL_COOLDOWN	1.0		/* min seconds between decreases */
#define RL_POLL		0.1		/* cancel flag polling period */
#define RL_EPSILON	1e-9		/* slack for rounding */

struct bucket {
	double	rate;		/* configured tokens per second */
	double	tau;		/* (burst - 1) / rate: how early one may go */
	double	tat;		/* theoretical arrival time of the next */
	double	granted_tat;	/* tat after the last slot actually used */
};

struct ratelimit {
	pthread_mutex_t		mu;
	pthread_cond_t		cv;
	struct ratelimit_clock	clock;
	int			injected;	/* clock is not the real one */

	int			n;
	struct bucket		b[RATELIMIT_MAX_LIMITS];
	double			factor;		/* effective/configured rate */
	unsigned long		epoch;		/* bumped by each hold */
	double			hold_until;	/* nobody goes before this */
	double			penalty_until;	/* no new decrease before */

	int			cancelled;
	int			waiters;	/* blocked, not yet woken */
	unsigned long		wake_gen;	/* bumped by each broadcast */
	unsigned long long	acquired;
	unsigned long long	penalties;
};

static double
real_mono(void *arg)
{
	struct timespec	ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
real_wall(void *arg)
{
	struct timespec	ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parse one "N/u" or "N/u:B" item of length len. */
static int
parse_one(const char *s, size_t len, struct ratelimit_limit *lim,
    struct buf *err)
{
	char		*item, *p, *end, *unit, *colon, *slash;
	double		 n, per, burst = 1;
	int		 rc = -1;

	item = xstrndup(s, len);
	p = item;
	while (isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		*--end = '\0';
	/* Plain decimals only: strtod would also take hex, inf, 1e3. */
	slash = strchr(p, '/');
	if (slash == NULL || slash == p ||
	    strspn(p, "0123456789.") != (size_t)(slash - p))
		goto bad;
	errno = 0;
	n = strtod(p, &end);
	if (errno != 0 || end == p || !isfinite(n))
		goto bad;
	if (*end != '/')
		goto bad;
	unit = end + 1;
	if ((colon = strchr(unit, ':')) != NULL) {
		*colon++ = '\0';
		if (!isdigit((unsigned char)*colon))
			goto bad;
		if (num_parse_double(colon, 1, 1e9, &burst) != 0) {
			if (err != NULL)
				buf_printf(err, "burst must be a number from "
				    "1 to 10^9 in rate \"%s\"", p);
			goto out;
		}
	}
	if (strcmp(unit, "s") == 0 || strcmp(unit, "sec") == 0)
		per = 1;
	else if (strcmp(unit, "m") == 0 || strcmp(unit, "min") == 0)
		per = 60;
	else if (strcmp(unit, "h") == 0 || strcmp(unit, "hour") == 0)
		per = 3600;
	else
		goto bad;
	if (n <= 0 || n > 1e9) {
		if (err != NULL)
			buf_printf(err, "rate must be above 0 and at most 10^9 "
			    "in \"%s\" (use \"off\" for no limit)", p);
		goto out;
	}
	lim->rate = n / per;
	lim->burst = burst;
	rc = 0;
	goto out;
bad:
	if (err != NULL)
		buf_printf(err, "bad rate \"%s\" (expected N/s, N/m or N/h, "
		    "optionally :BURST, or off)", p);
out:
	free(item);
	return rc;
}

int
ratelimit_parse(const char *text, struct ratelimit_spec *spec,
    struct buf *err)
{
	const char	*p, *comma;
	size_t		 len;

	memset(spec, 0, sizeof *spec);
	if (text == NULL)
		return 0;
	while (isspace((unsigned char)*text))
		text++;
	len = strlen(text);
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	if ((len == 1 && text[0] == '0') ||
	    (len == 3 && strncasecmp(text, "off", 3) == 0) ||
	    (len == 4 && strncasecmp(text, "none", 4) == 0) ||
	    (len == 9 && strncasecmp(text, "unlimited", 9) == 0))
		return 0;
	if (len == 0) {
		if (err != NULL)
			buf_puts(err, "empty rate");
		return -1;
	}
	p = text;
	for (;;) {
		comma = memchr(p, ',', len - (size_t)(p - text));
		if (spec->nlimits == RATELIMIT_MAX_LIMITS) {
			if (err != NULL)
				buf_printf(err, "at most %d limits in a rate",
				    RATELIMIT_MAX_LIMITS);
			goto fail;
		}
		if (parse_one(p, comma != NULL ? (size_t)(comma - p) :
		    len - (size_t)(p - text), &spec->limits[spec->nlimits],
		    err) != 0)
			goto fail;
		spec->nlimits++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return 0;
fail:
	memset(spec, 0, sizeof *spec);
	return -1;
}

/* Is v (> 0) a whole number, give or take rounding errors? */
static int
is_whole(double v)
{
	double	d = v - (double)(long long)(v + 0.5);

	return v < 1e15 && (d < 0 ? -d : d) <= 1e-9 * v;
}

void
ratelimit_format(const struct ratelimit_spec *spec, struct buf *out)
{
	const struct ratelimit_limit	*l;
	double				 v;
	const char			*unit;
	int				 i;

	if (spec->nlimits == 0) {
		buf_puts(out, "off");
		return;
	}
	for (i = 0; i < spec->nlimits; i++) {
		l = &spec->limits[i];
		v = l->rate;
		unit = "s";
		if (!is_whole(v) && is_whole(v * 60)) {
			v *= 60;
			unit = "m";
		} else if (!is_whole(v)) {
			v *= 3600;
			unit = "h";
		}
		buf_printf(out, "%s%.6g/%s", i > 0 ? "," : "", v, unit);
		if (l->burst != 1)
			buf_printf(out, ":%.6g", l->burst);
	}
}

struct ratelimit *
ratelimit_new(const struct ratelimit_spec *spec,
    const struct ratelimit_clock *clock)
{
	struct ratelimit	*rl;
	pthread_condattr_t	 ca;
	double			 burst, now;
	int			 i;

	rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&rl->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (clock != NULL) {
		rl->clock = *clock;
		rl->injected = 1;
	} else {
		rl->clock.mono = real_mono;
		rl->clock.wall = real_wall;
	}
	now = rl->clock.mono(rl->clock.arg);
	rl->n = spec != NULL ? spec->nlimits : 0;
	if (rl->n < 0 || rl->n > RATELIMIT_MAX_LIMITS)
		rl->n = 0;
	for (i = 0; i < rl->n; i++) {
		burst = spec->limits[i].burst < 1 ? 1 : spec->limits[i].burst;
		rl->b[i].rate = spec->limits[i].rate;
		rl->b[i].tau = (burst - 1) / rl->b[i].rate;
		rl->b[i].tat = now;	/* a full bucket */
		rl->b[i].granted_tat = now;
	}
	rl->factor = 1;
	rl->hold_until = now;
	rl->penalty_until = now;
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_cond_destroy(&rl->cv);
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

/* The earliest start slot for a request arriving at `now`. Locked. */
static double
slot(struct ratelimit *rl, double now)
{
	double	start = now, s;
	int	i;

	for (i = 0; i < rl->n; i++) {
		s = rl->b[i].tat - rl->b[i].tau;
		if (s > start)
			start = s;
	}
	return start;
}

/* Book the slot `start` in every bucket; tat_after[] gets each bucket's
   tat after the booking. Locked. */
static void
reserve(struct ratelimit *rl, double start, double *tat_after)
{
	int	i;

	for (i = 0; i < rl->n; i++) {
		if (rl->b[i].tat < start)
			rl->b[i].tat = start;
		/* The interval at the effective rate; tau stays that of the
		   configured rate, so a slow-down never widens the burst. */
		rl->b[i].tat += 1 / (rl->b[i].rate * rl->factor);
		tat_after[i] = rl->b[i].tat;
	}
}

/* A booked slot is being used. Locked. */
static void
grant(struct ratelimit *rl, const double *tat_after)
{
	int	i;

	for (i = 0; i < rl->n; i++)
		if (rl->b[i].granted_tat < tat_after[i])
			rl->b[i].granted_tat = tat_after[i];
	rl->acquired++;
}

/* Nobody starts before `until`, then one request and the pace. Locked. */
static void
hold(struct ratelimit *rl, double until)
{
	int	i;

	if (until > rl->hold_until)
		rl->hold_until = until;
	for (i = 0; i < rl->n; i++) {
		rl->b[i].tat = rl->hold_until + rl->b[i].tau;
		if (rl->b[i].tat < rl->b[i].granted_tat)
			rl->b[i].tat = rl->b[i].granted_tat;
	}
	rl->epoch++;
}

int
ratelimit_try_acquire(struct ratelimit *rl, double *wait)
{
	double	now, start, w = 0, tat_after[RATELIMIT_MAX_LIMITS];
	int	rc = 0;

	pthread_mutex_lock(&rl->mu);
	now = rl->clock.mono(rl->clock.arg);
	if (rl->cancelled)
		rc = -1;
	else if (now + RL_EPSILON < rl->hold_until) {
		w = rl->hold_until - now;
		rc = 1;
	} else if ((start = slot(rl, now)) > now + RL_EPSILON) {
		w = start - now;
		rc = 1;
	} else {
		reserve(rl, now, tat_after);
		grant(rl, tat_after);
	}
	pthread_mutex_unlock(&rl->mu);
	if (wait != NULL)
		*wait = w;
	return rc;
}

/* Sleep on the condition variable for up to `secs`. Called locked. */
static void
timed_wait(struct ratelimit *rl, double secs)
{
	struct timespec	ts;
	time_t		whole;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (secs > RL_HOLD_MAX)
		secs = RL_HOLD_MAX;
	if (secs < 0)
		secs = 0;
	whole = (time_t)secs;
	ts.tv_sec += whole;
	ts.tv_nsec += (long)((secs - (double)whole) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&rl->cv, &rl->mu, &ts);
}

/* Wake every waiter; they no longer count as waiting. Called locked. */
static void
broadcast(struct ratelimit *rl)
{
	rl->wake_gen++;
	rl->waiters = 0;
	pthread_cond_broadcast(&rl->cv);
}

/* Wait up to `secs` (or for a kick with an injected clock). Locked. */
static void
wait_locked(struct ratelimit *rl, double secs, const atomic_int *cancel)
{
	unsigned long	gen = rl->wake_gen;

	rl->waiters++;
	if (rl->injected)
		pthread_cond_wait(&rl->cv, &rl->mu);
	else
		timed_wait(rl, cancel != NULL && secs > RL_POLL ? RL_POLL :
		    secs);
	if (gen == rl->wake_gen)	/* else broadcast() counted it out */
		rl->waiters--;
}

static int
stopped(struct ratelimit *rl, const atomic_int *cancel)
{
	return rl->cancelled || (cancel != NULL && atomic_load(cancel) != 0);
}

int
ratelimit_acquire(struct ratelimit *rl, const atomic_int *cancel)
{
	double		now, start, tat_after[RATELIMIT_MAX_LIMITS];
	unsigned long	epoch;

	pthread_mutex_lock(&rl->mu);
	for (;;) {
		if (stopped(rl, cancel))
			goto cancelled;
		now = rl->clock.mono(rl->clock.arg);
		if (now + RL_EPSILON < rl->hold_until) {
			wait_locked(rl, rl->hold_until - now, cancel);
			continue;
		}
		start = slot(rl, now);
		reserve(rl, start, tat_after);
		epoch = rl->epoch;
		/* Sleep until our own slot, unless a hold voids it. */
		while (now + RL_EPSILON < start && epoch == rl->epoch) {
			wait_locked(rl, start - now, cancel);
			if (stopped(rl, cancel))
				goto cancelled;
			now = rl->clock.mono(rl->clock.arg);
		}
		if (epoch == rl->epoch)
			break;
	}
	grant(rl, tat_after);
	pthread_mutex_unlock(&rl->mu);
	return 0;
cancelled:
	pthread_mutex_unlock(&rl->mu);
	return -1;
}

void
ratelimit_cancel(struct ratelimit *rl)
{
	pthread_mutex_lock(&rl->mu);
	rl->cancelled = 1;
	broadcast(rl);
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_kick(struct ratelimit *rl)
{
	pthread_mutex_lock(&rl->mu);
	broadcast(rl);
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_penalize(struct ratelimit *rl, double retry_after)
{
	double	now, cool;

	if (!(retry_after >= 0))	/* also NaN */
		retry_after = 1;
	if (retry_after > RL_HOLD_MAX)
		retry_after = RL_HOLD_MAX;
	pthread_mutex_lock(&rl->mu);
	now = rl->clock.mono(rl->clock.arg);
	if (now >= rl->penalty_until) {
		rl->factor /= 2;
		if (rl->factor < RL_FLOOR)
			rl->factor = RL_FLOOR;
		rl->penalties++;
	}
	cool = retry_after > RL_COOLDOWN ? retry_after : RL_COOLDOWN;
	if (now + cool > rl->penalty_until)
		rl->penalty_until = now + cool;
	hold(rl, now + retry_after);
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_success(struct ratelimit *rl)
{
	double	now;

	pthread_mutex_lock(&rl->mu);
	now = rl->clock.mono(rl->clock.arg);
	if (rl->factor < 1 && now >= rl->penalty_until) {
		rl->factor += RL_STEP;
		if (rl->factor > 1)
			rl->factor = 1;
	}
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_observe_headers(struct ratelimit *rl, long long remaining,
    long long reset)
{
	double	now, delay;

	if (remaining != 0 || reset < 0)
		return;
	pthread_mutex_lock(&rl->mu);
	now = rl->clock.mono(rl->clock.arg);
	if (reset < 1000000000LL)
		delay = (double)reset;
	else
		delay = (double)reset - rl->clock.wall(rl->clock.arg);
	if (delay > RL_HOLD_MAX)
		delay = RL_HOLD_MAX;
	if (delay > 0 && now + delay > rl->hold_until)
		hold(rl, now + delay);
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_get_stats(struct ratelimit *rl, struct ratelimit_stats *st)
{
	double	now;

	pthread_mutex_lock(&rl->mu);
	now = rl->clock.mono(rl->clock.arg);
	st->acquired = rl->acquired;
	st->penalties = rl->penalties;
	st->factor = rl->factor;
	st->hold = rl->hold_until > now ? rl->hold_until - now : 0;
	st->waiters = rl->waiters;
	pthread_mutex_unlock(&rl->mu);
}
