/*
 * read_memo.c - stable reads kept for one process's later sessions
 * (read_memo.h). A small array searched in order: a run keeps a handful.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "read_memo.h"
#include "xmalloc.h"

/* The reads no write of mailfleet's changes within a run, by path. */
static const char *const stable_reads[] = {
	"/v1/user/me",		/* who the token is */
	"/v1/user/data",	/* the registrant data (registrant set is a
				   command of its own, never in a run) */
	"/v1/billing/pricing",	/* the price list */
	NULL
};

struct memo_entry {
	char		*key;		/* owned */
	struct buf	 body;
};

struct read_memo {
	pthread_mutex_t		 lock;
	struct memo_entry	*e;
	size_t			 n;
	long			 hits;
};

struct read_memo *
read_memo_new(void)
{
	struct read_memo	*m = xcalloc(1, sizeof *m);

	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void
read_memo_free(struct read_memo *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->e[i].key);
		buf_free(&m->e[i].body);
	}
	free(m->e);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

int
read_memo_keeps(const char *path)
{
	size_t	i;

	for (i = 0; stable_reads[i] != NULL; i++)
		if (strcmp(path, stable_reads[i]) == 0)
			return 1;
	return 0;
}

static struct memo_entry *
find(struct read_memo *m, const char *key)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->e[i].key, key) == 0)
			return &m->e[i];
	return NULL;
}

int
read_memo_get(struct read_memo *m, const char *key, struct buf *out)
{
	struct memo_entry	*e;

	pthread_mutex_lock(&m->lock);
	if ((e = find(m, key)) != NULL) {
		buf_append(out, e->body.data != NULL ? e->body.data : "",
		    e->body.len);
		m->hits++;
	}
	pthread_mutex_unlock(&m->lock);
	return e != NULL;
}

void
read_memo_put(struct read_memo *m, const char *key, const char *body,
    size_t len)
{
	struct memo_entry	*e;

	pthread_mutex_lock(&m->lock);
	if ((e = find(m, key)) == NULL) {
		m->e = xreallocarray(m->e, m->n + 1, sizeof *m->e);
		e = &m->e[m->n++];
		e->key = xstrdup(key);
		buf_init(&e->body);
	}
	buf_reset(&e->body);
	buf_append(&e->body, body, len);
	pthread_mutex_unlock(&m->lock);
}

long
read_memo_hits(struct read_memo *m)
{
	long	n;

	pthread_mutex_lock(&m->lock);
	n = m->hits;
	pthread_mutex_unlock(&m->lock);
	return n;
}
