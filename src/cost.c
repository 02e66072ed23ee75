/*
 * cost.c - the price of a run and the consent to spend it (cost.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "cost.h"
#include "job.h"
#include "log.h"
#include "operation.h"
#include "pipeline.h"
#include "pricing.h"
#include "provider.h"
#include "xmalloc.h"

/* The answer typed on the terminal: 1 yes, 0 anything else. */
static int
ask(int fd, const char *question)
{
	char	c, line[16];
	size_t	n = 0;

	if (write(fd, question, strlen(question)) < 0)
		return 0;
	while (read(fd, &c, 1) == 1 && c != '\n')
		if (n < sizeof line - 1)
			line[n++] = c;
	line[n] = '\0';
	return strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

/* --yes, or the user's yes on /dev/tty: -1 to go on, else the code.
 * subject: "import domains FILE", "apply FLEET.csv". */
static int
consent(const char *subject, int yes_given, const char *what)
{
	struct buf	q = BUF_INIT;
	int		fd, yes;

	if (yes_given)
		return -1;
	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		log_error("%s would %s: spending needs consent; run it "
		    "on a terminal to be asked, or give --yes (and "
		    "--max-cost DOLLARS to cap it)", subject, what);
		return EXIT_USAGE;
	}
	buf_printf(&q, "mailfleet: %s: %s? [y/N] ", subject, what);
	yes = ask(fd, q.data);
	close(fd);
	buf_free(&q);
	if (yes)
		return -1;
	log_error("not confirmed: nothing was bought");
	return EXIT_ABORTED;
}

int
cost_approve(const char *subject, const char *what, long long cents,
    int known, const char *max_cost, int yes)
{
	long long	max = -1;
	char		cap[32];

	if (max_cost != NULL && price_parse(max_cost, &max) < 0)
		max = 0;		/* the command checked it */
	if (max >= 0 && !known) {
		log_error("%s: --max-cost cannot be checked; nothing was "
		    "bought", what);
		return EXIT_USAGE;
	}
	if (max >= 0 && cents > max) {
		log_error("would %s, over --max-cost $%s: nothing was bought",
		    what, price_format(cap, sizeof cap, max));
		return EXIT_USAGE;
	}
	if (known)
		log_info("%s", what);
	return consent(subject, yes, what);
}

/* A real purchase of n rows (-1: not known before they are read), the
 * price list read or not (job->cost): the cap, then the consent. */
static int
purchase(struct job *job, const struct run_opts *o, long n, long unavail)
{
	const char	*product = job->entry->product(NULL);
	struct buf	 what = BUF_INIT, subject = BUF_INIT;
	long long	 cents = 0;
	char		 usd[32];
	int		 known, rc;

	known = n >= 0 && job->cost != NULL && run_cost_peek(job->cost,
	    product, n, &cents) == 0;
	if (n < 0)
		buf_printf(&what, "buy the %s standard input lists (the total "
		    "is not known before they are read)", product);
	else if (known)
		buf_printf(&what, "buy %ld %s for $%s", n, product,
		    price_format(usd, sizeof usd, cents));
	else
		buf_printf(&what, "buy %ld %s (the price list cannot say "
		    "what for)", n, product);
	if (unavail > 0)
		buf_printf(&what, "; %ld unavailable, not bought", unavail);
	buf_printf(&subject, "%s %s %s", job->op_name, kind_name(job->kind),
	    o->input);
	rc = cost_approve(subject.data, what.data, cents, known, o->max_cost,
	    o->yes);
	buf_free(&subject);
	buf_free(&what);
	return rc;
}

int
cost_start(struct job *job, struct pctx *p, const struct run_opts *o)
{
	const struct operation	*e = job->entry;
	const char		*path = pricing_path(job->prov->name);
	char			 err[1024];
	long			 n = 0, unavail = 0;
	int			 buying = !job->dry_run && e->op == OP_CREATE;

	if (e->product == NULL || path == NULL || job->prov->held == NULL ||
	    (buying && e->to_buy == NULL))
		return -1;		/* not priced */
	if (e->to_buy != NULL && (n = e->to_buy(p, &unavail)) == 0)
		return -1;		/* nothing to buy: nothing to price */
	job->cost = xcalloc(1, sizeof *job->cost);
	if (run_cost_init(job->cost, p, path, job->prov->held, err,
	    sizeof err) < 0) {
		free(job->cost);
		job->cost = NULL;
		log_warn("%s: %s", err, buying ? "the total is not known" :
		    "no prices");
	}
	return buying ? purchase(job, o, n, unavail) : -1;
}

void
cost_summary(struct job *job, struct buf *out)
{
	long	un = atomic_load(&job->count[ST_UNAVAILABLE]);

	if (job->cost != NULL) {
		buf_puts(out, "; would buy ");
		run_cost_describe(job->cost, out);
		if (job->cost->unpriced > 0)
			buf_printf(out, " (%ld without a price)",
			    job->cost->unpriced);
	}
	if (un > 0)
		buf_printf(out, "; %ld unavailable", un);
}

void
cost_end(struct job *job)
{
	if (job->cost == NULL)
		return;
	run_cost_free(job->cost);
	free(job->cost);
	job->cost = NULL;
}
