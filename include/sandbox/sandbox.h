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
	const char	*md_token;
	const char	*cs_token;
	struct sbx_faults faults;
	struct sbx_rate	 md_rate;	/* none by default */
	struct sbx_rate	 cs_rate;	/* 100/min + 1000/h by default */
	char		**campaign_domains;	/* ColdSend: refuse delete */
	size_t		 ncampaign;
	int		 quiet;
};

#endif
