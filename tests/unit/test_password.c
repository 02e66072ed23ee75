/*
 * test_password.c - generated passwords: 100,000 of them all meet the
 * providers' rule and use only the alphabet, lengths 12 and 64 too, no two
 * alike, and the symbols are uniform (a chi-square test that a correct
 * generator passes with overwhelming probability and a modulo-biased one
 * fails); --password-length parsing.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "harness.h"
#include "password.h"
#include "rules.h"

#define NPASS		100000
#define NSYM		62

/*
 * Bound for the chi-square statistic with 61 degrees of freedom (mean 61,
 * standard deviation 11). P(X > 200) < 1e-15 for a correct generator (by
 * the Wilson-Hilferty approximation, z ~ 8.1), while `byte % 62` makes the
 * first 8 symbols 25% more likely: a statistic in the thousands at this
 * sample size (checked below by simulating exactly that generator).
 */
#define CHI2_BOUND	200.0

static int
sym_index(char c)
{
	const char	*p = strchr(password_alphabet, c);

	return c != '\0' && p != NULL ? (int)(p - password_alphabet) : -1;
}

/*
 * Expected frequency of one symbol of a class (26 upper, 26 lower or 10
 * digits) at any position, when passwords are uniform over the len-long
 * strings with at least one upper, one lower and one digit. Rejecting
 * candidates that miss a class makes digits slightly more frequent than
 * 1/62; by inclusion-exclusion (all terms divided by 62^len):
 *   valid        = 1 - 2(36/62)^L - (52/62)^L + (10/62)^L + 2(26/62)^L
 *   P(digit d)   = (1 - 2(36/62)^(L-1) + (10/62)^(L-1)) / 62 / valid
 *   P(letter x)  = (1 - (36/62)^(L-1) - (52/62)^(L-1) + (26/62)^(L-1))
 *                  / 62 / valid
 */
static double
expected_p(size_t len, int digit)
{
	double	L = (double)len, valid, num;

	valid = 1 - 2 * pow(36.0 / 62, L) - pow(52.0 / 62, L) +
	    pow(10.0 / 62, L) + 2 * pow(26.0 / 62, L);
	if (digit)
		num = 1 - 2 * pow(36.0 / 62, L - 1) + pow(10.0 / 62, L - 1);
	else
		num = 1 - pow(36.0 / 62, L - 1) - pow(52.0 / 62, L - 1) +
		    pow(26.0 / 62, L - 1);
	return num / 62 / valid;
}

static double
chi2(const unsigned long *count, size_t len, unsigned long total)
{
	double	x = 0, e;
	int	i;

	for (i = 0; i < NSYM; i++) {
		e = (double)total * expected_p(len, i >= 52);
		x += ((double)count[i] - e) * ((double)count[i] - e) / e;
	}
	return x;
}

static int
meets_rule(const char *pw, size_t len)
{
	size_t	i;
	int	up = 0, lo = 0, di = 0;

	if (strlen(pw) != len)
		return 0;
	for (i = 0; i < len; i++) {
		if (sym_index(pw[i]) < 0)
			return 0;
		up |= isupper((unsigned char)pw[i]) != 0;
		lo |= islower((unsigned char)pw[i]) != 0;
		di |= isdigit((unsigned char)pw[i]) != 0;
	}
	return up && lo && di;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_alphabet(void)
{
	int	i;

	CHECK_INT(strlen(password_alphabet), NSYM);
	for (i = 0; i < NSYM; i++) {
		CHECK(isalnum((unsigned char)password_alphabet[i]));
		CHECK(strchr(password_alphabet + i + 1, password_alphabet[i]) ==
		    NULL);
	}
	/* The expected frequencies add up to one. */
	CHECK(fabs(52 * expected_p(16, 0) + 10 * expected_p(16, 1) - 1) < 1e-12);
	CHECK(fabs(52 * expected_p(12, 0) + 10 * expected_p(12, 1) - 1) < 1e-12);
	CHECK(expected_p(16, 1) > 1.0 / 62);
}

/* n passwords of len: all meet the rule, pass the provider's check too,
 * are pairwise distinct and uniform. */
static void
check_many(size_t len, size_t n)
{
	unsigned long	 count[NSYM] = { 0 };
	char		**all = calloc(n, sizeof *all);
	char		 err[256];
	size_t		 i, j, bad = 0, dups = 0;
	double		 x;

	CHECK(all != NULL);
	if (all == NULL)
		return;
	for (i = 0; i < n; i++) {
		all[i] = malloc(len + 1);
		memset(all[i], 'x', len + 1);
		if (password_generate(all[i], len) != 0 ||
		    !meets_rule(all[i], len) ||
		    rule_password(all[i], err, sizeof err) != 0) {
			if (bad++ < 3)
				fprintf(stderr, "    bad password \"%.*s\"\n",
				    (int)len, all[i]);
			all[i][len] = '\0';
			continue;
		}
		for (j = 0; j < len; j++)
			count[sym_index(all[i][j])]++;
	}
	CHECK_INT(bad, 0);
	x = chi2(count, len, (unsigned long)(n - bad) * len);
	fprintf(stderr, "    length %zu: chi-square %.1f (bound %.0f)\n", len,
	    x, CHI2_BOUND);
	CHECK(x < CHI2_BOUND);
	qsort(all, n, sizeof *all, cmp_str);
	for (i = 1; i < n; i++)
		if (strcmp(all[i - 1], all[i]) == 0)
			dups++;
	CHECK_INT(dups, 0);
	for (i = 0; i < n; i++)
		free(all[i]);
	free(all);
}

static void
test_100k_length_16(void)
{
	check_many(PASSWORD_DEFAULT_LEN, NPASS);
}

static void
test_length_12_and_64(void)
{
	check_many(12, NPASS);
	check_many(64, NPASS / 4);
}

/* The statistic rejects a generator with modulo bias (byte % 62) at the
 * same sample size, so the uniformity check above is not vacuous. */
static void
test_chi2_catches_modulo_bias(void)
{
	unsigned long	count[NSYM] = { 0 };
	unsigned char	raw[PASSWORD_DEFAULT_LEN];
	char		pw[PASSWORD_DEFAULT_LEN + 1];
	size_t		i, j;
	double		x;

	for (i = 0; i < NPASS; i++) {
		do {
			CHECK(getrandom(raw, sizeof raw, 0) ==
			    (ssize_t)sizeof raw);
			for (j = 0; j < sizeof raw; j++)
				pw[j] = password_alphabet[raw[j] % NSYM];
			pw[sizeof raw] = '\0';
		} while (!meets_rule(pw, sizeof raw));
		for (j = 0; j < sizeof raw; j++)
			count[sym_index(pw[j])]++;
	}
	x = chi2(count, PASSWORD_DEFAULT_LEN,
	    (unsigned long)NPASS * PASSWORD_DEFAULT_LEN);
	fprintf(stderr, "    biased generator: chi-square %.1f\n", x);
	CHECK(x > 5 * CHI2_BOUND);
}

static void
test_length_range(void)
{
	char	buf[PASSWORD_MAX + 2];

	memset(buf, 'Q', sizeof buf);
	CHECK_INT(password_generate(buf, PASSWORD_MIN - 1), -1);
	CHECK_INT(password_generate(buf, 0), -1);
	CHECK_INT(password_generate(buf, PASSWORD_MAX + 1), -1);
	CHECK_INT(buf[0], 'Q');				/* untouched */
	CHECK_INT(password_generate(buf, PASSWORD_MIN), 0);
	CHECK_INT(strlen(buf), PASSWORD_MIN);
	CHECK_INT(password_generate(buf, PASSWORD_MAX), 0);
	CHECK_INT(strlen(buf), PASSWORD_MAX);
	CHECK(meets_rule(buf, PASSWORD_MAX));
}

static void
test_parse_length(void)
{
	static const char *const	bad[] = { "", "11", "65", "0", "-16",
	    "16x", "x16", "1e2", "16.0", "99999999999999999999999", "0x10" };
	char				err[256];
	size_t				len, i;

	len = 0;
	CHECK_INT(password_parse_length("16", &len, err, sizeof err), 0);
	CHECK_INT(len, 16);
	CHECK_INT(password_parse_length("12", &len, err, sizeof err), 0);
	CHECK_INT(len, 12);
	CHECK_INT(password_parse_length("64", &len, err, sizeof err), 0);
	CHECK_INT(len, 64);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		len = 7;
		err[0] = '\0';
		if (password_parse_length(bad[i], &len, err, sizeof err) != -1)
			fprintf(stderr, "    \"%s\" accepted\n", bad[i]);
		CHECK_INT(password_parse_length(bad[i], &len, err, sizeof err),
		    -1);
		CHECK_INT(len, 7);
		CHECK_CONTAINS(err, "--password-length");
		CHECK_CONTAINS(err, "12 to 64");
	}
}

int
main(void)
{
	TEST(test_alphabet);
	TEST(test_100k_length_16);
	TEST(test_length_12_and_64);
	TEST(test_chi2_catches_modulo_bias);
	TEST(test_length_range);
	TEST(test_parse_length);
	return th_done();
}
