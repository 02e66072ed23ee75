/*
 * mcp_log.c - MCP logging (2025-11-25, server/utilities/logging): the
 * client's logging/setLevel, and the children's diagnostic lines (their
 * stderr but the progress line) as notifications/message at or above
 * that level. Nothing is sent before a setLevel. The CLI tags its lines
 * "debug: " and "warning: "; its other lines (what it reports, and its
 * errors, which carry no tag) are sent as info. Each line goes through
 * mcp_scrub first, although the commands never log a secret, and a call
 * sends at most MCP_LOG_MAX of them (the specification asks for a rate
 * limit).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export.h"
#include "json.h"
#include "mcp.h"

/* RFC 5424's severities by their MCP names, least severe first. */
static const char *const levels[] = { "debug", "info", "notice", "warning",
	"error", "critical", "alert", "emergency", NULL };

int
mcp_log_level(const char *name)
{
	int	i;

	for (i = 0; name != NULL && levels[i] != NULL; i++)
		if (strcmp(levels[i], name) == 0)
			return i;
	return -1;
}

void
mcp_log_setlevel(struct mcp_server *s, const char *id, const char *level)
{
	struct buf	b = BUF_INIT;
	int		l = mcp_log_level(level);

	if (l < 0) {
		mcp_rpc_error(&b, id, MCP_INVALID_PARAMS, "Invalid params: "
		    "level must be one of debug, info, notice, warning, error, "
		    "critical, alert, emergency");
	} else {
		atomic_store(&s->log_min, l + 1);
		mcp_rpc_result(&b, id, "{}");
	}
	mcp_send(s, &b);
	buf_free(&b);
}

int
mcp_log_verbose(const struct mcp_server *s)
{
	return atomic_load(&s->log_min) == 1;	/* debug */
}

/* The value after a secret's name: up to a blank, quote or comma. */
static size_t
value_len(const char *p, const char *end)
{
	const char	*q = p;

	while (q < end && !isspace((unsigned char)*q) && *q != '"' &&
	    *q != '\'' && *q != ',' && *q != ';')
		q++;
	return (size_t)(q - p);
}

void
mcp_scrub(struct buf *out, const char *s, size_t len)
{
	const char	*end = s + len, *w, *p = s;
	struct buf	 name = BUF_INIT;
	size_t		 n;

	while (p < end) {
		/* a word: letters, digits, '_' and '-' */
		for (w = p; w < end && (isalnum((unsigned char)*w) ||
		    *w == '_' || *w == '-'); w++)
			;
		if (w == p) {
			buf_putc(out, *p++);
			continue;
		}
		buf_append(out, p, (size_t)(w - p));
		buf_reset(&name);
		buf_append(&name, p, (size_t)(w - p));
		p = w;
		if (strcasecmp(name.data, "bearer") == 0 && p < end &&
		    *p == ' ') {
			buf_putc(out, *p++);
		} else if (export_secret_column(name.data) && p < end &&
		    (*p == '=' || *p == ':' || *p == '"')) {
			/* "NAME=V", "NAME: V", "\"NAME\":\"V\"" */
			while (p < end && (*p == '=' || *p == ':' ||
			    *p == ' ' || *p == '"'))
				buf_putc(out, *p++);
		} else {
			continue;
		}
		if ((n = value_len(p, end)) > 0) {
			buf_puts(out, "[redacted]");
			p += n;
		}
	}
	buf_free(&name);
}

/* The level of a line the CLI wrote ("mailfleet: debug: ..."), and where
 * its text begins. */
static int
line_level(const char **p, size_t *len)
{
	static const struct { const char *tag; int level; } tags[] = {
		{ "debug: ", 0 }, { "warning: ", 3 }, { NULL, 1 } };
	size_t	i, n;

	if (*len > 11 && strncmp(*p, "mailfleet: ", 11) == 0) {
		*p += 11;
		*len -= 11;
	}
	for (i = 0; tags[i].tag != NULL; i++) {
		n = strlen(tags[i].tag);
		if (*len >= n && strncmp(*p, tags[i].tag, n) == 0) {
			*p += n;
			*len -= n;
			break;
		}
	}
	return tags[i].level;
}

void
mcp_log_child_line(struct mcp_call *call, const char *line, size_t len)
{
	struct buf	 text = BUF_INIT, p = BUF_INIT, msg = BUF_INIT;
	int		 min, level;

	if (call == NULL || (min = atomic_load(&call->srv->log_min)) == 0)
		return;
	level = line_level(&line, &len);
	if (level < min - 1 || call->log_sent > MCP_LOG_MAX)
		return;
	if (call->log_sent++ == MCP_LOG_MAX) {
		level = 3;
		buf_printf(&text, "more than %d lines: the rest of this call's "
		    "are not sent", MCP_LOG_MAX);
	} else {
		mcp_scrub(&text, line, len);
	}
	buf_printf(&p, "{\"level\":\"%s\",\"logger\":\"mailfleet\",\"data\":"
	    "{\"tool\":", levels[level]);
	json_put_str(&p, call->tool != NULL ? call->tool->name : "");
	buf_puts(&p, ",\"message\":");
	json_put_str(&p, buf_cstr(&text));
	buf_puts(&p, "}}");
	mcp_rpc_notify(&msg, "notifications/message", p.data);
	mcp_send(call->srv, &msg);
	buf_free(&text);
	buf_free(&p);
	buf_free(&msg);
}
