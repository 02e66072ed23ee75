/*
 * dupscan.c - duplicate keys of a whole file, found in a temporary file.
 *
 * Layout of the temporary file: blocks written by dupscan_add(), each a
 * struct block_head and its records, chained backwards per partition;
 * then, after dupscan_finish(), each partition's duplicate pairs as one
 * run sorted by line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dupscan.h"
#include "dupset.h"
#include "xmalloc.h"

#define KEYS_PER_PART	16384	/* aimed at, from the file size */
#define BYTES_PER_KEY	24	/* a guess at a row's size: small rows
				   give more keys per partition, fine */
#define MAX_PART_BITS	12
#define STAGE_TOTAL	16384	/* records staged in memory, all parts */
#define CURSOR_PAIRS	64	/* pairs read at a time by a query */

struct rec {
	uint64_t	h;
	uint64_t	line;
};

struct pair {
	uint64_t	h;
	uint64_t	line;
	uint64_t	first;
};

struct block_head {
	int64_t		prev;		/* offset of the partition's previous
					   block, -1 for none */
	uint64_t	count;
};

struct part {
	struct rec	*stage;		/* NULL until the first add */
	size_t		 nstage;
	int64_t		 last;		/* offset of the last block, -1 */
	size_t		 n;		/* records added, staged included */
	int64_t		 pairs;		/* offset of the duplicate pairs */
	size_t		 npairs;
	struct pair	*cur;		/* query cursor: pairs read so far */
	size_t		 cur_n, cur_i, read;
};

struct dupscan {
	int		 fd;
	int64_t		 end;		/* the file's size */
	unsigned	 bits;		/* P = 1 << bits partitions */
	size_t		 stage_cap;
	struct part	*part;
	int		 finished;
	int		 failed;	/* a query could not read: no answers */
};

static int
io_error(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "duplicate scan: cannot %s its temporary file: "
	    "%s", what, strerror(errno));
	return -1;
}

static int
write_at(int fd, const void *p, size_t n, int64_t off)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = pwrite(fd, c, n, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

static int
read_at(int fd, void *p, size_t n, int64_t off)
{
	char	*c = p;
	ssize_t	 r;

	while (n > 0) {
		if ((r = pread(fd, c, n, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {
			errno = EIO;	/* the file is shorter than written */
			return -1;
		}
		c += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

struct dupscan *
dupscan_new(long long size_hint, char *err, size_t errlen)
{
	struct dupscan	*s;
	const char	*dir = getenv("TMPDIR");
	char		*path;
	size_t		 len, i;
	long long	 keys = size_hint / BYTES_PER_KEY;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	len = strlen(dir) + sizeof "/mailfleet-dups.XXXXXX";
	path = xmalloc(len);
	snprintf(path, len, "%s/mailfleet-dups.XXXXXX", dir);
	s = xcalloc(1, sizeof *s);
	if ((s->fd = mkstemp(path)) < 0) {
		io_error(err, errlen, "create");
		free(path);
		free(s);
		return NULL;
	}
	unlink(path);		/* gone when closed, crash included */
	free(path);
	s->bits = 3;
	while (s->bits < MAX_PART_BITS &&
	    keys > (long long)KEYS_PER_PART << s->bits)
		s->bits++;
	s->stage_cap = STAGE_TOTAL >> s->bits;
	if (s->stage_cap < 32)
		s->stage_cap = 32;
	s->part = xcalloc((size_t)1 << s->bits, sizeof *s->part);
	for (i = 0; i < (size_t)1 << s->bits; i++)
		s->part[i].last = -1;
	return s;
}

void
dupscan_free(struct dupscan *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < (size_t)1 << s->bits; i++) {
		free(s->part[i].stage);
		free(s->part[i].cur);
	}
	free(s->part);
	close(s->fd);
	free(s);
}

static struct part *
part_of(struct dupscan *s, uint64_t h)
{
	return &s->part[h >> (64 - s->bits)];
}

/* Writes the partition's staged records as one block. */
static int
spill(struct dupscan *s, struct part *p)
{
	struct block_head	bh;

	bh.prev = p->last;
	bh.count = p->nstage;
	if (write_at(s->fd, &bh, sizeof bh, s->end) < 0 ||
	    write_at(s->fd, p->stage, p->nstage * sizeof *p->stage,
	    s->end + (int64_t)sizeof bh) < 0)
		return -1;
	p->last = s->end;
	s->end += (int64_t)(sizeof bh + p->nstage * sizeof *p->stage);
	p->nstage = 0;
	return 0;
}

int
dupscan_add(struct dupscan *s, const char *key, size_t len, long line,
    char *err, size_t errlen)
{
	uint64_t	 h = dupset_hash(key, len);
	struct part	*p = part_of(s, h);

	if (p->stage == NULL)
		p->stage = xcalloc(s->stage_cap, sizeof *p->stage);
	if (p->nstage == s->stage_cap && spill(s, p) < 0)
		return io_error(err, errlen, "write");
	p->stage[p->nstage].h = h;
	p->stage[p->nstage].line = line > 0 ? (uint64_t)line : 0;
	p->nstage++;
	p->n++;
	return 0;
}

/* The partition's records, in the order they were added. */
static int
load(struct dupscan *s, struct part *p, struct rec *all)
{
	struct block_head	bh;
	size_t			at = p->n - p->nstage;
	int64_t			off;

	if (p->nstage > 0)
		memcpy(all + at, p->stage, p->nstage * sizeof *all);
	for (off = p->last; off >= 0; off = bh.prev) {
		if (read_at(s->fd, &bh, sizeof bh, off) < 0)
			return -1;
		if (bh.count > at) {
			errno = EIO;
			return -1;
		}
		at -= bh.count;
		if (read_at(s->fd, all + at, bh.count * sizeof *all,
		    off + (int64_t)sizeof bh) < 0)
			return -1;
	}
	if (at != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* Appends the partition's duplicate pairs found so far to the file. */
static int
flush_pairs(struct dupscan *s, struct pair *out, size_t *nout)
{
	if (write_at(s->fd, out, *nout * sizeof *out, s->end) < 0)
		return -1;
	s->end += (int64_t)(*nout * sizeof *out);
	*nout = 0;
	return 0;
}

/* Finds the partition's duplicates and appends them to the file. */
static int
find_dups(struct dupscan *s, struct part *p, long *ndups)
{
	struct rec	*all, *tab;
	struct pair	 out[CURSOR_PAIRS];
	size_t		 cap = 16, i, j, nout = 0;
	int		 rc = -1;

	while (cap < p->n * 2)
		cap *= 2;
	all = xcalloc(p->n ? p->n : 1, sizeof *all);
	tab = xcalloc(cap, sizeof *tab);	/* h 0: empty (never a hash) */
	p->pairs = s->end;
	if (load(s, p, all) < 0)
		goto done;
	for (i = 0; i < p->n; i++) {
		for (j = all[i].h & (cap - 1); tab[j].h != 0 &&
		    tab[j].h != all[i].h; j = (j + 1) & (cap - 1))
			;
		if (tab[j].h == 0) {
			tab[j] = all[i];
			continue;
		}
		out[nout].h = all[i].h;
		out[nout].line = all[i].line;
		out[nout].first = tab[j].line;
		p->npairs++;
		if (++nout == CURSOR_PAIRS && flush_pairs(s, out, &nout) < 0)
			goto done;
	}
	if (flush_pairs(s, out, &nout) < 0)
		goto done;
	*ndups += (long)p->npairs;
	rc = 0;
done:
	free(all);
	free(tab);
	return rc;
}

int
dupscan_finish(struct dupscan *s, long *ndups, char *err, size_t errlen)
{
	size_t	i;

	*ndups = 0;
	for (i = 0; i < (size_t)1 << s->bits; i++) {
		if (find_dups(s, &s->part[i], ndups) < 0)
			return io_error(err, errlen, "read");
		free(s->part[i].stage);
		s->part[i].stage = NULL;
		s->part[i].nstage = 0;
	}
	s->finished = 1;
	return 0;
}

/* The pair at the cursor, reading the next ones when needed; NULL past
 * the partition's last pair. */
static const struct pair *
cursor(struct dupscan *s, struct part *p)
{
	size_t	n;

	if (p->cur_i < p->cur_n)
		return &p->cur[p->cur_i];
	if (p->read == p->npairs)
		return NULL;
	if (p->cur == NULL)
		p->cur = xcalloc(CURSOR_PAIRS, sizeof *p->cur);
	n = p->npairs - p->read;
	if (n > CURSOR_PAIRS)
		n = CURSOR_PAIRS;
	if (read_at(s->fd, p->cur, n * sizeof *p->cur, p->pairs +
	    (int64_t)(p->read * sizeof *p->cur)) < 0) {
		s->failed = 1;
		return NULL;
	}
	p->read += n;
	p->cur_n = n;
	p->cur_i = 0;
	return p->cur;
}

long
dupscan_query(struct dupscan *s, const char *key, size_t len, long line)
{
	uint64_t		 h = dupset_hash(key, len);
	struct part		*p = part_of(s, h);
	const struct pair	*d;

	if (!s->finished || s->failed)
		return 0;
	while ((d = cursor(s, p)) != NULL && d->line < (uint64_t)line)
		p->cur_i++;
	if (d == NULL || d->line != (uint64_t)line || d->h != h)
		return 0;
	p->cur_i++;
	return d->first > 0 ? (long)d->first : 1;
}
