/*
 * sbx_drive.c - the sandbox without a network (see sbx_drive.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_util.h"
#include "json.h"
#include "sandbox/persist.h"
#include "sandbox/req.h"
#include "sandbox/rng.h"
#include "sandbox/router.h"
#include "sandbox/stats.h"
#include "sbx_drive.h"
#include "xmalloc.h"

static const char	*campaign[] = { "campaign.example.com" };

void
sbx_drive_config(struct sbx_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->host = "127.0.0.1";
	cfg->time_scale = 1.0;
	cfg->seed = 1;
	cfg->quota_accounts = 1000;
	cfg->quota_domains = 100;
	cfg->fail_rate = 0.2;
	cfg->md_token = "pat_sandbox";
	cfg->cs_token = "cs_live_sandbox";
	cfg->campaign.v = campaign;
	cfg->campaign.n = 1;
	cfg->quiet = 1;
}

void
sbx_drive_init(struct store *st, const struct sbx_config *cfg)
{
	static int	stats_on;

	if (stats_on)
		sbx_stats_free();
	sbx_stats_init();
	stats_on = 1;
	sbx_rng_seed(cfg->seed);
	store_init(st, cfg);
}

void
sbx_drive_free(struct store *st)
{
	store_free(st);
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decoding as libmicrohttpd does for query arguments. */
static char *
decode(const char *s, size_t n)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			buf_putc(&b, ' ');
		else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			buf_putc(&b, (char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2])));
			i += 2;
		} else
			buf_putc(&b, s[i]);
	}
	return b.data != NULL ? buf_detach(&b) : xstrdup("");
}

/* "k=v&k2=v2" into req->args, in order. */
static void
parse_query(struct sbx_req *req, const char *q, size_t n)
{
	const char	*amp, *eq;
	size_t		 len;

	while (n > 0) {
		amp = memchr(q, '&', n);
		len = amp != NULL ? (size_t)(amp - q) : n;
		if (len > 0) {
			eq = memchr(q, '=', len);
			req->args = xreallocarray(req->args, req->nargs + 1,
			    sizeof *req->args);
			req->args[req->nargs].key = decode(q, eq != NULL ?
			    (size_t)(eq - q) : len);
			req->args[req->nargs].val = eq != NULL ? decode(eq + 1,
			    len - (size_t)(eq + 1 - q)) : xstrdup("");
			req->nargs++;
		}
		len += amp != NULL;
		q += len;
		n -= len;
	}
}

/* The provider of a URL and its path below the prefix (as server.c). */
static enum sbx_provider
split_url(const char *url, size_t *skip)
{
	static const char *const pre[] = { "/maildoso", "/coldsend",
	    "/_sandbox" };
	static const enum sbx_provider p[] = { SBX_MAILDOSO, SBX_COLDSEND,
	    SBX_INTERNAL };
	size_t	i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(pre[i]);
		if (strncmp(url, pre[i], n) == 0 && (url[n] == '/' ||
		    url[n] == '\0')) {
			*skip = n;
			return p[i];
		}
	}
	*skip = 0;
	return SBX_NONE;
}

/* Fills req from "METHOD URL"; the method is copied into method. */
static void
make_req(struct sbx_req *req, const char *line, size_t linelen,
    char **method)
{
	const char	*sp, *q;
	char		*url;
	size_t		 skip, n;

	sp = memchr(line, ' ', linelen);
	*method = xstrndup(line, sp != NULL ? (size_t)(sp - line) : linelen);
	url = sp != NULL ? xstrndup(sp + 1, linelen - (size_t)(sp + 1 - line))
	    : xstrdup("/");
	req->method = *method;
	req->provider = split_url(url, &skip);
	if ((q = strchr(url, '?')) != NULL)
		parse_query(req, q + 1, strlen(q + 1));
	n = (q != NULL ? (size_t)(q - url) : strlen(url));
	req->path = xstrndup(url + (skip < n ? skip : n), n - (skip < n ?
	    skip : n));
	n = strlen(req->path);
	if (n > 1 && req->path[n - 1] == '/')
		req->path[n - 1] = '\0';
	free(url);
}

/* Every answer has a status, and its body (if any) is JSON. */
static void
check_answer(const struct sbx_req *req, const struct sbx_resp *resp)
{
	struct json_doc	*d;
	char		 err[128];

	if (resp->status < 100 || resp->status > 599)
		fuzz_fail("%s %s: status %d", req->method, req->path,
		    resp->status);
	if (resp->body.len == 0)
		return;
	if ((d = json_parse(resp->body.data, resp->body.len, err,
	    sizeof err)) == NULL)
		fuzz_fail("%s %s: %d answer is not JSON (%s): %.200s",
		    req->method, req->path, resp->status, err,
		    buf_cstr(&resp->body));
	json_free(d);
}

int
sbx_drive_request(struct store *st, const struct sbx_config *cfg,
    const char *line, size_t linelen, const char *body, size_t bodylen,
    double now)
{
	const struct sbx_route	*route;
	struct sbx_req		 req;
	struct sbx_resp		 resp;
	struct sbx_ctx		 x;
	char			*method, *copy = NULL;
	int			 known, status;

	memset(&req, 0, sizeof req);
	sbx_resp_init(&resp);
	make_req(&req, line, linelen, &method);
	if (bodylen > 0) {
		/* Exactly bodylen bytes, no NUL after: overreads show. */
		copy = xmalloc(bodylen);
		memcpy(copy, body, bodylen);
	}
	req.body = copy;
	req.body_len = bodylen;
	if ((route = sbx_route_find(&req, &known)) == NULL)
		sbx_detail(&resp, known ? 405 : 404, "Not Found");
	else {
		memset(&x, 0, sizeof x);
		x.req = &req;
		x.resp = &resp;
		x.st = st;
		x.cfg = cfg;
		sbx_verr_init(&x.verr, req.provider == SBX_COLDSEND);
		store_lock(st, now);
		req.now = st->now;
		route->fn(&x);
		if (resp.changed)
			store_changed(st);
		store_unlock(st);
		json_free(x.doc);
		sbx_verr_free(&x.verr);
	}
	check_answer(&req, &resp);
	fuzz_note("%s %s -> %d %.120s", req.method, req.path, resp.status,
	    buf_cstr(&resp.body));
	status = resp.status;
	sbx_resp_free(&resp);
	sbx_req_free(&req);
	free(method);
	free(copy);
	return status;
}

void
sbx_drive_round_trip(struct store *st, const struct sbx_config *cfg)
{
	struct buf	a = BUF_INIT, b = BUF_INIT;
	struct store	back;
	double		clock = 0;
	char		err[256];

	store_lock(st, 0);
	sbx_persist_dump(st, st->now, &a);
	store_unlock(st);
	store_init(&back, cfg);
	if (sbx_persist_load_text(&back, buf_cstr(&a), a.len, &clock, err,
	    sizeof err) != 0)
		fuzz_fail("the sandbox cannot load its own state: %s", err);
	if (getenv("FUZZ_STATE_OUT") != NULL)	/* seeds for sandbox_state */
		fuzz_write(getenv("FUZZ_STATE_OUT"), a.data, a.len);
	sbx_persist_dump(&back, clock, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		fuzz_fail("the state changes when loaded and saved again");
	store_free(&back);
	buf_free(&a);
	buf_free(&b);
}
