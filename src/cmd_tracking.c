/*
 * cmd_tracking.c - `mailfleet tracking on|off`: Maildoso's GCDT (the
 * global tracking state of every domain of the account).
 *
 * PUT /v1/user/domains/tracking?state=true|false answers 204 without a
 * body, so the state is then read back from the profile (GET /v1/user/me,
 * is_gcdt_enabled) and printed as the API has it. ColdSend publishes no
 * tracking endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "provider.h"

extern const struct command cmd_tracking;

/* Where each provider sets and reads the state (none: no entry). */
static const struct {
	const char	*provider;
	const char	*set;		/* PUT, ?state=true|false */
	const char	*get;		/* GET: an object with the flag */
	const char	*flag;
} tracking_paths[] = {
	{ "maildoso", "/v1/user/domains/tracking", "/v1/user/me",
	  "is_gcdt_enabled" },
	{ NULL, NULL, NULL, NULL }
};

/* Sets on, reads it back and prints it. EXIT_OK or the exit code after a
 * message. */
static int
tracking(struct pctx *p, size_t k, int on)
{
	struct buf	 path = BUF_INIT, why = BUF_INIT;
	struct json_doc	*d;
	char		 err[1024];
	int		 got, rc = EXIT_ABORTED;

	buf_printf(&path, "%s?state=%s", tracking_paths[k].set,
	    on ? "true" : "false");
	if (pctx_request(p, HTTP_PUT, path.data, NULL) < 0 ||
	    p->resp.status / 100 != 2) {
		provider_error_text(&p->resp, &why);
		log_error("%s PUT %s: %s", p->job->prov->title,
		    tracking_paths[k].set, buf_cstr(&why));
	} else if ((d = pctx_get_json(p, tracking_paths[k].get, err,
	    sizeof err)) == NULL)
		log_error("tracking was set %s, but it cannot be read back: %s",
		    on ? "on" : "off", err);
	else {
		if (json_get_bool(d, 0, tracking_paths[k].flag, &got) < 0)
			log_error("tracking was set %s, but the answer of GET "
			    "%s holds no %s", on ? "on" : "off",
			    tracking_paths[k].get, tracking_paths[k].flag);
		else if (got != on)
			log_error("tracking was set %s, but %s says %s",
			    on ? "on" : "off", tracking_paths[k].flag,
			    got ? "true" : "false");
		else {
			printf("tracking %s (%s: %s)\n", got ? "on" : "off",
			    tracking_paths[k].flag, got ? "true" : "false");
			rc = EXIT_OK;
		}
		json_free(d);
	}
	buf_free(&why);
	buf_free(&path);
	return rc;
}

static int
run(struct app *app, int argc, char **argv)
{
	const struct provider	*prov;
	struct job		 job;
	struct pctx		 p;
	char			 err[1024];
	size_t			 k;
	int			 rc, on;

	if ((rc = opts_parse(&cmd_tracking, app, NULL, argc, argv)) >= 0)
		return rc;
	if (argc - optind != 1 || (strcmp(argv[optind], "on") != 0 &&
	    strcmp(argv[optind], "off") != 0))
		return cmd_usage_error(&cmd_tracking, "on or off");
	on = strcmp(argv[optind], "on") == 0;
	for (k = 0; tracking_paths[k].provider != NULL; k++)
		if (strcmp(tracking_paths[k].provider, app->provider) == 0)
			break;
	if (tracking_paths[k].provider == NULL &&
	    (prov = provider_find(app->provider)) != NULL) {
		log_error("%s publishes no tracking endpoint: there is nothing "
		    "to switch", prov->title);
		return EXIT_USAGE;
	}
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	rc = tracking(&p, k, on);
	session_close(&job, &p);
	return rc;
}

static const char *const tracking_kinds[] = { "on", "off", NULL };

const struct command cmd_tracking = {
	.name = "tracking",
	.summary = "switch Maildoso's domain tracking (GCDT) on or off",
	.args = "on|off",
	.about =
	    "Sets the tracking state of every domain of the account (PUT\n"
	    "/v1/user/domains/tracking?state=true|false), reads it back from\n"
	    "the profile (GET /v1/user/me, is_gcdt_enabled) and prints it:\n"
	    "\"tracking on (is_gcdt_enabled: true)\". A profile that says\n"
	    "otherwise is an error (exit 3). ColdSend publishes no tracking\n"
	    "endpoint (exit 64).\n",
	.kinds = tracking_kinds,
	.run = run
};
