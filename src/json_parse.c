/*
 * json_parse.c - JSON reading over jsmn: json_parse() and json_free().
 *
 * This is the only file that includes <jsmn.h> (JSMN_STATIC keeps its
 * functions private to this file). jsmn tokenises but checks little: it
 * accepts "[1,,2]", "{}{}", "tru" and unescaped control characters. So after
 * tokenising, json_parse() walks every container and checks the text between
 * its children (exactly one ',' between elements, one ':' after each key,
 * only white space elsewhere), that there is one root value, that literals
 * and numbers are spelled as RFC 8259 says and that strings hold no raw
 * control characters. What passes is JSON. The nesting depth and the number
 * of tokens are limited (JSON_MAX_DEPTH, JSON_MAX_TOKENS).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
/* Without parent links jsmn walks back over every earlier token to find
 * the open container after each ',' and ']': quadratic in long arrays
 * (a 100k-account listing or sandbox state). */
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "json.h"
#include "json_impl.h"
#include "xmalloc.h"

void
json_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
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
		if (json_is_ws(s[from]))
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
				json_seterr(err, errlen, "json nested deeper "
				    "than %d levels at byte %zu", JSON_MAX_DEPTH,
				    i);
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
			json_seterr(err, errlen, "json text holds more than "
			    "%zu values and keys", max);
			return -1;
		}
		cap = cap * 2 > max ? max : cap * 2;
		/* jsmn resumes where it stopped: no jsmn_init here. */
		t = xreallocarray(t, cap, sizeof *t);
	}
	if (r < 0) {
		free(t);
		if (r == JSMN_ERROR_PART)
			json_seterr(err, errlen, "unexpected end of json text");
		else
			json_seterr(err, errlen, "invalid json near byte %u",
			    p.pos);
		return -1;
	}
	if (r == 0) {
		free(t);
		json_seterr(err, errlen, "empty json text");
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
	json_seterr(err, errlen, "invalid json near byte %d", pos);
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
				json_seterr(err, errlen, "control character in "
				    "string near byte %d", t->start);
				return -1;
			}
			break;
		case JSMN_PRIMITIVE:
			if (classify_primitive(d->text + t->start, tl,
			    &t->type) != 0) {
				json_seterr(err, errlen, "invalid literal near "
				    "byte %d", t->start);
				return -1;
			}
			break;
		default:
			json_seterr(err, errlen, "invalid json near byte %d",
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
		json_seterr(err, errlen, "json text too large");
		return NULL;
	}
	if (memchr(text, '\0', len) != NULL) {
		json_seterr(err, errlen, "nul byte in json text");
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
				json_seterr(err, errlen,
				    "invalid json structure");
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
		json_seterr(err, errlen, "trailing data after json value");
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
			json_seterr(err, errlen, "invalid json near byte %d",
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
