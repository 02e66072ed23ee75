/*
 * test_json.c - the JSON reader and writer (src/json.c).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "json.h"

static struct json_doc *
parse(const char *s)
{
	char	err[128];

	return json_parse(s, strlen(s), err, sizeof err);
}

static int
rejects(const char *s)
{
	char		 err[128] = "";
	struct json_doc	*d = json_parse(s, strlen(s), err, sizeof err);

	if (d != NULL) {
		fprintf(stderr, "    accepted: %s\n", s);
		json_free(d);
		return 0;
	}
	return err[0] != '\0';
}

static void
test_object_lookup(void)
{
	struct json_doc	*d = parse("{\"id\": 42, \"name\": \"a\\\"b\", "
	    "\"ok\": true, \"no\": false, \"nil\": null, "
	    "\"nested\": {\"x\": [1, 2, {\"y\": 3}]}, \"last\": -7}");
	long long	 n;
	int		 b;
	char		*s;

	CHECK(d != NULL);
	CHECK_INT(json_type(d, 0), JSON_OBJECT);
	CHECK_INT(json_len(d, 0), 7);
	CHECK_INT(json_get_int(d, 0, "id", &n), 0);
	CHECK_INT(n, 42);
	s = json_get_str(d, 0, "name");
	CHECK_STR(s, "a\"b");
	free(s);
	CHECK_INT(json_get_bool(d, 0, "ok", &b), 0);
	CHECK_INT(b, 1);
	CHECK_INT(json_get_bool(d, 0, "no", &b), 0);
	CHECK_INT(b, 0);
	CHECK(json_is_null(d, json_get(d, 0, "nil")));
	CHECK(!json_is_null(d, json_get(d, 0, "missing")));
	CHECK_INT(json_get(d, 0, "missing"), -1);
	/* The key after a nested value is still found (skipping works). */
	CHECK_INT(json_get_int(d, 0, "last", &n), 0);
	CHECK_INT(n, -7);
	CHECK_INT(json_get_int(d, json_at(d, json_get(d,
	    json_get(d, 0, "nested"), "x"), 2), "y", &n), 0);
	CHECK_INT(n, 3);
	/* Type mismatches are errors, not conversions. */
	CHECK_INT(json_get_int(d, 0, "name", &n), -1);
	CHECK(json_get_str(d, 0, "id") == NULL);
	CHECK_INT(json_get_bool(d, 0, "nil", &b), -1);
	json_free(d);
}

static void
test_array_iteration(void)
{
	struct json_doc	*d = parse("[ {\"a\":[1,[2,3]]}, \"s\", 3, [], {} ]");
	int		 v, count = 0;
	long long	 n;

	CHECK(d != NULL);
	CHECK_INT(json_len(d, 0), 5);
	for (v = json_child(d, 0); v >= 0; v = json_next(d, v))
		count++;
	CHECK_INT(count, 5);
	CHECK_INT(json_type(d, json_at(d, 0, 0)), JSON_OBJECT);
	CHECK_INT(json_type(d, json_at(d, 0, 1)), JSON_STRING);
	CHECK_INT(json_int(d, json_at(d, 0, 2), &n), 0);
	CHECK_INT(n, 3);
	CHECK_INT(json_type(d, json_at(d, 0, 3)), JSON_ARRAY);
	CHECK_INT(json_child(d, json_at(d, 0, 3)), -1);
	CHECK_INT(json_type(d, json_at(d, 0, 4)), JSON_OBJECT);
	CHECK_INT(json_at(d, 0, 5), -1);
	CHECK_INT(json_next(d, json_at(d, 0, 4)), -1);
	json_free(d);
}

static void
test_object_iteration(void)
{
	struct json_doc	*d = parse("{\"a\":1,\"b\":{\"c\":2},\"d\":3}");
	const char	*want[] = { "a", "b", "d" };
	int		 k, i = 0;

	CHECK(d != NULL);
	for (k = json_child(d, 0); k >= 0; k = json_next(d, k), i++) {
		CHECK(i < 3);
		if (i < 3)
			CHECK(json_str_eq(d, k, want[i]));
		CHECK(json_key_value(d, k) == k + 1);
	}
	CHECK_INT(i, 3);
	json_free(d);
}

static void
test_unescape(void)
{
	struct json_doc	*d = parse("[\"\\u00e9\\u4e2d\\ud83d\\ude00\", "
	    "\"\\n\\t\\/\\\\\\b\\f\\r\", \"\\ud83d\", \"\\ude00x\", "
	    "\"\\u0000\", \"plain\"]");
	char		*s = NULL;

	CHECK(d != NULL);
	CHECK_INT(json_str(d, json_at(d, 0, 0), &s), 0);
	CHECK_STR(s, "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80");
	free(s);
	CHECK_INT(json_str(d, json_at(d, 0, 1), &s), 0);
	CHECK_STR(s, "\n\t/\\\b\f\r");
	free(s);
	/* Lone surrogates and U+0000 cannot become a C string. */
	CHECK_INT(json_str(d, json_at(d, 0, 2), &s), -1);
	CHECK_INT(json_str(d, json_at(d, 0, 3), &s), -1);
	CHECK_INT(json_str(d, json_at(d, 0, 4), &s), -1);
	CHECK(json_str_eq(d, json_at(d, 0, 5), "plain"));
	CHECK(!json_str_eq(d, json_at(d, 0, 5), "plai"));
	json_free(d);
	/* Escaped keys are matched by their decoded text. */
	d = parse("{\"k\\u0065y\": 1}");
	CHECK(d != NULL);
	CHECK(json_get(d, 0, "key") == 2);
	json_free(d);
}

static void
test_integers(void)
{
	struct json_doc	*d = parse("[9223372036854775807, "
	    "9223372036854775808, -9223372036854775808, 1.5, 1e3, 0, -0]");
	long long	 n;
	double		 x;

	CHECK(d != NULL);
	CHECK_INT(json_int(d, json_at(d, 0, 0), &n), 0);
	CHECK(n == 9223372036854775807LL);
	CHECK_INT(json_int(d, json_at(d, 0, 1), &n), -1);	/* overflow */
	CHECK_INT(json_int(d, json_at(d, 0, 2), &n), 0);
	CHECK_INT(json_int(d, json_at(d, 0, 3), &n), -1);	/* fraction */
	CHECK_INT(json_int(d, json_at(d, 0, 4), &n), -1);	/* exponent */
	CHECK_INT(json_num(d, json_at(d, 0, 4), &x), 0);
	CHECK(x == 1000.0);
	CHECK_INT(json_int(d, json_at(d, 0, 5), &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(json_int(d, json_at(d, 0, 6), &n), 0);
	json_free(d);
}

static void
test_rejects(void)
{
	/* jsmn alone accepts each of these. */
	CHECK(rejects("[1,,2]"));
	CHECK(rejects("{}{}"));
	CHECK(rejects("[tru]"));
	CHECK(rejects("[nul]"));
	CHECK(rejects("[01]"));
	CHECK(rejects("[1.]"));
	CHECK(rejects("[-]"));
	CHECK(rejects("{\"k\"::1}"));
	CHECK(rejects("{\"k\" 1}"));
	CHECK(rejects("{k: 1}"));
	CHECK(rejects("{\"a\":1,}"));
	CHECK(rejects("[1 2]"));
	CHECK(rejects("[\"a\" \"b\"]"));
	CHECK(rejects("[\"a\":1]"));
	CHECK(rejects("{\"a\":\"b\":1}"));
	CHECK(rejects("[\"tab\there\"]"));
	CHECK(rejects("[\"\\x\"]"));
	CHECK(rejects("{\"a\":1"));
	CHECK(rejects("[1] x"));
	CHECK(rejects(""));
	CHECK(rejects("   "));
	CHECK(rejects("[1,]"));
	CHECK(rejects("[,1]"));
}

static void
test_scalars_and_ws(void)
{
	struct json_doc	*d;
	long long	 n;

	d = parse(" 12 ");
	CHECK(d != NULL);
	CHECK_INT(json_int(d, 0, &n), 0);
	CHECK_INT(n, 12);
	json_free(d);
	d = parse("\n\t\"x\"\r\n");
	CHECK(d != NULL);
	CHECK(json_str_eq(d, 0, "x"));
	json_free(d);
	d = parse("null");
	CHECK(d != NULL && json_is_null(d, 0));
	json_free(d);
	CHECK(json_type(NULL, 0) == JSON_NONE);
	CHECK(json_len(NULL, -1) == 0);
	json_free(NULL);
}

static void
test_nul_and_partial(void)
{
	char	err[64] = "";

	CHECK(json_parse("[1]\0[2]", 7, err, sizeof err) == NULL);
	CHECK_CONTAINS(err, "nul");
	/* Not NUL-terminated input: only len bytes are read. */
	{
		struct json_doc	*d = json_parse("[1,2]garbage", 5, err,
		    sizeof err);

		CHECK(d != NULL);
		CHECK_INT(json_len(d, 0), 2);
		json_free(d);
	}
}

/* Many tokens: the token array grows past its first allocation. */
static void
test_growth(void)
{
	struct buf	 b = BUF_INIT;
	struct json_doc	*d;
	long long	 n = 0, sum = 0;
	int		 i, v;

	buf_putc(&b, '[');
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "%s{\"i\":%d}", i ? "," : "", i);
	buf_putc(&b, ']');
	d = json_parse(b.data, b.len, NULL, 0);
	CHECK(d != NULL);
	CHECK_INT(json_len(d, 0), 20000);
	for (v = json_child(d, 0); v >= 0; v = json_next(d, v)) {
		CHECK_INT(json_get_int(d, v, "i", &n), 0);
		sum += n;
	}
	CHECK(sum == 19999LL * 20000 / 2);
	json_free(d);
	/* Deep nesting needs no recursion. */
	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 100000; i++)
		buf_putc(&b, ']');
	d = json_parse(b.data, b.len, NULL, 0);
	CHECK(d != NULL);
	json_free(d);
	buf_free(&b);
}

static void
test_writer(void)
{
	struct buf	 b = BUF_INIT;
	struct json_doc	*d;
	char		*s = NULL;
	const char	*nasty = "q\"b\\s/\n\r\t\b\f\x01\x1f\xc3\xa9 end";

	json_put_str(&b, nasty);
	CHECK_STR(buf_cstr(&b),
	    "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\xc3\xa9 end\"");
	/* Round trip. */
	d = json_parse(b.data, b.len, NULL, 0);
	CHECK(d != NULL);
	CHECK_INT(json_str(d, 0, &s), 0);
	CHECK_STR(s, nasty);
	free(s);
	json_free(d);
	buf_reset(&b);
	json_put_str(&b, NULL);
	CHECK_STR(buf_cstr(&b), "null");
	buf_reset(&b);
	json_put_strn(&b, "abcdef", 3);
	CHECK_STR(buf_cstr(&b), "\"abc\"");
	buf_free(&b);
}

/* json_index: any case, the first of equal keys, objects without the key
 * skipped, the same answers as a linear scan over many objects. */
static void
test_index(void)
{
	const char	*text = "[{\"name\":\"b.com\",\"id\":1},"
			    "{\"id\":2},{\"name\":\"A.com\",\"id\":3},"
			    "{\"name\":\"a.COM\",\"id\":4},"
			    "{\"name\":\"c.com\",\"id\":5}]";
	struct json_doc		*d;
	struct json_index	*idx;
	struct buf		 big = BUF_INIT;
	char			 err[128], name[32];
	long long		 id = 0;
	int			 v, i, ok = 1;

	d = json_parse(text, strlen(text), err, sizeof err);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	idx = json_index_new(d, 0, "name");
	v = json_index_find(idx, "a.com");
	CHECK(v >= 0 && json_get_int(d, v, "id", &id) == 0 && id == 3);
	v = json_index_find(idx, "B.COM");
	CHECK(v >= 0 && json_get_int(d, v, "id", &id) == 0 && id == 1);
	v = json_index_find(idx, "c.com");
	CHECK(v >= 0 && json_get_int(d, v, "id", &id) == 0 && id == 5);
	CHECK_INT(json_index_find(idx, "d.com"), -1);
	CHECK_INT(json_index_find(idx, ""), -1);
	CHECK_INT(json_index_find(NULL, "a.com"), -1);
	json_index_free(idx);
	json_free(d);

	buf_putc(&big, '[');
	for (i = 999; i >= 0; i--)
		buf_printf(&big, "%s{\"k\":\"key%d\",\"i\":%d}",
		    i == 999 ? "" : ",", i, i);
	buf_putc(&big, ']');
	d = json_parse(big.data, big.len, err, sizeof err);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	idx = json_index_new(d, 0, "k");
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "KEY%d", i);
		v = json_index_find(idx, name);
		if (v < 0 || json_get_int(d, v, "i", &id) < 0 || id != i)
			ok = 0;
	}
	CHECK(ok);
	json_index_free(idx);
	json_free(d);
	buf_free(&big);
}

int
main(void)
{
	TEST(test_object_lookup);
	TEST(test_array_iteration);
	TEST(test_object_iteration);
	TEST(test_unescape);
	TEST(test_integers);
	TEST(test_rejects);
	TEST(test_scalars_and_ws);
	TEST(test_nul_and_partial);
	TEST(test_growth);
	TEST(test_writer);
	TEST(test_index);
	return th_done();
}
