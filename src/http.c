/*
 * http.c - HTTP requests through libcurl, one easy handle per thread.
 *
 * The handle is curl_easy_reset() before each request and every option set
 * again, so nothing leaks from one request into the next; the reset keeps
 * live connections, DNS and TLS session caches, hence keep-alive. Redirects
 * are not followed (a redirected POST is never what we want), TLS is always
 * verified, only http and https are allowed.
 */
#include <curl/curl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "http.h"
#include "log.h"
#include "xmalloc.h"

#ifndef MAILFLEET_VERSION
#define MAILFLEET_VERSION "dev"
#endif
#define USER_AGENT	"mailfleet/" MAILFLEET_VERSION

struct http_client {
	CURL			*h;
	struct http_options	 opts;
	struct buf		*body;		/* where on_write appends */
	const struct http_request *req;		/* its sink, if any */
	struct http_response	*resp;
	int			 streaming;	/* -1 undecided, 0 no, 1 yes */
	int			 too_large;
	char			 errbuf[CURL_ERROR_SIZE];
};

static int	global_done;

int
http_global_init(void)
{
	struct sigaction	sa;
	CURLcode		rc;

	if (global_done)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	if ((rc = curl_global_init(CURL_GLOBAL_ALL)) != CURLE_OK) {
		log_error("cannot initialise libcurl: %s",
		    curl_easy_strerror(rc));
		return -1;
	}
	global_done = 1;
	return 0;
}

void
http_global_cleanup(void)
{
	if (!global_done)
		return;
	curl_global_cleanup();
	global_done = 0;
}

const char *
http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	}
	return "GET";
}

const char *
http_err_name(enum http_err e)
{
	switch (e) {
	case HTTP_OK:
		return "ok";
	case HTTP_ERR_NOT_SENT:
		return "not sent";
	case HTTP_ERR_MAYBE_SENT:
		return "maybe sent";
	case HTTP_ERR_FATAL:
		return "fatal";
	case HTTP_ERR_CANCELLED:
		return "cancelled";
	}
	return "unknown";
}

struct http_client *
http_client_new(const struct http_options *opts)
{
	struct http_client	*c;

	c = xcalloc(1, sizeof *c);
	if (opts != NULL)
		c->opts = *opts;
	if (c->opts.connect_timeout_ms <= 0)
		c->opts.connect_timeout_ms = HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
	if (c->opts.timeout_ms <= 0)
		c->opts.timeout_ms = HTTP_DEFAULT_TIMEOUT_MS;
	if (c->opts.max_body == 0)
		c->opts.max_body = HTTP_DEFAULT_MAX_BODY;
	if ((c->h = curl_easy_init()) == NULL) {
		log_error("cannot create a libcurl handle");
		free(c);
		return NULL;
	}
	return c;
}

void
http_client_free(struct http_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->h);
	free(c);
}

void
http_response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof *resp);
	buf_init(&resp->body);
	buf_init(&resp->message);
	resp->retry_after = -1;
	resp->ratelimit_limit = -1;
	resp->ratelimit_remaining = -1;
	resp->ratelimit_reset = -1;
}

void
http_response_free(struct http_response *resp)
{
	buf_free(&resp->body);
	buf_free(&resp->message);
}

static void
response_reset(struct http_response *resp)
{
	resp->status = 0;
	resp->err = HTTP_OK;
	buf_reset(&resp->body);
	buf_reset(&resp->message);
	resp->retry_after = -1;
	resp->ratelimit_limit = -1;
	resp->ratelimit_remaining = -1;
	resp->ratelimit_reset = -1;
	resp->connects = 0;
	resp->elapsed = 0;
	resp->sunk = 0;
	resp->sink_stopped = 0;
}

/* At the first piece of the body: a 2xx answer goes to the sink. */
static int
streams(struct http_client *c)
{
	long	code = 0;

	if (c->streaming < 0) {
		c->streaming = 0;
		if (c->req->sink != NULL && curl_easy_getinfo(c->h,
		    CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
		    code >= 200 && code < 300)
			c->streaming = 1;
	}
	return c->streaming;
}

static size_t
on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct http_client	*c = ud;
	size_t			 n = size * nmemb;

	if (streams(c)) {
		if (c->req->sink(c->req->sink_ctx, p, n) != 0) {
			c->resp->sink_stopped = 1;
			return 0;	/* CURLE_WRITE_ERROR */
		}
		c->resp->sunk += n;
		return n;
	}
	if (n > c->opts.max_body - c->body->len) {
		c->too_large = 1;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	buf_append(c->body, p, n);
	return n;
}

static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_client	*c = ud;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return atomic_load(c->opts.cancel) != 0;
}

/* Append a header line; on failure free the list and return NULL. */
static struct curl_slist *
add_header(struct curl_slist *list, const char *line)
{
	struct curl_slist	*l;

	if ((l = curl_slist_append(list, line)) == NULL)
		curl_slist_free_all(list);
	return l;
}

static int
has_crlf(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") != NULL;
}

/* Wipe a buffer that held a secret before it is freed. */
static void
wipe(struct buf *b)
{
	if (b->data != NULL)
		explicit_bzero(b->data, b->cap);
	buf_free(b);
}

/* Build the request's header list, NULL on failure (message in resp). */
static struct curl_slist *
build_headers(const struct http_request *req, int has_body,
    struct http_response *resp)
{
	struct curl_slist	*list = NULL;
	struct buf		 line = BUF_INIT;

	if (has_crlf(req->auth_name) || has_crlf(req->auth_value) ||
	    (req->auth_name != NULL && *req->auth_name == '\0')) {
		buf_puts(&resp->message, "invalid characters in the "
		    "authentication header");
		return NULL;
	}
	list = add_header(list, "Accept: application/json");
	if (list != NULL && has_body)
		list = add_header(list, "Content-Type: application/json");
	/* No "Expect: 100-continue" round trip for large bodies. */
	if (list != NULL)
		list = add_header(list, "Expect:");
	if (list != NULL && req->auth_name != NULL) {
		buf_printf(&line, "%s: %s", req->auth_name,
		    req->auth_value != NULL ? req->auth_value : "");
		list = add_header(list, buf_cstr(&line));
		wipe(&line);
	}
	if (list == NULL && resp->message.len == 0)
		buf_puts(&resp->message, "out of memory building headers");
	return list;
}

/* Parse a header holding a decimal integer; -1 when absent or invalid. */
static long long
header_ll(CURL *h, const char *name)
{
	struct curl_header	*hdr;
	const char		*v;
	char			*end;
	long long		 n;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hdr) !=
	    CURLHE_OK || hdr == NULL || hdr->value == NULL)
		return -1;
	v = hdr->value;
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno != 0 || *end != '\0' || n < 0)
		return -1;
	return n;
}

/* Retry-After as delay-seconds or HTTP-date, clamped; -1 when absent. */
static long
header_retry_after(CURL *h)
{
	struct curl_header	*hdr;
	long long		 secs;
	time_t			 t;

	if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &hdr) !=
	    CURLHE_OK || hdr == NULL || hdr->value == NULL)
		return -1;
	if ((secs = header_ll(h, "Retry-After")) < 0) {
		if ((t = curl_getdate(hdr->value, NULL)) == -1)
			return -1;
		secs = (long long)t - (long long)time(NULL);
	}
	if (secs < 0)
		secs = 0;
	if (secs > HTTP_RETRY_AFTER_MAX)
		secs = HTTP_RETRY_AFTER_MAX;
	return (long)secs;
}

/* Sort a failed transfer into one of the http_err classes. */
static enum http_err
classify(CURLcode rc, curl_off_t pretransfer_us, int too_large)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
		return HTTP_ERR_NOT_SENT;
	case CURLE_OPERATION_TIMEDOUT:
		/* Before the transfer started it was a connect timeout. */
		return pretransfer_us == 0 ? HTTP_ERR_NOT_SENT :
		    HTTP_ERR_MAYBE_SENT;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_BAD_CONTENT_ENCODING:
		return HTTP_ERR_MAYBE_SENT;
	case CURLE_ABORTED_BY_CALLBACK:
		return HTTP_ERR_CANCELLED;
	case CURLE_WRITE_ERROR:
		return too_large ? HTTP_ERR_FATAL : HTTP_ERR_MAYBE_SENT;
	default:
		return HTTP_ERR_FATAL;
	}
}

/* Set the per-request options; 0 or -1 (message in resp). */
static int
setup(struct http_client *c, const struct http_request *req,
    struct curl_slist *headers, size_t body_len)
{
	CURL		*h = c->h;
	CURLcode	 rc = CURLE_OK;

#define SET(opt, val) do {						\
	if (rc == CURLE_OK)						\
		rc = curl_easy_setopt(h, opt, val);			\
} while (0)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_USERAGENT, USER_AGENT);
	SET(CURLOPT_CONNECTTIMEOUT_MS, c->opts.connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_ERRORBUFFER, c->errbuf);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, c);
	SET(CURLOPT_HTTPHEADER, headers);
	if (c->opts.cancel != NULL) {
		SET(CURLOPT_NOPROGRESS, 0L);
		SET(CURLOPT_XFERINFOFUNCTION, on_progress);
		SET(CURLOPT_XFERINFODATA, c);
	}
	/*
	 * libcurl silently resends a request whose reused connection died
	 * before any answer (transfer.c, Curl_retry_request), POSTs too. A
	 * server that committed a create and then dropped the connection
	 * would see it twice. Writes therefore go on a fresh connection,
	 * where libcurl never retries; reads keep the connection alive.
	 */
	SET(CURLOPT_FRESH_CONNECT, req->method == HTTP_GET ? 0L : 1L);
	switch (req->method) {
	case HTTP_GET:
		SET(CURLOPT_HTTPGET, 1L);
		break;
	case HTTP_POST:
		SET(CURLOPT_POST, 1L);
		break;
	case HTTP_PUT:
	case HTTP_PATCH:
	case HTTP_DELETE:
		SET(CURLOPT_CUSTOMREQUEST, http_method_name(req->method));
		break;
	}
	/* A body for any method, DELETE included; PUT/PATCH/POST without
	   one still send "Content-Length: 0". */
	if (req->body != NULL || req->method == HTTP_POST ||
	    req->method == HTTP_PUT || req->method == HTTP_PATCH) {
		SET(CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "");
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

/* url with every query value shown as "[redacted]": the names stay, for
 * the reader (and the spec checks of the tests). */
static void
put_redacted_url(struct buf *b, const char *url)
{
	const char	*q = strchr(url, '?'), *amp, *eq;
	char		 sep = '?';

	if (q == NULL) {
		buf_puts(b, url);
		return;
	}
	buf_append(b, url, (size_t)(q - url));
	for (; q != NULL; q = amp, sep = '&') {
		q++;
		amp = strchr(q, '&');
		eq = strchr(q, '=');
		if (eq == NULL || (amp != NULL && eq > amp))
			eq = amp != NULL ? amp : q + strlen(q);
		buf_printf(b, "%c%.*s=[redacted]", sep, (int)(eq - q), q);
	}
}

static void
log_request(const struct http_request *req, const struct http_response *resp)
{
	struct buf	line = BUF_INIT;

	if (log_get_level() < LOG_VERBOSE)
		return;
	buf_printf(&line, "http: %s ", http_method_name(req->method));
	if (req->redact_query)
		put_redacted_url(&line, req->url);
	else
		buf_puts(&line, req->url);
	if (req->auth_name != NULL)
		buf_printf(&line, " [%s: redacted]", req->auth_name);
	if (req->body != NULL)
		buf_printf(&line, " [%zu byte body]", req->body_len != 0 ?
		    req->body_len : strlen(req->body));
	if (resp->status != 0)
		buf_printf(&line, " -> %d", resp->status);
	if (resp->err != HTTP_OK)
		buf_printf(&line, " -> %s: %s", http_err_name(resp->err),
		    buf_cstr(&resp->message));
	buf_printf(&line, " in %.0f ms, %zu bytes%s%s%s", resp->elapsed * 1e3,
	    resp->body.len + resp->sunk, resp->sunk > 0 ? " streamed" : "",
	    resp->sink_stopped ? ", refused by the reader" : "",
	    resp->connects > 0 ? ", new connection" : "");
	if (resp->retry_after >= 0)
		buf_printf(&line, ", retry-after %ld", resp->retry_after);
	if (resp->ratelimit_remaining >= 0)
		buf_printf(&line, ", ratelimit-remaining %lld",
		    resp->ratelimit_remaining);
	log_debug("%s", buf_cstr(&line));
	buf_free(&line);
}

int
http_client_do(struct http_client *c, const struct http_request *req,
    struct http_response *resp)
{
	struct curl_slist	*headers;
	CURLcode		 rc;
	curl_off_t		 total_us = 0, pre_us = 0;
	long			 code = 0, connects = 0;
	size_t			 body_len = 0;

	response_reset(resp);
	if (req->body != NULL)
		body_len = req->body_len != 0 ? req->body_len :
		    strlen(req->body);
	if (req->url == NULL || *req->url == '\0') {
		resp->err = HTTP_ERR_FATAL;
		buf_puts(&resp->message, "no URL");
		return -1;
	}
	if ((headers = build_headers(req, req->body != NULL, resp)) == NULL) {
		resp->err = HTTP_ERR_FATAL;
		log_request(req, resp);
		return -1;
	}
	curl_easy_reset(c->h);
	c->errbuf[0] = '\0';
	c->body = &resp->body;
	c->req = req;
	c->resp = resp;
	c->streaming = -1;
	c->too_large = 0;
	if (setup(c, req, headers, body_len) != 0) {
		curl_slist_free_all(headers);
		resp->err = HTTP_ERR_FATAL;
		buf_puts(&resp->message, "cannot set libcurl options");
		log_request(req, resp);
		return -1;
	}
	rc = curl_easy_perform(c->h);
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c->h, CURLINFO_NUM_CONNECTS, &connects);
	curl_easy_getinfo(c->h, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(c->h, CURLINFO_PRETRANSFER_TIME_T, &pre_us);
	/* The list must outlive the transfer; drop our pointer to it. */
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(headers);
	c->body = NULL;
	c->req = NULL;
	c->resp = NULL;
	resp->connects = connects;
	resp->elapsed = (double)total_us / 1e6;
	/* A sink that stopped the transfer: the answer did arrive. */
	if (resp->sink_stopped && rc == CURLE_WRITE_ERROR)
		rc = CURLE_OK;
	resp->err = classify(rc, pre_us, c->too_large);
	if (resp->err == HTTP_OK ||
	    (c->too_large && rc == CURLE_WRITE_ERROR)) {
		resp->status = (int)code;
		resp->retry_after = header_retry_after(c->h);
		resp->ratelimit_limit = header_ll(c->h, "X-RateLimit-Limit");
		resp->ratelimit_remaining =
		    header_ll(c->h, "X-RateLimit-Remaining");
		resp->ratelimit_reset = header_ll(c->h, "X-RateLimit-Reset");
	}
	if (resp->err != HTTP_OK) {
		if (c->too_large)
			buf_printf(&resp->message, "response larger than %zu "
			    "bytes", c->opts.max_body);
		else if (c->errbuf[0] != '\0' && !req->redact_query)
			buf_puts(&resp->message, c->errbuf);	/* may quote
								   the URL */
		else
			buf_puts(&resp->message, curl_easy_strerror(rc));
		buf_reset(&resp->body);
	}
	log_request(req, resp);
	return resp->err == HTTP_OK ? 0 : -1;
}

void
http_url_escape(struct buf *out, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			 esc[3];

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			buf_putc(out, (char)*p);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[*p >> 4];
		esc[2] = hex[*p & 15];
		buf_append(out, esc, 3);
	}
}

void
http_url_append_query(struct buf *url, const char *key, const char *value)
{
	buf_putc(url, strchr(buf_cstr(url), '?') != NULL ? '&' : '?');
	http_url_escape(url, key);
	buf_putc(url, '=');
	http_url_escape(url, value != NULL ? value : "");
}

void
http_url_append_segment(struct buf *url, const char *segment)
{
	if (url->len == 0 || url->data[url->len - 1] != '/')
		buf_putc(url, '/');
	http_url_escape(url, segment);
}

/* host (len bytes, brackets of an IPv6 literal included) names this
 * machine: localhost, 127.0.0.0/8 in dotted-quad form, or [::1]. */
static int
is_loopback(const char *host, size_t len)
{
	char		a[64];
	struct in_addr	v4;
	struct in6_addr	v6;

	if (len == 0 || len >= sizeof a)
		return 0;
	memcpy(a, host, len);
	a[len] = '\0';
	if (strcasecmp(a, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, a, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	if (a[0] != '[' || a[len - 1] != ']')
		return 0;
	a[len - 1] = '\0';
	return inet_pton(AF_INET6, a + 1, &v6) == 1 &&
	    memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
}

/* Split "host[:port]" (n bytes): the host's length, or -1 when the port
 * is not 1 to 5 digits or an IPv6 literal is not closed. */
static long
host_len(const char *auth, size_t n)
{
	size_t	h, i;

	if (auth[0] == '[') {
		for (h = 1; h < n && auth[h] != ']'; h++)
			;
		if (h == n)
			return -1;
		h++;
	} else
		for (h = 0; h < n && auth[h] != ':'; h++)
			;
	if (h == n)
		return (long)h;
	if (auth[h] != ':' || n - h - 1 == 0 || n - h - 1 > 5)
		return -1;
	for (i = h + 1; i < n; i++)
		if (auth[i] < '0' || auth[i] > '9')
			return -1;
	return (long)h;
}

int
http_url_check(const char *url, char *err, size_t errlen)
{
	const char	*auth, *p;
	size_t		 n;
	long		 h;
	int		 plain;

	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			snprintf(err, errlen, "a URL holds no spaces or "
			    "control characters");
			return -1;
		}
	plain = strncasecmp(url, "http://", 7) == 0;
	if (!plain && strncasecmp(url, "https://", 8) != 0) {
		snprintf(err, errlen, "must begin with https:// (http:// is "
		    "accepted only for a loopback host such as the sandbox's, "
		    "since the token would cross the network in clear text)");
		return -1;
	}
	auth = url + (plain ? 7 : 8);
	n = strcspn(auth, "/?#\\");
	if (memchr(auth, '@', n) != NULL) {
		snprintf(err, errlen, "user:password@ in the URL is refused "
		    "(it would show in ps and shell history; the token goes "
		    "in --token-file)");
		return -1;
	}
	if (n == 0 || (h = host_len(auth, n)) <= 0) {
		snprintf(err, errlen, n == 0 ? "no host after the scheme" :
		    "not HOST[:PORT] after the scheme");
		return -1;
	}
	if (plain && !is_loopback(auth, (size_t)h)) {
		snprintf(err, errlen, "plain http:// would send the token in "
		    "clear text; use https:// (http:// is accepted only for "
		    "loopback hosts: 127.0.0.0/8, localhost, [::1])");
		return -1;
	}
	return 0;
}
