/*
 * provider.c - what every provider shares: the session, requests through
 * the rate limiter, error texts, tokens. The registry is providers.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "hash.h"
#include "json.h"
#include "log.h"
#include "provider.h"
#include "ratelimit.h"
#include "read_memo.h"
#include "retry.h"
#include "xmalloc.h"

/* Where a streamed answer goes, and how a retry starts it over. */
struct pctx_sink {
	int	(*data)(void *ctx, const char *data, size_t len);
	void	(*restart)(void *ctx);		/* before each attempt */
	void	 *ctx;
};

/* A wait the limiter holds everybody for is said, or stops the run over
 * --max-wait (job_wait_notice). why: static text, NULL to keep the last. */
static void
hold_notice(struct job *job, const char *why)
{
	struct ratelimit_stats	st;

	if (why != NULL) {
		pthread_mutex_lock(&job->lock);
		job->wait_why = why;
		pthread_mutex_unlock(&job->lock);
	}
	ratelimit_get_stats(job->rl, &st);
	if (st.hold > 0)
		job_wait_notice(job, st.hold);
}

static int
request_once(struct pctx *p, enum http_method m, const char *path,
    const char *body, const struct pctx_sink *sink)
{
	struct job		*job = p->job;
	struct http_request	 req;
	struct buf		 url = BUF_INIT, auth = BUF_INIT;
	int			 rc;

	hold_notice(job, NULL);		/* about to wait for it */
	if (ratelimit_acquire(job->rl, &job->cancel) < 0) {
		http_response_free(&p->resp);
		http_response_init(&p->resp);
		p->resp.err = HTTP_ERR_NOT_SENT;	/* it never left */
		buf_puts(&p->resp.message, "interrupted before it was sent");
		return -1;
	}
	buf_puts(&url, job->base_url);
	buf_puts(&url, path);
	buf_printf(&auth, "%s%s", job->prov->auth_prefix, job->token);
	memset(&req, 0, sizeof req);
	req.method = m;
	req.url = url.data;
	req.body = body;
	req.auth_name = job->prov->auth_name;
	req.auth_value = auth.data;
	req.redact_query = p->redact_query;
	if (sink != NULL) {
		sink->restart(sink->ctx);
		req.sink = sink->data;
		req.sink_ctx = sink->ctx;
	}
	atomic_fetch_add(&job->requests, 1);
	rc = http_client_do(p->http, &req, &p->resp);
	explicit_bzero(auth.data, auth.len);
	buf_free(&auth);
	if (p->redact_query)
		explicit_bzero(url.data, url.len);
	buf_free(&url);
	if (rc == 0) {
		ratelimit_observe_headers(job->rl,
		    p->resp.ratelimit_remaining, p->resp.ratelimit_reset);
		if (p->resp.status == 429) {
			ratelimit_penalize(job->rl, p->resp.retry_after);
			/* A retry will wait: said (or stopped) now. */
			hold_notice(job, "rate limited by the provider (429)");
		} else {
			ratelimit_success(job->rl);
			if (p->resp.ratelimit_remaining == 0 &&
			    p->resp.ratelimit_reset >= 0) {
				pthread_mutex_lock(&job->lock);
				job->wait_why = "the provider's rate limit is "
				    "used up (X-RateLimit-Remaining: 0)";
				pthread_mutex_unlock(&job->lock);
			}
		}
	}
	return rc;
}

char *
provider_base_url(const struct provider *prov, const char *api_url)
{
	char	*url = xstrdup(api_url ? api_url : prov->default_url);
	size_t	 len = strlen(url);

	while (len > 0 && url[len - 1] == '/')
		url[--len] = '\0';	/* paths are appended with their '/' */
	return url;
}

int
session_begin(struct app *app, const char *rate, struct job *job,
    struct pctx *p, char *err, size_t errlen)
{
	struct ratelimit_spec	spec;
	struct buf		e = BUF_INIT;

	memset(job, 0, sizeof *job);
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&job->lock, NULL);
	job->app = app;
	job->max_retries = RETRY_DEFAULT_RETRIES;
	if ((job->prov = provider_find(app->provider)) == NULL) {
		snprintf(err, errlen, "unknown provider \"%s\"", app->provider);
		return EXIT_USAGE;
	}
	if (ratelimit_parse(rate ? rate : job->prov->default_rate, &spec,
	    &e) < 0) {
		snprintf(err, errlen, "--rate: %s", buf_cstr(&e));
		buf_free(&e);
		return EXIT_USAGE;
	}
	job->rl = ratelimit_new(&spec, NULL);
	job->budget = retry_budget_new(0, 0, 0);
	job->base_url = provider_base_url(job->prov, app->api_url);
	log_debug("%s: requests at %s (%s)", job->prov->title, rate != NULL ?
	    rate : job->prov->default_rate, rate != NULL ? "--rate" :
	    "the provider's limits");
	return 0;
}

void
pctx_init(struct pctx *p, struct job *job, const struct http_options *opts)
{
	memset(p, 0, sizeof *p);
	p->job = job;
	p->http = http_client_new(opts);
	retry_rng_init(&p->rng);
	http_response_init(&p->resp);
}

void
pctx_free(struct pctx *p)
{
	http_response_free(&p->resp);
	http_client_free(p->http);
	p->http = NULL;
}

int
session_connect(struct job *job, struct pctx *p, char *err, size_t errlen)
{
	if ((job->token = provider_load_token(job->prov, job->app->token_file,
	    err, errlen)) == NULL)
		return EXIT_ABORTED;
	if (http_global_init() < 0) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return EXIT_ABORTED;
	}
	pctx_init(p, job, NULL);
	if (p->http == NULL) {
		snprintf(err, errlen, "cannot start an HTTP client");
		return EXIT_ABORTED;
	}
	return 0;
}

int
session_open(struct app *app, const char *rate, struct job *job,
    struct pctx *p, char *err, size_t errlen)
{
	if (session_begin(app, rate, job, p, err, errlen) != 0 ||
	    session_connect(job, p, err, errlen) != 0) {
		session_close(job, p);
		return -1;
	}
	return 0;
}

void
session_close(struct job *job, struct pctx *p)
{
	if (job->prov != NULL && job->prov->release != NULL)
		job->prov->release(job);
	pctx_free(p);
	ratelimit_free(job->rl);
	retry_budget_free(job->budget);
	http_global_cleanup();
	if (job->token != NULL) {
		explicit_bzero(job->token, strlen(job->token));
		free(job->token);
	}
	free(job->base_url);
	buf_free(&job->abort_msg);
	pthread_mutex_destroy(&job->lock);
}

/* GETs change nothing, so they are retried here; writes are retried by the
 * dispatcher, which knows whether their outcome must be reconciled. */
static int
request_retried(struct pctx *p, enum http_method m, const char *path,
    const char *body, const struct pctx_sink *sink, int safe)
{
	struct retry_policy	pol;
	double			delay;
	int			rc, attempt = 0;

	retry_policy_init(&pol);
	pol.max_retries = p->job->max_retries;
	retry_budget_deposit(p->job->budget);	/* a first attempt earns */
	for (;;) {
		rc = request_once(p, m, path, body, sink);
		if ((m != HTTP_GET && !safe) || job_aborted(p->job) ||
		    retry_decide(&pol, p->job->budget, &p->rng, ++attempt,
		    p->resp.status, p->resp.err, (double)p->resp.retry_after,
		    &delay) != RETRY_AGAIN)
			return rc;
		atomic_fetch_add(&p->job->retries, 1);
		job_sleep(p->job, delay);
	}
}

struct json_doc *
pctx_parse(struct pctx *p)
{
	struct json_doc	*d;

	p->parse_err[0] = '\0';
	d = json_parse(buf_cstr(&p->resp.body), p->resp.body.len,
	    p->parse_err, sizeof p->parse_err);
	if (d == NULL)
		log_debug("the answer (HTTP %d) cannot be read: %s",
		    p->resp.status, p->parse_err);
	return d;
}

int
pctx_request(struct pctx *p, enum http_method m, const char *path,
    const char *body)
{
	return request_retried(p, m, path, body, NULL, 0);
}

int
pctx_request_safe(struct pctx *p, enum http_method m, const char *path,
    const char *body)
{
	return request_retried(p, m, path, body, NULL, 1);
}

/* pctx_get_array's sink: the stream and the caller's restart. */
struct array_sink {
	struct json_stream	*js;
	void			(*restart)(void *);
	void			*ctx;
};

/* A refused piece fails the stream, which keeps the message for
 * json_stream_end(). */
static int
array_data(void *ctx, const char *data, size_t len)
{
	struct array_sink	*as = ctx;

	return json_stream_feed(as->js, data, len, NULL, 0);
}

static void
array_restart(void *ctx)
{
	struct array_sink	*as = ctx;

	json_stream_reset(as->js);
	if (as->restart != NULL)
		as->restart(as->ctx);
}

int
pctx_get_array(struct pctx *p, const char *path, struct json_stream *js,
    void (*restart)(void *), void *ctx, char *err, size_t errlen)
{
	struct array_sink	as = { js, restart, ctx };
	struct pctx_sink	sink = { array_data, array_restart, &as };

	if (errlen > 0)
		err[0] = '\0';
	if (request_retried(p, HTTP_GET, path, NULL, &sink, 0) < 0 ||
	    p->resp.status != 200)
		return -1;
	return json_stream_end(js, err, errlen);
}

void
provider_error_text(const struct http_response *resp, struct buf *out)
{
	struct json_doc	*d;
	char		*s;
	int		 det, v, n = 0;

	if (resp->status == 0) {
		buf_puts(out, buf_cstr(&resp->message));
		return;
	}
	d = resp->body.len ? json_parse(resp->body.data, resp->body.len, NULL,
	    0) : NULL;
	det = d ? json_get(d, 0, "detail") : -1;
	if (det >= 0 && json_str(d, det, &s) == 0) {
		buf_printf(out, "HTTP %d: %s", resp->status, s);
		free(s);
	} else if (det >= 0 && json_type(d, det) == JSON_ARRAY) {
		buf_printf(out, "HTTP %d:", resp->status);
		for (v = json_child(d, det); v >= 0; v = json_next(d, v)) {
			if ((s = json_get_str(d, v, "msg")) == NULL)
				continue;
			buf_printf(out, "%s %s", n++ ? ";" : "", s);
			free(s);
		}
	} else if (d && (s = json_get_str(d, 0, "message")) != NULL) {
		buf_printf(out, "HTTP %d: %s", resp->status, s);
		free(s);
	} else
		buf_printf(out, "HTTP %d", resp->status);
	json_free(d);
}

/* Is loc's element v the string s? */
static int
loc_is(const struct json_doc *d, int v, const char *s)
{
	return v >= 0 && json_type(d, v) == JSON_STRING && json_str_eq(d, v, s);
}

/* The item index an error's loc names after prefix, or -1. */
static long long
loc_index(const struct json_doc *d, int err, const char *const *prefix)
{
	long long	i;
	int		v = json_child(d, json_get(d, err, "loc"));

	for (; *prefix != NULL; prefix++, v = json_next(d, v))
		if (!loc_is(d, v, *prefix))
			return -1;
	if (v < 0 || json_type(d, v) != JSON_NUMBER || json_int(d, v, &i) < 0)
		return -1;
	return i;
}

size_t
provider_named_errors(const struct http_response *resp,
    const char *const *prefix, size_t n, struct buf *msg)
{
	struct json_doc	*d;
	long long	 i;
	size_t		 k, named = 0;
	char		*s;
	int		 det, v;

	d = resp->status == 422 && resp->body.len ? json_parse(resp->body.data,
	    resp->body.len, NULL, 0) : NULL;
	det = d ? json_get(d, 0, "detail") : -1;
	if (det < 0 || json_type(d, det) != JSON_ARRAY || json_len(d, det) == 0)
		goto out;
	for (v = json_child(d, det); v >= 0; v = json_next(d, v))
		if ((i = loc_index(d, v, prefix)) < 0 || (size_t)i >= n)
			goto out;	/* an error of no item, or not ours */
	for (v = json_child(d, det); v >= 0; v = json_next(d, v)) {
		i = loc_index(d, v, prefix);
		if ((s = json_get_str(d, v, "msg")) == NULL)
			s = xstrdup("refused");
		named += msg[i].len == 0;
		buf_printf(&msg[i], "%s%s", msg[i].len ? "; " : "HTTP 422: ",
		    s);
		free(s);
	}
out:
	if (named == 0)
		for (k = 0; k < n; k++)
			buf_reset(&msg[k]);
	json_free(d);
	return named;
}

/* A token file must be a regular file; one that others may read is
 * warned about, as ssh does for keys. 0, or -1 + err. */
static int
token_file_check(int fd, const char *path, char *err, size_t errlen)
{
	struct stat	st;
	mode_t		open_to;

	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot read token file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "token file %s is a directory", path);
		return -1;
	}
	if ((open_to = st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		log_warn("token file %s is %s by %s (mode %04o); chmod 600 %s",
		    path, open_to & (S_IRGRP | S_IROTH) ? "readable" :
		    "writable", open_to & (S_IROTH | S_IWOTH) ? "others" :
		    "its group", (unsigned)(st.st_mode & 07777), path);
	return 0;
}

/* The token itself: without a UTF-8 BOM, surrounding blanks and the line
 * end (LF or CRLF); a second line is refused (it would end up in a
 * header). 0, or -1 + err. */
static int
token_trim(struct buf *b, const char *path, char *err, size_t errlen)
{
	size_t	from = 0, to = b->len;

	if (to >= 3 && memcmp(b->data, "\xef\xbb\xbf", 3) == 0)
		from = 3;
	while (from < to && strchr(" \t\r\n", b->data[from]) != NULL)
		from++;
	while (to > from && strchr(" \t\r\n", b->data[to - 1]) != NULL)
		to--;
	if (to == from) {
		snprintf(err, errlen, "token file %s is empty", path);
		return -1;
	}
	if (memchr(b->data + from, '\n', to - from) != NULL ||
	    memchr(b->data + from, '\r', to - from) != NULL) {
		snprintf(err, errlen, "token file %s holds more than one line "
		    "(the token alone is expected)", path);
		return -1;
	}
	memmove(b->data, b->data + from, to - from);
	explicit_bzero(b->data + (to - from), b->len - (to - from));
	b->len = to - from;
	return 0;
}

/* Reads at most 4 KiB from path: the token, trimmed (token_trim). */
static char *
read_token_file(const char *path, char *err, size_t errlen)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[512];
	ssize_t		 n = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot read token file %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (token_file_check(fd, path, err, errlen) < 0) {
		close(fd);
		return NULL;
	}
	while (b.len < 4096 && (n = read(fd, chunk, sizeof chunk)) > 0)
		buf_append(&b, chunk, (size_t)n);
	if (n < 0)
		snprintf(err, errlen, "cannot read token file %s: %s", path,
		    strerror(errno));
	close(fd);
	explicit_bzero(chunk, sizeof chunk);
	if (n < 0 || token_trim(&b, path, err, errlen) < 0) {
		if (b.data != NULL)
			explicit_bzero(b.data, b.len);
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void
provider_token_source(const struct provider *prov, const char *token_file,
    struct buf *out)
{
	if (token_file != NULL)
		buf_printf(out, "from --token-file %s", token_file);
	else
		buf_printf(out, "from $%s", prov->token_env);
}

char *
provider_load_token(const struct provider *prov, const char *token_file,
    char *err, size_t errlen)
{
	const char	*env;

	if (token_file != NULL)
		return read_token_file(token_file, err, errlen);
	env = getenv(prov->token_env);
	if (env == NULL || *env == '\0') {
		snprintf(err, errlen, "no %s token: set %s or give "
		    "--token-file FILE", prov->name, prov->token_env);
		return NULL;
	}
	return xstrdup(env);
}

struct json_doc *
pctx_get_json(struct pctx *p, const char *path, char *err, size_t errlen)
{
	struct read_memo *memo = p->job->app != NULL ? p->job->app->memo :
			    NULL;
	struct buf	 why = BUF_INIT, key = BUF_INIT;
	struct json_doc	*d;

	if (memo != NULL && read_memo_keeps(path)) {
		/* the same provider, URL and token (a hash of it, never the
		 * token itself): the same answer */
		buf_printf(&key, "%s %s%s %016llx", p->job->prov->name,
		    p->job->base_url, path, (unsigned long long)hash_mix64(
		    p->job->token != NULL ? hash_fnv1a(p->job->token,
		    strlen(p->job->token)) : 0));
		if (read_memo_get(memo, key.data, &why)) {
			d = json_parse(buf_cstr(&why), why.len, err, errlen);
			log_debug("GET %s: the answer kept earlier in this run",
			    path);
			buf_free(&why);
			buf_free(&key);
			return d;
		}
	}
	if (pctx_request(p, HTTP_GET, path, NULL) < 0 ||
	    p->resp.status != 200) {
		provider_error_text(&p->resp, &why);
		snprintf(err, errlen, "%s GET %s: %s%s", p->job->prov->title,
		    path, buf_cstr(&why), p->resp.status == 401 ||
		    p->resp.status == 403 ? " (is the token right?)" : "");
		buf_free(&why);
		buf_free(&key);
		return NULL;
	}
	if ((d = pctx_parse(p)) == NULL)
		snprintf(err, errlen, "%s GET %s: the answer cannot be read: %s",
		    p->job->prov->title, path, p->parse_err);
	else if (key.len > 0)
		read_memo_put(memo, key.data, buf_cstr(&p->resp.body),
		    p->resp.body.len);
	buf_free(&key);
	return d;
}
