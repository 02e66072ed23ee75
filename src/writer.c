/*
 * writer.c - the ordered writer stage (and its progress line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "export.h"
#include "job.h"
#include "log.h"
#include "operation.h"
#include "pricing.h"
#include "progress.h"
#include "writer.h"
#include "xmalloc.h"

#define FIXED_COLS	4	/* status, error, http_status, attempts */

struct owriter {
	struct job		*job;
	struct csv_writer	*out;
	struct csv_writer	*failed;
	size_t			 ncols;
	size_t			 domain_col;	/* search: where a result
						   row's name goes */
	int			 price_col;	/* a dry run's price column */
	unsigned char		*blank;		/* dry run: input columns
						   holding secrets, not
						   copied to the plan */
	const char		**cells;
	size_t			*lens;

	pthread_mutex_t		 lock;
	pthread_cond_t		 arrived;	/* an item was put */
	pthread_cond_t		 space;		/* a slot was freed */
	struct item		**ring;
	size_t			 window;
	long			 next;		/* next seq to write */
	long			 nrows;		/* -1 until known */
	int			 failed_io;
	char			 err[512];
	pthread_t		 thread;

	struct progress		 prog;
};

/* The progress line: rows written, of the total when known. */
static void
progress_line(struct owriter *ow, int final)
{
	struct job	*job = ow->job;
	char		 extra[64];

	if (!ow->prog.on)
		return;
	snprintf(extra, sizeof extra, "retries %ld  failed %ld",
	    atomic_load(&job->retries), atomic_load(&job->count[ST_FAILED]));
	progress_show(&ow->prog, ow->next, job->total, extra, final);
}

/* The price of a row, as the price list has it (job->cost): a dry run's
 * planned row is the next unit of its product; a search's available name
 * costs what one more domain would. "" when not priced. */
static const char *
row_price(struct owriter *ow, struct item *it, char *usd, size_t len)
{
	struct job	*job = ow->job;
	const char	*product;
	long long	 cents;
	int		 rc = -1;

	if (job->cost == NULL || job->entry->product == NULL ||
	    (product = job->entry->product(it)) == NULL)
		return "";
	if (job->op == OP_SEARCH && it->status == ST_AVAILABLE)
		rc = run_cost_peek(job->cost, product, 1, &cents);
	else if (job->dry_run && it->status == ST_PLANNED)
		rc = run_cost_take(job->cost, product, &cents);
	return rc == 0 ? price_format(usd, len, cents) : "";
}

/* One result row: the input row's cells (row), then its outcome. */
static void
write_row(struct owriter *ow, const struct csv_row *row, struct item *it)
{
	struct job	*job = ow->job;
	char		 hs[16], at[16], usd[32];
	size_t		 i, k;

	for (i = 0; i < ow->ncols; i++) {
		ow->cells[i] = i < row->nfields ? row->fields[i] : "";
		ow->lens[i] = i < row->nfields ? row->lens[i] : 0;
	}
	if (it->found != NULL && ow->domain_col < ow->ncols) {
		ow->cells[ow->domain_col] = it->found;
		ow->lens[ow->domain_col] = strlen(it->found);
	}
	if (job->op == OP_SEARCH)
		item_set(it, RES_PRICE, row_price(ow, it, usd, sizeof usd));
	snprintf(hs, sizeof hs, "%d", it->http_status);
	snprintf(at, sizeof at, "%d", it->attempts);
	k = ow->ncols;
	ow->cells[k++] = row_status_name(it->status);
	ow->cells[k++] = buf_cstr(&it->error);
	ow->cells[k++] = it->http_status ? hs : "";
	ow->cells[k++] = at;
	for (i = 0; i < job->entry->nres; i++)
		ow->cells[k++] = it->res[job->entry->res[i]] ?
		    it->res[job->entry->res[i]] : "";
	if (ow->price_col)
		ow->cells[k++] = row_price(ow, it, usd, sizeof usd);
	for (i = ow->ncols; i < k; i++)
		ow->lens[i] = strlen(ow->cells[i]);
	atomic_fetch_add(&job->count[it->status], 1);
	if (job->available_only && it->status != ST_AVAILABLE)
		return;
	/* --failed keeps the input as it was, ready to feed back. */
	if (ow->failed != NULL && !row_status_ok(it->status) &&
	    !ow->failed_io && csv_writer_rowl(ow->failed, ow->cells, ow->lens,
	    ow->ncols, ow->err, sizeof ow->err) < 0)
		ow->failed_io = 1;
	for (i = 0; ow->blank != NULL && i < ow->ncols; i++)
		if (ow->blank[i]) {
			ow->cells[i] = "";
			ow->lens[i] = 0;
		}
	if (!ow->failed_io && csv_writer_rowl(ow->out, ow->cells, ow->lens, k,
	    ow->err, sizeof ow->err) < 0)
		ow->failed_io = 1;
}

/* The row, then the further result rows of the same input row. */
static void
write_item(struct owriter *ow, struct item *it)
{
	struct item	*x;

	for (x = it; x != NULL; x = x->extra)
		write_row(ow, it->row, x);
}

static void *
writer_main(void *arg)
{
	struct owriter	*ow = arg;
	struct item	*it;
	size_t		 slot;

	pthread_mutex_lock(&ow->lock);
	for (;;) {
		if (ow->nrows >= 0 && ow->next >= ow->nrows)
			break;
		slot = (size_t)ow->next % ow->window;
		it = ow->ring[slot];
		if (it == NULL || it->seq != ow->next) {
			pthread_cond_wait(&ow->arrived, &ow->lock);
			continue;
		}
		ow->ring[slot] = NULL;
		pthread_mutex_unlock(&ow->lock);
		write_item(ow, it);
		item_free(it);
		progress_line(ow, 0);
		pthread_mutex_lock(&ow->lock);
		ow->next++;
		pthread_cond_broadcast(&ow->space);
	}
	pthread_mutex_unlock(&ow->lock);
	return NULL;
}

/* The result's header: the input's columns (in ow->cells), then status,
 * error, http_status, attempts, the entry's result columns and a plan's
 * price, each renamed where the input has a column of that name; the
 * --failed file gets the input's columns alone. */
static int
write_header(struct owriter *ow, const struct csv_row *header, char *err,
    size_t errlen)
{
	static const char *const fixed[FIXED_COLS] = { "status", "error",
		"http_status", "attempts" };
	const struct operation *e = ow->job->entry;
	const char *const *have = (const char *const *)header->fields;
	char		*names[FIXED_COLS + RES__COUNT + 1];
	size_t		 i, k = 0;
	int		 rc;

	for (i = 0; i < FIXED_COLS; i++)
		names[k++] = col_unique_name(have, header->nfields, fixed[i]);
	for (i = 0; i < e->nres; i++)
		names[k++] = col_unique_name(have, header->nfields,
		    res_col_name(e->res[i]));
	if (ow->price_col)
		names[k++] = col_unique_name(have, header->nfields,
		    res_col_name(RES_PRICE));
	for (i = 0; i < k; i++) {
		ow->cells[ow->ncols + i] = names[i];
		ow->lens[ow->ncols + i] = strlen(names[i]);
	}
	rc = csv_writer_rowl(ow->out, ow->cells, ow->lens, ow->ncols + k, err,
	    errlen) < 0 || (ow->failed != NULL && csv_writer_rowl(ow->failed,
	    ow->cells, ow->lens, ow->ncols, err, errlen) < 0) ? -1 : 0;
	for (i = 0; i < k; i++)
		free(names[i]);
	return rc;
}

struct owriter *
owriter_open(struct job *job, const struct csv_row *header, char delim,
    const char *path, const char *failed_path, size_t window, char *err,
    size_t errlen)
{
	struct owriter	*ow = xcalloc(1, sizeof *ow);
	struct colmap	 map;
	size_t		 i, n;
	int		 flags;

	ow->job = job;
	ow->ncols = header->nfields;
	ow->window = window;
	ow->nrows = -1;
	ow->ring = xcalloc(window, sizeof *ow->ring);
	ow->price_col = job->dry_run && job->cost != NULL &&
	    job->entry->product != NULL;
	n = ow->ncols + FIXED_COLS + job->entry->nres + 1;
	ow->cells = xcalloc(n, sizeof *ow->cells);
	ow->lens = xcalloc(n, sizeof *ow->lens);
	flags = CSV_OUT_SECRET | (job->app->raw ? CSV_OUT_RAW : 0) |
	    (job->app->excel ? CSV_OUT_EXCEL : 0);
	if ((ow->out = csv_writer_open(path, delim, flags, err, errlen)) ==
	    NULL)
		goto fail;
	if (failed_path != NULL && (ow->failed = csv_writer_open(failed_path,
	    delim, flags, err, errlen)) == NULL)
		goto fail;
	for (i = 0; i < ow->ncols; i++) {
		ow->cells[i] = header->fields[i];
		ow->lens[i] = header->lens[i];
	}
	if (job->dry_run) {		/* the plan holds no secrets */
		ow->blank = xcalloc(ow->ncols + 1, 1);
		for (i = 0; i < ow->ncols; i++)
			ow->blank[i] = (unsigned char)export_secret_column(
			    header->fields[i]);
	}
	colmap_build(&map, (const char *const *)header->fields,
	    header->nfields);
	ow->domain_col = map.idx[COL_DOMAIN];
	if (write_header(ow, header, err, errlen) < 0)
		goto fail;
	pthread_mutex_init(&ow->lock, NULL);
	pthread_cond_init(&ow->arrived, NULL);
	pthread_cond_init(&ow->space, NULL);
	progress_init(&ow->prog, job->app, "rows");
	if (pthread_create(&ow->thread, NULL, writer_main, ow) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		goto fail;
	}
	return ow;
fail:
	csv_writer_abort(ow->out);
	csv_writer_abort(ow->failed);
	free(ow->ring);
	free(ow->blank);
	free(ow->cells);
	free(ow->lens);
	free(ow);
	return NULL;
}

int
owriter_admit(struct owriter *ow, long seq, long pending_from)
{
	int	rc = 0;

	pthread_mutex_lock(&ow->lock);
	while (seq - ow->next >= (long)ow->window) {
		if (pending_from >= 0 && ow->next >= pending_from) {
			rc = 1;		/* the writer waits on the open batch */
			break;
		}
		pthread_cond_wait(&ow->space, &ow->lock);
	}
	pthread_mutex_unlock(&ow->lock);
	return ow->failed_io ? -1 : rc;
}

void
owriter_put(struct owriter *ow, struct item *it)
{
	pthread_mutex_lock(&ow->lock);
	ow->ring[(size_t)it->seq % ow->window] = it;
	if (it->seq == ow->next)
		pthread_cond_signal(&ow->arrived);
	pthread_mutex_unlock(&ow->lock);
}

int
owriter_finish(struct owriter *ow, long nrows, char *err, size_t errlen)
{
	int	rc = 0;

	pthread_mutex_lock(&ow->lock);
	ow->nrows = nrows;
	pthread_cond_signal(&ow->arrived);
	pthread_mutex_unlock(&ow->lock);
	pthread_join(ow->thread, NULL);
	progress_line(ow, 1);
	if (ow->failed_io) {
		snprintf(err, errlen, "%s", ow->err);
		csv_writer_abort(ow->out);
		csv_writer_abort(ow->failed);
		rc = -1;
	} else {
		if (csv_writer_commit(ow->out, err, errlen) < 0)
			rc = -1;
		if (ow->failed != NULL && csv_writer_commit(ow->failed,
		    rc ? ow->err : err, rc ? sizeof ow->err : errlen) < 0)
			rc = -1;
	}
	pthread_mutex_destroy(&ow->lock);
	pthread_cond_destroy(&ow->arrived);
	pthread_cond_destroy(&ow->space);
	free(ow->ring);
	free(ow->blank);
	free(ow->cells);
	free(ow->lens);
	free(ow);
	return rc;
}
