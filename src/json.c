/*
 * json.c - JSON reading over jsmn, plus the string writer.
 *
 * This is the only file that includes <jsmn.h> (JSMN_STATIC keeps its
 * functions private to this file). jsmn tokenises but checks little: it
 * accepts "[1,,2]", "{}{}", "tru" and unescaped control characters. So after
 * tokenising, json_parse() walks every container and checks the text between
 * its children (exactly one ',' between elements, one ':' after each key,
 * only white space elsewhere), that there is one root value, that literals
 * and numbers are spelled as RFC 8259 says and that strings hold no raw
 * control characters. What passes is JSON.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JSMN_STATIC
/* Without parent links jsmn walks back over every earlier token to find
 * the open container after each ',' and ']': quadratic in long arrays
 * (a 100k-account listing or sandbox state). */
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "buf.h"
#include "json.h"
#include "xmalloc.h"

struct tok {
	enum json_type	type;
	int		start;	/* byte offsets into text; strings: no quotes */
	int		end;
	int		size;	/* children: elements, or keys of an object */
	int		next;	/* index just after this value's subtree */
	int		parent;	/* -1 for the root */
};

struct json_doc {
	char		*text;	/* private NUL-terminated copy */
	size_t		 len;
	struct tok	*toks;
	int		 ntok;
};

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Offsets of a value including the quotes of a string. */
static int
outer_start(const struct tok *t)
{
	return t->type == JSON_STRING ? t->start - 1 : t->start;
}

static int
outer_end(const struct tok *t)
{
	return t->type == JSON_STRING ? t->end + 1 : t->end;
}

/*
 * The text in [from, to) must be white space with exactly `want` copies of
 * the separator sep (want is 0 or 1).
 */
static int
check_gap(const char *s, int from, int to, char sep, int want)
{
	int	seen = 0;

	if (from > to)
		return -1;
	for (; from < to; from++) {
		if (is_ws(s[from]))
			continue;
		if (sep != '\0' && s[from] == sep && seen == 0) {
			seen = 1;
			continue;
		}
		return -1;
	}
	return seen == want ? 0 : -1;
}

static int
check_number(const char *s, size_t n)
{
	size_t	i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n)
		return -1;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else
		return -1;
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return -1;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return -1;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == n ? 0 : -1;
}

/* Classify a primitive token: number, true/false or null; else -1. */
static int
classify_primitive(const char *s, size_t n, enum json_type *type)
{
	if (n == 4 && memcmp(s, "true", 4) == 0)
		*type = JSON_BOOL;
	else if (n == 5 && memcmp(s, "false", 5) == 0)
		*type = JSON_BOOL;
	else if (n == 4 && memcmp(s, "null", 4) == 0)
		*type = JSON_NULL;
	else if (check_number(s, n) == 0)
		*type = JSON_NUMBER;
	else
		return -1;
	return 0;
}

/* A raw string body may not hold control characters. */
static int
check_string(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return -1;
	return 0;
}

/*
 * Brackets outside strings may nest at most JSON_MAX_DEPTH deep. Checked
 * before jsmn, which walks up the open containers at every closing bracket
 * (quadratic in the depth: 60,000 levels took seconds). Balance is left to
 * jsmn; this only counts.
 */
static int
check_depth(const char *s, size_t len, char *err, size_t errlen)
{
	size_t	i, depth = 0;
	int	in_str = 0, esc = 0;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (esc)
				esc = 0;
			else if (s[i] == '\\')
				esc = 1;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"')
			in_str = 1;
		else if (s[i] == '[' || s[i] == '{') {
			if (++depth > JSON_MAX_DEPTH) {
				seterr(err, errlen, "json nested deeper than "
				    "%d levels at byte %zu", JSON_MAX_DEPTH, i);
				return -1;
			}
		} else if ((s[i] == ']' || s[i] == '}') && depth > 0)
			depth--;
	}
	return 0;
}

/* Run jsmn, growing the token array on JSMN_ERROR_NOMEM up to max_tokens
 * (0: one per byte, the most a text can hold). */
static int
tokenise(const char *text, size_t len, size_t max_tokens, jsmntok_t **out,
    char *err, size_t errlen)
{
	jsmn_parser	 p;
	jsmntok_t	*t;
	size_t		 cap, max;
	int		 r;

	max = len + 1;			/* a token needs at least one byte */
	if (max_tokens != 0 && max_tokens < max)
		max = max_tokens;
	cap = len / 4 + 16;
	if (cap > max)
		cap = max;
	t = xreallocarray(NULL, cap, sizeof *t);
	jsmn_init(&p);
	for (;;) {
		r = jsmn_parse(&p, text, len, t, (unsigned int)cap);
		if (r != JSMN_ERROR_NOMEM)
			break;
		if (cap >= max) {
			free(t);
			seterr(err, errlen, "json text holds more than %zu "
			    "values and keys", max);
			return -1;
		}
		cap = cap * 2 > max ? max : cap * 2;
		/* jsmn resumes where it stopped: no jsmn_init here. */
		t = xreallocarray(t, cap, sizeof *t);
	}
	if (r < 0) {
		free(t);
		if (r == JSMN_ERROR_PART)
			seterr(err, errlen, "unexpected end of json text");
		else
			seterr(err, errlen, "invalid json near byte %u",
			    p.pos);
		return -1;
	}
	if (r == 0) {
		free(t);
		seterr(err, errlen, "empty json text");
		return -1;
	}
	*out = t;
	return r;
}

/* Fill next/parent and check the text between the children of c. */
static int
check_container(struct json_doc *d, int c, char *err, size_t errlen)
{
	struct tok	*t = d->toks;
	int		 i, j, v, pos, is_obj = t[c].type == JSON_OBJECT;

	pos = t[c].start + 1;
	j = c + 1;
	for (i = 0; i < t[c].size; i++) {
		if (j >= d->ntok)
			goto bad;
		t[j].parent = c;
		if (check_gap(d->text, pos, outer_start(&t[j]), ',',
		    i > 0) != 0)
			goto bad;
		if (is_obj) {
			if (t[j].type != JSON_STRING || t[j].size != 1)
				goto bad;
			v = j + 1;
			if (v >= d->ntok)
				goto bad;
			t[v].parent = j;
			if (check_gap(d->text, outer_end(&t[j]),
			    outer_start(&t[v]), ':', 1) != 0)
				goto bad;
			pos = outer_end(&t[v]);
		} else {
			if (t[j].type == JSON_STRING && t[j].size != 0)
				goto bad;
			pos = outer_end(&t[j]);
		}
		j = t[j].next;
	}
	if (check_gap(d->text, pos, t[c].end - 1, '\0', 0) != 0)
		goto bad;
	return 0;
bad:
	seterr(err, errlen, "invalid json near byte %d", pos);
	return -1;
}

/* Copy jsmn's tokens into d, typing primitives and checking strings. */
static int
copy_tokens(struct json_doc *d, const jsmntok_t *jt, char *err,
    size_t errlen)
{
	int	i;

	for (i = 0; i < d->ntok; i++) {
		struct tok	*t = &d->toks[i];
		size_t		 tl = (size_t)(jt[i].end - jt[i].start);

		t->start = jt[i].start;
		t->end = jt[i].end;
		t->size = jt[i].size;
		t->parent = -1;
		switch (jt[i].type) {
		case JSMN_OBJECT:
			t->type = JSON_OBJECT;
			break;
		case JSMN_ARRAY:
			t->type = JSON_ARRAY;
			break;
		case JSMN_STRING:
			t->type = JSON_STRING;
			if (check_string(d->text + t->start, tl) != 0) {
				seterr(err, errlen, "control character in "
				    "string near byte %d", t->start);
				return -1;
			}
			break;
		case JSMN_PRIMITIVE:
			if (classify_primitive(d->text + t->start, tl,
			    &t->type) != 0) {
				seterr(err, errlen, "invalid literal near "
				    "byte %d", t->start);
				return -1;
			}
			break;
		default:
			seterr(err, errlen, "invalid json near byte %d",
			    t->start);
			return -1;
		}
	}
	return 0;
}

struct json_doc *
json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	return json_parse_max(text, len, JSON_MAX_TOKENS, err, errlen);
}

struct json_doc *
json_parse_max(const char *text, size_t len, size_t max_tokens, char *err,
    size_t errlen)
{
	struct json_doc	*d;
	jsmntok_t	*jt;
	int		 n, i, j, k;

	if (len >= INT_MAX / 2) {
		seterr(err, errlen, "json text too large");
		return NULL;
	}
	if (memchr(text, '\0', len) != NULL) {
		seterr(err, errlen, "nul byte in json text");
		return NULL;
	}
	if (check_depth(text, len, err, errlen) != 0)
		return NULL;
	if ((n = tokenise(text, len, max_tokens, &jt, err, errlen)) < 0)
		return NULL;

	d = xcalloc(1, sizeof *d);
	d->text = xstrndup(text, len);
	d->len = len;
	d->ntok = n;
	d->toks = xreallocarray(NULL, (size_t)n, sizeof *d->toks);
	i = copy_tokens(d, jt, err, errlen);
	free(jt);
	if (i != 0)
		goto fail;

	/* Subtree ends, from the last token back (no recursion). */
	for (i = n - 1; i >= 0; i--) {
		j = i + 1;
		for (k = 0; k < d->toks[i].size; k++) {
			if (j >= n) {
				seterr(err, errlen, "invalid json structure");
				goto fail;
			}
			j = d->toks[j].next;
		}
		d->toks[i].next = j;
	}
	if (d->toks[0].next != n ||
	    check_gap(d->text, 0, outer_start(&d->toks[0]), '\0', 0) != 0 ||
	    check_gap(d->text, outer_end(&d->toks[0]), (int)len, '\0',
	    0) != 0) {
		seterr(err, errlen, "trailing data after json value");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		enum json_type	ty = d->toks[i].type;

		if ((ty == JSON_OBJECT || ty == JSON_ARRAY) &&
		    check_container(d, i, err, errlen) != 0)
			goto fail;
		if (ty == JSON_STRING && d->toks[i].size != 0 &&
		    (d->toks[i].parent < 0 ||
		    d->toks[d->toks[i].parent].type != JSON_OBJECT)) {
			seterr(err, errlen, "invalid json near byte %d",
			    d->toks[i].start);
			goto fail;
		}
	}
	return d;
fail:
	json_free(d);
	return NULL;
}

void
json_free(struct json_doc *d)
{
	if (d == NULL)
		return;
	free(d->text);
	free(d->toks);
	free(d);
}

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

static void
put_utf8(struct buf *b, unsigned cp)
{
	char	u[4];

	if (cp < 0x80) {
		buf_putc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 4);
	}
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
			put_utf8(b, cp);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

void
json_put_strn(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, run = 0;

	buf_grow(b, len + 2);
	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)s[i];
		const char	*esc = NULL;
		char		 u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		default:
			u[0] = '\\';
			u[1] = 'u';
			u[2] = '0';
			u[3] = '0';
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_append(b, u, 6);
			continue;
		}
		buf_puts(b, esc);
	}
	buf_append(b, s + run, len - run);
	buf_putc(b, '"');
}

void
json_put_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "null");
	else
		json_put_strn(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* json_index */

struct json_index_entry {
	char	*key;		/* owned */
	int	 obj;
};

struct json_index {
	struct json_index_entry	*e;
	size_t			 n;
};

/* By key, then by position: the first of equal keys comes first. */
static int
index_cmp(const void *a, const void *b)
{
	const struct json_index_entry	*x = a, *y = b;
	int				 c = strcasecmp(x->key, y->key);

	return c != 0 ? c : (x->obj > y->obj) - (x->obj < y->obj);
}

struct json_index *
json_index_new(const struct json_doc *d, int arr, const char *key)
{
	struct json_index	*idx = xcalloc(1, sizeof *idx);
	size_t			 cap = 0;
	char			*s;
	int			 v;

	for (v = json_child(d, arr); v >= 0; v = json_next(d, v)) {
		if ((s = json_get_str(d, v, key)) == NULL)
			continue;
		if (idx->n == cap) {
			cap = cap ? cap * 2 : 64;
			idx->e = xreallocarray(idx->e, cap, sizeof *idx->e);
		}
		idx->e[idx->n].key = s;
		idx->e[idx->n++].obj = v;
	}
	if (idx->n > 1)
		qsort(idx->e, idx->n, sizeof *idx->e, index_cmp);
	return idx;
}

int
json_index_find(const struct json_index *idx, const char *value)
{
	size_t	lo = 0, hi, mid;
	int	c, found = -1;

	if (idx == NULL || value == NULL)
		return -1;
	hi = idx->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(value, idx->e[mid].key);
		if (c == 0) {
			found = idx->e[mid].obj;
			hi = mid;	/* the leftmost of equal keys */
		} else if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return found;
}

void
json_index_free(struct json_index *idx)
{
	size_t	i;

	if (idx == NULL)
		return;
	for (i = 0; i < idx->n; i++)
		free(idx->e[i].key);
	free(idx->e);
	free(idx);
}

/* ------------------------------------------------------------------ */
/* json_stream: a top-level array split into its elements as it arrives */

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
	seterr(err, errlen, "%s", buf_cstr(&s->msg));
	return -1;
}

/* A failed stream stays failed: every later call repeats the error. */
static int
js_again(const struct json_stream *s, char *err, size_t errlen)
{
	seterr(err, errlen, "%s", buf_cstr(&s->msg));
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
			if (is_ws(c) || c == ',' || c == ']') {
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
		if (is_ws(c))
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
