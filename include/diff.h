/*
 * diff.h - compares two CSV snapshots by a key column (`mailfleet diff`).
 *
 * Rows are matched by key (compared without regard to case; keys of
 * digits only compare as numbers, so exports ordered by id count as
 * sorted). When both files are sorted by key (checked in a first pass
 * that reads only the keys) they are merged in one streaming pass in
 * constant memory. Otherwise OLD is held in memory (its rows, packed) up
 * to max_memory bytes, and NEW streamed against it.
 *
 * Columns are matched by name (any case, ignoring spaces, '_' and '-'),
 * never by alias: aliases only find the key column, so id and domain_id
 * are two columns. A column only one file has counts as empty in the
 * other.
 */
#ifndef MAILFLEET_DIFF_H
#define MAILFLEET_DIFF_H

#include <stddef.h>

#define DIFF_DEFAULT_MAX_MEMORY	((size_t)256 << 20)

struct diff_opts {
	const char	*key;		/* key column; NULL: "email" */
	char		 delim;		/* input delimiter, 0: detect */
	size_t		 max_memory;	/* 0: DIFF_DEFAULT_MAX_MEMORY */
	int		 out_flags;	/* CSV_OUT_* for the result */
};

struct diff_result {
	long		added, removed, changed, same;
	long		skipped;	/* rows without a key, or broken */
	int		streamed;	/* 1: both sorted, merged in one pass */
	size_t		memory;		/* bytes held for OLD (not streamed) */
};

/*
 * Writes the differences to out ("-": standard output) as CSV:
 * change (added, removed, changed), the key, changed_columns (names
 * joined with ';'), then every column (NEW's, then those only OLD has)
 * with NEW's values (OLD's for removed rows).
 * Returns 0, or an exit code (cmd.h: EXIT_DATA, EXIT_NOINPUT, EXIT_IO)
 * with err.
 */
int	diff_files(const char *old_path, const char *new_path,
	    const struct diff_opts *o, const char *out, struct diff_result *res,
	    char *err, size_t errlen);

#endif
