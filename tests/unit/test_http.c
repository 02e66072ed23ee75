/*
 * test_http.c - http.c against a small libmicrohttpd server on 127.0.0.1
 * (port 0) inside the test: methods and JSON bodies (DELETE with a body),
 * headers, redaction in -v logs, Retry-After and X-RateLimit-* parsing,
 * keep-alive, the size cap, and the classification of failures (refused =
 * not sent; dropped or timed out after sending = maybe sent).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "harness.h"
#include "http.h"
#include "log.h"

/* What the server saw last. */
struct seen {
	pthread_mutex_t	mu;
	int		requests;
	int		connections;
	char		method[16];
	char		*url;
	char		*body;
	size_t		body_len;
	char		*auth;
	char		*api_key;
	char		*ctype;
	char		*agent;
	char		*clen;
	char		*arg_email;
	char		*arg_page;
};

static struct seen	seen = { .mu = PTHREAD_MUTEX_INITIALIZER };
static struct MHD_Daemon *daemon_;
static unsigned short	port;

struct conn_state {
	struct buf	body;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
seen_reset(void)
{
	pthread_mutex_lock(&seen.mu);
	free(seen.url);
	free(seen.body);
	free(seen.auth);
	free(seen.api_key);
	free(seen.ctype);
	free(seen.agent);
	free(seen.clen);
	free(seen.arg_email);
	free(seen.arg_page);
	seen.url = seen.body = seen.auth = seen.api_key = seen.ctype = NULL;
	seen.agent = seen.clen = seen.arg_email = seen.arg_page = NULL;
	seen.method[0] = '\0';
	seen.body_len = 0;
	seen.requests = 0;
	seen.connections = 0;
	pthread_mutex_unlock(&seen.mu);
}

static void
record(struct MHD_Connection *c, const char *url, const char *method,
    struct buf *body)
{
	pthread_mutex_lock(&seen.mu);
	seen.requests++;
	snprintf(seen.method, sizeof seen.method, "%s", method);
	free(seen.url);
	seen.url = strdup(url);
	free(seen.body);
	seen.body = strdup(buf_cstr(body));
	seen.body_len = body->len;
#define HDR(field, kind, name) do {					\
	free(seen.field);						\
	seen.field = dup_or_null(MHD_lookup_connection_value(c, kind, name));\
} while (0)
	HDR(auth, MHD_HEADER_KIND, "Authorization");
	HDR(api_key, MHD_HEADER_KIND, "X-API-Key");
	HDR(ctype, MHD_HEADER_KIND, "Content-Type");
	HDR(agent, MHD_HEADER_KIND, "User-Agent");
	HDR(clen, MHD_HEADER_KIND, "Content-Length");
	HDR(arg_email, MHD_GET_ARGUMENT_KIND, "email");
	HDR(arg_page, MHD_GET_ARGUMENT_KIND, "page");
#undef HDR
	pthread_mutex_unlock(&seen.mu);
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int status, const char *body,
    const char *const *headers)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	for (; headers != NULL && headers[0] != NULL; headers += 2)
		MHD_add_response_header(r, headers[0], headers[1]);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct conn_state	*st = *con_cls;
	static const char	*const rl429[] = { "Retry-After", "7",
				    "X-RateLimit-Limit", "100",
				    "X-RateLimit-Remaining", "0",
				    "X-RateLimit-Reset", "1700000000", NULL };
	static const char	*const ok_rl[] = { "X-RateLimit-Limit", "100",
				    "X-RateLimit-Remaining", "42",
				    "X-RateLimit-Reset", "1700000060", NULL };
	static const char	*const huge[] = { "Retry-After", "999999",
				    NULL };
	static const char	*const junk[] = { "Retry-After", "soon",
				    "X-RateLimit-Remaining", "-3",
				    "X-RateLimit-Reset", "12abc", NULL };
	static const char	*const zero[] = { "Retry-After", "0", NULL };
	const char		*date_hdr[3] = { "Retry-After", NULL, NULL };
	char			 date[64];
	time_t			 t;
	struct tm		 tm;
	enum MHD_Result		 ret;
	char			*big;
	struct MHD_Response	*r;

	(void)cls;
	(void)version;
	if (st == NULL) {
		/* A connection closed without any answer. */
		if (strcmp(url, "/drop") == 0)
			return MHD_NO;
		st = calloc(1, sizeof *st);
		buf_init(&st->body);
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		buf_append(&st->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	record(c, url, method, &st->body);
	if (strcmp(url, "/created") == 0)
		return reply(c, 201, "{\"id\":1}", ok_rl);
	if (strcmp(url, "/ratelimited") == 0)
		return reply(c, 429, "{\"detail\":\"Rate limit exceeded. "
		    "Retry after 60 seconds.\"}", rl429);
	if (strcmp(url, "/huge-retry") == 0)
		return reply(c, 503, "{}", huge);
	if (strcmp(url, "/junk-headers") == 0)
		return reply(c, 500, "{}", junk);
	if (strcmp(url, "/zero-retry") == 0)
		return reply(c, 503, "{}", zero);
	if (strcmp(url, "/date-retry") == 0) {
		t = time(NULL) + 120;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		date_hdr[1] = date;
		return reply(c, 503, "{}", date_hdr);
	}
	if (strcmp(url, "/big") == 0) {
		big = malloc(2 << 20);
		memset(big, 'x', 2 << 20);
		r = MHD_create_response_from_buffer(2 << 20, big,
		    MHD_RESPMEM_MUST_FREE);
		ret = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (strcmp(url, "/redirect") == 0) {
		static const char *const loc[] = { "Location", "/created",
		    NULL };
		return reply(c, 302, "{}", loc);
	}
	if (strcmp(url, "/notfound") == 0)
		return reply(c, 404, "{\"detail\":\"not found\"}", NULL);
	return reply(c, 200, "{\"ok\":true}", NULL);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn_state	*st = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (st != NULL) {
		buf_free(&st->body);
		free(st);
		*con_cls = NULL;
	}
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		pthread_mutex_lock(&seen.mu);
		seen.connections++;
		pthread_mutex_unlock(&seen.mu);
	}
}

static int
server_start(void)
{
	struct sockaddr_in		 sa;
	const union MHD_DaemonInfo	*info;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)4,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	    MHD_OPTION_END);
	if (daemon_ == NULL)
		return -1;
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL)
		return -1;
	port = info->port;
	return 0;
}

static char *
url_for(const char *path)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "http://127.0.0.1:%u%s", (unsigned)port, path);
	return buf_detach(&b);
}

/* One request with a fresh client; returns http_client_do's value. */
static int
do_one(enum http_method m, const char *path, const char *body,
    struct http_response *resp)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_request	 req = { 0 };
	char			*url = url_for(path);
	int			 rc;

	req.method = m;
	req.url = url;
	req.body = body;
	req.auth_name = "Authorization";
	req.auth_value = "Bearer tok";
	rc = http_client_do(c, &req, resp);
	http_client_free(c);
	free(url);
	return rc;
}

static void
test_methods_and_bodies(void)
{
	struct http_response	resp;
	static const char	*json = "{\"name\":\"a\\u00e9\",\"n\":1}";
	static const char	*arr = "[\"id-1\",\"id-2\"]";

	http_response_init(&resp);
	seen_reset();
	CHECK_INT(do_one(HTTP_GET, "/x", NULL, &resp), 0);
	CHECK_INT(resp.status, 200);
	CHECK_INT(resp.err, HTTP_OK);
	CHECK_STR(buf_cstr(&resp.body), "{\"ok\":true}");
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "GET");
	CHECK_STR(seen.url, "/x");
	CHECK_STR(seen.body, "");
	CHECK(seen.ctype == NULL);
	CHECK_STR(seen.auth, "Bearer tok");
	CHECK(seen.agent != NULL && strncmp(seen.agent, "mailfleet/", 10) == 0);
	pthread_mutex_unlock(&seen.mu);

	CHECK_INT(do_one(HTTP_POST, "/created", json, &resp), 0);
	CHECK_INT(resp.status, 201);
	CHECK_STR(buf_cstr(&resp.body), "{\"id\":1}");
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "POST");
	CHECK_STR(seen.body, json);
	CHECK_STR(seen.ctype, "application/json");
	pthread_mutex_unlock(&seen.mu);

	CHECK_INT(do_one(HTTP_PUT, "/p", json, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "PUT");
	CHECK_STR(seen.body, json);
	CHECK_STR(seen.ctype, "application/json");
	pthread_mutex_unlock(&seen.mu);

	CHECK_INT(do_one(HTTP_PATCH, "/p", json, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "PATCH");
	CHECK_STR(seen.body, json);
	pthread_mutex_unlock(&seen.mu);

	/* Maildoso's DELETE /v1/user/accounts takes a JSON array. */
	CHECK_INT(do_one(HTTP_DELETE, "/v1/user/accounts", arr, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "DELETE");
	CHECK_STR(seen.body, arr);
	CHECK_STR(seen.ctype, "application/json");
	pthread_mutex_unlock(&seen.mu);
	CHECK_INT(resp.status, 200);

	CHECK_INT(do_one(HTTP_DELETE, "/d", NULL, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "DELETE");
	CHECK_STR(seen.body, "");
	pthread_mutex_unlock(&seen.mu);

	/* A POST without a body still says how long it is. */
	CHECK_INT(do_one(HTTP_POST, "/activate", NULL, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.method, "POST");
	CHECK_STR(seen.clen, "0");
	pthread_mutex_unlock(&seen.mu);

	/* 4xx is an answer, not a failure. */
	CHECK_INT(do_one(HTTP_GET, "/notfound", NULL, &resp), 0);
	CHECK_INT(resp.status, 404);
	CHECK_INT(resp.err, HTTP_OK);
	CHECK_CONTAINS(buf_cstr(&resp.body), "not found");
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.requests, 8);
	pthread_mutex_unlock(&seen.mu);
	http_response_free(&resp);
}

static void
test_api_key_header(void)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	char			*url = url_for("/k");

	http_response_init(&resp);
	seen_reset();
	req.method = HTTP_GET;
	req.url = url;
	req.auth_name = "X-API-Key";
	req.auth_value = "cs_live_abc";
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.api_key, "cs_live_abc");
	CHECK(seen.auth == NULL);
	pthread_mutex_unlock(&seen.mu);
	/* No auth at all. */
	req.auth_name = NULL;
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK(seen.api_key == NULL);
	pthread_mutex_unlock(&seen.mu);
	/* Header injection is refused before anything is sent. */
	req.auth_name = "Authorization";
	req.auth_value = "Bearer x\r\nX-Evil: 1";
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_FATAL);
	CHECK_INT(resp.status, 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.requests, 2);
	pthread_mutex_unlock(&seen.mu);
	http_response_free(&resp);
	http_client_free(c);
	free(url);
}

static void
test_rate_headers(void)
{
	struct http_response	resp;

	http_response_init(&resp);
	CHECK_INT(do_one(HTTP_POST, "/ratelimited", "{}", &resp), 0);
	CHECK_INT(resp.status, 429);
	CHECK_INT(resp.retry_after, 7);
	CHECK_INT(resp.ratelimit_limit, 100);
	CHECK_INT(resp.ratelimit_remaining, 0);
	CHECK_INT(resp.ratelimit_reset, 1700000000LL);
	CHECK_CONTAINS(buf_cstr(&resp.body), "Retry after 60 seconds");

	CHECK_INT(do_one(HTTP_POST, "/created", "{}", &resp), 0);
	CHECK_INT(resp.retry_after, -1);
	CHECK_INT(resp.ratelimit_remaining, 42);
	CHECK_INT(resp.ratelimit_reset, 1700000060LL);

	CHECK_INT(do_one(HTTP_GET, "/x", NULL, &resp), 0);
	CHECK_INT(resp.retry_after, -1);
	CHECK_INT(resp.ratelimit_limit, -1);
	CHECK_INT(resp.ratelimit_remaining, -1);
	CHECK_INT(resp.ratelimit_reset, -1);

	CHECK_INT(do_one(HTTP_GET, "/huge-retry", NULL, &resp), 0);
	CHECK_INT(resp.retry_after, HTTP_RETRY_AFTER_MAX);
	CHECK_INT(do_one(HTTP_GET, "/zero-retry", NULL, &resp), 0);
	CHECK_INT(resp.retry_after, 0);
	CHECK_INT(do_one(HTTP_GET, "/junk-headers", NULL, &resp), 0);
	CHECK_INT(resp.status, 500);
	CHECK_INT(resp.retry_after, -1);
	CHECK_INT(resp.ratelimit_remaining, -1);
	CHECK_INT(resp.ratelimit_reset, -1);
	/* An HTTP-date two minutes ahead (give or take the second ticks). */
	CHECK_INT(do_one(HTTP_GET, "/date-retry", NULL, &resp), 0);
	CHECK(resp.retry_after >= 100 && resp.retry_after <= 120);
	http_response_free(&resp);
}

/*
 * Reads reuse one kept-alive connection; every write goes on a fresh one,
 * because libcurl would silently resend a POST whose reused connection
 * died, and a create must never be sent twice behind our back.
 */
static void
test_keepalive(void)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	char			*url = url_for("/created");
	int			 i, reused = 0;

	http_response_init(&resp);
	seen_reset();
	req.method = HTTP_GET;
	req.url = url;
	for (i = 0; i < 10; i++) {
		CHECK_INT(http_client_do(c, &req, &resp), 0);
		CHECK_INT(resp.status, 201);
		if (i == 0)
			CHECK_INT(resp.connects, 1);
		else
			reused += resp.connects == 0;
	}
	CHECK_INT(reused, 9);
	req.method = HTTP_POST;
	req.body = "{\"a\":1}";
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	CHECK_INT(resp.status, 201);
	CHECK_INT(resp.connects, 1);		/* a write: fresh connection */
	req.method = HTTP_GET;			/* nothing leaks into a GET */
	req.body = NULL;
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	CHECK_INT(resp.connects, 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.requests, 12);
	CHECK_INT(seen.connections, 2);
	CHECK_STR(seen.method, "GET");
	CHECK_STR(seen.body, "");
	pthread_mutex_unlock(&seen.mu);
	http_response_free(&resp);
	http_client_free(c);
	free(url);
}

#define NTHREADS	4
#define NPERTHREAD	25

static void *
worker(void *p)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	char			*url = url_for("/created");
	int			 i;
	intptr_t		 ok = 0;

	(void)p;
	http_response_init(&resp);
	req.method = HTTP_GET;		/* reads keep their connection */
	req.url = url;
	req.auth_name = "Authorization";
	req.auth_value = "Bearer t";
	for (i = 0; i < NPERTHREAD; i++)
		if (http_client_do(c, &req, &resp) == 0 && resp.status == 201)
			ok++;
	http_response_free(&resp);
	http_client_free(c);
	free(url);
	return (void *)ok;
}

static void
test_threads(void)
{
	pthread_t	t[NTHREADS];
	void		*ok;
	int		 i, total = 0;

	seen_reset();
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ok);
		total += (int)(intptr_t)ok;
	}
	CHECK_INT(total, NTHREADS * NPERTHREAD);
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.requests, NTHREADS * NPERTHREAD);
	pthread_mutex_unlock(&seen.mu);
	/* One kept-alive connection per thread. */
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.connections, NTHREADS);
	pthread_mutex_unlock(&seen.mu);
}

/* Run fn with stderr going to a temporary file; return what it wrote. */
static char *
capture_stderr(void (*fn)(void))
{
	char	 path[] = "/tmp/mailfleet-test-http-XXXXXX";
	int	 fd, saved;
	FILE	*fp;
	struct buf b = BUF_INIT;
	char	 chunk[4096];
	size_t	 n;

	fflush(stderr);
	fd = mkstemp(path);
	saved = dup(2);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	fp = fopen(path, "r");
	while (fp != NULL && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	if (fp != NULL)
		fclose(fp);
	unlink(path);
	return buf_detach(&b);
}

static void
verbose_requests(void)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	char			*url = url_for("/created");

	http_response_init(&resp);
	log_set_level(LOG_VERBOSE);
	req.method = HTTP_POST;
	req.url = url;
	req.body = "{\"email\":\"a@b.c\",\"password\":\"hunter2-Pass\"}";
	req.auth_name = "Authorization";
	req.auth_value = "Bearer s3cr3t-t0ken";
	http_client_do(c, &req, &resp);
	req.auth_name = "X-API-Key";
	req.auth_value = "cs_live_s3cr3t";
	http_client_do(c, &req, &resp);
	log_set_level(LOG_NORMAL);
	/* Not verbose: nothing. */
	req.url = "http://127.0.0.1:1/quiet";
	http_client_do(c, &req, &resp);
	http_response_free(&resp);
	http_client_free(c);
	free(url);
}

static void
test_verbose_redacted(void)
{
	char	*out = capture_stderr(verbose_requests);

	CHECK_CONTAINS(out, "POST http://127.0.0.1:");
	CHECK_CONTAINS(out, "/created");
	CHECK_CONTAINS(out, "[Authorization: redacted]");
	CHECK_CONTAINS(out, "[X-API-Key: redacted]");
	CHECK_CONTAINS(out, "-> 201");
	CHECK(strstr(out, "s3cr3t") == NULL);
	CHECK(strstr(out, "hunter2") == NULL);
	CHECK(strstr(out, "Bearer") == NULL);
	CHECK(strstr(out, "/quiet") == NULL);
	free(out);
}

static void
test_too_large(void)
{
	struct http_options	 o = { 0 };
	struct http_client	*c;
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	char			*url = url_for("/big");

	o.max_body = 1 << 20;
	c = http_client_new(&o);
	http_response_init(&resp);
	req.method = HTTP_GET;
	req.url = url;
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_FATAL);
	CHECK_INT(resp.status, 200);
	CHECK_INT(resp.body.len, 0);
	CHECK_CONTAINS(buf_cstr(&resp.message), "larger than 1048576");
	/* The default cap takes it; the client still works. */
	http_client_free(c);
	c = http_client_new(NULL);
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	CHECK_INT(resp.body.len, 2 << 20);
	http_response_free(&resp);
	http_client_free(c);
	free(url);
}

static void
test_dropped_is_maybe_sent(void)
{
	struct http_response	resp;

	http_response_init(&resp);
	CHECK_INT(do_one(HTTP_POST, "/drop", "{\"domain\":\"x.com\"}", &resp),
	    -1);
	CHECK_INT(resp.err, HTTP_ERR_MAYBE_SENT);
	CHECK_INT(resp.status, 0);
	CHECK(resp.message.len > 0);
	/* The response is reusable for a successful request. */
	CHECK_INT(do_one(HTTP_GET, "/x", NULL, &resp), 0);
	CHECK_INT(resp.err, HTTP_OK);
	CHECK_INT(resp.message.len, 0);
	http_response_free(&resp);
}

/* A port that was free a moment ago: connecting is refused. */
static unsigned short
closed_port(void)
{
	struct sockaddr_in	sa;
	socklen_t		len = sizeof sa;
	int			fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof sa);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	close(fd);
	return ntohs(sa.sin_port);
}

static void
test_refused_is_not_sent(void)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	struct buf		 url = BUF_INIT;

	http_response_init(&resp);
	buf_printf(&url, "http://127.0.0.1:%u/v1/user/accounts",
	    (unsigned)closed_port());
	req.method = HTTP_POST;
	req.url = buf_cstr(&url);
	req.body = "[]";
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_NOT_SENT);
	CHECK_INT(resp.status, 0);
	CHECK(resp.message.len > 0);
	buf_free(&url);
	http_response_free(&resp);
	http_client_free(c);
}

/* A server that reads the request and never answers. */
static void *
silent_server(void *p)
{
	int	lfd = *(int *)p, fd;
	char	b[4096];

	if ((fd = accept(lfd, NULL, NULL)) >= 0) {
		while (read(fd, b, sizeof b) > 0)
			;	/* until the client gives up */
		close(fd);
	}
	return NULL;
}

static void
test_timeout_is_maybe_sent(void)
{
	struct http_options	 o = { 0 };
	struct http_client	*c;
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	struct sockaddr_in	 sa;
	socklen_t		 len = sizeof sa;
	struct buf		 url = BUF_INIT;
	pthread_t		 t;
	int			 lfd;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(lfd, (struct sockaddr *)&sa, sizeof sa);
	listen(lfd, 4);
	getsockname(lfd, (struct sockaddr *)&sa, &len);
	pthread_create(&t, NULL, silent_server, &lfd);
	buf_printf(&url, "http://127.0.0.1:%u/domains",
	    (unsigned)ntohs(sa.sin_port));
	o.timeout_ms = 300;
	c = http_client_new(&o);
	http_response_init(&resp);
	req.method = HTTP_POST;
	req.url = buf_cstr(&url);
	req.body = "{\"domain\":\"x.com\"}";
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_MAYBE_SENT);
	CHECK_INT(resp.status, 0);
	http_client_free(c);		/* closes the connection */
	pthread_join(t, NULL);
	close(lfd);
	buf_free(&url);
	http_response_free(&resp);
}

static void
test_cancel_flag(void)
{
	struct http_options	 o = { 0 };
	struct http_client	*c;
	struct http_response	 resp;
	struct http_request	 req = { 0 };
	atomic_int		 flag;
	char			*url = url_for("/x");

	atomic_init(&flag, 1);
	o.cancel = &flag;
	c = http_client_new(&o);
	http_response_init(&resp);
	req.method = HTTP_GET;
	req.url = url;
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_CANCELLED);
	atomic_store(&flag, 0);
	CHECK_INT(http_client_do(c, &req, &resp), 0);
	CHECK_INT(resp.status, 200);
	http_response_free(&resp);
	http_client_free(c);
	free(url);
}

static void
test_bad_urls(void)
{
	struct http_client	*c = http_client_new(NULL);
	struct http_response	 resp;
	struct http_request	 req = { 0 };

	http_response_init(&resp);
	req.method = HTTP_GET;
	req.url = "ftp://127.0.0.1/x";	/* only http and https */
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_FATAL);
	req.url = "";
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_FATAL);
	req.url = "http://[::1";
	CHECK_INT(http_client_do(c, &req, &resp), -1);
	CHECK_INT(resp.err, HTTP_ERR_FATAL);
	http_response_free(&resp);
	http_client_free(c);
}

/* Which --api-url may carry the token (http_url_check). */
static void
test_url_rule(void)
{
	static const struct {
		const char	*url;
		int		 ok;
		const char	*why;	/* part of the message when refused */
	} t[] = {
		{ "https://api.maildoso.com", 1, NULL },
		{ "HTTPS://api.maildoso.com:8443/v1/", 1, NULL },
		{ "https://[2001:db8::1]:443/x", 1, NULL },
		{ "http://127.0.0.1:8080/maildoso", 1, NULL },
		{ "http://127.1.2.3", 1, NULL },
		{ "http://127.255.255.255:1/", 1, NULL },
		{ "http://localhost", 1, NULL },
		{ "http://LocalHost:9/x", 1, NULL },
		{ "http://[::1]", 1, NULL },
		{ "http://[::1]:8080/maildoso", 1, NULL },
		{ "http://example.com", 0, "clear text" },
		{ "http://128.0.0.1", 0, "clear text" },
		{ "http://10.0.0.1:80/", 0, "clear text" },
		{ "http://127.0.0.1.evil.com", 0, "clear text" },
		{ "http://127.0.0.1.evil.com:80/x", 0, "clear text" },
		{ "http://localhost.evil", 0, "clear text" },
		{ "http://localhost.evil/", 0, "clear text" },
		{ "http://[::2]", 0, "clear text" },
		{ "http://[::ffff:10.0.0.1]", 0, "clear text" },
		{ "127.0.0.1:8080/maildoso", 0, "https://" },
		{ "localhost/x", 0, "https://" },
		{ "ftp://127.0.0.1/x", 0, "https://" },
		{ "file:///etc/passwd", 0, "https://" },
		{ "", 0, "https://" },
		{ "http://", 0, "no host" },
		{ "https://", 0, "no host" },
		{ "https:///v1", 0, "no host" },
		{ "http://:8080/x", 0, "HOST[:PORT]" },
		{ "https://user:pw@api.maildoso.com", 0, "user:password@" },
		{ "http://x@127.0.0.1", 0, "user:password@" },
		{ "http://127.0.0.1:80x", 0, "HOST[:PORT]" },
		{ "http://127.0.0.1:", 0, "HOST[:PORT]" },
		{ "http://127.0.0.1:123456", 0, "HOST[:PORT]" },
		{ "http://[::1", 0, "HOST[:PORT]" },
		{ "http://[::1]x", 0, "HOST[:PORT]" },
		{ "http://127.0.0.1 /x", 0, "spaces" },
		{ "https://h/x\r\nX: y", 0, "control" },
	};
	char	err[256];
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err[0] = '\0';
		if (http_url_check(t[i].url, err, sizeof err) == (t[i].ok ? 0 :
		    -1)) {
			if (!t[i].ok)
				CHECK_CONTAINS(err, t[i].why);
			continue;
		}
		fprintf(stderr, "    url \"%s\": expected %s, got \"%s\"\n",
		    t[i].url, t[i].ok ? "ok" : "refused", err);
		CHECK(0);
	}
}

/* A redirect is answered as it is, never followed. */
static void
test_redirect_not_followed(void)
{
	struct http_response	resp;

	http_response_init(&resp);
	seen_reset();
	CHECK_INT(do_one(HTTP_POST, "/redirect", "{}", &resp), 0);
	CHECK_INT(resp.status, 302);
	pthread_mutex_lock(&seen.mu);
	CHECK_INT(seen.requests, 1);
	CHECK_STR(seen.url, "/redirect");
	pthread_mutex_unlock(&seen.mu);
	http_response_free(&resp);
}

static void
test_url_helpers(void)
{
	struct buf	b = BUF_INIT;

	http_url_escape(&b, "a b+c@d/\xc3\xa9?&=%~._-Z9");
	CHECK_STR(buf_cstr(&b), "a%20b%2Bc%40d%2F%C3%A9%3F%26%3D%25~._-Z9");
	buf_reset(&b);
	buf_puts(&b, "https://api.maildoso.com/v1/user/accounts");
	http_url_append_query(&b, "email", "john+1@x.com");
	http_url_append_query(&b, "page", "2");
	CHECK_STR(buf_cstr(&b), "https://api.maildoso.com/v1/user/accounts"
	    "?email=john%2B1%40x.com&page=2");
	buf_reset(&b);
	buf_puts(&b, "https://h/api/domains");
	http_url_append_segment(&b, "a/b c");
	http_url_append_segment(&b, "activate");
	CHECK_STR(buf_cstr(&b), "https://h/api/domains/a%2Fb%20c/activate");
	buf_reset(&b);
	buf_puts(&b, "https://h/");
	http_url_append_segment(&b, "x");
	CHECK_STR(buf_cstr(&b), "https://h/x");
	CHECK_STR(http_method_name(HTTP_PATCH), "PATCH");
	CHECK_STR(http_err_name(HTTP_ERR_MAYBE_SENT), "maybe sent");
	buf_free(&b);
}

static void
test_query_roundtrip(void)
{
	struct http_response	resp;
	struct buf		path = BUF_INIT;

	http_response_init(&resp);
	seen_reset();
	buf_puts(&path, "/v1/user/accounts-lookup");
	http_url_append_query(&path, "email", "a+b&c=d@x.com");
	http_url_append_query(&path, "page", "1");
	CHECK_INT(do_one(HTTP_GET, buf_cstr(&path), NULL, &resp), 0);
	pthread_mutex_lock(&seen.mu);
	CHECK_STR(seen.url, "/v1/user/accounts-lookup");
	CHECK_STR(seen.arg_email, "a+b&c=d@x.com");
	CHECK_STR(seen.arg_page, "1");
	pthread_mutex_unlock(&seen.mu);
	buf_free(&path);
	http_response_free(&resp);
}

int
main(void)
{
	/* Talk to 127.0.0.1 directly whatever the environment says. */
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	if (http_global_init() != 0 || server_start() != 0) {
		fprintf(stderr, "cannot start the test server\n");
		return 1;
	}
	TEST(test_methods_and_bodies);
	TEST(test_api_key_header);
	TEST(test_rate_headers);
	TEST(test_keepalive);
	TEST(test_threads);
	TEST(test_verbose_redacted);
	TEST(test_too_large);
	TEST(test_dropped_is_maybe_sent);
	TEST(test_refused_is_not_sent);
	TEST(test_timeout_is_maybe_sent);
	TEST(test_cancel_flag);
	TEST(test_bad_urls);
	TEST(test_url_rule);
	TEST(test_redirect_not_followed);
	TEST(test_url_helpers);
	TEST(test_query_roundtrip);
	MHD_stop_daemon(daemon_);
	seen_reset();
	http_global_cleanup();
	return th_done();
}
