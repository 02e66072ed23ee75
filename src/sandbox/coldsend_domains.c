/*
 * coldsend_domains.c - ColdSend's /domains endpoints.
 *
 * Errors use the documented bodies: {"detail": "..."} and pydantic 1's
 * list form for 422. Choices where coldsend.md is silent: POST /domains
 * answers 201; a second POST of the same name is 409; activation before
 * the name servers propagated (CS_NS_PROPAGATION of provider time after
 * the add) is 400; activation from any status but DNS_PENDING or FAILED is
 * 409; deletion answers 200 {"success":true,"message":...}; the quota of
 * --quota domains=N is a 403.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/coldsend.h"
#include "sandbox/maildoso.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static const char *const statuses[] = { "PENDING", "DNS_CONFIGURING",
    "DNS_PENDING", "SERVICES_CONFIGURING", "ACTIVE", "FAILED", NULL };

int
cs_q_page(struct sbx_ctx *x, long long *page, long long *limit)
{
	*page = 1;
	*limit = 20;
	sbx_q_int(x, "page", 1, (long long)1 << 40, page);
	sbx_q_int(x, "limit", 1, 100, limit);
	return x->verr.n > 0 ? -1 : 0;
}

void
cs_put_pagination(struct buf *b, long long page, long long limit,
    long long total)
{
	long long	pages = (total + limit - 1) / limit;

	buf_printf(b, "\"pagination\":{\"page\":%lld,\"limit\":%lld,"
	    "\"total\":%lld,\"pages\":%lld,\"has_next\":%s,\"has_prev\":%s}",
	    page, limit, total, pages, page < pages ? "true" : "false",
	    page > 1 ? "true" : "false");
}

/* A status query value must be one of the enum; NULL when absent. */
static int
q_status(struct sbx_ctx *x, const char *const *allowed, const char **out)
{
	const char	*s = sbx_arg(x->req, "status");
	size_t		 i;

	*out = NULL;
	if (s == NULL)
		return 0;
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(allowed[i], s) == 0) {
			*out = allowed[i];
			return 0;
		}
	sbx_verr_add(&x->verr, "query/status", "type_error.enum", "value is "
	    "not a valid enumeration member");
	return -1;
}

static void
put_summary(struct sbx_ctx *x, struct buf *b, const struct cs_domain *d,
    const char *sep)
{
	sbx_put_kstr(b, sep, "domain_id", d->id);
	sbx_put_kstr(b, ",", "domain_name", d->name);
	sbx_put_kstr(b, ",", "status", d->status);
	sbx_put_kbool(b, ",", "mailcow_added", strcmp(d->status,
	    "ACTIVE") == 0);
	sbx_put_kbool(b, ",", "cloudflare_verified",
	    x->st->now >= d->ns_ready_at);
	sbx_put_kint(b, ",", "max_inboxes", d->max_inboxes);
	sbx_put_kint(b, ",", "current_inboxes", d->inboxes);
	sbx_put_ktime(b, ",", "created_at", d->created_at);
}

static void
put_ns(struct buf *b, const struct cs_domain *d)
{
	buf_puts(b, ",\"nameservers\":[");
	json_put_str(b, d->ns[0]);
	buf_putc(b, ',');
	json_put_str(b, d->ns[1]);
	buf_putc(b, ']');
}

void
cs_add_domain(struct sbx_ctx *x)
{
	struct buf		*b = &x->resp->body;
	struct cs_domain	*d;
	char			*name = NULL, *l;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	if (sbx_fld_str(x, 0, "body", "domain", 1, &name) != 1)
		goto reply;
	l = md_lower(name);
	free(name);
	name = l;
	if (!sbx_hostname_ok(name)) {
		sbx_verr_value(&x->verr, "body/domain", "invalid domain name");
		goto reply;
	}
	if (cs_domain_by_name(x->st, name) != NULL) {
		sbx_detail(x->resp, 409, "Domain %s already exists", name);
		goto reply;
	}
	if (cs_domain_count(x->st) >= x->cfg->quota_domains) {
		sbx_detail(x->resp, 403, "Domain limit reached (%lld)",
		    x->cfg->quota_domains);
		goto reply;
	}
	d = cs_domain_new(x->st, name);
	x->resp->changed = 1;
	sbx_stats_created("coldsend_domain", d->name);
	buf_puts(b, "{\"success\":true,\"message\":\"Domain added. Set these "
	    "nameservers at your registrar.\"");
	sbx_put_kstr(b, ",", "domain_id", d->id);
	sbx_put_kstr(b, ",", "domain_name", d->name);
	sbx_put_kstr(b, ",", "status", d->status);
	put_ns(b, d);
	sbx_put_ktime(b, ",", "created_at", d->created_at);
	buf_putc(b, '}');
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	free(name);
}

void
cs_list_domains(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	long long	 page, limit, total = 0, skip;
	const char	*status;
	size_t		 i;
	int		 n = 0;

	cs_q_page(x, &page, &limit);
	q_status(x, statuses, &status);
	if (sbx_verr_reply(x))
		return;
	skip = (page - 1) * limit;
	buf_puts(b, "{\"domains\":[");
	for (i = 0; i < x->st->ncsdomains; i++) {
		struct cs_domain	*d = x->st->csdomains[i];

		if (d == NULL)
			continue;
		cs_domain_advance(x->st, d);
		if (status != NULL && strcmp(d->status, status) != 0)
			continue;
		if (total++ < skip || n >= limit)
			continue;
		if (n++ > 0)
			buf_putc(b, ',');
		put_summary(x, b, d, "{");
		buf_putc(b, '}');
	}
	buf_puts(b, "],");
	cs_put_pagination(b, page, limit, total);
	buf_puts(b, ",\"success\":true,\"message\":\"Domains retrieved "
	    "successfully\"}");
	sbx_reply(x->resp, 200);
}

static struct cs_domain *
path_domain(struct sbx_ctx *x)
{
	struct cs_domain	*d = cs_domain_get(x->st, x->req->params[0]);

	if (d == NULL) {
		sbx_detail(x->resp, 404, "Domain not found");
		return NULL;
	}
	cs_domain_advance(x->st, d);
	return d;
}

void
cs_get_domain(struct sbx_ctx *x)
{
	struct buf		*b = &x->resp->body;
	struct cs_domain	*d;

	if ((d = path_domain(x)) == NULL)
		return;
	buf_puts(b, "{\"success\":true,\"message\":\"Domain retrieved "
	    "successfully\"");
	put_summary(x, b, d, ",");
	put_ns(b, d);
	sbx_put_kint(b, ",", "available_inboxes", d->max_inboxes -
	    d->inboxes);
	sbx_put_ktime(b, ",", "activated_at", d->cfg_start);
	buf_puts(b, ",\"dns_records\":[");
	buf_puts(b, "{\"type\":\"MX\",\"name\":\"@\",\"value\":"
	    "\"mx.coldsend.pro\",\"priority\":10},");
	buf_puts(b, "{\"type\":\"TXT\",\"name\":\"@\",\"value\":"
	    "\"v=spf1 include:_spf.coldsend.pro ~all\"},");
	buf_puts(b, "{\"type\":\"TXT\",\"name\":\"_dmarc\",\"value\":"
	    "\"v=DMARC1; p=none\"},");
	buf_puts(b, "{\"type\":\"CNAME\",\"name\":\"dkim._domainkey\","
	    "\"value\":\"dkim.coldsend.pro\"}]}");
	sbx_reply(x->resp, 200);
}

void
cs_activate_domain(struct sbx_ctx *x)
{
	struct buf		*b = &x->resp->body;
	struct cs_domain	*d;

	if ((d = path_domain(x)) == NULL)
		return;
	if (strcmp(d->status, "DNS_PENDING") != 0 &&
	    strcmp(d->status, "FAILED") != 0) {
		sbx_detail(x->resp, 409, "Domain cannot be activated from "
		    "status %s", d->status);
		return;
	}
	if (x->st->now < d->ns_ready_at) {
		sbx_detail(x->resp, 400, "Nameservers have not propagated yet; "
		    "try again later");
		return;
	}
	cs_domain_activate(x->st, d);
	x->resp->changed = 1;
	buf_puts(b, "{\"success\":true,\"message\":\"Domain activation "
	    "started\"");
	sbx_put_kstr(b, ",", "domain_id", d->id);
	sbx_put_kstr(b, ",", "domain_name", d->name);
	sbx_put_kstr(b, ",", "status", d->status);
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
}

void
cs_domain_progress(struct sbx_ctx *x)
{
	struct buf		*b = &x->resp->body;
	struct cs_domain	*d;
	const char		*st, *msg;
	int			 pct;

	if ((d = path_domain(x)) == NULL)
		return;
	if (strcmp(d->status, "ACTIVE") == 0) {
		st = "COMPLETED";
		pct = 100;
		msg = "Domain is active";
	} else if (strcmp(d->status, "FAILED") == 0) {
		st = "FAILED";
		pct = 0;
		msg = "Domain setup failed; activate it again to retry";
	} else if (strcmp(d->status, "SERVICES_CONFIGURING") == 0) {
		double	total = d->next_at - d->cfg_start;

		st = "IN_PROGRESS";
		pct = 10 + (int)floor(89.0 * (x->st->now - d->cfg_start) /
		    (total > 0 ? total : 1));
		if (pct > 99)
			pct = 99;
		msg = "Configuring mail services";
	} else {
		st = "PENDING";
		pct = 0;
		msg = "Waiting for nameservers; then activate the domain";
	}
	buf_puts(b, "{\"success\":true,\"message\":\"Progress retrieved\"");
	sbx_put_kstr(b, ",", "domain_id", d->id);
	sbx_put_kstr(b, ",", "domain_name", d->name);
	sbx_put_kstr(b, ",", "status", st);
	sbx_put_kint(b, ",", "progress_percentage", pct);
	sbx_put_kbool(b, ",", "is_complete", pct == 100);
	sbx_put_kbool(b, ",", "is_failed", strcmp(st, "FAILED") == 0);
	sbx_put_kstr(b, ",", "status_message", msg);
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
}

void
cs_delete_domain(struct sbx_ctx *x)
{
	struct cs_domain	*d;

	if ((d = path_domain(x)) == NULL)
		return;
	if (d->campaign) {
		sbx_detail(x->resp, 409, "Domain has inboxes in active "
		    "campaigns");
		return;
	}
	cs_domain_remove(x->st, d);
	x->resp->changed = 1;
	buf_puts(&x->resp->body, "{\"success\":true,\"message\":\"Domain "
	    "deleted successfully\"}");
	sbx_reply(x->resp, 200);
}
