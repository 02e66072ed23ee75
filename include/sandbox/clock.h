/*
 * clock.h - wall time and the providers' scaled clock.
 *
 * Provider time runs --time-scale times faster than the wall clock from the
 * moment sbx_clock_init() is called (or from a saved state's time), so
 * lifecycles documented in minutes pass in milliseconds in tests. Rate limits
 * and latency use the real clock.
 */
#ifndef MAILFLEET_SANDBOX_CLOCK_H
#define MAILFLEET_SANDBOX_CLOCK_H

/* Call once before threads start. start <= 0: provider time = wall time. */
void	 sbx_clock_init(double scale, double start);
double	 sbx_clock_now(void);		/* provider time, unix seconds */
double	 sbx_clock_scale(void);
double	 sbx_wall_now(void);		/* CLOCK_REALTIME, unix seconds */
double	 sbx_mono_now(void);		/* CLOCK_MONOTONIC seconds */
void	 sbx_sleep_ms(unsigned ms);
void	 sbx_sleep_until(double mono);	/* until sbx_mono_now() >= mono */

#endif
