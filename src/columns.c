/*
 * columns.c - header matching through a table of aliases.
 *
 * The aliases cover the header forms users bring from Maildoso's dashboard,
 * Instantly, Smartlead and the common generic form
 * (../shared/specs/sequencer-csv.md), already normalised.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "buf.h"
#include "columns.h"
#include "xmalloc.h"

static const struct {
	enum col	 col;
	const char	*name;		/* canonical */
	const char	*aliases[12];	/* normalised forms */
} fields[COL__COUNT] = {
	{ COL_EMAIL, "email", { "email", "emailaccount", "emailaddress",
	    "fromemail", "mail", "mailbox", "account", "inbox", "address",
	    "smtpusername", "imapusername", NULL } },
	{ COL_LOCAL, "username", { "username", "emailprefix", "localpart",
	    "prefix", "user", "login", NULL } },
	{ COL_DOMAIN, "domain", { "domain", "domainname", "domains",
	    "emaildomain", NULL } },
	{ COL_FIRST_NAME, "first_name", { "firstname", "first", "givenname",
	    "fname", NULL } },
	{ COL_LAST_NAME, "last_name", { "lastname", "last", "surname",
	    "familyname", "lname", NULL } },
	{ COL_PASSWORD, "password", { "password", "pass", "passwd",
	    "smtppassword", "imappassword", NULL } },
	{ COL_FORWARDING, "forwarding", { "forwarding", "forwardingaccount",
	    "forwardingemail", "forwardingaddress", "forwardinginbox",
	    "forwardto", "forward", NULL } },
	{ COL_PROVIDER, "provider", { "provider", "mailprovider",
	    "emailprovider", NULL } },
	{ COL_REDIRECT_TO, "redirect_to", { "redirectto", "redirect",
	    "redirecturl", NULL } },
	{ COL_DISPLAY_NAME, "display_name", { "displayname", "fromname",
	    "sendername", "name", NULL } },
	{ COL_ID, "id", { "id", "accountid", "domainid", "inboxid",
	    "forwardingid", NULL } },
};

const char *
col_name(enum col c)
{
	return (unsigned)c < COL__COUNT ? fields[c].name : "?";
}

char *
col_normalize(const char *name)
{
	size_t	 i, j = 0, len = strlen(name);
	char	*o = xmalloc(len + 1);

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)name[i];

		if (c == ' ' || c == '_' || c == '-' || c == '\t')
			continue;
		o[j++] = (char)tolower(c);
	}
	o[j] = '\0';
	return o;
}

int
col_lookup(const char *cell)
{
	char	*n = col_normalize(cell);
	int	 c, i, found = -1;

	for (c = 0; c < COL__COUNT && found < 0; c++)
		for (i = 0; fields[c].aliases[i] != NULL; i++)
			if (strcmp(n, fields[c].aliases[i]) == 0) {
				found = c;
				break;
			}
	free(n);
	return found;
}

void
colmap_build(struct colmap *m, const char *const *header, size_t n)
{
	size_t	i;
	int	c;

	for (c = 0; c < COL__COUNT; c++)
		m->idx[c] = COL_NONE;
	for (i = 0; i < n; i++) {
		c = col_lookup(header[i]);
		if (c >= 0 && m->idx[c] == COL_NONE)
			m->idx[c] = i;
	}
}

char *
col_unique_name(const char *const *header, size_t n, const char *want)
{
	struct buf	b = BUF_INIT;
	size_t		i;
	int		k, clash;

	for (k = 1;; k++) {
		buf_reset(&b);
		if (k == 1)
			buf_puts(&b, want);
		else
			buf_printf(&b, "%s_%d", want, k);
		clash = 0;
		for (i = 0; i < n && !clash; i++)
			clash = strcasecmp(header[i], b.data) == 0;
		if (!clash)
			return buf_detach(&b);
	}
}
