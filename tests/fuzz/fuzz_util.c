/*
 * fuzz_util.c - the scratch folder, file writing and the generator the
 * fuzz targets share (see fuzz_util.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"

static char	scratch[256];
static char	path[512];

/* Removes the scratch folder's files, then the folder (no subfolders). */
static void
remove_scratch(void)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[512];

	if (scratch[0] == '\0' || (d = opendir(scratch)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", scratch, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(scratch);
}

static void
make_scratch(void)
{
	const char	*base = getenv("FUZZ_TMPDIR");

	if (base == NULL)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(scratch, sizeof scratch, "%s/mf-fuzz.XXXXXX", base);
	if (mkdtemp(scratch) == NULL)
		fuzz_fail("cannot make a scratch folder in %s", base);
	setenv("TMPDIR", scratch, 1);
	atexit(remove_scratch);
}

const char *
fuzz_path(const char *name)
{
	if (scratch[0] == '\0')
		make_scratch();
	snprintf(path, sizeof path, "%s/%s", scratch, name);
	return path;
}

void
fuzz_write(const char *p, const void *data, size_t len)
{
	const char	*s = data;
	ssize_t		 w;
	int		 fd;

	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		fuzz_fail("cannot write %s", p);
	while (len > 0) {
		if ((w = write(fd, s, len)) <= 0)
			fuzz_fail("cannot write %s", p);
		s += w;
		len -= (size_t)w;
	}
	close(fd);
}

void
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

const char *
fuzz_find(const char *p, size_t len, const char *s)
{
	size_t	i, n = strlen(s);

	for (i = 0; i + n <= len; i++)
		if (p[i] == s[0] && memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

void
fuzz_note(const char *fmt, ...)
{
	static int	verbose = -1;
	va_list		ap;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	if (!verbose)
		return;
	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
fuzz_rng_seed(struct fuzz_rng *r, uint64_t seed)
{
	r->s = seed;
}

size_t
fuzz_rng_below(struct fuzz_rng *r, size_t n)
{
	uint64_t	z;

	r->s += 0x9e3779b97f4a7c15ull;
	z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (size_t)(z % n);
}
