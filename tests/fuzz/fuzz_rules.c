/*
 * fuzz_rules.c - the offline value rules and the text codecs: rules.c,
 * punycode.c, utf8.c (UTF-8 validation, decoding, UTF-16 decoding).
 *
 * Input: one byte seeding the UTF-16 chunk sizes, then the text, given to
 * every rule (up to its first NUL) and to the codecs (all of it). Checks:
 *  - a domain or address the rules accept normalises to a form they
 *    accept again unchanged (normal forms are fixed points);
 *  - utf8_valid() agrees with a utf8_decode() walk, including where the
 *    first bad byte is, and utf8_put() re-encodes what was decoded;
 *  - UTF-16 decoding gives the same text in random pieces as in one, and
 *    always valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_util.h"
#include "rules.h"
#include "utf8.h"

typedef int rule_fn(const char *, struct buf *, char *, size_t);

/* A normal form is accepted again as itself. */
static void
fixed_point(rule_fn *rule, const char *name, const char *in)
{
	struct buf	a = BUF_INIT, b = BUF_INIT;
	char		err[256];

	if (rule(in, &a, err, sizeof err) == 0) {
		if (rule(buf_cstr(&a), &b, err, sizeof err) != 0)
			fuzz_fail("%s refuses its own normal form \"%s\": %s",
			    name, buf_cstr(&a), err);
		if (strcmp(buf_cstr(&a), buf_cstr(&b)) != 0)
			fuzz_fail("%s normalises \"%s\" to \"%s\"", name,
			    buf_cstr(&a), buf_cstr(&b));
		(void)rule_blocked_tld(buf_cstr(&a));
	}
	buf_free(&a);
	buf_free(&b);
}

static void
check_rules(const char *s, size_t len)
{
	struct buf	out = BUF_INIT;
	char		err[256];
	size_t		i;

	fixed_point(rule_domain, "rule_domain", s);
	fixed_point(rule_email, "rule_email", s);
	(void)rule_local_part(s, err, sizeof err);
	(void)rule_password(s, err, sizeof err);
	(void)rule_url(s, err, sizeof err);
	(void)rule_blocked_tld(s);
	if (punycode_encode(s, len, &out) == 0)
		for (i = 0; i < out.len; i++)
			if ((unsigned char)out.data[i] >= 0x80)
				fuzz_fail("punycode_encode wrote non-ASCII");
	buf_free(&out);
}

/* utf8_valid against a decode walk; decoded text re-encodes the same. */
static void
check_utf8(const unsigned char *s, size_t len)
{
	struct buf	re = BUF_INIT;
	size_t		i = 0, n, bad = (size_t)-1;
	uint32_t	cp;
	int		valid;

	valid = utf8_valid((const char *)s, len, &bad);
	while (i < len && (n = utf8_decode(s + i, len - i, &cp)) > 0) {
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			fuzz_fail("utf8_decode gave U+%X", (unsigned)cp);
		utf8_put(&re, cp);
		i += n;
	}
	if (valid != (i == len) || (!valid && bad != i))
		fuzz_fail("utf8_valid says %d (bad at %zu), decoding stops at "
		    "%zu of %zu", valid, bad, i, len);
	if (re.len != i || (i > 0 && memcmp(re.data, s, i) != 0))
		fuzz_fail("utf8_put does not re-encode what was decoded");
	buf_free(&re);
}

static void
check_utf16(const unsigned char *s, size_t len, uint64_t seed, int be)
{
	struct utf16_decoder	d;
	struct buf		one = BUF_INIT, pieces = BUF_INIT;
	struct fuzz_rng		rng;
	size_t			off = 0, n;

	utf16_init(&d, be);
	utf16_feed(&d, s, len, &one);
	utf16_finish(&d, &one);
	fuzz_rng_seed(&rng, seed);
	utf16_init(&d, be);
	while (off < len) {
		n = fuzz_rng_below(&rng, 8);
		if (n > len - off)
			n = len - off;
		utf16_feed(&d, s + off, n, &pieces);
		off += n;
	}
	utf16_finish(&d, &pieces);
	if (one.len != pieces.len || (one.len > 0 && memcmp(one.data,
	    pieces.data, one.len) != 0))
		fuzz_fail("UTF-16 in pieces decodes otherwise");
	if (!utf8_valid(buf_cstr(&one), one.len, NULL))
		fuzz_fail("UTF-16 decodes to invalid UTF-8");
	buf_free(&one);
	buf_free(&pieces);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 len;

	if (size < 1)
		return 0;
	len = size - 1;
	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, data + 1, len);
	s[len] = '\0';
	check_rules(s, strlen(s));
	check_utf8(data + 1, len);
	check_utf16(data + 1, len, data[0], data[0] & 1);
	free(s);
	return 0;
}
