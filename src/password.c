/*
 * password.c - generated passwords from getrandom(2).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "opts.h"
#include "password.h"
#include "rules.h"

const char password_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

#define ALPHABET_LEN	(sizeof password_alphabet - 1)		/* 62 */
/* Bytes >= this are rejected: 248 = 4 * 62, so each symbol is equally
 * likely. */
#define ACCEPT_BELOW	(256 - 256 % ALPHABET_LEN)

static int
fill_random(unsigned char *b, size_t n)
{
	ssize_t	got;

	while (n > 0) {
		got = getrandom(b, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += got;
		n -= (size_t)got;
	}
	return 0;
}

int
password_generate(char *out, size_t len)
{
	unsigned char	pool[128];
	size_t		i, used, have;
	int		upper, lower, digit;

	if (len < PASSWORD_MIN || len > PASSWORD_MAX)
		return -1;
	for (;;) {
		used = have = 0;
		upper = lower = digit = 0;
		for (i = 0; i < len; i++) {
			do {
				if (used == have) {
					if (fill_random(pool, sizeof pool) < 0)
						return -1;
					used = 0;
					have = sizeof pool;
				}
			} while (pool[used++] >= ACCEPT_BELOW);
			out[i] = password_alphabet[pool[used - 1] %
			    ALPHABET_LEN];
			upper |= isupper((unsigned char)out[i]) != 0;
			lower |= islower((unsigned char)out[i]) != 0;
			digit |= isdigit((unsigned char)out[i]) != 0;
		}
		out[len] = '\0';
		if (upper && lower && digit)
			break;
	}
	explicit_bzero(pool, sizeof pool);
	return 0;
}

int
password_parse_length(const char *s, size_t *len, char *err, size_t errlen)
{
	long	 v;

	if (opts_parse_long(s, PASSWORD_MIN, PASSWORD_MAX, &v) < 0) {
		snprintf(err, errlen, "--password-length must be a number "
		    "from %d to %d", PASSWORD_MIN, PASSWORD_MAX);
		return -1;
	}
	*len = (size_t)v;
	return 0;
}
