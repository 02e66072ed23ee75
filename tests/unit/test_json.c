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
	buf_free(&b);
}

/* n opening brackets (open, e.g. "[" or "{\"k\":") then n closing ones. */
static void
nest(struct buf *b, int n, const char *open, const char *close,
    const char *inner)
{
	int	i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_puts(b, open);
	buf_puts(b, inner);
	for (i = 0; i < n; i++)
		buf_puts(b, close);
}

/* 1 when json_parse() refuses b for its depth. */
static int
too_deep(const struct buf *b)
{
	char		 err[128] = "";
	struct json_doc	*d = json_parse(b->data, b->len, err, sizeof err);

	json_free(d);
	return d == NULL && strstr(err, "nested deeper than 64 levels") != NULL;
}

/* JSON_MAX_DEPTH levels are read, one more is refused, arrays and objects
 * alike; brackets inside strings do not count. */
static void
test_depth_limit(void)
{
	struct buf	 b = BUF_INIT;
	struct json_doc	*d;
	char		 err[128];
	int		 i, v;

	CHECK_INT(JSON_MAX_DEPTH, 64);
	nest(&b, 64, "[", "]", "1");
	d = json_parse(b.data, b.len, err, sizeof err);
	CHECK(d != NULL);
	for (v = 0, i = 0; json_type(d, v) == JSON_ARRAY; v = json_child(d, v))
		i++;
	CHECK_INT(i, 64);
	CHECK_INT(json_type(d, v), JSON_NUMBER);
	json_free(d);
	nest(&b, 65, "[", "]", "1");
	err[0] = '\0';
	CHECK(json_parse(b.data, b.len, err, sizeof err) == NULL);
	CHECK_STR(err, "json nested deeper than 64 levels at byte 64");
	nest(&b, 64, "{\"k\":", "}", "\"[[[[{{{{\\\"[[\"");
	d = json_parse(b.data, b.len, err, sizeof err);
	CHECK(d != NULL);
	json_free(d);
	nest(&b, 65, "{\"k\":", "}", "0");
	CHECK(too_deep(&b));
	/* Arrays and objects mixed (80 levels); unclosed brackets. */
	nest(&b, 40, "[{\"a\":", "}]", "[]");
	CHECK(too_deep(&b));
	nest(&b, 65, "[", "", "");
	CHECK(too_deep(&b));
	buf_free(&b);
}

/*
 * The 60,000-deep text of the report (120 KB): refused, not read for
 * seconds (jsmn's walk up the open containers is quadratic in the depth).
 * Its CPU time is a benchmark figure, not asserted here.
 */
static void
test_deep_text_refused(void)
{
	struct buf	 b = BUF_INIT;

	nest(&b, 60000, "[", "]", "");
	CHECK_INT(b.len, 120000);
	CHECK(too_deep(&b));
	nest(&b, 200000, "{\"a\":", "}", "1");
	CHECK(too_deep(&b));
	buf_free(&b);
}

/* [0,0,...] of n elements: n + 1 values. */
static void
flat(struct buf *b, size_t n)
{
	size_t	i;

	buf_reset(b);
	buf_putc(b, '[');
	for (i = 0; i < n; i++)
		buf_puts(b, i ? ",0" : "0");
	buf_putc(b, ']');
}

/* json_parse() reads JSON_MAX_TOKENS values and keys, no more;
 * json_parse_max() takes another cap, 0 for none. */
static void
test_token_limit(void)
{
	struct buf	 b = BUF_INIT;
	struct json_doc	*d;
	char		 err[128] = "";

	flat(&b, JSON_MAX_TOKENS - 1);
	d = json_parse(b.data, b.len, err, sizeof err);
	CHECK(d != NULL);
	CHECK_INT(json_len(d, 0), JSON_MAX_TOKENS - 1);
	json_free(d);
	flat(&b, JSON_MAX_TOKENS);
	CHECK(json_parse(b.data, b.len, err, sizeof err) == NULL);
	CHECK_STR(err, "json text holds more than 1048576 values and keys");
	d = json_parse_max(b.data, b.len, 0, err, sizeof err);
	CHECK(d != NULL);
	CHECK_INT(json_len(d, 0), JSON_MAX_TOKENS);
	json_free(d);
	flat(&b, 9);
	d = json_parse_max(b.data, b.len, 10, err, sizeof err);
	CHECK(d != NULL);
	json_free(d);
	flat(&b, 10);
	CHECK(json_parse_max(b.data, b.len, 10, err, sizeof err) == NULL);
	CHECK_CONTAINS(err, "more than 10 values");
	CHECK(json_parse_max("{\"a\":1,\"b\":2}", 13, 4, err,
	    sizeof err) == NULL);
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

/* An empty string is "" (json_unescape once left the buffer it grew for
 * nothing unterminated). */
static void
test_empty_string(void)
{
	struct json_doc	*d = parse("{\"e\":\"\",\"x\":\"\\u00e9\"}");
	char		*s;

	CHECK(d != NULL);
	s = json_get_str(d, 0, "e");
	CHECK_STR(s, "");
	free(s);
	s = json_get_str(d, 0, "x");
	CHECK_STR(s, "\xc3\xa9");
	free(s);
	CHECK(json_str_eq(d, json_get(d, 0, "e"), ""));
	json_free(d);
}

/* ---- json_stream ---- */

/* A canonical rendering of value v: the same for the element parsed alone
 * and for that element inside the whole document. */
static void
render(struct buf *out, const struct json_doc *d, int v)
{
	const char	*raw;
	size_t		 n;
	char		*s;
	int		 k;

	switch (json_type(d, v)) {
	case JSON_OBJECT:
		buf_putc(out, '{');
		for (k = json_child(d, v); k >= 0; k = json_next(d, k)) {
			render(out, d, k);
			buf_putc(out, ':');
			render(out, d, json_key_value(d, k));
			buf_putc(out, ';');
		}
		buf_putc(out, '}');
		break;
	case JSON_ARRAY:
		buf_putc(out, '[');
		for (k = json_child(d, v); k >= 0; k = json_next(d, k)) {
			render(out, d, k);
			buf_putc(out, ';');
		}
		buf_putc(out, ']');
		break;
	case JSON_STRING:
		if (json_str(d, v, &s) == 0) {
			buf_printf(out, "s<%s>", s);
			free(s);
		} else
			buf_puts(out, "s!");
		break;
	default:
		raw = json_raw(d, v, &n);
		buf_printf(out, "%s<%.*s>", json_type_name(json_type(d, v)),
		    (int)n, raw != NULL ? raw : "");
		break;
	}
}

struct collect {
	struct buf	out;		/* each element rendered, then '\n' */
	size_t		next;		/* the index fn should see next */
	int		bad_index;
	int		refuse_at;	/* -1: accept all */
};

static int
collect_one(void *ctx, const struct json_doc *d, size_t i, char *err,
    size_t errlen)
{
	struct collect	*c = ctx;

	if (i != c->next++)
		c->bad_index = 1;
	if (c->refuse_at >= 0 && i == (size_t)c->refuse_at) {
		snprintf(err, errlen, "refused %zu", i);
		return -1;
	}
	render(&c->out, d, 0);
	buf_putc(&c->out, '\n');
	return 0;
}

static void
collect_init(struct collect *c)
{
	buf_init(&c->out);
	c->next = 0;
	c->bad_index = 0;
	c->refuse_at = -1;
}

/* The elements of the array text as json_parse() sees them. */
static void
reference(const char *text, struct buf *out)
{
	struct json_doc	*d = json_parse(text, strlen(text), NULL, 0);
	int		 v;

	for (v = json_child(d, 0); v >= 0; v = json_next(d, v)) {
		render(out, d, v);
		buf_putc(out, '\n');
	}
	json_free(d);
}

/* Feed text in pieces cut at cuts[0..ncut) (ascending); 0 or -1 + err. */
static int
stream_cut(struct json_stream *s, const char *text, const size_t *cuts,
    size_t ncut, char *err, size_t errlen)
{
	size_t	len = strlen(text), at = 0, i;

	for (i = 0; i <= ncut; i++) {
		size_t	to = i < ncut ? cuts[i] : len;

		if (json_stream_feed(s, text + at, to - at, err, errlen) < 0)
			return -1;
		at = to;
	}
	return json_stream_end(s, err, errlen);
}

static const char *stream_sample =
    " [ {\"name\":\"a\\\"]b}\",\"tags\":[\"[\",\"]\",\"{\\\\\"],"
    "\"n\":{\"x\":[1,[2,{\"y\":[]}]],\"z\":{}}} ,\n"
    "\"str with ] and [ and \\\"}\\\" and \\\\\" ,"
    "-12.5e+3,true , false,null,0,"
    "[[], {}, [[\"\\u00e9\\/\"]]],"
    "{\"k\":\"\\\\\"} ,\t\"\" ,{\"e\\\"k\":\"v\"}\r\n] \n";

/* Every single cut, every pair of cuts, one byte at a time: the same
 * elements as json_parse() of the whole text, in order. */
static void
test_stream_boundaries(void)
{
	struct buf		 want = BUF_INIT;
	struct collect		 c;
	struct json_stream	*s;
	size_t			 len = strlen(stream_sample), i, j, cuts[2];
	size_t			*all;
	char			 err[160];
	int			 ok = 1, rc;

	reference(stream_sample, &want);
	CHECK(want.len > 0);
	collect_init(&c);
	s = json_stream_new(collect_one, &c, 0);
	for (i = 0; i <= len; i++) {
		for (j = i; j <= len; j++) {
			json_stream_reset(s);
			buf_reset(&c.out);
			c.next = 0;
			cuts[0] = i;
			cuts[1] = j;
			rc = stream_cut(s, stream_sample, cuts, 2, err,
			    sizeof err);
			if (rc != 0 || strcmp(buf_cstr(&c.out),
			    buf_cstr(&want)) != 0 || c.bad_index) {
				if (ok)
					fprintf(stderr, "    cut %zu,%zu: %s\n",
					    i, j, rc ? err : c.out.data);
				ok = 0;
			}
		}
	}
	CHECK(ok);
	CHECK_INT(json_stream_count(s), 11);
	CHECK_INT(json_stream_is_array(s), 1);

	/* One byte at a time. */
	all = calloc(len, sizeof *all);
	for (i = 0; i < len; i++)
		all[i] = i;
	json_stream_reset(s);
	buf_reset(&c.out);
	c.next = 0;
	CHECK_INT(stream_cut(s, stream_sample, all, len, err, sizeof err), 0);
	CHECK_STR(buf_cstr(&c.out), buf_cstr(&want));
	free(all);
	json_stream_free(s);
	buf_free(&c.out);
	buf_free(&want);
}

static void
test_stream_empty_and_small(void)
{
	static const char *const good[] = { "[]", " [ ] ", "\n[\r\n\t]\n",
	    "[1]", "[\"\"]", "[{}]", "[[]]", "[ -0 , 1e5 ]", "[\"]\"]",
	    "[\"\\\\\"]", NULL };
	static const size_t counts[] = { 0, 0, 0, 1, 1, 1, 1, 2, 1, 1 };
	struct buf		 want = BUF_INIT;
	struct collect		 c;
	struct json_stream	*s;
	size_t			 i, k, len;
	char			 err[160];
	int			 ok = 1;

	collect_init(&c);
	s = json_stream_new(collect_one, &c, 0);
	for (i = 0; good[i] != NULL; i++) {
		buf_reset(&want);
		reference(good[i], &want);
		len = strlen(good[i]);
		for (k = 0; k <= len; k++) {
			json_stream_reset(s);
			buf_reset(&c.out);
			c.next = 0;
			if (stream_cut(s, good[i], &k, 1, err, sizeof err) != 0 ||
			    strcmp(buf_cstr(&c.out), buf_cstr(&want)) != 0 ||
			    json_stream_count(s) != counts[i]) {
				fprintf(stderr, "    %s cut %zu\n", good[i], k);
				ok = 0;
			}
		}
	}
	CHECK(ok);
	/* Empty pieces change nothing. */
	json_stream_reset(s);
	CHECK_INT(json_stream_feed(s, "", 0, err, sizeof err), 0);
	CHECK_INT(json_stream_is_array(s), 0);
	CHECK_INT(json_stream_feed(s, "[", 1, err, sizeof err), 0);
	CHECK_INT(json_stream_is_array(s), 1);
	CHECK_INT(json_stream_feed(s, "", 0, err, sizeof err), 0);
	CHECK_INT(json_stream_feed(s, "]", 1, err, sizeof err), 0);
	CHECK_INT(json_stream_end(s, err, sizeof err), 0);
	json_stream_free(s);
	json_stream_free(NULL);
	buf_free(&c.out);
	buf_free(&want);
}

/* Rejected whole and at every cut, with the same message; never a crash. */
static void
test_stream_rejects(void)
{
	static const struct {
		const char	*text;
		const char	*msg;	/* a part of the message */
		int		 is_array;
	} bad[] = {
		{ "", "empty json text", 0 },
		{ "  \n ", "empty json text", 0 },
		{ "[", "unexpected end", 1 },
		{ "[1,2", "unexpected end", 1 },
		{ "[1,2,", "unexpected end", 1 },
		{ "[{\"a\":1}", "unexpected end", 1 },
		{ "[{\"a\":[1,2]}, {\"b\":", "unexpected end", 1 },
		{ "[\"abc", "unexpected end", 1 },
		{ "[\"a\\\"]", "unexpected end", 1 },
		{ "[1] x", "trailing data", 1 },
		{ "[1][2]", "trailing data", 1 },
		{ "[] ,", "trailing data", 1 },
		{ "{\"a\":[1]}", "not an array", 0 },
		{ "\"[1]\"", "not an array", 0 },
		{ "5", "not an array", 0 },
		{ "x[1]", "not an array", 0 },
		{ "[1,,2]", "invalid json near byte 3", 1 },
		{ "[1,]", "invalid json near byte 3", 1 },
		{ "[,1]", "invalid json near byte 1", 1 },
		{ "[1 2]", "invalid json near byte 3", 1 },
		{ "[\"a\" \"b\"]", "invalid json near byte 5", 1 },
		{ "[{\"a\":1]}]", "array element 0", 1 },
		{ "[{\"a\" 1}]", "array element 0", 1 },
		{ "[1, tru]", "array element 1 at byte 4", 1 },
		{ "[1, 01]", "array element 1", 1 },
		{ "[1}]", "array element 0", 1 },
		{ "[1\"a\"]", "array element 0", 1 },
		{ "[\"a\nb\"]", "control character", 1 },
		{ "[{}:1]", "invalid json near byte 3", 1 },
		{ "[}]", "invalid json near byte 1", 1 },
	};
	struct collect		 c;
	struct json_stream	*s;
	size_t			 i, k, len;
	char			 err[160], whole[160];
	int			 ok = 1;

	collect_init(&c);
	s = json_stream_new(collect_one, &c, 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		len = strlen(bad[i].text);
		json_stream_reset(s);
		whole[0] = '\0';
		if (stream_cut(s, bad[i].text, NULL, 0, whole,
		    sizeof whole) == 0 || strstr(whole, bad[i].msg) == NULL ||
		    json_stream_is_array(s) != bad[i].is_array) {
			fprintf(stderr, "    %s: \"%s\"\n", bad[i].text, whole);
			ok = 0;
			continue;
		}
		for (k = 0; k <= len; k++) {
			json_stream_reset(s);
			err[0] = '\0';
			if (stream_cut(s, bad[i].text, &k, 1, err,
			    sizeof err) == 0 || strcmp(err, whole) != 0) {
				fprintf(stderr, "    %s cut %zu: \"%s\"\n",
				    bad[i].text, k, err);
				ok = 0;
			}
		}
	}
	CHECK(ok);

	/* A NUL byte between elements or inside one. */
	json_stream_reset(s);
	CHECK_INT(json_stream_feed(s, "[1,\0 2]", 7, err, sizeof err), -1);
	json_stream_reset(s);
	CHECK_INT(json_stream_feed(s, "[\"a\0\"]", 6, err, sizeof err), -1);
	CHECK_CONTAINS(err, "nul byte");

	/* Failed stays failed, with the same message, until a reset. */
	json_stream_reset(s);
	CHECK_INT(json_stream_feed(s, "[1 x", 4, err, sizeof err), -1);
	snprintf(whole, sizeof whole, "%s", err);
	err[0] = '\0';
	CHECK_INT(json_stream_feed(s, "]", 1, err, sizeof err), -1);
	CHECK_STR(err, whole);
	CHECK_INT(json_stream_end(s, err, sizeof err), -1);
	CHECK_STR(err, whole);
	CHECK_INT(json_stream_end(s, NULL, 0), -1);
	json_stream_reset(s);
	CHECK_INT(json_stream_feed(s, "[1]", 3, err, sizeof err), 0);
	CHECK_INT(json_stream_end(s, err, sizeof err), 0);
	json_stream_free(s);
	buf_free(&c.out);
}

/* The element cap, and fn refusing an element. */
static void
test_stream_limits(void)
{
	struct collect		 c;
	struct json_stream	*s;
	char			 err[160];
	size_t			 k;
	const char		*text = "[\"0123456789\",[1,2,3,4,5,6,7],"
				    "{\"abcdefghij\":1}]";
	int			 ok = 1;

	collect_init(&c);
	/* 12 bytes: "0123456789" fits, the array (15) does not. */
	s = json_stream_new(collect_one, &c, 12);
	for (k = 0; k <= strlen(text); k++) {
		json_stream_reset(s);
		buf_reset(&c.out);
		c.next = 0;
		err[0] = '\0';
		if (stream_cut(s, text, &k, 1, err, sizeof err) == 0 ||
		    strcmp(err, "array element 1 is larger than 12 bytes") !=
		    0 || json_stream_count(s) != 1) {
			fprintf(stderr, "    cut %zu: %s\n", k, err);
			ok = 0;
		}
	}
	CHECK(ok);
	json_stream_free(s);

	c.refuse_at = 1;
	s = json_stream_new(collect_one, &c, 0);
	c.next = 0;
	CHECK_INT(stream_cut(s, text, NULL, 0, err, sizeof err), -1);
	CHECK_STR(err, "refused 1");
	CHECK_INT(json_stream_count(s), 1);
	json_stream_free(s);
	buf_free(&c.out);
}

/*
 * The stream counts depth as json_parse() of the whole text does (the
 * array around the elements is level 1), at every cut, and refuses a deep
 * element as its bytes arrive, before it ends.
 */
static void
test_stream_depth(void)
{
	struct buf		 b = BUF_INIT, el = BUF_INIT;
	struct collect		 c;
	struct json_stream	*s;
	struct json_doc		*d;
	char			 err[160];
	size_t			 k;
	int			 depth, ok = 1;

	collect_init(&c);
	s = json_stream_new(collect_one, &c, 0);
	for (depth = 63; depth <= 64; depth++) {
		nest(&el, depth, "[", "]", "\"]]][[[\"");
		buf_reset(&b);
		buf_printf(&b, "[1,%s,2]", buf_cstr(&el));
		d = json_parse(b.data, b.len, NULL, 0);
		CHECK((d != NULL) == (depth == 63));
		json_free(d);
		for (k = 0; k <= b.len; k++) {
			json_stream_reset(s);
			c.next = 0;
			err[0] = '\0';
			if ((stream_cut(s, b.data, &k, 1, err, sizeof err) ==
			    0) != (depth == 63) || (depth == 64 &&
			    (strstr(err, "array element 1 at byte 3: json "
			    "nested deeper than 64 levels at byte 66") == NULL ||
			    json_stream_count(s) != 1))) {
				if (ok)
					fprintf(stderr, "    depth %d cut %zu: "
					    "%s\n", depth, k, err);
				ok = 0;
			}
		}
	}
	CHECK(ok);
	/* 60,000 opening brackets, no closing one yet: refused already. */
	json_stream_reset(s);
	nest(&b, 60000, "[", "", "");
	CHECK_INT(json_stream_feed(s, b.data, b.len, err, sizeof err), -1);
	CHECK_CONTAINS(err, "nested deeper than 64 levels");
	json_stream_free(s);
	buf_free(&c.out);
	buf_free(&b);
	buf_free(&el);
}

/* Many elements through small pieces: the same as json_parse(). */
static void
test_stream_many(void)
{
	struct buf		 text = BUF_INIT, want = BUF_INIT;
	struct collect		 c;
	struct json_stream	*s;
	char			 err[160];
	size_t			 at, n;
	int			 i, rc = 0;

	buf_putc(&text, '[');
	for (i = 0; i < 5000; i++)
		buf_printf(&text, "%s{\"domain_name\":\"d%d.com\","
		    "\"domain_status\":\"%s\",\"name_servers\":[\"ns1\","
		    "\"ns2\"],\"note\":\"q\\\"]}%d\"}", i ? ",\n" : "", i,
		    i % 3 ? "ACTIVE" : "PENDING", i);
	buf_putc(&text, ']');
	reference(text.data, &want);
	collect_init(&c);
	s = json_stream_new(collect_one, &c, 0);
	for (at = 0; at < text.len && rc == 0; at += n) {
		n = 1 + at % 997;
		if (n > text.len - at)
			n = text.len - at;
		rc = json_stream_feed(s, text.data + at, n, err, sizeof err);
	}
	CHECK_INT(rc, 0);
	CHECK_INT(json_stream_end(s, err, sizeof err), 0);
	CHECK_INT(json_stream_count(s), 5000);
	CHECK(strcmp(buf_cstr(&c.out), buf_cstr(&want)) == 0);
	json_stream_free(s);
	buf_free(&c.out);
	buf_free(&want);
	buf_free(&text);
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
	TEST(test_depth_limit);
	TEST(test_deep_text_refused);
	TEST(test_token_limit);
	TEST(test_writer);
	TEST(test_index);
	TEST(test_empty_string);
	TEST(test_stream_boundaries);
	TEST(test_stream_empty_and_small);
	TEST(test_stream_rejects);
	TEST(test_stream_limits);
	TEST(test_stream_many);
	TEST(test_stream_depth);
	return th_done();
}
