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
	struct ratelimit_spec		 spec = { 0 };
	struct job			 job;
	struct pctx			 p;
	long				 total, used;
	char				 err[1024];
	size_t				 i;
	int				 c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, GLOBAL_SHORTOPTS, longopts,
	    NULL)) != -1)
		if ((rc = opts_handle(app, &cmd_quota, c, optarg)) >= 0) {
			free(longopts);
			return rc;
		}
	free(longopts);
	rc = EXIT_OK;
	memset(&job, 0, sizeof job);
	memset(&p, 0, sizeof p);
	pthread_mutex_init(&job.lock, NULL);
	job.app = app;
	if ((job.prov = provider_find(app->provider)) == NULL)
		return EXIT_USAGE;
	if (job.prov->quota == NULL) {
		log_error("%s publishes no quota endpoint", job.prov->name);
		return EXIT_ABORTED;
	}
	if ((job.token = provider_load_token(job.prov, app->token_file, err,
	    sizeof err)) == NULL) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	job.base_url = xstrdup(app->api_url ? app->api_url :
	    job.prov->default_url);
	http_global_init();
	job.rl = ratelimit_new(&spec, NULL);
	p.job = &job;
	p.http = http_client_new(NULL);
	http_response_init(&p.resp);
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
	http_response_free(&p.resp);
	http_client_free(p.http);
	ratelimit_free(job.rl);
	http_global_cleanup();
	explicit_bzero(job.token, strlen(job.token));
	free(job.token);
	free(job.base_url);
	pthread_mutex_destroy(&job.lock);
	return rc;
}

const struct command cmd_quota = {
	.name = "quota",
	.summary = "show the provider's quotas: total, in use, available",
	.usage = "usage: mailfleet quota [--provider P] [--api-url URL] "
	    "[--token-file F]\n",
	.run = run
};
