/*
 * mcp_tool_write.c - plan, run, status and resume: the write commands
 * (import, update, delete) as an agent uses them.
 *
 * `plan` runs the command with --dry-run and remembers what it ran under
 * a plan_id, a fingerprint of the command, kind, input path, options and
 * the input's bytes. `run` recomputes the fingerprint and refuses when
 * anything changed, then runs exactly that command without --dry-run.
 * The journal (RESULT.journal, next to FILE.result.csv) makes a run that
 * was cancelled resumable: `status` reads it, `resume` goes on with
 * --resume.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "hash.h"
#include "json.h"
#include "mcp.h"
#include "pricing.h"
#include "xmalloc.h"

void
mcp_plan_free(struct mcp_plan *p)
{
	if (p == NULL)
		return;
	free(p->command);
	free(p->kind);
	free(p->file);
	mcp_argv_free(&p->opts);
	free(p);
}

void
mcp_plans_free(struct mcp_server *s)
{
	struct mcp_plan	*p;

	while ((p = s->plans) != NULL) {
		s->plans = p->next;
		mcp_plan_free(p);
	}
}

void
mcp_plan_keep(struct mcp_server *s, struct mcp_plan *p)
{
	pthread_mutex_lock(&s->lock);
	p->next = s->plans;
	s->plans = p;
	pthread_mutex_unlock(&s->lock);
}

void
mcp_json_member(struct buf *b, const char *name, const char *s)
{
	if (b->len > 0 && b->data[b->len - 1] != '{')
		buf_putc(b, ',');
	json_put_str(b, name);
	buf_putc(b, ':');
	json_put_str(b, s);
}

int
mcp_busy_take(struct mcp_call *call, const char *file, struct mcp_reply *r)
{
	struct mcp_server	*s = call->srv;
	int			 rc = 0;

	pthread_mutex_lock(&s->lock);
	if (s->busy != NULL) {
		mcp_reply_error(r, "busy: %s is running (tools that call the "
		    "provider run one at a time, under one rate limit); wait "
		    "for it or cancel it", s->busy);
		rc = -1;
	} else {
		s->busy = call->tool->name;
		s->busy_file = file != NULL ? xstrdup(file) : NULL;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void
mcp_busy_drop(struct mcp_call *call)
{
	struct mcp_server	*s = call->srv;

	pthread_mutex_lock(&s->lock);
	s->busy = NULL;
	free(s->busy_file);
	s->busy_file = NULL;
	pthread_mutex_unlock(&s->lock);
}

void
mcp_child_summary(const struct mcp_child *c, struct buf *out)
{
	const char	*m = buf_cstr(&c->msgs), *end, *start;

	buf_reset(out);
	end = m + strlen(m);
	while (end > m && end[-1] == '\n')
		end--;
	start = end;
	while (start > m && start[-1] != '\n')
		start--;
	if ((size_t)(end - start) > 11 && strncmp(start, "mailfleet: ", 11)
	    == 0)
		start += 11;
	/* scrubbed as the log notifications are (the commands never log a
	 * secret; this is the second line of defence) */
	mcp_scrub(out, start, (size_t)(end - start));
}

int
mcp_plan_fingerprint(const struct mcp_plan *p, char out[17], struct buf *why)
{
	const char	*kind = p->kind != NULL ? p->kind : "";
	uint64_t	 h = HASH_FNV1A_INIT;
	char		 chunk[65536];
	size_t		 i, n;
	FILE		*fp;

	h = hash_fnv1a_update(h, p->command, strlen(p->command) + 1);
	h = hash_fnv1a_update(h, kind, strlen(kind) + 1);
	h = hash_fnv1a_update(h, p->file, strlen(p->file) + 1);
	for (i = 0; i < p->opts.n; i++)
		h = hash_fnv1a_update(h, p->opts.v[i],
		    strlen(p->opts.v[i]) + 1);
	if ((fp = fopen(p->file, "rb")) == NULL) {
		buf_printf(why, "cannot read %s", p->file);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		h = hash_fnv1a_update(h, chunk, n);
	fclose(fp);
	snprintf(out, 17, "%016" PRIx64, h);
	return 0;
}

/* The argv of a plan's command: COMMAND KIND FILE OPTIONS... extra. */
static void
plan_argv(const struct mcp_plan *p, const char *extra, struct mcp_argv *a)
{
	size_t	i;

	mcp_argv_add(a, p->command);
	mcp_argv_add(a, p->kind);
	mcp_argv_add(a, p->file);
	for (i = 0; i < p->opts.n; i++)
		mcp_argv_add(a, p->opts.v[i]);
	if (extra != NULL)
		mcp_argv_add(a, extra);
	/* confirm: true said it, for a delete and for what an import buys
	 * (the child has no terminal to ask on) */
	if ((strcmp(p->command, "delete") == 0 ||
	    strcmp(p->command, "import") == 0) &&
	    (extra == NULL || strcmp(extra, "--dry-run") != 0))
		mcp_argv_add(a, "--yes");
}

int
mcp_plan_options(struct mcp_call *call, const struct command *cmd,
    const char *const *skip, struct mcp_plan *p, struct mcp_reply *r)
{
	struct buf	why = BUF_INIT;
	int		rc = 0;

	if (mcp_options_argv(call->srv, cmd, skip, call->doc,
	    json_get(call->doc, call->args, "options"), &p->opts, &why) < 0 ||
	    mcp_plan_fingerprint(p, p->id, &why) < 0) {
		mcp_reply_error(r, "%s: %s", call->tool->name, why.data);
		rc = -1;
	}
	buf_free(&why);
	return rc;
}

/* Reads the plan's arguments; NULL + error reply. */
static struct mcp_plan *
plan_args(struct mcp_call *call, struct mcp_reply *r)
{
	struct mcp_plan	*p = xcalloc(1, sizeof *p);

	if ((p->command = mcp_arg_str(call, "command", 1, r)) == NULL ||
	    (p->kind = mcp_arg_str(call, "kind", 1, r)) == NULL ||
	    (p->file = mcp_arg_path(call, "file", 1, r)) == NULL)
		goto fail;
	if (strcmp(p->command, "import") != 0 &&
	    strcmp(p->command, "update") != 0 &&
	    strcmp(p->command, "delete") != 0) {
		mcp_reply_error(r, "plan: command must be import, update or "
		    "delete (not \"%s\")", p->command);
		goto fail;
	}
	if (mcp_plan_options(call, cmd_find(p->command), NULL, p, r) == 0)
		return p;
fail:
	mcp_plan_free(p);
	return NULL;
}

void
mcp_sum_members(struct buf *b, const struct mcp_csv_sum *sum)
{
	buf_printf(b, ",\"rows\":%ld,\"counts\":%s,\"errors\":%s,"
	    "\"secret_columns\":%s", sum->rows, sum->counts.data,
	    sum->errors.data, sum->secrets.data);
}

void
mcp_end_members(struct buf *b, const struct mcp_child *c)
{
	struct buf	line = BUF_INIT;

	mcp_child_summary(c, &line);
	mcp_json_member(b, "summary", line.data);
	buf_printf(b, ",\"exit_code\":%d", c->status);
	buf_free(&line);
}

int
mcp_run_for_file(struct mcp_call *call, const struct mcp_argv *a,
    const char *path, struct mcp_child *c, struct mcp_reply *r)
{
	if (mcp_child_run(call, (const char *const *)a->v, c) < 0 ||
	    (c->status != 0 && c->status != 1 && c->status != 2 &&
	    c->status != 3 && c->status != 130) || access(path, R_OK) != 0) {
		mcp_reply_child(r, c);
		return -1;
	}
	return 0;
}

static long count_of(const struct mcp_csv_sum *, const char *const *);

static const char *const st_planned[] = { "planned", NULL };
static const char *const st_unavailable[] = { "unavailable", NULL };

/* ,"cost":{...} of a priced dry run (its price column: the price of each
 * row it would buy, summed as the command's "would buy" total), or null
 * when it has none (not priced: update, delete, ColdSend). */
static void
cost_member(struct buf *b, const struct mcp_csv_sum *sum)
{
	long	to_buy = count_of(sum, st_planned);
	char	usd[32];

	buf_puts(b, ",\"cost\":");
	if (!sum->has_price) {
		buf_puts(b, "null");
		return;
	}
	buf_printf(b, "{\"to_buy\":%ld,\"unavailable\":%ld,\"priced_rows\":%ld,"
	    "\"unpriced_rows\":%ld,\"total_cents\":%lld,\"total_dollars\":",
	    to_buy, count_of(sum, st_unavailable), sum->priced,
	    to_buy > sum->priced ? to_buy - sum->priced : 0, sum->price_cents);
	json_put_str(b, price_format(usd, sizeof usd, sum->price_cents));
	buf_putc(b, '}');
}

/* mcp_run_and_sum; priced: with the cost member. */
static int
run_and_sum(struct mcp_call *call, const struct mcp_argv *a,
    const char *path, const char *col, int jsonl, struct mcp_child *c,
    struct mcp_reply *r, int priced)
{
	struct mcp_csv_sum	sum;
	struct buf		why = BUF_INIT;

	if (mcp_run_for_file(call, a, path, c, r) < 0)
		return -1;
	if (mcp_csv_sum(path, jsonl, col, &sum, &why) < 0) {
		mcp_reply_error(r, "%s: %s", path, why.data);
		buf_free(&why);
		return -1;
	}
	mcp_sum_members(&r->json, &sum);
	if (priced)
		cost_member(&r->json, &sum);
	mcp_end_members(&r->json, c);
	mcp_csv_sum_free(&sum);
	buf_free(&why);
	return 0;
}

int
mcp_run_and_sum(struct mcp_call *call, const struct mcp_argv *a,
    const char *path, const char *col, int jsonl, struct mcp_child *c,
    struct mcp_reply *r)
{
	return run_and_sum(call, a, path, col, jsonl, c, r, 0);
}

void
mcp_tool_plan(struct mcp_call *call, struct mcp_reply *r)
{
	struct mcp_plan		*p = plan_args(call, r);
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct buf		 path = BUF_INIT;

	if (p == NULL || mcp_busy_take(call, p->file, r) < 0)
		goto out;
	plan_argv(p, "--dry-run", &a);
	buf_printf(&path, "%s.plan.csv", p->file);
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "plan_id", p->id);
	mcp_json_member(&r->json, "command", p->command);
	mcp_json_member(&r->json, "kind", p->kind);
	mcp_json_member(&r->json, "file", p->file);
	mcp_json_member(&r->json, "plan_file", path.data);
	if (run_and_sum(call, &a, path.data, "status", 0, &c, r, 1) == 0) {
		buf_putc(&r->json, '}');
		mcp_plan_keep(call->srv, p);
		p = NULL;
	}
	mcp_child_free(&c);
	mcp_busy_drop(call);
out:
	mcp_plan_free(p);
	mcp_argv_free(&a);
	buf_free(&path);
}

/* A run's result: counts of FILE.result.csv, and how to resume. */
static void
write_run(struct mcp_call *call, const struct mcp_plan *p,
    const char *extra, struct mcp_reply *r)
{
	struct mcp_argv		 a = { NULL, 0 };
	struct mcp_child	 c;
	struct buf		 path = BUF_INIT, cmdline = BUF_INIT;

	plan_argv(p, extra, &a);
	buf_printf(&path, "%s.result.csv", p->file);
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "file", p->file);
	mcp_json_member(&r->json, "result_file", path.data);
	if (mcp_run_and_sum(call, &a, path.data, "status", 0, &c, r) == 0) {
		buf_printf(&r->json, ",\"interrupted\":%s,\"resume\":",
		    c.status == 130 ? "true" : "false");
		if (c.status == 130) {
			buf_printf(&cmdline, "mailfleet %s %s %s --resume",
			    p->command, p->kind, p->file);
			buf_puts(&r->json, "{\"tool\":\"resume\",\"arguments\":{");
			mcp_json_member(&r->json, "file", p->file);
			buf_puts(&r->json, "},");
			buf_reset(&path);
			mcp_json_member(&r->json, "command", cmdline.data);
			buf_putc(&r->json, '}');
		} else {
			buf_puts(&r->json, "null");
		}
		buf_putc(&r->json, '}');
	}
	mcp_child_free(&c);
	mcp_argv_free(&a);
	buf_free(&path);
	buf_free(&cmdline);
}

const struct mcp_plan *
mcp_plan_find(struct mcp_server *s, const char *id, const char *file)
{
	const struct mcp_plan	*p;

	/* plans are only ever added at the head, freed at the end */
	pthread_mutex_lock(&s->lock);
	for (p = s->plans; p != NULL; p = p->next)
		if (id != NULL ? strcmp(p->id, id) == 0 :
		    file != NULL && strcmp(p->file, file) == 0)
			break;
	pthread_mutex_unlock(&s->lock);
	return p;
}

const struct mcp_plan *
mcp_plan_confirmed(struct mcp_call *call, const char *planner,
    struct mcp_reply *r)
{
	const struct mcp_plan	*p = NULL;
	const char		*tool = call->tool->name;
	char			*id = mcp_arg_str(call, "plan_id", 1, r);
	char			 now[17];
	struct buf		 why = BUF_INIT;
	int			 confirm = 0, fleet = strcmp(planner, "plan_fleet")
				    == 0;

	if (id == NULL)
		return NULL;
	if (json_get_bool(call->doc, call->args, "confirm", &confirm) < 0 ||
	    !confirm) {
		mcp_reply_error(r, "%s refused: it needs confirm: true (it "
		    "changes the provider's account and may spend money); "
		    "nothing was sent", tool);
	} else if ((p = mcp_plan_find(call->srv, id, NULL)) == NULL ||
	    (p->kind == NULL) != fleet) {
		mcp_reply_error(r, "%s refused: %s gave no plan_id %s (plans "
		    "last as long as the server; call %s first)", tool, planner,
		    id, planner);
		p = NULL;
	} else if (mcp_plan_fingerprint(p, now, &why) < 0 ||
	    strcmp(now, p->id) != 0) {
		mcp_reply_error(r, "%s refused: %s changed since plan %s was "
		    "made (%s); %s again", tool, p->file, p->id,
		    why.len ? why.data : "its bytes differ", planner);
		p = NULL;
	}
	buf_free(&why);
	free(id);
	return p;
}

void
mcp_tool_run(struct mcp_call *call, struct mcp_reply *r)
{
	const struct mcp_plan	*p = mcp_plan_confirmed(call, "plan", r);

	if (p != NULL && mcp_busy_take(call, p->file, r) == 0) {
		write_run(call, p, NULL, r);
		mcp_busy_drop(call);
	}
}

/* What a journal's first line (H record) and last line say. */
struct journal_look {
	int	 exists, finished;
	char	*command, *kind;	/* malloc'd; NULL when unreadable */
};

/* The n-th tab-separated field of line (0: the CRC and record type). */
static char *
field(const char *line, int n)
{
	const char	*p = line;
	size_t		 len;

	while (n-- > 0 && p != NULL)
		if ((p = strchr(p, '\t')) != NULL)
			p++;
	if (p == NULL)
		return NULL;
	len = strcspn(p, "\t\n");
	return strndup(p, len);
}

static void
journal_look(const char *path, struct journal_look *j)
{
	FILE	*fp = fopen(path, "r");
	char	*line = NULL;
	size_t	 cap = 0;
	int	 first = 1;

	memset(j, 0, sizeof *j);
	if (fp == NULL)
		return;
	j->exists = 1;
	/* lines hold passwords: only the H and E records are looked at */
	while (getline(&line, &cap, fp) > 0) {
		if (first && strlen(line) > 11 &&
		    strncmp(line + 8, " H\t", 3) == 0) {
			j->command = field(line, 3);
			j->kind = field(line, 4);
		}
		first = 0;
		j->finished = strlen(line) > 11 &&
		    strncmp(line + 8, " E\t", 3) == 0;
	}
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	fclose(fp);
}

static void
journal_look_free(struct journal_look *j)
{
	free(j->command);
	free(j->kind);
}

static int
running_on(struct mcp_server *s, const char *file)
{
	int	on;

	pthread_mutex_lock(&s->lock);
	on = s->busy_file != NULL && strcmp(s->busy_file, file) == 0;
	pthread_mutex_unlock(&s->lock);
	return on;
}

/* Rows of one kind of outcome in a result's counts. */
static long
count_of(const struct mcp_csv_sum *sum, const char *const *statuses)
{
	struct json_doc	*d = json_parse(sum->counts.data, sum->counts.len,
			    NULL, 0);
	long long	 n, total = 0;

	for (; *statuses != NULL; statuses++)
		if (json_get_int(d, 0, *statuses, &n) == 0)
			total += n;
	json_free(d);
	return (long)total;
}

static const char *const st_done[] = { "created", "updated", "deleted",
	"exists", NULL };
static const char *const st_failed[] = { "failed", "invalid", "over_quota",
	"over_limit", NULL };

void
mcp_tool_status(struct mcp_call *call, struct mcp_reply *r)
{
	char			*file = mcp_arg_path(call, "file", 1, r);
	struct buf		 res = BUF_INIT, jpath = BUF_INIT, why = BUF_INIT;
	struct mcp_csv_sum	 sum, in;
	struct journal_look	 j;
	int			 running, have;
	long			 done = 0, failed = 0, rows = 0;

	if (file == NULL)
		return;
	buf_printf(&res, "%s.result.csv", file);
	buf_printf(&jpath, "%s.journal", res.data);
	journal_look(jpath.data, &j);
	running = running_on(call->srv, file);
	have = !running && mcp_csv_sum(res.data, 0, "status", &sum, &why) == 0;
	if (have) {
		done = count_of(&sum, st_done);
		failed = count_of(&sum, st_failed);
		rows = sum.rows;
	} else if (mcp_csv_sum(file, 0, "status", &in, &why) == 0) {
		rows = in.rows;		/* no result yet: all pending */
		mcp_csv_sum_free(&in);
	}
	buf_puts(&r->json, "{");
	mcp_json_member(&r->json, "file", file);
	mcp_json_member(&r->json, "command", j.command);
	mcp_json_member(&r->json, "result_file", res.data);
	mcp_json_member(&r->json, "journal", jpath.data);
	buf_printf(&r->json, ",\"journaled\":%s,\"finished\":%s,\"running\":%s,"
	    "\"resumable\":%s,\"done\":%ld,\"pending\":%ld,\"failed\":%ld,"
	    "\"counts\":%s}", j.exists ? "true" : "false",
	    j.finished ? "true" : "false", running ? "true" : "false",
	    j.exists && !j.finished && !running ? "true" : "false", done,
	    rows - done - failed, failed, have ? sum.counts.data : "{}");
	if (have)
		mcp_csv_sum_free(&sum);
	journal_look_free(&j);
	buf_free(&res);
	buf_free(&jpath);
	buf_free(&why);
	free(file);
}

void
mcp_tool_resume(struct mcp_call *call, struct mcp_reply *r)
{
	char			*file = mcp_arg_path(call, "file", 1, r);
	struct buf		 jpath = BUF_INIT;
	struct journal_look	 j;
	const struct mcp_plan	*planned;
	struct mcp_plan		 p;

	if (file == NULL)
		return;
	buf_printf(&jpath, "%s.result.csv.journal", file);
	journal_look(jpath.data, &j);
	memset(&p, 0, sizeof p);
	if (!j.exists || j.command == NULL || j.kind == NULL) {
		mcp_reply_error(r, "resume: %s has no journal (%s): nothing to "
		    "resume", file, jpath.data);
	} else if (j.finished) {
		mcp_reply_error(r, "resume: the run of %s finished; nothing to "
		    "resume", file);
	} else if (mcp_busy_take(call, file, r) == 0) {
		planned = mcp_plan_find(call->srv, NULL, file);
		p.command = j.command;
		p.kind = j.kind;
		p.file = file;
		if (planned != NULL && planned->kind != NULL &&
		    strcmp(planned->command, j.command) == 0)
			p.opts = planned->opts;	/* borrowed */
		write_run(call, &p, "--resume", r);
		mcp_busy_drop(call);
	}
	journal_look_free(&j);
	buf_free(&jpath);
	free(file);
}
