/*
 * rules.c - offline rules for domain names, addresses, passwords and URLs.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "rules.h"
#include "utf8.h"

/* Documented in POST /v1/user/domains: TLDs Maildoso will not register. */
static const char *const blocked_tlds[] = {
	"ca", "app", "cloud", "site", "tech", "xyz", "eu", "us", "fr", "nl",
	NULL
};

/* Trims ASCII white space; returns the start and sets *len. */
static const char *
trim(const char *s, size_t *len)
{
	size_t	n = strlen(s);

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

/* Simple lower-casing of the scripts domain names commonly use. IDNA's
 * full case folding and NFC normalisation are out of scope (README). */
static uint32_t
lower_cp(uint32_t c)
{
	if (c < 0x80)
		return (uint32_t)tolower((int)c);
	if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	    (c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	/* Latin Extended-A: upper case is even in 0100-0137 and 014A-0177,
	 * odd in 0139-0148 and 0179-017E; Ÿ pairs with ÿ (00FF). */
	if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) &&
	    c % 2 == 0 && c != 0x130)
		return c + 1;
	if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) &&
	    c % 2 == 1)
		return c + 1;
	if (c == 0x178)
		return 0xFF;
	return c;
}

/* Lower-cases and punycodes one label into out. */
static int
label_to_ascii(const char *s, size_t len, struct buf *out, char *err,
    size_t errlen)
{
	struct buf	 low = BUF_INIT;
	size_t		 i = 0, n;
	uint32_t	 cp;
	int		 ascii = 1, rc = 0;

	for (n = 0; n < len && (unsigned char)s[n] < 0x80; n++)
		;
	if (n == len) {			/* the common case: plain ASCII */
		i = out->len;
		buf_append(out, s, len);
		for (; i < out->len; i++)
			out->data[i] = (char)tolower((unsigned char)out->data[i]);
		return 0;
	}
	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			snprintf(err, errlen, "domain is not valid UTF-8");
			buf_free(&low);
			return -1;
		}
		if (cp >= 0x80)
			ascii = 0;
		utf8_put(&low, lower_cp(cp));
		i += n;
	}
	if (ascii) {
		buf_append(out, low.data, low.len);
	} else {
		buf_puts(out, "xn--");
		if (punycode_encode(low.data, low.len, out) < 0) {
			snprintf(err, errlen, "domain label cannot be "
			    "converted to punycode; give it in xn-- form");
			rc = -1;
		}
	}
	buf_free(&low);
	return rc;
}

/* Label by label (s, len: the domain without its trailing dot) into a,
 * "."-joined: 0, or -1 with err. */
static int
domain_to_ascii(const char *s, size_t len, struct buf *a, char *err,
    size_t errlen)
{
	const char	*label, *dot;

	for (label = s; label <= s + len; label = dot + 1) {
		dot = memchr(label, '.', (size_t)(s + len - label));
		if (dot == NULL)
			dot = s + len;
		if (a->len > 0 || label != s)
			buf_putc(a, '.');
		if (label_to_ascii(label, (size_t)(dot - label), a, err,
		    errlen) < 0)
			return -1;
	}
	return 0;
}

/* The nth (1-based) label of an ASCII domain: 0, or -1 with err. */
static int
check_label(const char *label, size_t llen, size_t nth, char *err,
    size_t errlen)
{
	size_t	i;

	if (llen == 0) {
		snprintf(err, errlen, "domain has an empty label "
		    "(two dots in a row, or a leading dot)");
		return -1;
	}
	if (llen > 63) {
		snprintf(err, errlen, "domain label %zu is %zu "
		    "characters long; at most 63", nth, llen);
		return -1;
	}
	for (i = 0; i < llen; i++)
		if (!isalnum((unsigned char)label[i]) && label[i] != '-') {
			snprintf(err, errlen, "domain has a character "
			    "that is not a letter, digit or hyphen "
			    "(\"%c\")", isprint((unsigned char)label[i])
			    ? label[i] : '?');
			return -1;
		}
	if (label[0] == '-' || label[llen - 1] == '-') {
		snprintf(err, errlen, "domain label starts or ends "
		    "with a hyphen");
		return -1;
	}
	return 0;
}

/* A domain name, or with partial one label alone (no TLD). */
static int
domain_rule(const char *in, struct buf *out, int partial, char *err,
    size_t errlen)
{
	struct buf	 a = BUF_INIT;
	const char	*s, *dot, *label, *tld;
	size_t		 len, llen, nlabels = 0, i;
	int		 rc = -1;

	s = trim(in, &len);
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0) {
		snprintf(err, errlen, "domain is empty");
		return -1;
	}
	/* Convert label by label, then check the ASCII form. */
	if (domain_to_ascii(s, len, &a, err, errlen) < 0)
		goto out;
	for (label = buf_cstr(&a); ; label = dot + 1) {
		dot = strchr(label, '.');
		llen = dot ? (size_t)(dot - label) : strlen(label);
		if (check_label(label, llen, ++nlabels, err, errlen) < 0)
			goto out;
		tld = label;
		if (dot == NULL)
			break;
	}
	if (a.len > 253) {
		snprintf(err, errlen, "domain is %zu characters long; at most "
		    "253", a.len);
		goto out;
	}
	if (nlabels < 2 && !partial) {
		snprintf(err, errlen, "domain needs at least two labels "
		    "(like example.com)");
		goto out;
	}
	if (nlabels > 1 && strncmp(tld, "xn--", 4) != 0)
		for (i = 0; tld[i] != '\0'; i++)
			if (!isalpha((unsigned char)tld[i])) {
				snprintf(err, errlen, "top-level domain "
				    "\"%s\" is not alphabetic", tld);
				goto out;
			}
	buf_append(out, a.data, a.len);
	rc = 0;
out:
	buf_free(&a);
	return rc;
}

int
rule_domain(const char *in, struct buf *out, char *err, size_t errlen)
{
	return domain_rule(in, out, 0, err, errlen);
}

int
rule_domain_partial(const char *in, struct buf *out, char *err,
    size_t errlen)
{
	return domain_rule(in, out, 1, err, errlen);
}

const char *
rule_blocked_tld(const char *domain)
{
	const char	*dot = strrchr(domain, '.');
	size_t		 i;

	if (dot == NULL)
		return NULL;
	for (i = 0; blocked_tlds[i] != NULL; i++)
		if (strcasecmp(dot + 1, blocked_tlds[i]) == 0)
			return dot;
	return NULL;
}

static int
local_part(const char *s, size_t len, char *err, size_t errlen)
{
	size_t	i;

	if (len == 0) {
		snprintf(err, errlen, "address has an empty local part (before "
		    "the @)");
		return -1;
	}
	if (len > 64) {
		snprintf(err, errlen, "local part is %zu characters long; at "
		    "most 64", len);
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (isalnum((unsigned char)s[i]) || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-' || s[i] == '+')
			continue;
		snprintf(err, errlen, "local part has a character mailbox "
		    "providers refuse (\"%c\"); letters, digits, . _ - + only",
		    isprint((unsigned char)s[i]) ? s[i] : '?');
		return -1;
	}
	if (s[0] == '.' || s[len - 1] == '.') {
		snprintf(err, errlen, "local part starts or ends with a dot");
		return -1;
	}
	for (i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.') {
			snprintf(err, errlen, "local part has two dots in a "
			    "row");
			return -1;
		}
	return 0;
}

int
rule_local_part(const char *in, char *err, size_t errlen)
{
	size_t		 len;
	const char	*s = trim(in, &len);

	return local_part(s, len, err, errlen);
}

int
rule_email(const char *in, struct buf *out, char *err, size_t errlen)
{
	struct buf	 dom = BUF_INIT, d = BUF_INIT;
	const char	*s, *at;
	size_t		 len, i;
	int		 rc = -1;

	s = trim(in, &len);
	if (len == 0) {
		snprintf(err, errlen, "address is empty");
		return -1;
	}
	at = memchr(s, '@', len);
	if (at == NULL) {
		snprintf(err, errlen, "address has no @");
		return -1;
	}
	if (memchr(at + 1, '@', (size_t)(s + len - at - 1)) != NULL) {
		snprintf(err, errlen, "address has more than one @");
		return -1;
	}
	if (local_part(s, (size_t)(at - s), err, errlen) < 0)
		return -1;
	buf_append(&d, at + 1, (size_t)(s + len - at - 1));
	if (rule_domain(buf_cstr(&d), &dom, err, errlen) < 0)
		goto out;
	i = out->len;
	buf_append(out, s, (size_t)(at - s));
	for (; i < out->len; i++)
		out->data[i] = (char)tolower((unsigned char)out->data[i]);
	buf_putc(out, '@');
	buf_append(out, dom.data, dom.len);
	rc = 0;
out:
	buf_free(&d);
	buf_free(&dom);
	return rc;
}

int
rule_password(const char *pw, char *err, size_t errlen)
{
	size_t		 len = strlen(pw), i, chars = 0;
	int		 upper = 0, lower = 0, digit = 0, ctrl = 0;
	struct buf	 m = BUF_INIT;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)pw[i];

		if ((c & 0xC0) != 0x80)
			chars++;
		if (isupper(c))
			upper = 1;
		else if (islower(c))
			lower = 1;
		else if (isdigit(c))
			digit = 1;
		else if (c < 0x20 || c == 0x7F)
			ctrl = 1;
	}
	if (!utf8_valid(pw, len, NULL) || ctrl) {
		snprintf(err, errlen, "password has control characters or "
		    "invalid UTF-8");
		return -1;
	}
	if (chars >= PASSWORD_MIN && chars <= PASSWORD_MAX && upper && lower &&
	    digit)
		return 0;
	buf_puts(&m, "password ");
	if (chars < PASSWORD_MIN)
		buf_printf(&m, "is too short (%zu characters, at least %d)%s",
		    chars, PASSWORD_MIN, upper && lower && digit ? "" : " and ");
	else if (chars > PASSWORD_MAX)
		buf_printf(&m, "is too long (%zu characters, at most %d)%s",
		    chars, PASSWORD_MAX, upper && lower && digit ? "" : " and ");
	if (!upper || !lower || !digit) {
		buf_puts(&m, "has no ");
		buf_puts(&m, !upper ? "upper-case letter" : !lower ?
		    "lower-case letter" : "digit");
		if (!upper && !lower)
			buf_puts(&m, !digit ? ", lower-case letter or digit" :
			    " or lower-case letter");
		else if ((!upper || !lower) && !digit)
			buf_puts(&m, " or digit");
	}
	snprintf(err, errlen, "%s", buf_cstr(&m));
	buf_free(&m);
	return -1;
}

int
rule_url(const char *in, char *err, size_t errlen)
{
	size_t		 len, skip, i;
	const char	*s = trim(in, &len);

	if (len >= 7 && strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else if (len >= 8 && strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else {
		snprintf(err, errlen, "redirect URL must start with http:// "
		    "or https://");
		return -1;
	}
	if (len == skip || s[skip] == '/' || s[skip] == ':') {
		snprintf(err, errlen, "redirect URL has no host");
		return -1;
	}
	if (len > 2083) {
		snprintf(err, errlen, "redirect URL is longer than 2083 "
		    "characters");
		return -1;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ') {
			snprintf(err, errlen, "redirect URL contains a space "
			    "or control character");
			return -1;
		}
	return 0;
}
