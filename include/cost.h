/*
 * cost.h - what a run buys, by the provider's price list (pricing.h), and
 * the consent to spend it.
 */
#ifndef MAILFLEET_COST_H
#define MAILFLEET_COST_H

#include "buf.h"

struct job;
struct pctx;
struct run_opts;

/*
 * After prepare() and the quota, before any row is sent. Prices the run
 * (job->cost) when its entry has a product and the provider a price
 * list: a dry run's and a search's rows (the writer prices them), and a
 * real purchase whose size is known before it is sent (entry->to_buy):
 * its total is refused over --max-cost, and needs the user's yes on the
 * terminal (/dev/tty) or --yes. -1 to go on, else the exit code (nothing
 * was sent).
 */
int	cost_start(struct job *job, struct pctx *p, const struct run_opts *o);
/* A dry run's summary words: "; would buy 38 domains for $95.00; 2
 * unavailable" (nothing when nothing is priced or unavailable). */
void	cost_summary(struct job *job, struct buf *out);
void	cost_end(struct job *job);
/*
 * The cap, then the consent, for spending cents (known: the total could
 * be priced) on what ("buy 3 domains for $27.00"): over max_cost (dollars,
 * NULL: none) or unknown with a cap, refused; else yes, or the user's yes
 * asked on /dev/tty ("mailfleet: SUBJECT: WHAT? [y/N]"). -1 to go on,
 * else the exit code after a message (nothing was bought).
 */
int	cost_approve(const char *subject, const char *what, long long cents,
	    int known, const char *max_cost, int yes);

#endif
