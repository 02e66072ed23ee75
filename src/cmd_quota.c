/*
 * cmd_quota.c - `mailfleet quota`: the provider's quotas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "http.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "ratelimit.h"
#include "retry.h"
#include "xmalloc.h"

extern const struct command cmd_quota;

/* The table into out; EXIT_OK, or the exit code after a message. An
 * answer without a figure is an error, never a silent "-". */
static int
quota_table(struct pctx *p, struct buf *out)
{
	static const enum kind	kinds[] = { KIND_ACCOUNTS, KIND_DOMAINS };
	long			total, used;
	char			err[1024];
	size_t			i;

	buf_printf(out, "%-10s %10s %10s %10s\n", "resource", "total",
	    "in_use", "available");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		err[0] = '\0';
		if (p->job->prov->quota(p, kinds[i], &total, &used, err,
		    sizeof err) < 0) {
			log_error("%s", err[0] ? err : "cannot read the quota");
			return EXIT_ABORTED;
		}
		if (total < 0 || used < 0) {
			log_error("the %s answer holds no %s quota (total and "
			    "in use): cannot tell what is left",
			    p->job->prov->name, kind_name(kinds[i]));
			return EXIT_ABORTED;
		}
		buf_printf(out, "%-10s %10ld %10ld %10ld\n",
		    kind_name(kinds[i]), total, used, total - used);
	}
	return EXIT_OK;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct job			 job;
	struct pctx			 p;
	struct buf			 out = BUF_INIT;
	char				 err[1024];
	int				 rc;

	if ((rc = opts_parse(&cmd_quota, app, NULL, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&cmd_quota, "takes no arguments");
	if ((rc = session_begin(app, "off", &job, &p, err, sizeof err)) != 0)
		log_error("%s", err);
	else if (job.prov->quota == NULL) {
		/* Before the token is even read: nothing to ask. */
		log_error("%s publishes no quota endpoint: there is no quota "
		    "to show", job.prov->name);
		rc = EXIT_USAGE;
	} else if ((rc = session_connect(&job, &p, err, sizeof err)) != 0)
		log_error("%s", err);
	/* Nothing on standard output unless every figure was read. */
	else if ((rc = quota_table(&p, &out)) == EXIT_OK)
		fputs(buf_cstr(&out), stdout);
	buf_free(&out);
	session_close(&job, &p);
	return rc;
}

const struct command cmd_quota = {
	.name = "quota",
	.summary = "show the provider's quotas: total, in use, available",
	.about =
	    "Nothing goes to standard output unless every figure was read.\n"
	    "ColdSend publishes no quota endpoint (exit 64).\n",
	.run = run
};
