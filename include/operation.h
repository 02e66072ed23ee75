/*
 * operation.h - what a provider can do, declared as a table of entries, one
 * per verb and kind (as tmux declares its commands with cmd_entry).
 *
 * An entry says what the operation reads and reports, how its rows share a
 * request, whether a request with no answer may be sent again, and holds
 * the two functions that make it: build() turns rows into one request,
 * map() turns a 2xx answer back into rows. op_send() drives them; the
 * dispatcher, dry-run, journal, writer and help read only the entry.
 */
#ifndef MAILFLEET_OPERATION_H
#define MAILFLEET_OPERATION_H

#include <stddef.h>

#include "buf.h"
#include "columns.h"
#include "http.h"
#include "job.h"
#include "record.h"

struct pctx;
struct provider;

enum attempt {
	ATTEMPT_DONE,		/* every item of the batch has its outcome */
	ATTEMPT_TRANSIENT,	/* pctx->resp says what failed; maybe retry */
	ATTEMPT_SPLIT,		/* refused as a whole for some item: split */
	ATTEMPT_RESEND,		/* refused for some items the answer named
				   (now finished), nothing carried out: send
				   the pending rest again */
	ATTEMPT_FATAL		/* auth refused etc.: the job was aborted */
};

/* How the rows of one request are chosen. */
enum op_share {
	OP_SHARE_ANY,		/* any rows together */
	OP_SHARE_DOMAIN,	/* rows of one domain (rec.domain) together */
	OP_SHARE_ONE,		/* one row a request */
	OP_SHARE_SOME		/* rows e->batchable() takes together,
				   every other row alone */
};

/*
 * One request as build() fills it. The driver owns path, body and sent
 * (n slots); state is build()'s own, for map/refused/done (done frees it).
 */
struct op_request {
	enum http_method	  method;
	struct buf		  path;
	struct buf		  body;		/* empty: no body */
	int			  secret;	/* the body holds passwords:
						   wiped once the answer is in */
	int			  secret_query;	/* so does the path's query:
						   never logged, wiped */
	struct item		**sent;		/* the items in the body, in
						   the body's order */
	size_t			  nsent;
	void			 *state;
};

struct operation {
	enum op		 op;
	enum kind	 kind;
	const char	*help;		/* one line for help and the man page */
	const enum col	*columns;	/* the input columns it reads (help),
					   COL__COUNT-terminated */
	/* validator_init() flags (validate.h); VALIDATE_NO_PASSWORD only
	 * applies with --new-passwords */
	int		 validate;
	size_t		 batch_max;	/* rows a request, the API's largest */
	size_t		 batch_default;
	enum op_share	 share;
	/* A request whose outcome is unknown may be sent again as it is
	 * (PUT, DELETE); else (creates) its rows are looked up first. */
	int		 idempotent;
	const enum res_col *res;	/* the result columns it fills */
	size_t		 nres;

	/*
	 * Fills rq for the pending items (n >= 1; 1 for OP_SHARE_ONE).
	 * Items it finishes itself (a client-side check failed) are left
	 * out of the body. 0: send rq; 1: nothing to send (every item has
	 * its outcome).
	 */
	int		(*build)(struct pctx *p, struct op_request *rq,
			    struct item **items, size_t n);
	/* A 2xx answer (p->resp) into the rows. */
	enum attempt	(*map)(struct pctx *p, struct op_request *rq,
			    struct item **items, size_t n);
	/* A non-2xx answer that is not transient; NULL: the provider's. */
	enum attempt	(*refused)(struct pctx *p, struct op_request *rq,
			    struct item **items, size_t n);
	/* After the answer (or after build() said 1); may be NULL. */
	void		(*done)(struct pctx *p, struct op_request *rq,
			    struct item **items, size_t n);
	/* Looks the row's key up: 1 found (item finished), 0 absent, -1 the
	 * lookup itself failed (pctx->resp). Used to reconcile a create
	 * whose outcome is unknown, and by --dry-run. */
	int		(*lookup)(struct pctx *p, struct item *it);
	/* Looks the items up together, from listings made once for the
	 * run (fewer requests than one lookup() each): found[i] = 1 (item
	 * filled with the provider's data, not finished; for a create, the
	 * provider's password only), 0 absent, -3 left to lookup(). The
	 * listings show the provider as the run found it: a row this run
	 * sent is looked up with lookup(). Used by --dry-run, before a
	 * create is sent, and by --resume. Returns -1 when it cannot (then
	 * lookup() per row). May be NULL. */
	int		(*lookup_many)(struct pctx *p, struct item **items,
			    size_t n, int *found);
	/* --dry-run, the rows that would be sent (in input order): it
	 * finishes those a real run would finish without sending them
	 * (over_limit, unavailable); the rest are planned. May be NULL. */
	void		(*plan)(struct pctx *p, struct item **items, size_t n);
	/* What a row that is created costs: the price list's product
	 * (pricing.h: "domains", "maildoso_accounts", ...), or NULL: not
	 * priced (the member NULL: nothing is). it is NULL for the total
	 * of an entry with to_buy. */
	const char	*(*product)(const struct item *it);
	/* How many rows this create will buy, known before any is sent
	 * (after prepare()), for the total a real run asks consent for
	 * (*unavailable: the names it will not buy as none can); -1: not
	 * known before the rows are looked up. May be NULL. */
	long		(*to_buy)(struct pctx *p, long *unavailable);
	/* OP_SHARE_SOME: may the row share a request? */
	int		(*batchable)(const struct item *it);
};

#define OP_NELEM(a)	(sizeof (a) / sizeof (a)[0])
/* .res and .nres of an entry from an array */
#define OP_RES(a)	.res = (a), .nres = OP_NELEM(a)

/* Result columns several entries share. */
extern const enum res_col op_res_accounts[8];
extern const enum res_col op_res_domains[3];
extern const enum res_col op_res_delete[2];

/* "import", "update", "delete", "search": the command of each verb; op_parse reads
 * a command name back (0, or -1 when it is no write command). */
const char *op_name(enum op op);
int	op_parse(const char *command, enum op *op);
/* Is a row of status s an answer of the verb op, not a failure (a
 * search's unavailable name, a restart's skipped domain)? */
int	op_status_answers(enum op op, enum row_status s);

/* The entry of prov for op on kind, or NULL: not supported. */
const struct operation *provider_operation(const struct provider *prov,
	    enum op op, enum kind kind);
/* The providers, in their registry's order: NULL past the last. */
const struct provider *provider_nth(size_t i);
/* Does any provider (prov NULL) or prov do op on kind? */
int	operation_any(const struct provider *prov, enum op op,
	    enum kind kind);

/* May b go in the same request as a (e->share)? */
int	op_same_request(const struct operation *e, const struct item *a,
	    const struct item *b);

/*
 * One attempt of a batch through e: build, the request, then map (2xx),
 * refused (other non-transient answers) or ATTEMPT_TRANSIENT, then done.
 * OP_SHARE_ONE entries go one request a pending item.
 */
enum attempt op_send(struct pctx *p, const struct operation *e,
	    struct item **items, size_t n);

#endif
