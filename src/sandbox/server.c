/*
 * server.c - the libmicrohttpd front (the only file that includes it).
 *
 * One thread per connection by default (MHD_USE_THREAD_PER_CONNECTION):
 * --latency-ms sleeps in the handler, and a thread shared by two
 * connections would make the second wait out the first one's latency too,
 * which no real server does. --threads N: a pool of N threads
 * (MHD_USE_EPOLL, MHD_OPTION_THREAD_POOL_SIZE) instead.
 *
 * A request body arrives in pieces: each piece is appended and *upload_data_size set to 0; the answer is made on
 * the last call. Returning MHD_NO closes the connection without an
 * answer, which is how the drop and commit-drop faults are made.
 *
 * Order for each provider request: record the arrival, draw a fault (drop
 * ends here), rate limit, authentication, injected error answers, then the
 * handler with the store locked. The answer (or the drop) leaves when the
 * latency has passed since the arrival (--latency-ms is the time a client
 * waits, the handling included, unless handling takes longer); the slow
 * fault adds its delay to that. A stop cuts those waits short, so SIGTERM
 * is not held up by a long latency.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "buf.h"
#include "json.h"
#include "sandbox/clock.h"
#include "sandbox/faults.h"
#include "sandbox/rng.h"
#include "sandbox/router.h"
#include "sandbox/server.h"
#include "sandbox/stats.h"
#include "xmalloc.h"

#define MAX_BODY	(64u * 1024 * 1024)

struct conn {
	struct buf	body;
	int		too_big;
};

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct sbx_req	*r = cls;

	(void)kind;
	r->args = xreallocarray(r->args, r->nargs + 1, sizeof *r->args);
	r->args[r->nargs].key = xstrdup(key);
	r->args[r->nargs].val = xstrdup(value != NULL ? value : "");
	r->nargs++;
	return MHD_YES;
}

static int
send_resp(struct MHD_Connection *c, struct sbx_resp *resp)
{
	struct MHD_Response	*mr;
	int			 i;
	enum MHD_Result		 ret;

	mr = MHD_create_response_from_buffer(resp->body.len,
	    resp->body.data != NULL ? resp->body.data : (void *)"",
	    MHD_RESPMEM_MUST_COPY);
	if (mr == NULL)
		return MHD_NO;
	if (resp->body.len > 0)
		MHD_add_response_header(mr, "Content-Type",
		    "application/json");
	for (i = 0; i < resp->nhdrs; i++)
		MHD_add_response_header(mr, resp->hdrs[i].name,
		    resp->hdrs[i].value);
	ret = MHD_queue_response(c, (unsigned)resp->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* Split the URL into provider and path below its prefix. */
static enum sbx_provider
split_url(const char *url, const char **rest)
{
	static const struct {
		const char		*prefix;
		enum sbx_provider	 p;
	} pre[] = {
		{ "/maildoso", SBX_MAILDOSO },
		{ "/coldsend", SBX_COLDSEND },
		{ "/_sandbox", SBX_INTERNAL },
	};
	size_t	i, n;

	for (i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		n = strlen(pre[i].prefix);
		if (strncmp(url, pre[i].prefix, n) == 0 &&
		    (url[n] == '/' || url[n] == '\0')) {
			*rest = url + n;
			return pre[i].p;
		}
	}
	*rest = url;
	return SBX_NONE;
}

static int
authorised(struct sbx_server *srv, struct MHD_Connection *c,
    enum sbx_provider p)
{
	const char	*v;

	if (p == SBX_COLDSEND) {
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "X-API-Key");
		return v != NULL && strcmp(v, srv->cfg->cs_token) == 0;
	}
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (v == NULL || strncasecmp(v, "Bearer ", 7) != 0)
		return 0;
	v += 7;
	while (*v == ' ')
		v++;
	/*
	 * The current PAT works, and a regenerated one not read yet (the
	 * old one is replaced when it is read). The configured token always
	 * works too (so a rehearsal that regenerates does not lock itself
	 * out), unless --strict-pat and a regenerated PAT was read.
	 */
	store_lock(srv->st, 0);
	p = (strcmp(v, srv->cfg->md_token) == 0 && !(srv->cfg->strict_pat &&
	    srv->st->pat_rotated)) || (srv->st->pat != NULL &&
	    strcmp(v, srv->st->pat) == 0) || (srv->st->pat_next != NULL &&
	    strcmp(v, srv->st->pat_next) == 0) ? SBX_MAILDOSO : SBX_NONE;
	store_unlock(srv->st);
	return p == SBX_MAILDOSO;
}

static void
rate_headers(struct sbx_resp *resp, const struct sbx_rate_info *ri)
{
	sbx_resp_header(resp, "X-RateLimit-Limit", "%ld", ri->limit);
	sbx_resp_header(resp, "X-RateLimit-Remaining", "%ld", ri->remaining);
	sbx_resp_header(resp, "X-RateLimit-Reset", "%lld", ri->reset);
}

/* The documented (ColdSend) or assumed (Maildoso) 429 answer. */
static void
too_many(struct sbx_resp *resp, enum sbx_provider p, int retry_after)
{
	if (p == SBX_COLDSEND) {
		/* ColdSend documents the body, not a Retry-After header. */
		sbx_detail(resp, 429, "Rate limit exceeded. Retry after 60 "
		    "seconds.");
		return;
	}
	/*
	 * Maildoso publishes neither a limit nor a 429: our assumption is
	 * FastAPI's usual answer plus a Retry-After header in seconds.
	 */
	sbx_detail(resp, 429, "Too Many Requests");
	sbx_resp_header(resp, "Retry-After", "%d", retry_after);
}

/* An injected 429 reports no room left (ri's headers say so). */
static void
injected_error(struct sbx_resp *resp, enum sbx_fault f, enum sbx_provider p,
    struct sbx_rate_info *ri)
{
	int	status = sbx_fault_status(f);

	if (status == 429) {
		too_many(resp, p, 1);
		ri->remaining = 0;
		return;
	}
	sbx_detail(resp, status, status == 500 ? "Internal Server Error" :
	    status == 502 ? "Bad Gateway" : status == 503 ?
	    "Service Unavailable" : "Gateway Timeout");
}

/* Until the monotonic time due, or until the server stops. */
static void
wait_until(struct sbx_server *srv, double due)
{
	struct timespec	ts;
	double		whole;

	ts.tv_nsec = (long)(modf(due, &whole) * 1e9);
	ts.tv_sec = (time_t)whole;
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping && sbx_mono_now() < due)
		if (pthread_cond_timedwait(&srv->wake, &srv->lock, &ts) ==
		    ETIMEDOUT)
			break;
	pthread_mutex_unlock(&srv->lock);
}

static void
read_request(struct MHD_Connection *c, const char *url, const char *method,
    const struct conn *cn, struct sbx_req *req)
{
	const char	*rest;
	size_t		 n;

	memset(req, 0, sizeof *req);
	req->provider = split_url(url, &rest);
	req->method = method;
	req->path = xstrdup(rest);
	n = strlen(req->path);
	if (n > 1 && req->path[n - 1] == '/')
		req->path[n - 1] = '\0';
	req->body = cn->body.data;
	req->body_len = cn->body.len;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, req);
}

/* What the provider gate decided. */
enum gate { GATE_PASS, GATE_ANSWER, GATE_DROP };

/*
 * The provider's gate, in order: latency and jitter (into *due), a drawn
 * fault (*fault; a drop ends here), the rate limit (*ri, *have_ri), the
 * authentication, an injected error status.
 */
static enum gate
provider_gate(struct sbx_server *srv, struct MHD_Connection *c,
    const struct sbx_req *req, struct sbx_resp *resp, double *due,
    enum sbx_fault *fault, struct sbx_rate_info *ri, int *have_ri)
{
	const struct sbx_config	*cfg = srv->cfg;
	struct sbx_rate_state	*rs = req->provider == SBX_COLDSEND ?
	    &srv->cs_rate : &srv->md_rate;
	unsigned		 lat = cfg->latency_ms;

	sbx_stats_arrival(req->provider, *due);
	if (cfg->jitter_ms > 0)
		lat += (unsigned)(sbx_rng_u64(SBX_RNG_LATENCY) %
		    (cfg->jitter_ms + 1));
	*due += lat / 1000.0;
	*fault = sbx_faults_draw(&cfg->faults);
	if (*fault != FAULT_NONE)
		sbx_stats_fault(*fault);
	if (*fault == FAULT_DROP)
		return GATE_DROP;
	if (*fault == FAULT_SLOW)
		*due += cfg->slow_ms / 1000.0;
	if (rs->rate.nwin > 0) {
		*have_ri = 1;
		if (!sbx_rate_take(rs, sbx_wall_now(), ri)) {
			too_many(resp, req->provider, ri->retry_after);
			return GATE_ANSWER;
		}
	}
	if (!authorised(srv, c, req->provider)) {
		sbx_detail(resp, 401, req->provider == SBX_COLDSEND ?
		    "Invalid or revoked API key" : "Not authenticated");
		return GATE_ANSWER;
	}
	if (sbx_fault_status(*fault) != 0) {
		injected_error(resp, *fault, req->provider, ri);
		return GATE_ANSWER;
	}
	return GATE_PASS;
}

/* Run the route's handler with the store locked. */
static void
run_route(struct sbx_server *srv, const struct sbx_route *route,
    struct sbx_req *req, struct sbx_resp *resp)
{
	struct sbx_ctx	x;

	memset(&x, 0, sizeof x);
	x.req = req;
	x.resp = resp;
	x.st = srv->st;
	x.cfg = srv->cfg;
	sbx_verr_init(&x.verr, req->provider == SBX_COLDSEND);
	req->now = sbx_clock_now();
	store_lock(srv->st, req->now);
	req->now = srv->st->now;
	route->fn(&x);
	if (resp->changed)
		store_changed(srv->st);
	store_unlock(srv->st);
	json_free(x.doc);
	sbx_verr_free(&x.verr);
	if (resp->status == 0)
		sbx_detail(resp, 500, "Internal Server Error");
}

static enum MHD_Result
handle(struct sbx_server *srv, struct MHD_Connection *c, const char *url,
    const char *method, struct conn *cn)
{
	const struct sbx_route	*route;
	struct sbx_req		 req;
	struct sbx_resp		 resp;
	struct sbx_rate_info	 ri = { 0, 0, 0, 0 };
	const char		*op = "unknown";
	enum sbx_fault		 fault = FAULT_NONE;
	int			 known, have_ri = 0, drop = 0;
	double			 due = sbx_mono_now();	/* the answer leaves */
	enum MHD_Result		 ret;

	sbx_resp_init(&resp);
	read_request(c, url, method, cn, &req);
	route = sbx_route_find(&req, &known);
	if (route != NULL)
		op = route->op;
	else if (req.provider == SBX_MAILDOSO)
		op = "maildoso.unknown";
	else if (req.provider == SBX_COLDSEND)
		op = "coldsend.unknown";

	if (req.provider == SBX_MAILDOSO || req.provider == SBX_COLDSEND) {
		switch (provider_gate(srv, c, &req, &resp, &due, &fault, &ri,
		    &have_ri)) {
		case GATE_DROP:
			drop = 1;
			goto out;
		case GATE_ANSWER:
			goto answer;
		case GATE_PASS:
			break;
		}
	}
	if (cn->too_big)
		sbx_detail(&resp, 413, "Request body too large");
	else if (route == NULL)
		sbx_detail(&resp, known ? 405 : 404, known ?
		    "Method Not Allowed" : "Not Found");
	else {
		run_route(srv, route, &req, &resp);
		if (fault == FAULT_COMMIT_DROP)
			drop = 1;
	}
answer:
	if (have_ri && req.provider == SBX_COLDSEND && !drop)
		rate_headers(&resp, &ri);
out:
	wait_until(srv, due);
	sbx_stats_request(op, drop ? 0 : resp.status);
	ret = drop ? MHD_NO : (enum MHD_Result)send_resp(c, &resp);
	sbx_resp_free(&resp);
	sbx_req_free(&req);
	return ret;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **ptr)
{
	struct conn	*cn = *ptr;

	(void)version;
	if (cn == NULL) {
		cn = xcalloc(1, sizeof *cn);
		buf_init(&cn->body);
		*ptr = cn;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (cn->body.len + *upload_size > MAX_BODY)
			cn->too_big = 1;
		else
			buf_append(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return handle(cls, c, url, method, cn);
}

static void
completed_cb(void *cls, struct MHD_Connection *c, void **ptr,
    enum MHD_RequestTerminationCode toe)
{
	struct conn	*cn = *ptr;

	(void)cls;
	(void)c;
	(void)toe;
	if (cn == NULL)
		return;
	buf_free(&cn->body);
	free(cn);
	*ptr = NULL;
}

static void
wake_init(struct sbx_server *srv)
{
	pthread_condattr_t	ca;

	pthread_mutex_init(&srv->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&srv->wake, &ca);
	pthread_condattr_destroy(&ca);
	srv->stopping = 0;
}

static void
wake_free(struct sbx_server *srv)
{
	pthread_cond_destroy(&srv->wake);
	pthread_mutex_destroy(&srv->lock);
}

/*
 * The pool size only with --threads: in thread-per-connection mode
 * libmicrohttpd warns that any size given is ignored (an empty array adds
 * no option).
 */
static struct MHD_Daemon *
start_daemon(struct sbx_server *srv, unsigned flags, struct sockaddr *sa)
{
	struct MHD_OptionItem	pool[] = {
		{ MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)srv->cfg->threads,
		    NULL },
		{ MHD_OPTION_END, 0, NULL }
	};

	if (srv->cfg->threads == 0)
		pool[0].option = MHD_OPTION_END;
	return MHD_start_daemon(flags, (uint16_t)srv->cfg->port, NULL, NULL,
	    access_cb, srv,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_ARRAY, pool,
	    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
	    MHD_OPTION_END);
}

int
sbx_server_start(struct sbx_server *srv, const struct sbx_config *cfg,
    struct store *st)
{
	struct sockaddr_in		 sin;
	struct sockaddr_in6		 sin6;
	struct sockaddr			*sa;
	const union MHD_DaemonInfo	*info;
	unsigned			 flags;

	memset(srv, 0, sizeof *srv);
	srv->cfg = cfg;
	srv->st = st;
	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    (cfg->threads > 0 ? MHD_USE_EPOLL : MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_POLL);
	if (inet_pton(AF_INET, cfg->host, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, cfg->host, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(srv->err, sizeof srv->err, "--host %s: not an IPv4 "
		    "or IPv6 address", cfg->host);
		return -1;
	}
	sbx_rate_init(&srv->md_rate, &cfg->md_rate);
	sbx_rate_init(&srv->cs_rate, &cfg->cs_rate);
	wake_init(srv);
	srv->daemon = start_daemon(srv, flags, sa);
	if (srv->daemon == NULL) {
		snprintf(srv->err, sizeof srv->err, "cannot listen on %s "
		    "port %u", cfg->host, cfg->port);
		sbx_rate_free(&srv->md_rate);
		sbx_rate_free(&srv->cs_rate);
		wake_free(srv);
		return -1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : cfg->port;
	return 0;
}

void
sbx_server_stop(struct sbx_server *srv)
{
	if (srv->daemon == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	srv->stopping = 1;
	pthread_cond_broadcast(&srv->wake);
	pthread_mutex_unlock(&srv->lock);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	sbx_rate_free(&srv->md_rate);
	sbx_rate_free(&srv->cs_rate);
	wake_free(srv);
}
