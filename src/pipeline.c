/*
 * pipeline.c - wires the stages of a write command together.
 *
 * The main thread reads and validates (csv_in.c, validate.c) and feeds the
 * dispatcher (dispatch.c); worker threads send; the writer thread
 * (writer.c) writes results in input order. Memory is bounded by the
 * writer's window, not by the file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cost.h"
#include "csv_in.h"
#include "csv_out.h"
#include "dispatch.h"
#include "http.h"
#include "iopaths.h"
#include "inputset.h"
#include "job.h"
#include "journal.h"
#include "log.h"
#include "operation.h"
#include "password.h"
#include "pipeline.h"
#include "provider.h"
#include "ratelimit.h"
#include "retry.h"
#include "validate.h"
#include "writer.h"
#include "xmalloc.h"

static struct job *volatile signal_job;
static volatile sig_atomic_t signals_seen;

/*
 * First SIGINT/SIGTERM: stop taking rows, let the requests in flight end.
 * Second: stop at once. Every journal record is one write(2) and intents
 * are synced before their request leaves, so the journal is consistent
 * whenever the process ends.
 */
static void
on_signal(int sig)
{
	static const char first[] = "\nmailfleet: interrupted: finishing the "
	    "requests in flight (again to stop at once)\n";
	static const char again[] = "\nmailfleet: stopped at once; the "
	    "journal is consistent: run the same command with --resume\n";
	ssize_t	w;
	int	saved = errno;		/* a handler must not spoil errno */

	(void)sig;
	if (signal_job == NULL)
		return;
	if (signals_seen++ > 0) {
		w = write(STDERR_FILENO, again, sizeof again - 1);
		(void)w;
		_exit(EXIT_INTERRUPTED);
	}
	w = write(STDERR_FILENO, first, sizeof first - 1);
	(void)w;
	atomic_store(&signal_job->cancel, 1);
	errno = saved;
}

void
run_opts_init(struct run_opts *o)
{
	memset(o, 0, sizeof *o);
}

/* The entry's validator flags; VALIDATE_NO_PASSWORD with --new-passwords
 * only. */
static int
validate_flags(const struct job *job)
{
	return job->entry->validate & ~(job->new_passwords ? 0 :
	    VALIDATE_NO_PASSWORD) & ~(job->variations > 0 ? 0 :
	    VALIDATE_PARTIAL);
}

/* A row the journal has an outcome for: as the previous run left it. */
static void
restore(struct item *it, const struct journal_entry *je)
{
	int	c;

	item_finish(it, je->status, je->http_status, "%s",
	    je->error != NULL ? je->error : "");
	it->attempts = je->attempts;
	for (c = 0; c < RES__COUNT; c++)
		if (je->res[c] != NULL)
			item_set(it, (enum res_col)c, je->res[c]);
}

/*
 * Gives the row what it needs before it is sent (generated password). A
 * row with an intent but no outcome in the journal keeps the password it
 * was sent with, and is looked up before it is sent again.
 */
static int
prepare_item(struct job *job, struct item *it, const struct journal_entry *je)
{
	size_t	len = job->password_len;

	if (job->dry_run)
		return 0;		/* nothing is sent */
	if (je != NULL) {
		it->journaled = it->unsure = it->maybe_sent = 1;
		if (je->password != NULL)
			it->password = xstrdup(je->password);
		return 0;
	}
	if ((job->kind != KIND_ACCOUNTS && !(job->kind == KIND_FORWARDING &&
	    job->op == OP_UPDATE)) || !job->prov->client_passwords)
		return 0;
	if (job->op == OP_CREATE || (job->op == OP_UPDATE &&
	    job->new_passwords)) {
		if (*it->rec.password != '\0' && !job->new_passwords) {
			it->password = xstrdup(it->rec.password);
			return 0;
		}
		it->password = xmalloc(len + 1);
		if (password_generate(it->password, len) < 0)
			return -1;
	} else if (*it->rec.password != '\0')
		it->password = xstrdup(it->rec.password);
	return 0;
}

/*
 * validator_prescan's on_row: the input's domains (domains, accounts and
 * inboxes), and how many of each one's rows the journal has as existing.
 */
struct domain_scan {
	struct job		*job;
	struct input_domains	*set;
};

static void
scan_domain(void *arg, long seq, const struct record *rec)
{
	struct domain_scan		*ds = arg;
	const struct journal_entry	*je;

	if (seq < 0) {
		input_domains_free(ds->set);
		input_domains_init(ds->set);
		return;
	}
	if (rec->domain.len == 0 || ds->job->kind == KIND_FORWARDING)
		return;
	je = journal_entry(ds->job->journal, seq);
	input_domains_add(ds->set, rec->domain.data, je != NULL &&
	    (je->status == ST_CREATED || je->status == ST_EXISTS));
}

static int
stream(struct job *job, struct csv_reader *r, struct validator *v,
    const char *outpath, const char *failed_path, char *err, size_t errlen)
{
	struct owriter		*ow;
	struct dispatcher	*d;
	struct csv_row		*row;
	struct item		*it;
	const struct journal_entry *je;
	size_t			 window;
	long			 seq = 0;
	int			 rc, arc;

	/* Rows in flight, as many queued behind them, and as many again
	 * finished behind a slow one: the memory is the window's, not the
	 * file's (a row in the window costs some 600 bytes). */
	window = (size_t)job->workers * job->batch * 3;
	if (window < 512)
		window = 512;
	ow = owriter_open(job, csv_reader_header(r), csv_reader_delim(r),
	    outpath, failed_path, window, err, errlen);
	if (ow == NULL)
		return -1;
	d = dispatch_start(job, ow);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		while ((arc = owriter_admit(ow, seq,
		    dispatch_pending_from(d))) == 1)
			dispatch_flush(d);	/* the writer waits on it */
		if (arc < 0) {
			job_abort(job, "cannot write the result");
			break;
		}
		it = item_new(seq++, row);
		je = journal_entry(job->journal, it->seq);
		if (validator_check(v, it->row, &it->rec) < 0)
			item_finish(it, ST_INVALID, 0, "%s",
			    buf_cstr(&it->rec.error));
		else if (je != NULL && je->key != NULL &&
		    strcmp(je->key, buf_cstr(&it->rec.key)) != 0) {
			item_finish(it, ST_FAILED, 0, "the journal has %s for "
			    "this row, the input %s: was it read with another "
			    "--delimiter?", je->key, buf_cstr(&it->rec.key));
			job_abort(job, "the journal does not match the input");
		} else if (je != NULL && je->status != ST_PENDING)
			restore(it, je);
		else if (job_aborted(job))
			job_skip_unsent(job, it);
		else if (job->op == OP_CREATE && je == NULL &&
		    job->quota_left == 0)
			item_finish(it, ST_OVER_QUOTA, 0, "over the provider's "
			    "quota");
		else if (prepare_item(job, it, je) < 0)
			item_finish(it, ST_FAILED, 0, "cannot generate a "
			    "password (getrandom failed)");
		else {
			if (job->op == OP_CREATE && je == NULL &&
			    job->quota_left > 0)
				job->quota_left--;
			dispatch_item(d, it);
			continue;
		}
		owriter_put(ow, it);
	}
	dispatch_finish(d);
	if (rc < 0)
		log_error("%s", err);
	if (owriter_finish(ow, seq, err, errlen) < 0)
		return -1;
	return rc < 0 ? -1 : 0;
}

/* The input, the result (or plan), --failed and the journal are four
 * files: -1 to go on, else the exit code. */
static int
distinct_paths(const struct run_opts *o, const char *outpath)
{
	struct io_path	p[4];
	char		err[2048], *jpath = NULL;
	int		rc = -1;

	if (!o->dry_run && !o->no_journal && strcmp(o->input, "-") != 0)
		jpath = journal_path(outpath, o->input);
	p[0] = (struct io_path){ "the input", o->input, 1 };
	p[1] = (struct io_path){ o->dry_run ? "the plan" : "the result",
	    outpath, 0 };
	p[2] = (struct io_path){ "--failed", o->failed_path, 0 };
	p[3] = (struct io_path){ "the journal", jpath, 0 };
	if (io_paths_distinct(p, 4, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_USAGE;
	}
	free(jpath);
	return rc;
}

/*
 * Opens the run's journal, or refuses to start (a journal of an
 * unfinished run, of another input). -1 to go on, else the exit code.
 */
static int
open_journal(struct job *job, const struct run_opts *o, const char *outpath)
{
	struct journal_head	 h;
	enum journal_mode	 mode;
	char			 err[1024], *path;
	int			 exists, rc = -1;

	if (o->resume && o->restart) {
		log_error("--resume and --restart exclude each other");
		return EXIT_USAGE;
	}
	if (o->no_journal || strcmp(o->input, "-") == 0) {
		if (o->resume) {
			log_error("--resume needs the journal, and the journal "
			    "needs the input as a file (not standard input, "
			    "not --no-journal)");
			return EXIT_USAGE;
		}
		if (!o->no_journal)
			log_warn("reading standard input: no journal is kept, "
			    "so an interrupted run cannot be resumed");
		return -1;
	}
	memset(&h, 0, sizeof h);
	h.op = job->op_name;
	h.kind = kind_name(job->kind);
	h.provider = job->prov->name;
	h.base_url = job->base_url;
	h.to_stdout = strcmp(outpath, "-") == 0;
	if (journal_fingerprint(o->input, &h, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_NOINPUT;
	}
	path = journal_path(outpath, o->input);
	exists = access(path, F_OK) == 0;
	mode = o->resume ? JOURNAL_RESUME : o->restart ? JOURNAL_RESTART :
	    JOURNAL_NEW;
	if ((job->journal = journal_open(path, &h, mode, err, sizeof err)) ==
	    NULL) {
		log_error("%s", err);
		rc = !exists ? EXIT_IO : mode == JOURNAL_NEW ? EXIT_USAGE :
		    mode == JOURNAL_RESUME ? EXIT_DATA : EXIT_IO;
	} else if (o->resume && exists)
		log_info("resuming from %s: %ld rows done, %ld sent without "
		    "an answer (looked up first)", path,
		    journal_done(job->journal), journal_unsure(job->journal));
	free(path);
	return rc;
}

static void
summary(struct job *job, const char *outpath)
{
	struct buf	b = BUF_INIT;
	int		s, n = 0;

	for (s = ST_CREATED; s < ST__COUNT; s++) {
		long	c = atomic_load(&job->count[s]);

		if (c > 0)
			buf_printf(&b, "%s%ld %s", n++ ? ", " : "", c,
			    row_status_name((enum row_status)s));
	}
	log_info("%s %s: %s%s; %ld requests, %ld retries, %ld reconciled; "
	    "result: %s", job->op_name, kind_name(job->kind),
	    n ? buf_cstr(&b) : "no rows", "", atomic_load(&job->requests),
	    atomic_load(&job->retries), atomic_load(&job->reconciled),
	    strcmp(outpath, "-") == 0 ? "standard output" : outpath);
	buf_free(&b);
}

/* The plan's counts the fixed part of the line leaves out (skipped,
 * over_limit, unavailable, ...), each ", N status". */
static void
plan_other_counts(struct job *job, struct buf *b)
{
	int	s;
	long	c;

	for (s = ST_CREATED; s < ST__COUNT; s++)
		if (s != ST_PLANNED && s != ST_EXISTS && s != ST_INVALID &&
		    s != ST_OVER_QUOTA && s != ST_FAILED &&
		    (c = atomic_load(&job->count[s])) > 0)
			buf_printf(b, ", %ld %s", c,
			    row_status_name((enum row_status)s));
	if (job->quota_left >= 0)
		buf_printf(b, " (quota left: %ld)", job->quota_left);
}

static void
plan_summary(struct job *job, const char *outpath)
{
	struct buf	cost = BUF_INIT, more = BUF_INIT;

	cost_summary(job, &cost);
	plan_other_counts(job, &more);
	log_info("dry run, nothing was changed: %ld to %s, %ld already there, "
	    "%ld invalid, %ld over quota, %ld failed%s%s; plan: %s",
	    atomic_load(&job->count[ST_PLANNED]), job->op == OP_CREATE ?
	    "create" : job->op == OP_TOTP ? "read" : op_name(job->op),
	    atomic_load(&job->count[ST_EXISTS]),
	    atomic_load(&job->count[ST_INVALID]),
	    atomic_load(&job->count[ST_OVER_QUOTA]),
	    atomic_load(&job->count[ST_FAILED]), buf_cstr(&more),
	    buf_cstr(&cost), strcmp(outpath, "-") == 0 ? "standard output" :
	    outpath);
	buf_free(&more);
	buf_free(&cost);
}

static int
exit_code(struct job *job)
{
	int	s;

	if (job->abort_msg.len > 0)
		return atomic_load(&job->count[ST_SKIPPED]) > 0 &&
		    strcmp(job->abort_msg.data, "interrupted") == 0 ?
		    EXIT_INTERRUPTED : EXIT_ABORTED;
	for (s = ST_PENDING; s < ST__COUNT; s++)
		if (!row_status_ok((enum row_status)s) &&
		    atomic_load(&job->count[s]) > 0 &&
		    !op_status_answers(job->op, (enum row_status)s))
			return EXIT_ROWS;
	return EXIT_OK;
}

/* One write run: what its phases share, freed by run_free(). */
struct wrun {
	struct app		*app;
	struct run_opts		*o;
	struct job		 job;
	struct pctx		 p;		/* the main thread's */
	struct csv_reader	*r;
	struct validator	 v;
	int			 have_v;
	struct input_domains	 domains;
	struct domain_scan	 ds;
	char			*outpath;
	long			 rows, valid;	/* prescan's; rows -1: none */
	char			 err[1024];
};

/*
 * The session's offline half and what the options make of the job: the
 * provider can do this, the batch size. -1 to go on, else the exit code.
 */
static int
start_job(struct wrun *w)
{
	struct run_opts	*o = w->o;
	struct job	*job = &w->job;
	int		 rc;

	if ((rc = session_begin(w->app, o->rate, job, &w->p, w->err,
	    sizeof w->err)) != 0) {
		log_error("%s", w->err);
		return rc;
	}
	job->op = o->op;
	job->kind = o->kind;
	job->input = o->input;
	/* A command without the send options (-j) runs one worker. */
	job->workers = o->workers > 0 ? o->workers : 1;
	job->max_retries = o->retries;
	job->password_len = o->password_len;
	job->poll_timeout = o->job_timeout;
	job->poll_interval = o->job_interval;
	job->new_passwords = o->new_passwords;
	job->allow_partial = o->allow_partial;
	job->dry_run = o->dry_run;
	job->variations = o->variations;
	job->available_only = o->available_only;
	job->quota_left = -1;
	job->op_name = op_name(o->op);
	if ((job->entry = provider_operation(job->prov, o->op, o->kind)) ==
	    NULL) {
		log_error("%s cannot %s %s", job->prov->name, op_name(o->op),
		    kind_name(o->kind));
		return EXIT_USAGE;
	}
	job->batch = o->batch ? o->batch : job->entry->batch_default;
	if (job->batch > job->entry->batch_max) {
		log_warn("--batch %zu is over %s's limit; using %zu",
		    job->batch, job->prov->name, job->entry->batch_max);
		job->batch = job->entry->batch_max;
	}
	return -1;
}

/*
 * The file as a whole first: exit 65/66 before any request. Then where
 * the result (or plan) goes. -1 to go on, else the exit code.
 */
static int
open_input(struct wrun *w)
{
	struct run_opts		*o = w->o;
	const struct csv_row	*h;

	w->r = csv_reader_open(o->input, w->app->delimiter, w->err,
	    sizeof w->err);
	if (w->r == NULL) {
		log_error("%s", w->err);
		return csv_input_openable(o->input) ? EXIT_DATA : EXIT_NOINPUT;
	}
	h = csv_reader_header(w->r);
	if (validator_init(&w->v, o->kind, validate_flags(&w->job),
	    (const char *const *)h->fields, h->nfields, w->err,
	    sizeof w->err) < 0) {
		log_error("%s: %s", csv_reader_path(w->r), w->err);
		return EXIT_DATA;
	}
	w->have_v = 1;
	/* A dry run's plan goes next to the input, never over a result. */
	w->outpath = o->dry_run ? csv_result_path(NULL, o->input,
	    ".plan.csv") : csv_result_path(w->app->output, o->input,
	    o->op == OP_SEARCH ? ".search.csv" : ".result.csv");
	return -1;
}

/* First pass over a regular file: rows and valid rows (quota, ETA), the
 * file's duplicates, found on disk, and its domains. */
static void
prescan(struct wrun *w)
{
	w->ds.job = &w->job;
	w->ds.set = &w->domains;
	w->v.on_row = scan_domain;
	w->v.on_row_arg = &w->ds;
	if (validator_prescan(&w->v, w->o->input, w->app->delimiter,
	    &w->rows, &w->valid, w->err, sizeof w->err) == 0) {
		w->job.total = w->rows;
		input_domains_seal(&w->domains);
		w->job.domains = &w->domains;
	}
	w->v.on_row = NULL;
}

/*
 * The provider's caches, then its quota for a create: a run that does not
 * fit stops before anything is sent, unless --allow-partial or --dry-run.
 * -1 to go on, else the exit code.
 */
static int
check_quota(struct wrun *w)
{
	struct job	*job = &w->job;
	long		 total, in_use, valid = w->valid;

	if (job->prov->prepare(&w->p, w->err, sizeof w->err) < 0) {
		log_error("%s", w->err);
		return EXIT_ABORTED;
	}
	if (job->op != OP_CREATE || job->prov->quota == NULL ||
	    job->prov->quota(&w->p, job->kind, &total, &in_use, w->err,
	    sizeof w->err) != 0 || total < 0)
		return -1;
	job->quota_left = total - in_use > 0 ? total - in_use : 0;
	/* Rows the journal has are done, or were sent: in_use counts what
	 * they created. */
	valid -= journal_done(job->journal) + journal_unsure(job->journal);
	if (w->rows < 0 || valid <= job->quota_left)
		return -1;
	if (!job->allow_partial && !job->dry_run) {
		log_error("%ld rows to create but the %s quota has %ld left "
		    "(%ld of %ld in use); nothing was sent. --allow-partial "
		    "sends what fits", valid, job->prov->name,
		    job->quota_left, in_use, total);
		return EXIT_ABORTED;
	}
	log_warn("only %ld of %ld rows fit the quota; the rest are reported "
	    "over_quota", job->quota_left, valid);
	return -1;
}

static void
catch_signals(struct job *job)
{
	struct sigaction	sa;

	signal_job = job;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;	/* stdio writes go on after it */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* After a run that wrote its result: the summary, the journal done with
 * or how to go on. Returns the exit code. */
static int
finish_run(struct wrun *w)
{
	struct job	*job = &w->job;
	int		 rc;

	if (atomic_load(&job->cancel) && job->abort_msg.len == 0)
		job_abort(job, "interrupted");
	summary(job, w->outpath);
	if (job->abort_msg.len > 0 && !job->abort_said)
		log_error("stopped: %s", job->abort_msg.data);
	rc = exit_code(job);
	if (atomic_load(&job->unsent) == 0) {
		if (journal_finish(job->journal, job->total, w->err,
		    sizeof w->err) < 0)
			log_warn("%s", w->err);
		job->journal = NULL;
	} else if (job->journal != NULL)
		log_error("to go on: mailfleet %s %s %s --resume (with the "
		    "same options); rows already done are not sent again",
		    job->op_name, kind_name(job->kind), w->o->input);
	return rc;
}

/* The rows through the workers into the result. Returns the exit code. */
static int
send_rows(struct wrun *w)
{
	struct job	*job = &w->job;
	int		 rc;

	catch_signals(job);
	if (stream(job, w->r, &w->v, w->outpath, w->o->failed_path, w->err,
	    sizeof w->err) < 0) {
		log_error("%s", w->err);
		rc = EXIT_IO;
		if (job->journal != NULL)
			log_error("every outcome so far is in %s: fix the "
			    "cause, then run the same command with --resume "
			    "to write the result", journal_file(job->journal));
	} else if (job->dry_run) {
		plan_summary(job, w->outpath);
		rc = exit_code(job);
	} else
		rc = finish_run(w);
	signal_job = NULL;
	return rc;
}

static void
run_free(struct wrun *w)
{
	cost_end(&w->job);
	journal_close(w->job.journal);
	if (w->have_v)
		validator_free(&w->v);
	csv_reader_close(w->r);
	free(w->outpath);
	input_domains_free(&w->domains);
	session_close(&w->job, &w->p);
}

/*
 * A write command: the job, the input, its paths and journal (all offline,
 * so a bad file is refused before the token is read), then the session's
 * token and client, the provider's caches and quota, and the rows.
 */
int
run_write(struct app *app, struct run_opts *o)
{
	struct wrun	w;
	int		rc;

	memset(&w, 0, sizeof w);
	w.app = app;
	w.o = o;
	w.rows = -1;
	input_domains_init(&w.domains);
	if ((rc = start_job(&w)) >= 0 || (rc = open_input(&w)) >= 0 ||
	    (rc = distinct_paths(o, w.outpath)) >= 0)
		goto out;
	if (!o->dry_run && (rc = open_journal(&w.job, o, w.outpath)) >= 0)
		goto out;
	if ((rc = session_connect(&w.job, &w.p, w.err, sizeof w.err)) != 0) {
		log_error("%s", w.err);
		goto out;
	}
	prescan(&w);
	if ((rc = check_quota(&w)) >= 0 ||
	    (rc = cost_start(&w.job, &w.p, o)) >= 0)
		goto out;		/* nothing was sent */
	rc = send_rows(&w);
out:
	run_free(&w);
	return rc;
}
