/*
 * fleet_apply.c - apply's phases as data: for each, the single command it
 * runs (op and kind), the columns of the input file it is fed, which rows
 * of the plan go in it, and what a row of its result does to the fleet.
 * cmd_apply.c runs them in order through the same pipeline (run_write)
 * the single commands use.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "csv_in.h"
#include "csv_out.h"
#include "fleet.h"
#include "num.h"
#include "xmalloc.h"

/* "maildoso"/"google" for an account row. */
static const char *
row_provider(const struct fleet_row *r)
{
	return r->google ? "google" : "maildoso";
}

/* The cells of one row of a phase input; 0 when the row is not in it.
 * c: the buffers, as many as the phase's columns. */
typedef int (*cells_fn)(struct fleet *f, size_t i, struct buf *c);

/* Forwarding inboxes: one row per address (i: the first row naming it). */
static int
fwd_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];
	const char		*fwd = buf_cstr(&r->rec.forwarding);
	size_t			 k;

	if (!r->valid || !r->need_fwd)
		return 0;
	for (k = 0; k < i; k++)		/* an earlier row has it */
		if (f->r[k].valid && f->r[k].need_fwd &&
		    strcmp(buf_cstr(&f->r[k].rec.forwarding), fwd) == 0)
			return 0;
	buf_puts(&c[0], fwd);
	buf_puts(&c[1], r->rec.first_name != NULL ? r->rec.first_name : "");
	buf_puts(&c[2], r->rec.last_name != NULL ? r->rec.last_name : "");
	return 1;
}

/* Domains: i indexes f->dom. */
static int
dom_cells(struct fleet *f, size_t i, struct buf *c, enum fleet_dom_action a)
{
	struct fleet_domain	*d = &f->dom[i];

	if (d->action != a)
		return 0;
	buf_puts(&c[0], d->name);
	buf_puts(&c[1], d->redirect_to != NULL ? d->redirect_to : "");
	if (a == FD_EXTERNAL)
		buf_puts(&c[2], d->google ? "google" : "maildoso");
	return 1;
}

static int
buy_cells(struct fleet *f, size_t i, struct buf *c)
{
	return dom_cells(f, i, c, FD_BUY);
}

static int
ext_cells(struct fleet *f, size_t i, struct buf *c)
{
	return dom_cells(f, i, c, FD_EXTERNAL);
}

/* ColdSend's domains to add: the name alone. */
static int
add_cells(struct fleet *f, size_t i, struct buf *c)
{
	if (f->dom[i].action != FD_EXTERNAL)
		return 0;
	buf_puts(&c[0], f->dom[i].name);
	return 1;
}

/* Does a row still waiting for an inbox sit on domain i? */
static int
dom_wanted(const struct fleet *f, size_t i)
{
	size_t	k;

	for (k = 0; k < f->n; k++)
		if (f->r[k].valid && f->r[k].dom == i && f->r[k].need_acct &&
		    f->r[k].status == FL_READY)
			return 1;
	return 0;
}

static int
wait_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_domain	*d = &f->dom[i];

	if (!d->exists || (d->action != FD_MOVING && d->action !=
	    FD_RESTART && d->action != FD_ACTIVATE) || !dom_wanted(f, i))
		return 0;
	buf_puts(&c[0], d->name);
	return 1;
}

/* A row whose inbox is to be made now: its domain is ready. */
static int
acct_due(const struct fleet *f, const struct fleet_row *r)
{
	return r->valid && r->need_acct && r->status == FL_READY &&
	    f->dom[r->dom].action == FD_ACTIVE;
}

static int
acct_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];

	if (!acct_due(f, r))
		return 0;
	buf_puts(&c[0], buf_cstr(&r->rec.key));
	buf_puts(&c[1], r->rec.password);
	buf_puts(&c[2], r->rec.first_name != NULL ? r->rec.first_name : "");
	buf_puts(&c[3], r->rec.last_name != NULL ? r->rec.last_name : "");
	buf_puts(&c[4], row_provider(r));
	buf_puts(&c[5], buf_cstr(&r->rec.forwarding));
	return 1;
}

/* ColdSend's native inboxes: the address and the names (its display
 * name, else first and last, as sender-accounts takes them). */
static int
native_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];

	if (!acct_due(f, r))
		return 0;
	buf_puts(&c[0], buf_cstr(&r->rec.key));
	buf_puts(&c[1], r->rec.first_name != NULL ? r->rec.first_name : "");
	buf_puts(&c[2], r->rec.last_name != NULL ? r->rec.last_name : "");
	buf_puts(&c[3], buf_cstr(&r->rec.display_name));
	return 1;
}

/* --send-from: a ready inbox, not connected there yet, as the bridge
 * (import smtp-accounts) takes a Maildoso result: its credentials. */
static int
send_from_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];
	static const enum res_col res[] = { RES_PASSWORD, RES_SMTP_HOST,
	    RES_SMTP_PORT, RES_IMAP_HOST, RES_IMAP_PORT };
	size_t			 k;

	if (!r->valid || !r->exists || !r->need_send_from || r->status !=
	    FL_READY || r->res[RES_PASSWORD] == NULL)
		return 0;
	buf_puts(&c[0], buf_cstr(&r->rec.key));
	buf_puts(&c[1], r->rec.first_name != NULL ? r->rec.first_name : "");
	buf_puts(&c[2], r->rec.last_name != NULL ? r->rec.last_name : "");
	for (k = 0; k < sizeof res / sizeof res[0]; k++)
		buf_puts(&c[3 + k], r->res[res[k]] != NULL ? r->res[res[k]] :
		    "");
	return 1;
}

static int
link_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];

	if (!r->valid || !r->exists || !r->need_link || r->status !=
	    FL_READY || r->res[RES_ID] == NULL)
		return 0;
	buf_puts(&c[0], buf_cstr(&r->rec.key));
	buf_puts(&c[1], r->res[RES_ID]);
	buf_puts(&c[2], buf_cstr(&r->rec.forwarding));
	return 1;
}

static int
redir_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_domain	*d = &f->dom[i];

	if (!d->exists || !d->need_redirect || d->id <= 0 ||
	    d->redirect_to == NULL)
		return 0;
	buf_puts(&c[0], d->name);
	buf_printf(&c[1], "%lld", d->id);
	buf_puts(&c[2], d->redirect_to);
	return 1;
}

static int
push_cells(struct fleet *f, size_t i, struct buf *c)
{
	struct fleet_row	*r = &f->r[i];
	long long		 seq;

	if (!r->valid || !r->exists || !r->need_push || r->status !=
	    FL_READY || !strmap_get(&f->seq_idx, r->sequencer, &seq) ||
	    seq != f->push_seq)
		return 0;
	buf_puts(&c[0], buf_cstr(&r->rec.key));
	return 1;
}

/* One row of a phase's result, as read back. */
struct phase_row {
	const char	*key;		/* email or domain */
	const char	*status;	/* the single command's word */
	const char	*error;
	const char	*res[RES__COUNT];	/* NULL: not in the result */
};

static int
ok_status(const char *s)
{
	return strcmp(s, "created") == 0 || strcmp(s, "exists") == 0 ||
	    strcmp(s, "updated") == 0 || strcmp(s, "ready") == 0;
}

/* Every row whose forwarding is key / whose domain is index dom. */
static void
stop_rows_fwd(struct fleet *f, const char *key, enum fleet_status st,
    const char *why)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		if (f->r[i].valid && strcmp(buf_cstr(&f->r[i].rec.forwarding),
		    key) == 0)
			fleet_row_stop(&f->r[i], st, why);
}

static void
stop_rows_dom(struct fleet *f, size_t dom, enum fleet_status st,
    const char *why)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		if (f->r[i].valid && f->r[i].dom == dom)
			fleet_row_stop(&f->r[i], st, why);
}

static void
fwd_ingest(struct fleet *f, const struct phase_row *pr)
{
	size_t	i;

	if (!ok_status(pr->status)) {
		stop_rows_fwd(f, pr->key, FL_FORWARDING, pr->error);
		return;
	}
	if (strmap_add(&f->fwd, pr->key, 0) == 0)
		strmap_add(&f->fwd, pr->key, 1);
	for (i = 0; i < f->n; i++)
		if (strcmp(buf_cstr(&f->r[i].rec.forwarding), pr->key) == 0)
			f->r[i].need_fwd = 0;
}

static struct fleet_domain *
dom_of(struct fleet *f, const char *name, size_t *idx)
{
	long long	v;

	if (!strmap_get(&f->dom_idx, name, &v) || v <= 0)
		return NULL;
	*idx = (size_t)v - 1;
	return &f->dom[*idx];
}

static void
replace(char **dst, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	free(*dst);
	*dst = xstrdup(v);
}

/* Bought or added: the domain is there, on its way; the redirect went
 * with it. Else the domain stops its rows. */
static void
dom_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_domain	*d;
	size_t			 i;

	if ((d = dom_of(f, pr->key, &i)) == NULL)
		return;
	if (ok_status(pr->status)) {
		d->exists = 1;
		d->added = 1;
		d->action = FD_MOVING;
		d->need_redirect = 0;
		/* a number (Maildoso's); ColdSend's are uuids, unused */
		if (pr->res[RES_ID] != NULL)
			(void)num_parse_ll(pr->res[RES_ID], 0, LLONG_MAX,
			    &d->id);
		replace(&d->status, pr->res[RES_DOMAIN_STATUS]);
		replace(&d->ns, pr->res[RES_NAME_SERVERS]);
		return;
	}
	d->action = strcmp(pr->status, "unavailable") == 0 ?
	    FD_UNAVAILABLE : FD_FAILED;
	replace(&d->why, pr->error);
	stop_rows_dom(f, i, d->action == FD_UNAVAILABLE ?
	    FL_DOMAIN_UNAVAILABLE : FL_DOMAIN_FAILED, pr->error);
}

/* wait's result: ready, failed, or timeout (still on its way). */
static void
wait_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_domain	*d;
	size_t			 i;

	if ((d = dom_of(f, pr->key, &i)) == NULL)
		return;
	replace(&d->status, pr->res[RES_DOMAIN_STATUS]);
	replace(&d->ns, pr->res[RES_NAME_SERVERS]);
	if (strcmp(pr->status, "ready") == 0)
		d->action = FD_ACTIVE;
	else if (strcmp(pr->status, "failed") == 0) {
		d->action = FD_FAILED;
		replace(&d->why, pr->error);
		stop_rows_dom(f, i, FL_DOMAIN_FAILED, d->status);
	} else
		d->action = FD_MOVING;
}

static struct fleet_row *
row_of(struct fleet *f, const char *email)
{
	long long	v;

	if (!strmap_get(&f->email_idx, email, &v) || v <= 0)
		return NULL;
	return &f->r[v - 1];
}

static void
acct_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_row	*r = row_of(f, pr->key);
	int			 c;

	if (r == NULL)
		return;
	if (!ok_status(pr->status)) {
		fleet_row_stop(r, strcmp(pr->status, "over_limit") == 0 ?
		    FL_OVER_LIMIT : strcmp(pr->status, "unavailable") == 0 ?
		    FL_UNAVAILABLE : strcmp(pr->status, "over_quota") == 0 ?
		    FL_OVER_QUOTA : FL_ACCOUNT, pr->error);
		return;
	}
	r->exists = 1;
	r->need_acct = 0;
	for (c = 0; c < RES__COUNT; c++)
		if (pr->res[c] != NULL && *pr->res[c] != '\0')
			fleet_row_set(r, (enum res_col)c, pr->res[c]);
	if (r->rec.forwarding.len > 0)
		fleet_row_set(r, RES_FORWARDING, buf_cstr(&r->rec.forwarding));
}

static void
link_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_row	*r = row_of(f, pr->key);

	if (r == NULL)
		return;
	if (!ok_status(pr->status))
		fleet_row_stop(r, FL_LINK, pr->error);
	else {
		r->need_link = 0;
		fleet_row_set(r, RES_FORWARDING, buf_cstr(&r->rec.forwarding));
	}
}

static void
redir_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_domain	*d;
	size_t			 i;

	if ((d = dom_of(f, pr->key, &i)) == NULL)
		return;
	if (ok_status(pr->status))
		d->need_redirect = 0;
	else
		stop_rows_dom(f, i, FL_REDIRECT, pr->error);
}

/* push: completed, failed, or timeout (the next apply looks again). */
static void
push_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_row	*r = row_of(f, pr->key);

	if (r == NULL)
		return;
	if (strcmp(pr->status, "completed") == 0) {
		r->need_push = 0;
		r->pushed = 1;
	} else if (strcmp(pr->status, "failed") == 0)
		fleet_row_stop(r, FL_PUSH, pr->error);
}

/* --send-from: connected there, or the row stops with its error. */
static void
send_from_ingest(struct fleet *f, const struct phase_row *pr)
{
	struct fleet_row	*r = row_of(f, pr->key);

	if (r == NULL)
		return;
	if (!ok_status(pr->status))
		fleet_row_stop(r, FL_SEND_FROM, pr->error);
	else {
		r->need_send_from = 0;
		r->sent_from = 1;
	}
}

static const char *const push_cols[] = { "email", NULL };
static const char *const native_cols[] = { "email", "first_name",
	"last_name", "display_name", NULL };
static const char *const send_from_cols[] = { "email", "first_name",
	"last_name", "password", "smtp_host", "smtp_port", "imap_host",
	"imap_port", NULL };
static const char *const fwd_cols[] = { "email", "first_name", "last_name",
	NULL };
static const char *const dom_cols[] = { "domain", "redirect_to", NULL };
static const char *const ext_cols[] = { "domain", "redirect_to", "provider",
	NULL };
static const char *const wait_cols[] = { "domain", NULL };
static const char *const acct_cols[] = { "email", "password", "first_name",
	"last_name", "provider", "forwarding", NULL };
static const char *const link_cols[] = { "email", "id", "forwarding", NULL };
static const char *const redir_cols[] = { "domain", "id", "redirect_to",
	NULL };

const struct fleet_phase fleet_phases[] = {
	{ "forwarding", FR_PIPELINE, OP_CREATE, KIND_FORWARDING, 0, fwd_cols,
	  fwd_cells, fwd_ingest, NULL },
	{ "domains", FR_PIPELINE, OP_CREATE, KIND_DOMAINS, 1, dom_cols,
	  buy_cells, dom_ingest, NULL },
	{ "external-domains", FR_PIPELINE, OP_CREATE, KIND_EXTERNAL_DOMAINS, 1,
	  ext_cols, ext_cells, dom_ingest, NULL },
	{ "wait", FR_WAIT, OP_CREATE, KIND_DOMAINS, 1, wait_cols, wait_cells,
	  wait_ingest, NULL },
	{ "accounts", FR_PIPELINE, OP_CREATE, KIND_ACCOUNTS, 0, acct_cols,
	  acct_cells, acct_ingest, NULL },
	{ "forwarding-links", FR_PIPELINE, OP_UPDATE, KIND_ACCOUNTS, 0,
	  link_cols, link_cells, link_ingest, NULL },
	{ "redirects", FR_PIPELINE, OP_UPDATE, KIND_DOMAINS, 1, redir_cols,
	  redir_cells, redir_ingest, NULL },
	{ "push", FR_PUSH, OP_CREATE, KIND_ACCOUNTS, 0, push_cols, push_cells,
	  push_ingest, NULL },
	/* the bridge: the inboxes made ready above, connected at ColdSend */
	{ "send-from-coldsend", FR_PIPELINE, OP_CREATE, KIND_SMTP_ACCOUNTS, 0,
	  send_from_cols, send_from_cells, send_from_ingest, "coldsend" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL }
};

/* ColdSend: domains added (POST /domains), activated once their name
 * servers are set and waited for (wait domains --activate), native
 * inboxes created in bulk per domain. */
const struct fleet_phase fleet_phases_coldsend[] = {
	{ "coldsend-domains", FR_PIPELINE, OP_CREATE, KIND_DOMAINS, 1,
	  wait_cols, add_cells, dom_ingest, NULL },
	{ "coldsend-wait", FR_WAIT, OP_CREATE, KIND_DOMAINS, 1, wait_cols,
	  wait_cells, wait_ingest, NULL },
	{ "coldsend-inboxes", FR_PIPELINE, OP_CREATE, KIND_SENDER_ACCOUNTS, 0,
	  native_cols, native_cells, acct_ingest, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL }
};

long
fleet_phase_write(struct fleet *f, const struct fleet_phase *ph,
    const char *path, char *err, size_t errlen)
{
	struct csv_writer	*w;
	struct buf		 c[8];
	const char		*cells[8];
	size_t			 n, i, k, nc = 0;
	long			 rows = 0;
	int			 rc = 0;

	/* the phase table's columns: at most as many as c[] holds */
	while (nc < sizeof c / sizeof c[0] && ph->cols[nc] != NULL)
		nc++;
	for (k = 0; k < nc; k++)
		buf_init(&c[k]);
	if ((w = csv_writer_open(path, ',', CSV_OUT_RAW | CSV_OUT_SECRET, err,
	    errlen)) == NULL)
		return -1;
	rc = csv_writer_row(w, ph->cols, nc, err, errlen);
	n = ph->per_domain ? f->ndom : f->n;
	for (i = 0; rc == 0 && i < n; i++) {
		for (k = 0; k < nc; k++)
			buf_reset(&c[k]);
		if (!ph->cells(f, i, c))
			continue;
		for (k = 0; k < nc; k++)
			cells[k] = buf_cstr(&c[k]);
		rc = csv_writer_row(w, cells, nc, err, errlen);
		rows++;
	}
	for (k = 0; k < nc; k++) {
		if (c[k].data != NULL)	/* a column never written has none */
			explicit_bzero(c[k].data, c[k].cap);
		buf_free(&c[k]);
	}
	if ((rc < 0 ? (csv_writer_abort(w), -1) : csv_writer_commit(w, err,
	    errlen)) < 0)
		return -1;
	return rows;
}

/* Is name want, or want renamed ("password_2") past an input column? */
static int
same_column(const char *name, const char *want)
{
	size_t	n = strlen(want);

	if (strncmp(name, want, n) != 0)
		return 0;
	if (name[n] == '\0')
		return 1;
	if (name[n] != '_' || name[n + 1] == '\0')
		return 0;
	return strspn(name + n + 1, "0123456789") == strlen(name + n + 1);
}

/* Where each column the ingest reads sits in the result's header: the
 * key among the input's, status and the rest after them. */
static void
result_columns(const struct csv_row *h, const char *key, long *col,
    long *res)
{
	size_t	k;
	int	c;

	col[0] = col[1] = col[2] = -1;
	for (c = 0; c < RES__COUNT; c++)
		res[c] = -1;
	for (k = 0; k < h->nfields; k++) {
		const char *name = h->fields[k];

		if (col[1] < 0) {
			if (strcasecmp(name, key) == 0 && col[0] < 0)
				col[0] = (long)k;
			else if (strcmp(name, "status") == 0)
				col[1] = (long)k;
			continue;
		}
		if (col[2] < 0 && same_column(name, "error"))
			col[2] = (long)k;
		for (c = 0; c < RES__COUNT; c++)
			if (res[c] < 0 && same_column(name,
			    res_col_name((enum res_col)c)))
				res[c] = (long)k;
	}
}

static const char *
cell(const struct csv_row *row, long k)
{
	return k >= 0 && (size_t)k < row->nfields ? row->fields[k] : NULL;
}

int
fleet_phase_ingest(struct fleet *f, const struct fleet_phase *ph,
    const char *path, char *err, size_t errlen)
{
	struct csv_reader	*r;
	struct csv_row		*row;
	struct phase_row	 pr;
	long			 col[3], res[RES__COUNT];
	int			 rc, c;

	if ((r = csv_reader_open(path, ',', err, errlen)) == NULL)
		return -1;
	result_columns(csv_reader_header(r), ph->cols[0], col, res);
	if (col[0] < 0 || col[1] < 0) {
		snprintf(err, errlen, "%s: no %s or status column", path,
		    ph->cols[0]);
		csv_reader_close(r);
		return -1;
	}
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		memset(&pr, 0, sizeof pr);
		pr.key = cell(row, col[0]);
		pr.status = cell(row, col[1]);
		pr.error = cell(row, col[2]);
		for (c = 0; c < RES__COUNT; c++)
			pr.res[c] = cell(row, res[c]);
		if (pr.key != NULL && pr.status != NULL)
			ph->ingest(f, &pr);
	}
	csv_reader_close(r);
	return rc < 0 ? -1 : 0;
}
