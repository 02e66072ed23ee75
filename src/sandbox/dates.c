/*
 * dates.c - calendar arithmetic on the proleptic Gregorian calendar.
 *
 * days_from_civil / civil_from_days are Howard Hinnant's algorithms
 * (public domain), exact for every date in range of a long long.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sandbox/dates.h"

int
sbx_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
sbx_days_in_month(int y, int m)
{
	static const int	dm[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && sbx_is_leap(y) ? 29 : dm[m - 1];
}

long long
sbx_days_from_civil(int y0, int m, int d)
{
	long long	y = y0 - (m <= 2);
	long long	era = (y >= 0 ? y : y - 399) / 400;
	long long	yoe = y - era * 400;
	long long	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
sbx_civil_from_days(long long z, struct sbx_date *out)
{
	long long	era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	out->year = (int)(y + (m <= 2));
	out->month = (int)m;
	out->day = (int)d;
}

void
sbx_cancellation_date(const struct sbx_date *created,
    const struct sbx_date *deleted, struct sbx_date *out)
{
	int	y = deleted->year, m = deleted->month + 1, dim;

	if (m > 12) {
		m = 1;
		y++;
	}
	dim = sbx_days_in_month(y, m);
	out->year = y;
	out->month = m;
	out->day = created->day < dim ? created->day : dim;
}

double
sbx_cancellation_time(double created, double deleted)
{
	struct sbx_date	c, d, r;
	double		cday = floor(created / 86400.0);
	double		tod = created - cday * 86400.0;

	sbx_civil_from_days((long long)cday, &c);
	sbx_civil_from_days((long long)floor(deleted / 86400.0), &d);
	sbx_cancellation_date(&c, &d, &r);
	return (double)sbx_days_from_civil(r.year, r.month, r.day) * 86400.0 +
	    tod;
}

void
sbx_iso_time(double t, char *out, size_t len)
{
	struct sbx_date	d;
	double		day = floor(t / 86400.0);
	long long	sec = (long long)(t - day * 86400.0);

	if (sec >= 86400)
		sec = 86399;
	sbx_civil_from_days((long long)day, &d);
	snprintf(out, len, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", d.year,
	    d.month, d.day, sec / 3600, sec / 60 % 60, sec % 60);
}

int
sbx_parse_date(const char *s, long long *days)
{
	int	y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > sbx_days_in_month(y, m))
		return -1;
	*days = sbx_days_from_civil(y, m, d);
	return 0;
}
