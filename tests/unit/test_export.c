/*
 * test_export.c - export's formats, records, filters and key set, without
 * a network.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export.h"
#include "harness.h"
#include "json.h"

/* The record's cells joined with '|' against header width n. */
static void
rec_text(const struct buf *b, size_t n, struct buf *out)
{
	const char	*cells[64];
	size_t		 lens[64], pos = 0, i;

	while (export_rec_next(b, &pos, cells, lens, n)) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(out, '|');
			buf_append(out, cells[i] ? cells[i] : "", lens[i]);
		}
		buf_putc(out, '\n');
	}
}

static void
test_raw_flatten(void)
{
	static const char *const seed[] = { "id", "imap_host", "imap_port",
	    NULL };
	const char	*j = "[{\"id\":1,\"imap\":{\"imap_host\":\"h1\",\"port\":993},"
	    "\"smtp\":{\"smtp_host\":\"s\",\"port\":587},\"ns\":[\"a\",\"b\"],"
	    "\"ex\":[{\"id\":3,\"st\":\"ok\"},{\"id\":4}],\"fa_id\":7,"
	    "\"fa\":{\"id\":7},\"n\":null,\"name\":\"x\\\"y\\u00e9\",\"t\":true},"
	    "{\"id\":2,\"late\":\"v\",\"imap\":null}]";
	struct json_doc	*d = json_parse(j, strlen(j), NULL, 0);
	struct export_raw r;
	struct buf	 rec = BUF_INIT, out = BUF_INIT;
	size_t		 i;

	CHECK(d != NULL);
	export_raw_init(&r, seed);
	export_raw_record(&r, d, json_at(d, 0, 0), &rec);
	r.frozen = 1;
	export_raw_record(&r, d, json_at(d, 0, 1), &rec);
	buf_reset(&out);
	for (i = 0; i < r.n; i++)
		buf_printf(&out, "%s%s", i ? "," : "", r.names[i]);
	CHECK_STR(out.data, "id,imap_host,imap_port,smtp_host,smtp_port,ns,"
	    "ex_id,ex_st,fa_id,name,t");
	buf_reset(&out);
	rec_text(&rec, r.n, &out);
	CHECK_STR(out.data, "1|h1|993|s|587|a;b|3;4|ok;|7|x\"y\xc3\xa9|true\n"
	    "2||||||||||\n");
	CHECK_INT(atomic_load(&r.dropped), 1);	/* "late" came too late */
	export_raw_free(&r);
	buf_free(&rec);
	buf_free(&out);
	json_free(d);
}

static void
test_seq_formats(void)
{
	struct export_extra	x = { NULL, -1, NULL, NULL };
	struct export_creds	c = { "a@b.com", "Ann", "", "Pw1", NULL, NULL,
	    "imap.s3.maildoso.com", NULL };
	const char *const	*h;
	struct buf		 rec = BUF_INIT, out = BUF_INIT;
	size_t			 n;

	n = export_seq_header(EXPORT_INSTANTLY, &x, &h);
	CHECK_INT(n, 11);
	CHECK_STR(h[10], "SMTP Port");
	CHECK_INT(export_warmup_parse(&x, "20,3"), 0);
	x.daily_limit = "40";
	n = export_seq_header(EXPORT_INSTANTLY, &x, &h);
	CHECK_INT(n, 15);
	CHECK_STR(h[14], "Warmup Increment");
	export_seq_record(EXPORT_INSTANTLY, &x, &c, &rec);
	rec_text(&rec, n, &out);
	CHECK_STR(out.data, "a@b.com|Ann||a@b.com|Pw1|imap.s3.maildoso.com|993|"
	    "a@b.com|Pw1|smtp.maildoso.com|587|40|TRUE|20|3\n");
	n = export_seq_header(EXPORT_SMARTLEAD, &x, &h);
	CHECK_INT(n, 19);
	buf_reset(&rec);
	buf_reset(&out);
	c.imap_host = NULL;
	export_seq_record(EXPORT_GENERIC, &x, &c, &rec);
	rec_text(&rec, export_seq_header(EXPORT_GENERIC, &x, &h), &out);
	CHECK_STR(out.data, "Ann|a@b.com|smtp.maildoso.com|587|a@b.com|Pw1||993|"
	    "a@b.com|Pw1\n");
	CHECK_INT(export_warmup_parse(&x, "off"), 0);
	CHECK_INT(x.warmup, 0);
	CHECK_INT(export_warmup_parse(&x, "1,2,3"), -1);
	CHECK_INT(export_warmup_parse(&x, ",2"), -1);
	CHECK_INT(export_warmup_parse(&x, "x"), -1);
	buf_free(&rec);
	buf_free(&out);
}

static void
test_creds_json(void)
{
	const char	*j = "{\"email_account\":\"u@d.com\",\"first_name\":null,"
	    "\"password\":\"P\",\"imap\":{\"imap_host\":\"i\",\"port\":993},"
	    "\"smtp\":{\"smtp_host\":\"smtp.gmail.com\",\"port\":465}}";
	struct json_doc	*d = json_parse(j, strlen(j), NULL, 0);
	struct export_creds c;
	struct buf	 st = BUF_INIT;

	export_creds_from_json(d, 0, &c, &st);
	CHECK_STR(c.email, "u@d.com");
	CHECK_STR(c.first_name, "");
	CHECK_STR(c.smtp_host, "smtp.gmail.com");
	CHECK_STR(c.smtp_port, "465");
	CHECK_STR(c.imap_port, "993");
	buf_free(&st);
	json_free(d);
}

static void
test_pick_and_secret(void)
{
	static const char *const h[] = { "Email", "SMTP Password", "imap_host" };
	size_t	*pick;
	char	 err[128];

	CHECK_INT(export_pick_columns("imap-host,EMAIL", h, 3, &pick, err,
	    sizeof err), 2);
	CHECK_INT(pick[0], 2);
	CHECK_INT(pick[1], 0);
	free(pick);
	CHECK_INT(export_pick_columns("email,zzz", h, 3, &pick, err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "\"zzz\"");
	CHECK(export_secret_column("SMTP Password"));
	CHECK(export_secret_column("warmup_meta_api_key"));
	CHECK(!export_secret_column("imap_host"));
	/* every spelling of a secret the plan must not copy */
	CHECK(export_secret_column("pass"));
	CHECK(export_secret_column("PW"));
	CHECK(export_secret_column("imap-passwd"));
	CHECK(export_secret_column("Token"));
	CHECK(export_secret_column("access_token"));
	CHECK(export_secret_column("totp_seed"));
	CHECK(export_secret_column("Client Secret"));
	CHECK(!export_secret_column("passport"));
	CHECK(!export_secret_column("email"));
	CHECK(!export_secret_column("first_name"));
}

static void
test_filter(void)
{
	const char	*j = "[{\"id\":5,\"email_account\":\"Ann@Acme.com\","
	    "\"status\":\"active\",\"provider\":\"google\",\"created_at\":"
	    "\"2026-01-05T10:00:00Z\"},{\"id\":6,\"email_account\":"
	    "\"bob@other.com\",\"status\":\"pending\",\"provider\":\"maildoso\","
	    "\"created_at\":\"2026-02-01T00:00:00Z\"}]";
	struct json_doc	*d = json_parse(j, strlen(j), NULL, 0);
	struct export_filter f;
	struct strmap	 ids;
	char		*st[2] = { "pending", "failed" };
	int		 a = json_at(d, 0, 0), b = json_at(d, 0, 1);

	memset(&f, 0, sizeof f);
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	f.domain = "acme.com";
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	f.domain = NULL;
	f.status = st;
	f.nstatus = 2;
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	f.nstatus = 0;
	f.keyword = "ANN@";
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	f.keyword = NULL;
	f.since = "2026-01-05";
	f.until = "2026-01-31";
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	f.since = f.until = NULL;
	f.provider = "maildoso";
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	f.provider = NULL;
	strmap_init(&ids);
	strmap_put(&ids, "6", 0);
	strmap_put(&ids, "ann@acme.com", 0);
	f.ids = &ids;
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, a));
	CHECK(export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	strmap_free(&ids);
	strmap_init(&ids);
	strmap_put(&ids, "7", 0);
	CHECK(!export_filter_match(&f, EXPORT_ACCOUNTS, d, b));
	strmap_free(&ids);
	json_free(d);
}

int
main(void)
{
	TEST(test_raw_flatten);
	TEST(test_seq_formats);
	TEST(test_creds_json);
	TEST(test_pick_and_secret);
	TEST(test_filter);
	return th_done();
}
