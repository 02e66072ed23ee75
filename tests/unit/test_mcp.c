/*
 * test_mcp.c - the MCP server's message handling: framing (partial
 * lines, several messages in one read, a 10 MB line, CRLF), the JSON-RPC
 * envelope (invalid UTF-8, batches, ids of every JSON type), the methods
 * answered at once, the tool table, arguments from the option tables and
 * the path rule.
 */
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "harness.h"
#include "json.h"
#include "mcp.h"

/* ---- framing ---- */

struct got {
	struct buf	all;		/* lines joined by '|' */
	int		n, too_long;
	size_t		longest;
};

static void
collect(void *ctx, const char *line, size_t len, int too_long)
{
	struct got	*g = ctx;

	if (too_long) {
		g->too_long++;
		buf_puts(&g->all, "<too long>|");
		return;
	}
	g->n++;
	if (len > g->longest)
		g->longest = len;
	if (len < 200)
		buf_append(&g->all, line, len);
	buf_putc(&g->all, '|');
}

static void
test_partial_lines(void)
{
	struct mcp_lines	l;
	struct got		g = { BUF_INIT, 0, 0, 0 };
	const char		*msg = "{\"jsonrpc\":\"2.0\",\"id\":1}\n";
	size_t			 i;

	mcp_lines_init(&l, MCP_LINE_MAX);
	for (i = 0; msg[i] != '\0'; i++)	/* one byte per read */
		mcp_lines_feed(&l, msg + i, 1, collect, &g);
	CHECK_INT(g.n, 1);
	CHECK_STR(buf_cstr(&g.all), "{\"jsonrpc\":\"2.0\",\"id\":1}|");
	mcp_lines_end(&l, collect, &g);
	CHECK_INT(g.n, 1);
	mcp_lines_free(&l);
	buf_free(&g.all);
}

static void
test_two_in_one_read(void)
{
	struct mcp_lines	l;
	struct got		g = { BUF_INIT, 0, 0, 0 };
	const char		*two = "{\"a\":1}\r\n{\"b\":2}\n\n{\"c\"";

	mcp_lines_init(&l, MCP_LINE_MAX);
	mcp_lines_feed(&l, two, strlen(two), collect, &g);
	CHECK_INT(g.n, 2);
	CHECK_STR(buf_cstr(&g.all), "{\"a\":1}|{\"b\":2}|");
	mcp_lines_feed(&l, ":3}", 3, collect, &g);
	mcp_lines_end(&l, collect, &g);		/* no \n at the end */
	CHECK_STR(buf_cstr(&g.all), "{\"a\":1}|{\"b\":2}|{\"c\":3}|");
	mcp_lines_free(&l);
	buf_free(&g.all);
}

/* A 10 MB line: reported once, never held whole, the next line read. */
static void
test_ten_mb_line(void)
{
	struct mcp_lines	l;
	struct got		g = { BUF_INIT, 0, 0, 0 };
	size_t			 chunk = 65536, sent = 0, total = 10u << 20;
	char			*block = malloc(chunk);

	memset(block, 'x', chunk);
	mcp_lines_init(&l, MCP_LINE_MAX);
	while (sent < total) {
		mcp_lines_feed(&l, block, chunk, collect, &g);
		sent += chunk;
		CHECK(l.cur.len <= MCP_LINE_MAX);
	}
	mcp_lines_feed(&l, "\n{\"ok\":1}\n", 10, collect, &g);
	CHECK_INT(g.too_long, 1);
	CHECK_INT(g.n, 1);
	CHECK_STR(buf_cstr(&g.all), "<too long>|{\"ok\":1}|");
	mcp_lines_free(&l);
	buf_free(&g.all);
	free(block);
}

/* A line of exactly the cap is taken; one byte more is not. */
static void
test_cap_exact(void)
{
	struct mcp_lines	l;
	struct got		g = { BUF_INIT, 0, 0, 0 };
	char			*line = malloc(MCP_LINE_MAX + 2);

	memset(line, ' ', MCP_LINE_MAX + 1);
	line[MCP_LINE_MAX] = '\n';
	mcp_lines_init(&l, MCP_LINE_MAX);
	mcp_lines_feed(&l, line, MCP_LINE_MAX + 1, collect, &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.longest, MCP_LINE_MAX);
	line[MCP_LINE_MAX] = ' ';
	line[MCP_LINE_MAX + 1] = '\n';
	mcp_lines_feed(&l, line, MCP_LINE_MAX + 2, collect, &g);
	CHECK_INT(g.too_long, 1);
	CHECK_INT(g.n, 1);
	mcp_lines_free(&l);
	buf_free(&g.all);
	free(line);
}

/* ---- envelope ---- */

/* Parses line; returns the error code of the answer (0: a message) and
 * the answer's id text in id. */
static int
parse(const char *line, struct mcp_msg *m, char *id, size_t idlen)
{
	struct buf	 reply = BUF_INIT;
	struct json_doc	*d;
	long long	 code = 0;
	const char	*raw;
	size_t		 len;

	if (mcp_msg_parse(line, strlen(line), m, &reply) == 0) {
		snprintf(id, idlen, "%s", m->id ? m->id : "");
		return 0;
	}
	d = json_parse(reply.data, reply.len, NULL, 0);
	CHECK(d != NULL);
	json_get_int(d, json_get(d, 0, "error"), "code", &code);
	raw = json_raw(d, json_get(d, 0, "id"), &len);
	snprintf(id, idlen, "%.*s", (int)len, raw ? raw : "");
	json_free(d);
	buf_free(&reply);
	return (int)code;
}

static void
test_invalid_utf8_and_json(void)
{
	struct mcp_msg	m;
	char		id[64];

	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xff\"}",
	    &m, id, sizeof id), MCP_PARSE_ERROR);
	CHECK_STR(id, "null");
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xc0\xaf\"}",
	    &m, id, sizeof id), MCP_PARSE_ERROR);	/* overlong */
	CHECK_INT(parse("not json", &m, id, sizeof id), MCP_PARSE_ERROR);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",", &m, id, sizeof id),
	    MCP_PARSE_ERROR);
	CHECK_INT(parse("42", &m, id, sizeof id), MCP_INVALID_REQUEST);
}

static void
test_batches_refused(void)
{
	struct mcp_msg	m;
	char		id[64];

	CHECK_INT(parse("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]", &m, id,
	    sizeof id), MCP_INVALID_REQUEST);
	CHECK_STR(id, "null");
	CHECK_INT(parse("[]", &m, id, sizeof id), MCP_INVALID_REQUEST);
}

/* Ids: strings and numbers come back exactly as sent; null, true,
 * objects and arrays are invalid requests answered with id null. */
static void
test_ids_of_every_type(void)
{
	static const char *const good[] = { "1", "-7", "0", "1.5", "1e3",
		"12345678901234567890", "\"abc\"", "\"a\\\"b\\u00e9\"", "\"\"",
		NULL };
	static const char *const bad[] = { "null", "true", "false", "{}",
		"[1]", NULL };
	struct buf	 line = BUF_INIT;
	struct mcp_msg	 m;
	char		 id[64];
	size_t		 i;

	for (i = 0; good[i] != NULL; i++) {
		buf_reset(&line);
		buf_printf(&line, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":"
		    "\"ping\"}", good[i]);
		CHECK_INT(parse(line.data, &m, id, sizeof id), 0);
		CHECK_STR(id, good[i]);
		CHECK_INT(m.kind, MCP_REQUEST);
		mcp_msg_free(&m);
	}
	for (i = 0; bad[i] != NULL; i++) {
		buf_reset(&line);
		buf_printf(&line, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":"
		    "\"ping\"}", bad[i]);
		CHECK_INT(parse(line.data, &m, id, sizeof id),
		    MCP_INVALID_REQUEST);
		CHECK_STR(id, "null");
	}
	buf_free(&line);
}

static void
test_envelope_rules(void)
{
	struct mcp_msg	m;
	char		id[64];

	CHECK_INT(parse("{\"id\":3,\"method\":\"ping\"}", &m, id, sizeof id),
	    MCP_INVALID_REQUEST);
	CHECK_STR(id, "3");		/* the id was readable: echoed */
	CHECK_INT(parse("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}",
	    &m, id, sizeof id), MCP_INVALID_REQUEST);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}", &m, id,
	    sizeof id), MCP_INVALID_REQUEST);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"id\":3}", &m, id, sizeof id),
	    MCP_INVALID_REQUEST);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":3}",
	    &m, id, sizeof id), MCP_INVALID_REQUEST);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/"
	    "initialized\"}", &m, id, sizeof id), 0);
	CHECK_INT(m.kind, MCP_NOTIFICATION);
	mcp_msg_free(&m);
	CHECK_INT(parse("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}", &m, id,
	    sizeof id), 0);
	CHECK_INT(m.kind, MCP_RESPONSE);
	mcp_msg_free(&m);
}

/* ---- the server, answers read back from a file ---- */

static struct app	 the_app;
static struct mcp_server srv;

static void
server_init(void)
{
	char	path[] = "/tmp/test_mcp_out.XXXXXX";

	memset(&srv, 0, sizeof srv);
	pthread_mutex_init(&srv.lock, NULL);
	pthread_mutex_init(&srv.out_lock, NULL);
	pthread_cond_init(&srv.idle, NULL);
	the_app.max_wait = -1;
	srv.app = &the_app;
	srv.exe = "/bin/false";
	srv.cwd = realpath(".", NULL);
	srv.out_fd = mkstemp(path);
	unlink(path);
}

/* What the server wrote while fn(arg) ran (caller frees). */
static char *
output_of(void (*fn)(const char *), const char *arg)
{
	off_t	 end;
	char	*out;

	if (ftruncate(srv.out_fd, 0) != 0)
		return calloc(1, 1);
	lseek(srv.out_fd, 0, SEEK_SET);
	fn(arg);
	end = lseek(srv.out_fd, 0, SEEK_CUR);
	out = calloc(1, (size_t)end + 1);
	if (pread(srv.out_fd, out, (size_t)end, 0) != end)
		out[0] = '\0';
	return out;
}

static void
handle(const char *line)
{
	mcp_handle_line(&srv, line, strlen(line));
	mcp_wait_calls(&srv);
}

/* Handles line, returns what the server wrote (caller frees). */
static char *
ask(const char *line)
{
	return output_of(handle, line);
}

static void
test_initialize_versions(void)
{
	char	*a;

	a = ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":"
	    "{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
	CHECK_CONTAINS(a, "\"protocolVersion\":\"2025-06-18\"");
	CHECK_CONTAINS(a, "\"tools\":{");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":\"1999-01-01\",\"capabilities\":"
	    "{}}}");
	CHECK_CONTAINS(a, "\"protocolVersion\":\"" MCP_PROTOCOL_LATEST "\"");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\","
	    "\"params\":{}}");
	CHECK_CONTAINS(a, "-32602");
	free(a);
}

static void
test_methods(void)
{
	char	*a;

	a = ask("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
	CHECK_STR(a, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}\n");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/list\"}");
	CHECK_CONTAINS(a, "\"id\":4,\"error\":{\"code\":-32601");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\","
	    "\"params\":[1]}");
	CHECK_CONTAINS(a, "\"id\":5,\"error\":{\"code\":-32602");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\","
	    "\"params\":{\"name\":\"nope\"}}");
	CHECK_CONTAINS(a, "\"id\":6,\"error\":{\"code\":-32602");
	CHECK_CONTAINS(a, "Unknown tool: nope");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/"
	    "initialized\"}");
	CHECK_STR(a, "");		/* notifications get no answer */
	free(a);
	a = ask("not json at all");
	CHECK_CONTAINS(a, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
	    "{\"code\":-32700");
	free(a);
}

/* Every tool is listed with an input schema, an output schema and the
 * three hints; the list is valid JSON. */
static void
test_tools_list(void)
{
	static const char *const names[] = { "check", "plan", "run", "status",
		"resume", "export", "quota", "wait_domains", "diff",
		"plan_fleet", "apply_fleet", NULL };
	char		*a = ask("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
			    "\"tools/list\"}");
	struct json_doc	*d = json_parse(a, strlen(a), NULL, 0);
	int		 tools, t, found, ro;
	size_t		 i;

	CHECK(d != NULL);
	tools = json_get(d, json_get(d, 0, "result"), "tools");
	for (i = 0; names[i] != NULL; i++) {
		found = 0;
		for (t = json_child(d, tools); t >= 0; t = json_next(d, t)) {
			if (!json_str_eq(d, json_get(d, t, "name"), names[i]))
				continue;
			found = 1;
			CHECK(json_str_eq(d, json_get(d, json_get(d, t,
			    "inputSchema"), "type"), "object"));
			CHECK(json_type(d, json_get(d, t, "outputSchema")) ==
			    JSON_OBJECT);
			CHECK(json_get_bool(d, json_get(d, t, "annotations"),
			    "readOnlyHint", &ro) == 0);
			CHECK(json_get(d, json_get(d, t, "annotations"),
			    "destructiveHint") >= 0);
			CHECK(json_get(d, json_get(d, t, "annotations"),
			    "idempotentHint") >= 0);
		}
		CHECK(found);
	}
	/* plan's options come from import's table: --rate, --batch... */
	CHECK_CONTAINS(a, "\"password-length\":{\"type\":\"integer\"");
	CHECK_CONTAINS(a, "\"batch\":{\"type\":\"integer\",\"minimum\":1,"
	    "\"maximum\":1000");
	CHECK(strstr(a, "\"dry-run\"") == NULL);	/* that is plan */
	/* plan_fleet's options: plan's, without what the server decides */
	CHECK(strstr(a, "\"detailed-exitcode\"") == NULL);
	json_free(d);
	free(a);
}

/* A token-named argument is refused before the tool runs. */
static void
test_secret_argument(void)
{
	char	*a = ask("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
		    "\"params\":{\"name\":\"plan\",\"arguments\":{\"command\":"
		    "\"import\",\"kind\":\"domains\",\"file\":\"x.csv\","
		    "\"options\":{\"api_key\":\"cs_live_x\"}}}}");

	CHECK_CONTAINS(a, "\"isError\":true");
	CHECK_CONTAINS(a, "argument \\\"api_key\\\" refused");
	CHECK(strstr(a, "cs_live_x") == NULL);
	free(a);
}

/* ---- options from the tables ---- */

static void
test_options_argv(void)
{
	const char	*t = "{\"rate\":\"5/s\",\"jobs\":2,\"allow-partial\":"
			    "true,\"retries\":0}";
	struct json_doc	*d = json_parse(t, strlen(t), NULL, 0);
	struct mcp_argv	 a = { NULL, 0 };
	struct buf	 why = BUF_INIT;

	CHECK_INT(mcp_options_argv(&srv, cmd_find("import"), NULL, d, 0, &a,
	    &why), 0);
	/* the table's order, whatever the object's */
	CHECK_INT(a.n, 4);
	if (a.n == 4) {
		CHECK_STR(a.v[0], "--jobs=2");
		CHECK_STR(a.v[1], "--rate=5/s");
		CHECK_STR(a.v[2], "--retries=0");
		CHECK_STR(a.v[3], "--allow-partial");
	}
	mcp_argv_free(&a);
	json_free(d);
	t = "{\"dry-run\":true}";
	d = json_parse(t, strlen(t), NULL, 0);
	CHECK_INT(mcp_options_argv(&srv, cmd_find("import"), NULL, d, 0, &a,
	    &why), -1);
	CHECK_CONTAINS(why.data, "no option \"dry-run\"");
	json_free(d);
	buf_reset(&why);
	t = "{\"jobs\":\"2\"}";
	d = json_parse(t, strlen(t), NULL, 0);
	CHECK_INT(mcp_options_argv(&srv, cmd_find("import"), NULL, d, 0, &a,
	    &why), -1);
	CHECK_CONTAINS(why.data, "jobs must be an integer");
	json_free(d);
	buf_reset(&why);
	t = "{\"failed\":\"/etc/x.csv\"}";
	d = json_parse(t, strlen(t), NULL, 0);
	CHECK_INT(mcp_options_argv(&srv, cmd_find("import"), NULL, d, 0, &a,
	    &why), -1);
	CHECK_CONTAINS(why.data, "outside the server's working directory");
	json_free(d);
	mcp_argv_free(&a);
	buf_free(&why);
}

static void
test_secret_names(void)
{
	const char	*t = "{\"options\":{\"password-length\":16,"
			    "\"new-passwords\":true},\"file\":\"a\"}";
	struct json_doc	*d = json_parse(t, strlen(t), NULL, 0);
	struct buf	 tmp = BUF_INIT;

	CHECK(mcp_secret_argument(d, 0, &tmp) == NULL);
	json_free(d);
	t = "{\"x\":[{\"MAILDOSO_TOKEN\":\"pat\"}]}";
	d = json_parse(t, strlen(t), NULL, 0);
	CHECK_STR(mcp_secret_argument(d, 0, &tmp), "MAILDOSO_TOKEN");
	json_free(d);
	buf_free(&tmp);
}

/* ---- logging ---- */

static struct mcp_call	log_call;

static void
child_line(const char *line)
{
	mcp_log_child_line(&log_call, line, strlen(line));
}

static void
test_logging_setlevel(void)
{
	static const char *const bad[] = { "{\"level\":\"verbose\"}",
	    "{\"level\":7}", "{}", NULL };
	struct buf	 line = BUF_INIT;
	char		*a;
	int		 i;

	a = ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
	    "\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
	CHECK_CONTAINS(a, "\"logging\":{}");
	free(a);
	a = ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\","
	    "\"params\":{\"level\":\"warning\"}}");
	CHECK_STR(a, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n");
	free(a);
	CHECK_INT(atomic_load(&srv.log_min), 1 + 3);
	for (i = 0; bad[i] != NULL; i++) {
		buf_reset(&line);
		buf_printf(&line, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
		    "\"logging/setLevel\",\"params\":%s}", 3 + i, bad[i]);
		a = ask(line.data);
		CHECK_CONTAINS(a, "\"error\":{\"code\":-32602");
		free(a);
	}
	buf_free(&line);
	/* an invalid level leaves the one set */
	CHECK_INT(atomic_load(&srv.log_min), 1 + 3);
	CHECK_INT(mcp_log_level("emergency"), 7);
	CHECK_INT(mcp_log_level("Debug"), -1);
}

static void
test_logging_child_lines(void)
{
	char	*a;

	log_call.srv = &srv;
	log_call.tool = mcp_tool_find("check");
	atomic_store(&srv.log_min, 0);		/* before any setLevel */
	a = output_of(child_line, "mailfleet: warning: nothing yet");
	CHECK_STR(a, "");
	free(a);
	atomic_store(&srv.log_min, 1 + 3);	/* warning */
	a = output_of(child_line, "mailfleet: debug: below the level");
	CHECK_STR(a, "");
	free(a);
	a = output_of(child_line, "mailfleet: a report (info)");
	CHECK_STR(a, "");
	free(a);
	a = output_of(child_line, "mailfleet: warning: password=hunter2 x");
	CHECK_STR(a, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
	    "\"params\":{\"level\":\"warning\",\"logger\":\"mailfleet\","
	    "\"data\":{\"tool\":\"check\",\"message\":\"password=[redacted] "
	    "x\"}}}\n");
	free(a);
	atomic_store(&srv.log_min, 1 + 0);	/* debug */
	CHECK(mcp_log_verbose(&srv));
	a = output_of(child_line, "mailfleet: debug: GET /x");
	CHECK_CONTAINS(a, "\"level\":\"debug\"");
	CHECK_CONTAINS(a, "\"message\":\"GET /x\"");
	free(a);
	a = output_of(child_line, "mailfleet: 2 rows");
	CHECK_CONTAINS(a, "\"level\":\"info\"");
	free(a);
	atomic_store(&srv.log_min, 0);
}

static void
test_scrub(void)
{
	struct buf	b = BUF_INIT;
	const char	*t = "token: pat_abc; Authorization: Bearer xyz "
			    "{\"api_key\":\"k1\"} no secret here";

	mcp_scrub(&b, t, strlen(t));
	CHECK_STR(b.data, "token: [redacted]; Authorization: Bearer "
	    "[redacted] {\"api_key\":\"[redacted]\"} no secret here");
	buf_free(&b);
}

/* ---- paths ---- */

static void
test_paths(void)
{
	char		 dir[] = "/tmp/test_mcp_dir.XXXXXX";
	struct buf	 out = BUF_INIT, why = BUF_INIT, link = BUF_INIT;
	struct mcp_server s2 = srv;
	char		*real;

	CHECK(mkdtemp(dir) != NULL);
	real = realpath(dir, NULL);
	s2.cwd = real;
	s2.allow = NULL;
	s2.nallow = 0;
	CHECK_INT(mcp_path(&s2, "a.csv", &out, &why), 0);
	CHECK(strncmp(out.data, real, strlen(real)) == 0);
	CHECK_INT(mcp_path(&s2, "../a.csv", &out, &why), -1);
	CHECK_INT(mcp_path(&s2, "/etc/passwd", &out, &why), -1);
	CHECK_INT(mcp_path(&s2, "nofolder/a.csv", &out, &why), -1);
	CHECK_INT(mcp_path(&s2, ".", &out, &why), -1);
	buf_printf(&link, "%s/out.csv", real);
	CHECK_INT(symlink("/etc/passwd", link.data), 0);
	buf_reset(&why);
	CHECK_INT(mcp_path(&s2, "out.csv", &out, &why), -1);
	CHECK_CONTAINS(why.data, "outside");
	CHECK_INT(mcp_allow_dir(&s2, "/etc", &why), 0);
	CHECK_INT(mcp_path(&s2, "/etc/passwd", &out, &why), 0);
	unlink(link.data);
	rmdir(real);
	free(s2.allow[0]);
	free(s2.allow);
	free(real);
	buf_free(&out);
	buf_free(&why);
	buf_free(&link);
}

/* ---- apply_fleet: the plan it needs, the cap it gives apply ---- */

static void
write_text(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* A fleet plan of sheet as plan_fleet keeps it (its id in id). */
static void
fleet_plan(const char *sheet, long long cents, int buys, char id[17])
{
	struct mcp_plan	*p = calloc(1, sizeof *p);
	struct buf	 why = BUF_INIT;

	p->command = strdup("apply");
	p->file = strdup(sheet);
	p->cost_cents = cents;
	p->buys = buys;
	CHECK_INT(mcp_plan_fingerprint(p, p->id, &why), 0);
	memcpy(id, p->id, 17);
	mcp_plan_keep(&srv, p);
	buf_free(&why);
}

/* tools/call of apply_fleet (or run) with plan_id id: the answer. */
static char *
apply_call(const char *tool, const char *id, const char *confirm)
{
	struct buf	q = BUF_INIT;
	char		*a;

	buf_printf(&q, "{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":"
	    "\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":"
	    "{\"plan_id\":\"%s\"%s}}}", tool, id, confirm);
	a = ask(q.data);
	buf_free(&q);
	return a;
}

static void
test_apply_fleet(void)
{
	char		 dir[] = "/tmp/test_mcp_fleet.XXXXXX", id[17];
	char		*real, *a, *args, *cwd = srv.cwd;
	const char	*exe = srv.exe;
	struct buf	 sheet = BUF_INIT, fake = BUF_INIT, argf = BUF_INIT;

	CHECK(mkdtemp(dir) != NULL);
	real = realpath(dir, NULL);
	buf_printf(&sheet, "%s/fleet.csv", real);
	buf_printf(&fake, "%s/fake-mailfleet", real);
	buf_printf(&argf, "%s/args.txt", real);
	write_text(sheet.data, "email\na@b.com\n");
	/* the child: writes its argv down, then exits as a refusal does */
	write_text(fake.data, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname "
	    "\"$0\")/args.txt\"\nexit 64\n");
	CHECK_INT(chmod(fake.data, 0755), 0);
	srv.cwd = real;
	srv.exe = fake.data;

	/* buys what the price list could not price: refused, never run */
	fleet_plan(sheet.data, -1, 1, id);
	a = apply_call("apply_fleet", id, ",\"confirm\":true");
	CHECK_CONTAINS(a, "\"isError\":true");
	CHECK_CONTAINS(a, "could not price");
	CHECK(access(argf.data, F_OK) != 0);
	free(a);
	/* without confirm; a fleet plan's id given to run */
	a = apply_call("apply_fleet", id, "");
	CHECK_CONTAINS(a, "needs confirm: true");
	free(a);
	a = apply_call("run", id, ",\"confirm\":true");
	CHECK_CONTAINS(a, "plan gave no plan_id");
	free(a);
	CHECK(access(argf.data, F_OK) != 0);

	/* priced: apply --yes with the plan's total as the cap */
	fleet_plan(sheet.data, 750, 1, id);
	a = apply_call("apply_fleet", id, ",\"confirm\":true,\"timeout\":9,"
	    "\"no_wait\":true");
	args = th_slurp(argf.data);
	CHECK_CONTAINS(args, "\napply\n");
	CHECK_CONTAINS(args, sheet.data);
	CHECK_CONTAINS(args, "\n--yes\n--max-cost=7.50\n--timeout=9.000\n"
	    "--no-wait\n");
	CHECK_CONTAINS(a, "exit 64");
	free(args);
	free(a);
	unlink(argf.data);
	/* nothing bought, cost unknown: a cap of $0 */
	fleet_plan(sheet.data, -1, 0, id);
	a = apply_call("apply_fleet", id, ",\"confirm\":true");
	args = th_slurp(argf.data);
	CHECK_CONTAINS(args, "\n--max-cost=0.00\n");
	free(args);
	free(a);
	unlink(argf.data);
	/* the sheet changed since: refused, never run */
	write_text(sheet.data, "email\na@b.com\nc@b.com\n");
	a = apply_call("apply_fleet", id, ",\"confirm\":true");
	CHECK_CONTAINS(a, "changed since plan");
	CHECK(access(argf.data, F_OK) != 0);
	free(a);

	mcp_plans_free(&srv);
	srv.cwd = cwd;
	srv.exe = exe;
	unlink(sheet.data);
	unlink(fake.data);
	rmdir(real);
	free(real);
	buf_free(&sheet);
	buf_free(&fake);
	buf_free(&argf);
}

int
main(void)
{
	TEST(test_partial_lines);
	TEST(test_two_in_one_read);
	TEST(test_ten_mb_line);
	TEST(test_cap_exact);
	TEST(test_invalid_utf8_and_json);
	TEST(test_batches_refused);
	TEST(test_ids_of_every_type);
	TEST(test_envelope_rules);
	server_init();
	TEST(test_initialize_versions);
	TEST(test_methods);
	TEST(test_tools_list);
	TEST(test_secret_argument);
	TEST(test_options_argv);
	TEST(test_secret_names);
	TEST(test_paths);
	TEST(test_apply_fleet);
	TEST(test_logging_setlevel);
	TEST(test_logging_child_lines);
	TEST(test_scrub);
	close(srv.out_fd);
	free(srv.cwd);
	return th_done();
}
