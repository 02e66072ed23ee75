/*
 * record.c - the row kinds and the normalised record a valid row becomes,
 * shared by the validator, the journal and the providers.
 */
#include <string.h>

#include "record.h"

static const char *const kind_names[KIND__COUNT] = {
	"domains", "external-domains", "accounts", "forwarding",
	"sender-accounts", "warmups", "sequencers", "smtp-accounts"
};

static const char *const smtp_names[SF__COUNT] = {
	"smtp_host", "smtp_port", "smtp_username", "smtp_password",
	"imap_host", "imap_port", "imap_username", "imap_password",
	"inbox_type", "daily_limit", "smtp_use_tls", "imap_use_ssl"
};

const char *
smtp_field_name(enum smtp_field f)
{
	return (unsigned)f < SF__COUNT ? smtp_names[f] : "?";
}

/* Every smtp field of r back to "". */
static void
smtp_clear(struct record *r)
{
	int	i;

	for (i = 0; i < SF__COUNT; i++)
		r->smtp[i] = "";
}

int
kind_parse(const char *s, enum kind *k)
{
	int	i;

	for (i = 0; i < KIND__COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum kind)i;
			return 0;
		}
	return -1;
}

const char *
kind_name(enum kind k)
{
	return (unsigned)k < KIND__COUNT ? kind_names[k] : "?";
}

const char *
kind_list(void)
{
	return "domains, external-domains, accounts, forwarding, "
	    "sender-accounts, warmups, sequencers, smtp-accounts";
}

void
record_init(struct record *r)
{
	memset(r, 0, sizeof *r);
	r->first_name = r->last_name = r->password = r->provider = "";
	r->redirect_to = r->id = "";
	r->system_id = r->warmup_exclude = r->api_key = r->platform = "";
	r->seq_login = r->seq_password = r->seq_workspace = "";
	r->picture_url = "";
	r->premium = -1;
	smtp_clear(r);
}

void
record_reset(struct record *r)
{
	buf_reset(&r->key);
	buf_reset(&r->email);
	buf_reset(&r->local);
	buf_reset(&r->domain);
	buf_reset(&r->forwarding);
	buf_reset(&r->display_name);
	buf_reset(&r->error);
	r->error_col = 0;
	r->first_name = r->last_name = r->password = r->provider = "";
	r->redirect_to = r->id = "";
	r->system_id = r->warmup_exclude = r->api_key = r->platform = "";
	r->seq_login = r->seq_password = r->seq_workspace = "";
	r->picture_url = "";
	r->premium = -1;
	smtp_clear(r);
}

void
record_free(struct record *r)
{
	buf_free(&r->key);
	buf_free(&r->email);
	buf_free(&r->local);
	buf_free(&r->domain);
	buf_free(&r->forwarding);
	buf_free(&r->display_name);
	buf_free(&r->error);
}
