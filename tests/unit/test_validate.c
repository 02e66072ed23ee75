/*
 * test_validate.c - the validator: required columns per row kind, address
 * composition from username + domain, Smartlead's user_name, forwarding
 * inboxes, display names, blocked TLDs, duplicates, and row errors from the
 * reader passed on with their column.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_in.h"
#include "harness.h"
#include "validate.h"

#define N(a)	(sizeof (a) / sizeof (a)[0])

/* A row as the reader hands it on: fields given as a NULL-terminated
 * list. */
struct trow {
	struct csv_row	 row;
	char		*f[16];
	size_t		 l[16];
};

static const struct csv_row *
mkrow(struct trow *t, long line, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 n = 0;

	memset(t, 0, sizeof *t);
	va_start(ap, line);
	while ((s = va_arg(ap, const char *)) != NULL && n < 16) {
		t->f[n] = (char *)s;
		t->l[n] = strlen(s);
		n++;
	}
	va_end(ap);
	t->row.fields = t->f;
	t->row.lens = t->l;
	t->row.nfields = n;
	t->row.line = line;
	t->row.number = line - 1;
	return &t->row;
}

static int
init(struct validator *v, enum kind k, int buying, const char *const *h,
    size_t n, char *err, size_t errlen)
{
	err[0] = '\0';
	return validator_init(v, k, buying, h, n, err, errlen);
}

static void
test_kinds(void)
{
	enum kind	k;
	int		i;

	for (i = 0; i < KIND__COUNT; i++) {
		CHECK_INT(kind_parse(kind_name((enum kind)i), &k), 0);
		CHECK_INT(k, i);
		CHECK_CONTAINS(kind_list(), kind_name((enum kind)i));
	}
	CHECK_INT(kind_parse("domain", &k), -1);
	CHECK_INT(kind_parse("Accounts", &k), -1);
	CHECK_INT(kind_parse("", &k), -1);
}

static void
test_required_columns(void)
{
	static const char *const	names[] = { "Name", "Notes" };
	static const char *const	user_only[] = { "username", "password" };
	static const char *const	dom[] = { "Domain Name" };
	static const char *const	email[] = { "E-mail" };
	static const char *const	userdom[] = { "User Name", "domain" };
	static const char *const	prefixdom[] = { "email_prefix", "domain",
	    "display_name" };
	static const char *const	email_only[] = { "email" };
	static const char *const	email_last[] = { "email", "last_name" };
	static const char *const	email_first[] = { "email", "first_name" };
	struct validator		v;
	char				err[512];

	/* domains / external-domains need domain. */
	CHECK_INT(init(&v, KIND_DOMAINS, 1, names, N(names), err, sizeof err),
	    -1);
	CHECK_CONTAINS(err, "no domain column");
	CHECK_CONTAINS(err, "columns found: \"Name\", \"Notes\"");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_EXTERNAL_DOMAINS, 0, email, N(email), err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "no domain column");
	CHECK_CONTAINS(err, "\"E-mail\"");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_DOMAINS, 1, dom, N(dom), err, sizeof err), 0);
	CHECK_INT(v.map.idx[COL_DOMAIN], 0);
	validator_free(&v);

	/* accounts: email, or username + domain. */
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, user_only, N(user_only), err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "no email column (or username + domain)");
	CHECK_CONTAINS(err, "\"username\", \"password\"");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, names, 0, err, sizeof err), -1);
	CHECK_CONTAINS(err, "columns found: none");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, email, N(email), err,
	    sizeof err), 0);
	validator_free(&v);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, userdom, N(userdom), err,
	    sizeof err), 0);
	validator_free(&v);

	/* forwarding: email only. */
	CHECK_INT(init(&v, KIND_FORWARDING, 1, userdom, N(userdom), err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "no email column for forwarding");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_FORWARDING, 1, email, N(email), err,
	    sizeof err), 0);
	validator_free(&v);

	/* sender-accounts: email (or email_prefix + domain), display_name
	 * (or first_name + last_name). */
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, prefixdom, N(prefixdom),
	    err, sizeof err), 0);
	validator_free(&v);
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, email_only, N(email_only),
	    err, sizeof err), -1);
	CHECK_CONTAINS(err, "display_name");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, email_last, N(email_last),
	    err, sizeof err), -1);
	CHECK_CONTAINS(err, "display_name");
	validator_free(&v);
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, email_first,
	    N(email_first), err, sizeof err), 0);
	validator_free(&v);
}

static void
test_domains(void)
{
	static const char *const	h[] = { "domain", "redirect_to", "note" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_DOMAINS, 1, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "Brand-One.COM.",
	    "https://brand.com", "x", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.domain), "brand-one.com");
	CHECK_STR(buf_cstr(&rec.key), "brand-one.com");
	CHECK_STR(rec.redirect_to, "https://brand.com");
	CHECK_INT(rec.error.len, 0);

	CHECK_INT(validator_check(&v, mkrow(&t, 3, "m\xC3\xBCnchen-shop.de", "",
	    "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.domain), "xn--mnchen-shop-thb.de");
	CHECK_STR(rec.redirect_to, "");

	/* Blocked TLD when buying. */
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "brand.XYZ", "", "", NULL),
	    &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 1 (domain): Maildoso does not "
	    "register .xyz domains");
	CHECK_INT(rec.error_col, 1);

	CHECK_INT(validator_check(&v, mkrow(&t, 5, "bad_domain.com", "", "",
	    NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 1 (domain): ");
	CHECK_INT(rec.error_col, 1);

	CHECK_INT(validator_check(&v, mkrow(&t, 6, "ok.com", "ftp://x", "",
	    NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 2 (redirect_to): ");
	CHECK_CONTAINS(buf_cstr(&rec.error), "http");
	CHECK_INT(rec.error_col, 2);

	CHECK_INT(validator_check(&v, mkrow(&t, 7, "", "", "", NULL), &rec),
	    -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "empty");
	validator_free(&v);

	/* Not buying (ColdSend) or external domains: no TLD refusal. */
	CHECK_INT(init(&v, KIND_DOMAINS, 0, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "brand.xyz", "", "", NULL),
	    &rec), 0);
	validator_free(&v);
	CHECK_INT(init(&v, KIND_EXTERNAL_DOMAINS, 1, h, N(h), err,
	    sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "brand.fr", "", "", NULL),
	    &rec), 0);
	validator_free(&v);
	record_free(&rec);
}

static void
test_external_provider(void)
{
	static const char *const	h[] = { "domain", "provider" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_EXTERNAL_DOMAINS, 1, h, N(h), err, sizeof err),
	    0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "a.com", "Google", NULL),
	    &rec), 0);
	CHECK_STR(rec.provider, "google");
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "b.com", "MAILDOSO", NULL),
	    &rec), 0);
	CHECK_STR(rec.provider, "maildoso");
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "c.com", "", NULL), &rec), 0);
	CHECK_STR(rec.provider, "");
	CHECK_INT(validator_check(&v, mkrow(&t, 5, "d.com", "outlook", NULL),
	    &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 2 (provider): ");
	CHECK_INT(rec.error_col, 2);
	validator_free(&v);
	record_free(&rec);
}

static void
test_accounts(void)
{
	static const char *const	h[] = { "Email", "First Name",
	    "Last Name", "Password", "forwarding", "id" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "Ann.Lee@Brand.com", "Ann",
	    "Lee", "Sup3rSecretPw", "inbox@maildoso.email", "42", NULL),
	    &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "ann.lee@brand.com");
	CHECK_STR(buf_cstr(&rec.local), "ann.lee");
	CHECK_STR(buf_cstr(&rec.domain), "brand.com");
	CHECK_STR(buf_cstr(&rec.key), "ann.lee@brand.com");
	CHECK_STR(rec.first_name, "Ann");
	CHECK_STR(rec.last_name, "Lee");
	CHECK_STR(rec.password, "Sup3rSecretPw");
	CHECK_STR(buf_cstr(&rec.forwarding), "inbox@maildoso.email");
	CHECK_STR(rec.id, "42");

	/* Optional columns may be empty. */
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "bo@brand.com", "", "", "",
	    "", "", NULL), &rec), 0);
	CHECK_STR(rec.password, "");
	CHECK_STR(buf_cstr(&rec.forwarding), "");

	/* Forwarding inbox must be @maildoso.email. */
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "cy@brand.com", "", "", "",
	    "cy@gmail.com", "", NULL), &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 5 (forwarding): forwarding "
	    "inboxes must be @maildoso.email addresses");
	CHECK_INT(rec.error_col, 5);
	CHECK_INT(validator_check(&v, mkrow(&t, 5, "cy@brand.com", "", "", "",
	    "not-an-address", "", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 5 (forwarding): ");
	CHECK_INT(validator_check(&v, mkrow(&t, 6, "cy@brand.com", "", "", "",
	    "x@sub.maildoso.email", "", NULL), &rec), -1);
	CHECK_INT(rec.error_col, 5);

	/* A weak password: named column, missing part, never echoed. */
	CHECK_INT(validator_check(&v, mkrow(&t, 7, "dee@brand.com", "", "",
	    "weakpassword9", "", "", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 4 (password): ");
	CHECK_CONTAINS(buf_cstr(&rec.error), "upper-case");
	CHECK(strstr(buf_cstr(&rec.error), "weakpassword9") == NULL);
	CHECK_INT(rec.error_col, 4);

	/* Bad address. */
	CHECK_INT(validator_check(&v, mkrow(&t, 8, "eve..x@brand.com", "", "",
	    "", "", "", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 1 (email): ");
	CHECK_CONTAINS(buf_cstr(&rec.error), "two dots");
	CHECK_INT(validator_check(&v, mkrow(&t, 9, "", "", "", "", "", "",
	    NULL), &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 1 (email): address is empty");

	/* A short row: absent cells read as empty. */
	CHECK_INT(validator_check(&v, mkrow(&t, 10, "fay@brand.com", NULL),
	    &rec), 0);
	CHECK_STR(rec.first_name, "");
	validator_free(&v);
	record_free(&rec);
}

static void
test_username_domain(void)
{
	static const char *const	h[] = { "username", "domain", "password" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "John.Smith", "Example.COM.",
	    "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "john.smith@example.com");
	CHECK_STR(buf_cstr(&rec.local), "john.smith");
	CHECK_STR(buf_cstr(&rec.domain), "example.com");
	CHECK_STR(buf_cstr(&rec.key), "john.smith@example.com");

	CHECK_INT(validator_check(&v, mkrow(&t, 3, "anna", "m\xC3\xBCnchen.de",
	    "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "anna@xn--mnchen-3ya.de");

	CHECK_INT(validator_check(&v, mkrow(&t, 4, "bad..user", "example.com",
	    "", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 1 (username): ");
	CHECK_INT(rec.error_col, 1);
	CHECK_INT(validator_check(&v, mkrow(&t, 5, "ok", "nodots", "", NULL),
	    &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 2 (domain): ");
	CHECK_INT(rec.error_col, 2);
	CHECK_INT(validator_check(&v, mkrow(&t, 6, "", "example.com", "", NULL),
	    &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "empty");
	CHECK_INT(rec.error_col, 1);

	/* username holding the whole address is taken as the address. */
	CHECK_INT(validator_check(&v, mkrow(&t, 7, "Zoe@Other.io", "", "",
	    NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "zoe@other.io");
	validator_free(&v);
	record_free(&rec);
}

/* Smartlead: from_email empty, user_name (the SMTP login) holds the full
 * address. */
static void
test_smartlead_user_name(void)
{
	static const char *const	h[] = { "from_name", "from_email",
	    "user_name", "password", "smtp_host", "smtp_port" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "Jane Doe", "",
	    "Jane@Brand.co", "Sup3rSecretPw", "smtp.maildoso.com", "587", NULL),
	    &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "jane@brand.co");
	CHECK_STR(buf_cstr(&rec.domain), "brand.co");
	/* from_email given: it wins over user_name. */
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "Jim", "jim@brand.co",
	    "login@elsewhere.com", "Sup3rSecretPw", "", "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "jim@brand.co");
	/* A bad address in user_name names that column. */
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "Kim", "", "kim@@brand.co",
	    "", "", "", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 3 (username): ");
	CHECK_INT(rec.error_col, 3);
	validator_free(&v);
	record_free(&rec);
}

static void
test_forwarding_kind(void)
{
	static const char *const	h[] = { "email", "first_name",
	    "last_name" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_FORWARDING, 1, h, N(h), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "Replies@Maildoso.Email",
	    "Ann", "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "replies@maildoso.email");
	CHECK_STR(buf_cstr(&rec.key), "replies@maildoso.email");
	CHECK_STR(rec.first_name, "Ann");
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "replies@maildoso.com", "",
	    "", NULL), &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 1 (email): forwarding inboxes "
	    "must be @maildoso.email addresses");
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "maildoso.email", "", "",
	    NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "no @");
	validator_free(&v);
	record_free(&rec);
}

static void
test_sender_accounts(void)
{
	static const char *const	h[] = { "email", "display_name",
	    "first_name", "last_name" };
	static const char *const	h2[] = { "email_prefix", "domain",
	    "first_name", "last_name" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, h, N(h), err, sizeof err),
	    0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "a@brand.com", "Ann Lee",
	    "X", "Y", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.display_name), "Ann Lee");
	/* Fallback: first + last. */
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "b@brand.com", "", "Bob",
	    "Stone", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.display_name), "Bob Stone");
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "c@brand.com", " ", "Cy",
	    "", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.display_name), "Cy");
	CHECK_INT(validator_check(&v, mkrow(&t, 5, "d@brand.com", "", "",
	    "Dee", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.display_name), "Dee");
	CHECK_INT(validator_check(&v, mkrow(&t, 6, "e@brand.com", "", "", "",
	    NULL), &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 2 (display_name): "
	    "display_name is empty");
	CHECK_INT(rec.error_col, 2);
	validator_free(&v);

	/* email_prefix + domain. */
	CHECK_INT(init(&v, KIND_SENDER_ACCOUNTS, 0, h2, N(h2), err,
	    sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "Sales", "brand.com",
	    "Sam", "Ray", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.email), "sales@brand.com");
	CHECK_STR(buf_cstr(&rec.display_name), "Sam Ray");
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "x", "brand.com", "", "",
	    NULL), &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "display_name is empty");
	CHECK_INT(rec.error_col, 0);
	validator_free(&v);
	record_free(&rec);
}

static void
test_duplicates(void)
{
	static const char *const	hd[] = { "domain" };
	static const char *const	ha[] = { "email", "password" };
	static const char *const	hu[] = { "username", "domain" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];

	record_init(&rec);
	CHECK_INT(init(&v, KIND_DOMAINS, 1, hd, N(hd), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "one.com", NULL), &rec), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "two.com", NULL), &rec), 0);
	/* An invalid row is not remembered. */
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "three.xyz", NULL), &rec),
	    -1);
	CHECK_INT(validator_check(&v, mkrow(&t, 7, "ONE.com.", NULL), &rec),
	    -1);
	CHECK_STR(buf_cstr(&rec.error), "column 1 (domain): duplicate: this "
	    "domain already appears on line 2");
	CHECK_INT(rec.error_col, 1);
	CHECK_INT(validator_check(&v, mkrow(&t, 9, "two.com", NULL), &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "on line 3");
	/* Still line 2 on the third occurrence. */
	CHECK_INT(validator_check(&v, mkrow(&t, 10, "one.com", NULL), &rec),
	    -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "on line 2");
	validator_free(&v);

	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, ha, N(ha), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 5, "a@x.com", "", NULL), &rec),
	    0);
	CHECK_INT(validator_check(&v, mkrow(&t, 6, "b@x.com", "", NULL), &rec),
	    0);
	CHECK_INT(validator_check(&v, mkrow(&t, 12, " A@X.COM", "", NULL),
	    &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 1 (email): duplicate: this "
	    "address already appears on line 5");
	validator_free(&v);

	/* The same address built from username + domain. */
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, hu, N(hu), err, sizeof err), 0);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "a", "x.com", NULL), &rec),
	    0);
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "A", "X.com", NULL), &rec),
	    -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 1 (username): duplicate");
	CHECK_CONTAINS(buf_cstr(&rec.error), "line 2");
	/* A different domain is a different address. */
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "a", "y.com", NULL), &rec),
	    0);
	validator_free(&v);
	record_free(&rec);
}

/* Many keys: the dupset grows and keeps every first line. */
static void
test_many_duplicates(void)
{
	static const char *const	hd[] = { "domain" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512], name[64], want[64];
	int				i, bad = 0;

	record_init(&rec);
	CHECK_INT(init(&v, KIND_DOMAINS, 1, hd, N(hd), err, sizeof err), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "d%d.com", i);
		if (validator_check(&v, mkrow(&t, i + 2, name, NULL), &rec) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	for (i = 0; i < 5000; i += 7) {
		snprintf(name, sizeof name, "D%d.COM", i);
		snprintf(want, sizeof want, "on line %d", i + 2);
		if (validator_check(&v, mkrow(&t, 9000 + i, name, NULL),
		    &rec) != -1 || strstr(buf_cstr(&rec.error), want) == NULL)
			bad++;
	}
	CHECK_INT(bad, 0);
	validator_free(&v);
	record_free(&rec);
}

/* A row the reader marked (bad UTF-8, wrong field count) is invalid with
 * the reader's column, without further checks. */
static void
test_reader_errors(void)
{
	static const char *const	h[] = { "email", "first_name", "note" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[512];
	const struct csv_row		*row;

	record_init(&rec);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1, h, N(h), err, sizeof err), 0);
	row = mkrow(&t, 4, "a@x.com", "Ann", "\xFF", NULL);
	t.row.error = "invalid UTF-8 at byte 1 of the field";
	t.row.error_col = 3;
	CHECK_INT(validator_check(&v, row, &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 3: invalid UTF-8 at byte 1 "
	    "of the field");
	CHECK_INT(rec.error_col, 3);

	row = mkrow(&t, 5, "a@x.com", NULL);
	t.row.error = "row has 1 fields, the header has 3";
	t.row.error_col = 2;
	CHECK_INT(validator_check(&v, row, &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "column 2: row has 1 fields, the "
	    "header has 3");
	CHECK_INT(rec.error_col, 2);

	row = mkrow(&t, 6, "a@x.com", "Ann", "n", NULL);
	t.row.error = "whole row";
	t.row.error_col = 0;
	CHECK_INT(validator_check(&v, row, &rec), -1);
	CHECK_STR(buf_cstr(&rec.error), "whole row");
	CHECK_INT(rec.error_col, 0);

	/* Rejected rows did not take the address: it is still new. */
	CHECK_INT(validator_check(&v, mkrow(&t, 7, "a@x.com", "Ann", "", NULL),
	    &rec), 0);
	CHECK_INT(rec.error.len, 0);
	CHECK_INT(rec.error_col, 0);
	validator_free(&v);
	record_free(&rec);
}

/* A domain row named by id alone still gives its redirect_to (update
 * domains sets it; an absent one would remove the redirect), checked. */
static void
test_domain_by_id_redirect(void)
{
	static const char *const	h[] = { "domain", "id", "redirect_to" };
	struct validator		v;
	struct record			rec;
	struct trow			t;
	char				err[256];

	CHECK_INT(init(&v, KIND_DOMAINS, VALIDATE_BY_ID, h, N(h), err,
	    sizeof err), 0);
	record_init(&rec);
	CHECK_INT(validator_check(&v, mkrow(&t, 2, "", "102",
	    "https://two.example/", NULL), &rec), 0);
	CHECK_STR(buf_cstr(&rec.key), "id:102");
	CHECK_STR(rec.redirect_to, "https://two.example/");
	CHECK_INT(validator_check(&v, mkrow(&t, 3, "", "103", "ftp://x", NULL),
	    &rec), -1);
	CHECK_CONTAINS(buf_cstr(&rec.error), "column 3 (redirect_to)");
	CHECK_INT(validator_check(&v, mkrow(&t, 4, "", "104", "", NULL), &rec),
	    0);
	CHECK_STR(rec.redirect_to, "");
	validator_free(&v);
	record_free(&rec);
}

/* The same checks on rows the reader really produced. */
static void
test_with_reader(void)
{
	static const char	 data[] = "E-Mail;Vorname\n"
	    "a@x.com;Ann\n"
	    "b@x.com;\"B\xFF\"\n"
	    "c@x.com\n"
	    "A@X.com;Ann\n";
	struct csv_reader	*r;
	struct csv_row		*row;
	const struct csv_row	*hdr;
	struct validator	 v;
	struct record		 rec;
	char			 path[] = "/tmp/mf-validate.XXXXXX", err[512];
	const char		*want[4] = { "", "column 2: invalid UTF-8",
	    "column 2: row has 1 fields", ("duplicate: this address already "
	    "appears on line 2") };
	int			 fd, i = 0;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, data, sizeof data - 1) == (ssize_t)(sizeof data - 1));
	close(fd);
	r = csv_reader_open(path, 0, err, sizeof err);
	CHECK(r != NULL);
	if (r == NULL)
		goto out;
	hdr = csv_reader_header(r);
	CHECK_INT(init(&v, KIND_ACCOUNTS, 1,
	    (const char *const *)hdr->fields, hdr->nfields, err, sizeof err), 0);
	record_init(&rec);
	while (csv_reader_next(r, &row, err, sizeof err) == 1 && i < 4) {
		CHECK_INT(validator_check(&v, row, &rec), i == 0 ? 0 : -1);
		CHECK_CONTAINS(buf_cstr(&rec.error), want[i]);
		i++;
	}
	CHECK_INT(i, 4);
	record_free(&rec);
	validator_free(&v);
	csv_reader_close(r);
out:
	unlink(path);
}

int
main(void)
{
	TEST(test_kinds);
	TEST(test_required_columns);
	TEST(test_domains);
	TEST(test_external_provider);
	TEST(test_accounts);
	TEST(test_username_domain);
	TEST(test_smartlead_user_name);
	TEST(test_forwarding_kind);
	TEST(test_sender_accounts);
	TEST(test_duplicates);
	TEST(test_many_duplicates);
	TEST(test_reader_errors);
	TEST(test_with_reader);
	TEST(test_domain_by_id_redirect);
	return th_done();
}
