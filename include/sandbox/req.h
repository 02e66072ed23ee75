/*
 * req.h - one HTTP exchange as the handlers see it, and answer helpers.
 *
 * server.c fills a struct sbx_req from libmicrohttpd and sends the struct
 * sbx_resp a handler filled; handlers never see libmicrohttpd. Validation
 * errors are collected in a struct sbx_verr and answered as FastAPI does:
 * 422 {"detail":[{"loc":[...],"msg":...,"type":...}]}. Maildoso's wording
 * is pydantic 2's (its OpenAPI 3.1 file comes from a current FastAPI);
 * ColdSend's is pydantic 1's, as its documentation shows
 * ("field required", "value_error.missing").
 */
#ifndef MAILFLEET_SANDBOX_REQ_H
#define MAILFLEET_SANDBOX_REQ_H

#include <stddef.h>

#include "buf.h"
#include "json.h"
#include "sandbox/sandbox.h"

#define SBX_MAX_PARAMS	4	/* path parameters of the longest route */
#define SBX_MAX_HDRS	8	/* headers the sandbox itself adds */

struct sbx_kv {
	char	*key;
	char	*val;
};

struct sbx_req {
	enum sbx_provider provider;
	const char	*method;
	char		*path;		/* below the provider prefix */
	struct sbx_kv	*args;		/* query arguments, decoded, in order */
	size_t		 nargs;
	const char	*body;
	size_t		 body_len;
	char		*params[SBX_MAX_PARAMS];	/* path parameters */
	int		 nparams;
	double		 now;		/* provider time of the request */
};

struct sbx_hdr {
	const char	*name;		/* static */
	char		*value;
};

struct sbx_resp {
	int		 status;	/* 0: not answered yet */
	struct buf	 body;		/* JSON; empty for 204 */
	struct sbx_hdr	 hdrs[SBX_MAX_HDRS];
	int		 nhdrs;
	int		 changed;	/* the handler changed the store */
};

struct sbx_verr {
	struct buf	 b;
	int		 n;
	int		 v1;		/* pydantic 1 wording (ColdSend) */
};

struct store;

/* What a handler gets. */
struct sbx_ctx {
	struct sbx_req		*req;
	struct sbx_resp		*resp;
	struct store		*st;
	const struct sbx_config	*cfg;
	struct json_doc		*doc;	/* the parsed body, see sbx_body() */
	struct sbx_verr		 verr;
};

void	 sbx_req_free(struct sbx_req *r);
void	 sbx_resp_init(struct sbx_resp *r);
void	 sbx_resp_free(struct sbx_resp *r);
void	 sbx_resp_header(struct sbx_resp *r, const char *name,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Set status and a {"detail": "..."} body. */
void	 sbx_detail(struct sbx_resp *r, int status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Set status; the body is what the handler put in r->body. */
void	 sbx_reply(struct sbx_resp *r, int status);

/* Query arguments: first value, count, and the i-th value of name. */
const char *sbx_arg(const struct sbx_req *r, const char *name);
size_t	 sbx_arg_count(const struct sbx_req *r, const char *name);
const char *sbx_arg_nth(const struct sbx_req *r, const char *name,
	    size_t i);

void	 sbx_verr_init(struct sbx_verr *v, int v1);
void	 sbx_verr_free(struct sbx_verr *v);
/* loc is '/'-separated; all-digit segments become integers. */
void	 sbx_verr_add(struct sbx_verr *v, const char *loc, const char *type,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 sbx_verr_missing(struct sbx_verr *v, const char *loc);
/* kind: "string", "int", "bool", "list", "dict", "number". */
void	 sbx_verr_type(struct sbx_verr *v, const char *loc, const char *kind);
void	 sbx_verr_value(struct sbx_verr *v, const char *loc, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* When errors were collected: answer 422 with them and return 1. */
int	 sbx_verr_reply(struct sbx_ctx *x);

/*
 * Parse the request body into x->doc. Returns the root index (0), or -1
 * after adding the error (missing or invalid body) to x->verr.
 */
int	 sbx_body(struct sbx_ctx *x);

/*
 * Typed members of object obj, reported at loc "<where>/<key>". Each
 * returns 1 when present and valid, 0 when absent (or null and nullable),
 * -1 after adding an error (a missing required member is an error).
 */
int	 sbx_fld_str(struct sbx_ctx *x, int obj, const char *where,
	    const char *key, int required, char **out);
int	 sbx_fld_int(struct sbx_ctx *x, int obj, const char *where,
	    const char *key, int required, long long *out);
int	 sbx_fld_bool(struct sbx_ctx *x, int obj, const char *where,
	    const char *key, int required, int *out);
/*
 * Array members: strings (items may be null when null_items, giving NULL
 * entries) or integers, with at least min items. Same returns as above;
 * release with sbx_strs_free() / free().
 */
int	 sbx_fld_strs(struct sbx_ctx *x, int obj, const char *where,
	    const char *key, int required, size_t min, int null_items,
	    char ***out, size_t *n);
int	 sbx_val_ints(struct sbx_ctx *x, int v, const char *loc, size_t min,
	    long long **out, size_t *n);
void	 sbx_strs_free(char **v, size_t n);
/* A query integer: the whole of s, no leading space, within long long;
 * 0, or -1 when it is none (num_parse_ll underneath). */
int	 sbx_parse_int(const char *s, long long *out);
/* Query: 1 present and valid, 0 absent, -1 error added. */
int	 sbx_q_int(struct sbx_ctx *x, const char *name, long long min,
	    long long max, long long *out);
int	 sbx_q_bool(struct sbx_ctx *x, const char *name, int *out);
/* Path parameter i as an integer (422 int_parsing otherwise). */
int	 sbx_path_int(struct sbx_ctx *x, int i, const char *name,
	    long long *out);

/* JSON output: ISO time or null when t <= 0. */
void	 sbx_put_time(struct buf *b, double t);
/* "key": value pieces; sep is "" for the first member, else ",". */
void	 sbx_put_kstr(struct buf *b, const char *sep, const char *key,
	    const char *val);
void	 sbx_put_kint(struct buf *b, const char *sep, const char *key,
	    long long val);
void	 sbx_put_kbool(struct buf *b, const char *sep, const char *key,
	    int val);
void	 sbx_put_ktime(struct buf *b, const char *sep, const char *key,
	    double t);

/* The password rule: >= 12 characters, upper, lower, digit. */
int	 sbx_password_ok(const char *p);
/* A plausible address: one '@', non-empty local part, dotted domain. */
int	 sbx_email_ok(const char *s);
/* A plausible host name: labels of [a-z0-9-], a dot, no edge hyphens. */
int	 sbx_hostname_ok(const char *s);

#endif
