/*
 * sandbox.h - the sandbox's configuration, filled by main.c from options.
 *
 * mailfleet-sandbox emulates Maildoso's and ColdSend's public APIs on one
 * loopback port, under /maildoso and /coldsend (see docs/sandbox.md).
 */
#ifndef MAILFLEET_SANDBOX_H
#define MAILFLEET_SANDBOX_H

#include <stddef.h>

#include "sandbox/faults.h"
#include "sandbox/ratelimit.h"

enum sbx_provider {
	SBX_NONE = 0,
	SBX_MAILDOSO,
	SBX_COLDSEND,
	SBX_INTERNAL		/* /_sandbox/... */
};

/* Domain names given on the command line: a name, or ".tld" for a TLD. */
struct sbx_names {
	const char	**v;		/* argv strings, the array malloc'd */
	size_t		  n;
};

/* 1 when name is one of names, or ends with one that starts with '.'. */
int	 sbx_names_has(const struct sbx_names *names, const char *name);

/*
 * A product's price tiers (GET /v1/billing/pricing): tier i covers the
 * counts to[i - 1] + 1 .. to[i] (inclusive; the first from nothing, the
 * last with to -1 open-ended) at price[i] integer cents.
 */
#define SBX_TIERS_MAX	8
enum sbx_product { SBX_PR_MAILDOSO, SBX_PR_GOOGLE, SBX_PR_DOMAINS,
	SBX_PR_COUNT };
struct sbx_tiers {
	int		 n;
	long long	 to[SBX_TIERS_MAX];
	long long	 price[SBX_TIERS_MAX];
};

struct sbx_config {
	const char	*host;		/* default 127.0.0.1 */
	unsigned	 port;		/* 0: any free port */
	const char	*port_file;
	unsigned	 threads;	/* MHD thread pool size */
	unsigned	 latency_ms;
	unsigned	 jitter_ms;
	unsigned	 slow_ms;	/* delay of the "slow" fault */
	double		 time_scale;	/* provider clock speed, >= 1 usual */
	unsigned long long seed;
	const char	*state_file;	/* NULL: memory only */
	long long	 quota_accounts;
	long long	 quota_domains;
	double		 fail_rate;	/* share of domains that fail setup */
	double		 restart_lag;	/* provider seconds a restart-setup
					   keeps the failed status */
	const char	*md_token;
	const char	*cs_token;
	struct sbx_faults faults;
	struct sbx_rate	 md_rate;	/* none by default */
	struct sbx_rate	 cs_rate;	/* 100/min + 1000/h by default */
	struct sbx_names campaign;	/* ColdSend: refuse delete */
	struct sbx_names taken;		/* not available for registration */
	struct sbx_names fail;		/* the first setup fails */
	struct sbx_names no_google;	/* Google Workspace not offered */
	struct sbx_tiers prices[SBX_PR_COUNT];
	int		 no_pricing;	/* GET /v1/billing/pricing: 503 */
	/* Maildoso: start without registrant data (GET /v1/user/data
	 * null) and refuse buys (POST /v1/user/domains, 403) until it is
	 * set; by default the account starts with the spec's example */
	int		 require_registrant;
	/* Maildoso: the configured token stops working once a regenerated
	 * PAT has been read (else it always works, see server.c) */
	int		 strict_pat;
	/* Maildoso: the next pat_fault_n requests of pat_fault (GET
	 * /v1/user/settings or GET /v1/user/me) after each POST
	 * /v1/user/regenerate_auth_pat answer 500 */
	const char	*pat_fault;
	unsigned	 pat_fault_n;
	struct sbx_names smtp_reject;	/* ColdSend: SMTP hosts whose
					   connection test fails */
	int		 quiet;
};

#endif
