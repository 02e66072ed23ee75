/*
 * journal.h - the append-only journal of a write command (RESULT.journal).
 *
 * Before a request leaves, the intent of each of its rows is appended
 * (row, key, operation, the password it carries) and made durable with one
 * fdatasync per batch; after the answer, each row's outcome is appended.
 * Every record is one line, "CRC32 payload", written with one write(2):
 * a run killed mid-write leaves at most a torn last line, which the next
 * open detects by its checksum and cuts off.
 *
 * --resume loads the journal: rows with an outcome are not sent again, rows
 * with only an intent are looked up before they are sent again with the
 * same password. The result CSV is rebuilt from the journal plus the input.
 *
 * The file is 0600: intents hold passwords. Writers are the worker threads
 * (intents, outcomes) and the main thread (outcomes of rows it finishes,
 * the end record); a mutex orders the appends.
 */
#ifndef MAILFLEET_JOURNAL_H
#define MAILFLEET_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "job.h"

/* What a journal belongs to: checked on --resume. */
struct journal_head {
	const char	*op;		/* "import", "update", "delete" */
	const char	*kind;
	const char	*provider;
	const char	*base_url;
	uint64_t	 input_hash;	/* journal_fingerprint() */
	uint64_t	 input_size;
	int		 to_stdout;	/* the result goes to standard output
					 * (not recorded: for messages) */
	/* Its \n and \r bytes: no data row's seq reaches it, so a record
	 * naming a higher row is damage. Not written to the header. */
	uint64_t	 input_lines;
};

/* What the journal says of one row (from a previous run). */
struct journal_entry {
	char		*key;
	char		*password;	/* from the intent; NULL when none */
	enum row_status	 status;	/* ST_PENDING: intent, no outcome */
	int		 http_status;
	int		 attempts;
	char		*error;
	char		*res[RES__COUNT];
};

enum journal_mode {
	JOURNAL_NEW,		/* refuse when a journal is there */
	JOURNAL_RESUME,		/* load it (a missing one starts afresh) */
	JOURNAL_RESTART		/* move it aside to PATH.prev, start afresh */
};

struct journal;

/* A fingerprint of the input's bytes (not cryptographic: it tells one
 * file from another, it does not resist forgery): fills h's input_hash,
 * input_size and input_lines. 0, or -1 + err. */
int	journal_fingerprint(const char *path, struct journal_head *h,
	    char *err, size_t errlen);

/* RESULT.journal for a result path; for "-" (standard output),
 * INPUT.stdout.journal, not the journal of INPUT's default result file.
 * Caller frees. */
char	*journal_path(const char *outpath, const char *input);

/*
 * Opens (and with JOURNAL_RESUME loads) the journal at path for a run
 * described by h. NULL + err when it cannot be used: it exists and mode is
 * JOURNAL_NEW, it belongs to another input or command, it is damaged
 * before its last line, or it cannot be created.
 */
struct journal *journal_open(const char *path, const struct journal_head *h,
	    enum journal_mode mode, char *err, size_t errlen);
/* Closes without the end record (the run is unfinished). NULL is fine. */
void	journal_close(struct journal *j);

/* The journal's path. */
const char *journal_file(const struct journal *j);
/* The previous run's record of row seq, or NULL. */
const struct journal_entry *journal_entry(const struct journal *j, long seq);
/* Rows with an outcome / with only an intent, as loaded. */
long	journal_done(const struct journal *j);
long	journal_unsure(const struct journal *j);

/*
 * Appends the intents of the pending items that have none yet and makes
 * them durable. Nothing may be sent when this fails (-1 + err); after a
 * failure every later append fails too, so the file stays consistent.
 */
int	journal_intend(struct journal *j, struct item **items, size_t n,
	    const char *op, char *err, size_t errlen);
/*
 * The same, written ahead without waiting for the disk: *ticket names the
 * write, and journal_durable(ticket) must return 0 before any of these
 * items is sent. A syncer thread makes them durable meanwhile (one
 * fdatasync for everything written since the last), so a worker that
 * picks the batch up later seldom waits. -1 + err as journal_intend().
 */
int	journal_intend_ahead(struct journal *j, struct item **items, size_t n,
	    const char *op, long long *ticket, char *err, size_t errlen);
/* Waits until the write named by ticket is on disk: 0, or -1 + err when
 * the journal cannot be synced (nothing may be sent then). */
int	journal_durable(struct journal *j, long long ticket, char *err,
	    size_t errlen);
/*
 * Appends the outcomes of the finished items. Invalid rows, rows the run
 * stopped before (unsent) and rows whose outcome stayed unknown (unsure)
 * get none: --resume checks, sends or looks them up again. An unsent row
 * with an intent that no request of unknown outcome carried (it never
 * left, or every answer said nothing was made) gets an N record
 * (withdrawn): --resume sends it without looking it up.
 */
int	journal_outcome(struct journal *j, struct item **items, size_t n,
	    char *err, size_t errlen);
/* The run finished every row: appends the end record, syncs, closes. */
int	journal_finish(struct journal *j, long rows, char *err,
	    size_t errlen);

#endif
