/*
 * export_pager.c - pages of a listing, fetched ahead in parallel, handed
 * on in order.
 *
 * Page 0 comes first, on the calling thread: it says how big the listing
 * is. The other pages are then taken by a few threads, each with its own
 * HTTP client and all under the job's one rate limiter. Page n lands in
 * slot n % window and a thread only takes page n once page n - window has
 * been written, so at most `window` pages of records are held whatever the
 * listing's size. Pages past the planned ones (the listing grew) and
 * listings of unknown size are read one after the other.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export.h"
#include "http.h"
#include "job.h"
#include "log.h"
#include "provider.h"
#include "xmalloc.h"

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

struct slot {
	int		 state;
	struct buf	 recs;
};

struct run {
	struct export_pager	*pg;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct slot		*slots;
	long			 next;		/* next page to take */
	long			 npages;	/* planned pages */
	long			 written;	/* pages handed to emit */
	int			 failed;
	struct buf		 why;		/* the first failure */
};

/* Collects one page's records. */
struct page_ctx {
	struct export_pager	*pg;
	struct buf		*recs;
	long			 objects;
	int			 failed;
	char			 err[256];
};

static void
on_row(void *arg, const struct json_doc *d, int obj)
{
	struct page_ctx	*pc = arg;

	pc->objects++;
	if (!pc->failed && pc->pg->convert(pc->pg->arg, d, obj, pc->recs) < 0)
		pc->failed = 1;
}

/* Fetches page n into recs. 0, or -1 with why. */
static int
fetch(struct export_pager *pg, struct pctx *p, long n, struct buf *recs,
    long *total, int *more, struct buf *why)
{
	struct page_ctx	 pc;
	struct buf	 e = BUF_INIT;

	memset(&pc, 0, sizeof pc);
	pc.pg = pg;
	pc.recs = recs;
	if (p->job->prov->list_page(p, pg->kind, pg->query, n, pg->limit,
	    on_row, &pc, total, more) < 0) {
		provider_error_text(&p->resp, &e);
		buf_printf(why, "page %ld of the listing failed: %s", n + 1,
		    buf_cstr(&e));
		buf_free(&e);
		return -1;
	}
	if (pc.failed) {
		buf_puts(why, pc.err[0] ? pc.err : "cannot convert a row");
		return -1;
	}
	__atomic_fetch_add(&pg->objects, pc.objects, __ATOMIC_RELAXED);
	__atomic_fetch_add(&pg->pages, 1, __ATOMIC_RELAXED);
	return 0;
}

static void *
worker(void *arg)
{
	struct run		*r = arg;
	struct pctx		 p;
	struct http_options	 hopts;
	struct buf		 why = BUF_INIT;
	struct slot		*s;
	long			 n, total;
	int			 more, rc;

	memset(&hopts, 0, sizeof hopts);
	hopts.cancel = &r->pg->p->job->cancel;
	pctx_init(&p, r->pg->p->job, &hopts);
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (!r->failed && r->next < r->npages &&
		    r->next >= r->written + r->pg->window)
			pthread_cond_wait(&r->cond, &r->lock);
		if (r->failed || r->next >= r->npages) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		n = r->next++;
		s = &r->slots[n % r->pg->window];
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&r->lock);

		buf_reset(&why);
		rc = p.http == NULL ? -1 : fetch(r->pg, &p, n, &s->recs,
		    &total, &more, &why);
		if (p.http == NULL)
			buf_puts(&why, "cannot start an HTTP client");
		pthread_mutex_lock(&r->lock);
		s->state = SLOT_READY;
		if (rc < 0 && !r->failed) {
			r->failed = 1;
			buf_puts(&r->why, buf_cstr(&why));
		}
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->lock);
		if (rc < 0)
			break;
	}
	buf_free(&why);
	pctx_free(&p);
	return NULL;
}

/* Pages 1..npages-1 with the threads; 0, or -1 and err. */
static int
ahead(struct export_pager *pg, long npages, char *err, size_t errlen)
{
	struct run	 r;
	pthread_t	*th;
	long		 n;
	int		 nth, i, rc = 0;

	memset(&r, 0, sizeof r);
	r.pg = pg;
	r.next = 1;
	r.npages = npages;
	r.written = 1;
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.cond, NULL);
	r.slots = xcalloc((size_t)pg->window, sizeof *r.slots);
	nth = npages - 1 < pg->workers ? (int)(npages - 1) : pg->workers;
	th = xcalloc((size_t)nth, sizeof *th);
	for (i = 0; i < nth; i++)
		pthread_create(&th[i], NULL, worker, &r);
	for (n = 1; n < npages && rc == 0; n++) {
		struct slot	*s = &r.slots[n % pg->window];

		pthread_mutex_lock(&r.lock);
		while (!r.failed && s->state != SLOT_READY)
			pthread_cond_wait(&r.cond, &r.lock);
		if (r.failed) {
			snprintf(err, errlen, "%s", buf_cstr(&r.why));
			rc = -1;
		}
		pthread_mutex_unlock(&r.lock);
		if (rc == 0 && pg->emit(pg->arg, &s->recs, err, errlen) < 0)
			rc = -1;
		pthread_mutex_lock(&r.lock);
		buf_reset(&s->recs);
		s->state = SLOT_FREE;
		r.written = n + 1;
		if (rc < 0)
			r.failed = 1;	/* the others stop taking pages */
		pthread_cond_broadcast(&r.cond);
		pthread_mutex_unlock(&r.lock);
	}
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < pg->window; i++)
		buf_free(&r.slots[i].recs);
	free(r.slots);
	free(th);
	buf_free(&r.why);
	pthread_mutex_destroy(&r.lock);
	pthread_cond_destroy(&r.cond);
	return rc;
}

int
export_pager_run(struct export_pager *pg, char *err, size_t errlen)
{
	struct buf	 recs = BUF_INIT, why = BUF_INIT;
	long		 total = -1, n, npages;
	int		 more = 0, rc = -1;

	pg->pages = pg->objects = 0;
	if (pg->window < 1)
		pg->window = 1;
	pg->total = -1;
	if (fetch(pg, pg->p, 0, &recs, &total, &more, &why) < 0)
		goto fail;
	pg->total = total;
	if (pg->after_first != NULL && pg->after_first(pg->arg, err,
	    errlen) < 0)
		goto out;
	if (pg->emit(pg->arg, &recs, err, errlen) < 0)
		goto out;
	n = 1;
	if (more && total > 0 && pg->workers > 1) {
		npages = (total + pg->limit - 1) / pg->limit;
		log_debug("export: %ld objects, %ld pages of %ld", total,
		    npages, pg->limit);
		if (npages > 1 && ahead(pg, npages, err, errlen) < 0)
			goto out;
		n = npages > 1 ? npages : 1;
		/* Did the last planned page say there is more? Ask. */
		more = npages > 1;
	}
	/* One after the other: unknown size, one worker, or grown. */
	while (more) {
		buf_reset(&recs);
		if (fetch(pg, pg->p, n++, &recs, &total, &more, &why) < 0)
			goto fail;
		if (recs.len == 0 && !more)
			break;
		if (pg->emit(pg->arg, &recs, err, errlen) < 0)
			goto out;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s", buf_cstr(&why));
out:
	buf_free(&recs);
	buf_free(&why);
	return rc;
}

static int
no_emit(void *arg, const struct buf *page, char *err, size_t errlen)
{
	(void)arg;
	(void)page;
	(void)err;
	(void)errlen;
	return 0;
}

int
export_pager_walk(struct pctx *p, int kind, const char *query, long limit,
    int (*convert)(void *, const struct json_doc *, int, struct buf *),
    void *arg, long *pages, char *err, size_t errlen)
{
	struct export_pager	pg;
	int			rc;

	memset(&pg, 0, sizeof pg);
	pg.p = p;
	pg.kind = kind;
	pg.query = query;
	pg.limit = limit;
	pg.workers = 1;		/* convert() updates arg: one thread */
	pg.window = 1;
	pg.convert = convert;
	pg.emit = no_emit;
	pg.arg = arg;
	rc = export_pager_run(&pg, err, errlen);
	if (pages != NULL)
		*pages = pg.pages;
	return rc;
}
