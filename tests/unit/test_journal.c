/*
 * test_journal.c - the journal: records round-trip (escapes included), a
 * torn last line is cut off, damage before the end is refused, a journal
 * of another input / command / URL is refused, a new run refuses an
 * existing journal, --restart keeps the old one as .prev, a journal that
 * never recorded a row is removed, and an append that fails leaves the
 * file whole and refuses every later append.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_in.h"
#include "harness.h"
#include "job.h"
#include "journal.h"
#include "log.h"
#include "xmalloc.h"

static char	dir[] = "/tmp/mf-test-journal.XXXXXX";
static char	path[256], input[256];

static struct journal_head
head(void)
{
	struct journal_head	h;
	char			err[256];

	memset(&h, 0, sizeof h);
	h.op = "import";
	h.kind = "accounts";
	h.provider = "maildoso";
	h.base_url = "http://127.0.0.1:1/maildoso";
	if (journal_fingerprint(input, &h, err, sizeof err) < 0)
		fprintf(stderr, "fingerprint: %s\n", err);
	return h;
}

static struct item *
mkitem(long seq, const char *key, const char *password)
{
	struct csv_row	row;
	struct item	*it;

	memset(&row, 0, sizeof row);
	it = item_new(seq, &row);
	buf_puts(&it->rec.key, key);
	it->password = password ? xstrdup(password) : NULL;
	return it;
}

static void
write_input(const char *text)
{
	FILE	*fp = fopen(input, "w");

	fputs(text, fp);
	fclose(fp);
}

static void
reset(void)
{
	struct buf	b = BUF_INIT;

	unlink(path);
	buf_printf(&b, "%s.prev", path);
	unlink(b.data);
	buf_free(&b);
	write_input("email\na@x.com\nb@x.com\nc@x.com\n");
}

/* Three rows: 0 has an outcome, 1 only an intent, 2 nothing. */
static void
make_journal(void)
{
	struct journal_head	 h = head();
	struct journal		*j;
	struct item		*it[2];
	char			 err[256];

	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	it[0] = mkitem(0, "a@x.com", "pw\twith\ttabs\\and\nnewline");
	it[1] = mkitem(1, "b@x.com", "secondPW123");
	CHECK_INT(journal_intend(j, it, 2, "import", err, sizeof err), 0);
	CHECK(it[0]->journaled && it[1]->journaled);
	item_finish(it[0], ST_CREATED, 202, "note: a\tb");
	item_set(it[0], RES_ID, "77");
	item_set(it[0], RES_PASSWORD, it[0]->password);
	it[0]->attempts = 2;
	CHECK_INT(journal_outcome(j, it, 1, err, sizeof err), 0);
	journal_close(j);
	item_free(it[0]);
	item_free(it[1]);
}

static void
test_roundtrip(void)
{
	struct journal_head		 h;
	struct journal			*j;
	const struct journal_entry	*e;
	struct stat			 st;
	char				 err[256];

	reset();
	make_journal();
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	CHECK_INT(journal_done(j), 1);
	CHECK_INT(journal_unsure(j), 1);
	e = journal_entry(j, 0);
	CHECK(e != NULL);
	if (e != NULL) {
		CHECK_INT(e->status, ST_CREATED);
		CHECK_INT(e->http_status, 202);
		CHECK_INT(e->attempts, 2);
		CHECK_STR(e->key, "a@x.com");
		CHECK_STR(e->password, "pw\twith\ttabs\\and\nnewline");
		CHECK_STR(e->res[RES_PASSWORD], "pw\twith\ttabs\\and\nnewline");
		CHECK_STR(e->res[RES_ID], "77");
		CHECK_STR(e->error, "note: a\tb");
		CHECK(e->res[RES_SMTP_HOST] == NULL);
	}
	e = journal_entry(j, 1);
	CHECK(e != NULL && e->status == ST_PENDING);
	if (e != NULL)
		CHECK_STR(e->password, "secondPW123");
	CHECK(journal_entry(j, 2) == NULL);
	CHECK(journal_entry(j, 100000) == NULL);
	journal_close(j);
}

/*
 * Intents written ahead become durable through the syncer; a row that
 * never left, or whose answers made nothing, is withdrawn (N), so --resume
 * neither looks it up nor counts it unsure; a row an unanswered request
 * carried (maybe_sent; also every row a previous run sent) is not.
 */
static void
test_ahead_and_withdrawn(void)
{
	struct journal_head		 h;
	struct journal			*j;
	const struct journal_entry	*e;
	struct item			*it[4];
	long long			 ticket = -1;
	char				 err[256];
	int				 i;

	reset();
	h = head();
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	it[0] = mkitem(0, "a@x.com", "firstPW1234");
	it[1] = mkitem(1, "b@x.com", "secondPW123");
	it[2] = mkitem(2, "c@x.com", "thirdPW1234");
	it[3] = mkitem(3, "d@x.com", "fourthPW123");
	CHECK_INT(journal_intend_ahead(j, it, 4, "import", &ticket, err,
	    sizeof err), 0);
	CHECK(ticket > 0);
	CHECK(it[0]->journaled && it[3]->journaled);
	CHECK_INT(journal_durable(j, ticket, err, sizeof err), 0);
	CHECK_INT(journal_durable(j, ticket, err, sizeof err), 0);
	item_finish(it[0], ST_CREATED, 202, NULL);
	it[0]->attempts = 1;
	for (i = 1; i < 4; i++) {
		item_finish(it[i], ST_SKIPPED, 0, "not sent: interrupted");
		it[i]->unsent = 1;
	}
	it[2]->attempts = 1;		/* answered (429), then stopped */
	it[3]->attempts = 1;
	it[3]->maybe_sent = 1;		/* unanswered, not found: may be
					   carried out yet */
	CHECK_INT(journal_outcome(j, it, 4, err, sizeof err), 0);
	journal_close(j);
	for (i = 0; i < 4; i++)
		item_free(it[i]);

	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	CHECK_INT(journal_done(j), 1);
	CHECK_INT(journal_unsure(j), 1);
	e = journal_entry(j, 0);
	CHECK(e != NULL && e->status == ST_CREATED);
	CHECK(journal_entry(j, 1) == NULL);		/* withdrawn */
	CHECK(journal_entry(j, 2) == NULL);		/* withdrawn */
	e = journal_entry(j, 3);
	CHECK(e != NULL && e->status == ST_PENDING);
	if (e != NULL)
		CHECK_STR(e->password, "fourthPW123");
	journal_close(j);
}

static off_t
file_size(void)
{
	struct stat	st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
append_raw(const char *s)
{
	int	fd = open(path, O_WRONLY | O_APPEND);

	if (write(fd, s, strlen(s)) < 0)
		perror("write");
	close(fd);
}

static void
test_torn_tail_is_cut(void)
{
	struct journal_head	 h;
	struct journal		*j;
	off_t			 whole;
	char			 err[256];

	reset();
	make_journal();
	whole = file_size();
	append_raw("1234abcd O\t2\tcrea");	/* killed mid-record */
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	CHECK_INT(journal_done(j), 1);
	CHECK_INT(journal_unsure(j), 1);
	CHECK_INT(file_size(), whole);	/* the torn line is gone */
	journal_close(j);

	/* A whole line with a wrong checksum at the end: also torn. */
	append_raw("00000000 I\t2\timport\tc@x.com\tpw\n");
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	CHECK(journal_entry(j, 2) == NULL);
	CHECK_INT(file_size(), whole);
	journal_close(j);
}

static void
test_damage_before_end_refused(void)
{
	struct journal_head	 h;
	struct journal		*j;
	off_t			 before;
	char			 err[256] = "";

	reset();
	make_journal();
	append_raw("00000000 I\t2\timport\tc@x.com\tpw\n");
	append_raw("deadbeef I\t3\timport\td@x.com\tpw\n");
	before = file_size();
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "line 5 is damaged");
	CHECK_INT(file_size(), before);	/* nothing cut, nothing lost */
	journal_close(j);
}

static void
test_other_input_refused(void)
{
	struct journal_head	 h;
	struct journal		*j;
	char			 err[512] = "";

	reset();
	make_journal();
	write_input("email\na@x.com\nb@x.com\nc@x.com\nd@x.com\n");
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "another input");
	/* Same size, other bytes. */
	write_input("email\na@x.com\nb@x.com\nc@y.com\n");
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "another input");
	write_input("email\na@x.com\nb@x.com\nc@x.com\n");
	h = head();
	h.kind = "domains";
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "`import accounts`, not `import domains`");
	h = head();
	h.base_url = "https://api.maildoso.com";
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "--api-url");
}

static void
test_new_run_refuses_and_restart_keeps_prev(void)
{
	struct journal_head	 h;
	struct journal		*j;
	struct buf		 prev = BUF_INIT;
	char			 err[512] = "";

	reset();
	make_journal();
	h = head();
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "unfinished run");
	CHECK_CONTAINS(err, "--resume");
	j = journal_open(path, &h, JOURNAL_RESTART, err, sizeof err);
	CHECK(j != NULL);
	buf_printf(&prev, "%s.prev", path);
	CHECK(access(prev.data, F_OK) == 0);
	CHECK(journal_entry(j, 0) == NULL);
	/* A finished run is refused too, with another message. */
	{
		struct item	*it = mkitem(0, "a@x.com", "pw");
		CHECK_INT(journal_intend(j, &it, 1, "import", err,
		    sizeof err), 0);
		item_free(it);
	}
	CHECK_INT(journal_finish(j, 3, err, sizeof err), 0);
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j == NULL);
	CHECK_CONTAINS(err, "already finished");
	/* A finished journal resumes (to rewrite the result). */
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	CHECK(journal_entry(j, 0) != NULL);
	journal_close(j);
	/* A second --restart never replaces the first .prev. */
	j = journal_open(path, &h, JOURNAL_RESTART, err, sizeof err);
	CHECK(j != NULL);
	journal_close(j);
	buf_printf(&prev, ".2");
	CHECK(access(prev.data, F_OK) == 0);
	unlink(prev.data);
	buf_free(&prev);
}

static void
test_empty_journal_removed(void)
{
	struct journal_head	 h;
	struct journal		*j;
	char			 err[256];

	reset();
	h = head();
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j != NULL);
	CHECK(access(path, F_OK) == 0);
	journal_close(j);	/* nothing was sent: nothing to resume */
	CHECK(access(path, F_OK) != 0);
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK_INT(journal_finish(j, 0, err, sizeof err), 0);
	CHECK(access(path, F_OK) != 0);
}

/* Over RLIMIT_FSIZE (SIGXFSZ ignored) an append fails with EFBIG: the
 * partial record is cut off and later appends are refused. */
static void
test_failed_append_keeps_file_whole(void)
{
	struct journal_head	 h;
	struct journal		*j;
	struct rlimit		 old, lim;
	struct item		*it;
	off_t			 before;
	char			 err[256] = "", big[3000];
	int			 rc;

	reset();
	signal(SIGXFSZ, SIG_IGN);
	h = head();
	j = journal_open(path, &h, JOURNAL_NEW, err, sizeof err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	before = file_size();
	memset(big, 'p', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	it = mkitem(0, "a@x.com", big);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = (rlim_t)before + 1000;
	setrlimit(RLIMIT_FSIZE, &lim);
	rc = journal_intend(j, &it, 1, "import", err, sizeof err);
	setrlimit(RLIMIT_FSIZE, &old);
	CHECK_INT(rc, -1);
	CHECK_CONTAINS(err, "File too large");
	CHECK(!it->journaled);
	CHECK_INT(file_size(), before);
	item_free(it);
	it = mkitem(1, "b@x.com", "small");
	CHECK_INT(journal_intend(j, &it, 1, "import", err, sizeof err), -1);
	item_free(it);
	journal_close(j);
}

static void
test_fingerprint(void)
{
	struct journal_head	h1, h2;
	char			err[256];

	write_input("email\na@x.com\n");
	CHECK_INT(journal_fingerprint(input, &h1, err, sizeof err), 0);
	write_input("email\na@x.con\n");
	CHECK_INT(journal_fingerprint(input, &h2, err, sizeof err), 0);
	CHECK(h1.input_hash != h2.input_hash);
	CHECK_INT(h1.input_size, h2.input_size);
	CHECK_INT(h1.input_lines, 2);
	write_input("email\r\na@x.com\rb@x.com");
	CHECK_INT(journal_fingerprint(input, &h1, err, sizeof err), 0);
	CHECK_INT(h1.input_lines, 3);
	CHECK_INT(journal_fingerprint("/nonexistent/x", &h1, err,
	    sizeof err), -1);
	CHECK_CONTAINS(err, "/nonexistent/x");
}

/* CRC-32 (IEEE, reflected), as the journal seals its lines. */
static unsigned long
crc32_of(const char *p, size_t n)
{
	unsigned long	c = 0xffffffffUL;
	int		k;

	while (n-- > 0) {
		c ^= (unsigned char)*p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320UL : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

/* Appends payload as a well-formed line: its CRC, a space, a newline. */
static void
append_record(const char *payload)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%08lx %s\n", crc32_of(payload, strlen(payload)),
	    payload);
	append_raw(b.data);
	buf_free(&b);
}

/*
 * A well-formed record naming a row the input cannot have (found by
 * fuzzing: seq 4000000000000 made the loader ask for 32 TiB and abort) is
 * damage: the journal is refused, its memory never follows the number.
 * The input has 3 data rows and 4 line ends.
 */
/* An outcome record "O\tSEQ\tcreated\t202\t1" with its error and
 * RES__COUNT result fields empty, whatever the number of result columns. */
static const char *
outcome_record(char *b, size_t len, int seq)
{
	size_t	n = (size_t)snprintf(b, len, "O\t%d\tcreated\t202\t1", seq);
	size_t	i;

	for (i = 0; i <= RES__COUNT && n + 1 < len; i++)
		b[n++] = '\t';
	b[n] = '\0';
	return b;
}

static void
test_row_beyond_input_refused(void)
{
	char			 o4[128], o2[128];
	const char *const	 bad[] = { "I\t4000000000000\t\t\t",
	    "I\t500001001\timport\tz@x.com\t", "I\t4\timport\td@x.com\tpw",
	    outcome_record(o4, sizeof o4, 4), "N\t9223372036854775807" };
	struct journal_head	 h;
	struct journal		*j;
	char			 err[512];
	size_t			 i;

	snprintf(o2, sizeof o2, "O\t2\tcreated\t202\t1\t%*s", RES__COUNT,
	    "");
	snprintf(o4, sizeof o4, "O\t4\tcreated\t202\t1\t%*s", RES__COUNT,
	    "");
	for (i = 0; o2[i] != '\0'; i++)
		if (o2[i] == ' ')
			o2[i] = o4[i] = '\t';
	reset();
	make_journal();
	/* Within the bound, an intent and an outcome of the same shape. */
	append_record("I\t3\timport\td@x.com\tpw");
	append_record(outcome_record(o2, sizeof o2, 2));
	h = head();
	j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
	CHECK(j != NULL);
	CHECK(journal_entry(j, 3) != NULL);
	CHECK_INT(journal_unsure(j), 2);
	CHECK_INT(journal_done(j), 2);
	journal_close(j);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		reset();
		make_journal();
		append_record(bad[i]);
		err[0] = '\0';
		h = head();
		j = journal_open(path, &h, JOURNAL_RESUME, err, sizeof err);
		CHECK(j == NULL);
		CHECK_CONTAINS(err, "line 5 names row");
		journal_close(j);
	}
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/r.csv.journal", dir);
	snprintf(input, sizeof input, "%s/in.csv", dir);
	log_set_level(LOG_QUIET);
	TEST(test_roundtrip);
	TEST(test_ahead_and_withdrawn);
	TEST(test_torn_tail_is_cut);
	TEST(test_damage_before_end_refused);
	TEST(test_other_input_refused);
	TEST(test_new_run_refuses_and_restart_keeps_prev);
	TEST(test_empty_journal_removed);
	TEST(test_failed_append_keeps_file_whole);
	TEST(test_fingerprint);
	TEST(test_row_beyond_input_refused);
	reset();
	unlink(input);
	{
		char	p[300];

		snprintf(p, sizeof p, "%s.prev", path);
		unlink(p);
	}
	rmdir(dir);
	return th_done();
}
