/*
 * mcp_tool_search.c - search_domains: `mailfleet search domains` on a
 * file, or on names given as an array (written to a CSV in a private
 * temporary folder, removed afterwards), and the result file it wrote
 * read row by row: each name the provider answered (the input's own,
 * then its variations), whether it can be registered and its price; the
 * input rows the command refused (blocked TLDs, invalid names) as errors
 * with the input's row, the column and the command's message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "csv_in.h"
#include "csv_out.h"
#include "json.h"
#include "mcp.h"
#include "pricing.h"
#include "xmalloc.h"

#define NAMES_MAX	10000	/* names[] taken in one call */
#define RESULTS_MAX	1000	/* rows a result lists (the file has all) */

/* The folder and file names[] were written to (both empty: a file). */
struct names_in {
	struct buf	 dir, path;
};

static void
names_remove(struct names_in *n)
{
	if (n->path.len > 0)
		unlink(n->path.data);
	if (n->dir.len > 0)
		rmdir(n->dir.data);
	buf_free(&n->dir);
	buf_free(&n->path);
}

/* names[] as a CSV with a domain column (the server's delimiter, no
 * formula guard: the command sees the names as given). 0, or -1 + error. */
static int
names_write(struct mcp_call *call, int v, struct names_in *n,
    struct mcp_reply *r)
{
	const char		*tmp = getenv("TMPDIR"), *cell;
	const char		 head[] = "domain";
	char			 delim = call->srv->app->delimiter, err[512];
	struct csv_writer	*w;
	char			*name;
	int			 k, count = 0, rc = 0;

	if (json_type(call->doc, v) != JSON_ARRAY ||
	    json_child(call->doc, v) < 0) {
		mcp_reply_error(r, "search_domains: names must be a non-empty "
		    "array of strings");
		return -1;
	}
	buf_printf(&n->dir, "%s/mailfleet-mcp.XXXXXX", tmp != NULL &&
	    *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(n->dir.data) == NULL) {
		mcp_reply_error(r, "search_domains: cannot make a temporary "
		    "folder in %s", tmp != NULL && *tmp ? tmp : "/tmp");
		buf_reset(&n->dir);
		return -1;
	}
	buf_printf(&n->path, "%s/names.csv", n->dir.data);
	if ((w = csv_writer_open(n->path.data, delim ? delim : ',',
	    CSV_OUT_RAW | CSV_OUT_SECRET, err, sizeof err)) == NULL) {
		mcp_reply_error(r, "search_domains: %s", err);
		buf_reset(&n->path);
		return -1;
	}
	cell = head;
	rc = csv_writer_row(w, &cell, 1, err, sizeof err);
	for (k = json_child(call->doc, v); k >= 0 && rc == 0;
	    k = json_next(call->doc, k)) {
		name = NULL;
		if (++count > NAMES_MAX || json_str(call->doc, k, &name) < 0 ||
		    *name == '\0') {
			snprintf(err, sizeof err, "names[%d] %s", count - 1,
			    count > NAMES_MAX ? "is one too many (at most "
			    "10000 a call; give a file)" :
			    "is not a name (a non-empty string)");
			rc = -1;
		} else {
			cell = name;
			rc = csv_writer_row(w, &cell, 1, err, sizeof err);
		}
		free(name);
	}
	if (rc < 0)
		csv_writer_abort(w);
	else
		rc = csv_writer_commit(w, err, sizeof err);
	if (rc < 0)
		mcp_reply_error(r, "search_domains: %s", err);
	return rc;
}

/* A row's cell at column i ("" when the row is short or i < 0). */
static const char *
cell_at(const struct csv_row *row, long i)
{
	return i >= 0 && (size_t)i < row->nfields ? row->fields[i] : "";
}

/* Columns of a search result. */
enum { C_DOMAIN, C_STATUS, C_ERROR, C_REQUESTED, C_AVAILABLE, C_PRICE,
	C_COUNT };
static const char *const col_names[C_COUNT] = { "domain", "status", "error",
	"requested", "available", "price" };

/* What a result's rows add up to. */
struct search_sum {
	struct buf	 results, errors;
	long		 rows, nerrors, in_row;
	long		 available, unavailable, invalid, failed;
	char		*prev;		/* the last row's requested name */
};

/* Appends "name":"cell" or "name":null when the cell is empty. */
static void
str_or_null(struct buf *b, const char *name, const char *cell)
{
	mcp_json_member(b, name, *cell != '\0' ? cell : NULL);
}

static void
search_row(struct search_sum *s, const struct csv_row *row, const long *c)
{
	const char	*req = cell_at(row, c[C_REQUESTED]);
	const char	*st = cell_at(row, c[C_STATUS]);
	const char	*av = cell_at(row, c[C_AVAILABLE]);
	const char	*price = cell_at(row, c[C_PRICE]);
	long long	 cents;

	/* each input row's own name first, then its variations (the same
	 * requested name); a refused row has none */
	if (*req == '\0' || s->prev == NULL || strcmp(req, s->prev) != 0)
		s->in_row++;
	free(s->prev);
	s->prev = xstrdup(req);
	s->available += strcmp(st, "available") == 0;
	s->unavailable += strcmp(st, "unavailable") == 0;
	s->invalid += strcmp(st, "invalid") == 0;
	s->failed += strcmp(st, "failed") == 0;
	if ((strcmp(st, "invalid") == 0 || strcmp(st, "failed") == 0) &&
	    s->nerrors++ < MCP_FIRST_ERRORS)
		mcp_csv_error(&s->errors, s->in_row, cell_at(row, c[C_ERROR]));
	if (s->rows++ >= RESULTS_MAX)
		return;
	buf_puts(&s->results, s->results.len > 1 ? ",{" : "{");
	buf_printf(&s->results, "\"row\":%ld", s->in_row);
	str_or_null(&s->results, "domain", cell_at(row, c[C_DOMAIN]));
	str_or_null(&s->results, "requested", req);
	str_or_null(&s->results, "status", st);
	buf_printf(&s->results, ",\"available\":%s", strcmp(av, "true") == 0 ?
	    "true" : strcmp(av, "false") == 0 ? "false" : "null");
	if (price_parse(price, &cents) == 0)
		buf_printf(&s->results, ",\"price_cents\":%lld", cents);
	else
		buf_puts(&s->results, ",\"price_cents\":null");
	str_or_null(&s->results, "price", price);
	str_or_null(&s->results, "error", cell_at(row, c[C_ERROR]));
	buf_putc(&s->results, '}');
}

/* The result file's rows into b's members. 0, or -1 + why. */
static int
search_read(const char *path, struct buf *b, struct buf *why)
{
	struct search_sum	 s;
	struct csv_reader	*rd;
	struct csv_row		*row;
	long			 c[C_COUNT];
	char			 err[512];
	int			 i, rc;

	if ((rd = csv_reader_open(path, 0, err, sizeof err)) == NULL) {
		buf_puts(why, err);
		return -1;
	}
	memset(&s, 0, sizeof s);
	for (i = 0; i < C_COUNT; i++)
		c[i] = mcp_csv_column(csv_reader_header(rd), col_names[i]);
	buf_putc(&s.results, '[');
	buf_putc(&s.errors, '[');
	while ((rc = csv_reader_next(rd, &row, err, sizeof err)) == 1)
		search_row(&s, row, c);
	csv_reader_close(rd);
	buf_printf(b, ",\"rows\":%ld,\"counts\":{\"available\":%ld,"
	    "\"unavailable\":%ld,\"invalid\":%ld,\"failed\":%ld},\"results\":"
	    "%s],\"results_truncated\":%s,\"errors\":%s]", s.rows, s.available,
	    s.unavailable, s.invalid, s.failed, s.results.data,
	    s.rows > RESULTS_MAX ? "true" : "false", s.errors.data);
	if (rc < 0)
		buf_puts(why, err);
	free(s.prev);
	buf_free(&s.results);
	buf_free(&s.errors);
	return rc < 0 ? -1 : 0;
}

/* --variations=N from the argument (0..100); 0 absent, -1 + error. */
static int
variations(struct mcp_call *call, struct mcp_argv *a, struct mcp_reply *r)
{
	int		v = json_get(call->doc, call->args, "variations");
	long long	n;
	char		w[48];

	if (v < 0)
		return 0;
	if (json_int(call->doc, v, &n) < 0 || n < 0 || n > 100) {
		mcp_reply_error(r, "search_domains: variations must be an "
		    "integer from 0 to 100");
		return -1;
	}
	snprintf(w, sizeof w, "--variations=%lld", n);
	mcp_argv_add(a, w);
	return 0;
}

/* Runs the search on in, writing out; the reply's members. */
static void
search_run(struct mcp_call *call, struct mcp_argv *a, const char *out,
    struct mcp_reply *r)
{
	struct mcp_child	 c;
	struct buf		 why = BUF_INIT;

	mcp_argv_add(a, "-o");
	mcp_argv_add(a, out);
	if (mcp_busy_take(call, NULL, r) < 0)
		return;
	mcp_json_member(&r->json, "result_file", out);
	if (mcp_run_for_file(call, a, out, &c, r) == 0) {
		if (search_read(out, &r->json, &why) < 0) {
			mcp_reply_error(r, "%s: %s", out, why.data);
		} else {
			mcp_end_members(&r->json, &c);
			buf_putc(&r->json, '}');
		}
	}
	mcp_child_free(&c);
	mcp_busy_drop(call);
	buf_free(&why);
}

void
mcp_tool_search_domains(struct mcp_call *call, struct mcp_reply *r)
{
	int			 names = json_get(call->doc, call->args, "names");
	int			 has_file = json_get(call->doc, call->args,
				    "file") >= 0;
	struct names_in		 in = { BUF_INIT, BUF_INIT };
	struct mcp_argv		 a = { NULL, 0 };
	char			*file = NULL, *out = NULL;

	if ((names >= 0) == has_file) {
		mcp_reply_error(r, "search_domains takes a file or names (one "
		    "of the two)");
		return;
	}
	mcp_argv_add(&a, "search");
	mcp_argv_add(&a, "domains");
	if (has_file ? (file = mcp_arg_path(call, "file", 1, r)) == NULL :
	    names_write(call, names, &in, r) < 0)
		goto done;
	mcp_argv_add(&a, has_file ? file : in.path.data);
	if (variations(call, &a, r) < 0)
		goto done;
	if ((out = mcp_arg_output(call, file, ".search.csv",
	    "domains.search.csv", r)) == NULL)
		goto done;
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "file", file);
	search_run(call, &a, out, r);
done:
	names_remove(&in);
	mcp_argv_free(&a);
	free(file);
	free(out);
}
