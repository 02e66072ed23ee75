/*
 * atomicfile.h - every file the project writes, written atomically.
 *
 * afile_open() creates a temporary file beside the target, under a name
 * nobody can predict (PATH.tmp.RANDOM), with O_CREAT|O_EXCL|O_NOFOLLOW:
 * a file or symlink planted in the folder is never opened, let alone
 * written through. Its mode is set with a checked fchmod(), so the umask
 * neither widens nor narrows it (0600 for anything holding secrets).
 * afile_commit() flushes, fsyncs, renames it over the target and fsyncs
 * the folder; rename() replaces a symlink at the target instead of
 * following it. Any failure removes the temporary file.
 *
 * Used by the result, --failed, plan, check, diff, wait, push and export
 * writers (csv_out.c, cmd_export.c) and by the sandbox's state and port
 * files.
 */
#ifndef MAILFLEET_ATOMICFILE_H
#define MAILFLEET_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct afile;

/* Opens the temporary file for path: NULL + err when it cannot be made.
 * "-" is standard output: no temporary file, commit only flushes it. */
struct afile *afile_open(const char *path, mode_t mode, char *err,
	    size_t errlen);
/* The stream to write to (owned by f). */
FILE	*afile_stream(struct afile *f);
/* The temporary file's name (for tests and messages). */
const char *afile_tmp_name(const struct afile *f);
/* Writes it to disk and renames it into place; frees f. 0, or -1 + err
 * (the target is then untouched and the temporary file gone). */
int	afile_commit(struct afile *f, char *err, size_t errlen);
/* Removes the temporary file; frees f. NULL is fine. */
void	afile_abort(struct afile *f);

/* The whole of data to path at once, as above. 0, or -1 + err. */
int	afile_write(const char *path, const void *data, size_t len,
	    mode_t mode, char *err, size_t errlen);

/* Makes a new or renamed directory entry under path's folder durable:
 * fsync of the folder. 0, or -1 + err. */
int	afile_sync_dir(const char *path, char *err, size_t errlen);

#endif
