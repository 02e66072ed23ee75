/*
 * provider.h - the one interface every provider implements.
 *
 * A provider is a table of function pointers in its own file
 * (provider_maildoso.c, provider_coldsend.c) with its table of operations
 * (operation.h); a third provider is one more file and one line in
 * provider.c. The dispatcher sends a batch through its operation's entry
 * (op_send) and, when the outcome of a create is unknown, looks each row
 * up (the entry's lookup): it never resends a create blindly.
 */
#ifndef MAILFLEET_PROVIDER_H
#define MAILFLEET_PROVIDER_H

#include <stddef.h>

#include "http.h"
#include "job.h"
#include "operation.h"
#include "retry.h"

struct export_filter;
struct json_doc;

/* Per worker thread: the thread's own HTTP client and random source. */
struct pctx {
	struct job		*job;
	struct http_client	*http;
	struct retry_rng	 rng;
	struct http_response	 resp;	/* the last answer */
	char			 parse_err[128]; /* why pctx_parse() failed */
	int			 redact_query;	/* the next requests' query
						   holds a secret: not logged */
};


/* What a domain status says (provider.domain_state): ready; still on
 * its way; a failed set-up the provider takes up again (Maildoso's
 * restart-setup, ColdSend's activate); failed for good (expired,
 * blacklisted...: a dashboard's or a renewal's business, not a restart's).
 * Every failed state is < 0. */
enum { DOMAIN_FAILED = -2, DOMAIN_SETUP_FAILED = -1, DOMAIN_MOVING = 0,
	DOMAIN_READY = 1 };

struct provider {
	const char	*name;
	const char	*title;		/* as written: "ColdSend" */
	const char	*default_url;
	const char	*token_env;
	const char	*auth_name;	/* header */
	const char	*auth_prefix;	/* "Bearer " or "" */
	const char	*default_rate;	/* --rate default, documented */
	int		 client_passwords; /* accounts take our password */

	/* What it does: one entry per verb and kind (operation.h). */
	const struct operation *ops;
	size_t		 nops;
	/* Checks the token and fills job->pdata caches. 0 or -1 + err. */
	int		(*prepare)(struct pctx *p, char *err, size_t errlen);
	void		(*release)(struct job *job);
	/* A non-2xx answer an entry has no refused() for. */
	enum attempt	(*refused)(struct pctx *p, struct op_request *rq,
			    struct item **items, size_t n);
	/* Quota for what kind creates: available = total - in_use.
	 * 0, or -1 + err; *total < 0 when the provider publishes none. */
	int		(*quota)(struct pctx *p, enum kind kind, long *total,
			    long *in_use, char *err, size_t errlen);
	/* How many units of a price list's product (pricing.h) the
	 * account holds, for the range its next one is priced by: 0, or
	 * -1 + err. NULL: the provider publishes no prices. */
	int		(*held)(struct pctx *p, const char *product,
			    long long *n, char *err, size_t errlen);
	/* Every domain of the account: fn(arg, name, id, status, ns) with
	 * ns joined by ';'. 0, or -1 (p->resp says why). */
	int		(*list_domains)(struct pctx *p, void (*fn)(void *arg,
			    const char *name, const char *id, const char *status,
			    const char *ns), void *arg);
	/* Classifies a domain status: a DOMAIN_* value (below). */
	int		(*domain_state)(const char *status);
	/* Asks the provider to go on with a domain waiting for the user
	 * (ColdSend's activate); NULL when there is no such step. */
	int		(*activate_domain)(struct pctx *p, const char *id,
			    const char *status);

	/*
	 * `wait domains` beyond the listing; NULL: no such step.
	 * retry_option: the wait option that enables retry_domains
	 * ("restart-failed" or "activate").
	 *
	 * retry_domains takes the set-up of the n failed domains ids[] up
	 * again, in as few requests as the API allows (the same request
	 * as the `restart domains` entry's): ok[i] 1 when domain i's was
	 * accepted, else 0 with why in msg[i] (n bufs, empty on entry).
	 * 0, or -1 when it could not be asked at all (msg[] say why).
	 */
	const char	*retry_option;
	int		(*retry_domains)(struct pctx *p, const char *const *ids,
			    size_t n, int *ok, struct buf *msg);
	/* The set-up's progress: *pct 0-100 (-1: not said) and the
	 * provider's message into msg. 0, or -1 with why in msg. */
	int		(*domain_progress)(struct pctx *p, const char *id,
			    long long *pct, struct buf *msg);
	/* The name servers to set, ';'-joined into ns, where the listing
	 * lacks them. 0, or -1 with why in ns. */
	int		(*domain_name_servers)(struct pctx *p, const char *id,
			    struct buf *ns);

	/*
	 * `mailfleet export` and `push` (NULL: not supported by this
	 * provider). kind is an enum export_kind (export.h).
	 *
	 * list_query: the query string ("" or "?a=b&...") mapping the
	 * filters onto the kind's documented query parameters, resolving
	 * names to ids where the API wants ids. 0, or -1 + err (no such
	 * listing here, a name not found, the listing failed).
	 */
	int		(*list_query)(struct pctx *p, int kind,
			    const struct export_filter *f, struct buf *query,
			    char *err, size_t errlen);
	/*
	 * One page (0-based, limit objects, limit <= list_page_max):
	 * row(arg, doc, obj) for every object in the provider's order.
	 * *total: the listing's size when the answer says, else -1; *more:
	 * a later page may hold more. Listings without paging answer
	 * everything on page 0. 0, or -1 (p->resp says why).
	 */
	int		(*list_page)(struct pctx *p, int kind, const char *query,
			    long page, long limit, void (*row)(void *arg,
			    const struct json_doc *d, int obj), void *arg,
			    long *total, int *more);
	/* Asks the provider to export accounts to a connected sequencer
	 * (Maildoso POST /v1/sequencers/export). 0 when accepted, else -1
	 * (p->resp says why). */
	int		(*sequencer_export)(struct pctx *p, long long sequencer_id,
			    const long long *account_ids, size_t n);
	long		 list_page_max;	/* most objects per page */
	/* The export kinds whose list_page reads each object's detail when
	 * given EXPORT_DETAILS: bit 1 << kind (0: none). */
	unsigned	 detail_kinds;
};

const struct provider *provider_find(const char *name);

/* --api-url or the provider's default, without a trailing '/'. Caller
 * frees. */
char	*provider_base_url(const struct provider *prov, const char *api_url);

/*
 * The session every command runs in, set up in one order and in two steps
 * so that a command checks its input in between, before the token is read
 * or anything is sent:
 *
 * session_begin: the provider, --rate (NULL: the provider's default) made
 * the rate limiter and retry budget all threads share, the base URL
 * (--api-url itself is checked when the options are parsed). Offline.
 * 0, or EXIT_USAGE with err.
 *
 * session_connect: the token, libcurl, the calling thread's HTTP client in
 * p. 0, or EXIT_ABORTED with err. Worker threads make their own pctx with
 * pctx_init.
 *
 * session_open: both at once, for commands with no input to check first.
 * 0, or -1 with err (the session is closed then).
 *
 * session_close: frees what was set up (the provider's caches included),
 * whichever step failed; call it once session_begin was called.
 */
struct app;
int	session_begin(struct app *app, const char *rate, struct job *job,
	    struct pctx *p, char *err, size_t errlen);
int	session_connect(struct job *job, struct pctx *p, char *err,
	    size_t errlen);
int	session_open(struct app *app, const char *rate, struct job *job,
	    struct pctx *p, char *err, size_t errlen);
void	session_close(struct job *job, struct pctx *p);

/* A thread's own pctx for job: its HTTP client (p->http NULL when none
 * could be made), random source and answer. pctx_free frees them. */
void	pctx_init(struct pctx *p, struct job *job,
	    const struct http_options *opts);
void	pctx_free(struct pctx *p);

/*
 * One request through the shared rate limiter, with the job's auth header.
 * path is appended to the base URL. Returns 0 when an HTTP answer arrived
 * (p->resp.status), -1 otherwise (p->resp.err). 429s slow the shared rate
 * down; other answers let it recover.
 */
int	pctx_request(struct pctx *p, enum http_method m, const char *path,
	    const char *body);

/* The same for a request that changes nothing whatever its method (a
 * POST that only asks, as Maildoso's domain search): retried as a GET. */
int	pctx_request_safe(struct pctx *p, enum http_method m,
	    const char *path, const char *body);

/* The last answer's body as JSON (caller frees), or NULL with the reason
 * in p->parse_err (too deep, too many values, not JSON: never a quote of
 * the body, which may hold secrets). */
struct json_doc *pctx_parse(struct pctx *p);

/*
 * GET path, expecting a JSON array, with a 2xx answer's body streamed into
 * js (json.h) as it arrives: js's function sees each element in turn and
 * nothing keeps the whole answer, so memory does not grow with it (the
 * element cap of js applies, the client's max_body does not). A GET is
 * retried like pctx_request's; before each attempt js is reset and
 * restart(ctx) called (restart may be NULL) so that what a broken attempt
 * handed over can be dropped.
 *
 * Returns 0 when a 200 answer held one complete array. Else -1 and either
 * p->resp.status != 200 (the request failed or was refused: p->resp, its
 * error body included, says why, as after pctx_request) or the 200 answer
 * was not one array or an element was refused (err says why;
 * json_stream_is_array(js) tells whether it began as an array).
 */
struct json_stream;
int	pctx_get_array(struct pctx *p, const char *path, struct json_stream *js,
	    void (*restart)(void *ctx), void *ctx, char *err, size_t errlen);

/* GET path (retried as pctx_request's GETs), expecting 200 and JSON: the
 * document (caller frees), or NULL with err ("<Title> GET path: why"). */
struct json_doc *pctx_get_json(struct pctx *p, const char *path, char *err,
	    size_t errlen);

/* The provider's error text from a JSON body: "detail" as a string, or the
 * messages of FastAPI's list form; "HTTP <status>" otherwise. */
void	provider_error_text(const struct http_response *resp, struct buf *out);

/*
 * A FastAPI 422 that names the items it refuses by index: loc [prefix...,
 * i, field...] (prefix {"body", NULL} for a body that is an array of n
 * items). msg[i] (n bufs, empty on entry) gets item i's messages, "HTTP
 * 422: " then "; "-joined. Returns how many items it names; 0 (msg left
 * empty) when it is no such answer, or an error names no item of the n,
 * so which items were refused cannot be told.
 */
size_t	provider_named_errors(const struct http_response *resp,
	    const char *const *prefix, size_t n, struct buf *msg);

/* Where provider_load_token() takes the token from, for messages (never
 * the token): "--token-file PATH" or "$ENV_VAR". Appended to out. */
void	provider_token_source(const struct provider *prov,
	    const char *token_file, struct buf *out);

/* Reads the token: --token-file or the provider's environment variable.
 * Returns a malloc'd string, or NULL with err. */
char	*provider_load_token(const struct provider *prov,
	    const char *token_file, char *err, size_t errlen);

#endif
