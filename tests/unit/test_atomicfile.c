/*
 * test_atomicfile.c - the one atomic writer: exact modes under any umask,
 * unpredictable temporary names created fresh (never a planted file or
 * symlink), a symlink at the target replaced and not followed, nothing
 * left behind on abort or on a failed commit, and the one-shot write.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "harness.h"

static char	dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/mf-atomic.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

/* Empties (one level) and removes dir. */
static void
remove_dir(void)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	char		 p[512];

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (unlink(p) != 0)
			rmdir(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

static int
entries(void)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	if (d != NULL)
		closedir(d);
	return n;
}

/* The first 255 bytes of path, or "" when it cannot be read. */
static const char *
contents(const char *path)
{
	static char	b[256];
	FILE		*fp = fopen(path, "r");
	size_t		 n = 0;

	if (fp != NULL) {
		n = fread(b, 1, sizeof b - 1, fp);
		fclose(fp);
	}
	b[n] = '\0';
	return b;
}

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE	*fp = fopen(path, "w");

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static mode_t
mode_of(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void
check_mode(mode_t mode, mode_t mask)
{
	struct afile	*f;
	char			 path[128], err[512];
	mode_t			 old = umask(mask);

	make_dir();
	snprintf(path, sizeof path, "%s/out.csv", dir);
	f = afile_open(path, mode, err, sizeof err);
	umask(old);
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_INT(mode_of(afile_tmp_name(f)), mode);
		fputs("x\n", afile_stream(f));
		CHECK_INT(afile_commit(f, err, sizeof err), 0);
	}
	CHECK_INT(mode_of(path), mode);
	CHECK_STR(contents(path), "x\n");
	CHECK_INT(entries(), 1);
	remove_dir();
}

static void
test_modes(void)
{
	check_mode(0600, 0);
	check_mode(0600, 077);
	check_mode(0644, 0);
	check_mode(0644, 077);
}

/* Names are fresh and random: not PATH.tmp.<pid>, never the same twice,
 * and a symlink planted at the old predictable names is not touched. */
static void
test_names(void)
{
	struct afile	*a, *b;
	char			 path[128], victim[128], link[160], err[512];
	char			 prefix[160];

	make_dir();
	snprintf(path, sizeof path, "%s/r.csv", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	put(victim, "victim\n", 0666);
	snprintf(link, sizeof link, "%s.tmp.%ld", path, (long)getpid());
	CHECK_INT(symlink(victim, link), 0);
	snprintf(link, sizeof link, "%s.tmp", path);
	CHECK_INT(symlink(victim, link), 0);
	a = afile_open(path, 0600, err, sizeof err);
	b = afile_open(path, 0600, err, sizeof err);
	CHECK(a != NULL && b != NULL);
	if (a != NULL && b != NULL) {
		snprintf(prefix, sizeof prefix, "%s.tmp.", path);
		CHECK(strncmp(afile_tmp_name(a), prefix, strlen(prefix)) == 0);
		CHECK(strlen(afile_tmp_name(a)) >= strlen(prefix) + 16);
		CHECK(strcmp(afile_tmp_name(a), afile_tmp_name(b)) != 0);
		fputs("secret\n", afile_stream(a));
		CHECK_INT(afile_commit(a, err, sizeof err), 0);
		afile_abort(b);
	}
	CHECK_STR(contents(victim), "victim\n");
	CHECK_INT(mode_of(victim), 0666);
	CHECK_STR(contents(path), "secret\n");
	CHECK_INT(entries(), 4);	/* victim, two links, r.csv */
	remove_dir();
}

/* A symlink at the target is replaced by the file, never written
 * through. */
static void
test_target_symlink(void)
{
	char		path[128], victim[128], err[512];
	struct stat	st;

	make_dir();
	snprintf(path, sizeof path, "%s/r.csv", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	put(victim, "victim\n", 0666);
	CHECK_INT(symlink(victim, path), 0);
	CHECK_INT(afile_write(path, "secret\n", 7, 0600, err,
	    sizeof err), 0);
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
	CHECK_INT(mode_of(path), 0600);
	CHECK_STR(contents(path), "secret\n");
	CHECK_STR(contents(victim), "victim\n");
	CHECK_INT(mode_of(victim), 0666);
	remove_dir();
}

/* Abort and every failure leave the folder as it was. */
static void
test_nothing_left(void)
{
	struct afile	*f;
	char			 path[128], err[512];

	make_dir();
	snprintf(path, sizeof path, "%s/r.csv", dir);
	f = afile_open(path, 0600, err, sizeof err);
	CHECK(f != NULL);
	if (f != NULL) {
		fputs("half", afile_stream(f));
		CHECK_INT(entries(), 1);
		afile_abort(f);
	}
	CHECK_INT(entries(), 0);
	afile_abort(NULL);

	/* The target is a folder: rename fails, the temporary file goes. */
	CHECK_INT(mkdir(path, 0700), 0);
	err[0] = '\0';
	CHECK_INT(afile_write(path, "x", 1, 0600, err, sizeof err), -1);
	CHECK_CONTAINS(err, path);
	CHECK_INT(entries(), 1);
	rmdir(path);

	/* No such folder: an error naming the file. */
	snprintf(path, sizeof path, "%s/missing/r.csv", dir);
	CHECK(afile_open(path, 0600, err, sizeof err) == NULL);
	CHECK_CONTAINS(err, "cannot create");
	CHECK_CONTAINS(err, path);
	CHECK_INT(entries(), 0);
	remove_dir();
}

/* The target is replaced whole; its old mode does not carry over. */
static void
test_replace(void)
{
	char	path[128], err[512];

	make_dir();
	snprintf(path, sizeof path, "%s/r.csv", dir);
	put(path, "old old old\n", 0666);
	CHECK_INT(afile_write(path, "new\n", 4, 0600, err, sizeof err),
	    0);
	CHECK_STR(contents(path), "new\n");
	CHECK_INT(mode_of(path), 0600);
	CHECK_INT(afile_write(path, "", 0, 0644, err, sizeof err), 0);
	CHECK_STR(contents(path), "");
	CHECK_INT(mode_of(path), 0644);
	CHECK_INT(entries(), 1);
	CHECK_INT(afile_sync_dir(path, err, sizeof err), 0);
	CHECK_INT(afile_sync_dir("r.csv", err, sizeof err), 0);  /* "." */
	remove_dir();
}

/* "-" is standard output: no file, commit flushes. */
static void
test_stdout(void)
{
	struct afile	*f;
	char			 err[512];

	f = afile_open("-", 0600, err, sizeof err);
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(afile_stream(f) == stdout);
	CHECK(afile_tmp_name(f) == NULL);
	CHECK_INT(afile_commit(f, err, sizeof err), 0);
}

/* A FIFO (as a device such as /dev/null) is written in place: renaming a
 * temporary file over it would replace the node itself. A folder is
 * refused with its reason. */
static void
test_special_targets(void)
{
	struct afile	*a;
	struct stat		 st;
	char			 path[128], err[512], got[16];
	int			 rfd;
	ssize_t			 n;

	make_dir();
	snprintf(path, sizeof path, "%s/fifo", dir);
	CHECK_INT(mkfifo(path, 0600), 0);
	rfd = open(path, O_RDONLY | O_NONBLOCK);
	CHECK(rfd >= 0);
	a = afile_open(path, 0600, err, sizeof err);
	CHECK(a != NULL);
	if (a != NULL) {
		fputs("row\n", afile_stream(a));
		CHECK_INT(afile_commit(a, err, sizeof err), 0);
	}
	CHECK_INT(lstat(path, &st), 0);
	CHECK(S_ISFIFO(st.st_mode));
	n = read(rfd, got, sizeof got - 1);
	CHECK_INT(n, 4);
	got[n > 0 ? n : 0] = '\0';
	CHECK_STR(got, "row\n");
	close(rfd);
	CHECK_INT(entries(), 1);		/* the FIFO, no temporary */
	a = afile_open(dir, 0600, err, sizeof err);
	CHECK(a == NULL);
	CHECK_CONTAINS(err, "is a directory");
	remove_dir();
}

int
main(void)
{
	TEST(test_modes);
	TEST(test_names);
	TEST(test_target_symlink);
	TEST(test_nothing_left);
	TEST(test_replace);
	TEST(test_stdout);
	TEST(test_special_targets);
	return th_done();
}
