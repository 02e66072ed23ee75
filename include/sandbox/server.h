/*
 * server.h - the libmicrohttpd front: one request in, faults, limits,
 * authentication, the handler, one answer out.
 */
#ifndef MAILFLEET_SANDBOX_SERVER_H
#define MAILFLEET_SANDBOX_SERVER_H

#include <pthread.h>

#include "sandbox/ratelimit.h"
#include "sandbox/sandbox.h"
#include "sandbox/store.h"

struct sbx_server {
	const struct sbx_config	*cfg;
	struct store		*st;
	struct sbx_rate_state	 md_rate;
	struct sbx_rate_state	 cs_rate;
	void			*daemon;	/* struct MHD_Daemon */
	unsigned		 port;		/* bound port */
	/* Latency waits end early once stopping is set (under lock). */
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;		/* on CLOCK_MONOTONIC */
	int			 stopping;
	char			 err[256];
};

/* Start listening (thread pool); 0, or -1 with srv->err set. */
int	 sbx_server_start(struct sbx_server *srv, const struct sbx_config *cfg,
	    struct store *st);
/* Wake the requests waiting out their latency (they answer now), then
 * stop listening and wait for every connection thread. */
void	 sbx_server_stop(struct sbx_server *srv);

#endif
