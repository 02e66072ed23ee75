/*
 * mcp_csv.c - what a file a command wrote says, for a tool's result:
 * rows, rows per status, the first errors (row, column, message) and the
 * names of the columns that hold secrets. Cell values other than status
 * and error never leave this file: passwords stay on disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_in.h"
#include "export.h"
#include "json.h"
#include "mcp.h"
#include "pricing.h"
#include "xmalloc.h"

#define STATUSES_MAX	32

struct tally {
	char	*name[STATUSES_MAX];
	long	 n[STATUSES_MAX];
	size_t	 used;
};

static void
tally_add(struct tally *t, const char *status)
{
	size_t	i;

	for (i = 0; i < t->used; i++)
		if (strcmp(t->name[i], status) == 0) {
			t->n[i]++;
			return;
		}
	if (t->used == STATUSES_MAX)
		return;
	t->name[t->used] = xstrdup(status);
	t->n[t->used++] = 1;
}

static void
tally_json(struct tally *t, struct buf *b)
{
	size_t	i;

	buf_putc(b, '{');
	for (i = 0; i < t->used; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_put_str(b, t->name[i]);
		buf_printf(b, ":%ld", t->n[i]);
		free(t->name[i]);
	}
	buf_putc(b, '}');
}

long
mcp_csv_column(const struct csv_row *h, const char *base)
{
	size_t	i, n = strlen(base);
	long	at = -1;

	for (i = 0; i < h->nfields; i++)
		if (strncmp(h->fields[i], base, n) == 0 &&
		    (h->fields[i][n] == '\0' || (h->fields[i][n] == '_' &&
		    strspn(h->fields[i] + n + 1, "0123456789") ==
		    strlen(h->fields[i] + n + 1))))
			at = (long)i;
	return at;
}

static int
is_problem(const char *status)
{
	return strcmp(status, "invalid") == 0 ||
	    strcmp(status, "failed") == 0 ||
	    strcmp(status, "over_quota") == 0 ||
	    strcmp(status, "over_limit") == 0;
}

void
mcp_csv_error(struct buf *errors, long row, const char *msg)
{
	long	col = 0;

	if (errors->len > 1)
		buf_putc(errors, ',');
	if (sscanf(msg, "column %ld", &col) != 1)
		col = 0;
	buf_printf(errors, "{\"row\":%ld,\"column\":", row);
	if (col > 0)
		buf_printf(errors, "%ld", col);
	else
		buf_puts(errors, "null");
	buf_puts(errors, ",\"message\":");
	json_put_str(errors, msg);
	buf_putc(errors, '}');
}

static void
add_error(struct mcp_csv_sum *sum, long row, const char *msg)
{
	if (sum->nerrors++ < MCP_FIRST_ERRORS)
		mcp_csv_error(&sum->errors, row, msg);
}

static void
header(const struct csv_row *h, struct mcp_csv_sum *sum)
{
	size_t	i;

	buf_putc(&sum->secrets, '[');
	for (i = 0; i < h->nfields; i++)
		if (export_secret_column(h->fields[i])) {
			if (sum->secrets.len > 1)
				buf_putc(&sum->secrets, ',');
			json_put_str(&sum->secrets, h->fields[i]);
		}
	buf_putc(&sum->secrets, ']');
}

static int
sum_jsonl(const char *path, struct mcp_csv_sum *sum, struct buf *why)
{
	FILE	*fp = fopen(path, "r");
	int	 c, last = '\n';

	if (fp == NULL) {
		buf_printf(why, "cannot read %s", path);
		return -1;
	}
	while ((c = getc(fp)) != EOF) {
		if (c == '\n')
			sum->rows++;
		last = c;
	}
	if (last != '\n')
		sum->rows++;
	fclose(fp);
	buf_puts(&sum->counts, "{}");
	buf_puts(&sum->errors, "[]");
	buf_puts(&sum->secrets, "[]");
	return 0;
}

int
mcp_csv_sum(const char *path, int jsonl, const char *col,
    struct mcp_csv_sum *sum, struct buf *why)
{
	struct csv_reader	*r;
	struct csv_row		*row;
	struct tally		 t = { { NULL }, { 0 }, 0 };
	char			 err[256];
	long			 st, er, pr;
	long long		 cents;
	int			 rc;

	memset(sum, 0, sizeof *sum);
	if (jsonl)
		return sum_jsonl(path, sum, why);
	if ((r = csv_reader_open(path, 0, err, sizeof err)) == NULL) {
		buf_puts(why, err);
		return -1;
	}
	header(csv_reader_header(r), sum);
	st = mcp_csv_column(csv_reader_header(r), col);
	er = mcp_csv_column(csv_reader_header(r), "error");
	pr = mcp_csv_column(csv_reader_header(r), "price");
	sum->has_price = pr >= 0;
	buf_putc(&sum->errors, '[');
	while ((rc = csv_reader_next(r, &row, err, sizeof err)) == 1) {
		sum->rows++;
		if (pr >= 0 && (size_t)pr < row->nfields &&
		    price_parse(row->fields[pr], &cents) == 0) {
			sum->priced++;
			sum->price_cents += cents;
		}
		if (st < 0 || (size_t)st >= row->nfields)
			continue;
		tally_add(&t, row->fields[st]);
		if (er >= 0 && (size_t)er < row->nfields &&
		    is_problem(row->fields[st]))
			add_error(sum, row->number, row->fields[er]);
	}
	buf_putc(&sum->errors, ']');
	tally_json(&t, &sum->counts);
	csv_reader_close(r);
	if (rc < 0) {
		buf_puts(why, err);
		return -1;
	}
	return 0;
}

void
mcp_csv_sum_free(struct mcp_csv_sum *sum)
{
	buf_free(&sum->counts);
	buf_free(&sum->errors);
	buf_free(&sum->secrets);
}
