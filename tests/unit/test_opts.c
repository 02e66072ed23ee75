/*
 * test_opts.c - the shared option-value parsers: seconds refuse nan, inf,
 * signs, hex and exponents; dates must be real calendar dates (leap years
 * by the Gregorian rules); whole numbers keep to their range.
 */
#include <stdio.h>

#include "harness.h"
#include "opts.h"

static void
test_seconds_accepted(void)
{
	double	v = -1;

	CHECK_INT(opts_parse_seconds("0", 10, &v), 0);
	CHECK(v == 0);
	CHECK_INT(opts_parse_seconds("3600", 3600, &v), 0);
	CHECK(v == 3600);
	CHECK_INT(opts_parse_seconds("0.5", 10, &v), 0);
	CHECK(v == 0.5);
	CHECK_INT(opts_parse_seconds("2.", 10, &v), 0);
	CHECK(v == 2);
	CHECK_INT(opts_parse_seconds(".25", 10, &v), 0);
	CHECK(v == 0.25);
}

static void
test_seconds_refused(void)
{
	static const char *const bad[] = { "nan", "NaN", "inf", "-inf",
	    "infinity", "-1", "+1", "-0.5", "0x10", "1e3", "", ".", " 1",
	    "1 ", "1s", "1..2", "3601" };
	double	v = 42;
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (opts_parse_seconds(bad[i], 3600, &v) != -1)
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
		CHECK_INT(opts_parse_seconds(bad[i], 3600, &v), -1);
	}
	CHECK(v == 42);		/* untouched when refused */
}

static void
test_dates(void)
{
	CHECK_INT(opts_is_date("2026-01-31"), 1);
	CHECK_INT(opts_is_date("2026-12-31"), 1);
	CHECK_INT(opts_is_date("2024-02-29"), 1);	/* leap year */
	CHECK_INT(opts_is_date("2000-02-29"), 1);	/* every 400 */
	CHECK_INT(opts_is_date("2026-13-45"), 0);
	CHECK_INT(opts_is_date("2026-00-10"), 0);
	CHECK_INT(opts_is_date("2026-04-31"), 0);
	CHECK_INT(opts_is_date("2026-01-00"), 0);
	CHECK_INT(opts_is_date("2026-01-32"), 0);
	CHECK_INT(opts_is_date("2023-02-29"), 0);
	CHECK_INT(opts_is_date("1900-02-29"), 0);	/* not every 100 */
	CHECK_INT(opts_is_date("0000-01-01"), 0);
	CHECK_INT(opts_is_date("2026-1-01"), 0);
	CHECK_INT(opts_is_date("2026-01-011"), 0);
	CHECK_INT(opts_is_date("2026/01/01"), 0);
}

static void
test_long(void)
{
	long	v = 7;

	CHECK_INT(opts_parse_long("64", 1, 64, &v), 0);
	CHECK_INT(v, 64);
	CHECK_INT(opts_parse_long("65", 1, 64, &v), -1);
	CHECK_INT(opts_parse_long("0", 1, 64, &v), -1);
	CHECK_INT(opts_parse_long("4x", 1, 64, &v), -1);
	CHECK_INT(opts_parse_long("", 1, 64, &v), -1);
	CHECK_INT(opts_parse_long("99999999999999999999", 1, 64, &v), -1);
	CHECK_INT(v, 64);
}

int
main(void)
{
	TEST(test_seconds_accepted);
	TEST(test_seconds_refused);
	TEST(test_dates);
	TEST(test_long);
	return th_done();
}
