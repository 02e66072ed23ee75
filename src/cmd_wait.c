/*
 * cmd_wait.c - `mailfleet wait domains [FILE]`: poll until every domain is
 * ready or failed, then write one result row per domain.
 *
 * With FILE, the domains are its rows (any header form of the domain
 * column); without, every domain of the account that is still moving.
 * --activate asks ColdSend to go on with domains waiting in DNS_PENDING
 * (refused until the nameservers have propagated: tried again each round)
 * and to take FAILED ones up again, --max-activations times each (1);
 * --restart-failed restarts Maildoso's failed set-ups once each, all those
 * of a round in one request (the provider's retry_domains, the request
 * of its `restart domains`). At the end, ColdSend's name
 * servers (once a domain) and the progress of those not ready are read
 * for the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "iopaths.h"
#include "job.h"
#include "log.h"
#include "opts.h"
#include "progress.h"
#include "provider.h"
#include "rules.h"
#include "xmalloc.h"

extern const struct command cmd_wait;

/* Seconds after an accepted restart in which the failed status it was
 * asked in still counts as moving: the restart is asynchronous, and the
 * provider may list the old status for a while before it takes it up.
 * A change of status ends the grace (the next failure counts). */
#define RESTART_GRACE_S	120.0

struct wdomain {
	struct csv_row	*row;		/* input row (owned), NULL without FILE */
	char		*name;		/* normalised */
	char		*id, *status, *ns;	/* latest seen (owned) */
	int		 seen;
	int		 state;		/* 1 ready, -1 failed, 0 moving */
	int		 retries;	/* set-ups taken up again */
	double		 grace;		/* mono_now() until which the failed
					   status of a restart still counts as
					   moving (RESTART_GRACE_S); 0: none */
	long long	 pct;		/* progress; -1: unknown */
	char		*error, *pmsg;	/* (owned) */
};

struct wset {
	struct wdomain	*d;
	size_t		 n, cap;
	int		 collect;	/* no FILE: take the moving ones */
	int		 (*classify)(const char *);
};

static struct wdomain *
add(struct wset *w, const char *name)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->d = xreallocarray(w->d, w->cap, sizeof *w->d);
	}
	memset(&w->d[w->n], 0, sizeof w->d[w->n]);
	w->d[w->n].name = xstrdup(name);
	w->d[w->n].pct = -1;
	return &w->d[w->n++];
}

static void
replace(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static void
seen_domain(void *arg, const char *name, const char *id, const char *status,
    const char *ns)
{
	struct wset	*w = arg;
	size_t		 i;

	if (w->collect && w->classify(status) == DOMAIN_MOVING)
		add(w, name);
	for (i = 0; i < w->n; i++)
		if (strcasecmp(w->d[i].name, name) == 0) {
			w->d[i].seen = 1;
			replace(&w->d[i].id, id);
			replace(&w->d[i].status, status);
			if (*ns != '\0' || w->d[i].ns == NULL)
				replace(&w->d[i].ns, ns);
		}
}

static int
read_file(struct app *app, const char *path, struct wset *w,
    struct csv_row **header, char *err, size_t errlen)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct colmap		 m;
	struct buf		 name = BUF_INIT;
	struct wdomain		*d;
	char			 why[256];
	int			 rc;

	if ((r = csv_reader_open(path, app->delimiter, err, errlen)) == NULL)
		return -1;
	h = csv_reader_header(r);
	colmap_build(&m, (const char *const *)h->fields, h->nfields);
	if (m.idx[COL_DOMAIN] == COL_NONE) {
		snprintf(err, errlen, "%s: no domain column", path);
		csv_reader_close(r);
		return -1;
	}
	*header = csv_row_copy(h);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		buf_reset(&name);
		if (row->error == NULL && m.idx[COL_DOMAIN] < row->nfields &&
		    rule_domain(row->fields[m.idx[COL_DOMAIN]], &name, why,
		    sizeof why) == 0)
			d = add(w, name.data);
		else {
			d = add(w, "");
			d->state = DOMAIN_FAILED;
			d->error = xstrdup(row->error ? row->error : why);
		}
		d->row = csv_row_copy(row);
	}
	buf_free(&name);
	csv_reader_close(r);
	return rc;
}

static const char *const result_extra[] = { "status", "error", "id",
    "domain_status", "name_servers", "retries", "progress",
    "progress_message" };
#define NEXTRA	(sizeof result_extra / sizeof result_extra[0])

/* Domain d's result cells from cells[0] on (nums: room for two numbers). */
static void
result_cells(const struct wdomain *d, const char **cells, struct buf *why,
    char nums[2][24])
{
	buf_reset(why);
	if (d->error != NULL)
		buf_puts(why, d->error);
	else if (!d->seen)
		buf_puts(why, "not in this account");
	else if (d->state == 0)
		buf_puts(why, "still not ready when --timeout ran out");
	else if (d->state < 0 && d->retries > 0)
		buf_printf(why, "failed again after %d retr%s", d->retries,
		    d->retries == 1 ? "y" : "ies");
	cells[0] = d->state > 0 ? "ready" : d->state < 0 ? "failed" :
	    "timeout";
	cells[1] = buf_cstr(why);
	cells[2] = d->id;
	cells[3] = d->status;
	cells[4] = d->ns;
	snprintf(nums[0], sizeof nums[0], "%d", d->retries);
	cells[5] = nums[0];
	nums[1][0] = '\0';
	if (d->pct >= 0)
		snprintf(nums[1], sizeof nums[1], "%lld", d->pct);
	cells[6] = nums[1];
	cells[7] = d->pmsg;
}

static int
write_result(const char *path, const struct csv_row *header, struct wset *w,
    int flags, char *err, size_t errlen)
{
	struct csv_writer	*out;
	struct buf		 why = BUF_INIT;
	const char		**cells;
	size_t			 nin = header ? header->nfields : 1, i, k;
	char			*names[NEXTRA], nums[2][24];
	int			 rc = 0;

	if ((out = csv_writer_open(path, ',', flags, err, errlen)) == NULL)
		return -1;
	cells = xcalloc(nin + NEXTRA, sizeof *cells);
	for (i = 0; i < NEXTRA; i++)
		names[i] = header ? col_unique_name((const char *const *)
		    header->fields, header->nfields, result_extra[i]) :
		    xstrdup(result_extra[i]);
	for (i = 0; i < nin; i++)
		cells[i] = header ? header->fields[i] : "domain";
	for (i = 0; i < NEXTRA; i++)
		cells[nin + i] = names[i];
	rc = csv_writer_row(out, cells, nin + NEXTRA, err, errlen);
	for (k = 0; k < w->n && rc == 0; k++) {
		struct wdomain	*d = &w->d[k];

		for (i = 0; i < nin; i++)
			cells[i] = d->row ? (i < d->row->nfields ?
			    d->row->fields[i] : "") : d->name;
		result_cells(d, cells + nin, &why, nums);
		rc = csv_writer_row(out, cells, nin + NEXTRA, err, errlen);
	}
	for (i = 0; i < NEXTRA; i++)
		free(names[i]);
	free(cells);
	buf_free(&why);
	if (rc < 0) {
		csv_writer_abort(out);
		return -1;
	}
	return csv_writer_commit(out, err, errlen);
}

/* Domains settled (ready or failed) of all, with the split; final: the
 * last line. */
static void
wait_progress(struct progress *prog, const struct wset *w, size_t moving,
    int final)
{
	char	extra[64];
	size_t	i, ready = 0;

	if (!prog->on)
		return;
	for (i = 0; i < w->n; i++)
		ready += w->d[i].state > 0;
	snprintf(extra, sizeof extra, "ready %zu  failed %zu", ready,
	    w->n - ready - moving);
	progress_show(prog, (long)(w->n - moving), (long)w->n, extra, final);
}


struct wait_opts {
	struct poll_opts poll;		/* first: poll_options store here */
	int		 activate;
	int		 max_activations;	/* -1: not given */
	int		 restart_failed;
	const char	*rate;		/* NULL: the provider's */
};

static const struct opt_spec wait_own[] = {
	{ .name = "activate", .type = OPT_FLAG,
	  .help = "ColdSend: activate domains in DNS_PENDING, retry FAILED "
	  "ones", OPT_AT(struct wait_opts, activate) },
	{ .name = "max-activations", .type = OPT_INT, .min = 0, .max = 100,
	  .help = "with --activate: retries of each FAILED domain (default 1)",
	  OPT_AT(struct wait_opts, max_activations) },
	{ .name = "restart-failed", .type = OPT_FLAG,
	  .help = "Maildoso: restart each failed domain's set-up once",
	  OPT_AT(struct wait_opts, restart_failed) },
	{ .name = "rate", .type = OPT_RATE,
	  .help = "requests per time (default: the provider's)",
	  OPT_AT(struct wait_opts, rate) },
	OPT_END
};

static const struct opt_spec *const wait_options[] = { poll_options, wait_own,
	NULL };

/* One run of the command. */
struct waiter {
	struct app			*app;
	struct wait_opts		 o;
	struct wset			 w;
	struct csv_row			*header;	/* FILE's (owned) */
	const char			*file;		/* NULL: none */
	const struct provider		*prov;		/* NULL: unknown */
	int				 max_retries;	/* per domain */
	struct job			 job;
	struct pctx			 p;
};

/* The retry options against the provider's: max_retries set, -1 to go on,
 * else the exit code after a message. */
static int
retry_limit(struct waiter *wt)
{
	const struct wait_opts	*o = &wt->o;
	const char		*with = wt->prov != NULL &&
	    wt->prov->retry_option != NULL ? wt->prov->retry_option : "";
	int			 act = strcmp(with, "activate") == 0;

	if (o->restart_failed && strcmp(with, "restart-failed") != 0)
		return cmd_usage_error(&cmd_wait, "--restart-failed is for "
		    "Maildoso%s", act ? " (here --activate retries FAILED "
		    "domains)" : "");
	if (o->max_activations >= 0 && (!act || !o->activate))
		return cmd_usage_error(&cmd_wait, "--max-activations goes with "
		    "--activate, for ColdSend");
	if (act && o->activate)
		wt->max_retries = o->max_activations < 0 ? 1 :
		    o->max_activations;
	else if (!act && o->restart_failed)
		wt->max_retries = 1;
	return -1;
}

/* Options and operands: -1 to go on, else the exit code. */
static int
wait_args(struct waiter *wt, int argc, char **argv)
{
	char	err[1024];
	int	rc;

	wt->o.max_activations = -1;
	if ((rc = opts_parse(&cmd_wait, wt->app, &wt->o, argc, argv)) >= 0)
		return rc;
	if (argc - optind < 1 || argc - optind > 2 ||
	    strcmp(argv[optind], "domains") != 0)
		return cmd_usage_error(&cmd_wait, "wait domains [FILE]");
	if (argc - optind == 2)
		wt->file = argv[optind + 1];
	if (wt->file != NULL && io_output_not_input(wt->file,
	    wt->app->output, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_USAGE;
	}
	wt->prov = provider_find(wt->app->provider);
	return retry_limit(wt);
}

/* Takes the failed set-ups up again that have retries left, all of them
 * in one call. Returns how many are moving again. */
static size_t
retry_failed(struct waiter *wt)
{
	struct wset	 *w = &wt->w;
	struct wdomain	**dd = xcalloc(w->n ? w->n : 1, sizeof *dd);
	const char	**ids = xcalloc(w->n ? w->n : 1, sizeof *ids);
	struct buf	 *msg;
	size_t		  n = 0, i, again = 0;
	int		 *ok;

	for (i = 0; i < w->n; i++)
		if (w->d[i].state == DOMAIN_SETUP_FAILED && w->d[i].seen &&
		    w->d[i].error == NULL && *w->d[i].id != '\0' &&
		    w->d[i].retries < wt->max_retries) {
			dd[n] = &w->d[i];
			ids[n++] = w->d[i].id;
		}
	msg = xcalloc(n ? n : 1, sizeof *msg);
	ok = xcalloc(n ? n : 1, sizeof *ok);
	if (n > 0)
		wt->prov->retry_domains(&wt->p, ids, n, ok, msg);
	for (i = 0; i < n; i++) {
		dd[i]->retries++;
		if (ok[i]) {
			dd[i]->state = DOMAIN_MOVING;
			dd[i]->grace = mono_now() + RESTART_GRACE_S;
			again++;
		} else
			dd[i]->error = xstrdup(buf_cstr(&msg[i]));
		buf_free(&msg[i]);
	}
	if (n > 0)
		log_info("%zu failed domain%s taken up again, %zu refused",
		    again, again == 1 ? "" : "s", n - again);
	free(ok);
	free(msg);
	free(ids);
	free(dd);
	return again;
}

/* One listing: every domain classified, activated or retried as asked.
 * 0 with *moving, or -1 after a message. */
static int
poll_round(struct waiter *wt, size_t *moving)
{
	const struct provider	*prov = wt->job.prov;
	struct wset		*w = &wt->w;
	struct buf		 why = BUF_INIT;
	size_t			 i;

	if (prov->list_domains(&wt->p, seen_domain, w) < 0) {
		provider_error_text(&wt->p.resp, &why);
		log_error("cannot list the domains: %s", buf_cstr(&why));
		buf_free(&why);
		return -1;
	}
	w->collect = 0;
	*moving = 0;
	for (i = 0; i < w->n; i++) {
		struct wdomain	*d = &w->d[i];

		if (d->error != NULL || !d->seen) {
			d->state = d->error ? -1 : d->state;
			continue;
		}
		d->state = prov->domain_state(d->status);
		if (d->state == DOMAIN_SETUP_FAILED && mono_now() < d->grace)
			d->state = DOMAIN_MOVING;	/* not taken up yet */
		else
			d->grace = 0;	/* taken up, or past it: counts */
		if (d->state == DOMAIN_MOVING && wt->o.activate &&
		    prov->activate_domain != NULL)
			prov->activate_domain(&wt->p, d->id, d->status);
		*moving += d->state == 0;
	}
	if (wt->max_retries > 0)
		*moving += retry_failed(wt);
	return 0;
}

/* Polls until nothing moves or --timeout: 0, or -1 after a message. */
static int
poll_all(struct waiter *wt)
{
	struct progress	prog;
	double		start = mono_now();
	size_t		i, moving;
	int		round;

	progress_init(&prog, wt->app, "domains");
	for (round = 0;; round++) {
		if (poll_round(wt, &moving) < 0)
			return -1;
		wait_progress(&prog, &wt->w, moving, 0);
		if (moving == 0 || mono_now() - start >= wt->o.poll.timeout)
			break;
		log_debug("round %d: %zu of %zu domains still moving", round,
		    moving, wt->w.n);
		job_sleep(&wt->job, wt->o.poll.interval);
	}
	for (i = 0; i < wt->w.n; i++)
		if (!wt->w.d[i].seen && wt->w.d[i].error == NULL)
			wt->w.d[i].state = -1;
	wait_progress(&prog, &wt->w, 0, 1);
	return 0;
}

/* What the listing lacks, read once at the end: the name servers of each
 * domain without them, the progress of each one not ready (a ready one
 * is at 100 without asking). A failed read is warned about only. */
static void
read_details(struct waiter *wt)
{
	const struct provider	*s = wt->job.prov;
	struct buf		 b = BUF_INIT;
	size_t			 i;

	for (i = 0; i < wt->w.n; i++) {
		struct wdomain	*d = &wt->w.d[i];

		if (!d->seen || *d->id == '\0')
			continue;
		buf_reset(&b);
		if (s->domain_name_servers != NULL && (d->ns == NULL ||
		    *d->ns == '\0')) {
			if (s->domain_name_servers(&wt->p, d->id, &b) == 0)
				replace(&d->ns, buf_cstr(&b));
			else
				log_warn("%s: no name servers: %s", d->name,
				    buf_cstr(&b));
		}
		buf_reset(&b);
		if (s->domain_progress != NULL && d->state > 0)
			d->pct = 100;
		else if (s->domain_progress != NULL) {
			if (s->domain_progress(&wt->p, d->id, &d->pct,
			    &b) == 0)
				replace(&d->pmsg, buf_cstr(&b));
			else
				log_warn("%s: no progress: %s", d->name,
				    buf_cstr(&b));
		}
	}
	buf_free(&b);
}

static void
wset_free(struct wset *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++) {
		csv_row_free(w->d[i].row);
		free(w->d[i].name);
		free(w->d[i].id);
		free(w->d[i].status);
		free(w->d[i].ns);
		free(w->d[i].error);
		free(w->d[i].pmsg);
	}
	free(w->d);
}

/* The result written and the exit code said. */
static int
wait_result(struct waiter *wt)
{
	struct app	*app = wt->app;
	char		 err[1024], *out;
	size_t		 i, ready = 0;
	int		 rc;

	for (i = 0; i < wt->w.n; i++)
		ready += wt->w.d[i].state > 0;
	out = csv_result_path(app->output, wt->file, ".wait.csv");
	if (write_result(out, wt->header, &wt->w, (app->raw ? CSV_OUT_RAW :
	    0) | (app->excel ? CSV_OUT_EXCEL : 0), err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_IO;
	} else {
		log_info("wait domains: %zu ready, %zu not", ready,
		    wt->w.n - ready);
		rc = ready == wt->w.n ? EXIT_OK : EXIT_ROWS;
	}
	free(out);
	return rc;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct waiter	 wt;
	char		 err[1024];
	int		 rc;

	memset(&wt, 0, sizeof wt);
	wt.app = app;
	if ((rc = wait_args(&wt, argc, argv)) >= 0)
		return rc;
	if (session_open(app, wt.o.rate, &wt.job, &wt.p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	wt.w.classify = wt.job.prov->domain_state;
	if (wt.file != NULL && read_file(app, wt.file, &wt.w, &wt.header, err,
	    sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_DATA;
	} else {
		wt.w.collect = wt.file == NULL;
		if (poll_all(&wt) < 0)
			rc = EXIT_ABORTED;
		else {
			read_details(&wt);
			rc = wait_result(&wt);
		}
	}
	wset_free(&wt.w);
	csv_row_free(wt.header);
	session_close(&wt.job, &wt.p);
	return rc;
}

static const char *const wait_kinds[] = { "domains", NULL };

const struct command cmd_wait = {
	.name = "wait",
	.summary = "poll until the domains are ready (or failed)",
	.args = "domains [FILE]",
	.about =
	    "Polls the provider's domain list until every domain of FILE (or,\n"
	    "without FILE, every domain still being set up) is ready or has\n"
	    "failed, or --timeout runs out. ColdSend: --activate also takes\n"
	    "FAILED domains up again (--max-activations times each, 1 by\n"
	    "default); Maildoso: --restart-failed restarts each failed set-up\n"
	    "once (one request for those of a round). Result: one row per\n"
	    "domain with status ready, failed or timeout, the provider's\n"
	    "status and name servers, the retries made, and ColdSend's set-up\n"
	    "progress and message (-o; default FILE.wait.csv, or standard\n"
	    "output without FILE). Exit 0 when all are ready, 2 otherwise.\n",
	.opts = wait_options,
	.kinds = wait_kinds,
	.run = run
};
