/*
 * coldsend.h - handlers of ColdSend's documented endpoints
 * (coldsend_domains.c, coldsend_inboxes.c). Each runs with the store locked.
 */
#ifndef MAILFLEET_SANDBOX_COLDSEND_H
#define MAILFLEET_SANDBOX_COLDSEND_H

#include "sandbox/req.h"

void	cs_add_domain(struct sbx_ctx *x);
void	cs_list_domains(struct sbx_ctx *x);
void	cs_get_domain(struct sbx_ctx *x);
void	cs_activate_domain(struct sbx_ctx *x);
void	cs_domain_progress(struct sbx_ctx *x);
void	cs_delete_domain(struct sbx_ctx *x);
void	cs_create_native(struct sbx_ctx *x);
void	cs_create_native_bulk(struct sbx_ctx *x);
void	cs_create_smtp(struct sbx_ctx *x);
void	cs_create_smtp_bulk(struct sbx_ctx *x);
void	cs_smtp_bulk_progress(struct sbx_ctx *x);
void	cs_list_inboxes(struct sbx_ctx *x);
void	cs_delete_inbox(struct sbx_ctx *x);

/* Shared: page/limit/status query (1-based page, limit 1-100). */
int	 cs_q_page(struct sbx_ctx *x, long long *page, long long *limit);
void	 cs_put_pagination(struct buf *b, long long page, long long limit,
	    long long total);

#endif
