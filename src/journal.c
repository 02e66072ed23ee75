/*
 * journal.c - the append-only journal behind --resume.
 *
 * Records (one line each, fields separated by tabs, \t \n \r \\ escaped):
 *
 *   H  mailfleet-journal 1  op kind provider base_url input_hash input_size
 *   I  seq op key password		intent, durable before the request
 *   N  seq				the intent is withdrawn: the row
 *					never left (the run stopped first)
 *   O  seq status http attempts error res...	outcome (RES__COUNT values)
 *   E  rows				the run finished every row
 *
 * and each line is "XXXXXXXX payload\n", XXXXXXXX the CRC-32 of the
 * payload in hex.
 *
 * Intents written ahead (journal_intend_ahead(), by the reader as it queues
 * a batch) are made durable by a syncer thread, one fdatasync for all that
 * was written meanwhile, while the workers send earlier batches; a worker
 * only checks (journal_durable()) before its batch leaves.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "hash.h"
#include "journal.h"
#include "log.h"
#include "num.h"
#include "xmalloc.h"

#define JOURNAL_MAGIC	"mailfleet-journal"
#define JOURNAL_VERSION	"1"
#define OUTCOME_FIELDS	(6 + RES__COUNT)

/* A row's entry in the table of loaded records: open addressing on seq,
 * so memory follows the records, never the row numbers they name. */
struct slot {
	long			 seq;	/* -1: free */
	struct journal_entry	*e;	/* NULL: withdrawn */
};

struct journal {
	char			*path;
	int			 fd;
	pthread_mutex_t		 lock;
	off_t			 size;		/* bytes known good */
	int			 broken;	/* an append failed: no more */
	struct buf		 why;		/* ... and why */

	int			 created;	/* by this run */
	long			 records;	/* of rows, loaded or added */

	struct slot		 *slot;		/* entries by seq (a hash) */
	size_t			  nslot, used;
	long			  done, unsure;

	/* the syncer: all under lock */
	pthread_t		 syncer;
	int			 syncer_on, closing;
	pthread_cond_t		 want_cv;	/* want moved, or closing */
	pthread_cond_t		 synced_cv;	/* synced moved, or broken */
	off_t			 want;		/* bytes that must be durable */
	off_t			 synced;	/* bytes known durable */
};

/* ------------------------------------------------------------------ */
/* CRC-32 (IEEE 802.3, reflected) */

static uint32_t		crc_table[256];
static pthread_once_t	crc_once = PTHREAD_ONCE_INIT;

static void
crc_init(void)
{
	uint32_t	c;
	int		i, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t
crc32(const char *p, size_t n)
{
	uint32_t	c = 0xffffffffu;

	pthread_once(&crc_once, crc_init);
	while (n-- > 0)
		c = crc_table[(c ^ (unsigned char)*p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/* ------------------------------------------------------------------ */
/* record building and parsing */

static void
put_field(struct buf *b, const char *s)
{
	if (b->len > 0)
		buf_putc(b, '\t');
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\\': buf_puts(b, "\\\\"); break;
		default: buf_putc(b, *s);
		}
}

static void
put_long(struct buf *b, long v)
{
	char	num[32];

	snprintf(num, sizeof num, "%ld", v);
	put_field(b, num);
}

/* Appends payload as a checksummed line to out, and wipes payload. */
static void
seal(struct buf *out, struct buf *payload)
{
	buf_printf(out, "%08" PRIx32 " ", crc32(payload->data, payload->len));
	buf_append(out, payload->data, payload->len);
	buf_putc(out, '\n');
	explicit_bzero(payload->data, payload->len);
	buf_reset(payload);
}

/* Splits a payload in place into at most max unescaped fields. */
static size_t
split(char *s, char **f, size_t max)
{
	size_t	 n = 0;
	char	*w = s;

	f[n++] = w;
	for (; *s != '\0'; s++) {
		if (*s == '\t') {
			*w++ = '\0';
			if (n == max)
				return max + 1;
			f[n++] = w;
		} else if (*s == '\\' && s[1] != '\0') {
			s++;
			*w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' :
			    *s == 'r' ? '\r' : *s;
		} else
			*w++ = *s;
	}
	*w = '\0';
	return n;
}

static int
parse_long(const char *s, long *out)
{
	long long	v;

	if (num_parse_ll(s, LONG_MIN, LONG_MAX, &v) != 0)
		return -1;
	*out = (long)v;
	return 0;
}

/* ------------------------------------------------------------------ */

/* Each \n and each \r of b[0..n): every row but the last ends in one. */
static uint64_t
line_ends(const unsigned char *b, size_t n)
{
	const unsigned char	*p, *end = b + n;
	uint64_t		 c = 0;

	for (p = b; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		c++;
	for (p = b; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
		c++;
	return c;
}

int
journal_fingerprint(const char *path, struct journal_head *jh, char *err,
    size_t errlen)
{
	unsigned char	 b[65536];
	uint64_t	 h = HASH_FNV1A_INIT, w, *size = &jh->input_size;
	ssize_t		 n, i;
	int		 fd;

	*size = 0;
	jh->input_lines = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, b, sizeof b)) > 0) {
		/* 8 bytes at a time: multiply-xorshift, then the tail. */
		for (i = 0; i + 8 <= n; i += 8) {
			memcpy(&w, b + i, 8);
			h = (h ^ w) * HASH_FNV1A_PRIME;
			h ^= h >> 29;
		}
		h = hash_fnv1a_update(h, b + i, (size_t)(n - i));
		*size += (uint64_t)n;
		jh->input_lines += line_ends(b, (size_t)n);
	}
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	jh->input_hash = h ^ *size;
	return 0;
}

char *
journal_path(const char *outpath, const char *input)
{
	struct buf	b = BUF_INIT;

	if (strcmp(outpath, "-") != 0)
		buf_puts(&b, outpath);
	else
		buf_printf(&b, "%s.stdout", input);
	buf_puts(&b, ".journal");
	return buf_detach(&b);
}

static void
entry_free(struct journal_entry *e)
{
	int	i;

	if (e == NULL)
		return;
	free(e->key);
	if (e->password != NULL) {
		explicit_bzero(e->password, strlen(e->password));
		free(e->password);
	}
	free(e->error);
	for (i = 0; i < RES__COUNT; i++) {
		if (i == RES_PASSWORD && e->res[i] != NULL)
			explicit_bzero(e->res[i], strlen(e->res[i]));
		free(e->res[i]);
	}
	free(e);
}

/* The slot of seq, or the free one where it would go (nslot > 0). */
static struct slot *
slot_find(const struct journal *j, long seq)
{
	size_t	i, mask = j->nslot - 1;

	i = (size_t)(((unsigned long long)seq * 0x9e3779b97f4a7c15ull) >>
	    32) & mask;
	while (j->slot[i].seq != -1 && j->slot[i].seq != seq)
		i = (i + 1) & mask;
	return &j->slot[i];
}

/* Doubles the table (at most half full after). */
static void
slots_grow(struct journal *j)
{
	struct slot	*old = j->slot;
	size_t		 i, n = j->nslot;

	j->nslot = n ? n * 2 : 1024;
	j->slot = xreallocarray(NULL, j->nslot, sizeof *j->slot);
	for (i = 0; i < j->nslot; i++) {
		j->slot[i].seq = -1;
		j->slot[i].e = NULL;
	}
	for (i = 0; i < n; i++)
		if (old[i].seq != -1)
			*slot_find(j, old[i].seq) = old[i];
	free(old);
}

static struct journal_entry *
entry_at(struct journal *j, long seq)
{
	struct slot	*sl;

	if ((j->used + 1) * 2 > j->nslot)
		slots_grow(j);
	sl = slot_find(j, seq);
	if (sl->seq == -1) {
		sl->seq = seq;
		j->used++;
	}
	if (sl->e == NULL) {
		sl->e = xcalloc(1, sizeof *sl->e);
		sl->e->status = ST_PENDING;
	}
	return sl->e;
}

/* The entry of seq, or NULL. */
static struct journal_entry *
entry_get(const struct journal *j, long seq)
{
	struct slot	*sl;

	if (j->nslot == 0)
		return NULL;
	sl = slot_find(j, seq);
	return sl->seq == seq ? sl->e : NULL;
}

static char *
dup_or_null(const char *s)
{
	return *s != '\0' ? xstrdup(s) : NULL;
}

/* The header must describe this run. */
static int
check_head(const char *path, char **f, size_t n,
    const struct journal_head *h, char *err, size_t errlen)
{
	char	hash[32], size[32];

	if (n != 9 || strcmp(f[1], JOURNAL_MAGIC) != 0) {
		snprintf(err, errlen, "%s is not a mailfleet journal", path);
		return -1;
	}
	if (strcmp(f[2], JOURNAL_VERSION) != 0) {
		snprintf(err, errlen, "%s was written by another version of "
		    "mailfleet (journal format %s); --restart starts over",
		    path, f[2]);
		return -1;
	}
	if (strcmp(f[3], h->op) != 0 || strcmp(f[4], h->kind) != 0) {
		snprintf(err, errlen, "%s belongs to `%s %s`, not `%s %s`; "
		    "use another -o, or --restart to start over", path, f[3],
		    f[4], h->op, h->kind);
		return -1;
	}
	if (strcmp(f[5], h->provider) != 0 || strcmp(f[6], h->base_url)
	    != 0) {
		snprintf(err, errlen, "%s was written against %s at %s, not "
		    "%s at %s; resume with the same --provider and --api-url",
		    path, f[5], f[6], h->provider, h->base_url);
		return -1;
	}
	snprintf(hash, sizeof hash, "%016" PRIx64, h->input_hash);
	snprintf(size, sizeof size, "%" PRIu64, h->input_size);
	if (strcmp(f[7], hash) != 0 || strcmp(f[8], size) != 0) {
		snprintf(err, errlen, "%s was written for another input: the "
		    "file differs from the one the interrupted run read (%s "
		    "bytes then, %s now); resume with that file, or "
		    "--restart to start over", path, f[8], size);
		return -1;
	}
	return 0;
}

/*
 * One record of a journal being loaded. 0, -1 when it makes no sense, -2
 * when it names a row the input cannot have (a seq of at least
 * h->input_lines: the input has fewer data rows than line ends).
 */
static int
load_record(struct journal *j, char **f, size_t n,
    const struct journal_head *h)
{
	struct journal_entry	*e;
	enum row_status		 st;
	long			 seq, v;
	size_t			 i;

	if (strcmp(f[0], "E") == 0)
		return 0;		/* a finished run: nothing per row */
	if (n < 2 || parse_long(f[1], &seq) < 0 || seq < 0)
		return -1;
	if ((uint64_t)seq >= h->input_lines)
		return -2;
	if (strcmp(f[0], "I") == 0 && n == 5) {
		e = entry_at(j, seq);
		free(e->key);
		e->key = xstrdup(f[3]);
		if (e->password != NULL) {
			explicit_bzero(e->password, strlen(e->password));
			free(e->password);
		}
		e->password = dup_or_null(f[4]);
		return 0;
	}
	if (strcmp(f[0], "N") == 0 && n == 2) {
		/* Withdrawn: only an intent may be, and it is forgotten. */
		if ((e = entry_get(j, seq)) == NULL ||
		    e->status != ST_PENDING)
			return -1;
		entry_free(e);
		slot_find(j, seq)->e = NULL;
		return 0;
	}
	if (strcmp(f[0], "O") != 0 || n != OUTCOME_FIELDS ||
	    row_status_parse(f[2], &st) < 0 || st == ST_PENDING)
		return -1;
	e = entry_at(j, seq);
	e->status = st;
	e->http_status = parse_long(f[3], &v) == 0 ? (int)v : 0;
	e->attempts = parse_long(f[4], &v) == 0 ? (int)v : 0;
	free(e->error);
	e->error = xstrdup(f[5]);
	for (i = 0; i < RES__COUNT; i++) {
		free(e->res[i]);
		e->res[i] = dup_or_null(f[6 + i]);
	}
	return 0;
}

/*
 * One line of the journal (lineno 1: the header) into j: 0, 1 when its
 * checksum is wrong (torn or damaged: the caller decides), or -1 with err
 * (not a journal, another run's, a record that cannot be).
 */
static int
load_line(struct journal *j, char *line, ssize_t len, long lineno,
    const struct journal_head *h, char *err, size_t errlen)
{
	char		*f[OUTCOME_FIELDS + 1], *end;
	unsigned long	 crc;
	size_t		 n;
	int		 rc;

	errno = 0;
	crc = strtoul(line, &end, 16);
	if (line[len - 1] != '\n' || len < 10 || end != line + 8 ||
	    line[8] != ' ' || errno || crc != crc32(line + 9,
	    (size_t)len - 10))
		return 1;
	line[len - 1] = '\0';
	n = split(line + 9, f, OUTCOME_FIELDS);
	if (lineno == 1) {
		if (n == 0 || strcmp(f[0], "H") != 0 ||
		    check_head(j->path, f, n, h, err, errlen) < 0) {
			if (n == 0 || strcmp(f[0], "H") != 0)
				snprintf(err, errlen, "%s is not a "
				    "mailfleet journal", j->path);
			return -1;
		}
	} else if ((rc = load_record(j, f, n, h)) < 0) {
		if (rc == -2)
			snprintf(err, errlen, "%s: line %ld names row "
			    "%s, which the input (%" PRIu64 " lines) "
			    "cannot have; the journal cannot be trusted "
			    "(--restart starts over and keeps it as "
			    ".prev)", j->path, lineno, f[1],
			    h->input_lines);
		else
			snprintf(err, errlen, "%s: line %ld is not a "
			    "record this version understands",
			    j->path, lineno);
		return -1;
	}
	return 0;
}

/* The counts of the rows loaded: records, done, sent without answer. */
static void
tally(struct journal *j)
{
	size_t	i;

	for (i = 0; i < j->nslot; i++)
		if (j->slot[i].e != NULL) {
			j->records++;
			if (j->slot[i].e->status == ST_PENDING)
				j->unsure++;
			else
				j->done++;
		}
}

/*
 * Reads every record. A line that is cut short or fails its checksum is
 * a torn write when it is the last one (ignored and cut off); anywhere
 * else the journal is damaged and nothing in it is trusted. 0, or -1 with
 * err.
 */
static int
load(struct journal *j, FILE *fp, const struct journal_head *h, char *err,
    size_t errlen)
{
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	off_t		 good = 0;
	long		 lineno = 0, bad = 0;
	int		 rc = 0;

	while ((len = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (bad) {
			snprintf(err, errlen, "%s: line %ld is damaged and "
			    "records follow it; the journal cannot be trusted "
			    "(--restart starts over and keeps it as .prev)",
			    j->path, bad);
			rc = -1;
			goto out;
		}
		if ((rc = load_line(j, line, len, lineno, h, err,
		    errlen)) < 0)
			goto out;
		if (rc == 1) {
			bad = lineno;
			rc = 0;
			continue;
		}
		good += len;
	}
	if (lineno == 0 || (bad == 1 && lineno == 1)) {
		snprintf(err, errlen, "%s is empty or holds only a torn "
		    "header; remove it or use --restart", j->path);
		rc = -1;
		goto out;
	}
	if (bad) {
		log_warn("%s: ignored its last line (%ld), torn when the run "
		    "was stopped while writing it", j->path, bad);
		if (ftruncate(j->fd, good) < 0) {
			snprintf(err, errlen, "%s: cannot cut off the torn "
			    "line: %s", j->path, strerror(errno));
			rc = -1;
			goto out;
		}
	}
	j->size = good;
	tally(j);
out:
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	return rc;
}

/*
 * Writes rec (wiped after) with one write(2); sync: fdatasync before
 * returning. *end (may be NULL): the file's size after the write.
 */
static int
append(struct journal *j, struct buf *rec, long rows, int sync, off_t *end,
    char *err, size_t errlen)
{
	size_t	 off = 0;
	ssize_t	 w;
	int	 e = 0;

	pthread_mutex_lock(&j->lock);
	if (j->broken) {
		snprintf(err, errlen, "%s", buf_cstr(&j->why));
		pthread_mutex_unlock(&j->lock);
		return -1;
	}
	while (off < rec->len) {
		if ((w = write(j->fd, rec->data + off, rec->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		off += (size_t)w;
	}
	if (e == 0) {
		j->size += (off_t)off;
		j->records += rows;
		if (end != NULL)
			*end = j->size;
	}
	else {
		/* Cut a partial record off so the file stays whole. */
		if (off > 0 && ftruncate(j->fd, j->size) < 0)
			log_debug("journal: cannot cut a partial write");
		j->broken = 1;
		buf_printf(&j->why, "cannot write the journal %s: %s",
		    j->path, strerror(e));
	}
	pthread_mutex_unlock(&j->lock);
	explicit_bzero(rec->data, rec->len);
	if (e == 0 && sync && fdatasync(j->fd) < 0) {
		e = errno;
		pthread_mutex_lock(&j->lock);
		if (!j->broken) {
			j->broken = 1;
			buf_printf(&j->why, "cannot sync the journal %s: %s",
			    j->path, strerror(e));
		}
		pthread_mutex_unlock(&j->lock);
	} else if (e == 0 && sync) {
		/* A sync error is reported once per open file: when another
		 * thread's sync failed meanwhile, ours may have "succeeded"
		 * over pages that were dropped. Trust nothing then. */
		pthread_mutex_lock(&j->lock);
		if (j->broken)
			e = EIO;
		pthread_mutex_unlock(&j->lock);
	}
	if (e != 0) {
		pthread_mutex_lock(&j->lock);
		snprintf(err, errlen, "%s", buf_cstr(&j->why));
		pthread_mutex_unlock(&j->lock);
		return -1;
	}
	return 0;
}

/*
 * Moves an old journal aside so its passwords survive: PATH.prev, or
 * PATH.prev.2, .3, ... when that is taken (link(2) never replaces).
 */
static int
move_aside(const char *path, char *err, size_t errlen)
{
	struct buf	prev = BUF_INIT;
	int		i, rc = -1;

	for (i = 1; i < 1000; i++) {
		buf_reset(&prev);
		if (i == 1)
			buf_printf(&prev, "%s.prev", path);
		else
			buf_printf(&prev, "%s.prev.%d", path, i);
		if (link(path, prev.data) == 0) {
			rc = 0;
			break;
		}
		if (errno != EEXIST)
			break;
	}
	if (rc == 0 && unlink(path) < 0)
		rc = -1;
	if (rc < 0)
		snprintf(err, errlen, "cannot move %s aside: %s", path,
		    strerror(errno));
	else
		log_info("the previous journal is kept as %s", prev.data);
	buf_free(&prev);
	return rc;
}

/* Tells why a journal in the way of a new run is there. */
static void
refuse(const char *path, int to_stdout, char *err, size_t errlen)
{
	FILE	*fp = fopen(path, "r");
	char	*line = NULL;
	size_t	 cap = 0;
	int	 finished = 0;

	while (fp != NULL && getline(&line, &cap, fp) > 0)
		finished = strlen(line) > 11 &&
		    strncmp(line + 8, " E\t", 3) == 0;
	if (fp != NULL)
		fclose(fp);
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	if (finished && to_stdout)
		snprintf(err, errlen, "%s says a run already finished with "
		    "its result on standard output; running again would send "
		    "every row again. Use --resume to print that result again "
		    "from the journal, or --restart to send every row again "
		    "(the old journal is kept as .prev)", path);
	else if (finished)
		snprintf(err, errlen, "%s says a run already finished with "
		    "this result file; running again would overwrite its "
		    "result (and its passwords). Use -o for another result, "
		    "--resume to rewrite the result from the journal, or "
		    "--restart to send every row again", path);
	else
		snprintf(err, errlen, "%s is the journal of an unfinished run; "
		    "add --resume to go on where it stopped, or --restart to "
		    "start over (the old journal is kept as .prev)", path);
}

/* Is another mailfleet run appending to the journal at path? */
static int
in_use(const char *path)
{
	int	fd, busy;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	busy = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return busy;
}

static void	*syncer_main(void *);

/* Everything loaded or written so far is durable: the syncer takes over. */
static struct journal *
start_syncer(struct journal *j, char *err, size_t errlen)
{
	j->synced = j->want = j->size;
	if ((errno = pthread_create(&j->syncer, NULL, syncer_main, j)) != 0) {
		snprintf(err, errlen, "journal %s: cannot start its thread: %s",
		    j->path, strerror(errno));
		journal_close(j);
		return NULL;
	}
	j->syncer_on = 1;
	return j;
}

/* Opens the journal a run left, locked, and loads it: 0, or -1 with err
 * (j->fd open or -1: the caller closes). */
static int
open_existing(struct journal *j, const struct journal_head *h, char *err,
    size_t errlen)
{
	FILE	*fp;
	int	 rc;

	if ((j->fd = open(j->path, O_RDWR | O_APPEND | O_NOFOLLOW |
	    O_CLOEXEC)) < 0 ||
	    flock(j->fd, LOCK_EX | LOCK_NB) < 0 ||
	    (fp = fdopen(dup(j->fd), "r")) == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	rc = load(j, fp, h, err, errlen);
	fclose(fp);
	return rc;
}

/* Creates the journal, locked, with its header record synced: 0, or -1
 * with err (nothing left on disk; j->fd open or -1: the caller closes). */
static int
create_new(struct journal *j, const struct journal_head *h, char *err,
    size_t errlen)
{
	struct buf	rec = BUF_INIT, pay = BUF_INIT;
	int		rc;

	j->fd = open(j->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
	    O_CLOEXEC, 0600);
	if (j->fd < 0 || flock(j->fd, LOCK_EX | LOCK_NB) < 0) {
		snprintf(err, errlen, "cannot create the journal %s: %s",
		    j->path, strerror(errno));
		if (j->fd >= 0)
			unlink(j->path);
		return -1;
	}
	put_field(&pay, "H");
	put_field(&pay, JOURNAL_MAGIC);
	put_field(&pay, JOURNAL_VERSION);
	put_field(&pay, h->op);
	put_field(&pay, h->kind);
	put_field(&pay, h->provider);
	put_field(&pay, h->base_url);
	buf_printf(&pay, "\t%016" PRIx64 "\t%" PRIu64, h->input_hash,
	    h->input_size);
	seal(&rec, &pay);
	buf_free(&pay);
	rc = append(j, &rec, 0, 1, NULL, err, errlen);
	buf_free(&rec);
	if (rc < 0) {
		unlink(j->path);
		return -1;
	}
	j->created = 1;
	if (afile_sync_dir(j->path, err, errlen) < 0)	/* best effort */
		log_debug("journal: %s", err);
	return 0;
}

struct journal *
journal_open(const char *path, const struct journal_head *h,
    enum journal_mode mode, char *err, size_t errlen)
{
	struct journal	*j;
	int		 exists, rc;

	exists = access(path, F_OK) == 0;
	if (exists && in_use(path)) {
		snprintf(err, errlen, "%s is in use by another mailfleet run "
		    "of this file; wait for it to end (or stop it)", path);
		return NULL;
	}
	if (exists && mode == JOURNAL_NEW) {
		refuse(path, h->to_stdout, err, errlen);
		return NULL;
	}
	if (exists && mode == JOURNAL_RESTART && move_aside(path, err,
	    errlen) < 0)
		return NULL;
	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(path);
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->want_cv, NULL);
	pthread_cond_init(&j->synced_cv, NULL);
	if (exists && mode == JOURNAL_RESUME)
		rc = open_existing(j, h, err, errlen);
	else {
		if (mode == JOURNAL_RESUME)
			log_info("%s: no journal, so nothing to resume: "
			    "starting from the first row", path);
		rc = create_new(j, h, err, errlen);
	}
	if (rc == 0)
		return start_syncer(j, err, errlen);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	journal_close(j);
	return NULL;
}

void
journal_close(struct journal *j)
{
	size_t	i;

	if (j == NULL)
		return;
	if (j->syncer_on) {
		pthread_mutex_lock(&j->lock);
		j->closing = 1;
		pthread_cond_signal(&j->want_cv);
		pthread_mutex_unlock(&j->lock);
		pthread_join(j->syncer, NULL);
	}
	if (j->fd >= 0)
		close(j->fd);
	if (j->created && j->records == 0 && j->fd >= 0)
		unlink(j->path);	/* a header alone tells nothing */
	for (i = 0; i < j->nslot; i++)
		entry_free(j->slot[i].e);
	free(j->slot);
	buf_free(&j->why);
	pthread_cond_destroy(&j->want_cv);
	pthread_cond_destroy(&j->synced_cv);
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	free(j);
}

const char *
journal_file(const struct journal *j)
{
	return j->path;
}

const struct journal_entry *
journal_entry(const struct journal *j, long seq)
{
	if (j == NULL || seq < 0)
		return NULL;
	return entry_get(j, seq);
}

long
journal_done(const struct journal *j)
{
	return j != NULL ? j->done : 0;
}

long
journal_unsure(const struct journal *j)
{
	return j != NULL ? j->unsure : 0;
}

/* The intents of the pending items that have none yet, not synced; *end
 * as append's. */
static int
write_intents(struct journal *j, struct item **items, size_t n,
    const char *op, off_t *end, char *err, size_t errlen)
{
	struct buf	rec = BUF_INIT, pay = BUF_INIT;
	size_t		i;
	int		rc = 0;

	for (i = 0; i < n; i++) {
		if (items[i]->journaled || items[i]->status != ST_PENDING)
			continue;
		put_field(&pay, "I");
		put_long(&pay, items[i]->seq);
		put_field(&pay, op);
		put_field(&pay, buf_cstr(&items[i]->rec.key));
		put_field(&pay, items[i]->password);
		seal(&rec, &pay);
	}
	if (rec.len > 0 && (rc = append(j, &rec, 1, 0, end, err,
	    errlen)) == 0)
		for (i = 0; i < n; i++)
			if (items[i]->status == ST_PENDING)
				items[i]->journaled = 1;
	buf_free(&rec);
	buf_free(&pay);
	return rc;
}

int
journal_intend(struct journal *j, struct item **items, size_t n,
    const char *op, char *err, size_t errlen)
{
	long long	ticket;

	if (j == NULL)
		return 0;
	/* Through the syncer, so that only one thread syncs the file: a
	 * sync error is reported to one caller only, and must break the
	 * journal for everyone before anyone trusts a later sync. */
	if (journal_intend_ahead(j, items, n, op, &ticket, err, errlen) < 0)
		return -1;
	return journal_durable(j, ticket, err, errlen);
}

int
journal_intend_ahead(struct journal *j, struct item **items, size_t n,
    const char *op, long long *ticket, char *err, size_t errlen)
{
	off_t	end = 0;

	*ticket = 0;
	if (j == NULL)
		return 0;
	if (write_intents(j, items, n, op, &end, err, errlen) < 0)
		return -1;
	pthread_mutex_lock(&j->lock);
	if (end > j->want) {
		j->want = end;
		pthread_cond_signal(&j->want_cv);
	}
	pthread_mutex_unlock(&j->lock);
	*ticket = (long long)end;
	return 0;
}

int
journal_durable(struct journal *j, long long ticket, char *err,
    size_t errlen)
{
	int	rc = 0;

	if (j == NULL || ticket <= 0)
		return 0;
	pthread_mutex_lock(&j->lock);
	while (!j->broken && j->synced < (off_t)ticket)
		pthread_cond_wait(&j->synced_cv, &j->lock);
	if (j->broken) {
		snprintf(err, errlen, "%s", buf_cstr(&j->why));
		rc = -1;
	}
	pthread_mutex_unlock(&j->lock);
	return rc;
}

/*
 * The syncer thread: one fdatasync for everything written so far whenever
 * something written ahead must be durable. A failed sync breaks the
 * journal (nothing more is written, every waiter is told).
 */
static void *
syncer_main(void *arg)
{
	struct journal	*j = arg;
	off_t		 target;
	int		 e;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		while (!j->closing && !j->broken && j->synced >= j->want)
			pthread_cond_wait(&j->want_cv, &j->lock);
		if (j->broken || j->synced >= j->want)
			break;		/* closing with nothing left */
		target = j->size;
		pthread_mutex_unlock(&j->lock);
		e = fdatasync(j->fd) < 0 ? errno : 0;
		pthread_mutex_lock(&j->lock);
		if (e != 0 && !j->broken) {
			j->broken = 1;
			buf_printf(&j->why, "cannot sync the journal %s: %s",
			    j->path, strerror(e));
		} else if (e == 0 && target > j->synced)
			j->synced = target;
		pthread_cond_broadcast(&j->synced_cv);
	}
	pthread_cond_broadcast(&j->synced_cv);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

int
journal_outcome(struct journal *j, struct item **items, size_t n,
    char *err, size_t errlen)
{
	struct buf	 rec = BUF_INIT, pay = BUF_INIT;
	struct item	*it;
	size_t		 i;
	int		 c, rc = 0;

	if (j == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		it = items[i];
		if (it->unsent && it->journaled && !it->maybe_sent) {
			/* Stopped before it left, or after answers that
			 * created nothing (no request of unknown outcome
			 * carried it: that sets maybe_sent): withdrawn, so
			 * --resume sends it without a lookup. */
			put_field(&pay, "N");
			put_long(&pay, it->seq);
			seal(&rec, &pay);
			continue;
		}
		/* Rows not sent, and rows whose outcome stayed unknown, get
		 * no outcome: --resume sends / looks them up again. */
		if (it->status == ST_PENDING || it->status == ST_INVALID ||
		    it->unsent || it->unsure)
			continue;
		put_field(&pay, "O");
		put_long(&pay, it->seq);
		put_field(&pay, row_status_name(it->status));
		put_long(&pay, it->http_status);
		put_long(&pay, it->attempts);
		put_field(&pay, buf_cstr(&it->error));
		for (c = 0; c < RES__COUNT; c++)
			put_field(&pay, it->res[c]);
		seal(&rec, &pay);
	}
	/* Not synced: a lost outcome costs one lookup on --resume. */
	if (rec.len > 0)
		rc = append(j, &rec, 1, 0, NULL, err, errlen);
	buf_free(&rec);
	buf_free(&pay);
	return rc;
}

int
journal_finish(struct journal *j, long rows, char *err, size_t errlen)
{
	struct buf	rec = BUF_INIT, pay = BUF_INIT;
	int		rc;

	if (j == NULL)
		return 0;
	if (j->records == 0) {
		/* Nothing was ever sent: the journal tells nothing. */
		journal_close(j);
		return 0;
	}
	put_field(&pay, "E");
	put_long(&pay, rows);
	seal(&rec, &pay);
	rc = append(j, &rec, 0, 1, NULL, err, errlen);
	buf_free(&rec);
	buf_free(&pay);
	journal_close(j);
	return rc;
}
