/*
 * pipeline.c - wires the stages of a write command together.
 *
 * The main thread reads and validates (csv_in.c, validate.c) and feeds the
 * dispatcher (dispatch.c); worker threads send; the writer thread
 * (writer.c) writes results in input order. Memory is bounded by the
 * writer's window, not by the file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "csv_in.h"
#include "csv_out.h"
#include "dispatch.h"
#include "http.h"
#include "job.h"
#include "log.h"
#include "opts.h"
#include "password.h"
#include "pipeline.h"
#include "provider.h"
#include "ratelimit.h"
#include "retry.h"
#include "writer.h"
#include "xmalloc.h"

static struct job *volatile signal_job;

static void
on_signal(int sig)
{
	(void)sig;
	if (signal_job != NULL)
		atomic_store(&signal_job->cancel, 1);
}

void
run_opts_init(struct run_opts *o)
{
	memset(o, 0, sizeof *o);
	o->workers = 4;
	o->retries = RETRY_DEFAULT_RETRIES;
	o->password_len = PASSWORD_DEFAULT_LEN;
}

static int
parse_long(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
run_opts_parse(struct run_opts *o, int c, const char *arg)
{
	char	err[256];
	long	v;

	switch (c) {
	case 'j':
		if (parse_long(arg, 1, 64, &v) < 0) {
			log_error("-j must be a number from 1 to 64");
			return -1;
		}
		o->workers = (int)v;
		return 1;
	case OPT_COMMAND + 0:		/* --rate */
		o->rate = arg;
		return 1;
	case OPT_COMMAND + 1:		/* --batch */
		if (parse_long(arg, 1, 1000, &v) < 0) {
			log_error("--batch must be a number from 1 to 1000");
			return -1;
		}
		o->batch = (size_t)v;
		return 1;
	case OPT_COMMAND + 2:		/* --retries */
		if (parse_long(arg, 0, 100, &v) < 0) {
			log_error("--retries must be a number from 0 to 100");
			return -1;
		}
		o->retries = (int)v;
		return 1;
	case OPT_COMMAND + 3:		/* --password-length */
		if (password_parse_length(arg, &o->password_len, err,
		    sizeof err) < 0) {
			log_error("%s", err);
			return -1;
		}
		return 1;
	case OPT_COMMAND + 4:
		o->failed_path = arg;
		return 1;
	case OPT_COMMAND + 5:
		o->allow_partial = 1;
		return 1;
	case OPT_COMMAND + 6:
		o->dry_run = 1;
		return 1;
	case OPT_COMMAND + 7:
		o->new_passwords = 1;
		return 1;
	case 'y':
		o->yes = 1;
		return 1;
	}
	return 0;
}

static const enum res_col res_accounts[] = { RES_ID, RES_PASSWORD,
	RES_SMTP_HOST, RES_SMTP_PORT, RES_IMAP_HOST, RES_IMAP_PORT,
	RES_ACCOUNT_STATUS, RES_FORWARDING };
static const enum res_col res_domains[] = { RES_ID, RES_DOMAIN_STATUS,
	RES_NAME_SERVERS };
static const enum res_col res_external[] = { RES_ID, RES_DOMAIN_STATUS,
	RES_NAME_SERVERS, RES_NS_EXPIRE_AT };
static const enum res_col res_forwarding[] = { RES_ID, RES_PASSWORD };
static const enum res_col res_sender[] = { RES_ID, RES_ACCOUNT_STATUS };
static const enum res_col res_delete[] = { RES_ID, RES_SCHEDULED_FOR };
static const enum res_col res_update[] = { RES_ID, RES_PASSWORD,
	RES_FORWARDING };

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static void
pick_result_columns(struct job *job)
{
	if (job->op == OP_DELETE) {
		job->res_cols = res_delete;
		job->nres = NELEM(res_delete);
		return;
	}
	if (job->op == OP_UPDATE) {
		job->res_cols = res_update;
		job->nres = NELEM(res_update);
		return;
	}
	switch (job->kind) {
	case KIND_ACCOUNTS:
		job->res_cols = res_accounts;
		job->nres = NELEM(res_accounts);
		break;
	case KIND_DOMAINS:
		job->res_cols = res_domains;
		job->nres = NELEM(res_domains);
		break;
	case KIND_EXTERNAL_DOMAINS:
		job->res_cols = res_external;
		job->nres = NELEM(res_external);
		break;
	case KIND_FORWARDING:
		job->res_cols = res_forwarding;
		job->nres = NELEM(res_forwarding);
		break;
	default:
		job->res_cols = res_sender;
		job->nres = NELEM(res_sender);
	}
}

static int
validate_flags(const struct job *job)
{
	if (job->op != OP_CREATE)
		return VALIDATE_BY_ID;
	return job->prov->refuses_tlds ? VALIDATE_BUYING : 0;
}

/* First pass over a regular file: rows and valid rows (quota, ETA). */
static int
count_valid(struct job *job, const char *path, long *rows, long *valid,
    char *err, size_t errlen)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct validator	 v;
	struct record		 rec;
	int			 rc;

	*rows = *valid = 0;
	if ((r = csv_reader_open(path, job->app->delimiter, err, errlen)) ==
	    NULL)
		return -1;
	h = csv_reader_header(r);
	if (validator_init(&v, job->kind, validate_flags(job),
	    (const char *const *)h->fields, h->nfields, err, errlen) < 0) {
		csv_reader_close(r);
		return -1;
	}
	record_init(&rec);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		(*rows)++;
		if (validator_check(&v, row, &rec) == 0)
			(*valid)++;
	}
	record_free(&rec);
	validator_free(&v);
	csv_reader_close(r);
	return rc;
}

/* Gives the row what it needs before it is sent (generated password). */
static int
prepare_item(struct job *job, struct item *it)
{
	size_t	len = job->password_len;

	if (job->kind != KIND_ACCOUNTS || !job->prov->client_passwords)
		return 0;
	if (job->op == OP_CREATE || (job->op == OP_UPDATE &&
	    job->new_passwords)) {
		if (*it->rec.password != '\0' && !job->new_passwords) {
			it->password = xstrdup(it->rec.password);
			return 0;
		}
		it->password = xmalloc(len + 1);
		if (password_generate(it->password, len) < 0)
			return -1;
	} else if (*it->rec.password != '\0')
		it->password = xstrdup(it->rec.password);
	return 0;
}

static int
stream(struct job *job, struct csv_reader *r, struct validator *v,
    const char *outpath, const char *failed_path, char *err, size_t errlen)
{
	struct owriter		*ow;
	struct dispatcher	*d;
	struct csv_row		*row;
	struct item		*it;
	size_t			 window;
	long			 seq = 0;
	int			 rc, arc;

	window = (size_t)job->workers * job->batch * 8;
	if (window < 4096)
		window = 4096;
	ow = owriter_open(job, csv_reader_header(r), csv_reader_delim(r),
	    outpath, failed_path, window, err, errlen);
	if (ow == NULL)
		return -1;
	d = dispatch_start(job, ow);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		while ((arc = owriter_admit(ow, seq,
		    dispatch_pending_from(d))) == 1)
			dispatch_flush(d);	/* the writer waits on it */
		if (arc < 0) {
			job_abort(job, "cannot write the result");
			break;
		}
		it = item_new(seq++, row);
		if (validator_check(v, it->row, &it->rec) < 0)
			item_finish(it, ST_INVALID, 0, "%s",
			    buf_cstr(&it->rec.error));
		else if (job_aborted(job))
			item_finish(it, ST_SKIPPED, 0, "not sent: %s",
			    job->abort_msg.len ? job->abort_msg.data :
			    "interrupted");
		else if (job->op == OP_CREATE && job->quota_left == 0)
			item_finish(it, ST_OVER_QUOTA, 0, "over the provider's "
			    "quota");
		else if (prepare_item(job, it) < 0)
			item_finish(it, ST_FAILED, 0, "cannot generate a "
			    "password (getrandom failed)");
		else {
			if (job->op == OP_CREATE && job->quota_left > 0)
				job->quota_left--;
			dispatch_item(d, it);
			continue;
		}
		owriter_put(ow, it);
	}
	dispatch_finish(d);
	if (rc < 0)
		log_error("%s", err);
	if (owriter_finish(ow, seq, err, errlen) < 0)
		return -1;
	return rc < 0 ? -1 : 0;
}

static void
summary(struct job *job, const char *outpath)
{
	struct buf	b = BUF_INIT;
	int		s, n = 0;

	for (s = ST_CREATED; s < ST__COUNT; s++) {
		long	c = atomic_load(&job->count[s]);

		if (c > 0)
			buf_printf(&b, "%s%ld %s", n++ ? ", " : "", c,
			    row_status_name((enum row_status)s));
	}
	log_info("%s %s: %s%s; %ld requests, %ld retries, %ld reconciled; "
	    "result: %s", job->op == OP_CREATE ? "import" : job->op ==
	    OP_DELETE ? "delete" : "update", kind_name(job->kind),
	    n ? buf_cstr(&b) : "no rows", "", atomic_load(&job->requests),
	    atomic_load(&job->retries), atomic_load(&job->reconciled),
	    strcmp(outpath, "-") == 0 ? "standard output" : outpath);
	buf_free(&b);
}

static int
exit_code(struct job *job)
{
	int	s;

	if (job->abort_msg.len > 0)
		return atomic_load(&job->count[ST_SKIPPED]) > 0 &&
		    strcmp(job->abort_msg.data, "interrupted") == 0 ?
		    EXIT_INTERRUPTED : EXIT_ABORTED;
	for (s = ST_PENDING; s < ST__COUNT; s++)
		if (!row_status_ok((enum row_status)s) &&
		    atomic_load(&job->count[s]) > 0)
			return EXIT_ROWS;
	return EXIT_OK;
}

int
run_write(struct app *app, struct run_opts *o)
{
	struct job		 job;
	struct csv_reader	*r = NULL;
	const struct csv_row	*h;
	struct validator	 v;
	struct ratelimit_spec	 spec;
	struct buf		 e = BUF_INIT;
	struct pctx		 p;
	struct sigaction	 sa;
	size_t			 batch_max = 1, batch_def = 1;
	long			 rows = -1, valid = 0, total, in_use;
	char			 err[1024], *outpath = NULL;
	int			 rc = EXIT_ABORTED, have_v = 0;

	memset(&job, 0, sizeof job);
	memset(&p, 0, sizeof p);
	pthread_mutex_init(&job.lock, NULL);
	job.app = app;
	job.op = o->op;
	job.kind = o->kind;
	job.input = o->input;
	job.workers = o->workers;
	job.max_retries = o->retries;
	job.password_len = o->password_len;
	job.new_passwords = o->new_passwords;
	job.allow_partial = o->allow_partial;
	job.dry_run = o->dry_run;
	job.quota_left = -1;
	pick_result_columns(&job);
	if ((job.prov = provider_find(app->provider)) == NULL) {
		log_error("unknown provider \"%s\"", app->provider);
		return EXIT_USAGE;
	}
	if (!job.prov->supports(o->op, o->kind, &batch_max, &batch_def)) {
		log_error("%s cannot %s %s", job.prov->name, o->op ==
		    OP_CREATE ? "import" : o->op == OP_DELETE ? "delete" :
		    "update", kind_name(o->kind));
		return EXIT_USAGE;
	}
	job.batch = o->batch ? o->batch : batch_def;
	if (job.batch > batch_max) {
		log_warn("--batch %zu is over %s's limit; using %zu",
		    job.batch, job.prov->name, batch_max);
		job.batch = batch_max;
	}
	if (ratelimit_parse(o->rate ? o->rate : job.prov->default_rate, &spec,
	    &e) < 0) {
		log_error("--rate: %s", buf_cstr(&e));
		buf_free(&e);
		return EXIT_USAGE;
	}
	job.base_url = provider_base_url(job.prov, app->api_url);

	/* The file as a whole first: exit 65/66 before any request. */
	r = csv_reader_open(o->input, app->delimiter, err, sizeof err);
	if (r == NULL) {
		log_error("%s", err);
		rc = csv_input_openable(o->input) ? EXIT_DATA : EXIT_NOINPUT;
		goto out;
	}
	h = csv_reader_header(r);
	if (validator_init(&v, o->kind, validate_flags(&job),
	    (const char *const *)h->fields, h->nfields, err, sizeof err) < 0) {
		log_error("%s: %s", csv_reader_path(r), err);
		rc = EXIT_DATA;
		goto out;
	}
	have_v = 1;
	if ((job.token = provider_load_token(job.prov, app->token_file, err,
	    sizeof err)) == NULL) {
		log_error("%s", err);
		goto out;
	}
	if (strcmp(o->input, "-") != 0 && count_valid(&job, o->input, &rows,
	    &valid, err, sizeof err) == 0)
		job.total = rows;

	if (http_global_init() < 0)
		goto out;
	job.rl = ratelimit_new(&spec, NULL);
	job.budget = retry_budget_new(0, 0, 0);
	p.job = &job;
	p.http = http_client_new(NULL);
	retry_rng_init(&p.rng);
	http_response_init(&p.resp);
	if (p.http == NULL || job.prov->prepare(&p, err, sizeof err) < 0) {
		log_error("%s", err);
		goto out_http;
	}
	if (o->op == OP_CREATE && job.prov->quota != NULL &&
	    job.prov->quota(&p, o->kind, &total, &in_use, err,
	    sizeof err) == 0 && total >= 0) {
		job.quota_left = total - in_use > 0 ? total - in_use : 0;
		if (rows >= 0 && valid > job.quota_left) {
			if (!o->allow_partial) {
				log_error("%ld rows to create but the %s quota "
				    "has %ld left (%ld of %ld in use); nothing "
				    "was sent. --allow-partial sends what fits",
				    valid, job.prov->name, job.quota_left,
				    in_use, total);
				goto out_http;
			}
			log_warn("only %ld of %ld rows fit the quota; the "
			    "rest are reported over_quota", job.quota_left,
			    valid);
		}
	}
	if (o->dry_run) {
		log_info("dry run: %ld rows, %ld valid, %ld invalid; quota "
		    "left %ld; nothing was sent", rows, valid, rows - valid,
		    job.quota_left);
		rc = rows == valid ? EXIT_OK : EXIT_ROWS;
		goto out_http;
	}
	outpath = csv_result_path(app->output, o->input, ".result.csv");
	signal_job = &job;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (stream(&job, r, &v, outpath, o->failed_path, err,
	    sizeof err) < 0) {
		log_error("%s", err);
		rc = EXIT_IO;
	} else {
		if (atomic_load(&job.cancel) && job.abort_msg.len == 0)
			job_abort(&job, "interrupted");
		summary(&job, outpath);
		if (job.abort_msg.len > 0)
			log_error("stopped: %s", job.abort_msg.data);
		rc = exit_code(&job);
	}
	signal_job = NULL;
out_http:
	if (job.prov->release != NULL)
		job.prov->release(&job);
	http_response_free(&p.resp);
	http_client_free(p.http);
	ratelimit_free(job.rl);
	retry_budget_free(job.budget);
	http_global_cleanup();
out:
	if (have_v)
		validator_free(&v);
	csv_reader_close(r);
	if (job.token != NULL) {
		explicit_bzero(job.token, strlen(job.token));
		free(job.token);
	}
	free(job.base_url);
	free(outpath);
	buf_free(&job.abort_msg);
	pthread_mutex_destroy(&job.lock);
	return rc;
}
