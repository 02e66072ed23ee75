/*
 * mcp_server.c - the MCP server's loop: reads stdin, answers the
 * lifecycle, ping and tools/list at once, and runs each tools/call on a
 * thread of its own, so that a cancellation can arrive while a long call
 * runs. Every message leaves through mcp_send() (one write under a lock),
 * so lines of two threads never mix.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"
#include "log.h"
#include "mcp.h"
#include "xmalloc.h"

/* The revisions answered as asked (newest first): others get the newest. */
static const char *const versions[] = { MCP_PROTOCOL_LATEST, "2025-06-18",
	"2025-03-26", "2024-11-05", NULL };

void
mcp_send(struct mcp_server *s, const struct buf *line)
{
	const char	*p = line->data;
	size_t		 left = line->len;
	ssize_t		 n;

	pthread_mutex_lock(&s->out_lock);
	while (left > 0) {
		if ((n = write(s->out_fd, p, left)) < 0) {
			if (errno == EINTR)
				continue;
			break;		/* the client is gone */
		}
		p += n;
		left -= (size_t)n;
	}
	pthread_mutex_unlock(&s->out_lock);
}

static void
send_result(struct mcp_server *s, const char *id, const char *result)
{
	struct buf	b = BUF_INIT;

	mcp_rpc_result(&b, id, result);
	mcp_send(s, &b);
	buf_free(&b);
}

static void
send_error(struct mcp_server *s, const char *id, int code, const char *msg)
{
	struct buf	b = BUF_INIT;

	mcp_rpc_error(&b, id, code, msg);
	mcp_send(s, &b);
	buf_free(&b);
}

static void
initialize(struct mcp_server *s, const struct mcp_msg *m)
{
	struct buf	 b = BUF_INIT;
	char		*asked = json_get_str(m->doc, m->params,
			    "protocolVersion");
	const char	*v = versions[0];
	size_t		 i;

	if (asked == NULL) {
		send_error(s, m->id, MCP_INVALID_PARAMS, "Invalid params: "
		    "initialize needs protocolVersion (a string)");
		return;
	}
	for (i = 0; versions[i] != NULL; i++)
		if (strcmp(asked, versions[i]) == 0)
			v = versions[i];
	free(asked);
	buf_puts(&b, "{\"protocolVersion\":");
	json_put_str(&b, v);
	buf_puts(&b, ",\"capabilities\":{\"tools\":{\"listChanged\":false},"
	    "\"logging\":{}},"
	    "\"serverInfo\":{\"name\":\"mailfleet\",\"title\":\"mailfleet\","
	    "\"version\":");
	json_put_str(&b, MAILFLEET_VERSION);
	buf_puts(&b, "},\"instructions\":");
	json_put_str(&b, "Batch provisioning of cold-email domains and "
	    "inboxes. check a CSV, plan the import/update/delete (a dry run "
	    "that returns a plan_id), then run that plan_id with confirm: "
	    "true. Results are files: secrets stay in them (0600), results "
	    "name the columns that hold them. status/resume after an "
	    "interruption.");
	buf_puts(&b, "}");
	send_result(s, m->id, b.data);
	s->initialized = 1;
	buf_free(&b);
}

/* The call is over: unlinks it, and frees it. */
static void
call_end(struct mcp_call *call)
{
	struct mcp_server	 *s = call->srv;
	struct mcp_call		**pp;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->calls; *pp != NULL; pp = &(*pp)->next)
		if (*pp == call) {
			*pp = call->next;
			break;
		}
	pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
	json_free(call->doc);
	free(call->id);
	free(call->progress);
	free(call);
}

/* The CallToolResult of a reply. */
static void
tool_result(const struct mcp_reply *r, struct buf *b)
{
	buf_puts(b, "{\"content\":[{\"type\":\"text\",\"text\":");
	if (r->is_error) {
		json_put_str(b, buf_cstr(&r->text));
		buf_puts(b, "}],\"isError\":true}");
		return;
	}
	json_put_str(b, r->json.data != NULL ? r->json.data : "{}");
	buf_puts(b, "}],\"structuredContent\":");
	buf_puts(b, r->json.data != NULL ? r->json.data : "{}");
	buf_puts(b, ",\"isError\":false}");
}

static void *
call_main(void *arg)
{
	struct mcp_call		*call = arg;
	struct mcp_reply	 r = { BUF_INIT, BUF_INIT, 0 };
	struct buf		 res = BUF_INIT, tmp = BUF_INIT;
	const char		*secret;

	if ((secret = mcp_secret_argument(call->doc, call->args, &tmp)))
		mcp_reply_error(&r, "argument \"%s\" refused: secrets (tokens, "
		    "passwords, API keys) never pass through tool arguments; "
		    "the server takes its token from its own start "
		    "(--token-file or the environment)", secret);
	else
		call->tool->run(call, &r);
	tool_result(&r, &res);
	/* A cancelled request gets no answer (MCP cancellation). */
	if (!atomic_load(&call->cancelled))
		send_result(call->srv, call->id, res.data);
	buf_free(&res);
	buf_free(&tmp);
	buf_free(&r.json);
	buf_free(&r.text);
	call_end(call);
	return NULL;
}

/* tools/call: checks the envelope, then runs the tool on a thread. The
 * call takes the message's document. */
static void
tools_call(struct mcp_server *s, struct mcp_msg *m)
{
	const struct mcp_tool	*tool;
	struct mcp_call		*call;
	struct buf		 msg = BUF_INIT;
	char			*name = json_get_str(m->doc, m->params, "name");
	int			 args = json_get(m->doc, m->params,
				    "arguments");
	int			 meta, tok, started;
	pthread_t		 th;
	sigset_t		 block, old;

	if (name == NULL || (tool = mcp_tool_find(name)) == NULL ||
	    (args >= 0 && json_type(m->doc, args) != JSON_OBJECT)) {
		if (name == NULL)
			buf_puts(&msg, "Invalid params: tools/call needs name");
		else if (args >= 0 && mcp_tool_find(name) != NULL)
			buf_puts(&msg, "Invalid params: arguments must be an "
			    "object");
		else
			buf_printf(&msg, "Unknown tool: %s", name);
		send_error(s, m->id, MCP_INVALID_PARAMS, msg.data);
		buf_free(&msg);
		free(name);
		return;
	}
	free(name);
	call = xcalloc(1, sizeof *call);
	call->srv = s;
	call->tool = tool;
	call->id = m->id;
	call->doc = m->doc;
	call->args = args;
	call->last_progress = -1;
	atomic_init(&call->cancelled, 0);
	meta = json_get(m->doc, m->params, "_meta");
	tok = json_get(m->doc, meta, "progressToken");
	call->progress = mcp_json_id(m->doc, tok);
	m->id = NULL;
	m->doc = NULL;
	pthread_mutex_lock(&s->lock);
	call->next = s->calls;
	s->calls = call;
	pthread_mutex_unlock(&s->lock);
	/* the call's thread leaves SIGINT/SIGTERM to the loop's read() */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	started = pthread_create(&th, NULL, call_main, call) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started) {
		send_error(s, call->id, MCP_INTERNAL_ERROR, "cannot start a "
		    "thread");
		call_end(call);
		return;
	}
	pthread_detach(th);
}

/* notifications/cancelled: the call stops as a first Ctrl-C stops its
 * command, and is not answered. Unknown ids are ignored. */
static void
cancelled(struct mcp_server *s, const struct mcp_msg *m)
{
	char		*want = mcp_json_id(m->doc,
			    json_get(m->doc, m->params, "requestId"));
	struct mcp_call	*c;

	pthread_mutex_lock(&s->lock);
	for (c = s->calls; c != NULL && want != NULL; c = c->next)
		if (strcmp(c->id, want) == 0) {
			atomic_store(&c->cancelled, 1);
			log_info("mcp: request %s cancelled", want);
		}
	pthread_mutex_unlock(&s->lock);
	free(want);
}

static void
request(struct mcp_server *s, struct mcp_msg *m)
{
	struct buf	 b = BUF_INIT;
	char		*level;

	if (m->params >= 0 && json_type(m->doc, m->params) != JSON_OBJECT) {
		send_error(s, m->id, MCP_INVALID_PARAMS,
		    "Invalid params: params must be an object");
	} else if (strcmp(m->method, "initialize") == 0) {
		initialize(s, m);
	} else if (strcmp(m->method, "ping") == 0) {
		send_result(s, m->id, "{}");
	} else if (strcmp(m->method, "tools/list") == 0) {
		mcp_tools_list(&b);
		send_result(s, m->id, b.data);
	} else if (strcmp(m->method, "tools/call") == 0) {
		tools_call(s, m);
	} else if (strcmp(m->method, "logging/setLevel") == 0) {
		level = json_get_str(m->doc, m->params, "level");
		mcp_log_setlevel(s, m->id, level);
		free(level);
	} else {
		buf_printf(&b, "Method not found: %s", m->method);
		send_error(s, m->id, MCP_METHOD_NOT_FOUND, b.data);
	}
	buf_free(&b);
}

void
mcp_handle_line(struct mcp_server *s, const char *line, size_t len)
{
	struct mcp_msg	m;
	struct buf	reply = BUF_INIT;

	if (mcp_msg_parse(line, len, &m, &reply) < 0) {
		if (reply.len > 0)
			mcp_send(s, &reply);
		buf_free(&reply);
		return;
	}
	if (m.kind == MCP_REQUEST)
		request(s, &m);
	else if (m.kind == MCP_NOTIFICATION &&
	    strcmp(m.method, "notifications/cancelled") == 0)
		cancelled(s, &m);
	/* other notifications (initialized...) and responses: nothing */
	mcp_msg_free(&m);
}

static void
on_line(void *ctx, const char *line, size_t len, int too_long)
{
	struct mcp_server	*s = ctx;
	struct buf		 b = BUF_INIT;

	if (too_long) {
		mcp_rpc_too_long(&b, MCP_LINE_MAX);
		mcp_send(s, &b);
		buf_free(&b);
		log_warn("mcp: a message over %zu bytes was discarded",
		    (size_t)MCP_LINE_MAX);
		return;
	}
	mcp_handle_line(s, line, len);
}

void
mcp_wait_calls(struct mcp_server *s)
{
	pthread_mutex_lock(&s->lock);
	while (s->calls != NULL)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

int
mcp_serve(struct mcp_server *s, int in_fd)
{
	struct mcp_lines	 l;
	struct mcp_call		*c;
	char			 chunk[65536];
	ssize_t			 n;
	int			 rc = 0;

	mcp_lines_init(&l, MCP_LINE_MAX);
	for (;;) {
		if ((n = read(in_fd, chunk, sizeof chunk)) < 0) {
			if (errno == EINTR) {
				log_info("mcp: interrupted; stopping");
				break;
			}
			log_error("mcp: reading stdin: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		mcp_lines_feed(&l, chunk, (size_t)n, on_line, s);
	}
	mcp_lines_end(&l, on_line, s);
	mcp_lines_free(&l);
	/* The client is gone: stop what runs, as Ctrl-C would. */
	pthread_mutex_lock(&s->lock);
	for (c = s->calls; c != NULL; c = c->next)
		atomic_store(&c->cancelled, 1);
	pthread_mutex_unlock(&s->lock);
	mcp_wait_calls(s);
	return rc;
}
