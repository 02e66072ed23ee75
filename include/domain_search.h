/*
 * domain_search.h - Maildoso's POST /v1/user/domains/search
 * (DomainSearchRequest {domains, add_variations 0-100} answered by an
 * array of DomainSearchResponse {name, status, available, error}): the
 * `search domains` operation, and the availability a purchase checks
 * before it is priced and sent.
 *
 * The schema sets no most names a request; DOMAIN_SEARCH_BATCH is ours,
 * as for buying. "available" is a string in the schema: "true" (any
 * case), "yes" or "1" mean available, anything else (false, null) not.
 */
#ifndef MAILFLEET_DOMAIN_SEARCH_H
#define MAILFLEET_DOMAIN_SEARCH_H

#include <pthread.h>
#include <stddef.h>

#include "operation.h"
#include "strmap.h"

#define DOMAIN_SEARCH_PATH	"/v1/user/domains/search"
#define DOMAIN_SEARCH_BATCH	100

/* The `search domains` entry's build() and map(). One input row gets one
 * result row per name answered for it: its own name (a full name), then
 * its variations in the answer's order, as it->found / it->extra. */
int	search_build(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
enum attempt search_map(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);

/* Which names can be registered, as the search said (any thread). */
struct avail_cache {
	pthread_mutex_t	 lock;
	struct strmap	 map;		/* name -> index << 1 | available */
	char		**why;		/* the provider's error, or NULL */
	size_t		 n, cap;
};

void	avail_init(struct avail_cache *c);
void	avail_free(struct avail_cache *c);
/* 1 available, 0 not (*why: the provider's error or NULL; valid until
 * avail_free), -1 not searched. */
int	avail_get(struct avail_cache *c, const char *name, const char **why);
/* Searches the names (no variations), DOMAIN_SEARCH_BATCH a request, into
 * the cache: 0, or -1 (p->resp says why). */
int	avail_search(struct pctx *p, struct avail_cache *c,
	    const char *const *names, size_t n);

#endif
