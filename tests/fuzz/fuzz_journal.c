/*
 * fuzz_journal.c - the journal loader: journal_open(JOURNAL_RESUME) on a
 * journal whose records the fuzzer writes (journal.c).
 *
 * Input: lines, each a record's payload (fields separated by tabs). The
 * harness seals each line as journal.c does ("CRC32 payload\n", the CRC
 * computed here), so inputs reach the record parser instead of failing
 * their checksum. A line starting with '!' is written as it is, without
 * the '!' (a damaged or hand-made line); a last line without '\n' is
 * sealed but left without one (a torn write). Unless the first line is a
 * header ("H\t..." or raw), the header of this run comes first: import
 * accounts maildoso, for an input of INPUT_ROWS rows the harness wrote.
 *
 * When the journal loads, every row's entry is read, and journal_done()
 * plus journal_unsure() must count the entries found.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fuzz_util.h"
#include "journal.h"
#include "log.h"

#define INPUT_ROWS	100
#define WALK_MAX	100000	/* entries read back after a load */

static struct journal_head	head;
static char			jpath[512];

static uint32_t
crc32(const char *p, size_t n)
{
	uint32_t	c = 0xffffffffu;
	int		k;

	while (n-- > 0) {
		c ^= (unsigned char)*p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

static void
seal(struct buf *out, const char *p, size_t n, int newline)
{
	buf_printf(out, "%08" PRIx32 " ", crc32(p, n));
	buf_append(out, p, n);
	if (newline)
		buf_putc(out, '\n');
}

/* The input of the run the journal belongs to, and its header. */
static void
setup(struct buf *hdr)
{
	struct buf	in = BUF_INIT;
	char		err[256], *p;
	int		i;

	buf_puts(&in, "email,first_name\n");
	for (i = 1; i <= INPUT_ROWS; i++)
		buf_printf(&in, "user%d@example.com,U%d\n", i, i);
	p = strdup(fuzz_path("input.csv"));
	fuzz_write(p, in.data, in.len);
	head.op = "import";
	head.kind = "accounts";
	head.provider = "maildoso";
	head.base_url = "http://127.0.0.1:1/maildoso";
	if (journal_fingerprint(p, &head, err, sizeof err) < 0)
		fuzz_fail("%s", err);
	free(p);
	buf_printf(hdr, "H\tmailfleet-journal\t1\t%s\t%s\t%s\t%s\t%016" PRIx64
	    "\t%" PRIu64, head.op, head.kind, head.provider, head.base_url,
	    head.input_hash, head.input_size);
	snprintf(jpath, sizeof jpath, "%s", fuzz_path("result.csv.journal"));
	buf_free(&in);
}

/* The row number of a record, unescaped as journal.c splits it; -1. */
static long
record_seq(const char *p, size_t n)
{
	struct buf	num = BUF_INIT;
	size_t		i = 0;
	long		seq;

	while (i < n && p[i] != '\t')
		i += p[i] == '\\' && i + 1 < n ? 2 : 1;
	for (i++; i < n && p[i] != '\t'; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		buf_putc(&num, p[i]);
	}
	seq = num.len > 0 ? strtol(buf_cstr(&num), NULL, 10) : -1;
	buf_free(&num);
	return seq;
}

/* The journal file for data; the highest row number named, or -1. */
static long
build(struct buf *out, const struct buf *hdr, const char *p, size_t n)
{
	const char	*nl;
	size_t		 len;
	long		 seq, max = -1;

	if (n < 2 || (p[0] != '!' && strncmp(p, "H\t", 2) != 0))
		seal(out, hdr->data, hdr->len, 1);
	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		if (p[0] == '!') {
			/* The CRC may be right: the fuzzer sees the compare. */
			buf_append(out, p + 1, len - 1 + (nl != NULL));
			seq = len > 10 ? record_seq(p + 10, len - 10) : -1;
		} else {
			seal(out, p, len, nl != NULL);
			seq = record_seq(p, len);
		}
		if (seq > max)
			max = seq;
		len += nl != NULL;
		p += len;
		n -= len;
	}
	return max;
}

/* Reads back every entry; the counts must match what was found. */
static void
walk(struct journal *j, long max)
{
	const struct journal_entry	*e;
	long				 seq, done = 0, unsure = 0;
	size_t				 sum = 0;
	int				 i;

	for (seq = 0; seq <= max && seq <= WALK_MAX; seq++) {
		if ((e = journal_entry(j, seq)) == NULL)
			continue;
		if (e->status == ST_PENDING)
			unsure++;
		else
			done++;
		sum += e->key != NULL ? strlen(e->key) : 0;
		sum += e->password != NULL ? strlen(e->password) : 0;
		sum += e->error != NULL ? strlen(e->error) : 0;
		for (i = 0; i < RES__COUNT; i++)
			sum += e->res[i] != NULL ? strlen(e->res[i]) : 0;
	}
	if (max <= WALK_MAX && (done != journal_done(j) ||
	    unsure != journal_unsure(j)))
		fuzz_fail("journal counts %ld done %ld unsure, entries say %ld "
		    "and %ld (%zu bytes)", journal_done(j), journal_unsure(j),
		    done, unsure, sum);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf	 hdr = BUF_INIT;
	struct buf		 file = BUF_INIT;
	struct journal		*j;
	char			 err[512], prev[600];
	long			 max;

	log_set_level(LOG_QUIET);
	if (hdr.len == 0)
		setup(&hdr);
	max = build(&file, &hdr, (const char *)data, size);
	unlink(jpath);
	snprintf(prev, sizeof prev, "%s.prev", jpath);
	unlink(prev);
	fuzz_write(jpath, file.data, file.len);
	j = journal_open(jpath, &head, JOURNAL_RESUME, err, sizeof err);
	fuzz_note("journal_open: %s", j != NULL ? "loaded" : err);
	if (j != NULL) {
		walk(j, max);
		(void)journal_file(j);
		journal_close(j);
	}
	buf_free(&file);
	return 0;
}
