/*
 * job.h - one run of a write command: its settings, its rows in flight, its
 * shared machinery (rate limiter, retry budget) and its counters.
 *
 * An item is one input row on its way through the stages:
 * reader (csv_in.c) -> validator (validate.c) -> dispatcher (dispatch.c,
 * batches + worker pool) -> ordered writer (writer.c). The job owns every
 * item until the writer has written and freed it.
 */
#ifndef MAILFLEET_JOB_H
#define MAILFLEET_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"
#include "record.h"

struct app;
struct csv_row;
struct provider;
struct input_domains;
struct journal;
struct operation;
struct ratelimit;
struct retry_budget;
struct run_cost;

enum op {
	OP_CREATE,
	OP_UPDATE,
	OP_DELETE,
	OP_SEARCH,		/* asks, changes nothing (Maildoso's domain
				   search) */
	OP_RESTART,		/* take failed domain set-ups up again */
	OP_TOTP			/* read each account's current TOTP code */
};

enum row_status {
	ST_PENDING = 0,
	ST_CREATED,
	ST_UPDATED,
	ST_DELETED,
	ST_EXISTS,
	ST_INVALID,
	ST_FAILED,
	ST_OVER_QUOTA,
	ST_SKIPPED,
	ST_PLANNED,		/* --dry-run: would be sent */
	ST_OVER_LIMIT,		/* beyond its domain's accounts_limit */
	ST_AVAILABLE,		/* search: the name can be registered */
	ST_UNAVAILABLE,		/* search, or a domain to buy: it cannot;
				   or the provider asked for is not offered
				   on the row's domain */
	ST_GENERATED,		/* totp: the code was generated */
	ST__COUNT
};

const char *row_status_name(enum row_status s);
/* The status named name: 0, or -1 when there is none. */
int	row_status_parse(const char *name, enum row_status *out);
/* Did the row reach what the user asked for (0 exit code)? */
int	row_status_ok(enum row_status s);

/* Result columns a command adds after status,error,http_status,attempts. */
enum res_col {
	RES_ID,
	RES_PASSWORD,
	RES_SMTP_HOST,
	RES_SMTP_PORT,
	RES_IMAP_HOST,
	RES_IMAP_PORT,
	RES_ACCOUNT_STATUS,
	RES_FORWARDING,
	RES_DOMAIN_STATUS,
	RES_NAME_SERVERS,
	RES_NS_EXPIRE_AT,
	RES_SCHEDULED_FOR,
	RES_REQUESTED,		/* search: the input name a result came from */
	RES_AVAILABLE,		/* search: the provider's "available" */
	RES_SEARCH_STATUS,	/* search: the provider's "status" */
	RES_PRICE,		/* dollars: the price list's, for this row */
	RES_TOTP,		/* secrets: wiped like passwords */
	RES_EXPIRES_AT,
	RES_EXPIRES_AT_UTC,
	RES_WARMUP_ID,
	RES_SEQUENCER_STATUS,
	RES__COUNT
};

const char *res_col_name(enum res_col c);

struct item {
	long		 seq;		/* 0-based position among data rows */
	struct csv_row	*row;		/* owned copy of the input row */
	struct record	 rec;		/* validated, normalised */
	char		*password;	/* given or generated; owned, wiped */
	enum row_status	 status;
	struct buf	 error;
	int		 http_status;
	int		 attempts;
	char		*res[RES__COUNT];	/* owned result values or NULL */
	int		 journaled;	/* its intent is in the journal */
	int		 unsure;	/* --resume: intent, no outcome: look
					   it up before sending it again */
	int		 maybe_sent;	/* a request carrying it may have been
					   carried out (a previous run's, or
					   one without an answer) */
	int		 unsent;	/* skipped because the run stopped */
	/* search: the name this row reports (written in the input's
	 * domain column), and the further result rows of the same input
	 * row (its variations), written after it; both owned */
	char		*found;
	struct item	*extra;
	struct item	*next;		/* batch / queue link */
};

struct item *item_new(long seq, const struct csv_row *row);
void	item_free(struct item *it);
/* Sets a result value (copied). */
void	item_set(struct item *it, enum res_col c, const char *v);
void	item_setn(struct item *it, enum res_col c, const char *v, size_t len);
/* Final outcome. fmt may be NULL for no error text. */
void	item_finish(struct item *it, enum row_status st, int http_status,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct job {
	/* settings */
	struct app		*app;
	const struct provider	*prov;
	const struct operation	*entry;		/* what prov does for op on
						   kind (operation.h) */
	enum op			 op;
	enum kind		 kind;
	const char		*input;
	char			*token;		/* owned, wiped on free */
	char			*base_url;	/* owned */
	int			 workers;
	size_t			 batch;
	size_t			 password_len;
	int			 new_passwords;	/* update --new-passwords */
	int			 allow_partial;
	int			 dry_run;
	/* import: how long an operation polls a job the provider runs for
	 * it (ColdSend's SMTP bulk import), and how often */
	double			 poll_timeout;
	double			 poll_interval;
	int			 variations;	/* search --variations */
	int			 available_only; /* search --available-only */

	/* shared machinery */
	struct ratelimit	*rl;
	struct retry_budget	*budget;
	int			 max_retries;
	long			 quota_left;	/* < 0: unlimited / unknown */
	atomic_int		 cancel;	/* set on abort or a signal */
	pthread_mutex_t		 lock;		/* guards abort_msg, caches */
	struct buf		 abort_msg;	/* why the run stopped */

	/* waits the provider asks for (job_wait_notice), under lock */
	const char		*wait_why;	/* why the limiter holds (static
						   text), NULL: none yet */
	double			 wait_until;	/* mono end of the wait said */
	int			 abort_said;	/* the abort reason was printed */

	struct journal		*journal;	/* NULL: --no-journal */
	const char		*op_name;	/* "import", "update", ... */

	/* provider caches (filled by prov->prepare, read-only after
	 * unless the provider guards them) */
	void			*pdata;
	/* the input's domains (inputset.h), NULL when the input was not
	 * read before the run (standard input) */
	const struct input_domains *domains;

	/* counters */
	atomic_long		 count[ST__COUNT];
	atomic_long		 retries;
	atomic_long		 requests;
	atomic_long		 reconciled;
	atomic_long		 unsent;	/* rows the run stopped before */
	long			 total;		/* rows, when known (pre-pass) */
	/* what the rows cost (pricing.h); NULL: not priced. The writer
	 * prices rows in input order. */
	struct run_cost		*cost;
};

/* Stops the run for everybody with a reason (first reason wins). */
void	job_abort(struct job *job, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	job_aborted(struct job *job);
/* Finishes a row the stopped run will not send: "skipped", with the reason
 * the run stopped, and counted unsent (--resume sends it). Any thread. */
void	job_skip_unsent(struct job *job, struct item *it);
/* Waits over this many seconds are said on stderr. */
#define JOB_WAIT_NOTICE	5.0
/*
 * Everybody must wait secs (from now) for the provider, for job->wait_why
 * (a Retry-After, a used-up rate limit). Over --max-wait the run stops
 * (job_abort, the reason printed, abort_said set); a wait over
 * JOB_WAIT_NOTICE is said once, however many threads see it. Any thread.
 */
void	job_wait_notice(struct job *job, double secs);
/* Sleeps up to secs, waking early when the run is stopped. */
void	job_sleep(struct job *job, double secs);
/* Monotonic seconds, for progress rates and deadlines. */
double	mono_now(void);

#endif
