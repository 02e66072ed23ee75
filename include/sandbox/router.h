/*
 * router.h - the table of (provider, method, path pattern) -> handler.
 *
 * Patterns use "{}" for one path segment, captured into req->params.
 */
#ifndef MAILFLEET_SANDBOX_ROUTER_H
#define MAILFLEET_SANDBOX_ROUTER_H

#include "sandbox/req.h"

typedef void sbx_handler(struct sbx_ctx *x);

struct sbx_route {
	enum sbx_provider provider;
	const char	*method;
	const char	*pattern;
	const char	*op;		/* operation name (stats) */
	sbx_handler	*fn;
};

/*
 * Find the route for req (provider, method, path); fills req->params.
 * NULL when none: *path_known says whether another method would match.
 */
const struct sbx_route *sbx_route_find(struct sbx_req *req, int *path_known);
/* Every route, NULL-terminated by a zero entry (for tests). */
extern const struct sbx_route sbx_routes[];

#endif
