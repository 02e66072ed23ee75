/*
 * fleet_sheet.c - reads a fleet sheet: one row per inbox, checked by the
 * accounts validator (address, names, password, forwarding, provider,
 * duplicates) plus the sheet's own columns: domain_source (buy or
 * external), redirect_to (one per domain) and sequencer. Every row is kept
 * (invalid ones too, with the reason) so the plan and the result show
 * them in the sheet's order.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "fleet.h"
#include "log.h"
#include "rules.h"
#include "validate.h"
#include "xmalloc.h"

static const char *const status_names[FL__COUNT] = {
	[FL_READY] = "ready",
	[FL_INVALID] = "invalid",
	[FL_FORWARDING] = "forwarding_failed",
	[FL_DOMAIN_UNAVAILABLE] = "domain_unavailable",
	[FL_DOMAIN_FAILED] = "domain_failed",
	[FL_WAITING] = "waiting_for_domain",
	[FL_OVER_LIMIT] = "over_limit",
	[FL_UNAVAILABLE] = "unavailable",
	[FL_OVER_QUOTA] = "over_quota",
	[FL_ACCOUNT] = "inbox_failed",
	[FL_LINK] = "forwarding_link_failed",
	[FL_REDIRECT] = "redirect_failed",
	[FL_PUSH] = "push_failed",
	[FL_SEND_FROM] = "send_from_failed",
	[FL_NOT_RUN] = "not_run",
};

const char *
fleet_status_name(enum fleet_status s)
{
	return s < FL__COUNT ? status_names[s] : "?";
}

void
fleet_row_stop(struct fleet_row *r, enum fleet_status st, const char *why)
{
	if (r->status != FL_READY)
		return;
	r->status = st;
	free(r->why);
	r->why = why != NULL && *why != '\0' ? xstrdup(why) : NULL;
}

void
fleet_row_set(struct fleet_row *r, enum res_col c, const char *v)
{
	if (r->res[c] != NULL) {
		explicit_bzero(r->res[c], strlen(r->res[c]));
		free(r->res[c]);
	}
	r->res[c] = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

char *
fleet_path(const char *sheet, const char *suffix)
{
	struct buf	b = BUF_INIT;
	size_t		n = strlen(sheet);

	if (n > 4 && strcasecmp(sheet + n - 4, ".csv") == 0)
		n -= 4;
	buf_append(&b, sheet, n);
	buf_puts(&b, suffix);
	return buf_detach(&b);
}

char *
fleet_out(const struct app *app, const char *sheet, const char *suffix)
{
	if (app->output != NULL)
		return xstrdup(app->output);
	return fleet_path(sheet, suffix);
}

#define UNUSED_MAX	16	/* entries of a fleet_unused table */

/* The sheet's own columns: where they are (COL_NONE: absent); unused[k]:
 * the column of the provider's unused[k]. */
struct sheet_cols {
	size_t	source, redirect, sequencer;
	size_t	unused[UNUSED_MAX];
};

/* Where each column the provider cannot honour is, the first naming it. */
static void
find_unused(const struct fleet *f, const struct csv_row *h,
    struct sheet_cols *sc)
{
	const struct fleet_unused	*u;
	size_t				 i, k;
	char				*n;

	for (k = 0; k < UNUSED_MAX; k++)
		sc->unused[k] = COL_NONE;
	for (i = h->nfields; i-- > 0; ) {	/* the first one wins */
		n = col_normalize(h->fields[i]);
		for (k = 0, u = f->fp->unused; u != NULL && u[k].why != NULL &&
		    k < UNUSED_MAX; k++)
			if (u[k].col >= 0 ? col_lookup(h->fields[i]) ==
			    u[k].col : strcmp(n, u[k].name) == 0)
				sc->unused[k] = i;
		free(n);
	}
}

static void
find_cols(const struct fleet *f, const struct csv_row *h,
    struct sheet_cols *sc)
{
	size_t	i;
	char	*n;

	find_unused(f, h, sc);
	sc->source = sc->redirect = sc->sequencer = COL_NONE;
	for (i = 0; i < h->nfields; i++) {
		n = col_normalize(h->fields[i]);
		if (strcmp(n, "domainsource") == 0 && sc->source == COL_NONE)
			sc->source = i;
		else if (strcmp(n, "sequencer") == 0 &&
		    sc->sequencer == COL_NONE)
			sc->sequencer = i;
		else if (col_lookup(h->fields[i]) == (int)COL_REDIRECT_TO &&
		    sc->redirect == COL_NONE)
			sc->redirect = i;
		free(n);
	}
}

static const char *
cell(const struct csv_row *row, size_t c)
{
	const char	*s;

	if (c == COL_NONE || c >= row->nfields)
		return "";
	for (s = row->fields[c]; *s == ' ' || *s == '\t'; s++)
		;
	return s;
}

static struct fleet_domain *
domain_of(struct fleet *f, const char *name)
{
	struct fleet_domain	*d;
	long long		 i;

	if (strmap_get(&f->dom_idx, name, &i))
		return &f->dom[i - 1];
	if ((f->ndom & (f->ndom - 1)) == 0)	/* 0, 1, 2, 4...: grow */
		f->dom = xreallocarray(f->dom, f->ndom ? f->ndom * 2 : 1,
		    sizeof *f->dom);
	d = &f->dom[f->ndom];
	memset(d, 0, sizeof *d);
	d->name = xstrdup(name);
	d->id = d->limit = d->linked = d->price = -1;
	d->google_ok = d->avail = -1;
	strmap_put(&f->dom_idx, name, (long long)++f->ndom);
	return d;
}

/* The first cell of the row the provider cannot honour, into e. */
static void
unused_cells(const struct fleet *f, const struct csv_row *row,
    const struct sheet_cols *sc, struct buf *e)
{
	const struct fleet_unused	*u = f->fp->unused;
	const char			*v;
	size_t				 k;

	for (k = 0; u != NULL && u[k].why != NULL && k < UNUSED_MAX &&
	    e->len == 0; k++) {
		v = cell(row, sc->unused[k]);
		if (*v != '\0' && (u[k].bad == NULL || strcasecmp(v,
		    u[k].bad) == 0))
			buf_printf(e, "column %zu (%s): %s", sc->unused[k] + 1,
			    f->header->fields[sc->unused[k]], u[k].why);
	}
}

/* The sheet's columns of a valid row: -1 (invalid, r->error) or 0. */
static int
sheet_fields(struct fleet *f, struct fleet_row *r, const struct sheet_cols *sc)
{
	const char		*src = cell(r->row, sc->source);
	const char		*red = cell(r->row, sc->redirect);
	struct fleet_domain	*d;
	struct buf		 e = BUF_INIT;
	char			 why[256];

	unused_cells(f, r->row, sc, &e);
	if (e.len > 0)
		;		/* a cell the provider cannot honour */
	else if (*src != '\0' && strcasecmp(src, "buy") != 0 &&
	    strcasecmp(src, "external") != 0)
		buf_printf(&e, "column %zu (domain_source): buy or external, "
		    "not \"%s\"", sc->source + 1, src);
	else if (*red != '\0' && rule_url(red, why, sizeof why) < 0)
		buf_printf(&e, "column %zu (redirect_to): %s", sc->redirect +
		    1, why);
	if (e.len == 0) {
		d = domain_of(f, buf_cstr(&r->rec.domain));
		r->dom = (size_t)(d - f->dom);
		if (*red != '\0' && d->redirect_to != NULL &&
		    strcmp(d->redirect_to, red) != 0)
			buf_printf(&e, "column %zu (redirect_to): another row of "
			    "%s redirects to %s", sc->redirect + 1, d->name,
			    d->redirect_to);
		else {
			if (*red != '\0' && d->redirect_to == NULL)
				d->redirect_to = xstrdup(red);
			d->external |= strcasecmp(src, "external") == 0;
			d->google |= r->google;
			d->rows++;
		}
	}
	r->sequencer = *cell(r->row, sc->sequencer) != '\0' ?
	    cell(r->row, sc->sequencer) : NULL;
	if (e.len == 0)
		return 0;
	r->error = buf_detach(&e);
	return -1;
}

/* One data row into f. */
static void
add_row(struct fleet *f, struct validator *v, const struct sheet_cols *sc,
    const struct csv_row *row)
{
	struct fleet_row	*r;

	if ((f->n & (f->n - 1)) == 0)
		f->r = xreallocarray(f->r, f->n ? f->n * 2 : 1, sizeof *f->r);
	r = &f->r[f->n++];
	memset(r, 0, sizeof *r);
	r->row = csv_row_copy(row);
	r->line = row->line;
	record_init(&r->rec);
	if (validator_check(v, r->row, &r->rec) < 0) {
		r->error = xstrdup(buf_cstr(&r->rec.error));
	} else {
		r->google = strcmp(r->rec.provider, "google") == 0;
		r->valid = sheet_fields(f, r, sc) == 0;
	}
	if (!r->valid)
		fleet_row_stop(r, FL_INVALID, r->error);
	else
		strmap_put(&f->email_idx, buf_cstr(&r->rec.email),
		    (long long)f->n);
}

int
fleet_read(struct fleet *f, const char *path, char delim,
    const char *provider)
{
	struct csv_reader	*rd;
	struct csv_row		*row;
	const struct csv_row	*h;
	struct validator	 v;
	struct sheet_cols	 sc;
	char			 err[1024];
	int			 rc;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->cost = -1;
	buf_init(&f->cost_words);
	f->quota_accounts = f->quota_domains = f->quota_google = QUOTA_UNKNOWN;
	strmap_init(&f->dom_idx);
	strmap_init(&f->email_idx);
	strmap_init(&f->fwd);
	strmap_init(&f->seq_idx);
	if ((f->fp = fleet_provider_find(provider)) == NULL) {
		log_error("%s: no fleets at %s", path, provider);
		return EXIT_USAGE;
	}
	if ((rd = csv_reader_open(path, delim, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return csv_input_openable(path) ? EXIT_DATA : EXIT_NOINPUT;
	}
	h = csv_reader_header(rd);
	if (validator_init(&v, KIND_ACCOUNTS, 0, (const char *const *)
	    h->fields, h->nfields, err, sizeof err) < 0) {
		log_error("%s: %s", path, err);
		csv_reader_close(rd);
		return EXIT_DATA;
	}
	f->header = csv_row_copy(h);
	f->delim = csv_reader_delim(rd);
	find_cols(f, h, &sc);
	while ((rc = csv_reader_next(rd, &row, err, sizeof err)) == 1)
		add_row(f, &v, &sc, row);
	validator_free(&v);
	csv_reader_close(rd);
	if (rc < 0) {
		log_error("%s", err);
		return EXIT_DATA;
	}
	return 0;
}

void
fleet_free(struct fleet *f)
{
	size_t	i;
	int	c;

	for (i = 0; i < f->n; i++) {
		csv_row_free(f->r[i].row);
		record_free(&f->r[i].rec);
		free(f->r[i].error);
		free(f->r[i].why);
		for (c = 0; c < RES__COUNT; c++)
			fleet_row_set(&f->r[i], (enum res_col)c, NULL);
	}
	for (i = 0; i < f->ndom; i++) {
		free(f->dom[i].name);
		free(f->dom[i].redirect_to);
		free(f->dom[i].status);
		free(f->dom[i].ns);
		free(f->dom[i].uuid);
		free(f->dom[i].cur_redirect);
		free(f->dom[i].why);
	}
	free(f->r);
	free(f->dom);
	csv_row_free(f->header);
	buf_free(&f->cost_words);
	strmap_free(&f->dom_idx);
	strmap_free(&f->email_idx);
	strmap_free(&f->fwd);
	strmap_free(&f->seq_idx);
}
