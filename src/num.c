/*
 * num.c - numbers in a range from a whole string (num.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int
num_parse_ll(const char *s, long long lo, long long hi, long long *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
num_parse_ull(const char *s, unsigned long long hi, unsigned long long *out)
{
	char			*end;
	unsigned long long	 v;

	/* strtoull takes "-1" as ULLONG_MAX. */
	if (s[strspn(s, " \t\n\v\f\r")] == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
num_parse_double(const char *s, double lo, double hi, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo) ||
	    !(v <= hi))
		return -1;
	*out = v;
	return 0;
}
