/*
 * columns.h - header matching: which input column holds which field.
 *
 * Names match case-insensitively, ignoring spaces (Unicode ones too),
 * underscores and hyphens, through a table of aliases, so `Email`,
 * `email_account`, `From Email` and `e-mail` all name the email column.
 * Columns that match nothing are carried through untouched.
 */
#ifndef MAILFLEET_COLUMNS_H
#define MAILFLEET_COLUMNS_H

#include <stddef.h>

struct buf;

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
	COL_SYSTEM_ID,		/* warm-up services */
	COL_WARMUP_EXCLUDE,
	COL_API_KEY,
	COL_WARMUP_ID,
	COL_PLATFORM,		/* sequencers */
	COL_SEQ_LOGIN,
	COL_SEQ_PASSWORD,
	COL_SEQ_WORKSPACE,
	COL_PREMIUM_WARMUP,	/* accounts */
	COL_PICTURE_URL,
	COL__COUNT
};

#define COL_NONE	((size_t)-1)

struct colmap {
	size_t	idx[COL__COUNT];	/* input column index or COL_NONE */
};

/* The canonical name of a field, as used in messages and output. */
const char *col_name(enum col c);

/* Normalises a header name: lower case, no spaces (ASCII, tab, Unicode
 * category Zs, U+200B, U+FEFF), '_' or '-'. Caller frees the result. */
char	*col_normalize(const char *name);

/* Appends s to b with every character outside printable ASCII shown as
 * <U+XXXX> (a byte that is not UTF-8 as <0xXX>), for messages. */
void	col_visible(struct buf *b, const char *s);

/* Which field a header cell names, or -1. */
int	col_lookup(const char *header_cell);

/*
 * Maps every header cell; the first column naming a field wins, except
 * that a copy (smtp_username, imap_password, domain_id...) gives way to any
 * other name of the field wherever it stands.
 */
void	colmap_build(struct colmap *m, const char *const *header, size_t n);

/*
 * A header that names one column twice: two cells of the same normalised
 * name, or two names of one field (email and Email Address; copies
 * excepted). Returns 0, or -1 and a message naming both columns (1-based)
 * appended to msg.
 */
int	col_check_header(const char *const *header, size_t n, struct buf *msg);

/*
 * A result column name that does not clash with any input column (the
 * same normalised name, or another name of the same field, copies aside):
 * `want`, or `want_2`, `want_3`... so a result maps fields to the columns
 * its input did. Caller frees.
 */
char	*col_unique_name(const char *const *header, size_t n, const char *want);

#endif
