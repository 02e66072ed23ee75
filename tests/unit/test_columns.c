/*
 * test_columns.c - header matching: normalisation, aliases, the header
 * forms of Maildoso, Instantly, Smartlead and the generic export
 * (../shared/specs/sequencer-csv.md), first column wins, unknown columns,
 * and result column names that never clash.
 */
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "harness.h"

#define N(a)	(sizeof (a) / sizeof (a)[0])

static void
test_normalize(void)
{
	char	*s;

	s = col_normalize("From Email");
	CHECK_STR(s, "fromemail");
	free(s);
	s = col_normalize(" E-Mail_Address ");
	CHECK_STR(s, "emailaddress");
	free(s);
	s = col_normalize("");
	CHECK_STR(s, "");
	free(s);
	s = col_normalize("__--  ");
	CHECK_STR(s, "");
	free(s);
	s = col_normalize("IMAP\tUsername");
	CHECK_STR(s, "imapusername");
	free(s);
}

static void
test_email_aliases(void)
{
	static const char *const	yes[] = { "email", "Email", "EMAIL",
	    "e-mail", "E-Mail", "email_account", "Email Account",
	    "From Email", "from_email", "fromEmail", "email address",
	    "Email_Address", " email ", "e_mail", "mailbox", "inbox",
	    "IMAP Username", "smtp_username" };
	size_t				i;

	for (i = 0; i < N(yes); i++) {
		if (col_lookup(yes[i]) != COL_EMAIL)
			fprintf(stderr, "    \"%s\"\n", yes[i]);
		CHECK_INT(col_lookup(yes[i]), COL_EMAIL);
	}
}

static void
test_other_aliases(void)
{
	static const struct {
		const char	*h;
		int		 c;
	} t[] = {
		{ "First Name", COL_FIRST_NAME }, { "first_name", COL_FIRST_NAME },
		{ "FIRSTNAME", COL_FIRST_NAME }, { "given name", COL_FIRST_NAME },
		{ "Last Name", COL_LAST_NAME }, { "last-name", COL_LAST_NAME },
		{ "Surname", COL_LAST_NAME },
		{ "username", COL_LOCAL }, { "user_name", COL_LOCAL },
		{ "User Name", COL_LOCAL }, { "email_prefix", COL_LOCAL },
		{ "Email Prefix", COL_LOCAL },
		{ "domain", COL_DOMAIN }, { "Domain Name", COL_DOMAIN },
		{ "DOMAIN", COL_DOMAIN },
		{ "password", COL_PASSWORD }, { "IMAP Password", COL_PASSWORD },
		{ "smtp_password", COL_PASSWORD }, { "Pass", COL_PASSWORD },
		{ "forwarding", COL_FORWARDING },
		{ "Forwarding Email", COL_FORWARDING },
		{ "forward_to", COL_FORWARDING },
		{ "provider", COL_PROVIDER }, { "Provider", COL_PROVIDER },
		{ "redirect_to", COL_REDIRECT_TO },
		{ "Redirect URL", COL_REDIRECT_TO },
		{ "display_name", COL_DISPLAY_NAME },
		{ "Display Name", COL_DISPLAY_NAME },
		{ "from_name", COL_DISPLAY_NAME },
		{ "Sender Name", COL_DISPLAY_NAME },
		{ "id", COL_ID }, { "ID", COL_ID }, { "account_id", COL_ID },
	};
	size_t	i;

	for (i = 0; i < N(t); i++) {
		if (col_lookup(t[i].h) != t[i].c)
			fprintf(stderr, "    \"%s\"\n", t[i].h);
		CHECK_INT(col_lookup(t[i].h), t[i].c);
	}
}

static void
test_unknown(void)
{
	static const char *const	no[] = { "", "status", "error", "notes",
	    "smtp_host", "SMTP Port", "IMAP Host", "imap_port",
	    "Daily Limit", "Warmup Enabled", "max_email_per_day",
	    "custom_tracking_url", "bcc", "signature", "emails", "e mail x",
	    "emailz", "domainz", "first name 2" };
	size_t				i;

	for (i = 0; i < N(no); i++) {
		if (col_lookup(no[i]) != -1)
			fprintf(stderr, "    \"%s\"\n", no[i]);
		CHECK_INT(col_lookup(no[i]), -1);
	}
}

static void
test_col_name(void)
{
	CHECK_STR(col_name(COL_EMAIL), "email");
	CHECK_STR(col_name(COL_LOCAL), "username");
	CHECK_STR(col_name(COL_DOMAIN), "domain");
	CHECK_STR(col_name(COL_FIRST_NAME), "first_name");
	CHECK_STR(col_name(COL_DISPLAY_NAME), "display_name");
	CHECK_STR(col_name(COL__COUNT), "?");
	/* Each canonical name maps back to its own field. */
	{
		int	c;

		for (c = 0; c < COL__COUNT; c++)
			CHECK_INT(col_lookup(col_name((enum col)c)), c);
	}
}

static void
check_unmapped(const struct colmap *m, const int *mapped)
{
	int	c;

	for (c = 0; c < COL__COUNT; c++)
		if (!mapped[c] && m->idx[c] != COL_NONE) {
			fprintf(stderr, "    %s mapped to %zu\n",
			    col_name((enum col)c), m->idx[c]);
			CHECK(m->idx[c] == COL_NONE);
		}
}

static void
test_maildoso_header(void)
{
	static const char *const	h[] = { "email", "first_name",
	    "last_name", "imap_username", "imap_password", "imap_host",
	    "imap_port", "smtp_username", "smtp_password", "smtp_host",
	    "smtp_port" };
	struct colmap			m;
	int				mapped[COL__COUNT] = { 0 };

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_EMAIL], 0);
	CHECK_INT(m.idx[COL_FIRST_NAME], 1);
	CHECK_INT(m.idx[COL_LAST_NAME], 2);
	CHECK_INT(m.idx[COL_PASSWORD], 4);	/* first of imap/smtp */
	mapped[COL_EMAIL] = mapped[COL_FIRST_NAME] = mapped[COL_LAST_NAME] =
	    mapped[COL_PASSWORD] = 1;
	check_unmapped(&m, mapped);
}

static void
test_instantly_header(void)
{
	static const char *const	h[] = { "Email", "First Name",
	    "Last Name", "IMAP Username", "IMAP Password", "IMAP Host",
	    "IMAP Port", "SMTP Username", "SMTP Password", "SMTP Host",
	    "SMTP Port", "Daily Limit", "Warmup Enabled", "Warmup Limit",
	    "Warmup Increment" };
	struct colmap			m;
	int				mapped[COL__COUNT] = { 0 };

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_EMAIL], 0);
	CHECK_INT(m.idx[COL_FIRST_NAME], 1);
	CHECK_INT(m.idx[COL_LAST_NAME], 2);
	CHECK_INT(m.idx[COL_PASSWORD], 4);
	mapped[COL_EMAIL] = mapped[COL_FIRST_NAME] = mapped[COL_LAST_NAME] =
	    mapped[COL_PASSWORD] = 1;
	check_unmapped(&m, mapped);
}

static void
test_smartlead_header(void)
{
	static const char *const	h[] = { "from_name", "from_email",
	    "user_name", "password", "smtp_host", "smtp_port", "imap_host",
	    "imap_port", "max_email_per_day", "custom_tracking_url",
	    "warmup_enabled", "total_warmup_per_day", "daily_rampup",
	    "reply_rate_percentage", "bcc", "signature",
	    "different_reply_to_address", "imap_user_name", "imap_password" };
	struct colmap			m;
	int				mapped[COL__COUNT] = { 0 };

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_DISPLAY_NAME], 0);
	CHECK_INT(m.idx[COL_EMAIL], 1);
	CHECK_INT(m.idx[COL_LOCAL], 2);
	CHECK_INT(m.idx[COL_PASSWORD], 3);
	mapped[COL_DISPLAY_NAME] = mapped[COL_EMAIL] = mapped[COL_LOCAL] =
	    mapped[COL_PASSWORD] = 1;
	check_unmapped(&m, mapped);
}

static void
test_generic_header(void)
{
	static const char *const	h[] = { "from_name", "from_email",
	    "smtp_host", "smtp_port", "smtp_username", "smtp_password",
	    "imap_host", "imap_port", "imap_username", "imap_password" };
	struct colmap			m;
	int				mapped[COL__COUNT] = { 0 };

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_DISPLAY_NAME], 0);
	CHECK_INT(m.idx[COL_EMAIL], 1);		/* not smtp_username */
	CHECK_INT(m.idx[COL_PASSWORD], 5);
	mapped[COL_DISPLAY_NAME] = mapped[COL_EMAIL] = mapped[COL_PASSWORD] = 1;
	check_unmapped(&m, mapped);
}

static void
test_first_column_wins(void)
{
	static const char *const	h[] = { "notes", "E-mail", "Email",
	    "email_account", "domain", "Domain" };
	static const char *const	h2[] = { "Domain Name", "domain" };
	struct colmap			m;

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_EMAIL], 1);
	CHECK_INT(m.idx[COL_DOMAIN], 4);
	CHECK(m.idx[COL_LOCAL] == COL_NONE);
	colmap_build(&m, h2, N(h2));
	CHECK_INT(m.idx[COL_DOMAIN], 0);
	colmap_build(&m, h, 0);
	CHECK(m.idx[COL_EMAIL] == COL_NONE);
}

static void
test_unique_name(void)
{
	static const char *const	none[] = { "email", "name" };
	static const char *const	one[] = { "email", "status" };
	static const char *const	caps[] = { "Status", "email" };
	static const char *const	two[] = { "status", "status_2", "x" };
	static const char *const	gap[] = { "status", "status_3" };
	char				*s;

	s = col_unique_name(none, N(none), "status");
	CHECK_STR(s, "status");
	free(s);
	s = col_unique_name(one, N(one), "status");
	CHECK_STR(s, "status_2");
	free(s);
	s = col_unique_name(caps, N(caps), "status");
	CHECK_STR(s, "status_2");
	free(s);
	s = col_unique_name(two, N(two), "status");
	CHECK_STR(s, "status_3");
	free(s);
	s = col_unique_name(gap, N(gap), "status");
	CHECK_STR(s, "status_2");
	free(s);
	s = col_unique_name(one, N(one), "error");
	CHECK_STR(s, "error");
	free(s);
	s = col_unique_name(one, 0, "status");
	CHECK_STR(s, "status");
	free(s);
}

int
main(void)
{
	TEST(test_normalize);
	TEST(test_email_aliases);
	TEST(test_other_aliases);
	TEST(test_unknown);
	TEST(test_col_name);
	TEST(test_maildoso_header);
	TEST(test_instantly_header);
	TEST(test_smartlead_header);
	TEST(test_generic_header);
	TEST(test_first_column_wins);
	TEST(test_unique_name);
	return th_done();
}
