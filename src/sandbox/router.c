/*
 * router.c - the route table: every Maildoso operation of the OpenAPI file
 * (named by its operationId), every ColdSend endpoint of coldsend.md, and
 * the sandbox's own read-only GET /_sandbox/stats.
 *
 * Literal routes come before parameterised ones with the same shape (PUT
 * /v1/user/accounts/forwarding before PUT /v1/user/accounts/{account_id}).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/coldsend.h"
#include "sandbox/maildoso.h"
#include "sandbox/router.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static void	internal_stats(struct sbx_ctx *x);

#define MD SBX_MAILDOSO
#define CS SBX_COLDSEND

const struct sbx_route sbx_routes[] = {
	{ MD, "GET", "/v1/user/me", "get_user_profile", md_get_user_profile },
	{ MD, "GET", "/v1/user/data", "get_user_data", md_get_user_data },
	{ MD, "POST", "/v1/user/data", "create_user_data",
	  md_create_user_data },
	{ MD, "PATCH", "/v1/user/data", "update_user_data",
	  md_update_user_data },
	{ MD, "GET", "/v1/user/settings", "get_user_settings",
	  md_get_user_settings },
	{ MD, "POST", "/v1/user/regenerate_auth_pat",
	  "regenerate_user_auth_pat", md_regenerate_user_auth_pat },
	{ MD, "GET", "/v1/user/stats", "get_user_stats", md_get_user_stats },
	{ MD, "GET", "/v1/user/domains", "list_user_domains",
	  md_list_user_domains },
	{ MD, "POST", "/v1/user/domains", "create_user_domains",
	  md_create_user_domains },
	{ MD, "PUT", "/v1/user/domains", "update_user_domain",
	  md_update_user_domain },
	{ MD, "POST", "/v1/user/domains/search", "search_domains",
	  md_search_domains },
	{ MD, "PUT", "/v1/user/domains/tracking", "set_domains_tracking",
	  md_set_domains_tracking },
	{ MD, "GET", "/v1/user/domains/provider-availability",
	  "check_provider_availability", md_check_provider_availability },
	{ MD, "POST", "/v1/user/domains/external",
	  "create_external_domains_v1_user_domains_external_post",
	  md_create_external_domains },
	{ MD, "POST", "/v1/user/domains/restart-setup",
	  "restart_domain_setup_v1_user_domains_restart_setup_post",
	  md_restart_domain_setup },
	{ MD, "GET", "/v1/user/accounts-lookup",
	  "lookup_user_email_accounts_v1_user_accounts_lookup_get",
	  md_lookup_user_email_accounts },
	{ MD, "POST", "/v1/user/accounts", "create_email_accounts",
	  md_create_email_accounts },
	{ MD, "DELETE", "/v1/user/accounts", "delete_email_accounts",
	  md_delete_email_accounts },
	{ MD, "GET", "/v1/user/accounts/forwarding",
	  "list_forwarding_accounts", md_list_forwarding_accounts },
	{ MD, "PUT", "/v1/user/accounts/forwarding",
	  "update_forwarding_accounts", md_update_forwarding_accounts },
	{ MD, "PUT", "/v1/user/accounts/{}", "update_email_accounts",
	  md_update_email_accounts },
	{ MD, "GET", "/v1/user/accounts/{}/totp",
	  "generate_account_totp_v1_user_accounts__account_id__totp_get",
	  md_generate_account_totp },
	{ MD, "GET", "/v1/user/forwarding-lookup",
	  "lookup_forwarding_accounts", md_lookup_forwarding_accounts },
	{ MD, "POST", "/v1/user/forwarding", "create_forwarding_account",
	  md_create_forwarding_account },
	{ MD, "DELETE", "/v1/user/forwarding", "delete_forwarding_accounts",
	  md_delete_forwarding_accounts },
	{ MD, "POST", "/v1/user/forwarding/password",
	  "reset_forwarding_account_password",
	  md_reset_forwarding_account_password },
	{ MD, "GET", "/v1/user/services/warmups", "list_warmup_services",
	  md_list_warmup_services },
	{ MD, "PUT", "/v1/user/services/warmups", "update_warmup_services",
	  md_update_warmup_services },
	{ MD, "POST", "/v1/user/services/warmups", "create_warmup_services",
	  md_create_warmup_services },
	{ MD, "DELETE", "/v1/user/services/warmups/{}",
	  "delete_warmup_service", md_delete_warmup_service },
	{ MD, "GET", "/v1/billing/pricing", "get_pricing", md_get_pricing },
	{ MD, "GET", "/v1/sequencers", "get_user_sequencers_v1_sequencers_get",
	  md_get_user_sequencers },
	{ MD, "PUT", "/v1/sequencers", "update_sequencer_v1_sequencers_put",
	  md_update_sequencer },
	{ MD, "POST", "/v1/sequencers", "add_sequencer_v1_sequencers_post",
	  md_add_sequencer },
	{ MD, "POST", "/v1/sequencers/export",
	  "export_to_sequencer_v1_sequencers_export_post",
	  md_export_to_sequencer },

	{ CS, "POST", "/domains", "coldsend.add_domain", cs_add_domain },
	{ CS, "GET", "/domains", "coldsend.list_domains", cs_list_domains },
	{ CS, "GET", "/domains/{}", "coldsend.get_domain", cs_get_domain },
	{ CS, "DELETE", "/domains/{}", "coldsend.delete_domain",
	  cs_delete_domain },
	{ CS, "POST", "/domains/{}/activate", "coldsend.activate_domain",
	  cs_activate_domain },
	{ CS, "GET", "/domains/{}/progress", "coldsend.domain_progress",
	  cs_domain_progress },
	{ CS, "POST", "/sender-accounts/coldsend-native",
	  "coldsend.create_native", cs_create_native },
	{ CS, "POST", "/sender-accounts/coldsend-native/bulk",
	  "coldsend.create_native_bulk", cs_create_native_bulk },
	{ CS, "POST", "/sender-accounts/smtp", "coldsend.create_smtp",
	  cs_create_smtp },
	{ CS, "POST", "/sender-accounts/smtp/bulk", "coldsend.create_smtp_bulk",
	  cs_create_smtp_bulk },
	{ CS, "GET", "/sender-accounts/smtp/bulk/{}/progress",
	  "coldsend.smtp_bulk_progress", cs_smtp_bulk_progress },
	{ CS, "GET", "/sender-accounts", "coldsend.list_sender_accounts",
	  cs_list_inboxes },
	{ CS, "DELETE", "/sender-accounts/{}", "coldsend.delete_sender_account",
	  cs_delete_inbox },

	{ SBX_INTERNAL, "GET", "/stats", "sandbox.stats", internal_stats },
	{ SBX_NONE, NULL, NULL, NULL, NULL }
};

/* Match path against pattern segment by segment; capture "{}" segments. */
static int
match(const char *pattern, const char *path, struct sbx_req *req)
{
	const char	*p = pattern, *s = path;
	int		 n = 0, i;
	char		*cap[SBX_MAX_PARAMS];

	while (*p != '\0' && *s != '\0') {
		if (p[0] == '{' && p[1] == '}') {
			const char	*e = strchr(s, '/');
			size_t		 len = e ? (size_t)(e - s) : strlen(s);

			if (len == 0 || n == SBX_MAX_PARAMS)
				goto no;
			cap[n++] = xstrndup(s, len);
			s += len;
			p += 2;
			continue;
		}
		if (*p != *s)
			goto no;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		goto no;
	for (i = 0; i < req->nparams; i++)
		free(req->params[i]);
	for (i = 0; i < n; i++)
		req->params[i] = cap[i];
	req->nparams = n;
	return 1;
no:
	for (i = 0; i < n; i++)
		free(cap[i]);
	return 0;
}

const struct sbx_route *
sbx_route_find(struct sbx_req *req, int *path_known)
{
	const struct sbx_route	*r;
	struct sbx_req		 probe;

	*path_known = 0;
	for (r = sbx_routes; r->pattern != NULL; r++) {
		if (r->provider != req->provider)
			continue;
		if (strcmp(r->method, req->method) == 0) {
			if (match(r->pattern, req->path, req))
				return r;
			continue;
		}
		memset(&probe, 0, sizeof probe);
		if (match(r->pattern, req->path, &probe)) {
			*path_known = 1;
			sbx_req_free(&probe);
		}
	}
	return NULL;
}

/* GET /_sandbox/stats: the counters plus the store's totals. */
static void
internal_stats(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	struct store	*st = x->st;

	buf_putc(b, '{');
	sbx_stats_json(b);
	buf_printf(b, ",\"totals\":{\"maildoso_domains\":%lld,"
	    "\"maildoso_accounts\":%lld,\"google_accounts\":%lld,"
	    "\"forwarding_accounts\":%lld,\"coldsend_domains\":%lld,"
	    "\"coldsend_sender_accounts\":%lld}",
	    md_domain_count(st), md_account_count(st, 0),
	    md_account_count(st, 1), (long long)st->forward_by_email.live,
	    cs_domain_count(st), cs_inbox_count(st));
	buf_printf(b, ",\"provider_time\":%.3f,\"time_scale\":%g}", st->now,
	    x->cfg->time_scale);
	sbx_reply(x->resp, 200);
}
