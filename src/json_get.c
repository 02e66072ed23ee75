/*
 * json_get.c - reading a parsed document: types, walking containers,
 * member lookup, the typed getters, and json_unescape() (string bodies
 * to UTF-8) that the string getters use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "json_impl.h"
#include "utf8.h"
#include "xmalloc.h"

static const struct tok *
tok_at(const struct json_doc *d, int v)
{
	if (d == NULL || v < 0 || v >= d->ntok)
		return NULL;
	return &d->toks[v];
}

enum json_type
json_type(const struct json_doc *d, int v)
{
	const struct tok	*t = tok_at(d, v);

	return t == NULL ? JSON_NONE : t->type;
}

const char *
json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_NUMBER:
		return "number";
	case JSON_BOOL:
		return "boolean";
	case JSON_NULL:
		return "null";
	default:
		return "nothing";
	}
}

int
json_len(const struct json_doc *d, int v)
{
	const struct tok	*t = tok_at(d, v);

	if (t == NULL || (t->type != JSON_OBJECT && t->type != JSON_ARRAY))
		return 0;
	return t->size;
}

const char *
json_raw(const struct json_doc *d, int v, size_t *len)
{
	const struct tok	*t = tok_at(d, v);

	if (t == NULL) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	if (len != NULL)
		*len = (size_t)(t->end - t->start);
	return d->text + t->start;
}

int
json_child(const struct json_doc *d, int v)
{
	const struct tok	*t = tok_at(d, v);

	if (t == NULL || (t->type != JSON_OBJECT && t->type != JSON_ARRAY) ||
	    t->size == 0)
		return -1;
	return v + 1;
}

int
json_next(const struct json_doc *d, int v)
{
	const struct tok	*t = tok_at(d, v);
	int			 n;

	if (t == NULL || t->parent < 0)
		return -1;
	n = t->next;
	if (n >= d->ntok || d->toks[n].parent != t->parent)
		return -1;
	return n;
}

int
json_at(const struct json_doc *d, int arr, int i)
{
	int	v;

	if (json_type(d, arr) != JSON_ARRAY || i < 0)
		return -1;
	for (v = json_child(d, arr); v >= 0 && i > 0; i--)
		v = json_next(d, v);
	return v;
}

int
json_key_value(const struct json_doc *d, int k)
{
	const struct tok	*t = tok_at(d, k);

	if (t == NULL || t->type != JSON_STRING || t->size != 1)
		return -1;
	return k + 1;
}

int
json_str_eq(const struct json_doc *d, int v, const char *s)
{
	const struct tok	*t = tok_at(d, v);
	struct buf		 b = BUF_INIT;
	size_t			 n;
	int			 eq;

	if (t == NULL || t->type != JSON_STRING)
		return 0;
	n = (size_t)(t->end - t->start);
	if (memchr(d->text + t->start, '\\', n) == NULL)
		return strlen(s) == n && memcmp(d->text + t->start, s, n) == 0;
	if (json_unescape(&b, d->text + t->start, n) != 0) {
		buf_free(&b);
		return 0;
	}
	eq = strcmp(buf_cstr(&b), s) == 0;
	buf_free(&b);
	return eq;
}

int
json_get(const struct json_doc *d, int obj, const char *key)
{
	int	k;

	if (json_type(d, obj) != JSON_OBJECT)
		return -1;
	for (k = json_child(d, obj); k >= 0; k = json_next(d, k))
		if (json_str_eq(d, k, key))
			return k + 1;
	return -1;
}

int
json_str(const struct json_doc *d, int v, char **out)
{
	const struct tok	*t = tok_at(d, v);
	struct buf		 b = BUF_INIT;

	if (t == NULL || t->type != JSON_STRING)
		return -1;
	if (json_unescape(&b, d->text + t->start,
	    (size_t)(t->end - t->start)) != 0) {
		buf_free(&b);
		return -1;
	}
	*out = b.data != NULL ? buf_detach(&b) : xstrdup("");
	return 0;
}

int
json_int(const struct json_doc *d, int v, long long *out)
{
	const struct tok	*t = tok_at(d, v);
	const char		*s;
	char			*end;
	long long		 x;

	if (t == NULL || t->type != JSON_NUMBER)
		return -1;
	s = d->text + t->start;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || end != d->text + t->end)
		return -1;
	*out = x;
	return 0;
}

int
json_num(const struct json_doc *d, int v, double *out)
{
	const struct tok	*t = tok_at(d, v);
	char			*end;
	double			 x;

	if (t == NULL || t->type != JSON_NUMBER)
		return -1;
	errno = 0;
	x = strtod(d->text + t->start, &end);
	if (errno == ERANGE || end != d->text + t->end)
		return -1;
	*out = x;
	return 0;
}

int
json_bool(const struct json_doc *d, int v, int *out)
{
	const struct tok	*t = tok_at(d, v);

	if (t == NULL || t->type != JSON_BOOL)
		return -1;
	*out = d->text[t->start] == 't';
	return 0;
}

int
json_is_null(const struct json_doc *d, int v)
{
	return json_type(d, v) == JSON_NULL;
}

char *
json_get_str(const struct json_doc *d, int obj, const char *key)
{
	char	*s;

	if (json_str(d, json_get(d, obj, key), &s) != 0)
		return NULL;
	return s;
}

int
json_get_int(const struct json_doc *d, int obj, const char *key,
    long long *out)
{
	return json_int(d, json_get(d, obj, key), out);
}

int
json_get_bool(const struct json_doc *d, int obj, const char *key, int *out)
{
	return json_bool(d, json_get(d, obj, key), out);
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned	v = 0;
	int		i;

	for (i = 0; i < 4; i++) {
		char	c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

int
json_unescape(struct buf *b, const char *s, size_t len)
{
	size_t		i = 0, run;
	unsigned	cp, lo;

	buf_grow(b, len);
	b->data[b->len] = '\0';	/* "" appends nothing: still a C string */
	while (i < len) {
		for (run = i; run < len && s[run] != '\\'; run++)
			if ((unsigned char)s[run] < 0x20)
				return -1;
		buf_append(b, s + i, run - i);
		if ((i = run) >= len)
			break;
		if (++i >= len)
			return -1;
		switch (s[i++]) {
		case '"':
			buf_putc(b, '"');
			break;
		case '\\':
			buf_putc(b, '\\');
			break;
		case '/':
			buf_putc(b, '/');
			break;
		case 'b':
			buf_putc(b, '\b');
			break;
		case 'f':
			buf_putc(b, '\f');
			break;
		case 'n':
			buf_putc(b, '\n');
			break;
		case 'r':
			buf_putc(b, '\r');
			break;
		case 't':
			buf_putc(b, '\t');
			break;
		case 'u':
			if (len - i < 4 || hex4(s + i, &cp) != 0)
				return -1;
			i += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;	/* lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (len - i < 6 || s[i] != '\\' ||
				    s[i + 1] != 'u' ||
				    hex4(s + i + 2, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				i += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			if (cp == 0)
				return -1;	/* C strings cannot hold it */
			utf8_put(b, cp);
			break;
		default:
			return -1;
		}
	}
	return 0;
}
