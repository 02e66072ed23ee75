/*
 * stats.h - what GET /_sandbox/stats reports (read-only).
 *
 * Requests per operation and status, injected faults, per provider the
 * largest number of requests that arrived within any 1 s, 60 s and 3600 s
 * (sliding windows: proof a client kept under a rate limit), and for every
 * created resource key (address, domain name) how many create requests
 * succeeded for it: a count above 1 is a duplicate. Own lock; thread-safe.
 */
#ifndef MAILFLEET_SANDBOX_STATS_H
#define MAILFLEET_SANDBOX_STATS_H

#include "buf.h"
#include "sandbox/faults.h"
#include "sandbox/sandbox.h"

void	 sbx_stats_init(void);
void	 sbx_stats_free(void);
/* One answered request; status 0 = closed without an answer. */
void	 sbx_stats_request(const char *op, int status);
/* A request arrived for provider p at monotonic time t. */
void	 sbx_stats_arrival(enum sbx_provider p, double t);
void	 sbx_stats_fault(enum sbx_fault k);
/* A create of resource key of kind (e.g. "maildoso_account") succeeded. */
void	 sbx_stats_created(const char *kind, const char *key);
/* Append the members (no braces) "requests", "faults", "rate", "created". */
void	 sbx_stats_json(struct buf *b);

#endif
