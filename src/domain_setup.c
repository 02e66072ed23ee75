/*
 * domain_setup.c - the domain set-up steps `wait domains` takes beyond the
 * provider table (domain_setup.h).
 *
 * Maildoso: POST /v1/user/domains/restart-setup {"domain_ids":[int...]}
 * restarts any number of domains in one request; its 202 answer
 * (DomainRegistrationResponse) says per domain whether it did (result
 * "success" or "failure", with a message). Its listing carries the name
 * servers and it publishes no progress.
 *
 * ColdSend (coldsend.md): "FAILED can be retried": POST
 * /domains/{id}/activate takes a FAILED domain up again as it takes a
 * DNS_PENDING one (the provider table's activate_domain is for the
 * latter); GET /domains/{id}/progress gives progress_percentage and
 * status_message, GET /domains/{id} the nameservers, which the listing
 * lacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "domain_setup.h"
#include "http.h"
#include "json.h"
#include "provider.h"
#include "xmalloc.h"

/* ---- Maildoso ---- */

/* Domain ids are the listing's integers; anything else is not sent. */
static int
is_int_id(const char *s)
{
	size_t	n = strspn(s, "0123456789");

	return n > 0 && n <= 18 && s[n] == '\0';
}

/* Which of ids[] result r of the answer is about: its id, else its place
 * k among the ids sent (sent[], nsent); -1 when none. */
static long
md_result_index(const struct json_doc *d, int r, size_t k,
    const char *const *ids, const size_t *sent, size_t nsent)
{
	char		s[32];
	long long	id;
	size_t		i;

	if (json_get_int(d, r, "id", &id) < 0)
		return k < nsent ? (long)sent[k] : -1;
	snprintf(s, sizeof s, "%lld", id);
	for (i = 0; i < nsent; i++)
		if (strcmp(ids[sent[i]], s) == 0)
			return (long)sent[i];
	return -1;
}

/* The 202 answer's results onto ok[] and msg[]. */
static void
md_results(const struct json_doc *d, const char *const *ids, size_t n,
    const size_t *sent, size_t nsent, int *ok, struct buf *msg)
{
	char	*m;
	size_t	 k = 0;
	long	 i;
	int	 r;

	for (r = json_child(d, json_get(d, 0, "results")); r >= 0;
	    r = json_next(d, r), k++) {
		if ((i = md_result_index(d, r, k, ids, sent, nsent)) < 0)
			continue;
		ok[i] = json_str_eq(d, json_get(d, r, "result"), "success");
		if (!ok[i] && (m = json_get_str(d, r, "message")) != NULL) {
			buf_printf(&msg[i], "restart refused: %s", m);
			free(m);
		}
	}
	for (k = 0; k < n; k++)
		if (!ok[k] && msg[k].len == 0)
			buf_puts(&msg[k], "restart-setup did not take it up");
}

static int
md_retry(struct pctx *p, const char *const *ids, size_t n, int *ok,
    struct buf *msg)
{
	struct buf	 body = BUF_INIT, why = BUF_INIT;
	struct json_doc	*d = NULL;
	size_t		*sent = xcalloc(n ? n : 1, sizeof *sent), nsent = 0, i;
	int		 rc = -1;

	buf_puts(&body, "{\"domain_ids\":[");
	for (i = 0; i < n; i++) {
		ok[i] = 0;
		if (!is_int_id(ids[i]))
			continue;
		buf_printf(&body, "%s%s", nsent ? "," : "", ids[i]);
		sent[nsent++] = i;
	}
	buf_puts(&body, "]}");
	if (nsent > 0 && pctx_request(p, HTTP_POST,
	    "/v1/user/domains/restart-setup", body.data) == 0 &&
	    p->resp.status / 100 == 2 && (d = pctx_parse(p)) != NULL) {
		md_results(d, ids, n, sent, nsent, ok, msg);
		rc = 0;
	} else {
		if (nsent > 0)
			provider_error_text(&p->resp, &why);
		for (i = 0; i < n; i++)
			buf_printf(&msg[i], "restart-setup failed: %s", nsent ?
			    buf_cstr(&why) : "no domain id in the listing");
	}
	json_free(d);
	free(sent);
	buf_free(&why);
	buf_free(&body);
	return rc;
}

/* ---- ColdSend ---- */

/* "/domains/ID" + tail into b. */
static void
cs_path(struct buf *b, const char *id, const char *tail)
{
	buf_puts(b, "/domains");
	http_url_append_segment(b, id);
	buf_puts(b, tail);
}

/* One activate per domain: the API takes one id a request. */
static int
cs_retry(struct pctx *p, const char *const *ids, size_t n, int *ok,
    struct buf *msg)
{
	struct buf	path = BUF_INIT;
	size_t		i;

	for (i = 0; i < n; i++) {
		buf_reset(&path);
		cs_path(&path, ids[i], "/activate");
		ok[i] = pctx_request(p, HTTP_POST, path.data, NULL) == 0 &&
		    p->resp.status / 100 == 2;
		if (!ok[i]) {
			buf_puts(&msg[i], "activate refused: ");
			provider_error_text(&p->resp, &msg[i]);
		}
	}
	buf_free(&path);
	return 0;
}

/* GET /domains/ID + tail as JSON; NULL with why in msg. */
static struct json_doc *
cs_get(struct pctx *p, const char *id, const char *tail, struct buf *msg)
{
	struct json_doc	*d;
	struct buf	 path = BUF_INIT;
	char		 err[512];

	cs_path(&path, id, tail);
	if ((d = pctx_get_json(p, path.data, err, sizeof err)) == NULL)
		buf_puts(msg, err);
	buf_free(&path);
	return d;
}

static int
cs_progress(struct pctx *p, const char *id, long long *pct, struct buf *msg)
{
	struct json_doc	*d;
	char		*m;

	if ((d = cs_get(p, id, "/progress", msg)) == NULL)
		return -1;
	if (json_get_int(d, 0, "progress_percentage", pct) < 0)
		*pct = -1;
	if ((m = json_get_str(d, 0, "status_message")) != NULL) {
		buf_puts(msg, m);
		free(m);
	}
	json_free(d);
	return 0;
}

static int
cs_name_servers(struct pctx *p, const char *id, struct buf *ns)
{
	struct json_doc	*d;
	char		*s;
	int		 x;

	if ((d = cs_get(p, id, "", ns)) == NULL)
		return -1;
	for (x = json_child(d, json_get(d, 0, "nameservers")); x >= 0;
	    x = json_next(d, x))
		if (json_str(d, x, &s) == 0) {
			buf_printf(ns, "%s%s", ns->len ? ";" : "", s);
			free(s);
		}
	json_free(d);
	return 0;
}

static const struct domain_setup setups[] = {
	{ "maildoso", "restart-failed", md_retry, NULL, NULL },
	{ "coldsend", "activate", cs_retry, cs_progress, cs_name_servers },
	{ NULL, NULL, NULL, NULL, NULL }
};

const struct domain_setup *
domain_setup_find(const char *provider)
{
	size_t	i;

	for (i = 0; setups[i].provider != NULL; i++)
		if (strcmp(setups[i].provider, provider) == 0)
			return &setups[i];
	return NULL;
}
