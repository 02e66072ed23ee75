/*
 * test_columns.c - header matching: normalisation, aliases, the header
 * forms of Maildoso, Instantly, Smartlead and the generic export
 * (../shared/specs/sequencer-csv.md), first column wins, unknown columns,
 * and result column names that never clash.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "harness.h"

#define N(a)	(sizeof (a) / sizeof (a)[0])

/* Checks that col_normalize(in) is want. */
static void
norm_is(const char *in, const char *want)
{
	char	*s = col_normalize(in);

	CHECK_STR(s, want);
	free(s);
}

static void
test_normalize(void)
{
	norm_is("From Email", "fromemail");
	norm_is(" E-Mail_Address ", "emailaddress");
	norm_is("", "");
	norm_is("__--  ", "");
	norm_is("IMAP\tUsername", "imapusername");
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

/* Checks that col_unique_name(h, n, want) is expect. */
static void
unique_is(const char *const *h, size_t n, const char *want,
    const char *expect)
{
	char	*s = col_unique_name(h, n, want);

	CHECK_STR(s, expect);
	free(s);
}

static void
test_unique_name(void)
{
	static const char *const	none[] = { "email", "name" };
	static const char *const	one[] = { "email", "status" };
	static const char *const	caps[] = { "Status", "email" };
	static const char *const	two[] = { "status", "status_2", "x" };
	static const char *const	gap[] = { "status", "status_3" };

	unique_is(none, N(none), "status", "status");
	unique_is(one, N(one), "status", "status_2");
	unique_is(caps, N(caps), "status", "status_2");
	unique_is(two, N(two), "status", "status_3");
	unique_is(gap, N(gap), "status", "status_2");
	unique_is(one, N(one), "error", "error");
	unique_is(one, 0, "status", "status");
}

/* Unicode spaces count as spaces (Zs, tab, zero-width); others stay. */
static void
test_unicode_spaces(void)
{
	static const char *const	yes[] = { "email\xC2\xA0",
	    "\xC2\xA0" "email", "e\xE2\x80\x87mail", "email\xE2\x80\xAF",
	    "\xE3\x80\x80" "email", "\xEF\xBB\xBF" "email", "e\tmail",
	    "e\xE2\x80\x8Bmail", "From\xC2\xA0" "Email",
	    "email\xE2\x80\x80\xE2\x80\x8A\xE1\x9A\x80\xE2\x81\x9F" };
	size_t				i;

	for (i = 0; i < N(yes); i++) {
		if (col_lookup(yes[i]) != COL_EMAIL)
			fprintf(stderr, "    case %zu\n", i);
		CHECK_INT(col_lookup(yes[i]), COL_EMAIL);
	}
	norm_is("First\xC2\xA0Name", "firstname");
	/* Letters outside ASCII are kept (e with acute, Cyrillic ie). */
	norm_is("Pr\xC3\xA9nom", "pr\xC3\xA9nom");
	CHECK_INT(col_lookup("\xD0\xB5mail"), -1);
	CHECK_INT(col_lookup("email\xC2\xAD"), -1);	/* soft hyphen */
}

static void
test_visible(void)
{
	struct buf	b = BUF_INIT;

	col_visible(&b, "email\xC2\xA0");
	CHECK_STR(buf_cstr(&b), "email<U+00A0>");
	buf_reset(&b);
	col_visible(&b, "\xEF\xBB\xBF" "a\tb\xE3\x80\x80" "c\xF0\x9F\x98\x80");
	CHECK_STR(buf_cstr(&b), "<U+FEFF>a<U+0009>b<U+3000>c<U+1F600>");
	buf_reset(&b);
	col_visible(&b, "\xD0\xB5mail x\xFF");
	CHECK_STR(buf_cstr(&b), "<U+0435>mail x<0xFF>");
	buf_reset(&b);
	col_visible(&b, "");
	CHECK_STR(buf_cstr(&b), "");
	buf_free(&b);
}

/* 0 when the header passes col_check_header, else -1 with its message. */
static int
check_hdr(const char *const *h, size_t n, struct buf *m)
{
	buf_reset(m);
	return col_check_header(h, n, m);
}

static void
test_check_header(void)
{
	static const char *const	dup[] = { "email", "first_name",
	    "email" };
	static const char *const	norm[] = { "Notes", "email",
	    "first name", "First_Name" };
	static const char *const	alias[] = { "id", "Email Address",
	    "x", "From Email" };
	static const char *const	both[] = { "a", "email", "mail", "A" };
	static const char *const	instantly[] = { "Email", "First Name",
	    "Last Name", "IMAP Username", "IMAP Password", "IMAP Host",
	    "IMAP Port", "SMTP Username", "SMTP Password", "SMTP Host",
	    "SMTP Port" };
	static const char *const	md_raw[] = { "id", "user_id",
	    "email_account", "is_active", "domain_id", "vendor_uuid",
	    "forwarding_account_id", "password", "first_name", "last_name",
	    "forwarding_account_email", "provider", "status" };
	static const char *const	smartlead[] = { "from_name",
	    "from_email", "user_name", "password", "imap_user_name",
	    "imap_password" };
	static const char *const	result[] = { "email", "account_id",
	    "password", "status", "error", "id_2", "password_2" };
	struct buf			m = BUF_INIT;

	CHECK_INT(check_hdr(dup, N(dup), &m), -1);
	CHECK_STR(buf_cstr(&m), "column 1 \"email\" and column 3 \"email\" "
	    "have the same name (case, spaces, '_' and '-' do not count): "
	    "remove or rename one");
	CHECK_INT(check_hdr(norm, N(norm), &m), -1);
	CHECK_CONTAINS(buf_cstr(&m), "column 3 \"first name\" and column 4 "
	    "\"First_Name\" have the same name");
	CHECK_INT(check_hdr(alias, N(alias), &m), -1);
	CHECK_CONTAINS(buf_cstr(&m), "column 2 \"Email Address\" and column 4 "
	    "\"From Email\" both name the email column");
	/* The first clash in file order is the one named. */
	CHECK_INT(check_hdr(both, N(both), &m), -1);
	CHECK_CONTAINS(buf_cstr(&m), "column 2 \"email\" and column 3 "
	    "\"mail\" both name the email column");
	/* What providers, sequencers and mailfleet itself write passes. */
	CHECK_INT(check_hdr(instantly, N(instantly), &m), 0);
	CHECK_INT(check_hdr(md_raw, N(md_raw), &m), 0);
	CHECK_INT(check_hdr(smartlead, N(smartlead), &m), 0);
	CHECK_INT(check_hdr(result, N(result), &m), 0);
	CHECK_INT(check_hdr(dup, 0, &m), 0);
	CHECK_INT(check_hdr(dup, 2, &m), 0);
	buf_free(&m);
}

/* A copy (smtp_username, domain_id) gives way to another name. */
static void
test_copies_give_way(void)
{
	static const char *const	h[] = { "smtp_username", "domain_id",
	    "smtp_password", "Email", "id", "imap_password" };
	static const char *const	h2[] = { "domain_id", "domain_name",
	    "imap_password", "smtp_password" };
	struct colmap			m;

	colmap_build(&m, h, N(h));
	CHECK_INT(m.idx[COL_EMAIL], 3);
	CHECK_INT(m.idx[COL_ID], 4);
	CHECK_INT(m.idx[COL_PASSWORD], 2);
	colmap_build(&m, h2, N(h2));
	CHECK_INT(m.idx[COL_ID], 0);
	CHECK_INT(m.idx[COL_PASSWORD], 2);
}

/* Result columns never give a field a second column. */
static void
test_unique_name_fields(void)
{
	static const char *const	acct[] = { "email", "account_id",
	    "pass", "forward_to" };
	static const char *const	copy[] = { "Email", "SMTP Password",
	    "domain_id" };
	static const char *const	norm[] = { "account-status",
	    "Status\xC2\xA0" };

	unique_is(acct, N(acct), "id", "id_2");
	unique_is(acct, N(acct), "password", "password_2");
	unique_is(acct, N(acct), "forwarding", "forwarding_2");
	/* A copy gives way: the result's own column is read back. */
	unique_is(copy, N(copy), "password", "password");
	unique_is(copy, N(copy), "id", "id");
	unique_is(norm, N(norm), "account_status", "account_status_2");
	unique_is(norm, N(norm), "status", "status_2");
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
	TEST(test_unicode_spaces);
	TEST(test_visible);
	TEST(test_check_header);
	TEST(test_copies_give_way);
	TEST(test_unique_name_fields);
	return th_done();
}
