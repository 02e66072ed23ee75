/*
 * maildoso_query.c - the query parameters Maildoso's lookups share
 * (created_at, order_by, id/enum lists), validated as FastAPI does, and a
 * stable sort with a context.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sandbox/dates.h"
#include "sandbox/maildoso.h"
#include "xmalloc.h"

static void
too_long(struct sbx_ctx *x, const char *name, size_t max, size_t n)
{
	struct buf	loc = BUF_INIT;

	buf_printf(&loc, "query/%s", name);
	sbx_verr_add(&x->verr, buf_cstr(&loc), "too_long", "List should have "
	    "at most %zu items after validation, not %zu", max, n);
	buf_free(&loc);
}

/* "Input should be 'a', 'b' or 'c'" */
static void
enum_msg(struct buf *b, const char *const *allowed)
{
	size_t	i, n;

	for (n = 0; allowed[n] != NULL; n++)
		;
	buf_puts(b, "Input should be ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, i == n - 1 ? " or " : ", ");
		buf_printf(b, "'%s'", allowed[i]);
	}
}

int
md_q_created(struct sbx_ctx *x, long long *from, long long *to,
    int *present)
{
	size_t		 n = sbx_arg_count(x->req, "created_at"), i;
	long long	 d[2];
	struct buf	 loc = BUF_INIT;
	int		 rc = 0;

	*present = 0;
	if (n == 0)
		return 0;
	if (n > 2) {
		too_long(x, "created_at", 2, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (sbx_parse_date(sbx_arg_nth(x->req, "created_at", i),
		    &d[i]) != 0) {
			buf_reset(&loc);
			buf_printf(&loc, "query/created_at/%zu", i);
			sbx_verr_add(&x->verr, buf_cstr(&loc), "date_from_"
			    "datetime_parsing", "Input should be a valid date "
			    "or datetime, invalid character in year");
			rc = -1;
		}
	}
	buf_free(&loc);
	if (rc != 0)
		return -1;
	if (n == 1)
		d[1] = d[0];
	*from = d[0] < d[1] ? d[0] : d[1];
	*to = d[0] < d[1] ? d[1] : d[0];
	*present = 1;
	return 0;
}

int
md_in_days(double t, long long from, long long to)
{
	long long	day = (long long)floor(t / 86400.0);

	return day >= from && day <= to;
}

int
md_order_cmp(const struct md_order *o, const char *name_key,
    const struct md_sortkey *a, const struct md_sortkey *b)
{
	int	i, c;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->key[i], name_key) == 0)
			c = strcmp(a->name, b->name);
		else if (strcmp(o->key[i], "created_at") == 0)
			c = (a->created_at > b->created_at) -
			    (a->created_at < b->created_at);
		else
			c = (a->id > b->id) - (a->id < b->id);
		if (c != 0)
			return o->desc[i] ? -c : c;
	}
	return 0;
}

int
md_q_order(struct sbx_ctx *x, const char *const *allowed,
    struct md_order *o)
{
	size_t		 n = sbx_arg_count(x->req, "order_by"), i, k;
	const char	*v;
	const char	*full[16];
	struct buf	 loc = BUF_INIT, msg = BUF_INIT;
	int		 rc = 0, ok;

	memset(o, 0, sizeof *o);
	if (n == 0) {
		o->n = 1;
		o->key[0] = "id";
		return 0;
	}
	if (n > 3) {
		too_long(x, "order_by", 3, n);
		return -1;
	}
	/* The allowed values with and without '-', for the message. */
	for (k = 0; allowed[k] != NULL && k < 7; k++)
		full[k] = allowed[k];
	full[k] = NULL;
	for (i = 0; i < n; i++) {
		v = sbx_arg_nth(x->req, "order_by", i);
		ok = 0;
		for (k = 0; allowed[k] != NULL; k++) {
			if (strcmp(v, allowed[k]) == 0 ||
			    (v[0] == '-' && strcmp(v + 1, allowed[k]) == 0)) {
				o->key[o->n] = allowed[k];
				o->desc[o->n] = v[0] == '-';
				o->n++;
				ok = 1;
				break;
			}
		}
		if (!ok) {
			buf_reset(&loc);
			buf_printf(&loc, "query/order_by/%zu", i);
			buf_reset(&msg);
			enum_msg(&msg, full);
			buf_puts(&msg, " (each optionally prefixed by '-')");
			sbx_verr_add(&x->verr, buf_cstr(&loc), "literal_error",
			    "%s", buf_cstr(&msg));
			rc = -1;
		}
	}
	buf_free(&loc);
	buf_free(&msg);
	return rc;
}

int
md_q_ints(struct sbx_ctx *x, const char *name, size_t max, long long **out,
    size_t *nout)
{
	size_t		 n = sbx_arg_count(x->req, name), i;
	const char	*v;
	struct buf	 loc = BUF_INIT;
	int		 rc = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if (n > max) {
		too_long(x, name, max, n);
		return -1;
	}
	*out = xreallocarray(NULL, n, sizeof **out);
	for (i = 0; i < n; i++) {
		v = sbx_arg_nth(x->req, name, i);
		if (sbx_parse_int(v, &(*out)[i]) != 0) {
			buf_reset(&loc);
			buf_printf(&loc, "query/%s/%zu", name, i);
			sbx_verr_type(&x->verr, buf_cstr(&loc), "int");
			rc = -1;
		}
	}
	buf_free(&loc);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*nout = n;
	return 0;
}

int
md_q_enums(struct sbx_ctx *x, const char *name, const char *const *allowed,
    size_t max, const char ***out, size_t *nout)
{
	size_t		 n = sbx_arg_count(x->req, name), i, k;
	const char	*v;
	struct buf	 loc = BUF_INIT, msg = BUF_INIT;
	int		 rc = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if (n > max) {
		too_long(x, name, max, n);
		return -1;
	}
	*out = xreallocarray(NULL, n, sizeof **out);
	for (i = 0; i < n; i++) {
		v = sbx_arg_nth(x->req, name, i);
		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(v, allowed[k]) == 0)
				break;
		if (allowed[k] == NULL) {
			buf_reset(&loc);
			buf_printf(&loc, "query/%s/%zu", name, i);
			buf_reset(&msg);
			enum_msg(&msg, allowed);
			sbx_verr_add(&x->verr, buf_cstr(&loc), "enum", "%s",
			    buf_cstr(&msg));
			rc = -1;
		} else
			(*out)[i] = allowed[k];
	}
	buf_free(&loc);
	buf_free(&msg);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*nout = n;
	return 0;
}

static void
merge(void **v, void **tmp, size_t lo, size_t mid, size_t hi,
    int (*cmp)(const void *, const void *, void *), void *ctx)
{
	size_t	i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		tmp[k++] = cmp(v[j], v[i], ctx) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < hi)
		tmp[k++] = v[j++];
	memcpy(v + lo, tmp + lo, (hi - lo) * sizeof *v);
}

void
md_sort(void **v, size_t n, int (*cmp)(const void *, const void *, void *),
    void *ctx)
{
	void	**tmp;
	size_t	  w, lo;

	if (n < 2)
		return;
	tmp = xreallocarray(NULL, n, sizeof *tmp);
	/* Bottom-up: no recursion. */
	for (w = 1; w < n; w *= 2)
		for (lo = 0; lo + w < n; lo += 2 * w)
			merge(v, tmp, lo, lo + w, lo + 2 * w < n ? lo + 2 * w :
			    n, cmp, ctx);
	free(tmp);
}

char *
md_lower(const char *s)
{
	char	*p = xstrdup(s), *q;

	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}
