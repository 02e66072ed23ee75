/*
 * diff.c - two CSV snapshots compared by key: a streaming merge when both
 * are sorted by key, else OLD held in memory (bounded) and NEW streamed.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "diff.h"
#include "export.h"
#include "xmalloc.h"

/* One input file being read. */
struct side {
	struct csv_reader	*r;
	const char		*path;
	size_t			 keycol;
	size_t			*map;		/* union column -> own column */
	struct csv_row		*row;		/* current (owned by r) */
	char			*key;		/* current, lower case (owned) */
	int			 eof;
};

/* A row of OLD kept in memory. */
struct orow {
	char	*key;
	char	*rec;		/* export record: union column -> value */
	size_t	 len;
	int	 seen;
};

struct ctx {
	struct side		 o, n;
	char			**names;	/* the union of the headers */
	size_t			 nu;
	size_t			 okey;		/* the key, as a union column */
	struct csv_writer	*w;
	const char		**cells;	/* 3 + nu output cells */
	const char		**ocells;	/* nu cells of an OLD row */
	size_t			*olens;
	struct buf		 changed;
	struct diff_result	*res;
};

/* Keys of digits only compare as numbers, others bytewise. */
static int
keycmp(const char *a, const char *b)
{
	size_t	la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");

	if (a[la] == '\0' && b[lb] == '\0' && la > 0 && lb > 0 && la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static size_t
find_col(const struct csv_row *h, const char *key)
{
	char	*want = col_normalize(key), *n;
	int	 field = col_lookup(key);
	size_t	 i, found = COL_NONE;
	struct colmap	m;

	for (i = 0; i < h->nfields && found == COL_NONE; i++) {
		n = col_normalize(h->fields[i]);
		if (strcmp(n, want) == 0)
			found = i;
		free(n);
	}
	free(want);
	if (found == COL_NONE && field >= 0) {
		colmap_build(&m, (const char *const *)h->fields, h->nfields);
		found = m.idx[field];
	}
	return found;
}

static int
side_open(struct side *s, const char *path, const struct diff_opts *o,
    char *err, size_t errlen)
{
	const char	*key = o->key ? o->key : "email";

	memset(s, 0, sizeof *s);
	s->path = path;
	if ((s->r = csv_reader_open(path, o->delim, err, errlen)) == NULL)
		return csv_input_openable(path) ? EXIT_DATA : EXIT_NOINPUT;
	s->keycol = find_col(csv_reader_header(s->r), key);
	if (s->keycol == COL_NONE) {
		snprintf(err, errlen, "%s: no key column \"%s\" (--key)", path,
		    key);
		return EXIT_DATA;
	}
	return 0;
}

static void
side_close(struct side *s)
{
	if (s->r != NULL)
		csv_reader_close(s->r);
	free(s->key);
	free(s->map);
	memset(s, 0, sizeof *s);
}

/* The next row with a key: 1, 0 at the end, -1 on a read error. */
static int
side_next(struct side *s, long *skipped, char *err, size_t errlen)
{
	size_t	i;
	int	rc;

	free(s->key);
	s->key = NULL;
	while ((rc = csv_reader_next(s->r, &s->row, err, errlen)) == 1) {
		if (s->row->error != NULL || s->keycol >= s->row->nfields ||
		    *s->row->fields[s->keycol] == '\0') {
			(*skipped)++;
			continue;
		}
		s->key = xstrdup(s->row->fields[s->keycol]);
		for (i = 0; s->key[i] != '\0'; i++)
			s->key[i] = (char)tolower((unsigned char)s->key[i]);
		return 1;
	}
	s->eof = 1;
	return rc;
}

/* First pass: is the file sorted by key? 1 yes, 0 no, else an exit code
 * (a key twice in a sorted run is an error: keys must be unique). */
static int
is_sorted(const char *path, const struct diff_opts *o, char *err,
    size_t errlen)
{
	struct side	s;
	char		*prev = NULL;
	long		 skipped = 0;
	int		 rc, c, sorted = 1;

	if ((rc = side_open(&s, path, o, err, errlen)) != 0) {
		side_close(&s);
		return rc;
	}
	while (sorted == 1 && (rc = side_next(&s, &skipped, err, errlen)) ==
	    1) {
		if (prev != NULL && (c = keycmp(prev, s.key)) >= 0) {
			if (c == 0) {
				snprintf(err, errlen, "%s: key \"%s\" twice "
				    "(line %ld)", path, s.key, s.row->line);
				sorted = EXIT_DATA;
			} else
				sorted = 0;
		}
		free(prev);
		prev = xstrdup(s.key);
	}
	free(prev);
	side_close(&s);
	return rc < 0 ? EXIT_DATA : sorted;
}

/*
 * Adds one file's header to the union. Columns meet by name (any case,
 * without spaces, '_' or '-'), never by alias: id and domain_id, IMAP and
 * SMTP Password stay apart. Only the key columns meet by alias.
 */
static void
union_add(struct ctx *x, struct strmap *seen, struct side *s,
    const struct csv_row *h, size_t keyu)
{
	size_t		 i;
	long long	 v;
	char		*k;

	for (i = 0; i < h->nfields; i++) {
		if (i == s->keycol && keyu != COL_NONE) {
			s->map[keyu] = i;
			continue;
		}
		k = col_normalize(h->fields[i]);
		if (strmap_getn(seen, k, strlen(k), &v)) {
			if (s->map[(size_t)v - 1] == COL_NONE)
				s->map[(size_t)v - 1] = i;
		} else {
			strmap_putn(seen, k, strlen(k),
			    (long long)(x->nu + 1));
			x->names[x->nu] = xstrdup(h->fields[i]);
			s->map[x->nu++] = i;
		}
		free(k);
	}
}

/* The union of the headers: NEW's columns, then those only OLD has. */
static void
build_union(struct ctx *x)
{
	const struct csv_row	*ho = csv_reader_header(x->o.r);
	const struct csv_row	*hn = csv_reader_header(x->n.r);
	struct strmap		 seen;
	size_t			 i, cap = ho->nfields + hn->nfields;

	x->names = xcalloc(cap, sizeof *x->names);
	x->o.map = xcalloc(cap, sizeof *x->o.map);
	x->n.map = xcalloc(cap, sizeof *x->n.map);
	for (i = 0; i < cap; i++)
		x->o.map[i] = x->n.map[i] = COL_NONE;
	strmap_init(&seen);
	union_add(x, &seen, &x->n, hn, COL_NONE);
	for (i = 0; i < x->nu; i++)
		if (x->n.map[i] == x->n.keycol)
			x->okey = i;
	union_add(x, &seen, &x->o, ho, x->okey);
	strmap_free(&seen);
}

static const char *
cell(const struct side *s, size_t u)
{
	size_t	c = s->map[u];

	return c != COL_NONE && c < s->row->nfields ? s->row->fields[c] : "";
}

static int
emit(struct ctx *x, const char *change, const char *key, const struct side *s,
    const char *const *vals, char *err, size_t errlen)
{
	size_t	u;

	x->cells[0] = change;
	x->cells[1] = key;
	x->cells[2] = buf_cstr(&x->changed);
	for (u = 0; u < x->nu; u++)
		x->cells[3 + u] = s != NULL ? cell(s, u) : vals[u] ?
		    vals[u] : "";
	return csv_writer_row(x->w, x->cells, 3 + x->nu, err, errlen);
}

/* Fills x->changed with the columns that differ; returns how many. */
static size_t
compare(struct ctx *x, const char *const *ovals)
{
	size_t		u, n = 0;
	const char	*a, *b;

	buf_reset(&x->changed);
	for (u = 0; u < x->nu; u++) {
		if (u == x->okey)
			continue;	/* equal but for case: not a change */
		a = ovals != NULL ? (ovals[u] ? ovals[u] : "") : cell(&x->o, u);
		b = cell(&x->n, u);
		if (strcmp(a, b) != 0) {
			buf_printf(&x->changed, "%s%s", n++ ? ";" : "",
			    x->names[u]);
		}
	}
	return n;
}

static int
merge(struct ctx *x, char *err, size_t errlen)
{
	long	*sk = &x->res->skipped;
	int	 c, rc = 0;

	if (side_next(&x->o, sk, err, errlen) < 0 ||
	    side_next(&x->n, sk, err, errlen) < 0)
		return EXIT_DATA;
	while (rc == 0 && (!x->o.eof || !x->n.eof)) {
		c = x->o.eof ? 1 : x->n.eof ? -1 : keycmp(x->o.key, x->n.key);
		buf_reset(&x->changed);
		if (c < 0) {
			x->res->removed++;
			rc = emit(x, "removed", x->o.row->fields[x->o.keycol],
			    &x->o, NULL, err, errlen);
		} else if (c > 0) {
			x->res->added++;
			rc = emit(x, "added", x->n.row->fields[x->n.keycol],
			    &x->n, NULL, err, errlen);
		} else if (compare(x, NULL) > 0) {
			x->res->changed++;
			rc = emit(x, "changed", x->n.row->fields[x->n.keycol],
			    &x->n, NULL, err, errlen);
		} else
			x->res->same++;
		if (rc < 0)
			return EXIT_IO;
		if ((c <= 0 && side_next(&x->o, sk, err, errlen) < 0) ||
		    (c >= 0 && side_next(&x->n, sk, err, errlen) < 0))
			return EXIT_DATA;
	}
	return 0;
}

/* Unpacks a kept OLD row into x->ocells (copies; drop_cells frees). */
static void
decode(struct ctx *x, const struct orow *r)
{
	struct buf	view;	/* borrows the row */
	size_t		pos = 0, u;

	view.data = r->rec;
	view.len = view.cap = r->len;
	export_rec_next(&view, &pos, x->ocells, x->olens, x->nu);
	for (u = 0; u < x->nu; u++)
		if (x->ocells[u] != NULL)
			x->ocells[u] = xstrndup(x->ocells[u], x->olens[u]);
}

static void
drop_cells(struct ctx *x)
{
	size_t	u;

	for (u = 0; u < x->nu; u++) {
		free((char *)x->ocells[u]);
		x->ocells[u] = NULL;
	}
}

static void
orow_free(struct orow *r, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(r[i].key);
		free(r[i].rec);
	}
	free(r);
}

/* The value of a key NEW added (OLD's rows are 1-based indices). */
#define ADDED_IN_NEW	(-1LL)

/* OLD held in memory by hashed(): its rows, and every key seen. */
struct held {
	struct strmap		 idx;	/* key -> row index + 1, ADDED_IN_NEW */
	struct orow		*rows;
	size_t			 n, cap;
};

/* Keeps OLD's current row (its cells packed as one record). */
static void
hold_row(struct ctx *x, struct held *h, struct buf *rec)
{
	size_t	u;

	buf_reset(rec);
	for (u = 0; u < x->nu; u++)
		if (*cell(&x->o, u) != '\0')
			export_rec_cell(rec, (uint32_t)u, cell(&x->o, u),
			    strlen(cell(&x->o, u)));
	export_rec_end(rec);
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 1024;
		h->rows = xreallocarray(h->rows, h->cap, sizeof *h->rows);
	}
	h->rows[h->n].key = xstrdup(x->o.key);
	h->rows[h->n].rec = xmalloc(rec->len);	/* binary: no strndup */
	memcpy(h->rows[h->n].rec, rec->data, rec->len);
	h->rows[h->n].len = rec->len;
	h->rows[h->n].seen = 0;
	strmap_putn(&h->idx, x->o.key, strlen(x->o.key),
	    (long long)(h->n + 1));
	x->res->memory += rec->len + 2 * strlen(x->o.key) + 64;
	h->n++;
}

/* Reads OLD into h, within the memory bound: 0, or EXIT_DATA with err. */
static int
load_old(struct ctx *x, struct held *h, size_t max, char *err,
    size_t errlen)
{
	struct buf	rec = BUF_INIT;
	int		rc = 0, r;

	while (rc == 0 && (r = side_next(&x->o, &x->res->skipped, err,
	    errlen)) == 1) {
		if (strmap_getn(&h->idx, x->o.key, strlen(x->o.key),
		    NULL)) {
			snprintf(err, errlen, "%s: key \"%s\" twice (line %ld)",
			    x->o.path, x->o.key, x->o.row->line);
			rc = EXIT_DATA;
			break;
		}
		hold_row(x, h, &rec);
		if (x->res->memory > max) {
			snprintf(err, errlen, "%s is not sorted by key and "
			    "holds more than the memory bound (%zu MiB): sort "
			    "both files by the key column or raise "
			    "--max-memory", x->o.path, max >> 20);
			rc = EXIT_DATA;
		}
	}
	if (rc == 0 && r < 0)
		rc = EXIT_DATA;
	buf_free(&rec);
	return rc;
}

/* Streams NEW against h: added, changed, same. 0, or an exit code with
 * err. */
static int
match_new(struct ctx *x, struct held *h, char *err, size_t errlen)
{
	struct orow	*orr;
	long long	 v;
	int		 rc = 0, r;

	while (rc == 0 && (r = side_next(&x->n, &x->res->skipped, err,
	    errlen)) == 1) {
		buf_reset(&x->changed);
		if (!strmap_getn(&h->idx, x->n.key, strlen(x->n.key),
		    &v)) {
			/* kept, so that the key seen again in NEW is refused
			 * as a key twice in OLD is */
			strmap_putn(&h->idx, x->n.key, strlen(x->n.key),
			    ADDED_IN_NEW);
			x->res->memory += 2 * strlen(x->n.key) + 64;
			x->res->added++;
			rc = emit(x, "added", x->n.row->fields[x->n.keycol],
			    &x->n, NULL, err, errlen) < 0 ? EXIT_IO : 0;
			continue;
		}
		orr = v == ADDED_IN_NEW ? NULL : &h->rows[(size_t)v - 1];
		if (orr == NULL || orr->seen++) {
			snprintf(err, errlen, "%s: key \"%s\" twice (line %ld)",
			    x->n.path, x->n.key, x->n.row->line);
			return EXIT_DATA;
		}
		decode(x, orr);
		if (compare(x, x->ocells) > 0) {
			x->res->changed++;
			rc = emit(x, "changed", x->n.row->fields[x->n.keycol],
			    &x->n, NULL, err, errlen) < 0 ? EXIT_IO : 0;
		} else
			x->res->same++;
		drop_cells(x);
	}
	return rc == 0 && r < 0 ? EXIT_DATA : rc;
}

/* OLD's rows NEW did not have: removed. 0, or EXIT_IO with err. */
static int
emit_removed(struct ctx *x, struct held *h, char *err, size_t errlen)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; rc == 0 && i < h->n; i++) {
		if (h->rows[i].seen)
			continue;
		decode(x, &h->rows[i]);
		buf_reset(&x->changed);
		x->res->removed++;
		/* the key as OLD wrote it is in its key column's cell */
		rc = emit(x, "removed", x->ocells[x->okey] != NULL ?
		    x->ocells[x->okey] : h->rows[i].key, NULL, x->ocells, err,
		    errlen) < 0 ? EXIT_IO : 0;
		drop_cells(x);
	}
	return rc;
}

/* OLD in memory (bounded), NEW streamed against it. */
static int
hashed(struct ctx *x, const struct diff_opts *o, char *err, size_t errlen)
{
	struct held	h;
	int		rc;

	memset(&h, 0, sizeof h);
	strmap_init(&h.idx);
	rc = load_old(x, &h, o->max_memory ? o->max_memory :
	    DIFF_DEFAULT_MAX_MEMORY, err, errlen);
	if (rc == 0)
		rc = match_new(x, &h, err, errlen);
	if (rc == 0)
		rc = emit_removed(x, &h, err, errlen);
	orow_free(h.rows, h.n);
	strmap_free(&h.idx);
	return rc;
}

int
diff_files(const char *old_path, const char *new_path,
    const struct diff_opts *o, const char *out, struct diff_result *res,
    char *err, size_t errlen)
{
	struct ctx	x;
	int		so, sn, rc;

	memset(&x, 0, sizeof x);
	memset(res, 0, sizeof *res);
	x.res = res;
	if ((so = is_sorted(old_path, o, err, errlen)) > 1)
		return so;
	if ((sn = is_sorted(new_path, o, err, errlen)) > 1)
		return sn;
	res->streamed = so == 1 && sn == 1;
	if ((rc = side_open(&x.o, old_path, o, err, errlen)) != 0 ||
	    (rc = side_open(&x.n, new_path, o, err, errlen)) != 0)
		goto out;
	build_union(&x);
	x.cells = xcalloc(3 + x.nu, sizeof *x.cells);
	x.ocells = xcalloc(x.nu + 1, sizeof *x.ocells);
	x.olens = xcalloc(x.nu + 1, sizeof *x.olens);
	if ((x.w = csv_writer_open(out, ',', o->out_flags, err, errlen)) ==
	    NULL) {
		rc = EXIT_IO;
		goto out;
	}
	x.cells[0] = "change";
	/* "key", not the key column's own name, which follows among the
	 * columns: a header naming a column twice is refused on reading, so
	 * the result could not be read back (by mailfleet or a script). */
	x.cells[1] = "key";
	x.cells[2] = "changed_columns";
	memcpy(x.cells + 3, x.names, x.nu * sizeof *x.cells);
	if (csv_writer_row(x.w, x.cells, 3 + x.nu, err, errlen) < 0)
		rc = EXIT_IO;
	else
		rc = res->streamed ? merge(&x, err, errlen) :
		    hashed(&x, o, err, errlen);
	if (rc != 0)
		csv_writer_abort(x.w);
	else if (csv_writer_commit(x.w, err, errlen) < 0)
		rc = EXIT_IO;
out:
	side_close(&x.o);
	side_close(&x.n);
	for (size_t i = 0; i < x.nu; i++)
		free(x.names[i]);
	free(x.names);
	free(x.cells);
	free(x.ocells);
	free(x.olens);
	buf_free(&x.changed);
	return rc;
}
