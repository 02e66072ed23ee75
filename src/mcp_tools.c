/*
 * mcp_tools.c - the tools the MCP server offers, declared in one table
 * (name, title, description, input schema, output schema, annotations,
 * handler): tools/list is generated from it, tools/call looks it up.
 * Input schemas of tools that map onto a command come from that
 * command's option tables (mcp_schema.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "mcp.h"
#include "xmalloc.h"

/* Common pieces of the output schemas. */
#define S_INT		"{\"type\":\"integer\"}"
#define S_STR		"{\"type\":\"string\"}"
#define S_BOOL		"{\"type\":\"boolean\"}"
#define S_STR_NULL	"{\"type\":[\"string\",\"null\"]}"
#define S_COUNTS	"{\"type\":\"object\",\"additionalProperties\":" \
			S_INT ",\"description\":\"rows per status\"}"
#define S_ERRORS	"{\"type\":\"array\",\"items\":{\"type\":\"object\"," \
			"\"properties\":{\"row\":" S_INT ",\"column\":" \
			"{\"type\":[\"integer\",\"null\"]},\"message\":" \
			S_STR "}}}"
#define S_SECRETS	"{\"type\":\"array\",\"items\":" S_STR \
			",\"description\":\"columns of the file that hold " \
			"secrets (the values stay in the 0600 file)\"}"
#define S_COST	"{\"type\":[\"object\",\"null\"],\"description\":\"what " \
			"the rows to buy cost by the price list (null: not " \
			"priced)\",\"properties\":{\"to_buy\":" S_INT \
			",\"unavailable\":" S_INT ",\"priced_rows\":" S_INT \
			",\"unpriced_rows\":" S_INT ",\"total_cents\":" S_INT \
			",\"total_dollars\":" S_STR "}}"
#define S_OBJ(props, req) "{\"type\":\"object\",\"properties\":{" props \
			"},\"required\":[" req "]}"

static const char out_check[] = S_OBJ("\"file\":" S_STR ",\"result_file\":"
    S_STR ",\"rows\":" S_INT ",\"counts\":" S_COUNTS ",\"errors\":" S_ERRORS
    ",\"exit_code\":" S_INT, "\"rows\",\"counts\",\"errors\"");
static const char out_plan[] = S_OBJ("\"plan_id\":" S_STR ",\"command\":"
    S_STR ",\"kind\":" S_STR ",\"file\":" S_STR ",\"plan_file\":" S_STR
    ",\"rows\":" S_INT ",\"counts\":" S_COUNTS ",\"errors\":" S_ERRORS
    ",\"secret_columns\":" S_SECRETS ",\"cost\":" S_COST ",\"summary\":" S_STR
    ",\"exit_code\":" S_INT, "\"plan_id\",\"plan_file\",\"counts\"");
static const char out_run[] = S_OBJ("\"file\":" S_STR ",\"result_file\":"
    S_STR ",\"rows\":" S_INT ",\"counts\":" S_COUNTS ",\"errors\":" S_ERRORS
    ",\"secret_columns\":" S_SECRETS ",\"summary\":" S_STR ",\"exit_code\":"
    S_INT ",\"interrupted\":" S_BOOL ",\"resume\":{\"type\":[\"object\","
    "\"null\"],\"description\":\"how to go on: the resume tool's "
    "arguments and the command line\"}",
    "\"result_file\",\"counts\",\"exit_code\",\"interrupted\"");
static const char out_status[] = S_OBJ("\"file\":" S_STR ",\"command\":"
    "{\"type\":[\"string\",\"null\"]},\"result_file\":" S_STR ",\"journal\":"
    S_STR ",\"journaled\":" S_BOOL ",\"finished\":" S_BOOL ",\"running\":"
    S_BOOL ",\"resumable\":" S_BOOL ",\"done\":" S_INT ",\"pending\":" S_INT
    ",\"failed\":" S_INT ",\"counts\":" S_COUNTS,
    "\"journaled\",\"resumable\",\"done\",\"pending\",\"failed\"");
static const char out_export[] = S_OBJ("\"output\":" S_STR ",\"format\":"
    S_STR ",\"rows\":" S_INT ",\"secret_columns\":" S_SECRETS ",\"summary\":"
    S_STR ",\"exit_code\":" S_INT, "\"output\",\"rows\"");
static const char out_quota[] = S_OBJ("\"resources\":{\"type\":\"array\","
    "\"items\":{\"type\":\"object\",\"properties\":{\"resource\":" S_STR
    ",\"total\":" S_INT ",\"in_use\":" S_INT ",\"available\":" S_INT "}}}",
    "\"resources\"");
static const char out_pricing[] = S_OBJ("\"tiers\":{\"type\":\"array\","
    "\"items\":{\"type\":\"object\",\"properties\":{\"product\":" S_STR
    ",\"from\":{\"type\":[\"integer\",\"null\"]},\"to\":{\"type\":"
    "[\"integer\",\"null\"]},\"unit_price_cents\":" S_INT "}}}",
    "\"tiers\"");
static const char out_file[] = S_OBJ("\"output\":" S_STR ",\"rows\":" S_INT
    ",\"counts\":" S_COUNTS ",\"secret_columns\":" S_SECRETS ",\"summary\":"
    S_STR ",\"exit_code\":" S_INT, "\"output\",\"rows\",\"exit_code\"");
static const char out_search[] = S_OBJ("\"file\":{\"type\":[\"string\","
    "\"null\"]},\"result_file\":" S_STR ",\"rows\":" S_INT ",\"counts\":"
    "{\"type\":\"object\",\"properties\":{\"available\":" S_INT
    ",\"unavailable\":" S_INT ",\"invalid\":" S_INT ",\"failed\":" S_INT
    "}},\"results\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "\"properties\":{\"row\":" S_INT ",\"domain\":" S_STR_NULL
    ",\"requested\":" S_STR_NULL ",\"status\":" S_STR_NULL ",\"available\":"
    "{\"type\":[\"boolean\",\"null\"]},\"price_cents\":{\"type\":"
    "[\"integer\",\"null\"]},\"price\":" S_STR_NULL ",\"error\":" S_STR_NULL
    "}},\"description\":\"one per name answered (at most 1000; the file "
    "has all): row is the input's data row\"},\"results_truncated\":" S_BOOL
    ",\"errors\":" S_ERRORS ",\"summary\":" S_STR ",\"exit_code\":" S_INT,
    "\"result_file\",\"rows\",\"counts\",\"results\",\"errors\"");

#define S_INT_NULL	"{\"type\":[\"integer\",\"null\"]}"
#define S_NUMS(...)	"{\"type\":\"object\",\"properties\":{" __VA_ARGS__ "}}"
static const char out_plan_fleet[] = S_OBJ("\"plan_id\":" S_STR ",\"file\":"
    S_STR ",\"plan_file\":" S_STR ",\"changes\":" S_BOOL ",\"spends\":" S_BOOL
    ",\"forwarding\":"
    S_NUMS("\"create\":" S_INT ",\"there\":" S_INT) ",\"domains\":"
    S_NUMS("\"active\":" S_INT ",\"moving\":" S_INT ",\"buy\":" S_INT
    ",\"unavailable\":" S_INT ",\"blocked\":" S_INT ",\"external\":" S_INT
    ",\"restart\":" S_INT ",\"activate\":" S_INT ",\"failed\":" S_INT)
    ",\"inboxes\":"
    S_NUMS("\"create\":" S_INT ",\"google\":" S_INT ",\"there\":" S_INT
    ",\"over_limit\":" S_INT ",\"unavailable\":" S_INT ",\"held\":" S_INT
    ",\"invalid\":" S_INT) ",\"links\":" S_INT ",\"redirects\":" S_INT
    ",\"pushes\":" S_INT ",\"unknown_sequencer\":" S_INT ",\"cost\":"
    S_NUMS("\"total_cents\":" S_INT_NULL ",\"total_dollars\":" S_STR_NULL
    ",\"words\":" S_STR) ",\"quota_left\":" S_NUMS("\"inboxes\":" S_INT_NULL
    ",\"google_inboxes\":" S_INT_NULL ",\"domains\":" S_INT_NULL)
    ",\"requests\":" S_INT ",\"summary\":" S_STR ",\"exit_code\":" S_INT,
    "\"plan_id\",\"plan_file\",\"changes\",\"domains\",\"inboxes\",\"cost\"");
static const char out_apply_fleet[] = S_OBJ("\"plan_id\":" S_STR ",\"file\":"
    S_STR ",\"result_file\":" S_STR ",\"rows\":" S_INT ",\"counts\":"
    S_COUNTS ",\"secret_columns\":" S_SECRETS ",\"not_ready\":{\"type\":"
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"row\":"
    S_INT ",\"key\":" S_STR ",\"status\":" S_STR ",\"error\":" S_STR "}},"
    "\"description\":\"the rows whose status is not ready (at most 1000; "
    "the file has all): row is the sheet's data row, key its email\"},"
    "\"not_ready_truncated\":" S_BOOL ",\"summary\":" S_STR ",\"exit_code\":"
    S_INT ",\"interrupted\":" S_BOOL,
    "\"result_file\",\"counts\",\"not_ready\",\"exit_code\",\"interrupted\"");

/* {"type":"object","properties":{...},"required":[...]} from pieces. */
static void
object(struct buf *b, const char *props, const char *required)
{
	buf_printf(b, "{\"type\":\"object\",\"properties\":{%s},\"required\":"
	    "[%s],\"additionalProperties\":false}", props, required);
}

static void
kinds(struct buf *b, const char *const *list)
{
	buf_puts(b, "\"kind\":{\"type\":\"string\",\"enum\":[");
	for (; *list != NULL; list++) {
		json_put_str(b, *list);
		if (list[1] != NULL)
			buf_putc(b, ',');
	}
	buf_puts(b, "]}");
}

static void
in_check(struct buf *b)
{
	struct buf	p = BUF_INIT;

	kinds(&p, cmd_all_kinds);
	buf_puts(&p, ",\"file\":{\"type\":\"string\",\"description\":\"the "
	    "CSV to validate (offline)\"}");
	object(b, p.data, "\"kind\",\"file\"");
	buf_free(&p);
}

void
mcp_schema_plan(struct buf *b)
{
	const struct command	*list[4];
	struct buf		 p = BUF_INIT;

	list[0] = cmd_find("import");
	list[1] = cmd_find("update");
	list[2] = cmd_find("delete");
	list[3] = NULL;
	buf_puts(&p, "\"command\":{\"type\":\"string\",\"enum\":[\"import\","
	    "\"update\",\"delete\"]},");
	kinds(&p, cmd_all_kinds);
	buf_puts(&p, ",\"file\":{\"type\":\"string\",\"description\":\"the "
	    "input CSV\"},\"options\":");
	mcp_schema_options(&p, list, NULL);
	object(b, p.data, "\"command\",\"kind\",\"file\"");
	buf_free(&p);
}

static void
in_run(struct buf *b)
{
	object(b, "\"plan_id\":{\"type\":\"string\",\"description\":\"what "
	    "plan returned\"},\"confirm\":{\"type\":\"boolean\",\"const\":true,"
	    "\"description\":\"must be true: this changes the provider's "
	    "account (and may spend money)\"}", "\"plan_id\",\"confirm\"");
}

static void
in_apply_fleet(struct buf *b)
{
	object(b, "\"plan_id\":{\"type\":\"string\",\"description\":\"what "
	    "plan_fleet returned\"},\"confirm\":{\"type\":\"boolean\",\"const\":"
	    "true,\"description\":\"must be true: this changes the provider's "
	    "account and spends up to the plan's total\"},\"timeout\":{\"type\":"
	    "\"number\",\"minimum\":0,\"description\":\"seconds to wait for new "
	    "domains to become ACTIVE (default 300)\"},\"interval\":{\"type\":"
	    "\"number\",\"minimum\":0,\"description\":\"seconds between two "
	    "listings while waiting (default 30)\"},\"no_wait\":{\"type\":"
	    "\"boolean\",\"description\":\"do not wait for domains: rows on them "
	    "end waiting_for_domain (a later apply_fleet picks them up)\"}",
	    "\"plan_id\",\"confirm\"");
}

static void
in_file(struct buf *b)
{
	object(b, "\"file\":{\"type\":\"string\",\"description\":\"the run's "
	    "input CSV, as plan and run took it\"}", "\"file\"");
}

static const char *const export_skip[] = { "format", NULL };

void
mcp_schema_export(struct buf *b)
{
	const struct command	*list[2] = { cmd_find("export"), NULL };
	const struct command	*ex = list[0];
	struct buf		 p = BUF_INIT;

	kinds(&p, ex->kinds);
	buf_puts(&p, ",");
	mcp_schema_one(&p, ex, "format");
	buf_puts(&p, ",\"output\":{\"type\":\"string\",\"description\":\"the file to write\"},"
	    "\"filters\":");
	mcp_schema_options(&p, list, export_skip);
	object(b, p.data, "\"kind\",\"format\",\"output\"");
	buf_free(&p);
}

static void
in_none(struct buf *b)
{
	object(b, "", "");
}

static void
in_wait(struct buf *b)
{
	object(b, "\"file\":{\"type\":\"string\",\"description\":\"a CSV of "
	    "domains (default: every domain not ready)\"},\"timeout\":{\"type\":"
	    "\"number\",\"minimum\":0,\"description\":\"seconds to wait at "
	    "most\"},\"interval\":{\"type\":\"number\",\"minimum\":0},"
	    "\"output\":{\"type\":\"string\"}", "\"timeout\"");
}

static void
in_diff(struct buf *b)
{
	object(b, "\"old\":{\"type\":\"string\"},\"new\":{\"type\":\"string\"},"
	    "\"key\":{\"type\":\"string\",\"description\":\"the key column "
	    "(default email)\"},\"output\":{\"type\":\"string\",\"description\":"
	    "\"default NEW.diff.csv\"}", "\"old\",\"new\"");
}

static void
in_search(struct buf *b)
{
	object(b, "\"file\":{\"type\":\"string\",\"description\":\"a CSV "
	    "with a domain column (or give names)\"},\"names\":{\"type\":"
	    "\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1,"
	    "\"maxItems\":10000,\"description\":\"the names to search (or "
	    "give file)\"},\"variations\":{\"type\":\"integer\",\"minimum\":0,"
	    "\"maximum\":100,\"description\":\"also up to N variations of "
	    "each name (other TLDs...); with N > 0 a name may lack its TLD; "
	    "default 0\"},\"output\":{\"type\":\"string\",\"description\":"
	    "\"the result file (default FILE.search.csv, or domains.search.csv "
	    "for names)\"}", "");
}

const struct mcp_tool mcp_tools[] = {
	{ "check", "Validate a CSV offline", "Validates every row of a CSV "
	  "offline (no API call): rows per status (valid, invalid) and the "
	  "first errors with row, column and message. Writes FILE.check.csv.",
	  in_check, out_check, 1, 0, 1, 0, mcp_tool_check },
	{ "plan", "Plan an import, update or delete", "The dry run of import, "
	  "update or delete: validates, looks every row up at the provider, "
	  "checks the quota, sends nothing. Returns rows per status (planned, "
	  "exists, invalid, over_quota, failed, unavailable), the cost where "
	  "the provider prices it (total in cents and dollars, rows to buy, "
	  "unavailable), the plan file and a plan_id "
	  "(a fingerprint of the command, kind, options and the input's "
	  "bytes) for run.", mcp_schema_plan, out_plan, 1, 0, 1, 1,
	  mcp_tool_plan },
	{ "run", "Carry out a plan", "Carries out exactly the run a plan "
	  "described (refused when the input changed since, or without "
	  "confirm: true). Journaled: an interrupted run resumes with the "
	  "resume tool. Returns rows per status and the result file; "
	  "credentials stay in that file (mode 0600).", in_run, out_run, 0, 1,
	  0, 1, mcp_tool_run },
	{ "status", "State of a journaled run", "For the run of an input "
	  "file: done, pending and failed rows, whether a journal exists, "
	  "whether the run finished or can be resumed.", in_file, out_status,
	  1, 0, 1, 0, mcp_tool_status },
	{ "resume", "Resume an interrupted run", "Goes on with an "
	  "interrupted run of an input file: rows the journal has are not "
	  "sent again, unanswered ones are looked up first.", in_file,
	  out_run, 0, 1, 0, 1, mcp_tool_resume },
	{ "export", "Export a listing to a file", "Writes a provider listing "
	  "(accounts, domains, ...) as CSV or JSON lines to output; returns "
	  "its path, its rows and the columns that hold secrets.",
	  mcp_schema_export, out_export, 0, 0, 1, 1, mcp_tool_export },
	{ "quota", "Provider quotas", "The provider's quotas: total, in use "
	  "and available per resource.", in_none, out_quota, 1, 0, 1, 1,
	  mcp_tool_quota },
	{ "pricing", "The provider's price list", "The catalogue of prices: "
	  "per product (domains, maildoso_accounts, google_accounts) its "
	  "tiers, each a count range (from, to; null: open) and the unit "
	  "price in cents.", in_none, out_pricing, 1, 0, 1, 1,
	  mcp_tool_pricing },
	{ "wait_domains", "Wait until domains are ready", "Polls until the "
	  "domains are ready or failed, or the timeout; one result row per "
	  "domain in the output file (default FILE.wait.csv).", in_wait,
	  out_file, 1, 0, 1, 1, mcp_tool_wait_domains },
	{ "diff", "Compare two CSV files", "Rows added, removed and changed "
	  "between two CSVs by a key column, written to output; the result "
	  "gives counts per change.", in_diff, out_file, 0, 0, 1, 0,
	  mcp_tool_diff },
	{ "search_domains", "Which domains can be registered", "Asks the "
	  "provider which names can be registered (no purchase): a file with "
	  "a domain column, or names; with variations, other TLDs and "
	  "spellings of each. One result row per name answered (domain, the "
	  "requested input name, status available/unavailable/invalid/"
	  "failed, available, price), counts, and the input rows refused "
	  "(blocked TLDs, invalid names) with row, column and message. The "
	  "result file is an input for plan with import domains.", in_search,
	  out_search, 1, 0, 1, 1, mcp_tool_search_domains },
	{ "plan_fleet", "Plan a fleet sheet", "What `mailfleet apply` would "
	  "do with a fleet sheet (one row per inbox), read from the live "
	  "account; nothing is changed. Returns the counts (forwarding inboxes "
	  "to create; domains per action: active, moving, buy, unavailable, "
	  "blocked, external, restart, activate (ColdSend), failed; inboxes to create, there, "
	  "over_limit, unavailable, held, invalid; links, redirects, pushes), "
	  "the total cost (cents, dollars and words; null when the price list "
	  "cannot say), the quota left, whether anything changes, the plan "
	  "file (per row, what each step would do) and a plan_id for "
	  "apply_fleet.", mcp_schema_plan_fleet, out_plan_fleet, 1, 0, 1, 1,
	  mcp_tool_plan_fleet },
	{ "apply_fleet", "Carry out a fleet plan", "Carries out a plan_fleet "
	  "plan (refused without confirm: true, or when the sheet changed "
	  "since): `mailfleet apply` with the plan's total as --max-cost, so "
	  "nothing is bought that the plan did not show (a plan that buys "
	  "what it cannot price is refused). Returns rows per status of the "
	  "result file, the rows not ready (row, key, status, error) and the "
	  "result file; passwords stay in that file (mode 0600). Interrupted: "
	  "call it again with the same plan_id, the phases resume from their "
	  "journals.", in_apply_fleet, out_apply_fleet, 0, 1, 0, 1,
	  mcp_tool_apply_fleet },
	{ NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL }
};

const struct mcp_tool *
mcp_tool_find(const char *name)
{
	const struct mcp_tool	*t;

	for (t = mcp_tools; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void
mcp_tools_list(struct buf *b)
{
	const struct mcp_tool	*t;

	buf_puts(b, "{\"tools\":[");
	for (t = mcp_tools; t->name != NULL; t++) {
		if (t != mcp_tools)
			buf_putc(b, ',');
		buf_puts(b, "{\"name\":");
		json_put_str(b, t->name);
		buf_puts(b, ",\"title\":");
		json_put_str(b, t->title);
		buf_puts(b, ",\"description\":");
		json_put_str(b, t->description);
		buf_puts(b, ",\"inputSchema\":");
		t->input(b);
		buf_printf(b, ",\"outputSchema\":%s,\"annotations\":{\"title\":",
		    t->output);
		json_put_str(b, t->title);
		buf_printf(b, ",\"readOnlyHint\":%s,\"destructiveHint\":%s,"
		    "\"idempotentHint\":%s,\"openWorldHint\":%s}}",
		    t->read_only ? "true" : "false",
		    t->destructive ? "true" : "false",
		    t->idempotent ? "true" : "false",
		    t->api ? "true" : "false");
	}
	buf_puts(b, "]}");
}

void
mcp_reply_error(struct mcp_reply *r, const char *fmt, ...)
{
	va_list	ap;

	buf_reset(&r->text);
	va_start(ap, fmt);
	buf_vprintf(&r->text, fmt, ap);
	va_end(ap);
	r->is_error = 1;
}

char *
mcp_arg_str(struct mcp_call *call, const char *name, int required,
    struct mcp_reply *r)
{
	int	v = json_get(call->doc, call->args, name);
	char	*s = NULL;

	if (v < 0 && !required)
		return NULL;
	if (v < 0)
		mcp_reply_error(r, "%s needs the argument %s", call->tool->name,
		    name);
	else if (json_str(call->doc, v, &s) < 0)
		mcp_reply_error(r, "%s: %s must be a string", call->tool->name,
		    name);
	return s;
}

char *
mcp_arg_path(struct mcp_call *call, const char *name, int required,
    struct mcp_reply *r)
{
	struct buf	 out = BUF_INIT, why = BUF_INIT;
	char		*s = mcp_arg_str(call, name, required, r);

	if (s == NULL)
		return NULL;
	if (mcp_path(call->srv, s, &out, &why) < 0) {
		mcp_reply_error(r, "%s: %s", name, why.data);
		buf_free(&out);
		out.data = NULL;
	}
	free(s);
	buf_free(&why);
	return out.data;
}

char *
mcp_arg_output(struct mcp_call *call, const char *file, const char *suffix,
    const char *fallback, struct mcp_reply *r)
{
	struct buf	def = BUF_INIT;

	if (json_get(call->doc, call->args, "output") >= 0)
		return mcp_arg_path(call, "output", 1, r);
	/* next to FILE (inside already), else in the working folder */
	if (file != NULL)
		buf_printf(&def, "%s%s", file, suffix);
	else
		buf_printf(&def, "%s/%s", call->srv->cwd, fallback);
	return buf_detach(&def);
}

int
mcp_arg_seconds(struct mcp_call *call, const char *name, int required,
    struct mcp_argv *a, struct mcp_reply *r)
{
	int		 v = json_get(call->doc, call->args, name);
	double		 x;
	char		 w[64];

	if (v < 0 && !required)
		return 0;
	if (json_num(call->doc, v, &x) < 0 || x < 0) {
		mcp_reply_error(r, "%s needs %s, a number of seconds",
		    call->tool->name, name);
		return -1;
	}
	snprintf(w, sizeof w, "--%s=%.3f", name, x);
	mcp_argv_add(a, w);
	return 0;
}

void
mcp_reply_child(struct mcp_reply *r, const struct mcp_child *c)
{
	const char	*m = buf_cstr(&c->msgs);
	size_t		 len = strlen(m);
	struct buf	 clean = BUF_INIT;

	/* the last 2 KiB of its messages (the error is at the end),
	 * scrubbed as the log notifications are */
	if (len > 2048) {
		m += len - 2048;
		len = 2048;
	}
	mcp_scrub(&clean, m, len);
	mcp_reply_error(r, "exit %d%s%s", c->status, clean.len ? ": " : "",
	    buf_cstr(&clean));
	buf_free(&clean);
	while (r->text.len > 0 && r->text.data[r->text.len - 1] == '\n')
		r->text.data[--r->text.len] = '\0';
}
