/*
 * maildoso_out.c - Maildoso objects written as the OpenAPI schemas spell
 * them (EmailAccount, EmailDomain, ForwardingAccountExtended,
 * MetaPagination) and the sequencer platform catalogue.
 */
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/maildoso.h"
#include "sandbox/store.h"

const struct md_platform md_platforms[] = {
	{ "smartlead", "Smartlead",
	  "https://static.maildoso.com/sequencers/smartlead.png" },
	{ "instantly", "Instantly",
	  "https://static.maildoso.com/sequencers/instantly.png" },
	{ "emailbison", "EmailBison",
	  "https://static.maildoso.com/sequencers/emailbison.png" },
	{ "reachinbox", "ReachInbox",
	  "https://static.maildoso.com/sequencers/reachinbox.png" },
	{ "lemlist", "lemlist",
	  "https://static.maildoso.com/sequencers/lemlist.png" },
	{ NULL, NULL, NULL }
};

const struct md_platform *
md_platform_find(const char *platform)
{
	const struct md_platform	*p;

	for (p = md_platforms; p->platform != NULL; p++)
		if (strcmp(p->platform, platform) == 0)
			return p;
	return NULL;
}

void
md_put_meta(struct buf *b, long long offset, long long limit, int has_limit,
    long long total, long long current)
{
	buf_printf(b, "{\"offset\":%lld,\"limit\":", offset);
	if (has_limit)
		buf_printf(b, "%lld", limit);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"total\":%lld,\"current\":%lld}", total, current);
}

void
md_put_account(struct sbx_ctx *x, struct buf *b, const struct md_account *a)
{
	struct md_domain	*d = md_domain_get(x->st, a->domain_id);
	struct md_forward	*f = a->fwd_id ? md_forward_get(x->st,
	    a->fwd_id) : NULL;
	size_t			 i;

	sbx_put_kint(b, "{", "id", a->id);
	sbx_put_kint(b, ",", "user_id", MD_USER_ID);
	sbx_put_kstr(b, ",", "email_account", a->email);
	sbx_put_kbool(b, ",", "is_active", a->is_active);
	sbx_put_kint(b, ",", "domain_id", a->domain_id);
	sbx_put_kstr(b, ",", "vendor_uuid", a->vendor_uuid);
	if (f != NULL)
		sbx_put_kint(b, ",", "forwarding_account_id", f->id);
	else
		buf_puts(b, ",\"forwarding_account_id\":null");
	sbx_put_kstr(b, ",", "password", a->password);
	sbx_put_kstr(b, ",", "first_name", a->first_name);
	sbx_put_kstr(b, ",", "last_name", a->last_name);
	sbx_put_kstr(b, ",", "picture_url", a->picture_url);
	sbx_put_kbool(b, ",", "is_premium_warmup", a->premium_warmup);
	sbx_put_ktime(b, ",", "created_at", a->created_at);
	if (a->google)
		buf_puts(b, ",\"imap\":{\"imap_host\":\"imap.gmail.com\","
		    "\"port\":993}");
	else
		buf_printf(b, ",\"imap\":{\"imap_host\":\"imap.s%d.maildoso."
		    "com\",\"port\":993}", d != NULL ? d->server : 1);
	/*
	 * Beyond the spec: live Maildoso answers carry an smtp object next
	 * to imap (specs/README.md, "Known gap"); the published
	 * EmailAccount schema lacks it. Clients read it for SMTP settings.
	 */
	buf_printf(b, ",\"smtp\":{\"smtp_host\":\"%s\",\"port\":587}",
	    a->google ? "smtp.gmail.com" : "smtp.maildoso.com");
	if (f != NULL) {
		sbx_put_kint(b, ",\"forwarding_account\":{", "id", f->id);
		sbx_put_kstr(b, ",", "email", f->email);
		buf_putc(b, '}');
	} else
		buf_puts(b, ",\"forwarding_account\":null");
	buf_puts(b, ",\"reputation_test\":{\"google_score\":\"unmeasured\","
	    "\"microsoft_score\":\"unmeasured\",\"created_at\":null}");
	sbx_put_kstr(b, ",", "provider", a->google ? "google" : "maildoso");
	sbx_put_kstr(b, ",", "status", a->status);
	sbx_put_kbool(b, ",", "is_admin", 0);
	buf_puts(b, ",\"exported_to_sequencers\":[");
	for (i = 0; i < a->nexports; i++) {
		const struct md_export		*e = &a->exports[i];
		struct md_sequencer		*s = md_seq_get(x->st,
		    e->seq_id);
		const struct md_platform	*p = s != NULL ?
		    md_platform_find(s->platform) : NULL;

		sbx_put_kint(b, i ? ",{" : "{", "sequencer_id", e->seq_id);
		sbx_put_kstr(b, ",", "sequencer_name", p != NULL ? p->name :
		    "Sequencer");
		sbx_put_kstr(b, ",", "logo", p != NULL ? p->logo :
		    "https://static.maildoso.com/sequencers/default.png");
		sbx_put_kstr(b, ",", "status", md_export_status(x->st, e));
		sbx_put_ktime(b, ",", "created_at", e->created_at);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	sbx_put_ktime(b, ",", "cancellation_at", a->cancel_at);
	buf_putc(b, '}');
}

/* The provider a domain's accounts get by default. */
static int
domain_is_google(const struct md_domain *d)
{
	return !(d->providers & MD_P_MAILDOSO);
}

void
md_put_domain(struct sbx_ctx *x, struct buf *b, const struct md_domain *d)
{
	const char	*sep = "";
	int		 i;

	sbx_put_kint(b, "{", "id", d->id);
	sbx_put_kint(b, ",", "user_id", MD_USER_ID);
	sbx_put_kstr(b, ",", "domain_name", d->name);
	sbx_put_kbool(b, ",", "is_hidden", 0);
	sbx_put_kbool(b, ",", "enable_tracking", d->tracking);
	sbx_put_kint(b, ",", "linked_accounts", d->linked);
	sbx_put_ktime(b, ",", "created_at", d->created_at);
	sbx_put_ktime(b, ",", "expiration_date", d->expires_at);
	sbx_put_kstr(b, ",", "domain_type", d->external ? "EXTERNAL" :
	    "STANDARD");
	sbx_put_kstr(b, ",", "domain_status", d->status);
	sbx_put_ktime(b, ",", "status_updated_at", d->status_at);
	sbx_put_kstr(b, ",", "redirect_to", d->redirect_to);
	sbx_put_kstr(b, ",", "provider", domain_is_google(d) ? "google" :
	    "maildoso");
	buf_puts(b, ",\"name_servers\":[");
	for (i = 0; i < 2; i++)
		if (d->ns[i] != NULL) {
			buf_puts(b, sep);
			json_put_str(b, d->ns[i]);
			sep = ",";
		}
	buf_puts(b, "],\"available_providers\":[");
	sep = "";
	if (d->providers & MD_P_MAILDOSO) {
		buf_puts(b, "\"maildoso\"");
		sep = ",";
	}
	if (d->providers & MD_P_GOOGLE)
		buf_printf(b, "%s\"google\"", sep);
	buf_putc(b, ']');
	sbx_put_kint(b, ",", "accounts_limit", domain_is_google(d) ?
	    MD_LIMIT_GOOGLE : MD_LIMIT_MAILDOSO);
	buf_putc(b, '}');
	(void)x;
}

void
md_put_forward_ext(struct sbx_ctx *x, struct buf *b,
    const struct md_forward *f)
{
	size_t	i;
	int	n = 0;

	sbx_put_kint(b, "{", "id", f->id);
	sbx_put_kint(b, ",", "user_id", MD_USER_ID);
	sbx_put_kstr(b, ",", "email", f->email);
	buf_puts(b, ",\"domain_id\":null");
	sbx_put_kstr(b, ",", "first_name", f->first_name);
	sbx_put_kstr(b, ",", "last_name", f->last_name);
	sbx_put_ktime(b, ",", "created_at", f->created_at);
	sbx_put_kstr(b, ",", "assignment", f->assignment);
	sbx_put_kstr(b, ",", "password", f->password);
	buf_puts(b, ",\"attached_mailboxes\":[");
	for (i = 0; i < x->st->naccounts; i++) {
		struct md_account	*a = x->st->accounts[i];

		if (a == NULL || a->fwd_id != f->id)
			continue;
		sbx_put_kint(b, n++ ? ",{" : "{", "id", a->id);
		sbx_put_kstr(b, ",", "email_account", a->email);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
}
