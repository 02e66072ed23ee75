/*
 * num.h - numbers in a range, parsed from a whole string: the one parser
 * of the client's option values (opts.c), the journal's fields, the rate
 * burst, and the sandbox's options, fault specs and query integers.
 *
 * Each takes the whole of s (no trailing text), in base 10 for integers,
 * and returns 0 with *out set, or -1 (out untouched) when s is not such a
 * number or is outside lo..hi. As strtoll/strtod: leading white space and
 * a sign are allowed; callers that must refuse them check first.
 */
#ifndef MAILFLEET_NUM_H
#define MAILFLEET_NUM_H

/* A whole number in lo..hi (overflow is out of range). */
int	num_parse_ll(const char *s, long long lo, long long hi,
	    long long *out);
/* A whole number in 0..hi, for ranges past LLONG_MAX; no minus sign. */
int	num_parse_ull(const char *s, unsigned long long hi,
	    unsigned long long *out);
/* A real number in lo..hi (strtod's forms: exponents, hex, inf; NaN is
 * never in range; under- or overflow refused). */
int	num_parse_double(const char *s, double lo, double hi, double *out);

#endif
