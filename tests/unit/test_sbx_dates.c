/*
 * test_sbx_dates.c - calendar arithmetic and the Google-account
 * cancellation rule (src/sandbox/dates.c).
 */
#include <stdio.h>

#include "harness.h"
#include "sandbox/dates.h"

static struct sbx_date
D(int y, int m, int d)
{
	struct sbx_date	r = { y, m, d };

	return r;
}

/* created -> deleted -> expected cancellation date. */
static int
cancel_is(struct sbx_date c, struct sbx_date d, struct sbx_date want)
{
	struct sbx_date	got;

	sbx_cancellation_date(&c, &d, &got);
	if (got.year != want.year || got.month != want.month ||
	    got.day != want.day) {
		fprintf(stderr, "    created %d-%02d-%02d deleted %d-%02d-%02d: "
		    "got %d-%02d-%02d want %d-%02d-%02d\n", c.year, c.month,
		    c.day, d.year, d.month, d.day, got.year, got.month,
		    got.day, want.year, want.month, want.day);
		return 0;
	}
	return 1;
}

/* The examples of the DELETE /v1/user/accounts description and issue 3. */
static void
test_documented_examples(void)
{
	CHECK(cancel_is(D(2025, 1, 15), D(2025, 3, 10), D(2025, 4, 15)));
	CHECK(cancel_is(D(2025, 1, 15), D(2025, 3, 27), D(2025, 4, 15)));
	CHECK(cancel_is(D(2025, 1, 31), D(2025, 2, 27), D(2025, 3, 31)));
	CHECK(cancel_is(D(2025, 1, 31), D(2026, 1, 15), D(2026, 2, 28)));
}

static void
test_month_edges(void)
{
	/* Clamped to 30-day months. */
	CHECK(cancel_is(D(2025, 1, 31), D(2025, 3, 2), D(2025, 4, 30)));
	CHECK(cancel_is(D(2025, 5, 31), D(2025, 8, 31), D(2025, 9, 30)));
	/* Not clamped where the month is long enough. */
	CHECK(cancel_is(D(2025, 1, 30), D(2025, 4, 1), D(2025, 5, 30)));
	CHECK(cancel_is(D(2025, 3, 1), D(2025, 3, 1), D(2025, 4, 1)));
	/* Year wrap. */
	CHECK(cancel_is(D(2024, 6, 15), D(2024, 12, 20), D(2025, 1, 15)));
	CHECK(cancel_is(D(2024, 12, 31), D(2024, 12, 31), D(2025, 1, 31)));
}

static void
test_leap_years(void)
{
	/* February of a leap year has 29 days; 1900 was not leap, 2000 was. */
	CHECK(cancel_is(D(2023, 1, 31), D(2024, 1, 5), D(2024, 2, 29)));
	CHECK(cancel_is(D(2023, 1, 29), D(2025, 1, 5), D(2025, 2, 28)));
	CHECK(cancel_is(D(1999, 3, 30), D(2000, 1, 9), D(2000, 2, 29)));
	CHECK(cancel_is(D(1899, 3, 30), D(1900, 1, 9), D(1900, 2, 28)));
	CHECK(cancel_is(D(2024, 2, 29), D(2024, 2, 29), D(2024, 3, 29)));
	CHECK_INT(sbx_is_leap(2024), 1);
	CHECK_INT(sbx_is_leap(2100), 0);
	CHECK_INT(sbx_is_leap(2000), 1);
	CHECK_INT(sbx_days_in_month(2024, 2), 29);
	CHECK_INT(sbx_days_in_month(2023, 2), 28);
	CHECK_INT(sbx_days_in_month(2023, 4), 30);
	CHECK_INT(sbx_days_in_month(2023, 13), 0);
}

static void
test_civil_round_trip(void)
{
	struct sbx_date	d;
	long long	z;
	int		ok = 1;

	CHECK_INT(sbx_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(sbx_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(sbx_days_from_civil(1969, 12, 31), -1);
	for (z = -800000; z < 800000 && ok; z += 7) {
		sbx_civil_from_days(z, &d);
		ok = sbx_days_from_civil(d.year, d.month, d.day) == z &&
		    d.day >= 1 && d.day <= sbx_days_in_month(d.year, d.month);
	}
	CHECK(ok);
}

static void
test_times(void)
{
	char	s[40];
	double	created, deleted, c;
	long long days;

	/* 2025-01-31 10:20:30Z created, deleted 2025-02-27 -> 2025-03-31. */
	created = (double)sbx_days_from_civil(2025, 1, 31) * 86400 + 37230;
	deleted = (double)sbx_days_from_civil(2025, 2, 27) * 86400 + 5;
	c = sbx_cancellation_time(created, deleted);
	sbx_iso_time(c, s, sizeof s);
	CHECK_STR(s, "2025-03-31T10:20:30Z");
	sbx_iso_time(0, s, sizeof s);
	CHECK_STR(s, "1970-01-01T00:00:00Z");
	CHECK_INT(sbx_parse_date("2024-02-29", &days), 0);
	CHECK_INT(days, sbx_days_from_civil(2024, 2, 29));
	CHECK_INT(sbx_parse_date("2023-02-29", &days), -1);
	CHECK_INT(sbx_parse_date("2023-2-01", &days), -1);
	CHECK_INT(sbx_parse_date("2023-02-01x", &days), -1);
	CHECK_INT(sbx_parse_date("2023-13-01", &days), -1);
}

int
main(void)
{
	TEST(test_documented_examples);
	TEST(test_month_edges);
	TEST(test_leap_years);
	TEST(test_civil_round_trip);
	TEST(test_times);
	return th_done();
}
