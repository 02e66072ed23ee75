/*
 * test_num.c - the one ranged-number parser (src/num.c) behind the
 * client's options, the journal, the rate burst and the sandbox's
 * options, fault specs and query integers.
 */
#include <limits.h>
#include <math.h>

#include "harness.h"
#include "num.h"

static void
test_ll(void)
{
	long long	v = 42;

	CHECK_INT(num_parse_ll("17", 0, 100, &v), 0);
	CHECK_INT(v, 17);
	CHECK_INT(num_parse_ll("-5", -10, 10, &v), 0);
	CHECK_INT(v, -5);
	CHECK_INT(num_parse_ll("100", 0, 100, &v), 0);	/* bounds inclusive */
	CHECK_INT(num_parse_ll("101", 0, 100, &v), -1);
	CHECK_INT(num_parse_ll("-1", 0, 100, &v), -1);
	CHECK_INT(v, 100);				/* untouched on error */
	CHECK_INT(num_parse_ll("", 0, 100, &v), -1);
	CHECK_INT(num_parse_ll("12x", 0, 100, &v), -1);
	CHECK_INT(num_parse_ll("1.5", 0, 100, &v), -1);
	CHECK_INT(num_parse_ll("0x10", 0, 100, &v), -1);
	CHECK_INT(num_parse_ll("9223372036854775807", LLONG_MIN, LLONG_MAX,
	    &v), 0);
	CHECK(v == LLONG_MAX);
	CHECK_INT(num_parse_ll("9223372036854775808", LLONG_MIN, LLONG_MAX,
	    &v), -1);					/* overflow */
	CHECK_INT(num_parse_ll("-9223372036854775809", LLONG_MIN, LLONG_MAX,
	    &v), -1);
}

static void
test_ull(void)
{
	unsigned long long	v = 0;

	CHECK_INT(num_parse_ull("65535", 65535, &v), 0);
	CHECK_INT(v, 65535);
	CHECK_INT(num_parse_ull("65536", 65535, &v), -1);
	CHECK_INT(num_parse_ull("18446744073709551615", ~0ULL, &v), 0);
	CHECK(v == ~0ULL);
	CHECK_INT(num_parse_ull("18446744073709551616", ~0ULL, &v), -1);
	/* strtoull reads "-1" as the largest value: refused, spaces or not */
	CHECK_INT(num_parse_ull("-1", ~0ULL, &v), -1);
	CHECK_INT(num_parse_ull(" -1", ~0ULL, &v), -1);
	CHECK_INT(num_parse_ull("", 10, &v), -1);
	CHECK_INT(num_parse_ull("7 ", 10, &v), -1);
}

static void
test_double(void)
{
	double	v = 0;

	CHECK_INT(num_parse_double("0.25", 0, 1, &v), 0);
	CHECK(v == 0.25);
	CHECK_INT(num_parse_double("1", 0, 1, &v), 0);
	CHECK_INT(num_parse_double("1.0001", 0, 1, &v), -1);
	CHECK_INT(num_parse_double("-0.1", 0, 1, &v), -1);
	CHECK_INT(num_parse_double("nan", 0, 1, &v), -1);
	CHECK_INT(num_parse_double("inf", 0, 1e9, &v), -1);
	CHECK_INT(num_parse_double("1e-400", 0, 1, &v), -1);	/* underflow */
	CHECK_INT(num_parse_double("1e400", 0, INFINITY, &v), -1);
	CHECK_INT(num_parse_double("", 0, 1, &v), -1);
	CHECK_INT(num_parse_double("0.5s", 0, 1, &v), -1);
	CHECK(v == 1);				/* the last success */
}

int
main(void)
{
	TEST(test_ll);
	TEST(test_ull);
	TEST(test_double);
	return th_done();
}
