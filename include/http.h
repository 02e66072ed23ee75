/*
 * http.h - HTTP requests to the providers (the only user of libcurl).
 *
 * http_global_init() once in main() before any thread starts, and
 * http_global_cleanup() after they are joined. Each worker thread owns one
 * struct http_client, which keeps its connection alive between requests; a
 * client is never used by two threads at once.
 *
 * Any HTTP answer, 4xx and 5xx included, is a success of http_client_do():
 * the caller reads resp->status. When no answer arrived, resp->err tells
 * whether the request may have reached the server, which decides whether
 * a create can be resent or must first be looked up (reconciled).
 *
 * Streaming: a request with a sink gets the body of a 2xx answer handed to
 * the sink piece by piece as it arrives instead of kept in resp->body (an
 * answer of any other status still lands in resp->body, so its error text
 * can be read). Nothing of a streamed body is kept, so max_body does not
 * apply to it: what the sink keeps is the sink's business. A sink that
 * returns -1 stops the transfer; http_client_do() then returns 0 with the
 * status (the answer did arrive) and resp->sink_stopped set, and the sink's
 * owner knows why it refused. When a transfer breaks after the sink got some
 * of the body, the caller sees the usual error: a retry must start its sink
 * over.
 *
 * Secrets: the auth header value is never logged, and bodies (which hold
 * passwords) are never logged either. -v (log level LOG_VERBOSE) logs one
 * line per request: method, URL, "<auth header>: [redacted]", status, time.
 */
#ifndef MAILFLEET_HTTP_H
#define MAILFLEET_HTTP_H

#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"

enum http_method {
	HTTP_GET,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE
};

enum http_err {
	HTTP_OK = 0,		/* an HTTP answer arrived (any status) */
	HTTP_ERR_NOT_SENT,	/* failed before the request left: DNS,
				   connect refused/timed out, TLS handshake;
				   transient, safe to resend */
	HTTP_ERR_MAYBE_SENT,	/* failed after the request may have been
				   sent: timeout, connection reset or closed,
				   empty or garbled reply; transient, but the
				   outcome of a create is unknown */
	HTTP_ERR_FATAL,		/* not transient: bad URL, certificate
				   rejected, response over the size cap (then
				   status is set: the server did answer) */
	HTTP_ERR_CANCELLED	/* the cancel flag stopped the transfer; the
				   request may have been sent */
};

/* Largest Retry-After kept; larger values are clamped to it. */
#define HTTP_RETRY_AFTER_MAX	3600

struct http_request {
	enum http_method	 method;
	const char		*url;
	const char		*body;		/* JSON or NULL; any method,
						   DELETE included */
	size_t			 body_len;	/* 0: strlen(body) */
	const char		*auth_name;	/* "Authorization", "X-API-Key"
						   or NULL for none */
	const char		*auth_value;	/* the secret, never logged */
	/* NULL: the body goes to resp->body. Else a 2xx answer's body goes
	   here; 0 to go on, -1 to stop the transfer. */
	int			(*sink)(void *ctx, const char *data,
				    size_t len);
	void			*sink_ctx;
	int			 redact_query;	/* the URL's query holds a
						   secret: logged without it */
};

struct http_response {
	int		status;		/* HTTP status, 0 when no answer */
	enum http_err	err;
	struct buf	body;		/* the answer's body (owned); empty
					   when it went to req->sink */
	size_t		sunk;		/* bytes handed to req->sink */
	int		sink_stopped;	/* req->sink returned -1 */
	long		retry_after;	/* seconds in 0..HTTP_RETRY_AFTER_MAX,
					   -1 when absent */
	long long	ratelimit_limit;	/* X-RateLimit-*, -1 absent */
	long long	ratelimit_remaining;
	long long	ratelimit_reset;	/* as sent: unix seconds */
	long		connects;	/* connections opened (0: reused) */
	double		elapsed;	/* seconds */
	struct buf	message;	/* what went wrong, when err != OK */
};

struct http_options {
	long		 connect_timeout_ms;	/* 0: 10 s */
	long		 timeout_ms;		/* whole request; 0: 60 s */
	size_t		 max_body;		/* 0: 64 MiB; not for
						   bodies streamed to a sink */
	const atomic_int *cancel;		/* non-zero stops a transfer;
						   may be NULL */
};

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS	10000L
#define HTTP_DEFAULT_TIMEOUT_MS		60000L
#define HTTP_DEFAULT_MAX_BODY		((size_t)64 << 20)

/* Once per process, before threads: 0, or -1 with a message logged. Also
   ignores SIGPIPE, which libcurl no longer does with CURLOPT_NOSIGNAL. */
int	http_global_init(void);
void	http_global_cleanup(void);

struct http_client;

/* A client for one thread; opts may be NULL (defaults) and is copied.
   Returns NULL (with a message logged) when libcurl fails. */
struct http_client *http_client_new(const struct http_options *opts);
void	http_client_free(struct http_client *c);

void	http_response_init(struct http_response *resp);
void	http_response_free(struct http_response *resp);

/*
 * Send req and wait for the answer. resp must be initialised; it is reset
 * first, so one response may be reused. Returns 0 when an HTTP answer
 * arrived (resp->status set, resp->err HTTP_OK), else -1 with resp->err and
 * resp->message set.
 */
int	http_client_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp);

const char *http_method_name(enum http_method m);
const char *http_err_name(enum http_err e);

/*
 * Whether url may carry the token: https://HOST[:PORT][/...], or http://
 * to a loopback host (127.0.0.0/8, localhost, [::1]), where nothing crosses
 * the network. Refused: any other scheme or none, an empty host, user:pw@
 * (credentials in argv), a bad port, spaces and control characters.
 * 0, or -1 with why in err (which never repeats the URL).
 */
int	http_url_check(const char *url, char *err, size_t errlen);

/* Append s percent-encoded (everything but A-Z a-z 0-9 - . _ ~). */
void	http_url_escape(struct buf *out, const char *s);
/* Append "?key=value" or "&key=value" (url decides), both escaped. */
void	http_url_append_query(struct buf *url, const char *key,
	    const char *value);
/* Append "/" and the escaped path segment (an id or e-mail address). */
void	http_url_append_segment(struct buf *url, const char *segment);

#endif
