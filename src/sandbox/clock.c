/*
 * clock.c - wall time and the providers' scaled clock.
 *
 * The base values are written once by sbx_clock_init() before any server
 * thread exists and only read afterwards.
 */
#include <errno.h>
#include <time.h>

#include "sandbox/clock.h"

static double	scale = 1.0;
static double	base_provider;	/* provider time at base_mono */
static double	base_mono;

static double
ts_sec(clockid_t id)
{
	struct timespec	ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
sbx_wall_now(void)
{
	return ts_sec(CLOCK_REALTIME);
}

double
sbx_mono_now(void)
{
	return ts_sec(CLOCK_MONOTONIC);
}

void
sbx_clock_init(double s, double start)
{
	scale = s > 0 ? s : 1.0;
	base_mono = sbx_mono_now();
	base_provider = start > 0 ? start : sbx_wall_now();
}

double
sbx_clock_now(void)
{
	return base_provider + (sbx_mono_now() - base_mono) * scale;
}

double
sbx_clock_scale(void)
{
	return scale;
}

void
sbx_sleep_ms(unsigned ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void
sbx_sleep_until(double mono)
{
	double	left = mono - sbx_mono_now();

	if (left > 0)
		sbx_sleep_ms((unsigned)(left * 1000.0 + 0.5));
}
