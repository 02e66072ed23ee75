/*
 * json.h - the project's JSON reader (over jsmn) and writer helpers.
 *
 * Only src/json_parse.c includes <jsmn.h>; nothing here exposes jsmn types.
 * The code: json_parse.c (parsing, limits), json_get.c (getters,
 * json_unescape), json_write.c, json_index.c, json_stream.c.
 *
 * Reading: json_parse() copies the text, tokenises it and checks its
 * structure (one root value, commas and colons where they belong, literals
 * and numbers spelled as JSON spells them). Values are then named by an int
 * index into the document: the root is 0, and -1 means "absent".
 *
 *	char err[128];
 *	struct json_doc *d = json_parse(text, len, err, sizeof err);
 *	if (d == NULL)
 *		return log_error("bad answer: %s", err), -1;
 *	int items = json_get(d, 0, "items");		// object member
 *	for (int v = json_child(d, items); v >= 0; v = json_next(d, v)) {
 *		long long id;
 *		char *email = json_get_str(d, v, "email_account");  // malloc'd
 *		if (json_get_int(d, v, "id", &id) == 0 && email != NULL)
 *			...;
 *		free(email);
 *	}
 *	json_free(d);
 *
 * Iterating an object: json_child()/json_next() walk its keys; the value of
 * key k is k + 1 (json_key_value()), the key text json_str()/json_str_eq().
 *
 * Writing: build the text in a struct buf; json_put_str() appends a quoted,
 * escaped string (NULL appends null). Numbers and literals: buf_printf.
 *
 * Errors: functions return 0 / -1 (or NULL / -1 index); json_parse() puts a
 * lower-case message in the caller's buffer. Nothing here exits. A parsed
 * document is immutable and may be read by several threads at once.
 */
#ifndef MAILFLEET_JSON_H
#define MAILFLEET_JSON_H

#include <stddef.h>

#include "buf.h"

enum json_type {
	JSON_NONE = 0,		/* no such value (index -1 or out of range) */
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_BOOL,
	JSON_NULL
};

struct json_doc;

/*
 * Limits on every text read: containers nest at most JSON_MAX_DEPTH deep
 * (the root array or object is level 1), and json_parse() reads at most
 * JSON_MAX_TOKENS values and keys. Deeper or larger texts are refused with
 * an error, quickly: the depth is counted before tokenising.
 */
#define JSON_MAX_DEPTH	64
#define JSON_MAX_TOKENS	((size_t)1 << 20)

/*
 * Parse len bytes of text (need not be NUL-terminated; must be < 2 GiB and
 * contain no NUL byte). Returns a document the caller frees with
 * json_free(), or NULL with a message in err (errlen may be 0). The token
 * array grows on demand and never beyond JSON_MAX_TOKENS.
 */
struct json_doc *json_parse(const char *text, size_t len, char *err,
	    size_t errlen);
/* The same with another cap on values and keys: 0 is one per input byte,
 * the most a text can hold (for the sandbox's own state file). */
struct json_doc *json_parse_max(const char *text, size_t len,
	    size_t max_tokens, char *err, size_t errlen);
void	 json_free(struct json_doc *d);		/* NULL-safe */

enum json_type json_type(const struct json_doc *d, int v);
const char *json_type_name(enum json_type t);	/* "object", "string"... */
/* Number of elements of an array / members of an object; else 0. */
int	 json_len(const struct json_doc *d, int v);
/* The raw text of a value (strings without their quotes, still escaped). */
const char *json_raw(const struct json_doc *d, int v, size_t *len);

/* First element of an array / first key of an object, or -1. */
int	 json_child(const struct json_doc *d, int v);
/* The next element / key after v in the same container, or -1. */
int	 json_next(const struct json_doc *d, int v);
/* Element i (0-based) of an array, or -1. O(i). */
int	 json_at(const struct json_doc *d, int arr, int i);
/* Value of key k (an index from json_child/json_next over an object). */
int	 json_key_value(const struct json_doc *d, int k);
/* Value of member key of object obj, or -1 (also when obj is no object). */
int	 json_get(const struct json_doc *d, int obj, const char *key);

/*
 * Typed getters: 0 on success, -1 when v is absent or of another type (or,
 * for strings, holds an invalid escape or \u0000; for integers, is not an
 * integer within long long).
 */
int	 json_str(const struct json_doc *d, int v, char **out);	/* malloc'd */
int	 json_int(const struct json_doc *d, int v, long long *out);
int	 json_num(const struct json_doc *d, int v, double *out);
int	 json_bool(const struct json_doc *d, int v, int *out);
int	 json_is_null(const struct json_doc *d, int v);	/* 1 or 0 */
/* 1 when v is a string whose unescaped text equals s, else 0. */
int	 json_str_eq(const struct json_doc *d, int v, const char *s);

/* Member shortcuts: json_get_str returns a malloc'd copy or NULL. */
char	*json_get_str(const struct json_doc *d, int obj, const char *key);
int	 json_get_int(const struct json_doc *d, int obj, const char *key,
	    long long *out);
int	 json_get_bool(const struct json_doc *d, int obj, const char *key,
	    int *out);

/*
 * An index of the objects of array arr by the string member key, compared
 * without case: json_index_find() is a binary search, so matching n rows
 * against m objects costs (n + m) log m instead of n x m string copies.
 * The index points into d: free it before d.
 */
struct json_index;
struct json_index *json_index_new(const struct json_doc *d, int arr,
	    const char *key);
/* The object whose key equals value (any case), or -1. NULL idx: -1. */
int	 json_index_find(const struct json_index *idx, const char *value);
void	 json_index_free(struct json_index *idx);

/*
 * Streaming a JSON array: the text arrives in pieces (an HTTP answer), is
 * split into the elements of its top-level array as they complete, and each
 * element is parsed alone with json_parse() and handed to fn, then freed.
 * Only the element being read is kept (across piece boundaries, strings and
 * escapes included), so memory is O(largest element), not O(text).
 *
 *	static int
 *	one(void *ctx, const struct json_doc *d, size_t i, char *err,
 *	    size_t errlen)
 *	{
 *		char *name = json_get_str(d, 0, "name");  // d's root is 0
 *		...
 *		return 0;	// or -1 (+ err) to stop
 *	}
 *	struct json_stream *s = json_stream_new(one, ctx, 0);
 *	while ((n = read_some(buf)) > 0)
 *		if (json_stream_feed(s, buf, n, err, sizeof err) < 0)
 *			break;
 *	if (n == 0 && json_stream_end(s, err, sizeof err) == 0)
 *		... // the whole text was one complete array
 *	json_stream_free(s);
 *
 * The text must be exactly one array (white space around it allowed): text
 * before '[', anything but white space after the closing ']', a missing or
 * extra ',', an element over max_element bytes, an element nested deeper
 * than JSON_MAX_DEPTH counting the array around it (found as the bytes
 * arrive), an element json_parse() refuses or one fn refuses stop the
 * stream. Then feed and end return -1
 * with the message in err, and keep returning it until a reset.
 */
struct json_stream;

/* Called once per element, in order; i counts from 0 in each text. The
 * document is freed when fn returns. 0 goes on; -1 (message in err, which
 * may be left empty) stops the stream. */
typedef int (*json_element_fn)(void *ctx, const struct json_doc *d,
	    size_t i, char *err, size_t errlen);

/* Default cap on one element (max_element 0). */
#define JSON_STREAM_MAX_ELEMENT	((size_t)1 << 20)

struct json_stream *json_stream_new(json_element_fn fn, void *ctx,
	    size_t max_element);
/* Forget everything read: the next byte fed starts a new text. */
void	 json_stream_reset(struct json_stream *s);
/* 0, or -1 with a message in err (errlen may be 0). */
int	 json_stream_feed(struct json_stream *s, const char *data, size_t len,
	    char *err, size_t errlen);
/* The text is over: 0 when it was one complete array, else -1 + err. */
int	 json_stream_end(struct json_stream *s, char *err, size_t errlen);
/* Elements handed to fn so far. */
size_t	 json_stream_count(const struct json_stream *s);
/* 1 once the text began with '[' (a failure was then inside the array),
 * 0 while nothing but white space came, or something else came first. */
int	 json_stream_is_array(const struct json_stream *s);
void	 json_stream_free(struct json_stream *s);	/* NULL-safe */

/*
 * Decode the body of a JSON string literal (without quotes) into b:
 * escapes, \uXXXX and surrogate pairs become UTF-8. Returns 0, or -1 on a
 * bad escape, a lone surrogate, a raw control character or \u0000.
 */
int	 json_unescape(struct buf *b, const char *s, size_t len);

/* Append s as a quoted JSON string (or null when s is NULL). */
void	 json_put_str(struct buf *b, const char *s);
void	 json_put_strn(struct buf *b, const char *s, size_t len);

#endif
