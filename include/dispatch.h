/*
 * dispatch.h - the dispatcher stage: batches and the worker pool.
 *
 * The dispatcher groups valid rows into batches (up to job->batch rows that
 * the provider can send in one request) and hands them to job->workers
 * threads. Each worker owns one HTTP client (one kept-alive connection) and
 * runs a batch to its end: retries of transient failures with backoff
 * under the shared retry budget, 422 splits, and reconciliation (look the
 * key up) before any create whose outcome is unknown is sent again.
 */
#ifndef MAILFLEET_DISPATCH_H
#define MAILFLEET_DISPATCH_H

struct job;
struct item;
struct owriter;
struct dispatcher;

struct dispatcher *dispatch_start(struct job *job, struct owriter *ow);
/* Adds a valid item to the batch being filled for its group of rows that
 * share a request (sending it when full; up to 16 groups are filled at
 * once, the oldest sent when a 17th begins). */
void	dispatch_item(struct dispatcher *d, struct item *it);
/* The seq of the first row in the batches being filled, or -1. */
long	dispatch_pending_from(struct dispatcher *d);
/* Sends the partial batches now. */
void	dispatch_flush(struct dispatcher *d);
/* Flushes, waits for every batch to finish, stops the workers. */
void	dispatch_finish(struct dispatcher *d);

#endif
