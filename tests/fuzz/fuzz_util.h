/*
 * fuzz_util.h - what the libFuzzer targets in tests/fuzz/ share.
 *
 * Targets that read files (the CSV reader, the journal, diff) get their
 * input written to a scratch folder made once per process and removed at
 * exit; TMPDIR points there too, so temporary files the code under test
 * makes (dupscan) stay inside it. A small deterministic generator turns
 * a seed taken from the input into chunk sizes and choices, so that every
 * input replays the same way.
 */
#ifndef MAILFLEET_FUZZ_UTIL_H
#define MAILFLEET_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Every target's entry point (libFuzzer calls it; declared for -Wmissing-prototypes). */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The path of name inside the scratch folder (static storage, one per name
 * until the next call with another name: copy it when you keep two). */
const char *fuzz_path(const char *name);
/* Writes len bytes to path (created or truncated); aborts on failure. */
void	fuzz_write(const char *path, const void *data, size_t len);
/* Prints "fuzz: <why>" on stderr and aborts: an invariant was broken. */
void	fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

/* The first occurrence of the string s in p[0..len), or NULL. */
const char *fuzz_find(const char *p, size_t len, const char *s);

/* With FUZZ_VERBOSE set, prints "fuzz: <what>" on stderr (what a seed
 * reaches: a refusal's message, an answer's status); else nothing. */
void	fuzz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A splitmix64 stream for chunk sizes and choices. */
struct fuzz_rng {
	uint64_t	s;
};

void	 fuzz_rng_seed(struct fuzz_rng *r, uint64_t seed);
/* A value in [0, n); n > 0. */
size_t	 fuzz_rng_below(struct fuzz_rng *r, size_t n);

#endif
