/*
 * cmd_wait.c - `mailfleet wait domains [FILE]`: poll until every domain is
 * ready or failed, then write one result row per domain.
 *
 * With FILE, the domains are its rows (any header form of the domain
 * column); without, every domain of the account that is still moving.
 * --activate asks ColdSend to go on with domains waiting in DNS_PENDING
 * (refused until the nameservers have propagated: tried again each round).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct wdomain {
	struct csv_row	*row;		/* input row (owned), NULL without FILE */
	char		*name;		/* normalised */
	char		*id, *status, *ns;	/* latest seen (owned) */
	int		 seen;
	int		 state;		/* 1 ready, -1 failed, 0 moving */
	char		*error;
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

	if (w->collect && w->classify(status) == 0)
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
			d->state = -1;
			d->error = xstrdup(row->error ? row->error : why);
		}
		d->row = csv_row_copy(row);
	}
	buf_free(&name);
	csv_reader_close(r);
	return rc;
}

static int
write_result(const char *path, const struct csv_row *header, struct wset *w,
    int flags, char *err, size_t errlen)
{
	static const char *const extra[] = { "status", "error", "id",
	    "domain_status", "name_servers" };
	struct csv_writer	*out;
	const char		**cells;
	size_t			 nin = header ? header->nfields : 1, i, k;
	char			*names[5];
	int			 rc = 0;

	if ((out = csv_writer_open(path, ',', flags, err, errlen)) == NULL)
		return -1;
	cells = xcalloc(nin + 5, sizeof *cells);
	for (i = 0; i < 5; i++)
		names[i] = header ? col_unique_name((const char *const *)
		    header->fields, header->nfields, extra[i]) :
		    xstrdup(extra[i]);
	for (i = 0; i < nin; i++)
		cells[i] = header ? header->fields[i] : "domain";
	for (i = 0; i < 5; i++)
		cells[nin + i] = names[i];
	rc = csv_writer_row(out, cells, nin + 5, err, errlen);
	for (k = 0; k < w->n && rc == 0; k++) {
		struct wdomain	*d = &w->d[k];

		for (i = 0; i < nin; i++)
			cells[i] = d->row ? (i < d->row->nfields ?
			    d->row->fields[i] : "") : d->name;
		cells[nin] = d->state > 0 ? "ready" : d->state < 0 ? "failed" :
		    "timeout";
		cells[nin + 1] = d->error ? d->error : !d->seen ?
		    "not in this account" : d->state == 0 ?
		    "still not ready when --timeout ran out" : "";
		cells[nin + 2] = d->id;
		cells[nin + 3] = d->status;
		cells[nin + 4] = d->ns;
		rc = csv_writer_row(out, cells, nin + 5, err, errlen);
	}
	for (i = 0; i < 5; i++)
		free(names[i]);
	free(cells);
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

static int
run(struct app *app, int argc, char **argv)
{
	static const struct option	 own[] = {
		{ "timeout", required_argument, NULL, OPT_COMMAND + 0 },
		{ "interval", required_argument, NULL, OPT_COMMAND + 1 },
		{ "activate", no_argument, NULL, OPT_COMMAND + 2 },
		{ NULL, 0, NULL, 0 }
	};
	struct option	*longopts = opts_merge(own);
	struct wset	 w = { 0 };
	struct csv_row	*header = NULL;
	struct job	 job;
	struct pctx	 p;
	struct buf	 why = BUF_INIT;
	struct progress	 prog;
	const char	*file = NULL;
	char		 err[1024], *out = NULL;
	double		 timeout = 3600, interval = 30, start;
	size_t		 i, moving, ready = 0;
	int		 c, rc, activate = 0, round;

	while ((c = getopt_long(argc, argv, CMD_SHORTOPTS(""), longopts,
	    NULL)) != -1) {
		if (c == OPT_COMMAND + 0 || c == OPT_COMMAND + 1) {
			if (opts_parse_seconds(optarg, OPTS_SECONDS_MAX,
			    c == OPT_COMMAND + 0 ? &timeout : &interval) < 0) {
				free(longopts);
				return cmd_usage_error(&cmd_wait, "--timeout "
				    "and --interval take seconds, 0-%.0f (not "
				    "\"%s\")", OPTS_SECONDS_MAX, optarg);
			}
		} else if (c == OPT_COMMAND + 2)
			activate = 1;
		else if ((rc = opts_handle(app, &cmd_wait, c, optarg,
		    argv)) >= 0) {
			free(longopts);
			return rc;
		}
	}
	free(longopts);
	if (argc - optind < 1 || argc - optind > 2 ||
	    strcmp(argv[optind], "domains") != 0)
		return cmd_usage_error(&cmd_wait, "wait domains [FILE]");
	if (argc - optind == 2)
		file = argv[optind + 1];
	if (file != NULL && io_output_not_input(file, app->output, err,
	    sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_USAGE;
	}
	if (session_open(app, NULL, &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	w.classify = job.prov->domain_state;
	if (file != NULL && read_file(app, file, &w, &header, err,
	    sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_DATA;
		goto out;
	}
	w.collect = file == NULL;
	start = mono_now();
	progress_init(&prog, app, "domains");
	for (round = 0;; round++) {
		if (job.prov->list_domains(&p, seen_domain, &w) < 0) {
			provider_error_text(&p.resp, &why);
			log_error("cannot list the domains: %s", buf_cstr(&why));
			rc = EXIT_ABORTED;
			goto out;
		}
		w.collect = 0;
		moving = 0;
		for (i = 0; i < w.n; i++) {
			struct wdomain	*d = &w.d[i];

			if (d->error != NULL || !d->seen) {
				d->state = d->error ? -1 : d->state;
				continue;
			}
			d->state = job.prov->domain_state(d->status);
			if (d->state == 0 && activate &&
			    job.prov->activate_domain != NULL)
				job.prov->activate_domain(&p, d->id, d->status);
			moving += d->state == 0;
		}
		wait_progress(&prog, &w, moving, 0);
		if (moving == 0 || mono_now() - start >= timeout)
			break;
		log_debug("round %d: %zu of %zu domains still moving", round,
		    moving, w.n);
		job_sleep(&job, interval);
	}
	for (i = 0; i < w.n; i++) {
		if (!w.d[i].seen && w.d[i].error == NULL)
			w.d[i].state = -1;
		ready += w.d[i].state > 0;
	}
	wait_progress(&prog, &w, 0, 1);
	out = csv_result_path(app->output, file, ".wait.csv");
	if (write_result(out, header, &w, (app->raw ? CSV_OUT_RAW : 0) |
	    (app->excel ? CSV_OUT_EXCEL : 0), err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_IO;
		goto out;
	}
	log_info("wait domains: %zu ready, %zu not", ready, w.n - ready);
	rc = ready == w.n ? EXIT_OK : EXIT_ROWS;
out:
	for (i = 0; i < w.n; i++) {
		csv_row_free(w.d[i].row);
		free(w.d[i].name);
		free(w.d[i].id);
		free(w.d[i].status);
		free(w.d[i].ns);
		free(w.d[i].error);
	}
	free(w.d);
	csv_row_free(header);
	buf_free(&why);
	free(out);
	session_close(&job, &p);
	return rc;
}

const struct command cmd_wait = {
	.name = "wait",
	.summary = "poll until the domains are ready (or failed)",
	.usage =
	    "usage: mailfleet wait domains [FILE] [--timeout SECS]\n"
	    "         [--interval SECS] [--activate] [-o RESULT]\n"
	    "\n"
	    "Polls the provider's domain list until every domain of FILE (or,\n"
	    "without FILE, every domain still being set up) is ready or has\n"
	    "failed, or --timeout (default 3600 s) runs out; every --interval\n"
	    "(default 30 s). --activate asks ColdSend to go on with domains in\n"
	    "DNS_PENDING. Result: one row per domain with status ready, failed\n"
	    "or timeout, the provider's status and name servers (default\n"
	    "FILE.wait.csv, or standard output without FILE). Exit 0 when all\n"
	    "are ready, 2 otherwise.\n",
	.run = run
};
