/*
 * fleet.h - one fleet sheet (one row per inbox) and what `plan` and
 * `apply` make of it.
 *
 * fleet_sheet.c reads and normalises the sheet; fleet_state.c reads the
 * live account from its listings (never one request per row); fleet_plan.c
 * decides what each row's steps would do and writes FLEET.plan.csv;
 * fleet_apply.c declares apply's phases (the single command each runs,
 * its input's columns and rows, what its result does to the fleet);
 * fleet_result.c settles each row's outcome and writes FLEET.result.csv;
 * cmd_apply.c carries the phases out.
 */
#ifndef MAILFLEET_FLEET_H
#define MAILFLEET_FLEET_H

#include <limits.h>
#include <stddef.h>

#include "buf.h"
#include "job.h"
#include "record.h"
#include "strmap.h"

#define QUOTA_UNKNOWN	LONG_MIN

struct app;
struct csv_row;
struct json_doc;
struct pctx;
struct provider;
struct phase_row;

/* What the plan does with a domain. */
enum fleet_dom_action {
	FD_ACTIVE,		/* there and ACTIVE */
	FD_MOVING,		/* there, on its way (status) */
	FD_BUY,			/* to buy: available */
	FD_UNAVAILABLE,		/* taken (the search) */
	FD_BLOCKED,		/* a TLD Maildoso does not sell */
	FD_EXTERNAL,		/* to add as external (name servers follow) */
	FD_RESTART,		/* a failed set-up apply restarts */
	FD_ACTIVATE,		/* there, waiting for the user's name
				   servers: apply activates it (ColdSend) */
	FD_FAILED		/* failed and not to be restarted again */
};

struct fleet_domain {
	char		*name;		/* normalised; owned */
	int		 external;	/* a row says domain_source external */
	int		 google;	/* a row wants provider google */
	char		*redirect_to;	/* the sheet's (owned) or NULL */
	/* the live account */
	int		 exists;
	long long	 id;
	char		*uuid;		/* ColdSend's domain_id (owned) or NULL */
	char		*status;	/* domain_status (owned) or NULL */
	char		*ns;		/* name servers, ';'-joined, or NULL */
	char		*cur_redirect;	/* redirect_to as set, or NULL */
	int		 google_ok;	/* -1 unknown, 0 not offered, 1 yes */
	long long	 limit, linked;	/* accounts_limit, linked; -1 unknown */
	int		 avail;		/* search: 1 available, 0 not, -1 ? */
	/* the plan */
	enum fleet_dom_action action;
	char		*why;		/* unavailable: the reason (owned) */
	long long	 price;		/* FD_BUY: cents, -1 unknown */
	long		 rows;		/* sheet rows on it */
	int		 need_redirect;	/* redirect_to to set (owned ones) */
	int		 added;		/* bought or added by this apply */
};

/* Where a row stopped (the result's status), or ready. */
enum fleet_status {
	FL_READY,
	FL_INVALID,
	FL_FORWARDING,		/* the forwarding inbox could not be made */
	FL_DOMAIN_UNAVAILABLE,
	FL_DOMAIN_FAILED,
	FL_WAITING,		/* waiting_for_domain */
	FL_OVER_LIMIT,
	FL_UNAVAILABLE,		/* the provider is not offered there */
	FL_OVER_QUOTA,
	FL_ACCOUNT,		/* the inbox could not be made */
	FL_LINK,		/* forwarding link */
	FL_REDIRECT,
	FL_PUSH,
	FL_SEND_FROM,		/* --send-from: not connected there */
	FL_NOT_RUN,		/* apply stopped before this row's step */
	FL__COUNT
};

const char *fleet_status_name(enum fleet_status s);

struct fleet_row {
	struct csv_row	*row;		/* the sheet's row (owned) */
	long		 line;		/* data row, 1-based */
	struct record	 rec;		/* normalised (validate.h) */
	int		 valid;
	char		*error;		/* invalid: why (owned) */
	int		 google;	/* provider google */
	const char	*sequencer;	/* points into row; NULL: none */
	size_t		 dom;		/* index in fleet.dom */
	/* the live account */
	int		 exists;	/* the inbox is there */
	char		*res[RES__COUNT]; /* id, password, hosts... (owned) */
	int		 fwd_exists;	/* its forwarding inbox is there */
	int		 pushed;	/* exported to its sequencer */
	int		 sent_from;	/* --send-from: connected there */
	/* the plan */
	int		 need_fwd, need_acct, need_link, need_push;
	int		 need_send_from;	/* to connect at --send-from */
	int		 over_limit, unavailable;
	int		 bad_seq;	/* its sequencer is not connected */
	/* the outcome */
	enum fleet_status status;
	char		*why;		/* (owned) */
};

/* Where apply also connects the inboxes (--send-from): the provider,
 * its base URL and token file (NULL: its default, its environment
 * variable). provider NULL: nowhere. */
struct fleet_target {
	const char	*provider;
	const char	*api_url;
	const char	*token_file;
	const char	*rate;		/* its own --rate; NULL: the provider's
					   default (never the sheet's) */
};

struct fleet_provider;

struct fleet {
	const char		*path;		/* the sheet */
	const struct provider	*prov;		/* set before the plan */
	const struct fleet_provider *fp;	/* the same, as a fleet */
	struct fleet_target	 send_from;
	struct csv_row		*header;	/* owned */
	char			 delim;
	struct fleet_row	*r;
	size_t			 n;
	struct fleet_domain	*dom;
	size_t			 ndom;
	struct strmap		 dom_idx;	/* name -> index + 1 */
	struct strmap		 email_idx;	/* address -> row index + 1 */
	struct strmap		 fwd;		/* forwarding inboxes there */
	/* sequencers the sheet names: name/id -> sequencer id */
	struct strmap		 seq_idx;
	/* totals */
	long long		 cost;		/* cents; -1 unknown */
	struct buf		 cost_words;	/* "3 domains for $7.50" */
	long			 quota_accounts, quota_domains,
				 quota_google;	/* left after, or
						   QUOTA_UNKNOWN */
	long			 requests;	/* made by the plan */
	long long		 push_seq;	/* apply: the sequencer its
						   push phase is on */
};

/* Reads the sheet for provider (its rows checked against what the
 * provider can do; exit codes as the write commands': 64 a provider with
 * no fleets, 65 unreadable, 66 not there). 0, or the exit code after a
 * message. */
int	fleet_read(struct fleet *f, const char *path, char delim,
	    const char *provider);
void	fleet_free(struct fleet *f);
/* Sets a row's outcome (why may be NULL), the first one that is not
 * FL_READY wins. */
void	fleet_row_stop(struct fleet_row *r, enum fleet_status st,
	    const char *why);
/* Sets a result value (copied). */
void	fleet_row_set(struct fleet_row *r, enum res_col c, const char *v);

/* Reads the live account: domains, forwarding inboxes, the accounts of
 * the sheet's domains, the sequencers named. 0, or -1 + err. */
int	fleet_state_read(struct fleet *f, struct pctx *p, char *err,
	    size_t errlen);
/* The sheet's domain a listing's object names (its domain_name), marked
 * there; NULL when the sheet has none of that name. */
struct fleet_domain *fleet_domain_seen(struct fleet *f,
	    const struct json_doc *d, int obj);
/* The same at ColdSend (fleet_state_cs.c): its domain list and, when a
 * domain of the sheet holds any, its one list of every sender account. */
int	fleet_state_read_cs(struct fleet *f, struct pctx *p, char *err,
	    size_t errlen);
/* Every page of listing kind (export.h) with query through fn, on this
 * thread, counted in f->requests. 0, or -1 + err. */
int	fleet_listing(struct fleet *f, struct pctx *p, int kind,
	    const char *query, int (*fn)(void *, const struct json_doc *, int,
	    struct buf *), char *err, size_t errlen);
/* --send-from: which rows' inboxes are connected at f->send_from already
 * (r->sent_from), from its one listing, in a session of its own (the
 * app's provider, URL and token file swapped for the target's meanwhile).
 * 0, or the exit code after a message. */
int	fleet_send_from_read(struct app *app, struct fleet *f,
	    const char *rate);
/* Swaps app's provider, URL and token file with t's (twice: back). */
void	fleet_target_swap(struct app *app, struct fleet_target *t);

/*
 * A fleet at one provider, as data: apply's phases, how the live state
 * is read, what its domains can do and which of the sheet's columns it
 * has no use for (fleet_provider.c).
 */
struct fleet_provider {
	const char		 *name;		/* the provider's */
	const struct fleet_phase *phases;	/* ends with name NULL */
	int			(*state_read)(struct fleet *f, struct pctx *p,
				    char *err, size_t errlen);
	int			  buys;		/* sells domains, prices them,
						   counts quotas */
	int			  extras;	/* forwarding inboxes, links,
						   redirects, pushes, Google */
	/* (which failed statuses apply takes up again is the provider's
	 * domain_state(): DOMAIN_SETUP_FAILED) */
	const char		 *activate_status; /* a status apply moves on
						   itself (FD_ACTIVATE); NULL */
	const char		 *domain_words[FD_FAILED + 1]; /* the plan's */
	const struct fleet_unused *unused;	/* NULL, or ends with why
						   NULL */
};
/* A column of the sheet a provider cannot honour: a row with a value in
 * it (with value bad, when not NULL) is invalid, saying why. The column:
 * the field col (columns.h), or when col < 0 the normalised name. */
struct fleet_unused {
	int		 col;
	const char	*name;
	const char	*bad;
	const char	*why;
};
/* The fleet of provider name (provider.h's), or NULL. */
const struct fleet_provider *fleet_provider_find(const char *name);
/* Before the plan, what buying needs to know (fleet_costs.c): which
 * names can be bought, whether Google is offered where rows want it.
 * 0, or -1 + err. */
int	fleet_state_costs(struct fleet *f, struct pctx *p, char *err,
	    size_t errlen);
/* After it: the quota left and the cost of doms domains, mdo Maildoso and
 * ggl Google inboxes (f->cost, f->quota_*). 0, or -1 + err. */
int	fleet_state_price(struct fleet *f, struct pctx *p, long doms,
	    long mdo, long ggl, char *err, size_t errlen);

/* The whole plan: the state, what buying needs, the decisions, the cost
 * (f->prov set from p). 0, or -1 + err. */
int	fleet_plan_make(struct fleet *f, struct pctx *p, char *err,
	    size_t errlen);
/* The plan read in a session of its own (cmd_plan.c); cmd names the
 * command in messages. 0, or the exit code after a message. */
int	fleet_plan_session(struct app *app, struct fleet *f, const char *rate,
	    const char *cmd);
/* The summary's lines and each invalid row, on stderr. */
void	fleet_plan_report(const struct fleet *f);
/* Decides every row's and domain's steps from the state. */
void	fleet_plan_decide(struct fleet *f);
/* Counts of the plan, for the summary and the exit code. */
struct fleet_counts {
	long	fwd, fwd_there, dom[FD_FAILED + 1], acct, acct_google,
		acct_there, over_limit, held,
		unavailable, invalid, links, redirects, pushes, bad_seq,
		send_from, send_from_there;
};
void	fleet_plan_count(const struct fleet *f, struct fleet_counts *c);
/* Anything to change? */
int	fleet_plan_changes(const struct fleet_counts *c);
/* The summary, several lines, into out. */
void	fleet_plan_summary(const struct fleet *f, struct buf *out);
/* The summary as one JSON object (plan --json; mcp's plan_fleet reads
 * it): changes, forwarding, domains (per action), inboxes, links,
 * redirects, pushes, unknown_sequencer, cost (total_cents, total_dollars:
 * null when unknown; words), quota_left (null: unknown), requests. */
void	fleet_plan_json(const struct fleet *f, struct buf *out);
/* FLEET.plan.csv: the sheet plus each row's steps. 0, or -1 + err. */
int	fleet_plan_write(const struct fleet *f, const struct app *app,
	    const char *path, char *err, size_t errlen);

/* One phase of apply: the single command it runs (run_write with op and
 * kind, `wait domains`, or `push` once per sequencer), over an input of
 * cols whose rows cells() gives (per_domain: i indexes f->dom, else
 * f->r), and what each row of its result does to the fleet. provider:
 * NULL, the sheet's; else the phase runs there, and only when
 * --send-from names it. */
enum fleet_run { FR_PIPELINE, FR_WAIT, FR_PUSH };
struct fleet_phase {
	const char		*name;		/* also its files' name */
	enum fleet_run		 how;
	enum op			 op;
	enum kind		 kind;
	int			 per_domain;
	const char *const	*cols;		/* NULL-terminated; [0] the key */
	int			(*cells)(struct fleet *f, size_t i,
				    struct buf *c);
	void			(*ingest)(struct fleet *f,
				    const struct phase_row *pr);
	const char		*provider;
};
/* Maildoso's phases and ColdSend's; each ends with name NULL. */
extern const struct fleet_phase fleet_phases[];
extern const struct fleet_phase fleet_phases_coldsend[];
/* The phase's input at path (atomic, 0600): the rows it is to do now.
 * Their count, or -1 + err. */
long	fleet_phase_write(struct fleet *f, const struct fleet_phase *ph,
	    const char *path, char *err, size_t errlen);
/* Reads the phase's result at path into the fleet. 0, or -1 + err. */
int	fleet_phase_ingest(struct fleet *f, const struct fleet_phase *ph,
	    const char *path, char *err, size_t errlen);
/* After the phases: each row's status (ready, or the step that stopped
 * it), counted into n[FL__COUNT]. */
void	fleet_settle(struct fleet *f, long *n);
/* For each external domain this apply added or not ACTIVE yet: the name
 * servers to set at its registrar (a line each, on stderr). */
void	fleet_registrar_report(const struct fleet *f);
/* FLEET.result.csv (0600): the sheet, status, error, ids, credentials,
 * hosts. 0, or -1 + err. */
int	fleet_result_write(const struct fleet *f, const struct app *app,
	    const char *path, char *err, size_t errlen);

/* "FLEET.plan.csv" etc. beside the sheet; caller frees. */
char	*fleet_path(const char *sheet, const char *suffix);
/* -o, else fleet_path(); caller frees. */
char	*fleet_out(const struct app *app, const char *sheet,
	    const char *suffix);

#endif
