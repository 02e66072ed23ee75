/*
 * iopaths.h - a command's input and output paths must name different files.
 *
 * Before anything is read for good, written or sent, every command that
 * reads a file and writes others passes its paths here: two that are the
 * same file (same device and inode where the file exists, the same
 * resolved path - real folder plus name - where it does not yet) are
 * refused, so a result never replaces its input and two writers never
 * share one file. "-" (standard input or output) and NULL are skipped.
 */
#ifndef MAILFLEET_IOPATHS_H
#define MAILFLEET_IOPATHS_H

#include <stddef.h>

struct io_path {
	const char	*role;		/* "the input", "-o", "--failed" ... */
	const char	*path;		/* NULL or "-": not a file */
	int		 input;		/* read only: may equal another input */
};

/* 0, or -1 + err naming both paths of the first pair that is one file
 * (two inputs may be one: `diff a.csv a.csv`). */
int	io_paths_distinct(const struct io_path *p, size_t n, char *err,
	    size_t errlen);

/* The same for one input and one output (-o, or the default result). */
int	io_output_not_input(const char *input, const char *output, char *err,
	    size_t errlen);

#endif
