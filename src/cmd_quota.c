/*
 * cmd_quota.c - `mailfleet quota`: the provider's quotas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "http.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "ratelimit.h"
#include "retry.h"
#include "xmalloc.h"

extern const struct command cmd_quota;

static int
run(struct app *app, int argc, char **argv)
{
	static const struct option	 own[] = { { NULL, 0, NULL, 0 } };
	struct option			*longopts = opts_merge(own);
	static const enum kind		 kinds[] = { KIND_ACCOUNTS,
					    KIND_DOMAINS };
	struct job			 job;
	struct pctx			 p;
	long				 total, used;
	char				 err[1024];
	size_t				 i;
	int				 c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, CMD_SHORTOPTS(""), longopts,
	    NULL)) != -1)
		if ((rc = opts_handle(app, &cmd_quota, c, optarg,
		    argv)) >= 0) {
			free(longopts);
			return rc;
		}
	free(longopts);
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	rc = EXIT_OK;
	if (job.prov->quota == NULL) {
		log_error("%s publishes no quota endpoint", job.prov->name);
		session_close(&job, &p);
		return EXIT_ABORTED;
	}
	printf("%-10s %10s %10s %10s\n", "resource", "total", "in_use",
	    "available");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (job.prov->quota(&p, kinds[i], &total, &used, err,
		    sizeof err) < 0) {
			log_error("%s", err);
			rc = EXIT_ABORTED;
			break;
		}
		if (total < 0)
			printf("%-10s %10s %10s %10s\n", kind_name(kinds[i]),
			    "-", "-", "-");
		else
			printf("%-10s %10ld %10ld %10ld\n", kind_name(kinds[i]),
			    total, used, total - used);
	}
	session_close(&job, &p);
	return rc;
}

const struct command cmd_quota = {
	.name = "quota",
	.summary = "show the provider's quotas: total, in use, available",
	.usage = "usage: mailfleet quota [--provider P] [--api-url URL] "
	    "[--token-file F]\n",
	.run = run
};
