/*
 * harness.h - the unit-test harness (in the spirit of redis' testhelp.h).
 *
 * Each TEST(fn) runs one test function and counts it passed unless a CHECK in
 * it failed. main() ends with `return th_done();`, which prints the line
 * "RESULT passed=N failed=N skipped=N" that tests/run.sh adds up.
 */
#ifndef MAILFLEET_HARNESS_H
#define MAILFLEET_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	th_passed, th_failed, th_skipped, th_cur_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "    FAIL %s:%d: %s\n",			\
		    __FILE__, __LINE__, #cond);				\
		th_cur_failed = 1;					\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long th_a = (long long)(a), th_b = (long long)(b);	\
	if (th_a != th_b) {						\
		fprintf(stderr, "    FAIL %s:%d: %s == %s (%lld != %lld)\n",\
		    __FILE__, __LINE__, #a, #b, th_a, th_b);		\
		th_cur_failed = 1;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *th_sa = (a), *th_sb = (b);				\
	if (th_sa == NULL || th_sb == NULL || strcmp(th_sa, th_sb) != 0) {\
		fprintf(stderr, "    FAIL %s:%d: %s == %s (\"%s\" != \"%s\")\n",\
		    __FILE__, __LINE__, #a, #b, th_sa ? th_sa : "(null)",\
		    th_sb ? th_sb : "(null)");				\
		th_cur_failed = 1;					\
	}								\
} while (0)

/* CHECK_CONTAINS(haystack, needle): needle is a substring. */
#define CHECK_CONTAINS(h, n) do {					\
	const char *th_h = (h), *th_n = (n);				\
	if (th_h == NULL || strstr(th_h, th_n) == NULL) {		\
		fprintf(stderr, "    FAIL %s:%d: \"%s\" contains \"%s\"\n",\
		    __FILE__, __LINE__, th_h ? th_h : "(null)", th_n);	\
		th_cur_failed = 1;					\
	}								\
} while (0)

#define TEST(fn) do {							\
	th_cur_failed = 0;						\
	fn();								\
	if (th_cur_failed) {						\
		th_failed++;						\
		fprintf(stderr, "  not ok %s\n", #fn);			\
	} else {							\
		th_passed++;						\
		fprintf(stderr, "  ok %s\n", #fn);			\
	}								\
} while (0)

#define TEST_SKIP(name, why) do {					\
	th_skipped++;							\
	fprintf(stderr, "  skip %s: %s\n", name, why);			\
} while (0)

/* A file's text (malloc'd, NUL-terminated), or NULL when unreadable. */
static inline char *
th_slurp(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	*s = NULL, *t;
	size_t	 len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			if ((t = realloc(s, cap)) == NULL) {
				free(s);
				fclose(fp);
				return NULL;
			}
			s = t;
		}
		n = fread(s + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	s[len] = '\0';
	fclose(fp);
	return s;
}

static inline int
th_done(void)
{
	printf("RESULT passed=%d failed=%d skipped=%d\n", th_passed,
	    th_failed, th_skipped);
	return th_failed ? 1 : 0;
}

#endif
