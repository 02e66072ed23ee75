/*
 * columns.h - header matching: which input column holds which field.
 *
 * Names match case-insensitively, ignoring spaces, underscores and hyphens,
 * through a table of aliases, so `Email`, `email_account`, `From Email` and
 * `e-mail` all name the email column. Columns that match nothing are carried
 * through untouched.
 */
#ifndef MAILFLEET_COLUMNS_H
#define MAILFLEET_COLUMNS_H

#include <stddef.h>

enum col {
	COL_EMAIL,
	COL_LOCAL,		/* username / email_prefix: the part before @ */
	COL_DOMAIN,
	COL_FIRST_NAME,
	COL_LAST_NAME,
	COL_PASSWORD,
	COL_FORWARDING,
	COL_PROVIDER,
	COL_REDIRECT_TO,
	COL_DISPLAY_NAME,
	COL_ID,
	COL__COUNT
};

#define COL_NONE	((size_t)-1)

struct colmap {
	size_t	idx[COL__COUNT];	/* input column index or COL_NONE */
};

/* The canonical name of a field, as used in messages and output. */
const char *col_name(enum col c);

/* Normalises a header name: lower case, no spaces, '_' or '-'. Caller
 * frees the result. */
char	*col_normalize(const char *name);

/* Which field a header cell names, or -1. */
int	col_lookup(const char *header_cell);

/* Maps every header cell; the first column naming a field wins. */
void	colmap_build(struct colmap *m, const char *const *header, size_t n);

/*
 * A result column name that does not clash with any input column: `want`,
 * or `want_2`, `want_3`... Caller frees.
 */
char	*col_unique_name(const char *const *header, size_t n, const char *want);

#endif
