/*
 * dispatch.c - the dispatcher stage: batches, worker pool, retries,
 * reconciliation.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "http.h"
#include "job.h"
#include "journal.h"
#include "log.h"
#include "operation.h"
#include "provider.h"
#include "retry.h"
#include "writer.h"
#include "xmalloc.h"

#define DISPATCH_OPEN_MAX	16	/* groups filled at once */

struct batch {
	struct item	**items;
	size_t		  n;
	long long	  ticket;	/* its intents, written ahead */
	struct batch	 *next;
};

struct dispatcher {
	struct job	 *job;
	struct owriter	 *ow;
	pthread_t	 *threads;
	int		  nthreads;
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	struct batch	 *head, *tail;
	int		  closed;
	/* Being filled by the reader: one a group of rows that share a
	 * request (the entry's share: ColdSend inboxes, one domain each),
	 * oldest first, so rows that interleave groups still fill batches. */
	struct batch	 *open[DISPATCH_OPEN_MAX];
	int		  nopen;
	struct retry_policy policy;
};

/* Items that will not be sent (run stopped) end as skipped. */
static void
skip_items(struct job *job, struct item **items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			job_skip_unsent(job, items[i]);
}

/*
 * The outcome of a create is unknown: look every pending row up (the
 * lookup is a GET, retried by pctx_request under the retry budget). Found
 * rows are finished by the provider (created, reconciled); rows whose
 * lookup failed are failed, never resent blindly; the rest stay pending.
 */
static void
reconcile(struct pctx *p, struct item **items, size_t n, int only_unsure)
{
	struct job	*job = p->job;
	struct buf	 why = BUF_INIT;
	size_t		 i;
	int		 rc;

	for (i = 0; i < n; i++) {
		if (items[i]->status != ST_PENDING ||
		    (only_unsure && !items[i]->unsure))
			continue;
		items[i]->unsure = 0;
		if ((rc = job->entry->lookup(p, items[i])) == 1)
			atomic_fetch_add(&job->reconciled, 1);
		else if (rc == 0)	/* maybe still being carried out */
			items[i]->maybe_sent = 1;
		if (rc >= 0)
			continue;
		/* No outcome is recorded for it: --resume looks again. */
		items[i]->unsure = 1;
		buf_reset(&why);
		provider_error_text(&p->resp, &why);
		item_finish(items[i], ST_FAILED, p->resp.status, "outcome "
		    "unknown: the request may have been carried out, and "
		    "looking it up failed (%s); check before sending it again",
		    buf_cstr(&why));
	}
	buf_free(&why);
}

/*
 * Moves the pending items to the front (swapping, so the finished ones
 * stay in the array for the writer); returns their count.
 */
static size_t
compact(struct item **items, size_t n)
{
	struct item	*t;
	size_t		 i, k = 0;

	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING) {
			t = items[k];
			items[k++] = items[i];
			items[i] = t;
		}
	return k;
}

/*
 * A create's rows that the run's listings show (entry->lookup_many) are not
 * sent: one a previous run sent without an answer (--resume) is ours,
 * created; any other "exists", with the provider's data. Rows the
 * listings cannot tell about go on as before (unsure ones are looked up
 * one by one by reconcile()).
 */
static void
found_before_send(struct pctx *p, struct item **items, size_t n)
{
	struct job	*job = p->job;
	struct item	*it;
	int		*found;
	size_t		 i;

	if (job->entry->lookup_many == NULL || n == 0)
		return;
	found = xcalloc(n, sizeof *found);
	if (job->entry->lookup_many(p, items, n, found) < 0) {
		free(found);
		return;
	}
	for (i = 0; i < n; i++) {
		it = items[i];
		if (it->status != ST_PENDING || found[i] < 0)
			continue;
		if (found[i] == 0) {
			if (it->unsure)		/* not there: send it */
				it->unsure = 0;
			continue;
		}
		if (!it->unsure) {
			item_finish(it, ST_EXISTS, 200, "already exists at %s",
			    job->prov->title);
			continue;
		}
		it->unsure = 0;
		if (it->res[RES_PASSWORD] == NULL && it->password != NULL &&
		    job->prov->client_passwords)
			item_set(it, RES_PASSWORD, it->password);
		item_finish(it, ST_CREATED, 200, "reconciled: found after an "
		    "unanswered request");
		atomic_fetch_add(&job->reconciled, 1);
	}
	free(found);
}

/*
 * Before a batch leaves: rows a previous run may have created (--resume:
 * an intent without an outcome) are looked up first, then the intents of
 * the rest are made durable. 0 to send what is left (*n rows), -1 when
 * nothing may be sent (the run was stopped).
 */
static int
before_send(struct pctx *p, struct item **items, size_t *n)
{
	struct job	*job = p->job;
	char		 err[512];
	size_t		 i;

	if (job->entry->op == OP_CREATE) {
		found_before_send(p, items, *n);
		*n = compact(items, *n);
	}
	for (i = 0; i < *n && !items[i]->unsure; i++)
		;
	if (i < *n) {
		if (!job->entry->idempotent) {
			reconcile(p, items, *n, 1);
			*n = compact(items, *n);
		} else
			for (i = 0; i < *n; i++)
				items[i]->unsure = 0;	/* idempotent */
	}
	if (*n > 0 && journal_intend(job->journal, items, *n, job->op_name,
	    err, sizeof err) < 0) {
		job_abort(job, "%s", err);
		return -1;
	}
	return 0;
}

/*
 * --dry-run: each row is looked up instead of sent. Creates: found is
 * "exists", absent "planned"; updates and deletes: found is "planned",
 * absent fails as the real run would. Rows named by id alone are planned
 * unchecked (the lookups go by key). A create the entry can check further
 * without sending it (entry->plan: a domain's room) ends as the real run
 * would end it.
 */
static void
plan_batch(struct pctx *p, struct item **items, size_t n)
{
	struct job	*job = p->job;
	const struct operation *e = job->entry;
	struct buf	 why = BUF_INIT;
	struct item	**send;
	int		*found = NULL;
	size_t		 i, nsend = 0;
	int		 rc;

	send = xcalloc(n, sizeof *send);
	/* The provider may look the batch up together. */
	if (e->lookup_many != NULL) {
		found = xcalloc(n, sizeof *found);
		if (e->lookup_many(p, items, n, found) < 0) {
			free(found);
			found = NULL;
		}
	}
	for (i = 0; i < n && !job_aborted(job); i++) {
		if (e->op != OP_CREATE && items[i]->rec.key.len == 0) {
			item_finish(items[i], ST_PLANNED, 0, "by id, not "
			    "looked up");
			continue;
		}
		items[i]->attempts = 1;
		rc = found != NULL && found[i] >= 0 ? found[i] :
		    e->lookup(p, items[i]);
		if (rc < 0) {
			buf_reset(&why);
			provider_error_text(&p->resp, &why);
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "could not look it up (%s)", buf_cstr(&why));
		} else if (rc == 1 && e->op == OP_CREATE)
			item_finish(items[i], ST_EXISTS, p->resp.status,
			    "already exists at %s", job->prov->name);
		else if (rc == 1)
			item_finish(items[i], ST_PLANNED, p->resp.status,
			    "would be %s", e->op == OP_DELETE ? "deleted" :
			    "updated");
		else if (e->op != OP_CREATE)
			item_finish(items[i], ST_FAILED, p->resp.status,
			    "not found at %s", job->prov->name);
		else
			send[nsend++] = items[i];	/* would be sent */
		item_set(items[i], RES_PASSWORD, NULL);	/* no secrets */
	}
	/* What the real run checks before sending: it finishes some. */
	if (e->plan != NULL && nsend > 0 && !job_aborted(job))
		e->plan(p, send, nsend);
	for (i = 0; i < nsend && !job_aborted(job); i++)
		if (send[i]->status == ST_PENDING)
			item_finish(send[i], ST_PLANNED, p->resp.status,
			    "would be created");
	skip_items(job, items, n);
	free(send);
	free(found);
	buf_free(&why);
}

/* The pending rows fail with the last answer, as retry_decide said. */
static void
give_up(struct pctx *p, struct item **items, size_t n,
    enum retry_verdict v)
{
	struct buf	why = BUF_INIT;
	size_t		i;

	provider_error_text(&p->resp, &why);
	for (i = 0; i < n; i++)
		if (items[i]->status == ST_PENDING)
			item_finish(items[i], ST_FAILED, p->resp.status, "%s%s",
			    buf_cstr(&why), v == RETRY_STOP_ATTEMPTS ?
			    " (gave up after --retries)" :
			    v == RETRY_STOP_BUDGET ? " (retry budget spent: "
			    "the provider seems down)" : "");
	buf_free(&why);
}

static void
run_batch(struct dispatcher *d, struct pctx *p, struct item **items,
    size_t n)
{
	struct job		*job = d->job;
	enum retry_verdict	 v;
	enum attempt		 a;
	double			 delay;
	size_t			 i, half;
	int			 attempt = 0;

	if (job->dry_run) {
		plan_batch(p, items, n);
		return;
	}
	while (n > 0) {
		if (job_aborted(job) || before_send(p, items, &n) < 0) {
			skip_items(job, items, n);
			break;
		}
		if (n == 0)
			break;
		attempt++;
		for (i = 0; i < n; i++)
			items[i]->attempts++;
		a = op_send(p, job->entry, items, n);
		if (a == ATTEMPT_DONE)
			break;
		if (a == ATTEMPT_FATAL) {
			skip_items(job, items, n);
			break;
		}
		if (a == ATTEMPT_RESEND) {
			/* The answer named the rows it refused (finished);
			 * nothing was carried out: the rest go again. */
			n = compact(items, n);
			attempt = 0;
			continue;
		}
		if (a == ATTEMPT_SPLIT && n > 1) {
			/* Refused as a whole: halves, until the bad rows
			 * stand alone. Attempt counts start again. */
			half = n / 2;
			for (i = 0; i < n; i++)
				items[i]->attempts--;
			run_batch(d, p, items, half);
			run_batch(d, p, items + half, n - half);
			break;
		}
		v = retry_decide(&d->policy, job->budget, &p->rng, attempt,
		    p->resp.status, p->resp.err, (double)p->resp.retry_after,
		    &delay);
		if (retry_outcome_unknown(p->resp.status, p->resp.err)) {
			/* Whatever the operation, it may have been carried
			 * out: never withdrawn from the journal, and a
			 * delete found gone later is ours. */
			for (i = 0; i < n; i++)
				if (items[i]->status == ST_PENDING)
					items[i]->maybe_sent = 1;
			/* A create is never resent blindly: what is there
			 * is done. */
			if (!job->entry->idempotent) {
				reconcile(p, items, n, 0);
				n = compact(items, n);
				if (n == 0)
					break;
			}
		}
		if (v != RETRY_AGAIN) {
			give_up(p, items, n, v);
			break;
		}
		atomic_fetch_add(&job->retries, 1);
		log_debug("retrying %zu row(s) in %.2fs after %s", n, delay,
		    p->resp.status ? "an HTTP error" : "a network error");
		job_sleep(job, delay);
	}
}

/*
 * The last word on a row. A create that went unanswered (in this run or
 * the interrupted one), was not found when looked up, but "exists" when
 * sent again, was still being carried out when we looked: it is ours,
 * with the password we sent (unless the provider said otherwise).
 */
static void
settle(struct job *job, struct item *it)
{
	if (it->status == ST_PENDING)
		item_finish(it, ST_FAILED, 0, "no outcome (internal error)");
	else if (it->maybe_sent && it->status == ST_EXISTS &&
	    job->entry->op == OP_CREATE) {
		item_finish(it, ST_CREATED, it->http_status, "reconciled: "
		    "created by a request that went unanswered");
		if (it->password != NULL && job->prov->client_passwords &&
		    it->res[RES_PASSWORD] == NULL)
			item_set(it, RES_PASSWORD, it->password);
	}
}

static void *
worker(void *arg)
{
	struct dispatcher	*d = arg;
	struct pctx		 p;
	struct http_options	 hopts;
	struct batch		*b;
	size_t			 i;
	char			 err[512];

	memset(&hopts, 0, sizeof hopts);
	pctx_init(&p, d->job, &hopts);	/* this thread's own client */
	for (;;) {
		pthread_mutex_lock(&d->lock);
		while (d->head == NULL && !d->closed)
			pthread_cond_wait(&d->cond, &d->lock);
		b = d->head;
		if (b != NULL && (d->head = b->next) == NULL)
			d->tail = NULL;
		pthread_mutex_unlock(&d->lock);
		if (b == NULL)
			break;
		if (p.http == NULL)
			job_abort(d->job, "cannot start an HTTP client");
		if (journal_durable(d->job->journal, b->ticket, err,
		    sizeof err) < 0)
			job_abort(d->job, "%s", err);
		run_batch(d, &p, b->items, b->n);
		for (i = 0; i < b->n; i++)
			settle(d->job, b->items[i]);
		if (journal_outcome(d->job->journal, b->items, b->n, err,
		    sizeof err) < 0)
			job_abort(d->job, "%s", err);
		for (i = 0; i < b->n; i++)
			owriter_put(d->ow, b->items[i]);
		free(b->items);
		free(b);
	}
	pctx_free(&p);
	return NULL;
}

struct dispatcher *
dispatch_start(struct job *job, struct owriter *ow)
{
	struct dispatcher	*d = xcalloc(1, sizeof *d);
	int			 i;

	d->job = job;
	d->ow = ow;
	retry_policy_init(&d->policy);
	d->policy.max_retries = job->max_retries;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	d->threads = xcalloc((size_t)job->workers, sizeof *d->threads);
	for (i = 0; i < job->workers; i++) {
		if (pthread_create(&d->threads[i], NULL, worker, d) != 0)
			break;
		d->nthreads++;
	}
	return d;
}

long
dispatch_pending_from(struct dispatcher *d)
{
	long	seq = -1;
	int	i;

	for (i = 0; i < d->nopen; i++)
		if (seq < 0 || d->open[i]->items[0]->seq < seq)
			seq = d->open[i]->items[0]->seq;
	return seq;
}

/* Hands open batch k to the workers. */
static void
flush_one(struct dispatcher *d, int k)
{
	struct job	*job = d->job;
	struct batch	*b = d->open[k];
	char		 err[512];

	memmove(&d->open[k], &d->open[k + 1], (size_t)(d->nopen - k - 1) *
	    sizeof *d->open);
	d->nopen--;
	/* The intents go to the journal now, in the reader's thread, and
	 * reach the disk while the workers send the batches ahead of this
	 * one; the worker that takes it checks (journal_durable). */
	if (!job->dry_run && !job_aborted(job) &&
	    journal_intend_ahead(job->journal, b->items, b->n, job->op_name,
	    &b->ticket, err, sizeof err) < 0)
		job_abort(job, "%s", err);
	pthread_mutex_lock(&d->lock);
	if (d->tail != NULL)
		d->tail->next = b;
	else
		d->head = b;
	d->tail = b;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

void
dispatch_flush(struct dispatcher *d)
{
	while (d->nopen > 0)
		flush_one(d, 0);
}

void
dispatch_item(struct dispatcher *d, struct item *it)
{
	const struct operation	*e = d->job->entry;
	struct batch		*b;
	int			 k;

	for (k = 0; k < d->nopen && !op_same_request(e, d->open[k]->items[0],
	    it); k++)
		;
	if (k == d->nopen) {
		if (d->nopen == DISPATCH_OPEN_MAX)
			flush_one(d, 0);	/* the oldest group goes */
		b = xcalloc(1, sizeof *b);
		b->items = xcalloc(d->job->batch, sizeof *b->items);
		k = d->nopen;
		d->open[d->nopen++] = b;
	}
	b = d->open[k];
	b->items[b->n++] = it;
	if (b->n == d->job->batch)
		flush_one(d, k);
}

void
dispatch_finish(struct dispatcher *d)
{
	int	i;

	dispatch_flush(d);
	pthread_mutex_lock(&d->lock);
	d->closed = 1;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
	for (i = 0; i < d->nthreads; i++)
		pthread_join(d->threads[i], NULL);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	free(d->threads);
	free(d);
}
