/*
 * json_stream.c - a top-level JSON array split into its elements as the
 * text arrives in pieces; each element parsed alone with json_parse().
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"
#include "json.h"
#include "json_impl.h"
#include "xmalloc.h"

enum js_state {
	JS_BEFORE,	/* white space, then '[' */
	JS_FIRST,	/* after '[': an element or ']' */
	JS_NEXT,	/* after ',': an element */
	JS_VALUE,	/* inside an element */
	JS_AFTER,	/* after an element: ',' or ']' */
	JS_DONE,	/* after the closing ']': white space only */
	JS_FAILED
};

enum js_kind {
	JK_CONTAINER,	/* an object or array: ends at depth 0 */
	JK_STRING,	/* ends at its closing quote */
	JK_PRIMITIVE	/* number or literal: ends before ws, ',' or ']' */
};

struct json_stream {
	json_element_fn		 fn;
	void			*ctx;
	size_t			 max;		/* largest element kept */
	enum js_state		 state;
	int			 is_array;
	/* The element being read. */
	enum js_kind		 kind;
	size_t			 depth;
	int			 in_str;
	int			 esc;
	struct buf		 carry;		/* its bytes from earlier chunks */
	unsigned long long	 elem_at;	/* its offset in the text */
	/* The text so far. */
	unsigned long long	 off;		/* bytes before this chunk */
	size_t			 count;		/* elements handed to fn */
	struct buf		 msg;		/* the error, once failed */
};

struct json_stream *
json_stream_new(json_element_fn fn, void *ctx, size_t max_element)
{
	struct json_stream	*s = xcalloc(1, sizeof *s);

	s->fn = fn;
	s->ctx = ctx;
	s->max = max_element != 0 ? max_element : JSON_STREAM_MAX_ELEMENT;
	if (s->max >= INT_MAX / 2)
		s->max = INT_MAX / 2 - 1;	/* json_parse's own limit */
	buf_init(&s->carry);
	buf_init(&s->msg);
	json_stream_reset(s);
	return s;
}

void
json_stream_reset(struct json_stream *s)
{
	s->state = JS_BEFORE;
	s->is_array = 0;
	s->depth = 0;
	s->in_str = s->esc = 0;
	buf_reset(&s->carry);
	s->elem_at = 0;
	s->off = 0;
	s->count = 0;
	buf_reset(&s->msg);
}

void
json_stream_free(struct json_stream *s)
{
	if (s == NULL)
		return;
	buf_free(&s->carry);
	buf_free(&s->msg);
	free(s);
}

size_t
json_stream_count(const struct json_stream *s)
{
	return s->count;
}

int
json_stream_is_array(const struct json_stream *s)
{
	return s->is_array;
}

/* Record the first error; later calls repeat it. Always -1. */
static int
js_fail(struct json_stream *s, char *err, size_t errlen, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
js_fail(struct json_stream *s, char *err, size_t errlen, const char *fmt,
    ...)
{
	va_list	ap;

	if (s->state != JS_FAILED) {
		buf_reset(&s->msg);
		va_start(ap, fmt);
		buf_vprintf(&s->msg, fmt, ap);
		va_end(ap);
		s->state = JS_FAILED;
		buf_reset(&s->carry);
	}
	json_seterr(err, errlen, "%s", buf_cstr(&s->msg));
	return -1;
}

/* A failed stream stays failed: every later call repeats the error. */
static int
js_again(const struct json_stream *s, char *err, size_t errlen)
{
	json_seterr(err, errlen, "%s", buf_cstr(&s->msg));
	return -1;
}

/* The element is complete: its last n bytes are p. Parse it, hand it over,
 * forget it. */
static int
js_emit(struct json_stream *s, const char *p, size_t n, char *err,
    size_t errlen)
{
	struct json_doc	*d;
	const char	*text = p;
	size_t		 len = n;
	char		 why[160];
	int		 rc;

	if (s->carry.len > 0) {
		if (n > s->max - s->carry.len)
			return js_fail(s, err, errlen, "array element %zu is "
			    "larger than %zu bytes", s->count, s->max);
		buf_append(&s->carry, p, n);
		text = s->carry.data;
		len = s->carry.len;
	} else if (n > s->max)
		return js_fail(s, err, errlen, "array element %zu is larger "
		    "than %zu bytes", s->count, s->max);
	why[0] = '\0';
	if ((d = json_parse(text, len, why, sizeof why)) == NULL)
		return js_fail(s, err, errlen, "array element %zu at byte "
		    "%llu: %s", s->count, s->elem_at, why);
	why[0] = '\0';
	rc = s->fn(s->ctx, d, s->count, why, sizeof why);
	json_free(d);
	buf_reset(&s->carry);
	if (rc != 0)
		return js_fail(s, err, errlen, "%s", why[0] != '\0' ? why :
		    "array element refused");
	s->count++;
	return 0;
}

/*
 * Scan an element from data[*i]: returns 1 when it ended (*i is just past
 * its last byte), 0 when the chunk ended inside it, -1 when it nests
 * deeper than JSON_MAX_DEPTH counting the array around it (*i at the
 * bracket), as json_parse() of the whole text would refuse.
 */
static int
js_scan(struct json_stream *s, const char *data, size_t len, size_t *i)
{
	size_t	j = *i;
	char	c;

	for (; j < len; j++) {
		c = data[j];
		if (s->kind == JK_PRIMITIVE) {
			if (json_is_ws(c) || c == ',' || c == ']') {
				*i = j;		/* the delimiter is not ours */
				return 1;
			}
			continue;
		}
		if (s->in_str) {
			if (s->esc)
				s->esc = 0;
			else if (c == '\\')
				s->esc = 1;
			else if (c == '"') {
				s->in_str = 0;
				if (s->kind == JK_STRING) {
					*i = j + 1;
					return 1;
				}
			}
			continue;
		}
		if (c == '"')
			s->in_str = 1;
		else if (c == '{' || c == '[') {
			if (++s->depth >= JSON_MAX_DEPTH) {
				*i = j;
				return -1;
			}
		} else if ((c == '}' || c == ']') && --s->depth == 0) {
			*i = j + 1;
			return 1;
		}
	}
	*i = len;
	return 0;
}

/* The first byte c of an element, at offset at of the text. */
static void
js_begin(struct json_stream *s, char c, unsigned long long at)
{
	s->state = JS_VALUE;
	s->elem_at = at;
	s->depth = 0;
	s->in_str = s->esc = 0;
	buf_reset(&s->carry);
	if (c == '{' || c == '[') {
		s->kind = JK_CONTAINER;
		s->depth = 1;
	} else if (c == '"') {
		s->kind = JK_STRING;
		s->in_str = 1;
	} else
		s->kind = JK_PRIMITIVE;
}

int
json_stream_feed(struct json_stream *s, const char *data, size_t len,
    char *err, size_t errlen)
{
	size_t			 i = 0, start = 0;
	unsigned long long	 at;
	char			 c;
	int			 r;

	if (s->state == JS_FAILED)
		return js_again(s, err, errlen);
	while (i < len) {
		if (s->state == JS_VALUE) {
			if ((r = js_scan(s, data, len, &i)) < 0)
				return js_fail(s, err, errlen, "array element "
				    "%zu at byte %llu: json nested deeper than "
				    "%d levels at byte %llu", s->count,
				    s->elem_at, JSON_MAX_DEPTH, s->off + i);
			if (r == 0)
				break;
			if (js_emit(s, data + start, i - start, err,
			    errlen) < 0)
				return -1;
			s->state = JS_AFTER;
			continue;
		}
		c = data[i];
		at = s->off + i;
		i++;
		if (json_is_ws(c))
			continue;
		switch (s->state) {
		case JS_BEFORE:
			if (c != '[')
				return js_fail(s, err, errlen, "json text is "
				    "not an array");
			s->is_array = 1;
			s->state = JS_FIRST;
			break;
		case JS_FIRST:
		case JS_NEXT:
			if (c == ']' && s->state == JS_FIRST) {
				s->state = JS_DONE;
				break;
			}
			if (c == ']' || c == ',' || c == '}' || c == ':')
				return js_fail(s, err, errlen, "invalid json "
				    "near byte %llu", at);
			start = i - 1;
			js_begin(s, c, at);
			break;
		case JS_AFTER:
			if (c == ',')
				s->state = JS_NEXT;
			else if (c == ']')
				s->state = JS_DONE;
			else
				return js_fail(s, err, errlen, "invalid json "
				    "near byte %llu", at);
			break;
		case JS_DONE:
			return js_fail(s, err, errlen, "trailing data after "
			    "json value (byte %llu)", at);
		default:
			return js_fail(s, err, errlen, "invalid json near "
			    "byte %llu", at);
		}
	}
	if (s->state == JS_VALUE) {
		/* Keep the element's part of this chunk for the next. */
		if (len - start > s->max - s->carry.len)
			return js_fail(s, err, errlen, "array element %zu is "
			    "larger than %zu bytes", s->count, s->max);
		buf_append(&s->carry, data + start, len - start);
	}
	s->off += len;
	return 0;
}

int
json_stream_end(struct json_stream *s, char *err, size_t errlen)
{
	switch (s->state) {
	case JS_DONE:
		return 0;
	case JS_FAILED:
		return js_again(s, err, errlen);
	case JS_BEFORE:
		return js_fail(s, err, errlen, "empty json text");
	default:
		return js_fail(s, err, errlen, "unexpected end of json text");
	}
}
