/*
 * mcp_tool_read.c - check, export, quota, pricing, wait_domains and diff: each
 * runs its command as a child and sums up the file it wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "mcp.h"

void
mcp_tool_check(struct mcp_call *call, struct mcp_reply *r)
{
	char			*kind = mcp_arg_str(call, "kind", 1, r);
	char			*file = kind ? mcp_arg_path(call, "file", 1, r) :
				    NULL;
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct buf		 out = BUF_INIT;

	if (file != NULL) {
		mcp_argv_add(&a, "check");
		mcp_argv_add(&a, kind);
		mcp_argv_add(&a, file);
		buf_printf(&out, "%s.check.csv", file);
		buf_puts(&r->json, "{");
		mcp_json_member(&r->json, "file", file);
		mcp_json_member(&r->json, "result_file", out.data);
		if (mcp_run_and_sum(call, &a, out.data, "status", 0, &c, r)
		    == 0)
			buf_putc(&r->json, '}');
		mcp_child_free(&c);
	}
	mcp_argv_free(&a);
	buf_free(&out);
	free(kind);
	free(file);
}

void
mcp_tool_export(struct mcp_call *call, struct mcp_reply *r)
{
	static const char *const skip[] = { "format", NULL };
	char			*kind = mcp_arg_str(call, "kind", 1, r);
	char			*fmt = kind ? mcp_arg_str(call, "format", 1, r) :
				    NULL;
	char			*out = fmt ? mcp_arg_path(call, "output", 1, r) :
				    NULL;
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct buf		 w = BUF_INIT, why = BUF_INIT;

	if (out == NULL)
		goto done;
	mcp_argv_add(&a, "export");
	mcp_argv_add(&a, kind);
	buf_printf(&w, "--format=%s", fmt);
	mcp_argv_add(&a, w.data);
	mcp_argv_add(&a, "-o");
	mcp_argv_add(&a, out);
	if (mcp_options_argv(call->srv, cmd_find("export"), skip, call->doc,
	    json_get(call->doc, call->args, "filters"), &a, &why) < 0) {
		mcp_reply_error(r, "export: %s", why.data);
		goto done;
	}
	if (mcp_busy_take(call, NULL, r) < 0)
		goto done;
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "output", out);
	mcp_json_member(&r->json, "format", fmt);
	if (mcp_run_and_sum(call, &a, out, "status",
	    strcmp(fmt, "jsonl") == 0, &c, r) == 0)
		buf_putc(&r->json, '}');
	mcp_child_free(&c);
	mcp_busy_drop(call);
done:
	mcp_argv_free(&a);
	buf_free(&w);
	buf_free(&why);
	free(kind);
	free(fmt);
	free(out);
}

/* `quota` prints a table: resource, total, in use, available. */
static int
quota_table(const char *text, struct buf *b)
{
	const char	*line = strchr(text, '\n');
	char		 name[64];
	long long	 total, used, avail;
	int		 n = 0;

	buf_puts(b, "{\"resources\":[");
	while (line != NULL && line[1] != '\0') {
		line++;
		if (sscanf(line, "%63s %lld %lld %lld", name, &total, &used,
		    &avail) == 4) {
			buf_puts(b, n++ ? ",{" : "{");
			mcp_json_member(b, "resource", name);
			buf_printf(b, ",\"total\":%lld,\"in_use\":%lld,"
			    "\"available\":%lld}", total, used, avail);
		}
		line = strchr(line, '\n');
	}
	buf_puts(b, "]}");
	return n > 0 ? 0 : -1;
}

/* One "FROM"/"TO" cell of `pricing`: a count, or "-" for an open end. */
static void
tier_end(struct buf *b, const char *key, const char *cell)
{
	buf_printf(b, ",\"%s\":", key);
	if (strcmp(cell, "-") == 0)
		buf_puts(b, "null");
	else
		buf_puts(b, cell);
}

/* `pricing` prints product, from, to, "$D.CC" per tier. */
static int
pricing_table(const char *text, struct buf *b)
{
	const char	*line = strchr(text, '\n');
	char		 name[64], from[32], to[32];
	long long	 dollars;
	int		 cents, n = 0;

	buf_puts(b, "{\"tiers\":[");
	while (line != NULL && line[1] != '\0') {
		line++;
		if (sscanf(line, "%63s %31[-0-9] %31[-0-9] $%lld.%2d", name,
		    from, to, &dollars, &cents) == 5) {
			buf_puts(b, n++ ? ",{" : "{");
			mcp_json_member(b, "product", name);
			tier_end(b, "from", from);
			tier_end(b, "to", to);
			buf_printf(b, ",\"unit_price_cents\":%lld}",
			    dollars * 100 + cents);
		}
		line = strchr(line, '\n');
	}
	buf_puts(b, "]}");
	return n > 0 ? 0 : -1;
}

/* quota and pricing: a command without arguments whose table becomes the
 * result. */
static void
table_tool(struct mcp_call *call, struct mcp_reply *r, const char *command,
    int (*table)(const char *, struct buf *))
{
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;

	if (mcp_busy_take(call, NULL, r) < 0)
		return;
	mcp_argv_add(&a, command);
	if (mcp_child_run(call, (const char *const *)a.v, &c) < 0 ||
	    c.status != 0 || table(buf_cstr(&c.out), &r->json) < 0)
		mcp_reply_child(r, &c);
	mcp_child_free(&c);
	mcp_argv_free(&a);
	mcp_busy_drop(call);
}

void
mcp_tool_quota(struct mcp_call *call, struct mcp_reply *r)
{
	table_tool(call, r, "quota", quota_table);
}

void
mcp_tool_pricing(struct mcp_call *call, struct mcp_reply *r)
{
	table_tool(call, r, "pricing", pricing_table);
}

void
mcp_tool_wait_domains(struct mcp_call *call, struct mcp_reply *r)
{
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	char			*file = NULL, *out = NULL;

	mcp_argv_add(&a, "wait");
	mcp_argv_add(&a, "domains");
	if (json_get(call->doc, call->args, "file") >= 0 &&
	    (file = mcp_arg_path(call, "file", 1, r)) == NULL)
		goto done;
	if (file != NULL)
		mcp_argv_add(&a, file);
	if (mcp_arg_seconds(call, "timeout", 1, &a, r) < 0 ||
	    mcp_arg_seconds(call, "interval", 0, &a, r) < 0)
		goto done;
	if ((out = mcp_arg_output(call, file, ".wait.csv", "domains.wait.csv",
	    r)) == NULL)
		goto done;
	mcp_argv_add(&a, "-o");
	mcp_argv_add(&a, out);
	if (mcp_busy_take(call, NULL, r) < 0)
		goto done;
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "output", out);
	if (mcp_run_and_sum(call, &a, out, "status", 0, &c, r) == 0)
		buf_putc(&r->json, '}');
	mcp_child_free(&c);
	mcp_busy_drop(call);
done:
	mcp_argv_free(&a);
	free(file);
	free(out);
}

void
mcp_tool_diff(struct mcp_call *call, struct mcp_reply *r)
{
	char			*old = mcp_arg_path(call, "old", 1, r);
	char			*new = old ? mcp_arg_path(call, "new", 1, r) :
				    NULL;
	char			*key = NULL, *out = NULL;
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct buf		 w = BUF_INIT;

	if (new == NULL)
		goto done;
	if (json_get(call->doc, call->args, "output") >= 0)
		out = mcp_arg_path(call, "output", 1, r);
	else if (buf_printf(&w, "%s.diff.csv", new), 1)
		out = buf_detach(&w);
	if (out == NULL)
		goto done;
	if (json_get(call->doc, call->args, "key") >= 0 &&
	    (key = mcp_arg_str(call, "key", 1, r)) == NULL)
		goto done;
	mcp_argv_add(&a, "diff");
	mcp_argv_add(&a, old);
	mcp_argv_add(&a, new);
	if (key != NULL) {
		buf_printf(&w, "--key=%s", key);
		mcp_argv_add(&a, w.data);
	}
	mcp_argv_add(&a, "-o");
	mcp_argv_add(&a, out);
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "output", out);
	if (mcp_run_and_sum(call, &a, out, "change", 0, &c, r) == 0)
		buf_putc(&r->json, '}');
	mcp_child_free(&c);
done:
	mcp_argv_free(&a);
	buf_free(&w);
	free(old);
	free(new);
	free(key);
	free(out);
}
