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

struct wait_opts {
	struct poll_opts poll;		/* first: poll_options store here */
	int		 activate;
};

static const struct opt_spec wait_own[] = {
	{ .name = "activate", .type = OPT_FLAG,
	  .help = "ask ColdSend to go on with domains in DNS_PENDING",
	  OPT_AT(struct wait_opts, activate) },
	OPT_END
};

static const struct opt_spec *const wait_options[] = { poll_options, wait_own,
	NULL };

static int
run(struct app *app, int argc, char **argv)
{
	struct wait_opts o = { { 0, 0 }, 0 };
	struct wset	 w = { 0 };
	struct csv_row	*header = NULL;
	struct job	 job;
	struct pctx	 p;
	struct buf	 why = BUF_INIT;
	struct progress	 prog;
	const char	*file = NULL;
	char		 err[1024], *out = NULL;
	double		 start;
	size_t		 i, moving, ready = 0;
	int		 rc, round;

	if ((rc = opts_parse(&cmd_wait, app, &o, argc, argv)) >= 0)
		return rc;
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
			if (d->state == 0 && o.activate &&
			    job.prov->activate_domain != NULL)
				job.prov->activate_domain(&p, d->id, d->status);
			moving += d->state == 0;
		}
		wait_progress(&prog, &w, moving, 0);
		if (moving == 0 || mono_now() - start >= o.poll.timeout)
			break;
		log_debug("round %d: %zu of %zu domains still moving", round,
		    moving, w.n);
		job_sleep(&job, o.poll.interval);
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

static const char *const wait_kinds[] = { "domains", NULL };

const struct command cmd_wait = {
	.name = "wait",
	.summary = "poll until the domains are ready (or failed)",
	.args = "domains [FILE]",
	.about =
	    "Polls the provider's domain list until every domain of FILE (or,\n"
	    "without FILE, every domain still being set up) is ready or has\n"
	    "failed, or --timeout runs out. Result: one row per domain with\n"
	    "status ready, failed or timeout, the provider's status and name\n"
	    "servers (-o; default FILE.wait.csv, or standard output without\n"
	    "FILE). Exit 0 when all are ready, 2 otherwise.\n",
	.opts = wait_options,
	.kinds = wait_kinds,
	.run = run
};
