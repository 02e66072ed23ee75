/*
 * cmd_whoami.c - `mailfleet whoami`: the account the token opens and where
 * the token came from (never the token).
 *
 * Maildoso: GET /v1/user/me (User: id, email, created_at,
 * is_gcdt_enabled, is_blocked). ColdSend publishes no account endpoint:
 * the key is checked with the smallest listing (GET /domains?limit=1).
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

extern const struct command cmd_whoami;

/* Maildoso's profile, printed. EXIT_OK or the code after a message. */
static int
profile(struct pctx *p, const char *source)
{
	struct json_doc	*d;
	long long	 id = -1;
	char		 err[1024], *email, *created;
	int		 track = -1, blocked = 0;

	if ((d = pctx_get_json(p, "/v1/user/me", err, sizeof err)) == NULL) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	json_get_int(d, 0, "id", &id);
	email = json_get_str(d, 0, "email");
	created = json_get_str(d, 0, "created_at");
	json_get_bool(d, 0, "is_gcdt_enabled", &track);
	json_get_bool(d, 0, "is_blocked", &blocked);
	printf("account   %lld\nemail     %s\ncreated   %s\ntracking  %s\n"
	    "blocked   %s\ntoken     %s\n", id, email ? email : "?",
	    created ? created : "-", track < 0 ? "-" : track ? "on" : "off",
	    blocked ? "yes" : "no", source);
	free(email);
	free(created);
	json_free(d);
	return EXIT_OK;
}

/* ColdSend: the key works or not. */
static int
key_check(struct pctx *p, const char *source)
{
	struct json_doc	*d;
	char		 err[1024];

	if ((d = pctx_get_json(p, "/domains?page=1&limit=1", err,
	    sizeof err)) == NULL) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	json_free(d);
	printf("account   - (ColdSend publishes no account endpoint)\n"
	    "key       works (GET /domains answered 200)\ntoken     %s\n",
	    source);
	return EXIT_OK;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct job	 job;
	struct pctx	 p;
	struct buf	 source = BUF_INIT;
	char		 err[1024];
	int		 rc;

	if ((rc = opts_parse(&cmd_whoami, app, NULL, argc, argv)) >= 0)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&cmd_whoami, "takes no arguments");
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_ABORTED;
	}
	provider_token_source(job.prov, app->token_file, &source);
	rc = strcmp(job.prov->name, "maildoso") == 0 ?
	    profile(&p, source.data) : key_check(&p, source.data);
	buf_free(&source);
	session_close(&job, &p);
	return rc;
}

const struct command cmd_whoami = {
	.name = "whoami",
	.summary = "show the account the token opens, and where the token "
	    "comes from",
	.about =
	    "Maildoso: the profile (GET /v1/user/me): account id, email,\n"
	    "creation date, tracking, blocked. ColdSend, which publishes no\n"
	    "account endpoint: whether the key works (GET /domains, one\n"
	    "domain). Then the token's source: the --token-file path or the\n"
	    "environment variable's name; never the token. Exit 3 when the\n"
	    "token is refused.\n",
	.run = run
};
