/*
 * mcp.h - `mailfleet mcp`: a Model Context Protocol server over stdio.
 *
 * Newline-delimited JSON-RPC 2.0 on stdin/stdout (protocol revision
 * 2025-11-25), diagnostics on stderr only. The pieces, one file each:
 *
 *   mcp_io.c	  framing: bytes in, complete lines out (partial lines,
 *		  several per read, a cap on a line's length)
 *   mcp_rpc.c	  the JSON-RPC envelope: parse one line into a message or
 *		  an error answer; write results, errors, notifications
 *   mcp_server.c the loop: lifecycle, ping, tools/list, tools/call on a
 *		  thread per call, cancellation, one lock around stdout
 *   mcp_child.c  a tool runs mailfleet's own command as a child process
 *		  (progress from its progress line, SIGINT on cancel)
 *   mcp_log.c	  logging/setLevel; the children's diagnostics as
 *		  notifications/message
 *   mcp_paths.c  paths resolved against the working directory, refused
 *		  outside it unless under an --allow-dir
 *   mcp_schema.c JSON Schemas from the commands' option tables, tool
 *		  arguments turned into argv by the same tables
 *   mcp_csv.c	  a summary of a file a command wrote (status counts,
 *		  first errors, which columns hold secrets, rows)
 *   mcp_tools.c  the tool table (names, schemas, annotations, handlers)
 *   mcp_tool_*.c the handlers (mcp_tool_fleet.c: plan_fleet and
 *		  apply_fleet, the fleet sheet's plan and apply)
 *
 * Secrets never enter a message: the token comes from the server's own
 * start (environment or --token-file) and reaches the children by the
 * same way, never argv; results name files and secret columns, never
 * their values.
 */
#ifndef MAILFLEET_MCP_H
#define MAILFLEET_MCP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"

struct app;
struct command;
struct json_doc;
struct opt_spec;

#define MCP_PROTOCOL_LATEST	"2025-11-25"

/* ---- mcp_io.c: framing ---- */

/* Longest line taken (a message); longer ones are answered with an error
 * and the rest of the line is discarded. */
#define MCP_LINE_MAX	((size_t)4 << 20)

/* A complete line (without its \n, a \r before it removed), or, with
 * too_long set, the news that a line went over the cap (line NULL). */
typedef void (*mcp_line_fn)(void *ctx, const char *line, size_t len,
	    int too_long);

struct mcp_lines {
	struct buf	 cur;		/* the line being read */
	size_t		 max;
	int		 skipping;	/* the rest of a too long line */
};

void	mcp_lines_init(struct mcp_lines *l, size_t max);
/* Hands every line completed by these n bytes to fn, in order. */
void	mcp_lines_feed(struct mcp_lines *l, const char *data, size_t n,
	    mcp_line_fn fn, void *ctx);
/* End of input: a last line without its \n goes to fn too. */
void	mcp_lines_end(struct mcp_lines *l, mcp_line_fn fn, void *ctx);
void	mcp_lines_free(struct mcp_lines *l);

/* ---- mcp_rpc.c: the JSON-RPC 2.0 envelope ---- */

enum mcp_code {
	MCP_PARSE_ERROR = -32700,
	MCP_INVALID_REQUEST = -32600,
	MCP_METHOD_NOT_FOUND = -32601,
	MCP_INVALID_PARAMS = -32602,
	MCP_INTERNAL_ERROR = -32603
};

enum mcp_kind { MCP_REQUEST, MCP_NOTIFICATION, MCP_RESPONSE };

struct mcp_msg {
	enum mcp_kind	 kind;
	struct json_doc	*doc;		/* owned */
	char		*id;		/* the id's JSON text exactly as sent
					   ("7", "\"a\""); NULL: none */
	char		*method;	/* NULL for a response */
	int		 params;	/* index in doc; -1: absent */
};

/*
 * Reads one line. 0: *m holds a message (free with mcp_msg_free). -1:
 * none; reply holds the error answer to send (a line), or is left empty
 * when nothing is to be answered.
 */
int	mcp_msg_parse(const char *line, size_t len, struct mcp_msg *m,
	    struct buf *reply);
void	mcp_msg_free(struct mcp_msg *m);
/* An id's (or progressToken's) text as sent: a number's spelling, a
 * string with its quotes and escapes as they were (malloc'd). NULL when v
 * is no string or number. */
char	*mcp_json_id(const struct json_doc *d, int v);

/* Append one line each; id is JSON text ("null" when NULL). result and
 * params are JSON text. */
void	mcp_rpc_result(struct buf *out, const char *id, const char *result);
void	mcp_rpc_error(struct buf *out, const char *id, int code,
	    const char *message);
void	mcp_rpc_notify(struct buf *out, const char *method,
	    const char *params);
/* A line that could not be read as a message: its answer (the caller
 * reports an over-long line this way). */
void	mcp_rpc_too_long(struct buf *out, size_t max);

/* ---- mcp_server.c ---- */

struct mcp_plan;
struct mcp_tool;

struct mcp_server {
	struct app	*app;		/* the server's own global options */
	const char	*exe;		/* what the children run */
	int		 out_fd;
	pthread_mutex_t	 out_lock;	/* one message at a time on stdout */
	pthread_mutex_t	 lock;		/* what follows */
	pthread_cond_t	 idle;		/* a call ended */
	struct mcp_call	*calls;		/* in flight */
	struct mcp_plan	*plans;		/* made by `plan`, for `run` */
	const char	*busy;		/* the tool that calls the API now */
	char		*busy_file;	/* ... on this input, or NULL */
	char		*cwd;		/* real path */
	char		**allow;	/* --allow-dir, real paths */
	size_t		 nallow;
	int		 initialized;
	atomic_int	 log_min;	/* 0: no logging/setLevel yet; else
					   1 + the level (mcp_log_level) */
};

/* One tools/call in flight, on its own thread. */
struct mcp_call {
	struct mcp_server	*srv;
	const struct mcp_tool	*tool;
	char			*id;		/* request id, JSON text */
	char			*progress;	/* progressToken JSON; NULL */
	struct json_doc		*doc;		/* the request */
	int			 args;		/* arguments object; -1 */
	atomic_int		 cancelled;
	double			 last_progress;
	int			 log_sent;	/* notifications/message */
	struct mcp_call		*next;
};

/* Serves until in_fd ends; then stops the calls still running (as a
 * Ctrl-C stops a command) and waits for them. 0, or -1 on a read error. */
int	mcp_serve(struct mcp_server *s, int in_fd);
/* Writes one message (a line) to stdout, whole, under out_lock. */
void	mcp_send(struct mcp_server *s, const struct buf *line);
/* Handles one line as the loop does (for tests: answers go to out_fd). */
void	mcp_handle_line(struct mcp_server *s, const char *line, size_t len);
/* Waits until no call is in flight. */
void	mcp_wait_calls(struct mcp_server *s);

/* ---- mcp_child.c ---- */

/* What a child process said and how it ended. */
struct mcp_child {
	struct buf	 out;		/* its stdout (at most 1 MiB kept) */
	struct buf	 msgs;		/* its stderr lines but progress */
	int		 status;	/* exit code; 128 + N when killed */
	int		 interrupted;	/* stopped by a cancellation */
};

/*
 * Runs `exe GLOBALS args...` (args NULL-terminated), the globals from the
 * server's start (provider, API URL, token file, delimiter, --raw,
 * --excel, --max-wait; never a token), stdin /dev/null. Its progress line
 * becomes notifications/progress when the call has a progressToken;
 * call->cancelled sends it one SIGINT. 0, or -1 when it could not start
 * (message in c->msgs). Free c with mcp_child_free.
 */
int	mcp_child_run(struct mcp_call *call, const char *const *args,
	    struct mcp_child *c);
void	mcp_child_free(struct mcp_child *c);
/* Sends notifications/progress for the call (no token: nothing). */
void	mcp_progress(struct mcp_call *call, double done, double total,
	    const char *message);

/* ---- mcp_log.c ---- */

/* notifications/message one call sends at most (then one saying so). */
#define MCP_LOG_MAX	500

/* The index of an RFC 5424 level named as MCP names it (debug 0 ...
 * emergency 7), or -1. */
int	mcp_log_level(const char *name);
/* Answers logging/setLevel (id: the request's JSON id): an empty result,
 * or -32602 when level (may be NULL) names no level. */
void	mcp_log_setlevel(struct mcp_server *s, const char *id,
	    const char *level);
/* The level set is debug: children run with -v. */
int	mcp_log_verbose(const struct mcp_server *s);
/* One diagnostic line of the call's child: a notifications/message when
 * its level is at or above the one set (scrubbed; at most MCP_LOG_MAX). */
void	mcp_log_child_line(struct mcp_call *call, const char *line,
	    size_t len);
/* Appends s with the value after a secret's name ("password=V",
 * "token: V", "Bearer V") replaced by [redacted]. */
void	mcp_scrub(struct buf *out, const char *s, size_t len);

/* ---- mcp_paths.c ---- */

/*
 * Resolves a tool's path argument against the working directory into
 * out (an absolute path, its folder's symlinks resolved, and the file's
 * own when it is one). Refused (-1, why) when it lies outside the
 * working directory and every --allow-dir, or names no file.
 */
int	mcp_path(const struct mcp_server *s, const char *arg,
	    struct buf *out, struct buf *why);
/* Adds an --allow-dir (must exist): 0 or -1 + why. */
int	mcp_allow_dir(struct mcp_server *s, const char *dir, struct buf *why);

/* ---- mcp_schema.c ---- */

/* Option names a tool never takes from the caller. */
extern const char *const mcp_hidden_options[];

/* The JSON Schema of an object of cmd's options (its own tables, not the
 * globals) but those in skip (NULL-terminated) and mcp_hidden_options.
 * cmds is NULL-terminated: the union of their options. */
void	mcp_schema_options(struct buf *b, const struct command *const *cmds,
	    const char *const *skip);
/* The schema of cmd's one option name, as "name":{...} (a member). */
void	mcp_schema_one(struct buf *b, const struct command *cmd,
	    const char *name);
/*
 * Turns the options object opts (may be -1) into "--name=value" words
 * appended to argv, in the order of cmd's tables (so the same
 * options give the same words). Unknown, hidden or skipped names and
 * values of the wrong JSON type: -1 + why. Path options are resolved by
 * mcp_path.
 */
struct mcp_argv {
	char	**v;		/* NULL-terminated, each malloc'd */
	size_t	  n;
};
void	mcp_argv_add(struct mcp_argv *a, const char *s);
void	mcp_argv_free(struct mcp_argv *a);
int	mcp_options_argv(const struct mcp_server *s,
	    const struct command *cmd, const char *const *skip,
	    const struct json_doc *d, int opts, struct mcp_argv *argv,
	    struct buf *why);
/* The first argument name (at any depth) that names a secret (token,
 * password, API key...) and holds text, or NULL (tmp holds the name). */
const char *mcp_secret_argument(const struct json_doc *d, int v,
	    struct buf *tmp);

/* ---- mcp_csv.c ---- */

/* A file a command wrote, summed up. */
struct mcp_csv_sum {
	long		 rows;
	struct buf	 counts;	/* JSON object: status -> rows */
	struct buf	 errors;	/* JSON array of the first errors:
					   {row, column, message} */
	struct buf	 secrets;	/* JSON array of secret column names */
	long		 nerrors;
	int		 has_price;	/* a price column (a priced dry run) */
	long		 priced;	/* rows with a price in it */
	long long	 price_cents;	/* their sum */
};

/* Reads path (a CSV; rows counted per value of column col, "status" or
 * "change"; none: rows only; the prices of a price column summed). 0, or
 * -1 + why. jsonl set: counts lines, nothing else. */
int	mcp_csv_sum(const char *path, int jsonl, const char *col,
	    struct mcp_csv_sum *sum, struct buf *why);
void	mcp_csv_sum_free(struct mcp_csv_sum *sum);
/* The last header cell named base or base_N (a result's own column comes
 * after the input's), or -1. */
struct csv_row;
long	mcp_csv_column(const struct csv_row *h, const char *base);
/* Errors a result lists at most. */
#define MCP_FIRST_ERRORS	10
/* Appends {row, column, message} to the JSON array errors (its '['
 * written): the column from the "column N (" the validator's messages
 * begin with, else null. */
void	mcp_csv_error(struct buf *errors, long row, const char *msg);

/* ---- mcp_tools.c: the table ---- */

/* What a handler hands back: the structured result (a JSON object) or
 * an error text (is_error). */
struct mcp_reply {
	struct buf	 json;
	struct buf	 text;		/* a line for people */
	int		 is_error;
};

typedef void (*mcp_tool_fn)(struct mcp_call *call, struct mcp_reply *r);
typedef void (*mcp_schema_fn)(struct buf *b);

struct mcp_tool {
	const char	*name;
	const char	*title;
	const char	*description;
	mcp_schema_fn	 input;		/* appends the input schema */
	const char	*output;	/* the output schema's JSON */
	int		 read_only, destructive, idempotent;
	int		 api;		/* calls the provider: one at a time */
	mcp_tool_fn	 run;
};

extern const struct mcp_tool mcp_tools[];

const struct mcp_tool *mcp_tool_find(const char *name);
/* The tools/list result. */
void	mcp_tools_list(struct buf *b);
/* Sets an error reply, printf-style. */
void	mcp_reply_error(struct mcp_reply *r, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Argument helpers for the handlers: the string member (malloc'd) or
 * NULL with an error reply naming it. */
char	*mcp_arg_str(struct mcp_call *call, const char *name, int required,
	    struct mcp_reply *r);
/* A path member resolved by mcp_path (malloc'd), or NULL + error. */
char	*mcp_arg_path(struct mcp_call *call, const char *name, int required,
	    struct mcp_reply *r);
/* The output argument resolved by mcp_path, else FILE + suffix, else
 * fallback in the working folder (malloc'd); NULL + error. */
char	*mcp_arg_output(struct mcp_call *call, const char *file,
	    const char *suffix, const char *fallback, struct mcp_reply *r);
/* A number-of-seconds member as "--name=N" appended to a (absent and
 * not required: nothing). 0, or -1 + error reply. */
int	mcp_arg_seconds(struct mcp_call *call, const char *name, int required,
	    struct mcp_argv *a, struct mcp_reply *r);
/* The child's end in a reply: exit code and its last message lines. */
void	mcp_reply_child(struct mcp_reply *r, const struct mcp_child *c);

/* The handlers (mcp_tool_write.c, mcp_tool_read.c). */
void	mcp_tool_check(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_plan(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_run(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_status(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_resume(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_export(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_quota(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_pricing(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_wait_domains(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_diff(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_search_domains(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_plan_fleet(struct mcp_call *call, struct mcp_reply *r);
void	mcp_tool_apply_fleet(struct mcp_call *call, struct mcp_reply *r);
/* Input schemas generated from option tables. */
void	mcp_schema_plan(struct buf *b);
void	mcp_schema_export(struct buf *b);
void	mcp_schema_plan_fleet(struct buf *b);

/* What plan (or plan_fleet) ran, remembered under its plan_id for run
 * (or apply_fleet). */
struct mcp_plan {
	char		 id[17];	/* mcp_plan_fingerprint() */
	char		*command;	/* import, update, delete; apply */
	char		*kind;		/* NULL: a fleet plan */
	char		*file;		/* absolute */
	struct mcp_argv	 opts;		/* "--name=value" words */
	long long	 cost_cents;	/* fleet: the plan's total; -1 unknown */
	int		 buys;		/* fleet: domains or inboxes to buy */
	struct mcp_plan	*next;
};

/* The plan_id: FNV-1a over the command, kind, path, options and the
 * input's bytes (hex, 16 digits). 0, or -1 + why (unreadable input). */
int	mcp_plan_fingerprint(const struct mcp_plan *p, char out[17],
	    struct buf *why);
/* p's opts from the call's options object (cmd's tables but skip) and
 * its id. 0, or -1 + error reply. */
int	mcp_plan_options(struct mcp_call *call, const struct command *cmd,
	    const char *const *skip, struct mcp_plan *p, struct mcp_reply *r);
/* Keeps p (owned from here on) for the server's life. */
void	mcp_plan_keep(struct mcp_server *s, struct mcp_plan *p);
/* The newest plan with that id, or (id NULL) of that file; NULL. */
const struct mcp_plan *mcp_plan_find(struct mcp_server *s, const char *id,
	    const char *file);
/* The plan a write tool was given: its plan_id argument names one that
 * planner ("plan" or "plan_fleet") made, confirm is true, and the input's
 * fingerprint is unchanged. NULL + error reply otherwise. */
const struct mcp_plan *mcp_plan_confirmed(struct mcp_call *call,
	    const char *planner, struct mcp_reply *r);
/* Frees one plan (NULL: nothing), and the server's plans. */
void	mcp_plan_free(struct mcp_plan *p);
void	mcp_plans_free(struct mcp_server *s);
/* Tools that call the provider run one at a time (one rate limit):
 * 0 taken (file: the input it works on, or NULL), -1 + error reply. */
int	mcp_busy_take(struct mcp_call *call, const char *file,
	    struct mcp_reply *r);
void	mcp_busy_drop(struct mcp_call *call);
/* The child's last message line without "mailfleet: " (static buffer of
 * the caller: out). */
void	mcp_child_summary(const struct mcp_child *c, struct buf *out);
/* Appends ,"summary":"the child's last line","exit_code":N. */
void	mcp_end_members(struct buf *b, const struct mcp_child *c);
/* Appends ,"rows":N,"counts":{..},"errors":[..],"secret_columns":[..]. */
void	mcp_sum_members(struct buf *b, const struct mcp_csv_sum *sum);
/* Runs argv, which writes path: 0, or -1 and the child's messages as the
 * error when the exit code is other than 0, 1, 2, 3 or 130 or there is no
 * file. */
int	mcp_run_for_file(struct mcp_call *call, const struct mcp_argv *a,
	    const char *path, struct mcp_child *c, struct mcp_reply *r);
/* Runs argv; then the file it wrote (path) summed into r->json after the
 * members already there, with "summary" and "exit_code". An exit code
 * other than 0, 1, 2, 3 or 130, or no file: -1 and the child's messages
 * as the error. */
int	mcp_run_and_sum(struct mcp_call *call, const struct mcp_argv *a,
	    const char *path, const char *col, int jsonl,
	    struct mcp_child *c, struct mcp_reply *r);
/* Appends "\"name\":" and the JSON string s (null when NULL), after a
 * comma unless b ends with '{'. */
void	mcp_json_member(struct buf *b, const char *name, const char *s);

#endif
