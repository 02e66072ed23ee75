/*
 * mcp_rpc.c - the JSON-RPC 2.0 envelope as MCP 2025-11-25 uses it.
 *
 * One line is one message: a request (method and id), a notification
 * (method, no id) or a response (id and result or error; the server sends
 * no requests, so these are read and dropped). What is not one gets the
 * specification's error: -32700 for text that is not JSON (or not UTF-8),
 * -32600 for JSON that is no valid message. A JSON array is a JSON-RPC
 * batch: MCP removed batching in 2025-06-18, so it is refused as one
 * invalid request. An id is a string or a number (MCP: never null) and
 * is answered exactly as it was spelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mcp.h"
#include "utf8.h"
#include "xmalloc.h"

void
mcp_msg_free(struct mcp_msg *m)
{
	json_free(m->doc);
	free(m->id);
	free(m->method);
	memset(m, 0, sizeof *m);
	m->params = -1;
}

char *
mcp_json_id(const struct json_doc *d, int v)
{
	struct buf	 b = BUF_INIT;
	const char	*raw;
	size_t		 len;

	raw = json_raw(d, v, &len);
	if (json_type(d, v) == JSON_NUMBER) {
		buf_append(&b, raw, len);
	} else if (json_type(d, v) == JSON_STRING) {
		buf_putc(&b, '"');
		buf_append(&b, raw, len);
		buf_putc(&b, '"');
	} else {
		return NULL;
	}
	return buf_detach(&b);
}

/* Fills m from the object at the root; -1 + the error answer. */
static int
envelope(struct mcp_msg *m, struct buf *reply)
{
	const struct json_doc	*d = m->doc;
	int			 id = json_get(d, 0, "id");
	int			 method = json_get(d, 0, "method");
	int			 params = json_get(d, 0, "params");
	const char		*why = NULL;

	if (id >= 0 && (m->id = mcp_json_id(d, id)) == NULL)
		why = "Invalid Request: id must be a string or a number";
	else if (!json_str_eq(d, json_get(d, 0, "jsonrpc"), "2.0"))
		why = "Invalid Request: jsonrpc must be \"2.0\"";
	else if (method >= 0 && json_str(d, method, &m->method) < 0)
		why = "Invalid Request: method must be a string";
	else if (params >= 0 && json_type(d, params) != JSON_OBJECT &&
	    json_type(d, params) != JSON_ARRAY)
		why = "Invalid Request: params must be an object";
	if (why == NULL && method < 0) {
		if (id >= 0 && (json_get(d, 0, "result") >= 0 ||
		    json_get(d, 0, "error") >= 0)) {
			m->kind = MCP_RESPONSE;
			return 0;
		}
		why = "Invalid Request: no method";
	}
	if (why != NULL) {
		mcp_rpc_error(reply, m->id, MCP_INVALID_REQUEST, why);
		return -1;
	}
	m->kind = id >= 0 ? MCP_REQUEST : MCP_NOTIFICATION;
	m->params = params;
	return 0;
}

int
mcp_msg_parse(const char *line, size_t len, struct mcp_msg *m,
    struct buf *reply)
{
	char	err[160], msg[200];
	size_t	bad;

	memset(m, 0, sizeof *m);
	m->params = -1;
	if (!utf8_valid(line, len, &bad)) {
		snprintf(msg, sizeof msg, "Parse error: invalid UTF-8 at byte "
		    "%zu", bad + 1);
		mcp_rpc_error(reply, NULL, MCP_PARSE_ERROR, msg);
		return -1;
	}
	if (memchr(line, '\0', len) != NULL ||
	    (m->doc = json_parse(line, len, err, sizeof err)) == NULL) {
		snprintf(msg, sizeof msg, "Parse error: %s",
		    memchr(line, '\0', len) ? "NUL byte in the message" : err);
		mcp_rpc_error(reply, NULL, MCP_PARSE_ERROR, msg);
		return -1;
	}
	if (json_type(m->doc, 0) == JSON_ARRAY) {
		mcp_rpc_error(reply, NULL, MCP_INVALID_REQUEST, "Invalid "
		    "Request: JSON-RPC batches are not supported (removed in "
		    "MCP 2025-06-18); send one message per line");
	} else if (json_type(m->doc, 0) != JSON_OBJECT) {
		mcp_rpc_error(reply, NULL, MCP_INVALID_REQUEST,
		    "Invalid Request: a message is a JSON object");
	} else if (envelope(m, reply) == 0) {
		return 0;
	}
	mcp_msg_free(m);
	return -1;
}

void
mcp_rpc_result(struct buf *out, const char *id, const char *result)
{
	buf_printf(out, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":%s}\n",
	    id != NULL ? id : "null", result);
}

void
mcp_rpc_error(struct buf *out, const char *id, int code, const char *message)
{
	buf_printf(out, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"error\":{\"code\":%d,"
	    "\"message\":", id != NULL ? id : "null", code);
	json_put_str(out, message);
	buf_puts(out, "}}\n");
}

void
mcp_rpc_notify(struct buf *out, const char *method, const char *params)
{
	buf_puts(out, "{\"jsonrpc\":\"2.0\",\"method\":");
	json_put_str(out, method);
	buf_printf(out, ",\"params\":%s}\n", params);
}

void
mcp_rpc_too_long(struct buf *out, size_t max)
{
	char	msg[120];

	snprintf(msg, sizeof msg, "Parse error: message over %zu bytes "
	    "(discarded)", max);
	mcp_rpc_error(out, NULL, MCP_PARSE_ERROR, msg);
}
