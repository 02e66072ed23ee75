/*
 * cmd_mcp.c - `mailfleet mcp`: the MCP server over stdio (mcp.h).
 *
 * The server's own global options (--provider, --api-url, --token-file,
 * ...) are what every tool's command runs with; the token is read by
 * those commands from the token file or the environment, as on the
 * command line, never from a tool's arguments.
 */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"
#include "mcp.h"
#include "opts.h"

extern const struct command cmd_mcp;

struct mcp_args {
	struct mcp_server	*srv;
};

static int
allow_dir(const struct opt_ctx *ctx, const struct opt_spec *s,
    const char *arg, struct buf *why)
{
	struct mcp_args	*a = ctx->own;

	(void)s;
	return mcp_allow_dir(a->srv, arg, why);
}

static const struct opt_spec mcp_options[] = {
	{ .name = "allow-dir", .type = OPT_PATH, .arg = "DIR",
	  .help = "let tools read and write under DIR too (default: only "
	  "under the working directory); repeatable", .set = allow_dir },
	OPT_END
};

static const struct opt_spec *const mcp_option_tables[] = { mcp_options,
	NULL };

static void
on_signal(int sig)
{
	(void)sig;	/* only interrupts read(): the loop then stops */
}

static void
server_free(struct mcp_server *s)
{
	size_t	i;

	mcp_plans_free(s);
	for (i = 0; i < s->nallow; i++)
		free(s->allow[i]);
	free(s->allow);
	free(s->cwd);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->out_lock);
	pthread_cond_destroy(&s->idle);
}

static int
run(struct app *app, int argc, char **argv)
{
	struct mcp_server	s;
	struct mcp_args		a = { &s };
	struct sigaction	sa;
	int			rc;

	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.lock, NULL);
	pthread_mutex_init(&s.out_lock, NULL);
	pthread_cond_init(&s.idle, NULL);
	s.app = app;
	s.out_fd = STDOUT_FILENO;
	s.exe = access("/proc/self/exe", X_OK) == 0 ? "/proc/self/exe" :
	    app->argv0;
	if ((rc = opts_parse(&cmd_mcp, app, &a, argc, argv)) >= 0) {
		server_free(&s);
		return rc;
	}
	if (optind < argc) {
		server_free(&s);
		return cmd_usage_error(&cmd_mcp, "takes no arguments");
	}
	if ((s.cwd = realpath(".", NULL)) == NULL) {
		log_error("mcp: cannot resolve the working directory");
		server_free(&s);
		return EXIT_IO;
	}
	/* SIGINT/SIGTERM end the loop as the end of stdin does: the calls
	 * still running stop as a first Ctrl-C stops them. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	log_info("mcp: serving MCP %s on stdin/stdout in %s",
	    MCP_PROTOCOL_LATEST, s.cwd);
	rc = mcp_serve(&s, STDIN_FILENO) < 0 ? EXIT_IO : EXIT_OK;
	server_free(&s);
	return rc;
}

const struct command cmd_mcp = {
	.name = "mcp",
	.summary = "serve the Model Context Protocol on stdin/stdout",
	.about =
	    "An MCP server (protocol 2025-11-25, newline-delimited JSON-RPC\n"
	    "on stdin/stdout, diagnostics on stderr) whose tools are check,\n"
	    "plan, run, status, resume, export, quota, pricing, wait_domains,\n"
	    "diff, search_domains.\n"
	    "The provider, API URL and token come from this command's own\n"
	    "options and environment, never from tool arguments. Tools read\n"
	    "and write only under the working directory and --allow-dir.\n",
	.opts = mcp_option_tables,
	.run = run
};
