/*
 * userdata.h - Maildoso's registrant data (UserDataRequest of
 * maildoso-openapi.json: the personal and company data ICANN registrars
 * need before a domain is bought), its fields and their rules. One table
 * for the client (`mailfleet registrant set`) and the sandbox.
 */
#ifndef MAILFLEET_USERDATA_H
#define MAILFLEET_USERDATA_H

#include <stddef.h>

#define UD_FIELDS	12

struct ud_rule {
	const char	*name;
	int		 nullable;	/* anyOf string / null */
	int		 required;	/* in the schema's required list */
	size_t		 min, max;	/* length; max 0: none */
	const char	*pattern;	/* POSIX ERE, NULL: none */
	const char	*pattern_doc;	/* the spec's form of it, for messages */
	int		 email;		/* format: email (the caller checks) */
	const char	*hint;		/* what the value is, for messages */
};

/* In the schema's order. */
extern const struct ud_rule ud_rules[UD_FIELDS];

/* The field named name, or -1. */
int	ud_field(const char *name);

enum ud_problem {
	UD_OK,
	UD_TOO_SHORT,		/* below rule->min */
	UD_TOO_LONG,		/* over rule->max */
	UD_PATTERN		/* does not match rule->pattern */
};

/* Checks a string value of field f against its length and pattern (not
 * the email format). */
enum ud_problem ud_check(int f, const char *value);

#endif
