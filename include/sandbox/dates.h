/*
 * dates.h - calendar arithmetic (proleptic Gregorian, UTC).
 */
#ifndef MAILFLEET_SANDBOX_DATES_H
#define MAILFLEET_SANDBOX_DATES_H

#include <stddef.h>

struct sbx_date {
	int	year;
	int	month;		/* 1-12 */
	int	day;		/* 1-31 */
};

int	 sbx_is_leap(int year);
int	 sbx_days_in_month(int year, int month);
long long sbx_days_from_civil(int y, int m, int d);
void	 sbx_civil_from_days(long long days, struct sbx_date *out);
/*
 * When a deleted Google account is cancelled: the creation day-of-month in
 * the month after the deletion month, clamped to that month's last day.
 */
void	 sbx_cancellation_date(const struct sbx_date *created,
	    const struct sbx_date *deleted, struct sbx_date *out);
/* Same on unix seconds; keeps the creation time of day. */
double	 sbx_cancellation_time(double created, double deleted);
/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 32 bytes). */
void	 sbx_iso_time(double t, char *out, size_t len);
/* Parse "YYYY-MM-DD" strictly: 0 with days since 1970-01-01, else -1. */
int	 sbx_parse_date(const char *s, long long *days);

#endif
