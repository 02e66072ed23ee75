/*
 * mcp_io.c - newline-delimited framing of the MCP stdio transport.
 *
 * Bytes arrive in reads of any size: a message may be split across reads,
 * or several may come in one. Lines are collected in one growing buffer
 * and handed on whole. A line longer than the cap is reported once (so
 * the server can answer it) and the rest of it is skipped up to its \n:
 * memory stays bounded by the cap whatever the client sends.
 */
#include <string.h>

#include "mcp.h"

void
mcp_lines_init(struct mcp_lines *l, size_t max)
{
	buf_init(&l->cur);
	l->max = max;
	l->skipping = 0;
}

void
mcp_lines_free(struct mcp_lines *l)
{
	buf_free(&l->cur);
}

/* A line is complete: hand it on (without a \r before its \n). */
static void
emit(struct mcp_lines *l, mcp_line_fn fn, void *ctx)
{
	size_t	len = l->cur.len;

	if (len > 0 && l->cur.data[len - 1] == '\r')
		len--;
	if (len > 0)
		fn(ctx, l->cur.data, len, 0);
	buf_reset(&l->cur);
}

void
mcp_lines_feed(struct mcp_lines *l, const char *data, size_t n,
    mcp_line_fn fn, void *ctx)
{
	const char	*nl;
	size_t		 take;

	while (n > 0) {
		nl = memchr(data, '\n', n);
		take = nl != NULL ? (size_t)(nl - data) : n;
		if (!l->skipping && l->cur.len + take > l->max) {
			buf_reset(&l->cur);
			l->skipping = 1;
			fn(ctx, NULL, 0, 1);
		}
		if (!l->skipping)
			buf_append(&l->cur, data, take);
		if (nl == NULL)
			return;
		if (l->skipping)
			l->skipping = 0;
		else
			emit(l, fn, ctx);
		data += take + 1;
		n -= take + 1;
	}
}

void
mcp_lines_end(struct mcp_lines *l, mcp_line_fn fn, void *ctx)
{
	if (!l->skipping && l->cur.len > 0)
		emit(l, fn, ctx);
	buf_reset(&l->cur);
	l->skipping = 0;
}
