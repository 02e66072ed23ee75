/*
 * record.h - the row kinds (domains, accounts, ...) and what a valid row
 * means once normalised. The validator (validate.h) fills records; the
 * journal, dispatcher and providers read them without knowing the
 * validator.
 */
#ifndef MAILFLEET_RECORD_H
#define MAILFLEET_RECORD_H

#include <stddef.h>

#include "buf.h"

enum kind {
	KIND_DOMAINS,		/* domains to buy (Maildoso) or add (ColdSend) */
	KIND_EXTERNAL_DOMAINS,	/* domains registered elsewhere */
	KIND_ACCOUNTS,		/* mailboxes */
	KIND_FORWARDING,	/* forwarding inboxes @maildoso.email */
	KIND_SENDER_ACCOUNTS,	/* ColdSend native inboxes */
	KIND_WARMUPS,		/* Maildoso warm-up service settings */
	KIND_SEQUENCERS,	/* sequencer connections at Maildoso */
	KIND_SMTP_ACCOUNTS,	/* outside mailboxes connected to ColdSend */
	KIND__COUNT
};

/* The connection fields of an smtp-accounts row (validate_smtp.c). */
enum smtp_field {
	SF_SMTP_HOST,
	SF_SMTP_PORT,
	SF_SMTP_USERNAME,	/* "": the address */
	SF_SMTP_PASSWORD,	/* smtp_password, else password */
	SF_IMAP_HOST,
	SF_IMAP_PORT,
	SF_IMAP_USERNAME,	/* "": as smtp_username */
	SF_IMAP_PASSWORD,	/* "": as the SMTP password */
	SF_INBOX_TYPE,		/* GOOGLE_WORKSPACE, OUTLOOK_365, CUSTOM_SMTP */
	SF_DAILY_LIMIT,		/* "": the provider's default */
	SF_SMTP_USE_TLS,	/* "true", "false" or "": not sent */
	SF_IMAP_USE_SSL,
	SF__COUNT
};

/* The field's name, as the API and the input's header spell it. */
const char *smtp_field_name(enum smtp_field f);

int	kind_parse(const char *s, enum kind *k);
const char *kind_name(enum kind k);
/* "domains, external-domains, ..." for usage messages. */
const char *kind_list(void);

/* What a valid row means, normalised. Strings are owned by the record
 * (record_reset/record_free); absent optional fields are "". */
struct record {
	struct buf	key;		/* the domain or the lower-case address */
	struct buf	email;
	struct buf	local;
	struct buf	domain;
	const char	*first_name;	/* these point into the row */
	const char	*last_name;
	const char	*password;	/* as given, or "" */
	struct buf	forwarding;
	const char	*provider;	/* "maildoso", "google" or "" */
	const char	*redirect_to;
	struct buf	display_name;
	const char	*id;
	/* warmups, sequencers and the extra account fields; secrets
	 * (api_key, seq_password) are the row's, never copied elsewhere */
	const char	*system_id;	/* warmups: the enum's spelling */
	const char	*warmup_exclude;	/* tags joined by ';' */
	const char	*api_key;
	const char	*platform;
	const char	*seq_login;
	const char	*seq_password;
	const char	*seq_workspace;
	int		 premium;	/* is_premium_warmup: -1 not given */
	const char	*picture_url;
	/* smtp-accounts: the cells of the row, normalised (static words
	 * for the inbox type and the flags), "" when not given */
	const char	*smtp[SF__COUNT];
	struct buf	error;		/* "column 2 (email): ..." when invalid */
	size_t		error_col;
};

void	record_init(struct record *r);
void	record_reset(struct record *r);
void	record_free(struct record *r);

#endif
