/*
 * validate_smtp.c - the connection columns of an smtp-accounts row
 * (ColdSend's POST /sender-accounts/smtp fields, coldsend.md).
 *
 * They are found by their own names, not through the column aliases:
 * there smtp_username and smtp_password are copies of the address and the
 * password. A Maildoso `import accounts` result is read as it is: its
 * password, smtp_host, smtp_port, imap_host and imap_port columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "csv_in.h"
#include "num.h"
#include "validate.h"
#include "xmalloc.h"

/* The normalised header names of each field (col_normalize). */
static const char *const smtp_aliases[SF__COUNT][4] = {
	[SF_SMTP_HOST] = { "smtphost", "smtpserver", NULL },
	[SF_SMTP_PORT] = { "smtpport", NULL },
	[SF_SMTP_USERNAME] = { "smtpusername", "smtpuser", "smtplogin", NULL },
	[SF_SMTP_PASSWORD] = { "smtppassword", "smtppass", NULL },
	[SF_IMAP_HOST] = { "imaphost", "imapserver", NULL },
	[SF_IMAP_PORT] = { "imapport", NULL },
	[SF_IMAP_USERNAME] = { "imapusername", "imapuser", "imaplogin", NULL },
	[SF_IMAP_PASSWORD] = { "imappassword", "imappass", NULL },
	[SF_INBOX_TYPE] = { "inboxtype", "type", NULL },
	[SF_DAILY_LIMIT] = { "dailylimit", "dailysendlimit", NULL },
	[SF_SMTP_USE_TLS] = { "smtpusetls", "smtptls", NULL },
	[SF_IMAP_USE_SSL] = { "imapusessl", "imapssl", NULL },
};

static const char *const inbox_types[] = { "GOOGLE_WORKSPACE", "OUTLOOK_365",
	"CUSTOM_SMTP", NULL };

void
validator_smtp_map(struct validator *v, const char *const *header,
    size_t ncols)
{
	size_t	 i;
	char	*norm;
	int	 f, a;

	for (f = 0; f < SF__COUNT; f++)
		v->smtp_idx[f] = COL_NONE;
	for (i = 0; i < ncols; i++) {
		norm = col_normalize(header[i]);
		for (f = 0; f < SF__COUNT; f++)
			for (a = 0; smtp_aliases[f][a] != NULL; a++)
				if (strcmp(norm, smtp_aliases[f][a]) == 0 &&
				    v->smtp_idx[f] == COL_NONE)
					v->smtp_idx[f] = i;
		free(norm);
	}
}

int
validator_smtp_header(const struct validator *v, char *err, size_t errlen)
{
	if (v->smtp_idx[SF_SMTP_HOST] == COL_NONE ||
	    v->smtp_idx[SF_SMTP_PORT] == COL_NONE) {
		snprintf(err, errlen, "no %s column for smtp-accounts",
		    v->smtp_idx[SF_SMTP_HOST] == COL_NONE ? "smtp_host" :
		    "smtp_port");
		return -1;
	}
	if (v->smtp_idx[SF_SMTP_PASSWORD] == COL_NONE &&
	    v->map.idx[COL_PASSWORD] == COL_NONE) {
		snprintf(err, errlen, "no smtp_password (or password) column "
		    "for smtp-accounts");
		return -1;
	}
	return 0;
}

static const char *
field(const struct validator *v, const struct csv_row *row,
    enum smtp_field f)
{
	size_t	i = v->smtp_idx[f];

	return i != COL_NONE && i < row->nfields ? row->fields[i] : "";
}

/* "column N (name): msg" into rec->error; returns -1. */
static int
fail_at(struct record *rec, size_t idx, const char *name, const char *msg)
{
	rec->error_col = idx == COL_NONE ? 0 : idx + 1;
	if (idx == COL_NONE)
		buf_printf(&rec->error, "%s: %s", name, msg);
	else
		buf_printf(&rec->error, "column %zu (%s): %s", idx + 1, name,
		    msg);
	return -1;
}

#define FAIL(v, rec, f, msg) \
	fail_at((rec), (v)->smtp_idx[f], smtp_field_name(f), (msg))

/* A host name or address: no blanks, no scheme, at most 253 bytes. */
static const char *
host_problem(const char *s)
{
	if (*s == '\0')
		return "is empty";
	if (strlen(s) > 253)
		return "is longer than 253 characters";
	if (strstr(s, "://") != NULL)
		return "must be a host name, not a URL";
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == '/' || *s == '@')
			return "must be a host name (letters, digits, '.', "
			    "'-')";
	return NULL;
}

/* "true"/"false" from the usual spellings, or NULL. */
static const char *
flag_word(const char *s)
{
	static const char *const yes[] = { "true", "yes", "1", "on", NULL };
	static const char *const no[] = { "false", "no", "0", "off", NULL };
	int	i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return "true";
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0)
			return "false";
	return NULL;
}

static int
check_port(const struct validator *v, struct record *rec, enum smtp_field f,
    const char *s)
{
	long long	n;

	if (num_parse_ll(s, 1, 65535, &n) != 0)
		return FAIL(v, rec, f, "must be a port number, 1 to 65535");
	rec->smtp[f] = s;
	return 0;
}

/* The inbox type, the daily limit and the two flags. */
static int
check_options(const struct validator *v, const struct csv_row *row,
    struct record *rec)
{
	const char	*s = field(v, row, SF_INBOX_TYPE);
	long long	 n;
	int		 i;
	enum smtp_field	 f;

	rec->smtp[SF_INBOX_TYPE] = "CUSTOM_SMTP";
	if (*s != '\0') {
		for (i = 0; inbox_types[i] != NULL &&
		    strcasecmp(s, inbox_types[i]) != 0; i++)
			;
		if (inbox_types[i] == NULL)
			return FAIL(v, rec, SF_INBOX_TYPE, "must be "
			    "GOOGLE_WORKSPACE, OUTLOOK_365 or CUSTOM_SMTP");
		rec->smtp[SF_INBOX_TYPE] = inbox_types[i];
	}
	s = field(v, row, SF_DAILY_LIMIT);
	if (*s != '\0' && num_parse_ll(s, 1, 100000, &n) != 0)
		return FAIL(v, rec, SF_DAILY_LIMIT, "must be a whole number, "
		    "1 to 100000");
	rec->smtp[SF_DAILY_LIMIT] = s;
	for (f = SF_SMTP_USE_TLS; f <= SF_IMAP_USE_SSL; f++) {
		s = field(v, row, f);
		if (*s != '\0' && (rec->smtp[f] = flag_word(s)) == NULL)
			return FAIL(v, rec, f, "must be true or false");
	}
	return 0;
}

int
validator_smtp_check(const struct validator *v, const struct csv_row *row,
    struct record *rec, const char *password)
{
	const char	*s, *why;
	size_t		 pw = v->smtp_idx[SF_SMTP_PASSWORD];

	s = field(v, row, SF_SMTP_HOST);
	if ((why = host_problem(s)) != NULL)
		return FAIL(v, rec, SF_SMTP_HOST, why);
	rec->smtp[SF_SMTP_HOST] = s;
	if (check_port(v, rec, SF_SMTP_PORT, field(v, row, SF_SMTP_PORT)) < 0)
		return -1;
	rec->smtp[SF_SMTP_USERNAME] = field(v, row, SF_SMTP_USERNAME);
	/* smtp_password, else the password column (a Maildoso result) */
	s = field(v, row, SF_SMTP_PASSWORD);
	if (*s == '\0' && *password != '\0') {
		s = password;
		pw = v->map.idx[COL_PASSWORD];
	}
	if (pw == COL_NONE)
		pw = v->map.idx[COL_PASSWORD];
	if (*s == '\0')
		return fail_at(rec, pw, pw == v->smtp_idx[SF_SMTP_PASSWORD] ?
		    "smtp_password" : "password", "is empty");
	rec->smtp[SF_SMTP_PASSWORD] = s;
	s = field(v, row, SF_IMAP_HOST);
	if (*s != '\0') {
		if ((why = host_problem(s)) != NULL)
			return FAIL(v, rec, SF_IMAP_HOST, why);
		rec->smtp[SF_IMAP_HOST] = s;
		if (check_port(v, rec, SF_IMAP_PORT, field(v, row,
		    SF_IMAP_PORT)) < 0)
			return -1;
	} else if (*field(v, row, SF_IMAP_PORT) != '\0')
		return FAIL(v, rec, SF_IMAP_HOST, "is empty, but imap_port "
		    "is given");
	rec->smtp[SF_IMAP_USERNAME] = field(v, row, SF_IMAP_USERNAME);
	rec->smtp[SF_IMAP_PASSWORD] = field(v, row, SF_IMAP_PASSWORD);
	return check_options(v, row, rec);
}
