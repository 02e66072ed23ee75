/*
 * cmd_push.c - `mailfleet push FILE --sequencer ID|NAME`: export the
 * accounts FILE lists (by email or id) to a sequencer connected at
 * Maildoso (POST /v1/sequencers/export, in batches), then poll each
 * account's exported_to_sequencers until the export completed or failed
 * (--timeout), and write one result row per input row.
 *
 * An account may carry an entry for the sequencer from an earlier export:
 * its created_at is noted before the request, and only an entry with
 * another created_at (or a new one) counts as this push's, so an old
 * "completed" is never taken for the new one. No clocks are compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "export.h"
#include "iopaths.h"
#include "job.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "progress.h"
#include "provider.h"
#include "retry.h"
#include "xmalloc.h"

extern const struct command cmd_push;

#define PAGE		1000
#define BATCH_DEFAULT	100

struct entry {
	struct csv_row	*row;		/* owned copy of the input row */
	char		*key;		/* email or id, lower case; owned */
	long long	 id;		/* account id, -1 until found */
	int		 dup;		/* the same account as an earlier row */
	int		 sent;		/* in an accepted export request */
	int		 state;		/* 1 completed, -1 failed, 0 not yet */
	char		*before;	/* created_at of the entry before */
	char		*status;	/* latest export status seen */
	char		*error;
};

struct push {
	struct entry		*e;
	size_t			 n;
	struct strmap		 idx;	/* key -> entry + 1 */
	long long		 seq;	/* the sequencer */
	int			 first;	/* first scan: note `before` */
};

static void
replace(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* Export status and created_at of the account's entry for seq. */
static void
seq_entry(const struct json_doc *d, int obj, long long seq, char **status,
    char **created)
{
	long long	id;
	int		v;

	*status = *created = NULL;
	for (v = json_child(d, json_get(d, obj, "exported_to_sequencers"));
	    v >= 0; v = json_next(d, v))
		if (json_get_int(d, v, "sequencer_id", &id) == 0 && id == seq) {
			*status = json_get_str(d, v, "status");
			*created = json_get_str(d, v, "created_at");
			return;
		}
}

static struct entry *
find(struct push *ps, const char *s)
{
	long long v;
	char	*low = xstrdup_lower(s);
	int	 hit;

	hit = strmap_get(&ps->idx, low, &v);
	free(low);
	return hit ? &ps->e[(size_t)v - 1] : NULL;
}

/* One account of the listing: ours? (runs on the calling thread). */
static int
seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct push	*ps = arg;
	struct entry	*en;
	char		*email = json_get_str(d, obj, "email_account");
	char		*status, *created, num[32];
	long long	 id = -1;

	(void)page;
	json_get_int(d, obj, "id", &id);
	snprintf(num, sizeof num, "%lld", id);
	en = email != NULL ? find(ps, email) : NULL;
	if (en == NULL)
		en = find(ps, num);
	free(email);
	if (en == NULL)
		return 0;
	en->id = id;
	seq_entry(d, obj, ps->seq, &status, &created);
	if (ps->first)
		replace(&en->before, created);
	else if (en->sent && created != NULL && (en->before == NULL ||
	    strcmp(en->before, created) != 0)) {
		replace(&en->status, status);
		en->state = status == NULL ? 0 : strcmp(status, "completed") ==
		    0 ? 1 : strcmp(status, "failed") == 0 ? -1 : 0;
	}
	free(status);
	free(created);
	return 0;
}

/* Reads every account once, updating ours. 0, or -1 and err. */
static int
scan(struct pctx *p, struct push *ps, const char *query, char *err,
    size_t errlen)
{
	/* seen() updates entries: one thread */
	return export_pager_walk(p, EXPORT_ACCOUNTS, query, PAGE, seen, ps,
	    NULL, err, errlen);
}

int
sequencer_answers_to(const char *want, const char *id, const char *platform,
    const char *name)
{
	return strcmp(want, id) == 0 || (platform != NULL &&
	    strcasecmp(want, platform) == 0) || (name != NULL &&
	    strcasecmp(want, name) == 0);
}

/* The connected sequencers, to find --sequencer's. */
struct seqs {
	const char	*want;
	long long	 id;
	int		 matches;
	struct buf	 names;
};

static int
seq_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct seqs	*s = arg;
	char		*plat = json_get_str(d, obj, "platform");
	char		*name = json_get_str(d, obj, "name");
	char		 num[32];
	long long	 id;

	(void)page;
	if (json_get_int(d, obj, "id", &id) == 0) {	/* connected */
		snprintf(num, sizeof num, "%lld", id);
		buf_printf(&s->names, "%s%s (%s)", s->names.len ? ", " : "",
		    plat ? plat : "?", num);
		if (sequencer_answers_to(s->want, num, plat, name)) {
			s->id = id;
			s->matches++;
		}
	}
	free(plat);
	free(name);
	return 0;
}

static int
find_sequencer(struct pctx *p, const char *want, long long *id, char *err,
    size_t errlen)
{
	struct seqs	s;
	int		rc = -1;

	memset(&s, 0, sizeof s);
	s.want = want;
	if (export_pager_walk(p, EXPORT_SEQUENCERS, "", PAGE, seq_seen, &s,
	    NULL, err, errlen) < 0)
		goto out;
	if (s.matches != 1) {
		snprintf(err, errlen, s.matches == 0 ? "--sequencer %s: no such "
		    "connected sequencer (connected: %s)" : "--sequencer %s: "
		    "several are connected (%s): give the id", want,
		    s.names.len ? s.names.data : "none");
		goto out;
	}
	*id = s.id;
	rc = 0;
out:
	buf_free(&s.names);
	return rc;
}

static int
read_file(struct app *app, const char *path, struct push *ps, char *err,
    size_t errlen, struct csv_row **header)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct colmap		 m;
	struct entry		*en;
	size_t			 col, cap = 0, i;
	long long		 v;
	int			 rc;

	if ((r = csv_reader_open(path, app->delimiter, err, errlen)) == NULL)
		return csv_input_openable(path) ? EXIT_DATA : EXIT_NOINPUT;
	h = csv_reader_header(r);
	colmap_build(&m, (const char *const *)h->fields, h->nfields);
	col = m.idx[COL_EMAIL] != COL_NONE ? m.idx[COL_EMAIL] : m.idx[COL_ID];
	if (col == COL_NONE) {
		snprintf(err, errlen, "%s: no email or id column", path);
		csv_reader_close(r);
		return EXIT_DATA;
	}
	*header = csv_row_copy(h);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		if (ps->n == cap) {
			cap = cap ? cap * 2 : 64;
			ps->e = xreallocarray(ps->e, cap, sizeof *ps->e);
		}
		en = &ps->e[ps->n++];
		memset(en, 0, sizeof *en);
		en->id = -1;
		en->row = csv_row_copy(row);
		if (row->error != NULL || col >= row->nfields ||
		    *row->fields[col] == '\0') {
			en->state = -1;
			en->error = xstrdup(row->error ? row->error :
			    "no email or id");
			continue;
		}
		en->key = xstrdup(row->fields[col]);
		for (i = 0; en->key[i] != '\0'; i++)
			if (en->key[i] >= 'A' && en->key[i] <= 'Z')
				en->key[i] += 32;
		if (strmap_getn(&ps->idx, en->key, i, &v)) {
			en->dup = (int)(size_t)v;
			continue;
		}
		strmap_putn(&ps->idx, en->key, i, (long long)ps->n);
	}
	csv_reader_close(r);
	return rc < 0 ? EXIT_DATA : 0;
}

/* POSTs the export of ids [0, n); retried when the answer is transient
 * (exporting again is harmless). 0, or -1 with why. */
static int
send_batch(struct pctx *p, long long seq, const long long *ids, size_t n,
    struct buf *why)
{
	struct retry_policy	pol;
	double			delay;
	int			attempt = 0;

	retry_policy_init(&pol);
	pol.max_retries = p->job->max_retries;
	for (;;) {
		if (p->job->prov->sequencer_export(p, seq, ids, n) == 0)
			return 0;
		if (retry_decide(&pol, p->job->budget, &p->rng, ++attempt,
		    p->resp.status, p->resp.err, (double)p->resp.retry_after,
		    &delay) != RETRY_AGAIN || job_aborted(p->job))
			break;
		job_sleep(p->job, delay);
	}
	buf_reset(why);
	provider_error_text(&p->resp, why);
	return -1;
}

static int
export_all(struct pctx *p, struct push *ps, size_t batch)
{
	long long	*ids = xcalloc(batch, sizeof *ids);
	size_t		*who = xcalloc(batch, sizeof *who);
	struct buf	 why = BUF_INIT;
	size_t		 i, k, n = 0;
	int		 auth = 0;

	for (i = 0; i <= ps->n && !auth; i++) {
		if (i < ps->n) {
			struct entry	*en = &ps->e[i];

			if (en->state != 0 || en->dup || en->id < 0)
				continue;
			ids[n] = en->id;
			who[n++] = i;
			if (n < batch)
				continue;
		}
		if (n == 0)
			break;
		if (send_batch(p, ps->seq, ids, n, &why) == 0)
			for (k = 0; k < n; k++)
				ps->e[who[k]].sent = 1;
		else
			for (k = 0; k < n; k++) {
				ps->e[who[k]].state = -1;
				replace(&ps->e[who[k]].error, buf_cstr(&why));
			}
		auth = p->resp.status == 401 || p->resp.status == 403;
		n = 0;
	}
	free(ids);
	free(who);
	buf_free(&why);
	return auth ? -1 : 0;
}

static int
write_result(const char *path, const struct csv_row *h, struct push *ps,
    int flags, char *err, size_t errlen)
{
	static const char *const extra[] = { "status", "error", "id",
	    "export_status" };
	struct csv_writer	*w;
	const char		**cells;
	char			*names[4], num[32];
	size_t			 i, k, nin = h->nfields;
	int			 rc = 0;

	if ((w = csv_writer_open(path, ',', flags, err, errlen)) == NULL)
		return -1;
	cells = xcalloc(nin + 4, sizeof *cells);
	for (i = 0; i < 4; i++)
		names[i] = col_unique_name((const char *const *)h->fields, nin,
		    extra[i]);
	for (i = 0; i < nin; i++)
		cells[i] = h->fields[i];
	for (i = 0; i < 4; i++)
		cells[nin + i] = names[i];
	rc = csv_writer_row(w, cells, nin + 4, err, errlen);
	for (k = 0; k < ps->n && rc == 0; k++) {
		struct entry	*en = &ps->e[k];
		struct entry	*src = en->dup ? &ps->e[en->dup - 1] : en;

		for (i = 0; i < nin; i++)
			cells[i] = i < en->row->nfields ? en->row->fields[i] :
			    "";
		cells[nin] = src->state > 0 ? "completed" : src->state < 0 ?
		    "failed" : "timeout";
		cells[nin + 1] = src->error ? src->error : src->state == 0 ?
		    "not completed when --timeout ran out" : "";
		snprintf(num, sizeof num, "%lld", src->id);
		cells[nin + 2] = src->id >= 0 ? num : "";
		cells[nin + 3] = src->status;
		rc = csv_writer_row(w, cells, nin + 4, err, errlen);
	}
	for (i = 0; i < 4; i++)
		free(names[i]);
	free(cells);
	if (rc < 0) {
		csv_writer_abort(w);
		return -1;
	}
	return csv_writer_commit(w, err, errlen);
}

/* Accounts settled (completed or failed) of the distinct ones; final:
 * the last line. */
static void
push_progress(struct progress *prog, const struct push *ps, int final)
{
	char	extra[64];
	size_t	i, n = 0, ok = 0, bad = 0;

	if (!prog->on)
		return;
	for (i = 0; i < ps->n; i++)
		if (!ps->e[i].dup) {
			n++;
			ok += ps->e[i].state > 0;
			bad += ps->e[i].state < 0;
		}
	snprintf(extra, sizeof extra, "completed %zu  failed %zu", ok, bad);
	progress_show(prog, (long)(ok + bad), (long)n, extra, final);
}

struct push_opts {
	struct poll_opts poll;		/* first: poll_options store here */
	const char	*sequencer;
	const char	*rate;
	size_t		 batch;
};

static const struct opt_spec push_own[] = {
	{ .name = "sequencer", .type = OPT_STRING, .arg = "ID|NAME",
	  .help = "the sequencer's id, or its platform (instantly) when "
	  "exactly one such is connected", OPT_AT(struct push_opts, sequencer) },
	{ .name = "batch", .type = OPT_INT, .min = 1, .max = 1000,
	  .def = OPT_NUM(BATCH_DEFAULT), .help = "account ids per request",
	  OPT_AT(struct push_opts, batch) },
	{ .name = "rate", .type = OPT_RATE,
	  .help = "requests per time (default: the provider's)",
	  OPT_AT(struct push_opts, rate) },
	OPT_END
};

static const struct opt_spec *const push_options[] = { poll_options,
	push_own, NULL };

/*
 * The session (the provider can push before its token is read), the
 * sequencer, the rows' accounts and the export asked for. -1 to go on,
 * else the exit code.
 */
static int
start_push(struct app *app, const struct push_opts *o, struct push *ps,
    struct job *job, struct pctx *p)
{
	char	err[1024];
	size_t	i;
	int	rc;

	if ((rc = session_begin(app, o->rate, job, p, err, sizeof err)) != 0) {
		log_error("%s", err);
		return rc;
	}
	if (job->prov->sequencer_export == NULL ||
	    job->prov->list_page == NULL) {
		log_error("push is not supported by this provider (%s)",
		    job->prov->name);
		return EXIT_USAGE;
	}
	if ((rc = session_connect(job, p, err, sizeof err)) != 0) {
		log_error("%s", err);
		return rc;
	}
	if (find_sequencer(p, o->sequencer, &ps->seq, err, sizeof err) < 0) {
		log_error("%s", err);
		return p->resp.status == 200 ? EXIT_USAGE : EXIT_ABORTED;
	}
	ps->first = 1;
	if (scan(p, ps, "", err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	ps->first = 0;
	for (i = 0; i < ps->n; i++)
		if (ps->e[i].state == 0 && !ps->e[i].dup && ps->e[i].id < 0) {
			ps->e[i].state = -1;
			replace(&ps->e[i].error, "no such account at Maildoso");
		}
	if (export_all(p, ps, o->batch) < 0) {
		log_error("Maildoso refused the token");
		return EXIT_ABORTED;
	}
	return -1;
}

/* Scans until every account settled or --timeout: 0, or -1 (said). */
static int
poll_exports(struct app *app, const struct push_opts *o, struct push *ps,
    struct job *job, struct pctx *p)
{
	struct progress	prog;
	char		err[1024];
	double		start = mono_now();
	size_t		i, moving;

	progress_init(&prog, app, "accounts");
	for (;;) {
		moving = 0;
		for (i = 0; i < ps->n; i++)
			moving += ps->e[i].state == 0 && !ps->e[i].dup;
		push_progress(&prog, ps, 0);
		if (moving == 0 || mono_now() - start >= o->poll.timeout)
			break;
		log_debug("push: %zu accounts still being exported", moving);
		job_sleep(job, o->poll.interval);
		if (scan(p, ps, "", err, sizeof err) < 0) {
			log_error("%s", err);
			return -1;
		}
	}
	push_progress(&prog, ps, 1);
	return 0;
}

/* The result file and the last line. Returns the exit code. */
static int
finish_push(struct app *app, const char *out, const struct csv_row *header,
    struct push *ps)
{
	char	err[1024];
	size_t	i, done = 0;

	if (write_result(out, header, ps, CSV_OUT_SECRET | (app->raw ?
	    CSV_OUT_RAW : 0) | (app->excel ? CSV_OUT_EXCEL : 0), err,
	    sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_IO;
	}
	for (i = 0; i < ps->n; i++)
		done += (ps->e[i].dup ? ps->e[ps->e[i].dup - 1].state :
		    ps->e[i].state) > 0;
	log_info("push: %zu of %zu rows exported", done, ps->n);
	return done == ps->n ? EXIT_OK : EXIT_ROWS;
}

static void
push_free(struct push *ps)
{
	size_t	i;

	for (i = 0; i < ps->n; i++) {
		csv_row_free(ps->e[i].row);
		free(ps->e[i].key);
		free(ps->e[i].before);
		free(ps->e[i].status);
		free(ps->e[i].error);
	}
	free(ps->e);
	strmap_free(&ps->idx);
}

static int
run(struct app *app, int argc, char **argv)
{
	struct push_opts o;
	struct push	 ps;
	struct job	 job;
	struct pctx	 p;
	struct csv_row	*header = NULL;
	const char	*file;
	char		 err[1024], *out = NULL;
	int		 rc, open = 0;

	memset(&o, 0, sizeof o);
	memset(&ps, 0, sizeof ps);
	strmap_init(&ps.idx);
	if ((rc = opts_parse(&cmd_push, app, &o, argc, argv)) >= 0)
		goto out;
	if (argc - optind != 1 || o.sequencer == NULL) {
		rc = cmd_usage_error(&cmd_push, "push FILE --sequencer ID|NAME");
		goto out;
	}
	file = argv[optind];
	out = csv_result_path(app->output, file, ".push.csv");
	if (io_output_not_input(file, out, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = read_file(app, file, &ps, err, sizeof err, &header)) != 0) {
		log_error("%s", err);
		goto out;
	}
	open = 1;
	if ((rc = start_push(app, &o, &ps, &job, &p)) >= 0)
		goto out;
	if (poll_exports(app, &o, &ps, &job, &p) < 0)
		rc = EXIT_ABORTED;
	else
		rc = finish_push(app, out, header, &ps);
out:
	if (open)
		session_close(&job, &p);
	push_free(&ps);
	csv_row_free(header);
	free(out);
	return rc;
}

const struct command cmd_push = {
	.name = "push",
	.summary = "export accounts to a sequencer connected at Maildoso",
	.args = "FILE --sequencer ID|NAME",
	.about =
	    "Exports the accounts FILE lists (an email or id column; e.g. the\n"
	    "result of 'import accounts') to a sequencer connected at\n"
	    "Maildoso (POST /v1/sequencers/export, --batch ids per request),\n"
	    "then polls each account's exported_to_sequencers every\n"
	    "--interval until the export completed or failed, or --timeout\n"
	    "ran out. Result (-o; default FILE.push.csv, mode 0600): the input\n"
	    "columns, then status (completed, failed, timeout), error, id,\n"
	    "export_status. Exit 0 when all completed, 2 otherwise.\n",
	.opts = push_options,
	.run = run
};
