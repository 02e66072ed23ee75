/*
 * persist.h - --state FILE: the store as JSON, loaded at start and written
 * atomically (temporary file + rename) after changes and on exit.
 */
#ifndef MAILFLEET_SANDBOX_PERSIST_H
#define MAILFLEET_SANDBOX_PERSIST_H

#include <stddef.h>

#include "buf.h"
#include "sandbox/store.h"

/* Serialise (caller holds the lock) and parse back. */
void	 sbx_persist_dump(struct store *st, double now, struct buf *out);
/* Load into an empty store; *clock gets the saved provider time. */
int	 sbx_persist_load_text(struct store *st, const char *text, size_t len,
	    double *clock, char *err, size_t errlen);
/* File versions; a missing file loads as an empty store (returns 0). */
int	 sbx_persist_load(struct store *st, const char *path, double *clock,
	    char *err, size_t errlen);
int	 sbx_persist_save(const char *path, const struct buf *text, char *err,
	    size_t errlen);

#endif
