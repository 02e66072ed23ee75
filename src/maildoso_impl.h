/*
 * maildoso_impl.h - private to the Maildoso provider: what
 * provider_maildoso.c shares with maildoso_services.c (warm-up services
 * and sequencers), whose entries sit in provider_maildoso.c's table.
 */
#ifndef MAILFLEET_MAILDOSO_IMPL_H
#define MAILFLEET_MAILDOSO_IMPL_H

#include <stddef.h>

#include "job.h"
#include "json.h"
#include "operation.h"

struct md_svc;

/* Sets result column c from the string / integer member key of obj. */
void	md_set_str(struct item *it, enum res_col c, const struct json_doc *d,
	    int obj, const char *key);
void	md_set_int(struct item *it, enum res_col c, const struct json_doc *d,
	    int obj, const char *key);

/* prepare() of a warmups or sequencers run: the list of the kind, read
 * once (GET /v1/user/services/warmups or /v1/sequencers). *out is owned
 * by the caller (md_svc_free). 0, or -1 + err. */
int	md_svc_prepare(struct pctx *p, struct md_svc **out, char *err,
	    size_t errlen);
void	md_svc_free(struct md_svc *s);
/* The run's lists (job->pdata's). */
struct md_svc *md_svc_of(struct pctx *p);

/* The entries' functions (maildoso_services.c). */
int	md_build_warmups(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
enum attempt md_map_warmups(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
int	md_build_warmup_delete(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
enum attempt md_map_warmup_delete(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
int	md_build_sequencer(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
enum attempt md_map_sequencer(struct pctx *p, struct op_request *rq,
	    struct item **items, size_t n);
int	md_svc_lookup(struct pctx *p, struct item *it);
int	md_svc_lookup_many(struct pctx *p, struct item **items, size_t n,
	    int *found);

#endif
