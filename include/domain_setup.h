/*
 * domain_setup.h - what `wait domains` asks a provider beyond its table
 * (provider.h): to take a failed set-up up again, and a domain's set-up
 * progress and name servers where the listing does not carry them.
 *
 * One entry per provider, found by name; a provider without these steps
 * has none (NULL), a step it lacks is NULL.
 */
#ifndef MAILFLEET_DOMAIN_SETUP_H
#define MAILFLEET_DOMAIN_SETUP_H

#include <stddef.h>

struct buf;
struct pctx;

struct domain_setup {
	const char	*provider;	/* provider.h's name */
	const char	*retry_option;	/* the wait option that enables
					   retry(): "restart-failed" or
					   "activate" */
	/*
	 * Takes the set-up of the n failed domains ids[] up again, in as
	 * few requests as the API allows: ok[i] 1 when domain i's was
	 * accepted, else 0 with why in msg[i] (n bufs, empty on entry).
	 * 0, or -1 when it could not be asked at all (msg[] say why).
	 */
	int		(*retry)(struct pctx *p, const char *const *ids,
			    size_t n, int *ok, struct buf *msg);
	/* The set-up's progress: *pct 0-100 and the provider's message
	 * into msg. 0, or -1 with why in msg. */
	int		(*progress)(struct pctx *p, const char *id, long long *pct,
			    struct buf *msg);
	/* The name servers to set, ';'-joined into ns. 0, or -1 with why
	 * in ns. */
	int		(*name_servers)(struct pctx *p, const char *id,
			    struct buf *ns);
};

const struct domain_setup *domain_setup_find(const char *provider);

#endif
