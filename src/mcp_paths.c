/*
 * mcp_paths.c - where a tool may read and write.
 *
 * A path argument is resolved against the server's working directory;
 * its folder must exist and is resolved with realpath(3) (symlinks
 * followed), and so is the file itself when it is a symlink. The result
 * must lie inside the working directory or an --allow-dir given at the
 * server's start: an agent cannot make a command write (or read) across
 * the file system. The outputs a command derives from its input
 * (FILE.result.csv, FILE.plan.csv, the journal) are in the input's
 * folder, so the rule covers them too.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mcp.h"
#include "xmalloc.h"

/* Is path (real) root itself or inside it? */
static int
inside(const char *root, const char *path)
{
	size_t	n = strlen(root);

	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(root, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

static int
allowed(const struct mcp_server *s, const char *path)
{
	size_t	i;

	if (inside(s->cwd, path))
		return 1;
	for (i = 0; i < s->nallow; i++)
		if (inside(s->allow[i], path))
			return 1;
	return 0;
}

/* The real path of the folder of full, then its last name appended. */
static int
real_parent(const char *full, struct buf *out, struct buf *why)
{
	const char	*slash = strrchr(full, '/');
	const char	*base = slash + 1;
	struct buf	 dir = BUF_INIT;
	char		*real;

	buf_append(&dir, full, (size_t)(slash - full));
	real = realpath(dir.len > 0 ? dir.data : "/", NULL);
	if (real == NULL) {
		buf_printf(why, "folder %s: %s", buf_cstr(&dir),
		    strerror(errno));
		buf_free(&dir);
		return -1;
	}
	buf_reset(out);
	buf_puts(out, real);
	if (strcmp(real, "/") != 0)
		buf_putc(out, '/');
	buf_puts(out, base);
	free(real);
	buf_free(&dir);
	return 0;
}

int
mcp_path(const struct mcp_server *s, const char *arg, struct buf *out,
    struct buf *why)
{
	struct buf	 full = BUF_INIT;
	const char	*base;
	struct stat	 st;
	char		*real;
	int		 rc = -1;

	if (arg[0] == '\0') {
		buf_puts(why, "an empty path");
		return -1;
	}
	if (arg[0] != '/')
		buf_printf(&full, "%s/", s->cwd);
	buf_puts(&full, arg);
	while (full.len > 1 && full.data[full.len - 1] == '/')
		full.data[--full.len] = '\0';
	base = strrchr(full.data, '/') + 1;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    *base == '\0')
		buf_printf(why, "%s names a folder, not a file", arg);
	else if (real_parent(full.data, out, why) == 0)
		rc = 0;
	if (rc == 0 && lstat(out->data, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(out->data, NULL)) != NULL) {
			buf_reset(out);
			buf_puts(out, real);
			free(real);
		}
	}
	if (rc == 0 && !allowed(s, out->data)) {
		buf_printf(why, "%s is outside the server's working directory "
		    "%s (start the server with --allow-dir DIR to allow "
		    "another folder)", arg, s->cwd);
		rc = -1;
	}
	buf_free(&full);
	return rc;
}

int
mcp_allow_dir(struct mcp_server *s, const char *dir, struct buf *why)
{
	char	*real = realpath(dir, NULL);

	if (real == NULL) {
		buf_printf(why, "--allow-dir %s: %s", dir, strerror(errno));
		return -1;
	}
	s->allow = xrealloc(s->allow, (s->nallow + 1) * sizeof *s->allow);
	s->allow[s->nallow++] = real;
	return 0;
}
