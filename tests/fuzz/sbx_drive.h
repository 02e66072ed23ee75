/*
 * sbx_drive.h - driving the sandbox's routing, handlers and state files
 * without a network, for the sandbox fuzz targets.
 *
 * What server.c does between libmicrohttpd and a handler, minus the
 * network, the faults, the rate limits and the token check: split the URL
 * into provider, path and decoded query arguments, find the route, run
 * its handler on the store. Each answer is checked: every request gets a
 * status, and every body is JSON that parses.
 */
#ifndef MAILFLEET_FUZZ_SBX_DRIVE_H
#define MAILFLEET_FUZZ_SBX_DRIVE_H

#include <stddef.h>

#include "sandbox/sandbox.h"
#include "sandbox/store.h"

#define SBX_DRIVE_T0	1735689600.0	/* 2025-01-01T00:00:00Z */

/* The sandbox's defaults, with failures and a campaign domain. */
void	sbx_drive_config(struct sbx_config *cfg);
/* A fresh store, the stats and the random stream reset (same draws for
 * the same input). */
void	sbx_drive_init(struct store *st, const struct sbx_config *cfg);
void	sbx_drive_free(struct store *st);

/*
 * One request: line is "METHOD URL" (URL with an optional ?query), body
 * may be empty. Runs at provider time now. Returns the answer's status
 * (404 / 405 when no route matches).
 */
int	sbx_drive_request(struct store *st, const struct sbx_config *cfg,
	    const char *line, size_t linelen, const char *body,
	    size_t bodylen, double now);

/* The state st saves loads back into an empty store, which saves the
 * same text (aborts otherwise). With FUZZ_STATE_OUT=FILE set, the state
 * is written there too (how the sandbox_state seeds were made). */
void	sbx_drive_round_trip(struct store *st, const struct sbx_config *cfg);

#endif
