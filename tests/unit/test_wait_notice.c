/*
 * test_wait_notice.c - job_wait_notice(): a long wait is said once however
 * many threads see it, a short one not at all, a new longer one again; over
 * --max-wait the run stops with the reason said once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "harness.h"
#include "job.h"

#define NTHREADS	8
#define ROUNDS		200	/* over --max-wait: the race, tried again */

static pthread_barrier_t	start;

static struct job	job;
static struct app	app;

static void *
notice(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);	/* all at once: the race to say */
	job_wait_notice(&job, 3600);
	return NULL;
}

/* Runs fn with stderr going to a file; returns what it wrote (owned). */
static char *
captured(void (*fn)(void))
{
	char	 path[] = "/tmp/test_wait_notice.XXXXXX", *text;
	int	 fd = mkstemp(path), saved = dup(STDERR_FILENO);
	long	 n;
	FILE	*fp;

	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	fn();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fp = fdopen(fd, "r");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)n + 1);
	if (fread(text, 1, (size_t)n, fp) != (size_t)n)
		text[0] = '\0';
	fclose(fp);
	unlink(path);
	return text;
}

static int
lines(const char *s, const char *needle)
{
	int	n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
reset(double max_wait)
{
	buf_free(&job.abort_msg);
	pthread_mutex_destroy(&job.lock);
	memset(&job, 0, sizeof job);
	memset(&app, 0, sizeof app);
	app.max_wait = max_wait;
	job.app = &app;
	pthread_mutex_init(&job.lock, NULL);
	job.wait_why = "rate limited by the provider (429)";
}

static void
many_threads(void)
{
	pthread_t	th[NTHREADS];
	int		i;

	pthread_barrier_init(&start, NULL, NTHREADS);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, notice, NULL);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
}

/* The stop is said once in every round, each round a new run. */
static int	rounds_said_once;

static void
many_rounds(void)
{
	int	r;

	for (r = 0; r < ROUNDS; r++) {
		buf_reset(&job.abort_msg);
		job.abort_said = 0;
		atomic_store(&job.cancel, 0);
		fflush(stderr);
		many_threads();
		rounds_said_once += job.abort_said;
	}
}

static void
short_then_longer(void)
{
	job_wait_notice(&job, 3);	/* under JOB_WAIT_NOTICE */
	job_wait_notice(&job, 60);
	job_wait_notice(&job, 60);	/* the same wait */
	job_wait_notice(&job, 3600);	/* a longer one */
}

static void
test_said_once(void)
{
	char	*out;

	reset(-1);
	out = captured(many_threads);
	CHECK_INT(lines(out, "rate limited by the provider (429); waiting "
	    "3600 s, until "), 1);
	CHECK_INT(lines(out, " UTC\n"), 1);
	CHECK(!job_aborted(&job));
	free(out);
}

static void
test_short_not_said(void)
{
	char	*out;

	reset(-1);
	out = captured(short_then_longer);
	CHECK_INT(lines(out, "waiting 3 s"), 0);
	CHECK_INT(lines(out, "waiting 60 s"), 1);
	CHECK_INT(lines(out, "waiting 3600 s"), 1);
	free(out);
}

static void
at_limit(void)
{
	job_wait_notice(&job, 30);
}

static void
test_over_max_wait_stops(void)
{
	char	*out, *out2;

	reset(30);
	out = captured(many_threads);
	CHECK(job_aborted(&job));
	CHECK(job.abort_said);
	CHECK_INT(lines(out, "stopped: rate limited by the provider (429): a "
	    "wait of 3600 s (until "), 1);
	CHECK_INT(lines(out, "is over --max-wait 30 s\n"), 1);
	CHECK_INT(lines(out, "waiting"), 0);
	CHECK_CONTAINS(buf_cstr(&job.abort_msg), "is over --max-wait 30 s");
	free(out);
	reset(30);
	rounds_said_once = 0;
	out = captured(many_rounds);
	CHECK_INT(lines(out, "is over --max-wait 30 s\n"), ROUNDS);
	CHECK_INT(rounds_said_once, ROUNDS);
	free(out);
	reset(30);
	out2 = captured(at_limit);
	CHECK(!job_aborted(&job));	/* not over: goes on, said */
	CHECK_INT(lines(out2, "waiting 30 s"), 1);
	free(out2);
}

int
main(void)
{
	pthread_mutex_init(&job.lock, NULL);
	TEST(test_said_once);
	TEST(test_short_not_said);
	TEST(test_over_max_wait_stops);
	return th_done();
}
