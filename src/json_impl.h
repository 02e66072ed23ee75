/*
 * json_impl.h - what the json_*.c files share and nobody else sees: the
 * parsed document's layout and two small helpers. Not part of the public
 * API (that is include/json.h); not to be included outside src/json_*.c.
 */
#ifndef MAILFLEET_JSON_IMPL_H
#define MAILFLEET_JSON_IMPL_H

#include <stddef.h>

#include "json.h"

struct tok {
	enum json_type	type;
	int		start;	/* byte offsets into text; strings: no quotes */
	int		end;
	int		size;	/* children: elements, or keys of an object */
	int		next;	/* index just after this value's subtree */
	int		parent;	/* -1 for the root */
};

struct json_doc {
	char		*text;	/* private NUL-terminated copy */
	size_t		 len;
	struct tok	*toks;
	int		 ntok;
};

/* Print fmt into err (nothing when err is NULL or errlen 0). */
void	 json_seterr(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* JSON's white space (RFC 8259): space, tab, line feed, return. */
static inline int
json_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#endif
