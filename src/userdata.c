/*
 * userdata.c - the rules of Maildoso's UserDataRequest, for the client and
 * the sandbox.
 */
#include <regex.h>
#include <string.h>

#include "userdata.h"

const struct ud_rule ud_rules[UD_FIELDS] = {
	{ "first_name", 1, 0, 1, 255, NULL, NULL, 0, NULL },
	{ "last_name", 1, 0, 1, 255, NULL, NULL, 0, NULL },
	{ "company_name", 0, 1, 0, 255, NULL, NULL, 0, NULL },
	{ "job_title", 0, 1, 0, 255, NULL, NULL, 0, NULL },
	{ "address", 1, 0, 1, 255, NULL, NULL, 0, NULL },
	{ "city", 1, 0, 1, 255, NULL, NULL, 0, NULL },
	{ "state", 1, 0, 1, 255, NULL, NULL, 0, NULL },
	{ "country", 0, 1, 2, 2, "^[A-Z]{2}$", "^[A-Z]{2}$", 0,
	  "an ISO 3166-1 alpha-2 code in capitals, e.g. US" },
	{ "postal_code", 1, 0, 1, 20, NULL, NULL, 0, NULL },
	{ "phone_zone", 1, 0, 0, 0, "^\\+[0-9]{1,3}$", "^\\+\\d{1,3}$", 0,
	  "the dialing code with its +, e.g. +1" },
	{ "phone_number", 1, 0, 4, 20, "^[0-9]+$", "^\\d+$", 0,
	  "digits only, no spaces or signs" },
	{ "register_email", 1, 0, 0, 255, NULL, NULL, 1, NULL },
};

int
ud_field(const char *name)
{
	int	i;

	for (i = 0; i < UD_FIELDS; i++)
		if (strcmp(ud_rules[i].name, name) == 0)
			return i;
	return -1;
}

static int
matches(const char *re, const char *s)
{
	regex_t	r;
	int	ok;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

enum ud_problem
ud_check(int f, const char *value)
{
	const struct ud_rule	*r = &ud_rules[f];
	size_t			 len = strlen(value);

	if (len < r->min)
		return UD_TOO_SHORT;
	if (r->max > 0 && len > r->max)
		return UD_TOO_LONG;
	if (r->pattern != NULL && !matches(r->pattern, value))
		return UD_PATTERN;
	return UD_OK;
}
