/*
 * req.c - request/answer helpers shared by the handlers: query arguments,
 * body members with FastAPI-style validation errors, JSON output pieces.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "json.h"
#include "num.h"
#include "sandbox/dates.h"
#include "sandbox/req.h"
#include "xmalloc.h"

void
sbx_req_free(struct sbx_req *r)
{
	size_t	i;
	int	j;

	for (i = 0; i < r->nargs; i++) {
		free(r->args[i].key);
		free(r->args[i].val);
	}
	free(r->args);
	for (j = 0; j < r->nparams; j++)
		free(r->params[j]);
	free(r->path);
	memset(r, 0, sizeof *r);
}

void
sbx_resp_init(struct sbx_resp *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
}

void
sbx_resp_free(struct sbx_resp *r)
{
	int	i;

	for (i = 0; i < r->nhdrs; i++)
		free(r->hdrs[i].value);
	buf_free(&r->body);
	memset(r, 0, sizeof *r);
}

void
sbx_resp_header(struct sbx_resp *r, const char *name, const char *fmt, ...)
{
	struct buf	b = BUF_INIT;
	va_list		ap;
	int		i;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	for (i = 0; i < r->nhdrs; i++) {
		if (strcasecmp(r->hdrs[i].name, name) == 0) {
			free(r->hdrs[i].value);
			r->hdrs[i].value = buf_detach(&b);
			return;
		}
	}
	if (r->nhdrs == SBX_MAX_HDRS) {
		buf_free(&b);
		return;
	}
	r->hdrs[r->nhdrs].name = name;
	r->hdrs[r->nhdrs].value = b.data != NULL ? buf_detach(&b) :
	    xstrdup("");
	r->nhdrs++;
}

void
sbx_detail(struct sbx_resp *r, int status, const char *fmt, ...)
{
	struct buf	msg = BUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	buf_reset(&r->body);
	buf_puts(&r->body, "{\"detail\":");
	json_put_str(&r->body, buf_cstr(&msg));
	buf_putc(&r->body, '}');
	buf_free(&msg);
	r->status = status;
}

void
sbx_reply(struct sbx_resp *r, int status)
{
	r->status = status;
}

const char *
sbx_arg(const struct sbx_req *r, const char *name)
{
	return sbx_arg_nth(r, name, 0);
}

size_t
sbx_arg_count(const struct sbx_req *r, const char *name)
{
	size_t	i, n = 0;

	for (i = 0; i < r->nargs; i++)
		n += strcmp(r->args[i].key, name) == 0;
	return n;
}

const char *
sbx_arg_nth(const struct sbx_req *r, const char *name, size_t nth)
{
	size_t	i;

	for (i = 0; i < r->nargs; i++)
		if (strcmp(r->args[i].key, name) == 0 && nth-- == 0)
			return r->args[i].val;
	return NULL;
}

void
sbx_verr_init(struct sbx_verr *v, int v1)
{
	buf_init(&v->b);
	v->n = 0;
	v->v1 = v1;
}

void
sbx_verr_free(struct sbx_verr *v)
{
	buf_free(&v->b);
	v->n = 0;
}

static void
put_loc(struct buf *b, const char *loc)
{
	const char	*p = loc, *slash;
	size_t		 n, i;
	int		 digits, first = 1;

	buf_putc(b, '[');
	while (*p != '\0') {
		slash = strchr(p, '/');
		n = slash != NULL ? (size_t)(slash - p) : strlen(p);
		digits = n > 0;
		for (i = 0; i < n; i++)
			if (!isdigit((unsigned char)p[i]))
				digits = 0;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		if (digits)
			buf_append(b, p, n);
		else
			json_put_strn(b, p, n);
		p += n;
		if (*p == '/')
			p++;
	}
	buf_putc(b, ']');
}

static void
verr_vadd(struct sbx_verr *v, const char *loc, const char *type,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
verr_vadd(struct sbx_verr *v, const char *loc, const char *type,
    const char *fmt, va_list ap)
{
	struct buf	msg = BUF_INIT;

	buf_vprintf(&msg, fmt, ap);
	buf_puts(&v->b, v->n ? ",{\"loc\":" : "{\"loc\":");
	put_loc(&v->b, loc);
	buf_puts(&v->b, ",\"msg\":");
	json_put_str(&v->b, buf_cstr(&msg));
	buf_puts(&v->b, ",\"type\":");
	json_put_str(&v->b, type);
	buf_putc(&v->b, '}');
	buf_free(&msg);
	v->n++;
}

void
sbx_verr_add(struct sbx_verr *v, const char *loc, const char *type,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	verr_vadd(v, loc, type, fmt, ap);
	va_end(ap);
}

void
sbx_verr_missing(struct sbx_verr *v, const char *loc)
{
	if (v->v1)
		sbx_verr_add(v, loc, "value_error.missing", "field required");
	else
		sbx_verr_add(v, loc, "missing", "Field required");
}

void
sbx_verr_type(struct sbx_verr *v, const char *loc, const char *kind)
{
	static const struct {
		const char	*kind, *t2, *m2, *t1, *m1;
	} tab[] = {
		{ "string", "string_type", "Input should be a valid string",
		  "type_error.str", "str type expected" },
		{ "int", "int_parsing", "Input should be a valid integer, "
		  "unable to parse string as an integer",
		  "type_error.integer", "value is not a valid integer" },
		{ "bool", "bool_parsing", "Input should be a valid boolean, "
		  "unable to interpret input",
		  "type_error.bool", "value could not be parsed to a boolean" },
		{ "list", "list_type", "Input should be a valid list",
		  "type_error.list", "value is not a valid list" },
		{ "dict", "model_attributes_type", "Input should be a valid "
		  "dictionary or object to extract fields from",
		  "type_error.dict", "value is not a valid dict" },
		{ "number", "float_parsing", "Input should be a valid number",
		  "type_error.float", "value is not a valid float" },
	};
	size_t	i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].kind, kind) == 0)
			break;
	if (i == sizeof tab / sizeof tab[0])
		i = 0;
	if (v->v1)
		sbx_verr_add(v, loc, tab[i].t1, "%s", tab[i].m1);
	else
		sbx_verr_add(v, loc, tab[i].t2, "%s", tab[i].m2);
}

void
sbx_verr_value(struct sbx_verr *v, const char *loc, const char *fmt, ...)
{
	struct buf	msg = BUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (v->v1)
		sbx_verr_add(v, loc, "value_error", "%s", buf_cstr(&msg));
	else
		sbx_verr_add(v, loc, "value_error", "Value error, %s",
		    buf_cstr(&msg));
	buf_free(&msg);
}

int
sbx_verr_reply(struct sbx_ctx *x)
{
	struct sbx_resp	*r = x->resp;

	if (x->verr.n == 0)
		return 0;
	buf_reset(&r->body);
	buf_puts(&r->body, "{\"detail\":[");
	buf_append(&r->body, x->verr.b.data, x->verr.b.len);
	buf_puts(&r->body, "]}");
	r->status = 422;
	return 1;
}

int
sbx_body(struct sbx_ctx *x)
{
	char	err[128];

	if (x->doc != NULL)
		return 0;
	if (x->req->body_len == 0) {
		sbx_verr_missing(&x->verr, "body");
		return -1;
	}
	x->doc = json_parse(x->req->body, x->req->body_len, err, sizeof err);
	if (x->doc == NULL) {
		if (x->verr.v1)
			sbx_verr_add(&x->verr, "body/0",
			    "value_error.jsondecode", "%s", err);
		else
			sbx_verr_add(&x->verr, "body/0", "json_invalid",
			    "JSON decode error");
		return -1;
	}
	return 0;
}

static void
loc_of(struct buf *b, const char *where, const char *key)
{
	buf_reset(b);
	buf_printf(b, "%s/%s", where, key);
}

/* Common prologue: find the member; handle absence and null. */
static int
member(struct sbx_ctx *x, int obj, const char *where, const char *key,
    int required, const char *kind, struct buf *loc, int *v)
{
	loc_of(loc, where, key);
	*v = json_get(x->doc, obj, key);
	if (*v < 0 || json_is_null(x->doc, *v)) {
		if (required && *v < 0) {
			sbx_verr_missing(&x->verr, buf_cstr(loc));
			return -1;
		}
		if (required) {
			sbx_verr_type(&x->verr, buf_cstr(loc), kind);
			return -1;
		}
		return 0;
	}
	return 1;
}

int
sbx_fld_str(struct sbx_ctx *x, int obj, const char *where, const char *key,
    int required, char **out)
{
	struct buf	loc = BUF_INIT;
	int		v, r;

	*out = NULL;
	if ((r = member(x, obj, where, key, required, "string", &loc,
	    &v)) == 1 && json_str(x->doc, v, out) != 0) {
		sbx_verr_type(&x->verr, buf_cstr(&loc), "string");
		r = -1;
	}
	buf_free(&loc);
	return r;
}

int
sbx_fld_int(struct sbx_ctx *x, int obj, const char *where, const char *key,
    int required, long long *out)
{
	struct buf	loc = BUF_INIT;
	int		v, r;

	if ((r = member(x, obj, where, key, required, "int", &loc,
	    &v)) == 1 && json_int(x->doc, v, out) != 0) {
		sbx_verr_type(&x->verr, buf_cstr(&loc), "int");
		r = -1;
	}
	buf_free(&loc);
	return r;
}

int
sbx_fld_bool(struct sbx_ctx *x, int obj, const char *where, const char *key,
    int required, int *out)
{
	struct buf	loc = BUF_INIT;
	int		v, r;

	if ((r = member(x, obj, where, key, required, "bool", &loc,
	    &v)) == 1 && json_bool(x->doc, v, out) != 0) {
		sbx_verr_type(&x->verr, buf_cstr(&loc), "bool");
		r = -1;
	}
	buf_free(&loc);
	return r;
}

static void
too_short(struct sbx_verr *v, const char *loc, size_t min, size_t n)
{
	if (v->v1)
		sbx_verr_add(v, loc, "value_error.list.min_items", "ensure "
		    "this value has at least %zu items", min);
	else
		sbx_verr_add(v, loc, "too_short", "List should have at least "
		    "%zu item%s after validation, not %zu", min,
		    min == 1 ? "" : "s", n);
}

int
sbx_fld_strs(struct sbx_ctx *x, int obj, const char *where, const char *key,
    int required, size_t min, int null_items, char ***out, size_t *nout)
{
	struct buf	 loc = BUF_INIT, iloc = BUF_INIT;
	char		**list;
	size_t		  n = 0, i;
	int		  v, e, r, bad = 0;

	*out = NULL;
	*nout = 0;
	if ((r = member(x, obj, where, key, required, "list", &loc, &v)) != 1) {
		buf_free(&loc);
		return r;
	}
	if (json_type(x->doc, v) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, buf_cstr(&loc), "list");
		buf_free(&loc);
		return -1;
	}
	list = xcalloc((size_t)json_len(x->doc, v) + 1, sizeof *list);
	for (e = json_child(x->doc, v); e >= 0; e = json_next(x->doc, e), n++) {
		if (null_items && json_is_null(x->doc, e))
			continue;
		if (json_str(x->doc, e, &list[n]) != 0) {
			buf_reset(&iloc);
			buf_printf(&iloc, "%s/%zu", buf_cstr(&loc), n);
			sbx_verr_type(&x->verr, buf_cstr(&iloc), "string");
			bad = 1;
		}
	}
	if (!bad && n < min) {
		too_short(&x->verr, buf_cstr(&loc), min, n);
		bad = 1;
	}
	buf_free(&loc);
	buf_free(&iloc);
	if (bad) {
		for (i = 0; i < n; i++)
			free(list[i]);
		free(list);
		return -1;
	}
	*out = list;
	*nout = n;
	return 1;
}

int
sbx_val_ints(struct sbx_ctx *x, int v, const char *loc, size_t min,
    long long **out, size_t *nout)
{
	struct buf	 iloc = BUF_INIT;
	long long	*list;
	size_t		 n = 0;
	int		 e, bad = 0;

	*out = NULL;
	*nout = 0;
	if (json_type(x->doc, v) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, loc, "list");
		return -1;
	}
	list = xcalloc((size_t)json_len(x->doc, v) + 1, sizeof *list);
	for (e = json_child(x->doc, v); e >= 0; e = json_next(x->doc, e), n++) {
		if (json_int(x->doc, e, &list[n]) != 0) {
			buf_reset(&iloc);
			buf_printf(&iloc, "%s/%zu", loc, n);
			sbx_verr_type(&x->verr, buf_cstr(&iloc), "int");
			bad = 1;
		}
	}
	if (!bad && n < min) {
		too_short(&x->verr, loc, min, n);
		bad = 1;
	}
	buf_free(&iloc);
	if (bad) {
		free(list);
		return -1;
	}
	*out = list;
	*nout = n;
	return 1;
}

void
sbx_strs_free(char **v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
sbx_parse_int(const char *s, long long *out)
{
	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	return num_parse_ll(s, LLONG_MIN, LLONG_MAX, out);
}

int
sbx_q_int(struct sbx_ctx *x, const char *name, long long min, long long max,
    long long *out)
{
	const char	*s = sbx_arg(x->req, name);
	struct buf	 loc = BUF_INIT;

	if (s == NULL)
		return 0;
	buf_printf(&loc, "query/%s", name);
	if (sbx_parse_int(s, out) != 0) {
		sbx_verr_type(&x->verr, buf_cstr(&loc), "int");
		buf_free(&loc);
		return -1;
	}
	if (*out < min) {
		sbx_verr_add(&x->verr, buf_cstr(&loc), x->verr.v1 ?
		    "value_error.number.not_ge" : "greater_than_equal",
		    x->verr.v1 ? "ensure this value is greater than or equal "
		    "to %lld" : "Input should be greater than or equal to %lld",
		    min);
		buf_free(&loc);
		return -1;
	}
	if (*out > max) {
		sbx_verr_add(&x->verr, buf_cstr(&loc), x->verr.v1 ?
		    "value_error.number.not_le" : "less_than_equal",
		    x->verr.v1 ? "ensure this value is less than or equal to "
		    "%lld" : "Input should be less than or equal to %lld", max);
		buf_free(&loc);
		return -1;
	}
	buf_free(&loc);
	return 1;
}

int
sbx_q_bool(struct sbx_ctx *x, const char *name, int *out)
{
	static const char	*yes[] = { "true", "1", "yes", "on", "t", "y" };
	static const char	*no[] = { "false", "0", "no", "off", "f", "n" };
	const char		*s = sbx_arg(x->req, name);
	struct buf		 loc = BUF_INIT;
	size_t			 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	buf_printf(&loc, "query/%s", name);
	sbx_verr_type(&x->verr, buf_cstr(&loc), "bool");
	buf_free(&loc);
	return -1;
}

int
sbx_path_int(struct sbx_ctx *x, int i, const char *name, long long *out)
{
	struct buf	loc = BUF_INIT;

	if (i < x->req->nparams && sbx_parse_int(x->req->params[i], out) == 0)
		return 0;
	buf_printf(&loc, "path/%s", name);
	sbx_verr_type(&x->verr, buf_cstr(&loc), "int");
	buf_free(&loc);
	return -1;
}

void
sbx_put_time(struct buf *b, double t)
{
	char	iso[40];

	if (t <= 0) {
		buf_puts(b, "null");
		return;
	}
	sbx_iso_time(t, iso, sizeof iso);
	json_put_str(b, iso);
}

void
sbx_put_kstr(struct buf *b, const char *sep, const char *key,
    const char *val)
{
	buf_puts(b, sep);
	json_put_str(b, key);
	buf_putc(b, ':');
	json_put_str(b, val);
}

void
sbx_put_kint(struct buf *b, const char *sep, const char *key, long long val)
{
	buf_puts(b, sep);
	json_put_str(b, key);
	buf_printf(b, ":%lld", val);
}

void
sbx_put_kbool(struct buf *b, const char *sep, const char *key, int val)
{
	buf_puts(b, sep);
	json_put_str(b, key);
	buf_puts(b, val ? ":true" : ":false");
}

void
sbx_put_ktime(struct buf *b, const char *sep, const char *key, double t)
{
	buf_puts(b, sep);
	json_put_str(b, key);
	buf_putc(b, ':');
	sbx_put_time(b, t);
}

int
sbx_password_ok(const char *p)
{
	int	up = 0, lo = 0, dg = 0;
	size_t	n = 0;

	for (; *p != '\0'; p++, n++) {
		up |= isupper((unsigned char)*p) != 0;
		lo |= islower((unsigned char)*p) != 0;
		dg |= isdigit((unsigned char)*p) != 0;
	}
	return n >= 12 && up && lo && dg;
}

int
sbx_hostname_ok(const char *s)
{
	size_t	lab = 0, n = 0;
	int	dots = 0;
	char	prev = '.';

	for (; *s != '\0'; s++, n++) {
		char	c = (char)tolower((unsigned char)*s);

		if (c == '.') {
			if (lab == 0 || prev == '-')
				return 0;
			lab = 0;
			dots++;
		} else if (isalnum((unsigned char)c) || c == '-') {
			if (c == '-' && lab == 0)
				return 0;
			if (++lab > 63)
				return 0;
		} else
			return 0;
		prev = c;
	}
	return n > 0 && n <= 253 && dots > 0 && lab > 0 && prev != '-';
}

int
sbx_email_ok(const char *s)
{
	const char	*at = strchr(s, '@');
	const char	*p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    at - s > 64)
		return 0;
	for (p = s; p < at; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == ',' ||
		    *p == '<' || *p == '>' || *p == '(' || *p == ')' ||
		    *p == ';' || *p == ':' || *p == '\\' || *p == '[' ||
		    *p == ']')
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	return sbx_hostname_ok(at + 1);
}
