/*
 * dupscan.h - duplicate keys of a whole file, found on disk before it is
 * streamed, so that memory does not grow with the file.
 *
 * The in-memory struct dupset costs 12-24 bytes per distinct key: 20 MB
 * for a million rows. A regular file can be read twice, so the first pass
 * (which counts the rows for the quota and the progress line anyway) hands
 * every valid row's key to a dupscan instead:
 *
 *	struct dupscan *s = dupscan_new(file_size, err, sizeof err);
 *	for each valid row:  dupscan_add(s, key, len, line, ...);
 *	dupscan_finish(s, &ndups, ...);		// the duplicates, found
 *	for each row again, in the same order:
 *		first = dupscan_query(s, key, len, line);  // 0: not a dup
 *	dupscan_free(s);
 *
 * On disk (an unlinked temporary file under $TMPDIR, holding hashes and
 * line numbers, never keys): the 64-bit key hashes (dupset_hash()) go to
 * one of P partitions by their top bits; dupscan_finish() loads one
 * partition at a time, finds the lines whose hash an earlier line had, and
 * writes those (line, first line) pairs back sorted by line. A query reads
 * its partition's pairs forward: lines must be queried in increasing order.
 * Memory: P staging blocks plus one partition, P chosen from the file size
 * so a partition holds some 16k keys (a few hundred KB in all).
 *
 * Like dupset, two keys share a hash with probability ~n^2/2^65.
 * Errors (the temporary file cannot be created or written): -1 / NULL and
 * a message in err; the caller falls back to a struct dupset.
 */
#ifndef MAILFLEET_DUPSCAN_H
#define MAILFLEET_DUPSCAN_H

#include <stddef.h>
#include <stdint.h>

struct dupscan;

/* size_hint: the input's size in bytes (chooses the partition count). */
struct dupscan *dupscan_new(long long size_hint, char *err, size_t errlen);
void	dupscan_free(struct dupscan *s);

/* First pass: the key of the valid row at line (lines increase). */
int	dupscan_add(struct dupscan *s, const char *key, size_t len, long line,
	    char *err, size_t errlen);
/* Ends the first pass; *ndups: rows whose key an earlier row had. */
int	dupscan_finish(struct dupscan *s, long *ndups, char *err,
	    size_t errlen);
/*
 * Second pass: 0 when line's key is its first appearance (or the scan
 * failed to read its file: a duplicate is then sent and answered
 * "exists" by the provider), else the first line that had it.
 */
long	dupscan_query(struct dupscan *s, const char *key, size_t len,
	    long line);

#endif
