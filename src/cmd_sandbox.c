/*
 * cmd_sandbox.c - `mailfleet sandbox ...` hands over to mailfleet-sandbox.
 *
 * The sandbox is a separate binary so the import tool itself does not link
 * libmicrohttpd. It is looked for beside this binary first, then in PATH.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"

static int
run(struct app *app, int argc, char **argv)
{
	struct buf	 path = BUF_INIT;
	char		*self, *slash;

	(void)argc;
	(void)app;
	self = realpath("/proc/self/exe", NULL);
	if (self != NULL && (slash = strrchr(self, '/')) != NULL) {
		buf_append(&path, self, (size_t)(slash - self + 1));
		buf_puts(&path, "mailfleet-sandbox");
		free(self);
		argv[0] = path.data;
		if (access(path.data, X_OK) == 0)
			execv(path.data, argv);
	} else
		free(self);
	argv[0] = (char *)"mailfleet-sandbox";
	execvp("mailfleet-sandbox", argv);
	log_error("cannot start mailfleet-sandbox: %s (install it beside "
	    "mailfleet)", strerror(errno));
	buf_free(&path);
	return EXIT_ABORTED;
}

const struct command cmd_sandbox = {
	.name = "sandbox",
	.summary = "run the local server that emulates both providers",
	.args = "[SANDBOX OPTIONS]",
	.about =
	    "Hands over to mailfleet-sandbox, which serves Maildoso under\n"
	    "/maildoso and ColdSend under /coldsend on one loopback port;\n"
	    "'mailfleet sandbox --help' lists its own options.\n",
	.run = run
};
