/*
 * mcp_child.c - a tool runs one of mailfleet's own commands as a child
 * process: the same code, the same journal, the same exit codes as on the
 * command line. The child's stderr is read as it comes: its progress line
 * ("\rDONE/TOTAL unit ...", --progress always) becomes
 * notifications/progress, the other lines are kept for the result. A
 * cancelled call sends the child one SIGINT, which stops it as a first
 * Ctrl-C does: requests in flight finish, the journal stays whole, the
 * run can be resumed. The token is never in argv: the child inherits the
 * environment and gets --token-file when the server had one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"
#include "log.h"
#include "mcp.h"
#include "xmalloc.h"

extern char **environ;

#define OUT_KEEP	((size_t)1 << 20)
#define ARGV_MAX	64

void
mcp_child_free(struct mcp_child *c)
{
	buf_free(&c->out);
	buf_free(&c->msgs);
}

void
mcp_progress(struct mcp_call *call, double done, double total,
    const char *message)
{
	struct buf	p = BUF_INIT, line = BUF_INIT;

	if (call == NULL || call->progress == NULL ||
	    done <= call->last_progress)
		return;			/* progress must increase */
	call->last_progress = done;
	buf_printf(&p, "{\"progressToken\":%s,\"progress\":%.0f",
	    call->progress, done);
	if (total > 0)
		buf_printf(&p, ",\"total\":%.0f", total);
	if (message != NULL) {
		buf_puts(&p, ",\"message\":");
		json_put_str(&p, message);
	}
	buf_putc(&p, '}');
	mcp_rpc_notify(&line, "notifications/progress", p.data);
	mcp_send(call->srv, &line);
	buf_free(&p);
	buf_free(&line);
}

/* The globals of the server's start, then args. Strings point into app
 * or tmp (which the caller frees). */
static size_t
build_argv(const struct mcp_server *s, const char *const *args,
    const char **argv, char *tmp, size_t tmplen, char delim[2])
{
	const struct app	*a = s->app;
	size_t			 n = 0;

	argv[n++] = s->exe;
	argv[n++] = "--progress=always";
	if (mcp_log_verbose(s))
		argv[n++] = "-v";	/* its debug lines are asked for */
	if (a->provider != NULL) {
		argv[n++] = "--provider";
		argv[n++] = a->provider;
	}
	if (a->api_url != NULL) {
		argv[n++] = "--api-url";
		argv[n++] = a->api_url;
	}
	if (a->token_file != NULL) {
		argv[n++] = "--token-file";
		argv[n++] = a->token_file;
	}
	if (a->delimiter != 0) {
		argv[n++] = "--delimiter";
		delim[0] = a->delimiter;
		delim[1] = '\0';
		argv[n++] = a->delimiter == '\t' ? "tab" : delim;
	}
	if (a->raw)
		argv[n++] = "--raw";
	if (a->excel)
		argv[n++] = "--excel";
	if (a->max_wait >= 0) {
		snprintf(tmp, tmplen, "--max-wait=%.3f", a->max_wait);
		argv[n++] = tmp;
	}
	while (*args != NULL && n < ARGV_MAX - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	return n;
}

/* One piece of stderr, up to a \r or \n: a progress line or a message. */
static void
stderr_piece(struct mcp_call *call, struct mcp_child *c, const char *p,
    size_t len)
{
	char	 text[256];
	long	 done, total;
	int	 used = 0;

	while (len > 0 && p[len - 1] == ' ')
		len--;
	if (len == 0)
		return;
	snprintf(text, sizeof text, "%.*s", (int)len, p);
	if (sscanf(text, "%ld/%ld %*s%n", &done, &total, &used) == 2 &&
	    used > 0) {
		mcp_progress(call, (double)done, (double)total, text);
		return;
	}
	if (sscanf(text, "%ld %*s%n", &done, &used) == 1 && used > 0 &&
	    strncmp(text, "mailfleet", 9) != 0) {
		mcp_progress(call, (double)done, 0, text);
		return;
	}
	buf_append(&c->msgs, p, len);
	buf_putc(&c->msgs, '\n');
	mcp_log_child_line(call, p, len);
}

/* Splits what stderr gave (kept in part across reads) into pieces. */
static void
stderr_feed(struct mcp_call *call, struct mcp_child *c, struct buf *part,
    const char *data, size_t n)
{
	size_t	i, start = 0;

	buf_append(part, data, n);
	for (i = 0; i < part->len; i++)
		if (part->data[i] == '\r' || part->data[i] == '\n') {
			stderr_piece(call, c, part->data + start, i - start);
			start = i + 1;
		}
	if (start > 0) {
		memmove(part->data, part->data + start, part->len - start);
		part->len -= start;
		part->data[part->len] = '\0';
	}
}

/* Reads the child's two pipes until both end; SIGINT once on cancel. */
static void
pump(struct mcp_call *call, pid_t pid, int out, int err, struct mcp_child *c)
{
	struct pollfd	 fds[2] = { { out, POLLIN, 0 }, { err, POLLIN, 0 } };
	struct buf	 part = BUF_INIT;
	char		 chunk[8192];
	ssize_t		 n;
	int		 i, open = 2;

	while (open > 0) {
		if (call != NULL && atomic_load(&call->cancelled) &&
		    !c->interrupted) {
			c->interrupted = 1;
			kill(pid, SIGINT);
		}
		if (poll(fds, 2, 100) < 0 && errno != EINTR)
			break;
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			n = read(fds[i].fd, chunk, sizeof chunk);
			if (n <= 0) {
				fds[i].fd = -1;
				open--;
			} else if (i == 0 && c->out.len < OUT_KEEP) {
				buf_append(&c->out, chunk, (size_t)n);
			} else if (i == 1) {
				stderr_feed(call, c, &part, chunk, (size_t)n);
			}
		}
	}
	stderr_feed(call, c, &part, "\n", 1);
	buf_free(&part);
}

/* Every spawn holds this from pipe() to the close of the child's ends,
 * so no other child inherits them before FD_CLOEXEC is set (pipe2 is not
 * POSIX). */
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

static int
cloexec_pipe(int p[2])
{
	if (pipe(p) < 0)
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* spawn() with spawn_lock held. */
static int
spawn_locked(const char **argv, pid_t *pid, int *out, int *err)
{
	posix_spawn_file_actions_t	fa;
	posix_spawnattr_t		at;
	sigset_t			all, none;
	int				po[2], pe[2], rc;

	if (cloexec_pipe(po) < 0)
		return errno;
	if (cloexec_pipe(pe) < 0) {
		rc = errno;
		close(po[0]);
		close(po[1]);
		return rc;
	}
	sigfillset(&all);
	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(pid, argv[0], &fa, &at, (char *const *)argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		return rc;
	}
	*out = po[0];
	*err = pe[0];
	return 0;
}

/* Spawns argv with stdout and stderr on pipes, stdin /dev/null, the
 * signals a command expects (default dispositions, none blocked). */
static int
spawn(const char **argv, pid_t *pid, int *out, int *err)
{
	int	rc;

	pthread_mutex_lock(&spawn_lock);
	rc = spawn_locked(argv, pid, out, err);
	pthread_mutex_unlock(&spawn_lock);
	return rc;
}

int
mcp_child_run(struct mcp_call *call, const char *const *args,
    struct mcp_child *c)
{
	const char	*argv[ARGV_MAX];
	char		 tmp[64], delim[2];
	pid_t		 pid;
	int		 out = -1, err = -1, st, rc;

	memset(c, 0, sizeof *c);
	build_argv(call->srv, args, argv, tmp, sizeof tmp, delim);
	if ((rc = spawn(argv, &pid, &out, &err)) != 0) {
		buf_printf(&c->msgs, "cannot run %s: %s\n", argv[0],
		    strerror(rc));
		c->status = -1;
		return -1;
	}
	pump(call, pid, out, err, c);
	close(out);
	close(err);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	c->status = WIFEXITED(st) ? WEXITSTATUS(st) :
	    WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
	return 0;
}
