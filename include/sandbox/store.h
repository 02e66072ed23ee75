/*
 * store.h - the emulated providers' data, behind one mutex.
 *
 * Every handler runs with st->lock held (router.c takes it), so handlers
 * read and change the store freely. Lifecycles are lazy: an object carries
 * the provider time of its next transition (next_at) and the *_advance()
 * functions apply every transition that is due before the object is read.
 *
 * Maildoso objects have integer ids (each kind its own range, so a client
 * that mixes them up is caught); the slot of id is table[id - base], NULL
 * once deleted. ColdSend objects have UUIDs, found through a strmap.
 */
#ifndef MAILFLEET_SANDBOX_STORE_H
#define MAILFLEET_SANDBOX_STORE_H

#include <pthread.h>
#include <stddef.h>

#include "sandbox/sandbox.h"
#include "strmap.h"

#define MD_P_MAILDOSO	1u
#define MD_P_GOOGLE	2u

#define MD_DOMAIN_BASE	101
#define MD_ACCOUNT_BASE	1001
#define MD_FORWARD_BASE	501
#define MD_SEQ_BASE	11
#define MD_USER_ID	1

#define MD_UD_FIELDS	12	/* UserDataRequest's string members */

struct md_domain {
	long long	 id;
	char		*name;
	int		 external;	/* domain_type EXTERNAL, else STANDARD */
	const char	*status;	/* EmailDomainStatus, static text */
	double		 created_at;
	double		 status_at;
	double		 expires_at;	/* 0: null */
	double		 next_at;	/* 0: no transition pending */
	int		 fail;		/* this setup attempt will fail */
	int		 restart;	/* a restart-setup accepted, to start
					   at next_at (--restart-lag): 1, or 2
					   from FAILED_TO_BUY (an order) */
	char		*redirect_to;
	int		 tracking;
	unsigned	 providers;	/* MD_P_* available */
	char		*ns[2];		/* name servers */
	int		 server;	/* IMAP server number */
	int		 linked;	/* accounts on the domain */
};

struct md_export {
	long long	 seq_id;
	double		 created_at;	/* status follows from the age */
};

struct md_account {
	long long	 id;
	char		*email;
	int		 is_active;
	long long	 domain_id;
	char		*vendor_uuid;
	long long	 fwd_id;	/* 0: none */
	char		*password;
	char		*first_name;
	char		*last_name;
	char		*picture_url;
	int		 premium_warmup;
	int		 google;	/* provider google, else maildoso */
	const char	*status;	/* EmailAccountStatus */
	double		 created_at;
	double		 next_at;	/* pending -> active */
	double		 cancel_at;	/* cancel_scheduled: when it goes */
	struct md_export *exports;
	size_t		 nexports;
};

struct md_forward {
	long long	 id;
	char		*email;
	char		*first_name;
	char		*last_name;
	char		*password;
	const char	*assignment;
	double		 created_at;
};

struct md_warmup {
	char		 id[40];
	char		*system_id;
	char		**exclude;
	size_t		 nexclude;
	char		*api_key;
	double		 ts_added;
};

struct md_sequencer {
	long long	 id;
	char		*platform;
	char		*login;
	char		*password;
	char		*workspace;
	char		*api_key;
	double		 created_at;
};

struct cs_domain {
	char		 id[40];
	char		*name;
	const char	*status;
	double		 created_at;
	double		 ns_ready_at;	/* name servers count as propagated */
	double		 cfg_start;	/* activation time */
	double		 next_at;
	int		 fail;
	char		*ns[2];
	int		 inboxes;
	int		 max_inboxes;
	int		 campaign;	/* has active campaigns: no delete */
};

struct cs_inbox {
	char		 id[40];
	char		*email;
	char		*display_name;
	const char	*inbox_type;
	int		 daily_limit;
	const char	*status;
	double		 created_at;
	double		 next_at;
	char		 domain_id[40];	/* "" for smtp inboxes */
};

/* A row of an SMTP bulk job, kept until the job processes it. */
struct cs_job_row {
	char		*email, *display, *type, *host;
	char		*err;		/* refused as sent: the row's error */
	long long	 daily;
};

struct cs_job {
	char		 id[40];
	double		 created_at;
	double		 per_row;	/* provider seconds per processed row */
	int		 total;
	int		 done;		/* rows processed (in order) */
	unsigned char	*ok;		/* per row */
	char		*results;	/* JSON array text, processed rows */
	struct cs_job_row *rows;	/* total of them; NULL once loaded
					   from a state file (done = total) */
};

struct store {
	pthread_mutex_t	 lock;
	const struct sbx_config *cfg;
	double		 now;		/* provider time of the current request */
	unsigned long long version;	/* bumped on every change */

	struct md_domain **domains;
	size_t		 ndomains;
	struct strmap	 domain_by_name;
	struct md_account **accounts;
	size_t		 naccounts;	/* slots, deleted ones included */
	long long	 nlive[2];	/* live accounts: [0] Maildoso,
					   [1] Google (quota checks) */
	struct strmap	 account_by_email;
	struct md_forward **forwards;
	size_t		 nforwards;
	struct strmap	 forward_by_email;
	struct md_warmup **warmups;
	size_t		 nwarmups;
	struct md_sequencer **seqs;
	size_t		 nseqs;
	char		*ud[MD_UD_FIELDS];	/* user data, NULL: unset */
	int		 has_ud;
	double		 ud_created, ud_updated;
	char		*pat;		/* the current PAT value */
	char		*pat_next;	/* regenerated, not read yet: it
					   replaces pat at the first GET
					   /v1/user/settings (not saved) */
	int		 pat_rotated;	/* a regenerated PAT was read */
	unsigned	 pat_faults;	/* cfg->pat_fault answers still to
					   fail after the last regenerate */
	double		 pat_created;
	int		 tracking;	/* GCDT */
	double		 user_created;

	struct cs_domain **csdomains;
	size_t		 ncsdomains;
	struct strmap	 csdomain_by_id;	/* uuid -> index */
	struct strmap	 csdomain_by_name;
	struct cs_inbox	**inboxes;
	size_t		 ninboxes;
	struct strmap	 inbox_by_id;
	struct strmap	 inbox_by_email;
	struct cs_job	**jobs;
	size_t		 njobs;
	struct strmap	 job_by_id;
};

extern const char *const md_ud_names[MD_UD_FIELDS];

void	 store_init(struct store *st, const struct sbx_config *cfg);
void	 store_free(struct store *st);
void	 store_lock(struct store *st, double now);
void	 store_unlock(struct store *st);
void	 store_changed(struct store *st);
/* Release one object (its slot is the caller's business). */
void	 store_free_domain(struct md_domain *d);
void	 store_free_seq(struct md_sequencer *s);
void	 store_free_account(struct md_account *a);
void	 store_free_forward(struct md_forward *f);
void	 store_free_csdomain(struct cs_domain *d);
void	 store_free_inbox(struct cs_inbox *in);

/* Maildoso (store_md.c). Lookups return NULL when absent/deleted. */
struct md_domain *md_domain_get(struct store *st, long long id);
struct md_domain *md_domain_by_name(struct store *st, const char *name);
struct md_domain *md_domain_new(struct store *st, const char *name,
	    int external, unsigned providers);
/* Begin (again) the setup: bought ORDERED/CONFIGURING, external AWAITING_NS. */
void	 md_domain_start(struct store *st, struct md_domain *d, int from_order);
void	 md_domain_advance(struct store *st, struct md_domain *d);
long long md_domain_count(struct store *st);

struct md_account *md_account_get(struct store *st, long long id);
struct md_account *md_account_by_email(struct store *st, const char *email);
struct md_account *md_account_new(struct store *st, const char *email,
	    struct md_domain *d, int google);
void	 md_account_remove(struct store *st, struct md_account *a);
/* Returns 1 when the account has reached its cancellation and is gone. */
int	 md_account_advance(struct store *st, struct md_account *a);
long long md_account_count(struct store *st, int google);
const char *md_export_status(const struct store *st,
	    const struct md_export *e);

struct md_forward *md_forward_get(struct store *st, long long id);
struct md_forward *md_forward_by_email(struct store *st, const char *email);
struct md_forward *md_forward_new(struct store *st, const char *email);
void	 md_forward_remove(struct store *st, struct md_forward *f);

struct md_warmup *md_warmup_get(struct store *st, const char *id);
struct md_warmup *md_warmup_new(struct store *st);
void	 md_warmup_remove(struct store *st, struct md_warmup *w);
void	 md_warmup_free(struct md_warmup *w);

struct md_sequencer *md_seq_get(struct store *st, long long id);
struct md_sequencer *md_seq_by_platform(struct store *st, const char *p);
struct md_sequencer *md_seq_new(struct store *st, const char *platform);

/* ColdSend (store_cs.c). */
struct cs_domain *cs_domain_get(struct store *st, const char *id);
struct cs_domain *cs_domain_by_name(struct store *st, const char *name);
struct cs_domain *cs_domain_new(struct store *st, const char *name);
void	 cs_domain_activate(struct store *st, struct cs_domain *d);
void	 cs_domain_remove(struct store *st, struct cs_domain *d);
void	 cs_domain_advance(struct store *st, struct cs_domain *d);
long long cs_domain_count(struct store *st);

struct cs_inbox *cs_inbox_get(struct store *st, const char *id);
struct cs_inbox *cs_inbox_by_email(struct store *st, const char *email);
struct cs_inbox *cs_inbox_new(struct store *st, const char *email,
	    const char *type, const char *domain_id);
void	 cs_inbox_remove(struct store *st, struct cs_inbox *in);
void	 cs_inbox_advance(struct store *st, struct cs_inbox *in);
long long cs_inbox_count(struct store *st);

struct cs_job *cs_job_get(struct store *st, const char *id);
struct cs_job *cs_job_new(struct store *st, int total);

/* Provider-time durations of the lifecycles (seconds). */
#define MD_ORDER_MIN	(2 * 60.0)
#define MD_ORDER_MAX	(8 * 60.0)
#define MD_CONF_MIN	(10 * 60.0)
#define MD_CONF_MAX	(25 * 60.0)
#define MD_NS_MIN	(20 * 60.0)
#define MD_NS_MAX	(110 * 60.0)
#define MD_ACCT_MIN	(1 * 60.0)
#define MD_ACCT_MAX	(5 * 60.0)
#define MD_EXPORT_PENDING	60.0
#define MD_EXPORT_PROCESSING	180.0
#define CS_NS_PROPAGATION	(5 * 60.0)
#define CS_CONF_MIN	(15 * 60.0)
#define CS_CONF_MAX	(30 * 60.0)
#define CS_INBOX_MIN	(1 * 60.0)
#define CS_INBOX_MAX	(3 * 60.0)
#define CS_JOB_PER_ROW	5.0
#define CS_MAX_INBOXES	50

#endif
