/*
 * job.c - items (rows in flight) and the run's shared state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "csv_in.h"
#include "job.h"
#include "log.h"
#include "xmalloc.h"

static const char *const status_names[ST__COUNT] = {
	"pending", "created", "updated", "deleted", "exists", "invalid",
	"failed", "over_quota", "skipped", "planned", "over_limit",
	"available", "unavailable"
};

static const char *const res_names[RES__COUNT] = {
	"id", "password", "smtp_host", "smtp_port", "imap_host", "imap_port",
	"account_status", "forwarding", "domain_status", "name_servers",
	"ns_expire_at", "scheduled_for", "requested", "available",
	"search_status", "price"
};

const char *
row_status_name(enum row_status s)
{
	return (unsigned)s < ST__COUNT ? status_names[s] : "?";
}

int
row_status_parse(const char *name, enum row_status *out)
{
	int	s;

	for (s = 0; s < ST__COUNT; s++)
		if (strcmp(status_names[s], name) == 0) {
			*out = (enum row_status)s;
			return 0;
		}
	return -1;
}

int
row_status_ok(enum row_status s)
{
	return s == ST_CREATED || s == ST_UPDATED || s == ST_DELETED ||
	    s == ST_EXISTS || s == ST_PLANNED || s == ST_AVAILABLE;
}

const char *
res_col_name(enum res_col c)
{
	return (unsigned)c < RES__COUNT ? res_names[c] : "?";
}

struct item *
item_new(long seq, const struct csv_row *row)
{
	struct item	*it = xcalloc(1, sizeof *it);

	it->seq = seq;
	it->row = row != NULL ? csv_row_copy(row) : NULL;
	record_init(&it->rec);
	return it;
}

void
item_free(struct item *it)
{
	struct item	*x, *next;
	int		 i;

	if (it == NULL)
		return;
	for (x = it->extra; x != NULL; x = next) {
		next = x->extra;
		x->extra = NULL;
		item_free(x);
	}
	free(it->found);
	if (it->row != NULL)
		csv_row_free(it->row);
	record_free(&it->rec);
	if (it->password != NULL) {
		explicit_bzero(it->password, strlen(it->password));
		free(it->password);
	}
	buf_free(&it->error);
	for (i = 0; i < RES__COUNT; i++) {
		if (i == RES_PASSWORD && it->res[i] != NULL)
			explicit_bzero(it->res[i], strlen(it->res[i]));
		free(it->res[i]);
	}
	free(it);
}

void
item_setn(struct item *it, enum res_col c, const char *v, size_t len)
{
	free(it->res[c]);
	it->res[c] = v ? xstrndup(v, len) : NULL;
}

void
item_set(struct item *it, enum res_col c, const char *v)
{
	item_setn(it, c, v, v ? strlen(v) : 0);
}

void
item_finish(struct item *it, enum row_status st, int http_status,
    const char *fmt, ...)
{
	va_list	ap;

	it->status = st;
	if (http_status > 0)
		it->http_status = http_status;
	buf_reset(&it->error);
	if (fmt != NULL) {
		va_start(ap, fmt);
		buf_vprintf(&it->error, fmt, ap);
		va_end(ap);
	}
}

void
job_abort(struct job *job, const char *fmt, ...)
{
	va_list	ap;

	pthread_mutex_lock(&job->lock);
	if (job->abort_msg.len == 0) {
		va_start(ap, fmt);
		buf_vprintf(&job->abort_msg, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&job->lock);
	atomic_store(&job->cancel, 1);
}

void
job_skip_unsent(struct job *job, struct item *it)
{
	pthread_mutex_lock(&job->lock);
	item_finish(it, ST_SKIPPED, 0, "not sent: %s", job->abort_msg.len ?
	    job->abort_msg.data : "interrupted");
	pthread_mutex_unlock(&job->lock);
	it->unsent = 1;
	atomic_fetch_add(&job->unsent, 1);
}

int
job_aborted(struct job *job)
{
	return atomic_load(&job->cancel) != 0;
}

void
job_sleep(struct job *job, double secs)
{
	struct timespec	ts;
	double		step;

	while (secs > 0 && !job_aborted(job)) {
		step = secs < 0.1 ? secs : 0.1;
		ts.tv_sec = (time_t)step;
		ts.tv_nsec = (long)((step - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		secs -= step;
	}
}

/* "05:42:10 UTC", secs from now, into out. */
static void
wall_after(double secs, char *out, size_t len)
{
	time_t		t = time(NULL) + (time_t)(secs + 0.5);
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%H:%M:%S UTC", &tm) == 0)
		snprintf(out, len, "later");
}

void
job_wait_notice(struct job *job, double secs)
{
	const struct app	*app = job->app;
	const char		*why;
	double			 now = mono_now(), until = now + secs;
	char			 at[32];
	int			 stop = 0, say = 0, say_stop = 0;

	if (secs <= 0)
		return;
	pthread_mutex_lock(&job->lock);
	why = job->wait_why ? job->wait_why : "held by the rate limit";
	if (app != NULL && app->max_wait >= 0 && secs > app->max_wait) {
		/* Every such waiter stops the run (job_abort keeps the first
		 * reason); only the first says so: two workers may get here
		 * before either has called job_abort. */
		stop = 1;
		say_stop = !job->abort_said && job->abort_msg.len == 0;
		job->abort_said |= say_stop;
	} else if (secs > JOB_WAIT_NOTICE && (now >= job->wait_until ||
	    until > job->wait_until + 1 + secs / 10)) {
		say = 1;
		job->wait_until = until;
	}
	pthread_mutex_unlock(&job->lock);
	wall_after(secs, at, sizeof at);
	if (stop) {
		struct buf	reason = BUF_INIT;

		buf_printf(&reason, "%s: a wait of %.0f s (until %s) is over "
		    "--max-wait %g s", why, secs, at, app->max_wait);
		job_abort(job, "%s", buf_cstr(&reason));
		if (say_stop)
			log_error("stopped: %s", buf_cstr(&reason));
		buf_free(&reason);
	} else if (say)
		log_info("%s; waiting %.0f s, until %s", why, secs, at);
}

double
mono_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
