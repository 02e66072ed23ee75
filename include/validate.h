/*
 * validate.h - the validator stage: offline checks of whole rows.
 *
 * A validator knows the row kind (which columns it needs and the rules
 * that apply), maps the header once, and then checks rows one at a time:
 * field rules, the blocked TLDs, duplicates inside the file. It never
 * touches the network.
 */
#ifndef MAILFLEET_VALIDATE_H
#define MAILFLEET_VALIDATE_H

#include <stddef.h>

#include "buf.h"
#include "columns.h"
#include "dupset.h"
#include "record.h"

struct csv_row;
struct dupscan;

/* validator_init() flags */
#define VALIDATE_BUYING	1	/* refuse the TLDs Maildoso won't buy */
#define VALIDATE_BY_ID	2	/* rows may name an existing object by id */
#define VALIDATE_NO_PASSWORD 4	/* the password column is not read
				   (update --new-passwords) */
#define VALIDATE_PARTIAL 8	/* a domain may be a name without its TLD
				   (search --variations N > 0) */
#define VALIDATE_PASSWORD 16	/* forwarding: each row needs a password
				   to the rule (update forwarding) */
#define VALIDATE_NEED_ID 32	/* every row names its object by id
				   (update warmups: warmup_id) */

struct validator {
	enum kind	 kind;
	int		 buying;	/* refuse the TLDs Maildoso won't buy */
	int		 by_id;
	int		 check_dups;
	int		 flags;		/* as validator_init() had them */
	struct colmap	 map;
	size_t		 smtp_idx[SF__COUNT];	/* smtp-accounts columns
						   (validate_smtp.c) */
	struct dupset	 seen;		/* duplicates in memory, unless */
	struct dupscan	*scan;		/* a first pass found them (owned) */
	/* validator_prescan calls it for each valid row (seq: 0-based data
	 * row), and with seq -1 and rec NULL before each pass; NULL: not
	 * called */
	void		(*on_row)(void *arg, long seq, const struct record *rec);
	void		*on_row_arg;
};

/*
 * Maps the header for this kind. A required column that is missing is an
 * error naming it and the columns found (the caller exits 65). flags:
 * VALIDATE_BUYING, VALIDATE_BY_ID (an `id` column may stand in for the
 * email / domain column: update and delete).
 */
int	validator_init(struct validator *v, enum kind kind, int flags,
	    const char *const *header, size_t ncols, char *err, size_t errlen);
void	validator_free(struct validator *v);

/*
 * A first pass over the regular file at path, read as the caller will
 * read it (delim: 0 detects): counts rows and valid rows (a duplicate is
 * not valid) and, where a temporary file can be made, finds the file's
 * duplicates on disk (dupscan.h), so that v's validator_check() then costs
 * no memory per key; rows must then be checked once each, in file order.
 * Returns 0, or -1 with err when the file cannot be read, or cannot be
 * read twice ("-", a pipe): v is unchanged then, and *rows, *valid too.
 */
int	validator_prescan(struct validator *v, const char *path, char delim,
	    long *rows, long *valid, char *err, size_t errlen);

/* The address alone of an accounts or sender-accounts row (email, or
 * username + domain), normalised into rec->email/local/domain/key as
 * validator_check() does: 0, or -1 with rec->error set. Nothing else of
 * the row is checked, duplicates neither. */
int	validator_address(struct validator *v, const struct csv_row *row,
	    struct record *rec);

/* smtp-accounts (validate_smtp.c): finds the connection columns of the
 * header by their own names; */
void	validator_smtp_map(struct validator *v, const char *const *header,
	    size_t ncols);
/* 0 when the header has the ones a create needs, else -1 + err; */
int	validator_smtp_header(const struct validator *v, char *err,
	    size_t errlen);
/* checks a row's connection cells into rec->smtp (password: the row's
 * password cell, used when smtp_password is empty): 0, or -1 with
 * rec->error set ("column N (smtp_port): ..."). */
int	validator_smtp_check(const struct validator *v,
	    const struct csv_row *row, struct record *rec,
	    const char *password);

/* Checks one row: 0 valid, -1 invalid with rec->error set. */
int	validator_check(struct validator *v, const struct csv_row *row,
	    struct record *rec);

#endif
