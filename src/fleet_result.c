/*
 * fleet_result.c - where each row of a fleet ended after apply's phases,
 * and FLEET.result.csv: the sheet plus status (ready, or the step that
 * stopped the row), error, ids, credentials and hosts; always 0600.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "fleet.h"
#include "log.h"
#include "xmalloc.h"

/* A row the phases left ready so far: what still stops it. */
static void
settle_row(struct fleet *f, struct fleet_row *r)
{
	const struct fleet_domain	*d = &f->dom[r->dom];
	char				 why[256];

	if (d->action == FD_UNAVAILABLE || d->action == FD_BLOCKED)
		fleet_row_stop(r, FL_DOMAIN_UNAVAILABLE, d->why);
	else if (d->action == FD_FAILED)
		fleet_row_stop(r, FL_DOMAIN_FAILED, d->why != NULL ? d->why :
		    d->status);
	else if (r->exists)
		;
	else if (r->unavailable)
		fleet_row_stop(r, FL_UNAVAILABLE, "the provider is not offered "
		    "on this domain");
	else if (r->over_limit)
		fleet_row_stop(r, FL_OVER_LIMIT, "past the domain's "
		    "accounts_limit");
	else if (d->action != FD_ACTIVE) {
		snprintf(why, sizeof why, "domain %s: %s", d->name,
		    d->status != NULL ? d->status : "not ready");
		fleet_row_stop(r, FL_WAITING, why);
	} else
		fleet_row_stop(r, FL_NOT_RUN, "apply stopped before its inbox");
	if (r->need_link)
		fleet_row_stop(r, FL_NOT_RUN, "the forwarding link is not set");
	if (r->bad_seq)
		fleet_row_stop(r, FL_PUSH, "no connected sequencer has that id "
		    "or name, or more than one has");
	else if (r->need_push)
		fleet_row_stop(r, FL_NOT_RUN, "the push to its sequencer has "
		    "not completed (yet): apply again");
	if (r->need_send_from && !r->sent_from && r->exists &&
	    r->res[RES_PASSWORD] == NULL)
		fleet_row_stop(r, FL_SEND_FROM, "--send-from: its password is "
		    "not known here");
	else if (r->need_send_from && !r->sent_from)
		fleet_row_stop(r, FL_NOT_RUN, "--send-from: not connected "
		    "(yet): apply again");
}

void
fleet_settle(struct fleet *f, long *n)
{
	size_t	i;

	memset(n, 0, FL__COUNT * sizeof *n);
	for (i = 0; i < f->n; i++) {
		struct fleet_row *r = &f->r[i];

		if (!r->valid)
			fleet_row_stop(r, FL_INVALID, r->error);
		else
			settle_row(f, r);
		n[r->status]++;
	}
}

void
fleet_registrar_report(const struct fleet *f)
{
	const char	*st;
	size_t		 i;

	for (i = 0; i < f->ndom; i++) {
		const struct fleet_domain *d = &f->dom[i];

		/* added, not bought (ColdSend adds every domain): by this
		 * apply, or not ACTIVE yet */
		if (!(d->external || !f->fp->buys) || !d->exists ||
		    (d->action == FD_ACTIVE && !d->added) ||
		    d->action == FD_FAILED)	/* its rows say why */
			continue;
		st = d->status != NULL ? d->status : "no status yet";
		if (d->ns != NULL && *d->ns != '\0')
			log_info("apply: %s (%s): set its name servers at its "
			    "registrar: %s", d->name, st, d->ns);
		else
			log_info("apply: %s (%s): the provider has not given "
			    "its name servers yet; apply again to see them",
			    d->name, st);
	}
}

/* The result's columns after the sheet's; the res ones by res_col. */
static const char *const result_names[] = { "status", "error" };
static const enum res_col result_res[] = { RES_ID, RES_PASSWORD,
	RES_SMTP_HOST, RES_SMTP_PORT, RES_IMAP_HOST, RES_IMAP_PORT,
	RES_FORWARDING, RES_DOMAIN_STATUS, RES_NAME_SERVERS };
#define NRNAMES	(sizeof result_names / sizeof result_names[0])
#define NRRES	(sizeof result_res / sizeof result_res[0])
#define NEXTRA	(NRNAMES + NRRES)

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static void
row_cells(const struct fleet *f, const struct fleet_row *r,
    const char **cells, struct buf *why)
{
	const struct fleet_domain	*d = &f->dom[r->dom];
	size_t				 k;

	buf_reset(why);
	if (r->why != NULL)
		buf_puts(why, r->why);
	cells[0] = fleet_status_name(r->status);
	cells[1] = buf_cstr(why);
	for (k = 0; k < NRRES; k++)
		cells[NRNAMES + k] = nz(r->res[result_res[k]]);
	if (!r->valid)
		return;
	if (r->res[RES_DOMAIN_STATUS] == NULL)
		cells[NRNAMES + 7] = nz(d->status);
	if (r->res[RES_NAME_SERVERS] == NULL)
		cells[NRNAMES + 8] = nz(d->ns);
}

static int
write_header(const struct fleet *f, struct csv_writer *w, const char **cells,
    char *err, size_t errlen)
{
	const char *const	*have = (const char *const *)f->header->fields;
	size_t			 nh = f->header->nfields, k;
	char			*names[NEXTRA];
	int			 rc;

	for (k = 0; k < nh; k++)
		cells[k] = have[k];
	for (k = 0; k < NEXTRA; k++) {
		names[k] = col_unique_name(have, nh, k < NRNAMES ?
		    result_names[k] : res_col_name(result_res[k - NRNAMES]));
		cells[nh + k] = names[k];
	}
	rc = csv_writer_row(w, cells, nh + NEXTRA, err, errlen);
	for (k = 0; k < NEXTRA; k++)
		free(names[k]);
	return rc;
}

int
fleet_result_write(const struct fleet *f, const struct app *app,
    const char *path, char *err, size_t errlen)
{
	struct csv_writer	*w;
	size_t			 nh = f->header->nfields, i, k;
	const char		**cells = xcalloc(nh + NEXTRA, sizeof *cells);
	struct buf		 why = BUF_INIT;
	int			 rc = 0;

	w = csv_writer_open(path, f->delim, (app->raw ? CSV_OUT_RAW : 0) |
	    (app->excel ? CSV_OUT_EXCEL : 0) | CSV_OUT_SECRET, err, errlen);
	if (w == NULL || write_header(f, w, cells, err, errlen) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < f->n; i++) {
		const struct fleet_row *r = &f->r[i];

		for (k = 0; k < nh; k++)
			cells[k] = k < r->row->nfields ? r->row->fields[k] : "";
		row_cells(f, r, cells + nh, &why);
		rc = csv_writer_row(w, cells, nh + NEXTRA, err, errlen);
	}
	if (w != NULL && (rc < 0 ? (csv_writer_abort(w), -1) :
	    csv_writer_commit(w, err, errlen)) < 0)
		rc = -1;
	buf_free(&why);
	free(cells);
	return rc;
}
