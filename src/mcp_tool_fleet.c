/*
 * mcp_tool_fleet.c - plan_fleet and apply_fleet: `mailfleet plan
 * FLEET.csv` and `mailfleet apply FLEET.csv` as an agent uses them.
 *
 * plan_fleet runs `plan FLEET.csv --json` and hands on the summary it
 * prints (counts, cost, quota left), remembering the plan under a plan_id
 * (the fingerprint `plan` makes: command, path, options, the sheet's
 * bytes). apply_fleet takes that plan_id and confirm: true, refuses when
 * the sheet changed since, and runs `apply FLEET.csv --yes --max-cost
 * TOTAL` with the plan's total, so nothing is bought that the plan did
 * not show (apply makes its plan again; a dearer one is refused before
 * any write). A plan that buys something it could not price is refused
 * outright. The result: rows per status of FLEET.result.csv and the rows
 * not ready (row, key, status, error); never a cell of any other column,
 * for the result holds the passwords.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "fleet.h"
#include "json.h"
#include "mcp.h"
#include "pricing.h"
#include "xmalloc.h"

/* Rows not ready a result lists at most (the file has all). */
#define NOT_READY_MAX	1000

/* plan's options the server decides (--json) or that mean nothing to an
 * agent (--detailed-exitcode: the result says "changes"). */
static const char *const plan_skip[] = { "json", "detailed-exitcode", NULL };

void
mcp_schema_plan_fleet(struct buf *b)
{
	const struct command	*list[2] = { cmd_find("plan"), NULL };

	buf_puts(b, "{\"type\":\"object\",\"properties\":{\"file\":{\"type\":"
	    "\"string\",\"description\":\"the fleet sheet (one row per "
	    "inbox)\"},\"options\":");
	mcp_schema_options(b, list, plan_skip);
	buf_puts(b, "},\"required\":[\"file\"],\"additionalProperties\":false}");
}

/* The plan's arguments and plan_id; NULL + error reply. */
static struct mcp_plan *
fleet_args(struct mcp_call *call, struct mcp_reply *r)
{
	struct mcp_plan	*p = xcalloc(1, sizeof *p);

	p->command = xstrdup("apply");
	p->cost_cents = -1;
	if ((p->file = mcp_arg_path(call, "file", 1, r)) != NULL &&
	    mcp_plan_options(call, cmd_find("plan"), plan_skip, p, r) == 0)
		return p;
	mcp_plan_free(p);
	return NULL;
}

/* The summary plan --json printed (its last line), parsed; NULL. */
static struct json_doc *
summary_of(const struct mcp_child *c, struct buf *text)
{
	const char	*out = buf_cstr(&c->out);
	size_t		 len = strlen(out);
	struct json_doc	*d;

	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		len--;
	buf_reset(text);
	buf_append(text, out, len);
	d = json_parse(text->data, text->len, NULL, 0);
	if (d != NULL && (json_type(d, 0) != JSON_OBJECT ||
	    json_get(d, 0, "domains") < 0 || json_get(d, 0, "cost") < 0)) {
		json_free(d);
		d = NULL;
	}
	return d;
}

/* What the plan buys and for what, kept with it for apply_fleet. */
static void
plan_money(struct mcp_plan *p, const struct json_doc *d)
{
	long long	cents;
	int		spends = 0;

	/* false at a provider that sells nothing (ColdSend): no cap */
	(void)json_get_bool(d, 0, "spends", &spends);
	p->buys = spends;
	if (json_get_int(d, json_get(d, 0, "cost"), "total_cents", &cents) ==
	    0 && cents >= 0)
		p->cost_cents = cents;
}

/* Runs plan; its summary's members and ours into r. 0, or -1 + error. */
static int
plan_run(struct mcp_call *call, struct mcp_plan *p, struct mcp_reply *r)
{
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct json_doc		*d = NULL;
	struct buf		 text = BUF_INIT;
	char			*path = fleet_path(p->file, ".plan.csv");
	size_t			 i;
	int			 rc = -1;

	mcp_argv_add(&a, "plan");
	mcp_argv_add(&a, p->file);
	for (i = 0; i < p->opts.n; i++)
		mcp_argv_add(&a, p->opts.v[i]);
	mcp_argv_add(&a, "--json");
	/* 0, or 2: some rows cannot proceed (the counts say which) */
	if (mcp_child_run(call, (const char *const *)a.v, &c) < 0 ||
	    (c.status != 0 && c.status != 2) ||
	    (d = summary_of(&c, &text)) == NULL) {
		mcp_reply_child(r, &c);
		goto out;
	}
	plan_money(p, d);
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "plan_id", p->id);
	mcp_json_member(&r->json, "file", p->file);
	mcp_json_member(&r->json, "plan_file", path);
	/* the summary's own members: {"changes":...} without its braces */
	buf_putc(&r->json, ',');
	buf_append(&r->json, text.data + 1, text.len - 2);
	mcp_end_members(&r->json, &c);
	buf_putc(&r->json, '}');
	rc = 0;
out:
	json_free(d);
	mcp_child_free(&c);
	mcp_argv_free(&a);
	buf_free(&text);
	free(path);
	return rc;
}

void
mcp_tool_plan_fleet(struct mcp_call *call, struct mcp_reply *r)
{
	struct mcp_plan	*p = fleet_args(call, r);

	if (p == NULL || mcp_busy_take(call, p->file, r) < 0) {
		mcp_plan_free(p);
		return;
	}
	if (plan_run(call, p, r) == 0)
		mcp_plan_keep(call->srv, p);
	else
		mcp_plan_free(p);
	mcp_busy_drop(call);
}

static const char *
cell(const struct csv_row *row, long k)
{
	return k >= 0 && (size_t)k < row->nfields ? row->fields[k] : "";
}

/* The row's key: the sheet's email, else username@domain (col: email,
 * username, domain, status, error; -1 where there is none). */
static void
row_key(const struct csv_row *row, const long *col, struct buf *key)
{
	buf_reset(key);
	if (col[0] >= 0)
		buf_puts(key, cell(row, col[0]));
	else
		buf_printf(key, "%s@%s", cell(row, col[1]), cell(row, col[2]));
}

/* One row not ready: {"row","key","status","error"} (the error scrubbed
 * as log lines are, although apply puts no secret there). */
static void
not_ready_row(struct buf *b, const struct csv_row *row, const long *col,
    struct buf *tmp)
{
	const char	*err = cell(row, col[4]);

	if (b->data[b->len - 1] != '[')
		buf_putc(b, ',');
	row_key(row, col, tmp);
	buf_printf(b, "{\"row\":%ld,\"key\":", row->number);
	json_put_str(b, tmp->data);
	buf_puts(b, ",\"status\":");
	json_put_str(b, cell(row, col[3]));
	buf_reset(tmp);
	mcp_scrub(tmp, err, strlen(err));
	buf_puts(b, ",\"error\":");
	json_put_str(b, buf_cstr(tmp));
	buf_putc(b, '}');
}

/* ,"not_ready":[...],"not_ready_truncated":B from the result at path.
 * Only the key, status and error cells are read out. 0, or -1 + why. */
static int
not_ready(const char *path, struct buf *b, struct buf *why)
{
	struct csv_reader	*rd;
	struct csv_row		*row;
	const struct csv_row	*h;
	struct colmap		 m;
	struct buf		 tmp = BUF_INIT;
	char			 err[256];
	long			 col[5], n = 0;
	int			 rc;

	if ((rd = csv_reader_open(path, 0, err, sizeof err)) == NULL) {
		buf_puts(why, err);
		return -1;
	}
	h = csv_reader_header(rd);
	/* the sheet's columns, as the sheet was read (they come first) */
	colmap_build(&m, (const char *const *)h->fields, h->nfields);
	col[0] = m.idx[COL_EMAIL] == COL_NONE ? -1 : (long)m.idx[COL_EMAIL];
	col[1] = m.idx[COL_LOCAL] == COL_NONE ? -1 : (long)m.idx[COL_LOCAL];
	col[2] = m.idx[COL_DOMAIN] == COL_NONE ? -1 : (long)m.idx[COL_DOMAIN];
	col[3] = mcp_csv_column(h, "status");	/* apply's, after the sheet's */
	col[4] = mcp_csv_column(h, "error");
	buf_puts(b, ",\"not_ready\":[");
	while ((rc = csv_reader_next(rd, &row, err, sizeof err)) == 1)
		if (strcmp(cell(row, col[3]), "ready") != 0 &&
		    n++ < NOT_READY_MAX)
			not_ready_row(b, row, col, &tmp);
	buf_printf(b, "],\"not_ready_truncated\":%s",
	    n > NOT_READY_MAX ? "true" : "false");
	csv_reader_close(rd);
	buf_free(&tmp);
	if (rc < 0)
		buf_puts(why, err);
	return rc < 0 ? -1 : 0;
}

/* The words apply gets: the plan's, consent, the cap, the wait's. */
static int
apply_argv(struct mcp_call *call, const struct mcp_plan *p,
    struct mcp_argv *a, struct mcp_reply *r)
{
	struct buf	w = BUF_INIT;
	char		usd[32];
	size_t		i;
	int		no_wait = 0;

	mcp_argv_add(a, "apply");
	mcp_argv_add(a, p->file);
	for (i = 0; i < p->opts.n; i++)
		mcp_argv_add(a, p->opts.v[i]);
	/* confirm: true said yes to what the plan showed, and no more: an
	 * unknown total only when nothing is bought, capped at $0 */
	buf_printf(&w, "--max-cost=%s", price_format(usd, sizeof usd,
	    p->cost_cents > 0 ? p->cost_cents : 0));
	mcp_argv_add(a, "--yes");
	mcp_argv_add(a, w.data);
	buf_free(&w);
	if (mcp_arg_seconds(call, "timeout", 0, a, r) < 0 ||
	    mcp_arg_seconds(call, "interval", 0, a, r) < 0)
		return -1;
	if (json_get(call->doc, call->args, "no_wait") >= 0 &&
	    json_get_bool(call->doc, call->args, "no_wait", &no_wait) < 0) {
		mcp_reply_error(r, "apply_fleet: no_wait must be true or false");
		return -1;
	}
	if (no_wait)
		mcp_argv_add(a, "--no-wait");
	return 0;
}

/* Did the run write path (a new file: apply writes it by rename)? */
static int
rewritten(const char *path, const struct stat *before, int existed)
{
	struct stat	st;

	if (stat(path, &st) < 0)
		return 0;
	return !existed || st.st_ino != before->st_ino || st.st_dev !=
	    before->st_dev || st.st_mtim.tv_sec != before->st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
}

/* Runs apply; the result's counts and rows not ready into r. */
static void
apply_run(struct mcp_call *call, const struct mcp_plan *p,
    const struct mcp_argv *a, struct mcp_reply *r)
{
	char			*path = fleet_path(p->file, ".result.csv");
	struct mcp_csv_sum	 sum;
	struct mcp_child	 c;
	struct stat		 before;
	struct buf		 why = BUF_INIT, tail = BUF_INIT;
	int			 existed = stat(path, &before) == 0;

	/* 0, 2 rows not ready, 3 a phase could not finish, 130 cancelled:
	 * each with a result written now (an old one is no answer) */
	if (mcp_child_run(call, (const char *const *)a->v, &c) < 0 ||
	    (c.status != 0 && c.status != 2 && c.status != 3 &&
	    c.status != 130) || !rewritten(path, &before, existed)) {
		mcp_reply_child(r, &c);
	} else if (mcp_csv_sum(path, 0, "status", &sum, &why) < 0) {
		mcp_reply_error(r, "%s: %s", path, why.data);
	} else {
		if (not_ready(path, &tail, &why) < 0)
			mcp_reply_error(r, "%s: %s", path, why.data);
		else {
			buf_puts(&r->json, "{");
			mcp_json_member(&r->json, "plan_id", p->id);
			mcp_json_member(&r->json, "file", p->file);
			mcp_json_member(&r->json, "result_file", path);
			buf_printf(&r->json, ",\"rows\":%ld,\"counts\":%s,"
			    "\"secret_columns\":%s%s", sum.rows,
			    sum.counts.data, sum.secrets.data, tail.data);
			mcp_end_members(&r->json, &c);
			buf_printf(&r->json, ",\"interrupted\":%s}",
			    c.status == 130 ? "true" : "false");
		}
		mcp_csv_sum_free(&sum);
	}
	mcp_child_free(&c);
	buf_free(&why);
	buf_free(&tail);
	free(path);
}

void
mcp_tool_apply_fleet(struct mcp_call *call, struct mcp_reply *r)
{
	const struct mcp_plan	*p = mcp_plan_confirmed(call, "plan_fleet", r);
	struct mcp_argv		 a = { NULL, 0 };

	if (p == NULL)
		return;
	if (p->buys && p->cost_cents < 0)
		mcp_reply_error(r, "apply_fleet refused: plan %s buys domains "
		    "or inboxes the price list could not price, so no cap can "
		    "be set; nothing was sent (run `mailfleet apply %s` on a "
		    "terminal to decide)", p->id, p->file);
	else if (apply_argv(call, p, &a, r) == 0 &&
	    mcp_busy_take(call, p->file, r) == 0) {
		apply_run(call, p, &a, r);
		mcp_busy_drop(call);
	}
	mcp_argv_free(&a);
}
