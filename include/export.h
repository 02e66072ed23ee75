/*
 * export.h - what `mailfleet export` and `mailfleet push` read and write:
 * the kinds of listing, the filters, the output formats and the paging
 * loop that fetches pages ahead in parallel.
 *
 * Nothing here talks HTTP itself: pages come through the provider's
 * list_query/list_page (provider.h), so the formats (export_format.c) and
 * the filters (export_filter.c) are tested without a network.
 *
 * Rows travel as "records": a row's cells packed into a struct buf as
 * (uint32 column, uint32 length, bytes) triples ending with column
 * EXPORT_REC_END. A worker thread turns a provider object into a record;
 * the writer, in page order, turns records into output lines. Records are
 * a few hundred bytes where the JSON and its tokens are kilobytes, so the
 * window of pages held for ordering stays small.
 */
#ifndef MAILFLEET_EXPORT_H
#define MAILFLEET_EXPORT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "strmap.h"

struct json_doc;
struct job;
struct pctx;

enum export_kind {
	EXPORT_ACCOUNTS,		/* Maildoso accounts */
	EXPORT_DOMAINS,			/* Maildoso and ColdSend */
	EXPORT_FORWARDING,		/* Maildoso forwarding inboxes */
	EXPORT_WARMUPS,			/* Maildoso warm-up services */
	EXPORT_SEQUENCERS,		/* Maildoso sequencer connections */
	EXPORT_SENDER_ACCOUNTS,		/* ColdSend inboxes */
	EXPORT__KINDS
};

/* Or'ed into the kind list_page() is given (export --details): it also
 * reads each object's detail, one request an object, for the kinds the
 * provider's detail_kinds has (provider.h). */
#define EXPORT_DETAILS	0x100

/* The names, in enum order, NULL-terminated. */
extern const char *const export_kind_names[];
/* "accounts", ...; -1 when unknown. */
int	export_kind_parse(const char *s);
const char *export_kind_name(enum export_kind k);

/* The filters of `export`; NULL or 0 where not given. */
struct export_filter {
	char		**status;	/* --status a,b: any of them */
	size_t		  nstatus;
	const char	 *domain;	/* --domain NAME (lower case) */
	const char	 *keyword;	/* --keyword TEXT: substring, any case */
	const char	 *provider;	/* --provider maildoso|google */
	const char	 *since;	/* --created-since YYYY-MM-DD */
	const char	 *until;	/* --created-until YYYY-MM-DD */
	struct strmap	 *ids;		/* --ids FILE: ids and keys (lower) */
	char		**id_list;	/* the numeric ids of FILE, for APIs
					   that take `ids` (at most 100) */
	size_t		  nid_list;
};

/* Does the object pass every filter? (Also the ones the provider already
 * applied: re-checking them is harmless, and covers those it could not.) */
int	export_filter_match(const struct export_filter *f,
	    enum export_kind kind, const struct json_doc *d, int obj);

/*
 * Reads --ids FILE: a CSV with an id column or a key column (email,
 * domain) into f->ids (and the numeric ids into f->id_list). 0, or -1 and
 * err.
 */
int	export_filter_load_ids(struct export_filter *f, const char *path,
	    char delim, char *err, size_t errlen);
void	export_filter_free(struct export_filter *f);

enum export_format {
	EXPORT_RAW,		/* every field, nested objects flattened */
	EXPORT_MAILDOSO,	/* sequencer-csv.md: Maildoso dashboard */
	EXPORT_INSTANTLY,	/* Instantly bulk account import */
	EXPORT_SMARTLEAD,	/* Smartlead SMTP bulk upload */
	EXPORT_GENERIC,		/* the common generic form */
	EXPORT_JSONL		/* one provider object per line */
};

/* The names, in enum order, NULL-terminated. */
extern const char *const export_format_names[];
int	export_format_parse(const char *s);	/* -1 when unknown */
const char *export_format_name(enum export_format f);

/* What a sequencer row is made of (every member may be NULL or ""). */
struct export_creds {
	const char	*email, *first_name, *last_name, *password;
	const char	*smtp_host, *smtp_port, *imap_host, *imap_port;
};

/* The optional sequencer columns: --daily-limit N, --warmup off|on|L[,I]. */
struct export_extra {
	const char	*daily_limit;		/* NULL: not given */
	int		 warmup;		/* -1 not given, 0 off, 1 on */
	const char	*warmup_limit;		/* NULL or digits */
	const char	*warmup_increment;	/* NULL or digits */
};

/* Parses --warmup's value into x. 0, or -1 when malformed. */
int	export_warmup_parse(struct export_extra *x, const char *s);

/*
 * The header of a format. Raw has no fixed header: it is built from the
 * objects (struct export_raw). Returns the number of names.
 */
size_t	export_seq_header(enum export_format f, const struct export_extra *x,
	    const char *const **names);

/*
 * One sequencer row as a record (cells in header order). from_name is
 * first + last name; usernames are the address; SMTP defaults to
 * smtp.maildoso.com:587 and the IMAP port to 993 (sequencer-csv.md); the
 * IMAP host is never guessed.
 */
void	export_seq_record(enum export_format f, const struct export_extra *x,
	    const struct export_creds *c, struct buf *rec);

/* The credentials of a Maildoso EmailAccount object. Strings point into
 * `store` (reset and owned by the caller). */
void	export_creds_from_json(const struct json_doc *d, int obj,
	    struct export_creds *c, struct buf *store);

/*
 * Raw format: the header is learnt from the objects of the first page
 * (starting from the kind's documented fields, so a nullable object absent
 * there still has its columns) and then frozen; later fields outside it
 * are counted in `dropped` and left out.
 *
 * Flattening: a nested object's member k of p becomes `k` when k already
 * starts with "p_" (imap.imap_host -> imap_host), else `p_k` (smtp.port
 * -> smtp_port); a list of scalars is joined with ';'; a list of objects
 * gives one column per member, each joined with ';'. When two fields
 * flatten to one name (forwarding_account_id and forwarding_account.id)
 * they share the column; the first non-empty value wins.
 */
struct export_raw {
	char		**names;	/* owned */
	size_t		  n, cap;
	int		  frozen;
	struct strmap	  index;	/* name -> column + 1 */
	atomic_ulong	  dropped;	/* non-empty fields left out */
};

/* The documented fields of a kind at a provider, flattened; NULL-ended. */
const char *const *export_raw_seed(enum export_kind kind,
	    const char *provider);
void	export_raw_init(struct export_raw *r, const char *const *seed);
void	export_raw_free(struct export_raw *r);
/* Appends the object's record to rec (columns learnt while not frozen).
 * Thread-safe once frozen. */
void	export_raw_record(struct export_raw *r, const struct json_doc *d,
	    int obj, struct buf *rec);

/* jsonl: the object's JSON text on one line (no newline added). */
void	export_jsonl_record(const struct json_doc *d, int obj,
	    struct buf *rec);

/* Records. */
#define EXPORT_REC_END	UINT32_MAX
void	export_rec_cell(struct buf *rec, uint32_t col, const char *s,
	    size_t len);
void	export_rec_end(struct buf *rec);
/*
 * Walks the record starting at *pos: fills cells[0..ncols) (NULL where
 * the record has nothing; columns >= ncols are ignored) and moves *pos to
 * the next record. Returns 1, or 0 at the end of buf.
 */
int	export_rec_next(const struct buf *b, size_t *pos, const char **cells,
	    size_t *lens, size_t ncols);

/* Is a column name one that holds a secret (password, pass, pw, api_key,
 * token, secret, TOTP; any spelling col_normalize() folds)? */
int	export_secret_column(const char *name);

/*
 * --columns a,b,c against a header: pick[i] = the header column of the
 * i-th output column. Names match as input headers do (any case, spaces,
 * '_' and '-' ignored). Returns the number picked, or -1 with the unknown
 * name in err. *pick is malloc'd.
 */
long	export_pick_columns(const char *spec, const char *const *header,
	    size_t n, size_t **pick, char *err, size_t errlen);

/*
 * The paging loop. Page 0 is fetched first, on the calling thread; when
 * the listing's size is then known, the other pages are fetched by up to
 * `workers` threads, each with its own HTTP client, all under the job's
 * rate limiter, at most `window` pages ahead of the writer. convert() runs
 * on the fetching thread and appends zero or more records to its page;
 * emit() runs on the calling thread, page after page in order, and may be
 * called with a page before the next is fetched. after_first() (may be
 * NULL) runs once, after page 0 has been converted and before it is
 * emitted (the raw header is frozen there).
 *
 * A page that fails is retried as every GET is (pctx_request); one that
 * still fails stops the run: -1 and err. convert/emit return 0 or -1 (stop,
 * err filled by the callback).
 */
struct export_pager {
	struct pctx	*p;		/* the calling thread's session */
	int		 kind;
	const char	*query;		/* from prov->list_query */
	long		 limit;		/* objects per page */
	int		 workers;
	int		 window;
	int		(*convert)(void *arg, const struct json_doc *d, int obj,
			    struct buf *page);
	int		(*after_first)(void *arg, char *err, size_t errlen);
	int		(*emit)(void *arg, const struct buf *page, char *err,
			    size_t errlen);
	void		*arg;
	long		 pages;		/* out: pages fetched */
	long		 objects;	/* out: objects seen (before filters) */
	long		 total;		/* out: the listing's size as its
					   first page tells, -1 unknown */
};

int	export_pager_run(struct export_pager *pg, char *err, size_t errlen);

/*
 * Does a connected sequencer (its id as text, platform and name, each may
 * be NULL) answer to WANT, as push --sequencer and a fleet sheet's
 * sequencer column name one: the id, or the platform or name in any case.
 * cmd_push.c.
 */
int	sequencer_answers_to(const char *want, const char *id,
	    const char *platform, const char *name);

/*
 * Every page of a listing through convert(), on the calling thread and
 * nothing emitted: a reader that updates its own state (arg) as objects
 * pass; *pages (may be NULL) gets the pages fetched. 0, or -1 and err.
 */
int	export_pager_walk(struct pctx *p, int kind, const char *query,
	    long limit, int (*convert)(void *, const struct json_doc *, int,
	    struct buf *), void *arg, long *pages, char *err, size_t errlen);

#endif
