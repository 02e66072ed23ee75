/*
 * fuzz_json.c - json.c: json_parse(), every getter, json_index,
 * json_unescape and json_put_str, and json_stream fed in random pieces.
 *
 * Input: one byte seeding the chunk sizes, then the text. Checks, each an
 * abort when broken:
 *  - getters agree with the type (json_int succeeds only on numbers...),
 *    json_at() with json_child()/json_next(), json_len() with the count;
 *  - a string's json_str() equals json_unescape() of its raw text, and
 *    survives json_put_str() and a parse unchanged;
 *  - json_index_find() finds every object the index was built from;
 *  - streaming and whole-text parsing agree: a text that parses whole as
 *    an array streams as the same elements (compared by a canonical dump),
 *    anything else fails the stream. A text the whole parse refuses may
 *    stream only when it nests deeper than a document may (each element
 *    is one level shallower than the text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fuzz_util.h"
#include "json.h"

#define DUMP_DEPTH	200	/* deeper values dump as "~" on both sides */
#define SHALLOW		32	/* nesting below which whole and stream agree */

/* A canonical text of value v: type letters, raw scalars, structure. */
static void
dump(const struct json_doc *d, int v, struct buf *b, int depth)
{
	enum json_type	 t = json_type(d, v);
	const char	*raw;
	size_t		 len;
	int		 c;

	if (depth > DUMP_DEPTH) {
		buf_putc(b, '~');
		return;
	}
	if (t == JSON_OBJECT || t == JSON_ARRAY) {
		buf_putc(b, t == JSON_OBJECT ? '{' : '[');
		for (c = json_child(d, v); c >= 0; c = json_next(d, c)) {
			dump(d, c, b, depth + 1);
			if (t == JSON_OBJECT) {
				buf_putc(b, ':');
				dump(d, json_key_value(d, c), b, depth + 1);
			}
			buf_putc(b, ',');
		}
		buf_putc(b, t == JSON_OBJECT ? '}' : ']');
		return;
	}
	raw = json_raw(d, v, &len);
	buf_printf(b, "%d<", (int)t);
	if (raw != NULL)
		buf_append(b, raw, len);
	buf_putc(b, '>');
}

/* json_str, json_unescape and the writer agree on string v. */
static void
check_string(const struct json_doc *d, int v)
{
	struct buf	 u = BUF_INIT, w = BUF_INIT;
	struct json_doc	*back;
	const char	*raw;
	char		*s = NULL, *s2 = NULL;
	size_t		 len;
	int		 ok, uok;

	raw = json_raw(d, v, &len);
	ok = json_str(d, v, &s) == 0;
	uok = raw != NULL && json_unescape(&u, raw, len) == 0;
	if (ok != uok || (ok && strcmp(s, buf_cstr(&u)) != 0))
		fuzz_fail("json_str and json_unescape disagree");
	if (ok) {
		if (!json_str_eq(d, v, s))
			fuzz_fail("json_str_eq refuses json_str's own text");
		json_put_str(&w, s);
		back = json_parse(w.data, w.len, NULL, 0);
		if (back == NULL || json_str(back, 0, &s2) != 0 ||
		    strcmp(s, s2) != 0)
			fuzz_fail("json_put_str does not read back: %s",
			    buf_cstr(&w));
		json_free(back);
	}
	free(s);
	free(s2);
	buf_free(&u);
	buf_free(&w);
}

/* Each typed getter succeeds only on its own type. */
static void
check_scalar(const struct json_doc *d, int v, enum json_type t)
{
	long long	i;
	double		x;
	char		*s = NULL;
	int		bv;

	if (json_int(d, v, &i) == 0 && (t != JSON_NUMBER ||
	    json_num(d, v, &x) != 0))
		fuzz_fail("json_int succeeded on a %s", json_type_name(t));
	if (json_num(d, v, &x) == 0 && t != JSON_NUMBER)
		fuzz_fail("json_num succeeded on a %s", json_type_name(t));
	if (json_bool(d, v, &bv) == 0 && t != JSON_BOOL)
		fuzz_fail("json_bool succeeded on a %s", json_type_name(t));
	if (json_is_null(d, v) != (t == JSON_NULL))
		fuzz_fail("json_is_null wrong on a %s", json_type_name(t));
	if (t == JSON_STRING)
		check_string(d, v);
	else if (json_str(d, v, &s) == 0)
		fuzz_fail("json_str succeeded on a %s", json_type_name(t));
}

/* Members by name: json_get and its shortcuts agree with the value. */
static void
check_member(const struct json_doc *d, int obj, int k)
{
	char		*key = NULL, *s, *s2 = NULL;
	long long	 i, i2;
	int		 v, b, b2;

	if (json_type(d, k) != JSON_STRING)
		fuzz_fail("an object key is a %s",
		    json_type_name(json_type(d, k)));
	if (json_str(d, k, &key) != 0)
		return;
	if ((v = json_get(d, obj, key)) < 0)
		fuzz_fail("json_get misses key \"%s\"", key);
	s = json_get_str(d, obj, key);
	if ((s != NULL) != (json_str(d, v, &s2) == 0) || (s != NULL &&
	    strcmp(s, s2) != 0))
		fuzz_fail("json_get_str and json_str disagree on \"%s\"", key);
	if ((json_get_int(d, obj, key, &i) == 0) != (json_int(d, v, &i2) ==
	    0) || (json_get_bool(d, obj, key, &b) == 0) != (json_bool(d, v,
	    &b2) == 0))
		fuzz_fail("member shortcuts disagree on \"%s\"", key);
	free(s);
	free(s2);
	free(key);
}

/* json_index over array arr by the first key of its first element. */
static void
check_index(const struct json_doc *d, int arr)
{
	struct json_index	*idx;
	char			*key = NULL, *s, *t;
	int			 first = json_child(d, arr), v, f;

	if (json_type(d, first) != JSON_OBJECT || json_child(d, first) < 0 ||
	    json_str(d, json_child(d, first), &key) != 0)
		return;
	idx = json_index_new(d, arr, key);
	for (v = first; v >= 0; v = json_next(d, v)) {
		if ((s = json_get_str(d, v, key)) == NULL)
			continue;
		if ((f = json_index_find(idx, s)) < 0 ||
		    (t = json_get_str(d, f, key)) == NULL)
			fuzz_fail("json_index_find misses \"%s\"", s);
		if (strcasecmp(s, t) != 0)
			fuzz_fail("json_index_find(\"%s\") found \"%s\"", s, t);
		free(t);
		free(s);
	}
	(void)json_index_find(idx, "");
	json_index_free(idx);
	free(key);
}

static void
check_value(const struct json_doc *d, int v, int depth)
{
	enum json_type	t = json_type(d, v);
	int		c, n = 0;

	if (t == JSON_NONE || json_type_name(t) == NULL)
		fuzz_fail("value %d has no type", v);
	if (t != JSON_OBJECT && t != JSON_ARRAY) {
		check_scalar(d, v, t);
		return;
	}
	for (c = json_child(d, v); c >= 0; c = json_next(d, c), n++) {
		if (t == JSON_ARRAY && n < 64 && json_at(d, v, n) != c)
			fuzz_fail("json_at(%d) is not the %dth child", n, n);
		if (t == JSON_OBJECT)
			check_member(d, v, c);
		if (depth < DUMP_DEPTH)
			check_value(d, t == JSON_OBJECT ? json_key_value(d, c) :
			    c, depth + 1);
	}
	if (n != json_len(d, v) || (t == JSON_ARRAY && json_at(d, v, n) !=
	    -1))
		fuzz_fail("json_len %d, counted %d", json_len(d, v), n);
	if (t == JSON_ARRAY)
		check_index(d, v);
}

struct elems {
	struct buf	all;	/* dumps of the elements, each ending ';' */
};

static int
one_element(void *ctx, const struct json_doc *d, size_t i, char *err,
    size_t errlen)
{
	struct elems	*e = ctx;

	(void)i;
	(void)err;
	(void)errlen;
	dump(d, 0, &e->all, 0);
	buf_putc(&e->all, ';');
	return 0;
}

/* Streams text in pieces the generator picks; 0 when it was one array. */
static int
stream(const char *text, size_t len, uint64_t seed, struct elems *e,
    size_t *count)
{
	struct json_stream	*s = json_stream_new(one_element, e, 0);
	struct fuzz_rng		 rng;
	size_t			 off = 0, n;
	char			 err[256];
	int			 rc = 0;

	fuzz_rng_seed(&rng, seed);
	while (off < len && rc == 0) {
		n = 1 + fuzz_rng_below(&rng, rng.s & 1 ? 8 : 512);
		if (n > len - off)
			n = len - off;
		rc = json_stream_feed(s, text + off, n, err, sizeof err);
		off += n;
	}
	if (rc == 0)
		rc = json_stream_end(s, err, sizeof err);
	else if (json_stream_end(s, err, sizeof err) == 0)
		fuzz_fail("json_stream_end succeeds after a failed feed");
	*count = json_stream_count(s);
	json_stream_free(s);
	return rc;
}

/* The deepest nesting of brackets outside strings. */
static size_t
nesting(const char *p, size_t len)
{
	size_t	i, depth = 0, max = 0;
	int	in_str = 0;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_str = 0;
		} else if (p[i] == '"')
			in_str = 1;
		else if (p[i] == '[' || p[i] == '{') {
			if (++depth > max)
				max = depth;
		} else if ((p[i] == ']' || p[i] == '}') && depth > 0)
			depth--;
	}
	return max;
}

/* Whole-text and streaming results agree (see the top of the file). */
static void
cross_check(const struct json_doc *d, const char *text, size_t len,
    uint64_t seed)
{
	struct elems	 e = { BUF_INIT };
	struct buf	 want = BUF_INIT;
	size_t		 count;
	int		 c, rc;

	rc = stream(text, len, seed, &e, &count);
	if (d != NULL && json_type(d, 0) == JSON_ARRAY) {
		for (c = json_child(d, 0); c >= 0; c = json_next(d, c)) {
			dump(d, c, &want, 0);
			buf_putc(&want, ';');
		}
		if (rc != 0 || count != (size_t)json_len(d, 0) ||
		    strcmp(buf_cstr(&want), buf_cstr(&e.all)) != 0)
			fuzz_fail("an array streams otherwise (rc %d, %zu "
			    "elements of %d)", rc, count, json_len(d, 0));
	} else if (d != NULL && rc == 0)
		fuzz_fail("a %s root streams as an array",
		    json_type_name(json_type(d, 0)));
	else if (d == NULL && rc == 0 && nesting(text, len) < SHALLOW)
		fuzz_fail("the stream accepts a text json_parse refuses");
	buf_free(&want);
	buf_free(&e.all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*text = (const char *)data + 1;
	struct json_doc	*d;
	size_t		 len;
	char		 err[256];

	if (size < 1)
		return 0;
	len = size - 1;
	d = json_parse(text, len, err, sizeof err);
	if (d != NULL) {
		check_value(d, 0, 0);
		if (json_type(d, -1) != JSON_NONE || json_child(d, -1) != -1 ||
		    json_next(d, 0) != -1 || json_get(d, -1, "a") != -1)
			fuzz_fail("an absent value is not absent");
	}
	/* json_parse's contract excludes NUL bytes: no comparison then. */
	if (memchr(text, '\0', len) == NULL)
		cross_check(d, text, len, data[0]);
	json_free(d);
	return 0;
}
