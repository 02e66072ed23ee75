/*
 * atomicfile.c - a temporary file beside the target, renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "xmalloc.h"

#define NAME_CHARS	16	/* 16 of 62 symbols: 95 bits */
#define NAME_TRIES	100

struct afile {
	char	*path;		/* the target; NULL for standard output */
	char	*tmp;		/* the temporary file */
	FILE	*fp;
	int	 device;	/* written in place: a device or FIFO */
};

/* PATH.tmp.RANDOM into b: 0, or -1 when no randomness is to be had. */
static int
tmp_name(struct buf *b, const char *path)
{
	static const char	abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char		r[NAME_CHARS];
	size_t			i;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return -1;
	buf_reset(b);
	buf_printf(b, "%s.tmp.", path);
	for (i = 0; i < sizeof r; i++)
		buf_putc(b, abc[r[i] % (sizeof abc - 1)]);
	return 0;
}

/* A new file no one else made: O_EXCL refuses a name that exists, a
 * symlink included; O_NOFOLLOW says so again. */
static int
create_tmp(struct buf *name, const char *path, mode_t mode)
{
	int	fd = -1, i;

	for (i = 0; i < NAME_TRIES && fd < 0; i++) {
		if (tmp_name(name, path) < 0)
			return -1;
		fd = open(buf_cstr(name), O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	return fd;
}

/*
 * A target that exists and is not a regular file: a device such as
 * /dev/null or /dev/stdout, or a FIFO, is written in place (renaming over
 * it would replace the device node: run as root, -o /dev/null would put
 * a regular file holding the result there); a folder or socket is
 * refused. 1 with *fp set, 0 for a regular file (or none, or a symlink,
 * which rename replaces), -1 + err.
 */
static int
open_special(const char *path, struct afile **out, char *err,
    size_t errlen)
{
	struct afile	*f;
	struct stat		 st;
	int			 fd;

	if (lstat(path, &st) != 0 || S_ISREG(st.st_mode) ||
	    S_ISLNK(st.st_mode))
		return 0;
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    S_ISDIR(st.st_mode) ? "is a directory" :
		    "not a regular file");
		return -1;
	}
	if ((fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY |
	    O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		return -1;
	}
	f = xcalloc(1, sizeof *f);
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		close(fd);
		free(f);
		return -1;
	}
	f->path = xstrdup(path);
	f->device = 1;
	*out = f;
	return 1;
}

struct afile *
afile_open(const char *path, mode_t mode, char *err, size_t errlen)
{
	struct afile	*f;
	struct buf		 name = BUF_INIT;
	int			 fd, e;

	if (strcmp(path, "-") == 0) {
		f = xcalloc(1, sizeof *f);
		f->fp = stdout;
		return f;
	}
	switch (open_special(path, &f, err, errlen)) {
	case 1:
		return f;
	case -1:
		return NULL;
	}
	if ((fd = create_tmp(&name, path, mode)) < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		buf_free(&name);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->tmp = buf_detach(&name);
	/* The umask must neither widen nor narrow the mode. */
	if (fchmod(fd, mode) != 0 || (f->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		afile_abort(f);
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(e));
		return NULL;
	}
	f->path = xstrdup(path);
	return f;
}

FILE *
afile_stream(struct afile *f)
{
	return f->fp;
}

const char *
afile_tmp_name(const struct afile *f)
{
	return f->tmp;
}

int
afile_sync_dir(const char *path, char *err, size_t errlen)
{
	char	*dir = xstrdup(path), *slash = strrchr(dir, '/');
	int	 fd, rc = 0;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	fd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	/* EINVAL: a file system that cannot sync folders (nothing to do). */
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
		snprintf(err, errlen, "cannot sync the folder of %s: %s", path,
		    strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int
afile_commit(struct afile *f, char *err, size_t errlen)
{
	FILE	*fp = f->fp;
	int	 rc = -1;

	f->fp = NULL;
	if (f->path == NULL) {			/* standard output */
		if (fflush(fp) == 0 && !ferror(fp))
			rc = 0;
		else
			snprintf(err, errlen, "cannot write standard output: "
			    "%s", strerror(errno));
	} else if (f->device) {			/* nothing to rename */
		if (fclose(fp) == 0)
			rc = 0;
		else
			snprintf(err, errlen, "cannot write %s: %s", f->path,
			    strerror(errno));
	} else if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", f->path,
		    strerror(errno));
		fclose(fp);
	} else if (fclose(fp) != 0)
		snprintf(err, errlen, "cannot write %s: %s", f->path,
		    strerror(errno));
	else if (rename(f->tmp, f->path) != 0)
		snprintf(err, errlen, "cannot replace %s: %s", f->path,
		    strerror(errno));
	else {
		free(f->tmp);
		f->tmp = NULL;		/* renamed: nothing to remove */
		rc = afile_sync_dir(f->path, err, errlen);
	}
	afile_abort(f);
	return rc;
}

void
afile_abort(struct afile *f)
{
	if (f == NULL)
		return;
	if (f->fp != NULL && f->path != NULL)
		fclose(f->fp);
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
}

int
afile_write(const char *path, const void *data, size_t len,
    mode_t mode, char *err, size_t errlen)
{
	struct afile	*f;

	if ((f = afile_open(path, mode, err, errlen)) == NULL)
		return -1;
	if (len > 0 && fwrite(data, 1, len, f->fp) != len) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		afile_abort(f);
		return -1;
	}
	return afile_commit(f, err, errlen);
}
