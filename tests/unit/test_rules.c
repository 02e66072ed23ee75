/*
 * test_rules.c - the offline rules, each with accepting and refusing
 * cases: domain names (with punycode), the TLDs Maildoso will not buy,
 * e-mail addresses and local parts, passwords, redirect URLs.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "rules.h"

#define N(a)	(sizeof (a) / sizeof (a)[0])

/* in must normalise to want. */
static void
domain_ok(const char *in, const char *want)
{
	struct buf	b = BUF_INIT;
	char		err[256] = "";
	int		rc = rule_domain(in, &b, err, sizeof err);

	if (rc != 0 || strcmp(buf_cstr(&b), want) != 0)
		fprintf(stderr, "    domain \"%s\": rc %d, got \"%s\" (%s)\n",
		    in, rc, buf_cstr(&b), err);
	CHECK_INT(rc, 0);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

/* in must be refused with a message containing msg; out is untouched. */
static void
domain_bad(const char *in, const char *msg)
{
	struct buf	b = BUF_INIT;
	char		err[256] = "";
	int		rc = rule_domain(in, &b, err, sizeof err);

	if (rc != -1)
		fprintf(stderr, "    domain \"%s\" accepted as \"%s\"\n", in,
		    buf_cstr(&b));
	CHECK_INT(rc, -1);
	CHECK_CONTAINS(err, msg);
	CHECK_INT(b.len, 0);
	buf_free(&b);
}

static void
test_domain_accepts(void)
{
	char	l63[64], name[300];
	size_t	i;

	domain_ok("example.com", "example.com");
	domain_ok("Example.COM", "example.com");
	domain_ok("example.com.", "example.com");		/* trailing dot */
	domain_ok("  example.com  ", "example.com");
	domain_ok("a.co", "a.co");
	domain_ok("my-brand.io", "my-brand.io");
	domain_ok("a-b-c.x-y.com", "a-b-c.x-y.com");
	domain_ok("123.example.com", "123.example.com");
	domain_ok("mail.sub.example.co.uk", "mail.sub.example.co.uk");
	domain_ok("example.xn--p1ai", "example.xn--p1ai");	/* xn-- TLD */
	domain_ok("XN--P1AI.XN--P1AI", "xn--p1ai.xn--p1ai");

	/* A 63-character label; exactly 253 characters in all. */
	memset(l63, 'a', 63);
	l63[63] = '\0';
	snprintf(name, sizeof name, "%s.com", l63);
	domain_ok(name, name);
	name[0] = '\0';
	for (i = 0; i < 3; i++) {
		strcat(name, l63);
		strcat(name, ".");
	}
	strcat(name, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghi");
	CHECK_INT(strlen(name), 253);
	domain_ok(name, name);
}

static void
test_domain_refuses(void)
{
	char	name[300];
	size_t	i;

	domain_bad("", "empty");
	domain_bad("   ", "empty");
	domain_bad(".", "empty");
	domain_bad("localhost", "two labels");
	domain_bad("com.", "two labels");
	domain_bad("example..com", "empty label");
	domain_bad(".example.com", "empty label");
	domain_bad("example.com..", "empty label");
	domain_bad("-example.com", "hyphen");
	domain_bad("example-.com", "hyphen");
	domain_bad("example.-com", "hyphen");
	domain_bad("exa_mple.com", "\"_\"");
	domain_bad("exa mple.com", "letter, digit or hyphen");
	domain_bad("example.com/path", "letter, digit or hyphen");
	domain_bad("user@example.com", "\"@\"");
	domain_bad("http://example.com", "letter, digit or hyphen");
	domain_bad("example.c0m", "not alphabetic");
	domain_bad("example.123", "not alphabetic");
	domain_bad("192.168.0.1", "not alphabetic");
	domain_bad("example.c-m", "not alphabetic");
	domain_bad("bad\xFF.com", "UTF-8");

	/* 64-character label. */
	memset(name, 'a', 64);
	memcpy(name + 64, ".com", 5);
	domain_bad(name, "at most 63");
	/* 254 characters. */
	name[0] = '\0';
	for (i = 0; i < 3; i++)
		strcat(name, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	strcat(name, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij");
	CHECK_INT(strlen(name), 254);
	domain_bad(name, "at most 253");
}

static void
test_domain_unicode(void)
{
	struct buf	u = BUF_INIT;
	size_t		i;

	/* A-labels as every IDNA implementation gives them. */
	domain_ok("m\xC3\xBCnchen.de", "xn--mnchen-3ya.de");
	domain_ok("b\xC3\xBC" "cher.example", "xn--bcher-kva.example");
	domain_ok("\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80."
	    "\xD1\x80\xD1\x84", "xn--e1afmkfd.xn--p1ai");	/* пример.рф */
	domain_ok("\xCF\x80\xCE\xB1\xCF\x81\xCE\xAC\xCE\xB4\xCE\xB5\xCE\xB9"
	    "\xCE\xB3\xCE\xBC\xCE\xB1.\xCE\xB4\xCE\xBF\xCE\xBA\xCE\xB9\xCE\xBC"
	    "\xCE\xAE", "xn--hxajbheg2az3al.xn--jxalpdlp");	/* παράδειγμα.δοκιμή */
	domain_ok("\xE4\xBE\x8B\xE5\xAD\x90.\xE6\xB5\x8B\xE8\xAF\x95",
	    "xn--fsqu00a.xn--0zwm56d");				/* 例子.测试 */
	domain_ok("\xC5\x82\xC3\xB3" "d\xC5\xBA.pl", "xn--d-uga0v4h.pl");	/* łódź */
	domain_ok("\xC5\xBAr\xC3\xB3" "d\xC5\x82o.pl", "xn--rdo-gna01bwk.pl");	/* źródło */
	domain_ok("\xC4\xBA\xC5\x88.sk", "xn--lfa2a.sk");	/* ĺň */
	domain_ok("\xC5\x8B.no", "xn--2fa.no");			/* ŋ */
	domain_ok("\xC3\xBF.com", "xn--wda.com");		/* ÿ */
	/* Mixed with ASCII labels, and a trailing dot. */
	domain_ok("mail.m\xC3\xBCnchen.de.", "mail.xn--mnchen-3ya.de");

	/* Upper-case Unicode is lowered first. */
	domain_ok("M\xC3\x9CNCHEN.DE", "xn--mnchen-3ya.de");	/* MÜNCHEN */
	domain_ok("B\xC3\x9C" "CHER.Example", "xn--bcher-kva.example");
	domain_ok("\xD0\x9F\xD0\xA0\xD0\x98\xD0\x9C\xD0\x95\xD0\xA0."
	    "\xD0\xA0\xD0\xA4", "xn--e1afmkfd.xn--p1ai");	/* ПРИМЕР.РФ */
	domain_ok("\xC5\x81\xC3\x93" "D\xC5\xB9.PL", "xn--d-uga0v4h.pl");	/* ŁÓDŹ */
	domain_ok("\xC4\xB9\xC5\x87.sk", "xn--lfa2a.sk");	/* ĹŇ */
	domain_ok("\xC5\x8A.no", "xn--2fa.no");			/* Ŋ */
	domain_ok("\xC5\xB8.com", "xn--wda.com");		/* Ÿ */

	/* Unicode TLDs need the xn-- form to pass the alphabetic rule, and
	 * a label longer than 63 once converted is refused. */
	buf_reset(&u);
	for (i = 0; i < 64; i++)
		buf_puts(&u, "\xC3\xBC");
	buf_puts(&u, ".de");
	domain_bad(buf_cstr(&u), "at most 63");
	buf_free(&u);
}

/* A search with variations takes a name without its TLD; nothing else
 * does, and a partial name is still checked label by label. */
static void
test_domain_partial(void)
{
	struct buf	out = BUF_INIT;
	char		err[256];

	CHECK_INT(rule_domain("my-business", &out, err, sizeof err), -1);
	CHECK_INT(rule_domain_partial("My-Business", &out, err, sizeof err), 0);
	CHECK_STR(buf_cstr(&out), "my-business");
	buf_reset(&out);
	CHECK_INT(rule_domain_partial("acme.com", &out, err, sizeof err), 0);
	CHECK_STR(buf_cstr(&out), "acme.com");
	CHECK_INT(rule_domain_partial("-acme", &out, err, sizeof err), -1);
	CHECK_INT(rule_domain_partial("ac me", &out, err, sizeof err), -1);
	CHECK_INT(rule_domain_partial("acme.c0m", &out, err, sizeof err), -1);
	CHECK_INT(rule_domain_partial("", &out, err, sizeof err), -1);
	buf_free(&out);
}

static void
test_punycode_encode(void)
{
	struct buf	b = BUF_INIT;

	/* RFC 3492 section 7.1 (A) Arabic (Egyptian). */
	CHECK_INT(punycode_encode("\xD9\x84\xD9\x8A\xD9\x87\xD9\x85\xD8\xA7"
	    "\xD8\xA8\xD8\xAA\xD9\x83\xD9\x84\xD9\x85\xD9\x88\xD8\xB4\xD8\xB9"
	    "\xD8\xB1\xD8\xA8\xD9\x8A\xD8\x9F", 34, &b), 0);
	CHECK_STR(buf_cstr(&b), "egbpdaj6bu4bxfgehfvwxn");
	buf_reset(&b);
	CHECK_INT(punycode_encode("abc", 3, &b), 0);
	CHECK_STR(buf_cstr(&b), "abc-");
	buf_reset(&b);
	CHECK_INT(punycode_encode("\xFF", 1, &b), -1);
	buf_free(&b);
}

static void
test_blocked_tlds(void)
{
	static const char *const	blocked[] = { "a.ca", "a.app", "a.cloud",
	    "a.site", "a.tech", "a.xyz", "a.eu", "a.us", "a.fr", "a.nl",
	    "A.XYZ", "mail.brand.Tech", "x.co.Ca" };
	static const char *const	fine[] = { "a.com", "a.io", "a.net",
	    "a.org", "a.co", "a.de", "a.uk", "xyz.com", "site.io",
	    "a.apps", "a.cat", "a.usa", "a.xn--p1ai", "nodot" };
	size_t				i;

	for (i = 0; i < N(blocked); i++) {
		const char	*t = rule_blocked_tld(blocked[i]);

		CHECK(t != NULL);
		if (t != NULL)
			CHECK_STR(t, strrchr(blocked[i], '.'));
	}
	for (i = 0; i < N(fine); i++) {
		if (rule_blocked_tld(fine[i]) != NULL)
			fprintf(stderr, "    \"%s\" blocked\n", fine[i]);
		CHECK(rule_blocked_tld(fine[i]) == NULL);
	}
}

static void
email_ok(const char *in, const char *want)
{
	struct buf	b = BUF_INIT;
	char		err[256] = "";
	int		rc = rule_email(in, &b, err, sizeof err);

	if (rc != 0)
		fprintf(stderr, "    email \"%s\": %s\n", in, err);
	CHECK_INT(rc, 0);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

static void
email_bad(const char *in, const char *msg)
{
	struct buf	b = BUF_INIT;
	char		err[256] = "";
	int		rc = rule_email(in, &b, err, sizeof err);

	if (rc != -1)
		fprintf(stderr, "    email \"%s\" accepted\n", in);
	CHECK_INT(rc, -1);
	CHECK_CONTAINS(err, msg);
	CHECK_INT(b.len, 0);
	buf_free(&b);
}

static void
test_email(void)
{
	char	local[80], addr[120];

	email_ok("john@example.com", "john@example.com");
	email_ok("John.Doe@Example.COM", "john.doe@example.com");
	email_ok(" jane_doe+news@example.io ", "jane_doe+news@example.io");
	email_ok("a-b.c_d+e@sub.example.co.uk", "a-b.c_d+e@sub.example.co.uk");
	email_ok("x@example.com.", "x@example.com");
	email_ok("anna@m\xC3\xBCnchen.de", "anna@xn--mnchen-3ya.de");
	email_ok("7@example.com", "7@example.com");

	email_bad("", "empty");
	email_bad("john.example.com", "no @");
	email_bad("a@b@example.com", "more than one @");
	email_bad("a@@example.com", "more than one @");
	email_bad("@example.com", "empty local part");
	email_bad(".john@example.com", "starts or ends with a dot");
	email_bad("john.@example.com", "starts or ends with a dot");
	email_bad("jo..hn@example.com", "two dots");
	email_bad("jo hn@example.com", "\" \"");
	email_bad("jo\"hn@example.com", "refuse");
	email_bad("jo,hn@example.com", "refuse");
	email_bad("j\xC3\xB6rg@example.com", "refuse");
	email_bad("john@", "empty");
	email_bad("john@localhost", "two labels");
	email_bad("john@exa_mple.com", "letter, digit or hyphen");
	email_bad("john@example.c0m", "not alphabetic");

	/* 64 characters of local part pass, 65 do not. */
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(addr, sizeof addr, "%s@example.com", local);
	email_ok(addr, addr);
	memset(local, 'a', 65);
	local[65] = '\0';
	snprintf(addr, sizeof addr, "%s@example.com", local);
	email_bad(addr, "at most 64");
}

static void
test_local_part(void)
{
	char	err[256];

	CHECK_INT(rule_local_part("john.doe", err, sizeof err), 0);
	CHECK_INT(rule_local_part("a+b_c-d", err, sizeof err), 0);
	CHECK_INT(rule_local_part(" sales ", err, sizeof err), 0);
	CHECK_INT(rule_local_part("", err, sizeof err), -1);
	CHECK_CONTAINS(err, "empty");
	CHECK_INT(rule_local_part("a..b", err, sizeof err), -1);
	CHECK_CONTAINS(err, "two dots");
	CHECK_INT(rule_local_part(".a", err, sizeof err), -1);
	CHECK_INT(rule_local_part("a@b", err, sizeof err), -1);
	CHECK_CONTAINS(err, "\"@\"");
}

/* pw refused; the message contains each of the given parts and never the
 * password itself. */
static void
password_bad(const char *pw, const char *m1, const char *m2)
{
	char	err[256] = "";

	CHECK_INT(rule_password(pw, err, sizeof err), -1);
	CHECK_CONTAINS(err, m1);
	if (m2 != NULL)
		CHECK_CONTAINS(err, m2);
	if (strlen(pw) >= 3 && strstr(err, pw) != NULL) {
		fprintf(stderr, "    message echoes the password: %s\n", err);
		CHECK(strstr(err, pw) == NULL);
	}
}

static void
test_password(void)
{
	char	err[256], long_pw[80];

	CHECK_INT(rule_password("Abcdefghijk1", err, sizeof err), 0);
	CHECK_INT(rule_password("Zz9Zz9Zz9Zz9Zz9", err, sizeof err), 0);
	CHECK_INT(rule_password("Pa$$w0rd!with#Symbols", err, sizeof err), 0);
	CHECK_INT(rule_password("\xC3\x84pfel-Baum-42x", err, sizeof err), 0);

	/* Each missing part named. */
	password_bad("qwertyuiop12", "no upper-case letter", NULL);
	password_bad("QWERTYUIOP12", "no lower-case letter", NULL);
	password_bad("QwertyUiopAs", "no digit", NULL);
	password_bad("qwertyuiopas", "upper-case letter or digit", NULL);
	password_bad("123456789012", "upper-case letter or lower-case letter",
	    NULL);
	password_bad("QWERTYUIOPAS", "no lower-case letter or digit", NULL);
	password_bad("!@#$%^&*()_+", "upper-case letter, lower-case letter or "
	    "digit", NULL);
	password_bad("Qw1", "too short", "at least 12");
	password_bad("Qwe1rty", "(7 characters", NULL);
	password_bad("Qwertyuiop1", "too short", NULL);	/* 11 */
	password_bad("qwerty", "too short", "no upper-case letter or digit");
	password_bad("", "too short", NULL);
	/* Counted in characters, not bytes: 11 characters, 19 bytes. */
	password_bad("\xC3\x84\xC3\xA4\xC3\x84\xC3\xA4\xC3\x84\xC3\xA4\xC3\x84"
	    "\xC3\xA4" "A1a", "(11 characters", NULL);
	memset(long_pw, 'a', 65);
	memcpy(long_pw, "A1", 2);
	long_pw[65] = '\0';
	password_bad(long_pw, "too long", "at most 64");
	long_pw[64] = '\0';
	CHECK_INT(rule_password(long_pw, err, sizeof err), 0);
	password_bad("Abcdefghijk1\x01", "control", NULL);
	password_bad("Abcdefghijk1\xFF", "UTF-8", NULL);
	password_bad("Abcdefghij\tk1", "control", NULL);
}

static void
test_url(void)
{
	static const char *const	good[] = { "http://example.com",
	    "https://example.com/", "https://example.com/path?q=1#x",
	    "HTTPS://EXAMPLE.COM", "http://example.com:8080/x",
	    " https://example.com ", "https://a" };
	static const struct {
		const char	*u;
		const char	*msg;
	} bad[] = {
		{ "", "http:// or https://" },
		{ "example.com", "http:// or https://" },
		{ "ftp://example.com", "http:// or https://" },
		{ "javascript:alert(1)", "http:// or https://" },
		{ "http:/example.com", "http:// or https://" },
		{ "http://", "no host" },
		{ "https://", "no host" },
		{ "https:///path", "no host" },
		{ "https://:80", "no host" },
		{ "https://exa mple.com", "space" },
		{ "https://example.com/\x01", "control" },
	};
	char	err[256], longurl[2200];
	size_t	i;

	for (i = 0; i < N(good); i++) {
		if (rule_url(good[i], err, sizeof err) != 0)
			fprintf(stderr, "    \"%s\": %s\n", good[i], err);
		CHECK_INT(rule_url(good[i], err, sizeof err), 0);
	}
	for (i = 0; i < N(bad); i++) {
		err[0] = '\0';
		CHECK_INT(rule_url(bad[i].u, err, sizeof err), -1);
		CHECK_CONTAINS(err, bad[i].msg);
	}
	memcpy(longurl, "https://example.com/", 20);
	memset(longurl + 20, 'a', 2063);
	longurl[2083] = '\0';
	CHECK_INT(rule_url(longurl, err, sizeof err), 0);
	longurl[2083] = 'a';
	longurl[2084] = '\0';
	CHECK_INT(rule_url(longurl, err, sizeof err), -1);
	CHECK_CONTAINS(err, "2083");
}

int
main(void)
{
	TEST(test_domain_accepts);
	TEST(test_domain_refuses);
	TEST(test_domain_unicode);
	TEST(test_domain_partial);
	TEST(test_punycode_encode);
	TEST(test_blocked_tlds);
	TEST(test_email);
	TEST(test_local_part);
	TEST(test_password);
	TEST(test_url);
	return th_done();
}
