/*
 * read_memo.h - the answers to the reads no write of one run changes (the
 * token's user, the registrant data, the price list), kept for the later
 * sessions of the same process: apply runs several single commands, each
 * of which would ask them again. pctx_get_json() consults the memo an app
 * carries (app->memo; NULL, as for every other command: none).
 *
 * Thread-safe. Answers are copied in and out; the memo owns its copies.
 * m is never NULL but for read_memo_free().
 */
#ifndef MAILFLEET_READ_MEMO_H
#define MAILFLEET_READ_MEMO_H

#include <stddef.h>

#include "buf.h"

struct read_memo;

struct read_memo *read_memo_new(void);
void	 read_memo_free(struct read_memo *m);	/* NULL: nothing */
/* Is path a read the memo keeps (its table of stable reads)? */
int	 read_memo_keeps(const char *path);
/* The answer kept under key, appended to out: 1; 0 when none is. */
int	 read_memo_get(struct read_memo *m, const char *key, struct buf *out);
/* Keeps len bytes of body under key (a later put replaces it). */
void	 read_memo_put(struct read_memo *m, const char *key, const char *body,
	    size_t len);
/* Reads answered from the memo so far. */
long	 read_memo_hits(struct read_memo *m);

#endif
