/*
 * cmd_token.c - `mailfleet token rotate --token-file FILE`: a new Maildoso
 * PAT, written into FILE, checked, never printed.
 *
 * Steps: POST /v1/user/regenerate_auth_pat (204, no body); GET
 * /v1/user/settings for the new value (auth_pat.value); the value to
 * FILE.new (0600, atomicfile.c); GET /v1/user/me with it; FILE.new
 * renamed over FILE. The spec says the regenerate "deletes the existing
 * PAT token and creates a new one", so once it has answered the old token
 * may no longer work: a failure after it says what state the account is
 * in and where the new token is, and FILE.new is never overwritten
 * (it may hold the only copy of a token). --reread skips the regenerate:
 * it reads and installs the PAT Maildoso has now.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "cmd.h"
#include "json.h"
#include "log.h"
#include "opts.h"
#include "provider.h"
#include "retry.h"
#include "xmalloc.h"

extern const struct command cmd_token;

#define REGEN_PATH	"/v1/user/regenerate_auth_pat"
#define SETTINGS_PATH	"/v1/user/settings"
#define ME_PATH		"/v1/user/me"

struct token_opts {
	int	retries;
	int	reread;
};

struct rotation {
	struct pctx	*p;
	const char	*file;
	struct buf	 newpath;	/* FILE.new */
	int		 regenerated;	/* the POST answered 2xx */
};

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* What the account holds after the regenerate, for every later failure. */
static const char *
state(const struct rotation *r)
{
	return r->regenerated ? "Maildoso made a new PAT (POST " REGEN_PATH
	    " answered); the old one may no longer work" : "(--reread: no "
	    "new PAT was made by this run)";
}

/* GET settings: the PAT's value (caller wipes and frees), or NULL after a
 * message. */
static char *
read_pat(struct rotation *r)
{
	struct json_doc	*d;
	char		 err[1024], *v = NULL;

	if ((d = pctx_get_json(r->p, SETTINGS_PATH, err, sizeof err)) != NULL)
		v = json_get_str(d, json_get(d, 0, "auth_pat"), "value");
	if (d != NULL && r->p->resp.body.data != NULL)
		explicit_bzero(r->p->resp.body.data, r->p->resp.body.len);
	json_free(d);
	if (v == NULL || *v == '\0')
		log_error("%s, but reading it failed (%s). %s still holds the "
		    "old token, unchanged, and the new one was not saved: read "
		    "it with 'mailfleet token rotate --reread --token-file %s' "
		    "(if the old token still works), or copy it from "
		    "Maildoso's dashboard", state(r), v == NULL && d == NULL ?
		    err : "GET " SETTINGS_PATH ": no auth_pat.value", r->file,
		    r->file);
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

/* GET me with the new token: 0, or -1 after a message. */
static int
check_new(struct rotation *r, char *pat)
{
	struct json_doc	*d;
	char		 err[1024], *old = r->p->job->token;

	r->p->job->token = pat;
	d = pctx_get_json(r->p, ME_PATH, err, sizeof err);
	r->p->job->token = old;
	if (d != NULL) {
		json_free(d);
		return 0;
	}
	log_error("%s. The new token is in %s (mode 0600) but Maildoso did "
	    "not confirm it (%s); %s still holds the old one. Check the new "
	    "one with 'mailfleet whoami --token-file %s', then 'mv %s %s'",
	    state(r), r->newpath.data, err, r->file, r->newpath.data,
	    r->newpath.data, r->file);
	return -1;
}

/* FILE.new, checked, over FILE. EXIT_OK or the code after a message. */
static int
install(struct rotation *r, char *pat)
{
	struct buf	text = BUF_INIT;
	char		err[1024];
	int		rc = EXIT_ABORTED;

	buf_printf(&text, "%s\n", pat);
	if (afile_write(r->newpath.data, text.data, text.len, 0600, err,
	    sizeof err) < 0)
		log_error("%s, but the new token could not be saved (%s); it "
		    "is not printed. %s still holds the old token: read the "
		    "new one again with 'mailfleet token rotate --reread "
		    "--token-file %s' once that is fixed, or copy it from "
		    "Maildoso's dashboard", state(r), err, r->file, r->file);
	else if (check_new(r, pat) == 0) {
		if (rename(r->newpath.data, r->file) != 0)
			log_error("the new token works and is in %s (0600), "
			    "but moving it over %s failed (%s): mv %s %s",
			    r->newpath.data, r->file, strerror(errno),
			    r->newpath.data, r->file);
		else {
			if (afile_sync_dir(r->file, err, sizeof err) < 0)
				log_warn("%s", err);
			rc = EXIT_OK;
		}
	}
	explicit_bzero(text.data, text.len);
	buf_free(&text);
	return rc;
}

static int
rotate(struct rotation *r, int reread)
{
	struct buf	 why = BUF_INIT;
	char		*pat;
	int		 rc;

	if (!reread) {
		if (pctx_request(r->p, HTTP_POST, REGEN_PATH, NULL) < 0 ||
		    r->p->resp.status / 100 != 2) {
			provider_error_text(&r->p->resp, &why);
			log_error("Maildoso POST %s: %s. %s", REGEN_PATH,
			    buf_cstr(&why), r->p->resp.status == 0 ? "Whether "
			    "a new PAT was made is unknown: read the current "
			    "one with 'mailfleet token rotate --reread "
			    "--token-file FILE'" : "Nothing changed: the token "
			    "in FILE still works");
			buf_free(&why);
			return EXIT_ABORTED;
		}
		r->regenerated = 1;
	}
	if ((pat = read_pat(r)) == NULL)
		return EXIT_ABORTED;
	if (reread && strcmp(pat, r->p->job->token) == 0) {
		log_info("%s already holds the PAT Maildoso has", r->file);
		wipe_free(pat);
		return EXIT_OK;
	}
	if ((rc = install(r, pat)) == EXIT_OK)
		log_info("token %s: the new PAT is in %s (mode 0600), checked "
		    "with GET %s", reread ? "reread" : "rotated", r->file,
		    ME_PATH);
	wipe_free(pat);
	return rc;
}

/* The checks before anything is sent: -1 to go on, else the exit code. */
static int
preflight(struct app *app, int argc, char **argv, struct rotation *r)
{
	const struct provider	*prov = provider_find(app->provider);
	struct stat		 st;

	if (argc - optind != 1 || strcmp(argv[optind], "rotate") != 0)
		return cmd_usage_error(&cmd_token, "the one subcommand is "
		    "rotate");
	if (prov != NULL && strcmp(prov->name, "maildoso") != 0) {
		log_error("%s publishes no way to rotate its API key (make a "
		    "new one in its dashboard)", prov->title);
		return EXIT_USAGE;
	}
	if (app->token_file == NULL)
		return cmd_usage_error(&cmd_token, "rotate needs --token-file "
		    "FILE: the new token is written there (it is never "
		    "printed)");
	r->file = app->token_file;
	buf_printf(&r->newpath, "%s.new", r->file);
	if (lstat(r->newpath.data, &st) == 0) {
		log_error("%s exists: a previous rotation's new token may be "
		    "there. Check it ('mailfleet whoami --token-file %s'), then "
		    "move it over %s or remove it", r->newpath.data,
		    r->newpath.data, r->file);
		return EXIT_ABORTED;
	}
	return -1;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct token_opts	 o;
	struct rotation		 r;
	struct job		 job;
	struct pctx		 p;
	char			 err[1024];
	int			 rc;

	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	if ((rc = opts_parse(&cmd_token, app, &o, argc, argv)) >= 0 ||
	    (rc = preflight(app, argc, argv, &r)) >= 0)
		goto out;
	if (session_open(app, "off", &job, &p, err, sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_ABORTED;
		goto out;
	}
	job.max_retries = o.retries;
	r.p = &p;
	rc = rotate(&r, o.reread);
	session_close(&job, &p);
out:
	buf_free(&r.newpath);
	return rc;
}

static const struct opt_spec token_own[] = {
	{ .name = "reread", .type = OPT_FLAG,
	  .help = "make no new PAT: read the one Maildoso has now and install "
	  "it (after a rotation whose read failed)",
	  OPT_AT(struct token_opts, reread) },
	{ .name = "retries", .type = OPT_INT, .min = 0, .max = 100,
	  .def = OPT_NUM(RETRY_DEFAULT_RETRIES),
	  .help = "retries of the reads (GET) that fail transiently",
	  OPT_AT(struct token_opts, retries) },
	OPT_END
};
static const struct opt_spec *const token_options[] = { token_own, NULL };
static const char *const token_kinds[] = { "rotate", NULL };

const struct command cmd_token = {
	.name = "token",
	.summary = "rotate the Maildoso token of --token-file FILE",
	.args = "rotate",
	.about =
	    "'token rotate --token-file FILE': POST\n"
	    "/v1/user/regenerate_auth_pat, the new PAT from GET\n"
	    "/v1/user/settings, written to FILE.new (mode 0600), checked\n"
	    "with GET /v1/user/me, then moved over FILE. Three requests; the\n"
	    "token is never printed. If a step after the regenerate fails,\n"
	    "the message says what the account holds and where the new\n"
	    "token is (FILE.new, or not read yet: --reread reads it).\n"
	    "Refused when FILE.new exists. ColdSend: exit 64.\n",
	.opts = token_options,
	.kinds = token_kinds,
	.run = run
};
