/*
 * rules.h - the offline rules for single values: domain names, e-mail
 * addresses, passwords, redirect URLs.
 *
 * Each check returns 0 when the value is acceptable, else -1 with a
 * sentence in err. Normalising checks append the normal form to `out`.
 * No message ever echoes a password.
 */
#ifndef MAILFLEET_RULES_H
#define MAILFLEET_RULES_H

#include <stddef.h>

struct buf;

#define PASSWORD_MIN	12
#define PASSWORD_MAX	64

/* Domain name: lower-cased, trailing dot removed, Unicode labels converted
 * to punycode (xn--). */
int	rule_domain(const char *in, struct buf *out, char *err, size_t errlen);
/* The same, or a name without its TLD (one label: "my-business"), as a
 * domain search with variations takes. */
int	rule_domain_partial(const char *in, struct buf *out, char *err,
	    size_t errlen);

/* The TLDs Maildoso refuses to buy. Returns the TLD (".xyz") or NULL. */
const char *rule_blocked_tld(const char *domain);

/* E-mail address: local part as a mailbox provider accepts it, a valid
 * domain; normal form lower-cased. */
int	rule_email(const char *in, struct buf *out, char *err, size_t errlen);

/* The local part alone (username / email_prefix). */
int	rule_local_part(const char *in, char *err, size_t errlen);

/* Providers' password rule: >= 12 characters, upper, lower, digit. */
int	rule_password(const char *pw, char *err, size_t errlen);

/* http:// or https:// URL with a host. */
int	rule_url(const char *in, char *err, size_t errlen);

/* RFC 3492 punycode of one label (UTF-8 in, ASCII out, no "xn--"). */
int	punycode_encode(const char *utf8, size_t len, struct buf *out);

#endif
