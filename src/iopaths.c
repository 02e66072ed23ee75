/*
 * iopaths.c - refuse a command whose outputs are its input, or each other.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "iopaths.h"
#include "xmalloc.h"

/* What one path names: a file (device, inode) or a name to be. */
struct ident {
	int		 file;		/* 0: NULL or "-", not compared */
	int		 exists;
	dev_t		 dev;
	ino_t		 ino;
	char		*name;		/* real folder + "/" + last part */
};

/* The real path of path's folder plus its last part (or path itself when
 * the folder cannot be resolved). Caller frees. */
static char *
resolved_name(const char *path)
{
	const char	*slash = strrchr(path, '/');
	struct buf	 b = BUF_INIT;
	char		*dir, *real;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	if ((real = realpath(dir, NULL)) == NULL)
		buf_puts(&b, path);
	else
		buf_printf(&b, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
		    slash == NULL ? path : slash + 1);
	free(real);
	free(dir);
	return buf_detach(&b);
}

static void
identify(const char *path, struct ident *id)
{
	struct stat	st;

	memset(id, 0, sizeof *id);
	if (path == NULL || strcmp(path, "-") == 0)
		return;
	if (stat(path, &st) != 0) {
		id->file = 1;
		id->name = resolved_name(path);
		return;
	}
	/* A character device (/dev/null, a terminal) holds nothing that a
	 * second writer could overwrite: like "-", it is no file here. */
	if (S_ISCHR(st.st_mode))
		return;
	id->file = 1;
	id->exists = 1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
}

static int
same(const struct ident *a, const struct ident *b)
{
	if (!a->file || !b->file)
		return 0;
	if (a->exists || b->exists)
		return a->exists && b->exists && a->dev == b->dev &&
		    a->ino == b->ino;
	return strcmp(a->name, b->name) == 0;
}

int
io_paths_distinct(const struct io_path *p, size_t n, char *err,
    size_t errlen)
{
	struct ident	*id = xcalloc(n ? n : 1, sizeof *id);
	size_t		 i, j;
	int		 rc = 0;

	for (i = 0; i < n; i++)
		identify(p[i].path, &id[i]);
	for (i = 0; i < n && rc == 0; i++)
		for (j = i + 1; j < n && rc == 0; j++) {
			if ((p[i].input && p[j].input) ||
			    !same(&id[i], &id[j]))
				continue;
			snprintf(err, errlen, "%s (%s) and %s (%s) are the "
			    "same file: give each its own path; nothing was "
			    "written or sent", p[i].path, p[i].role,
			    p[j].path, p[j].role);
			rc = -1;
		}
	for (i = 0; i < n; i++)
		free(id[i].name);
	free(id);
	return rc;
}

int
io_output_not_input(const char *input, const char *output, char *err,
    size_t errlen)
{
	const struct io_path	p[2] = { { "the input", input, 1 },
				    { "the output", output, 0 } };

	return io_paths_distinct(p, 2, err, errlen);
}
