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
#include "utf8.h"
#include "xmalloc.h"

/*
 * Aliases that only copy a field (the SMTP and IMAP logins of a sequencer
 * CSV, a row's domain_id): they give way to any other name of the field,
 * and several of them side by side are no conflict (the first is read).
 */
static const char *const copies[] = { "smtpusername", "imapusername",
    "smtppassword", "imappassword", "domainid", NULL };

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
	{ COL_SYSTEM_ID, "system_id", { "systemid", "warmupsystem", NULL } },
	{ COL_WARMUP_EXCLUDE, "warmup_exclude", { "warmupexclude",
	    "excludetags", NULL } },
	{ COL_API_KEY, "api_key", { "apikey", NULL } },
	{ COL_WARMUP_ID, "warmup_id", { "warmupid", NULL } },
	{ COL_PLATFORM, "platform", { "platform", "sequencerplatform",
	    NULL } },
	{ COL_SEQ_LOGIN, "sequencer_login", { "sequencerlogin", NULL } },
	{ COL_SEQ_PASSWORD, "sequencer_password", { "sequencerpassword",
	    NULL } },
	{ COL_SEQ_WORKSPACE, "sequencer_workspace", { "sequencerworkspace",
	    NULL } },
	{ COL_PREMIUM_WARMUP, "is_premium_warmup", { "ispremiumwarmup",
	    "premiumwarmup", NULL } },
	{ COL_PICTURE_URL, "picture_url", { "pictureurl", NULL } },
};

const char *
col_name(enum col c)
{
	return (unsigned)c < COL__COUNT ? fields[c].name : "?";
}

/* Unicode spaces (category Zs) and the zero-width ones a header may
 * carry unseen: ignored in names like ' '. */
static int
is_uspace(uint32_t cp)
{
	return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <=
	    0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
	    cp == 0xFEFF;
}

char *
col_normalize(const char *name)
{
	size_t		 i, j = 0, n, len = strlen(name);
	char		*o = xmalloc(len + 1);
	uint32_t	 cp;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)name[i];

		if (c == ' ' || c == '_' || c == '-' || c == '\t')
			continue;
		if (c >= 0x80 && (n = utf8_decode((const unsigned char *)
		    name + i, len - i, &cp)) > 0 && is_uspace(cp)) {
			i += n - 1;
			continue;
		}
		o[j++] = (char)tolower(c);
	}
	o[j] = '\0';
	return o;
}

void
col_visible(struct buf *b, const char *s)
{
	size_t		 i, n, len = strlen(s);
	uint32_t	 cp;

	for (i = 0; i < len; i += n) {
		unsigned char	c = (unsigned char)s[i];

		n = 1;
		if (c >= 0x20 && c < 0x7F)
			buf_putc(b, (char)c);
		else if ((n = utf8_decode((const unsigned char *)s + i,
		    len - i, &cp)) > 0)
			buf_printf(b, "<U+%04X>", (unsigned)cp);
		else {
			buf_printf(b, "<0x%02X>", (unsigned)c);
			n = 1;
		}
	}
}

/* Which field cell names, or -1; *copy: it is one of copies[]. */
static int
lookup(const char *cell, int *copy)
{
	char	*n = col_normalize(cell);
	int	 c, i, found = -1;

	for (c = 0; c < COL__COUNT && found < 0; c++)
		for (i = 0; fields[c].aliases[i] != NULL; i++)
			if (strcmp(n, fields[c].aliases[i]) == 0) {
				found = c;
				break;
			}
	*copy = 0;
	for (i = 0; found >= 0 && copies[i] != NULL; i++)
		if (strcmp(n, copies[i]) == 0)
			*copy = 1;
	free(n);
	return found;
}

int
col_lookup(const char *cell)
{
	int	copy;

	return lookup(cell, &copy);
}

void
colmap_build(struct colmap *m, const char *const *header, size_t n)
{
	int	by_copy[COL__COUNT];
	size_t	i;
	int	c, copy;

	for (c = 0; c < COL__COUNT; c++) {
		m->idx[c] = COL_NONE;
		by_copy[c] = 0;
	}
	for (i = 0; i < n; i++) {
		c = lookup(header[i], &copy);
		if (c >= 0 && (m->idx[c] == COL_NONE || (by_copy[c] && !copy))) {
			m->idx[c] = i;
			by_copy[c] = copy;
		}
	}
}

/* A header cell, normalised, with its place. */
struct hcell {
	char	*norm;
	size_t	 idx;
};

static int
hcell_cmp(const void *a, const void *b)
{
	const struct hcell	*x = a, *y = b;
	int			 c = strcmp(x->norm, y->norm);

	return c != 0 ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The first clash in file order (the one whose later column comes first):
 * *i < *j, and *field the field both name or -1 for the same name.
 * Returns 0 when there is none.
 */
static int
find_clash(const char *const *header, size_t n, size_t *ci, size_t *cj,
    int *field)
{
	struct hcell	*h = xcalloc(n ? n : 1, sizeof *h);
	size_t		 first[COL__COUNT], k;
	int		 c, copy, found = 0;

	for (c = 0; c < COL__COUNT; c++)
		first[c] = COL_NONE;
	for (k = 0; k < n; k++) {
		h[k].norm = col_normalize(header[k]);
		h[k].idx = k;
		c = lookup(header[k], &copy);
		if (c < 0 || copy)
			continue;
		if (first[c] == COL_NONE)
			first[c] = k;
		else if (!found || k < *cj) {
			*ci = first[c];
			*cj = k;
			*field = c;
			found = 1;
		}
	}
	qsort(h, n, sizeof *h, hcell_cmp);
	for (k = 1; k < n; k++)
		if (strcmp(h[k - 1].norm, h[k].norm) == 0 && (!found ||
		    h[k].idx < *cj || (h[k].idx == *cj && *field >= 0))) {
			/* h[k-1] is at or after the first of its name */
			*ci = h[k - 1].idx;
			*cj = h[k].idx;
			*field = -1;
			found = 1;
		}
	for (k = 0; k < n; k++)
		free(h[k].norm);
	free(h);
	return found;
}

/* column 3 "x", in b. */
static void
describe_col(struct buf *b, const char *const *header, size_t i)
{
	buf_printf(b, "column %zu \"", i + 1);
	col_visible(b, header[i]);
	buf_putc(b, '"');
}

int
col_check_header(const char *const *header, size_t n, struct buf *msg)
{
	size_t	i = 0, j = 0;
	int	field = -1;

	if (!find_clash(header, n, &i, &j, &field))
		return 0;
	describe_col(msg, header, i);
	buf_puts(msg, " and ");
	describe_col(msg, header, j);
	if (field < 0)
		buf_puts(msg, " have the same name (case, spaces, '_' and '-' "
		    "do not count)");
	else
		buf_printf(msg, " both name the %s column", col_name(field));
	buf_puts(msg, ": remove or rename one");
	return -1;
}

/* Would a result column named want clash with header cell h: the same
 * name, or the same field with neither a copy (a copy gives way)? */
static int
clashes(const char *h, const char *want)
{
	char	*a = col_normalize(h), *b = col_normalize(want);
	int	 same = strcmp(a, b) == 0, ch, cw, copyh, copyw;

	free(a);
	free(b);
	if (same)
		return 1;
	ch = lookup(h, &copyh);
	cw = lookup(want, &copyw);
	return ch >= 0 && ch == cw && !copyh && !copyw;
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
			clash = clashes(header[i], b.data);
		if (!clash)
			return buf_detach(&b);
	}
}
