/*
 * maildoso.h - handlers of Maildoso's operations (OpenAPI operationIds).
 *
 * Spread over maildoso_users.c, maildoso_domains.c, maildoso_accounts.c,
 * maildoso_forwarding.c and maildoso_services.c; shared output helpers in
 * maildoso_out.c. Each runs with the store locked.
 */
#ifndef MAILFLEET_SANDBOX_MAILDOSO_H
#define MAILFLEET_SANDBOX_MAILDOSO_H

#include "buf.h"
#include "sandbox/req.h"
#include "sandbox/store.h"

/* accounts_limit of a domain, by its provider (our choice: unpublished). */
#define MD_LIMIT_MAILDOSO	50
#define MD_LIMIT_GOOGLE		10
/* TLDs Maildoso does not register (POST /v1/user/domains, search). */
extern const char *const md_blocked_tlds[];
int	 md_tld_blocked(const char *name);

/* users */
void	md_get_user_profile(struct sbx_ctx *x);
void	md_get_user_data(struct sbx_ctx *x);
void	md_create_user_data(struct sbx_ctx *x);
void	md_update_user_data(struct sbx_ctx *x);
void	md_get_user_settings(struct sbx_ctx *x);
void	md_regenerate_user_auth_pat(struct sbx_ctx *x);
void	md_get_user_stats(struct sbx_ctx *x);
/* domains */
void	md_list_user_domains(struct sbx_ctx *x);
void	md_create_user_domains(struct sbx_ctx *x);
void	md_update_user_domain(struct sbx_ctx *x);
void	md_search_domains(struct sbx_ctx *x);
void	md_set_domains_tracking(struct sbx_ctx *x);
void	md_check_provider_availability(struct sbx_ctx *x);
void	md_create_external_domains(struct sbx_ctx *x);
void	md_restart_domain_setup(struct sbx_ctx *x);
/* accounts */
void	md_lookup_user_email_accounts(struct sbx_ctx *x);
void	md_create_email_accounts(struct sbx_ctx *x);
void	md_delete_email_accounts(struct sbx_ctx *x);
void	md_update_email_accounts(struct sbx_ctx *x);
void	md_generate_account_totp(struct sbx_ctx *x);
/* forwarding */
void	md_list_forwarding_accounts(struct sbx_ctx *x);
void	md_update_forwarding_accounts(struct sbx_ctx *x);
void	md_lookup_forwarding_accounts(struct sbx_ctx *x);
void	md_create_forwarding_account(struct sbx_ctx *x);
void	md_delete_forwarding_accounts(struct sbx_ctx *x);
void	md_reset_forwarding_account_password(struct sbx_ctx *x);
/* services, sequencers, billing */
void	md_list_warmup_services(struct sbx_ctx *x);
void	md_update_warmup_services(struct sbx_ctx *x);
void	md_create_warmup_services(struct sbx_ctx *x);
void	md_delete_warmup_service(struct sbx_ctx *x);
void	md_get_pricing(struct sbx_ctx *x);
void	md_get_user_sequencers(struct sbx_ctx *x);
void	md_update_sequencer(struct sbx_ctx *x);
void	md_add_sequencer(struct sbx_ctx *x);
void	md_export_to_sequencer(struct sbx_ctx *x);

/* maildoso_out.c: objects as the schemas spell them. */
void	md_put_account(struct sbx_ctx *x, struct buf *b,
	    const struct md_account *a);
void	md_put_domain(struct sbx_ctx *x, struct buf *b,
	    const struct md_domain *d);
void	md_put_forward_ext(struct sbx_ctx *x, struct buf *b,
	    const struct md_forward *f);
void	md_put_meta(struct buf *b, long long offset, long long limit,
	    int has_limit, long long total, long long current);
/* The sequencer platforms Maildoso lists. */
struct md_platform {
	const char	*platform;
	const char	*name;
	const char	*logo;
};
extern const struct md_platform md_platforms[];
const struct md_platform *md_platform_find(const char *platform);

/*
 * Shared query handling of the lookups (maildoso_query.c): created_at
 * (one date or an interval), order_by (up to 3 keys of allowed[]), and
 * integer / string / enum lists. Each returns 0, or -1 with errors added.
 */
struct md_order {
	int		 n;
	const char	*key[3];	/* without '-' */
	int		 desc[3];
};
int	 md_q_created(struct sbx_ctx *x, long long *from, long long *to,
	    int *present);
int	 md_q_order(struct sbx_ctx *x, const char *const *allowed,
	    struct md_order *o);
/* What an object is ordered by: its name (the order key name_key), its
 * created_at and its id. */
struct md_sortkey {
	const char	*name;
	double		 created_at;
	long long	 id;
};
/* a against b under o (qsort_r's sign); ids for any other key. */
int	 md_order_cmp(const struct md_order *o, const char *name_key,
	    const struct md_sortkey *a, const struct md_sortkey *b);
int	 md_q_ints(struct sbx_ctx *x, const char *name, size_t max,
	    long long **out, size_t *n);
int	 md_q_enums(struct sbx_ctx *x, const char *name,
	    const char *const *allowed, size_t max, const char ***out,
	    size_t *n);
/* 1 when the provider time t falls within the created_at filter. */
int	 md_in_days(double t, long long from, long long to);
/* Stable sort of n pointers by cmp with a context (merge sort). */
void	 md_sort(void **v, size_t n, int (*cmp)(const void *, const void *,
	    void *), void *ctx);
/* Lower-case copy (malloc'd). */
char	*md_lower(const char *s);

#endif
