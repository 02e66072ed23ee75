/*
 * cmd_apply.c - `mailfleet apply FLEET.csv`: the plan carried out, phase
 * by phase, each through the single command that does it: run_write()
 * (the pipeline of import/update: batching, rate limit, journal, result)
 * or `wait domains` / `push`, called in this process. Each phase is fed an input
 * file in FLEET.apply/ (0700) and keeps its journal there, so a run
 * killed at any moment resumes that phase from its journal on the next
 * apply (nothing sent twice); then FLEET.result.csv.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "cost.h"
#include "fleet.h"
#include "http.h"
#include "iopaths.h"
#include "journal.h"
#include "log.h"
#include "opts.h"
#include "pipeline.h"
#include "pricing.h"
#include "provider.h"
#include "read_memo.h"
#include "xmalloc.h"

extern const struct command cmd_apply;

struct apply_opts {
	struct run_opts	 run;		/* first: the send options' */
	double		 timeout, interval;	/* the wait */
	int		 no_wait;
	struct fleet_target send_from;	/* --send-from, -url, -token-file */
};

/* One apply: the sheet, its state directory, what the phases share. */
struct applier {
	struct app		*app;
	struct apply_opts	 o;
	struct fleet		 f;
	const char		*sheet;
	char			*dir;		/* FLEET.apply (owned) */
	int			 stopped;	/* a phase could not finish: its
						   exit code */
	int			 told_left;	/* a --send-from phase's input
						   left: said once */
};

/* dir/name + suffix; caller frees. */
static char *
state_file(const struct applier *a, const char *name, const char *suffix)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%s/%s%s", a->dir, name, suffix);
	return buf_detach(&b);
}

/* FLEET.apply: made 0700, a directory of ours (never a symlink). */
static int
state_dir(struct applier *a)
{
	struct stat	st;

	a->dir = fleet_path(a->sheet, ".apply");
	if (mkdir(a->dir, 0700) < 0 && errno != EEXIST) {
		log_error("%s: %s", a->dir, strerror(errno));
		return EXIT_IO;
	}
	if (lstat(a->dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid !=
	    geteuid() || chmod(a->dir, 0700) < 0) {
		log_error("%s: not a directory of this user", a->dir);
		return EXIT_IO;
	}
	return -1;
}

/* `wait domains IN` or `push IN --sequencer ID` in this process. */
static int
run_command(struct applier *a, const struct fleet_phase *ph, const char *in)
{
	const struct command	*cmd = cmd_find(ph->how == FR_WAIT ? "wait" :
	    "push");
	char			 t[32], iv[32], seq[32], retry[48];
	char			*argv[12];
	int			 argc = 0;

	snprintf(t, sizeof t, "%g", a->o.timeout);
	snprintf(iv, sizeof iv, "%g", a->o.interval);
	snprintf(seq, sizeof seq, "%lld", a->f.push_seq);
	/* the wait's own step: Maildoso's --restart-failed, ColdSend's
	 * --activate */
	snprintf(retry, sizeof retry, "--%s", a->f.prov->retry_option != NULL ?
	    a->f.prov->retry_option : "restart-failed");
	argv[argc++] = (char *)cmd->name;
	if (ph->how == FR_WAIT)
		argv[argc++] = "domains";
	argv[argc++] = (char *)in;
	argv[argc++] = "--timeout";
	argv[argc++] = t;
	argv[argc++] = "--interval";
	argv[argc++] = iv;
	if (ph->how == FR_WAIT)
		argv[argc++] = retry;
	else {
		argv[argc++] = "--sequencer";
		argv[argc++] = seq;
	}
	if (a->o.run.rate != NULL) {
		argv[argc++] = "--rate";
		argv[argc++] = (char *)a->o.run.rate;
	}
	argv[argc] = NULL;
	return cmd->run(a->app, argc, argv);
}

/* The phase's single command over in, its result at out. */
static int
run_phase(struct applier *a, const struct fleet_phase *ph, const char *in,
    const char *out, const char *journal)
{
	const char		*saved = a->app->output;
	struct run_opts		 o = a->o.run;
	struct sigaction	 old_int, old_term;
	int			 rc;

	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	a->app->output = out;
	if (ph->provider != NULL)	/* a phase at --send-from's */
		fleet_target_swap(a->app, &a->f.send_from);
	if (ph->how != FR_PIPELINE)
		rc = run_command(a, ph, in);
	else {
		o.op = ph->op;
		o.kind = ph->kind;
		o.input = in;
		o.yes = 1;		/* consent was asked for the plan */
		o.resume = access(journal, F_OK) == 0;
		o.job_timeout = a->o.timeout;	/* a provider's import job */
		o.job_interval = a->o.interval;
		if (ph->provider != NULL)	/* --send-from's own limits */
			o.rate = a->f.send_from.rate;
		rc = run_write(a->app, &o);
	}
	if (ph->provider != NULL)
		fleet_target_swap(a->app, &a->f.send_from);
	a->app->output = saved;
	/* run_write leaves its handler in place with no job to stop, which
	 * would swallow a signal during the next phase (the wait has none
	 * of its own): the dispositions are put back as they were */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}

/* Runs in (written before, or left by an interrupted apply), reads its
 * result into the fleet and removes the phase's files. */
static void
phase_files(struct applier *a, const struct fleet_phase *ph, const char *in,
    const char *out, const char *journal)
{
	char	err[1024];
	int	rc;

	rc = run_phase(a, ph, in, out, journal);
	if (rc != EXIT_OK && rc != EXIT_ROWS)
		a->stopped = rc;
	if (access(out, F_OK) == 0 && fleet_phase_ingest(&a->f, ph, out, err,
	    sizeof err) < 0) {
		log_error("%s", err);
		a->stopped = EXIT_ABORTED;
	}
	if (a->stopped)
		return;		/* the journal says where to go on */
	unlink(journal);
	unlink(out);
	unlink(in);
}

/* One phase (its files named name): an input left by an interrupted
 * apply first (resumed from its journal), then the rows the plan still
 * has for it. */
static void
phase(struct applier *a, const struct fleet_phase *ph, const char *name)
{
	char	*in = state_file(a, name, ".csv");
	char	*out = state_file(a, name, ".result.csv");
	char	*journal = journal_path(out, in);
	char	 err[1024];
	long	 rows;

	if (access(in, F_OK) == 0 && ph->how == FR_PIPELINE) {
		log_info("apply: %s: resuming the interrupted phase (%s)",
		    name, in);
		phase_files(a, ph, in, out, journal);
	}
	if (!a->stopped) {
		unlink(journal);	/* a finished phase's, if any */
		if ((rows = fleet_phase_write(&a->f, ph, in, err,
		    sizeof err)) < 0) {
			log_error("%s", err);
			a->stopped = EXIT_IO;
		} else if (rows == 0) {
			unlink(in);
			log_info("apply: %s: nothing to do", name);
		} else {
			log_info("apply: %s: %ld rows", name, rows);
			phase_files(a, ph, in, out, journal);
		}
	}
	free(journal);
	free(out);
	free(in);
}

/* The push phase once per sequencer the sheet names (files push-ID). */
static void
push_phases(struct applier *a, const struct fleet_phase *ph)
{
	struct strmap	 done;
	const char	*key;
	long long	 seq;
	size_t		 i = 0;
	char		 name[48];

	strmap_init(&done);
	while (!a->stopped && strmap_iter(&a->f.seq_idx, &i, &key, &seq)) {
		snprintf(name, sizeof name, "%lld", seq);
		if (seq < 0 || strmap_add(&done, name, 1) > 1)
			continue;	/* ambiguous, or a name of one done */
		snprintf(name, sizeof name, "push-%lld", seq);
		a->f.push_seq = seq;
		phase(a, ph, name);
	}
	strmap_free(&done);
}

/* Money: the plan's total, refused over --max-cost, asked (or --yes)
 * exactly as import domains asks. -1 to go on, else the exit code. */
static int
consent(struct applier *a, const struct fleet_counts *c)
{
	struct buf	what = BUF_INIT, subject = BUF_INIT;
	char		usd[32];
	int		rc;

	if (!a->f.fp->buys || c->dom[FD_BUY] + c->acct == 0 ||
	    a->f.cost == 0)
		return -1;	/* nothing bought (ColdSend: no prices, as its
				   import asks none) */
	if (a->f.cost > 0)
		buf_printf(&what, "buy %s (total $%s)",
		    buf_cstr(&a->f.cost_words), price_format(usd, sizeof usd,
		    a->f.cost));
	else
		buf_printf(&what, "buy %ld domains and %ld inboxes (the price "
		    "list cannot say what for)", c->dom[FD_BUY], c->acct);
	buf_printf(&subject, "apply %s", a->sheet);
	rc = cost_approve(subject.data, what.data, a->f.cost, a->f.cost >= 0,
	    a->o.run.max_cost, a->o.run.yes);
	buf_free(&subject);
	buf_free(&what);
	return rc;
}

/* The final summary line and the exit code. */
static int
finish(struct applier *a, const char *out)
{
	long		 n[FL__COUNT];
	struct buf	 b = BUF_INIT;
	char		 err[1024];
	int		 s, rc = EXIT_OK;

	fleet_settle(&a->f, n);
	fleet_registrar_report(&a->f);
	if (fleet_result_write(&a->f, a->app, out, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_IO;
	}
	for (s = 0; s < FL__COUNT; s++)
		if (n[s] > 0) {
			buf_printf(&b, "%s%ld %s", b.len ? ", " : "", n[s],
			    fleet_status_name((enum fleet_status)s));
			if (s != FL_READY)
				rc = EXIT_ROWS;
		}
	log_info("apply: %s; result: %s", b.len ? buf_cstr(&b) : "no rows",
	    out);
	buf_free(&b);
	return a->stopped == EXIT_INTERRUPTED ? EXIT_INTERRUPTED :
	    a->stopped ? EXIT_ABORTED : rc;
}

/* A phase at another provider runs only when --send-from names it; the
 * input an interrupted apply --send-from left (passwords, 0600) is said,
 * not dropped: its journal is how that phase goes on. */
static int
phase_wanted(struct applier *a, const struct fleet_phase *ph)
{
	char	*in;

	if (ph->provider == NULL || (a->f.send_from.provider != NULL &&
	    strcmp(ph->provider, a->f.send_from.provider) == 0))
		return 1;
	if (a->told_left)
		return 0;
	in = state_file(a, ph->name, ".csv");
	if (access(in, F_OK) == 0) {
		log_warn("apply: %s is left by an interrupted apply --send-from "
		    "%s (it holds passwords): apply --send-from %s finishes it",
		    in, ph->provider, ph->provider);
		a->told_left = 1;
	}
	free(in);
	return 0;
}

/* Is an input of an interrupted apply there? */
static int
leftover(struct applier *a)
{
	const struct fleet_phase	*ph;
	char				*in;
	int				 there = 0;

	for (ph = a->f.fp->phases; ph->name != NULL && !there; ph++) {
		if (!phase_wanted(a, ph))
			continue;
		in = state_file(a, ph->name, ".csv");
		there = access(in, F_OK) == 0;
		free(in);
	}
	return there;
}

static int
apply(struct applier *a, const char *out)
{
	const struct fleet_phase	*ph;
	struct fleet_counts		 c;
	int				 rc;

	if ((rc = fleet_plan_session(a->app, &a->f, a->o.run.rate,
	    "apply")) != 0)
		return rc;
	fleet_plan_count(&a->f, &c);
	fleet_plan_report(&a->f);
	if ((rc = state_dir(a)) >= 0)
		return rc;
	if (!fleet_plan_changes(&c) && !leftover(a)) {
		log_info("apply: nothing to do (%ld read requests)",
		    a->f.requests);
		rmdir(a->dir);
		return finish(a, out);
	}
	if ((rc = consent(a, &c)) >= 0)
		return rc;
	for (ph = a->f.fp->phases; ph->name != NULL && !a->stopped; ph++)
		if (!phase_wanted(a, ph))
			continue;
		else if (ph->how == FR_PUSH)
			push_phases(a, ph);
		else if (!(a->o.no_wait && ph->how == FR_WAIT))
			phase(a, ph, ph->name);
	if (!a->stopped)
		rmdir(a->dir);
	return finish(a, out);
}

/* --send-from-url and --send-from-token-file need --send-from; the URL
 * is checked as --api-url is. -1 to go on, else the exit code. */
static int
send_from_args(const struct fleet_target *t)
{
	char	err[256];

	if (t->provider == NULL && (t->api_url != NULL || t->token_file !=
	    NULL || t->rate != NULL))
		return cmd_usage_error(&cmd_apply, "--send-from-url, "
		    "--send-from-rate and --send-from-token-file go with "
		    "--send-from");
	if (t->api_url != NULL && http_url_check(t->api_url, err,
	    sizeof err) < 0)
		return cmd_usage_error(&cmd_apply, "--send-from-url: %s", err);
	return -1;
}

static int
run(struct app *app, int argc, char **argv)
{
	struct applier	 a;
	char		 err[1024], *out;
	long long	 cents;
	int		 rc;

	memset(&a, 0, sizeof a);
	a.app = app;
	if ((rc = opts_parse(&cmd_apply, app, &a.o, argc, argv)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_apply, "needs FLEET.csv");
	if (a.o.run.max_cost != NULL && price_parse(a.o.run.max_cost,
	    &cents) < 0)
		return cmd_usage_error(&cmd_apply, "--max-cost: \"%s\" is not "
		    "an amount of dollars (like 95 or 95.50)",
		    a.o.run.max_cost);
	if ((rc = send_from_args(&a.o.send_from)) >= 0)
		return rc;
	a.sheet = argv[optind];
	out = fleet_out(app, a.sheet, ".result.csv");
	if (io_output_not_input(a.sheet, out, err, sizeof err) < 0) {
		log_error("%s", err);
		free(out);
		return EXIT_USAGE;
	}
	/* the phases' sessions ask who the token is, the registrant data
	 * and the price list once for the whole apply */
	app->memo = read_memo_new();
	if ((rc = fleet_read(&a.f, a.sheet, app->delimiter,
	    app->provider)) == 0) {
		a.f.send_from = a.o.send_from;
		rc = apply(&a, out);
	}
	log_debug("apply: %ld reads answered from earlier in the run",
	    read_memo_hits(app->memo));
	read_memo_free(app->memo);
	app->memo = NULL;
	fleet_free(&a.f);
	free(a.dir);
	free(out);
	return rc;
}

static const char *const send_from_values[] = { "coldsend", NULL };

static const struct opt_spec apply_own[] = {
	{ .name = "yes", .letter = 'y', .type = OPT_FLAG,
	  .help = "do not ask before buying (needed without a terminal)",
	  OPT_AT(struct apply_opts, run.yes) },
	{ .name = "max-cost", .type = OPT_STRING, .arg = "DOLLARS",
	  .help = "refuse a plan whose total (by the price list) is above "
	  "this, e.g. 95 or 95.50", OPT_AT(struct apply_opts, run.max_cost) },
	{ .name = "timeout", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "300",
	  .help = "how long to wait for new domains to become ACTIVE",
	  OPT_AT(struct apply_opts, timeout) },
	{ .name = "interval", .type = OPT_DURATION,
	  .max = (long)OPTS_SECONDS_MAX, .def = "30",
	  .help = "time between two listings while waiting",
	  OPT_AT(struct apply_opts, interval) },
	{ .name = "no-wait", .type = OPT_FLAG,
	  .help = "do not wait for domains: rows on them are "
	  "waiting_for_domain", OPT_AT(struct apply_opts, no_wait) },
	{ .name = "send-from", .type = OPT_ENUM, .values = send_from_values,
	  .help = "also connect the ready Maildoso inboxes there as SMTP "
	  "accounts (import smtp-accounts; once: its listing is read first)",
	  OPT_AT(struct apply_opts, send_from.provider) },
	{ .name = "send-from-url", .type = OPT_STRING, .arg = "URL",
	  .help = "--send-from's base URL (default: ColdSend's)",
	  OPT_AT(struct apply_opts, send_from.api_url) },
	{ .name = "send-from-rate", .type = OPT_STRING, .arg = "RATE",
	  .help = "--send-from's request rate, as --rate (default: that "
	  "provider's own limits; --rate is the sheet's provider's)",
	  OPT_AT(struct apply_opts, send_from.rate) },
	{ .name = "send-from-token-file", .type = OPT_PATH,
	  .help = "--send-from's API key from FILE (default: "
	  "$COLDSEND_API_KEY; never argv)",
	  OPT_AT(struct apply_opts, send_from.token_file) },
	OPT_END
};

static const struct opt_spec *const apply_options[] = { write_send_options,
	write_password_options, apply_own, NULL };

const struct command cmd_apply = {
	.name = "apply",
	.summary = "carry a fleet sheet's plan out: forwarding inboxes, "
	    "domains, inboxes, links",
	.args = "FLEET.csv",
	.about =
	    "Makes the plan (as `plan` does), asks before spending its total\n"
	    "(on /dev/tty, or --yes; --max-cost caps it), then runs each\n"
	    "phase through the single command that does it: import\n"
	    "forwarding, import domains, import external-domains, wait\n"
	    "domains (--restart-failed), import accounts, update accounts\n"
	    "(forwarding links), update domains (redirects), push (once per\n"
	    "sequencer the sheet names). Each phase's\n"
	    "input and journal are kept in FLEET.apply/ (0700) until it\n"
	    "is done, so an apply killed at any moment is resumed by the next\n"
	    "one with nothing sent twice. Then FLEET.result.csv (-o; 0600):\n"
	    "the sheet plus status (ready, or the step that stopped the row),\n"
	    "error, ids, passwords and hosts. A converged sheet: \"nothing to\n"
	    "do\", only the plan's reads. ColdSend (--provider coldsend):\n"
	    "import domains, wait domains --activate, import sender-accounts.\n"
	    "--send-from coldsend (Maildoso): then import smtp-accounts at\n"
	    "ColdSend for the ready inboxes not connected there yet.\n"
	    "\n"
	    "Exit: 0 every row ready, 2 some rows are not, 3 a phase could not\n"
	    "finish (run apply again), 64 usage or no consent without a\n"
	    "terminal, 65 unreadable sheet, 74 the result cannot be written.\n",
	.opts = apply_options,
	.run = run
};
