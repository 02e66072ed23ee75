/*
 * fleet_plan.c - from the live state (fleet_state.c) to each domain's and
 * row's steps, their counts and summary, and FLEET.plan.csv: the sheet
 * plus, per row, what each step would do (no secrets: the sheet's
 * password-like columns are left blank).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "csv_in.h"
#include "csv_out.h"
#include "export.h"
#include "fleet.h"
#include "json.h"
#include "pricing.h"
#include "provider.h"
#include "rules.h"
#include "xmalloc.h"

static void
decide_domain(struct fleet *f, struct fleet_domain *d)
{
	const char	*tld;
	int		 st;
	char		 why[128];

	d->need_redirect = d->redirect_to != NULL &&
	    (d->cur_redirect == NULL ||
	    strcmp(d->cur_redirect, d->redirect_to) != 0);
	if (d->exists) {
		st = d->status != NULL ? f->prov->domain_state(d->status) : 0;
		d->action = st == DOMAIN_READY ? FD_ACTIVE : st ==
		    DOMAIN_SETUP_FAILED ? FD_RESTART : st < 0 ? FD_FAILED :
		    f->fp->activate_status != NULL && d->status != NULL &&
		    strcmp(d->status, f->fp->activate_status) == 0 ?
		    FD_ACTIVATE : FD_MOVING;
		return;
	}
	if (d->external || !f->fp->buys) {
		d->action = FD_EXTERNAL;	/* ColdSend adds them all */
		return;
	}
	d->action = FD_BUY;
	if ((tld = rule_blocked_tld(d->name)) != NULL) {
		snprintf(why, sizeof why, "Maildoso does not register %s "
		    "domains", tld);
		d->action = FD_BLOCKED;
		d->why = xstrdup(why);
	} else if (d->avail == 0) {
		d->action = FD_UNAVAILABLE;
		if (d->why == NULL)	/* the search's reason, else ours */
			d->why = xstrdup("not available for registration");
	}
	if (d->action != FD_BUY)
		d->need_redirect = 0;
}

/* Can rows on d go on? */
static int
domain_holds(const struct fleet_domain *d)
{
	return d->action == FD_UNAVAILABLE || d->action == FD_BLOCKED ||
	    d->action == FD_FAILED;
}

/* A row's inbox, forwarding link and push. room: the domain's. */
static void
decide_row(struct fleet *f, struct fleet_row *r, long long *room)
{
	struct fleet_domain	*d = &f->dom[r->dom];
	const char		*fwd = buf_cstr(&r->rec.forwarding);
	long long		 seq;

	r->need_fwd = *fwd != '\0' && !strmap_get(&f->fwd, fwd, &seq);
	if (domain_holds(d))
		return;			/* the row cannot proceed */
	if (r->exists)
		r->need_link = *fwd != '\0' && (r->res[RES_FORWARDING] ==
		    NULL || strcmp(r->res[RES_FORWARDING], fwd) != 0);
	else if (r->google && d->google_ok == 0)
		r->unavailable = 1;
	else if (*room == 0)
		r->over_limit = 1;
	else {
		r->need_acct = 1;
		if (*room > 0)
			(*room)--;
	}
	r->need_send_from = f->send_from.provider != NULL && !r->sent_from &&
	    (r->exists || r->need_acct);
	if (r->sequencer == NULL || r->pushed || r->unavailable ||
	    r->over_limit)
		return;
	/* -1: two connected sequencers answer to the name */
	if (!strmap_get(&f->seq_idx, r->sequencer, &seq) || seq < 0)
		r->bad_seq = 1;
	else
		r->need_push = 1;
}

void
fleet_plan_decide(struct fleet *f)
{
	long long	*room = xcalloc(f->ndom + 1, sizeof *room);
	size_t		 i;

	for (i = 0; i < f->ndom; i++) {
		decide_domain(f, &f->dom[i]);
		room[i] = f->dom[i].limit >= 0 && f->dom[i].linked >= 0 ?
		    f->dom[i].limit - f->dom[i].linked : -1;
		if (room[i] < -1)
			room[i] = 0;
	}
	for (i = 0; i < f->n; i++)
		if (f->r[i].valid)
			decide_row(f, &f->r[i], &room[f->r[i].dom]);
	free(room);
}

void
fleet_plan_count(const struct fleet *f, struct fleet_counts *c)
{
	struct strmap	fwd;
	size_t		i;

	memset(c, 0, sizeof *c);
	strmap_init(&fwd);
	for (i = 0; i < f->ndom; i++) {
		c->dom[f->dom[i].action]++;
		c->redirects += f->dom[i].need_redirect;
	}
	for (i = 0; i < f->n; i++) {
		const struct fleet_row *r = &f->r[i];

		if (!r->valid) {
			c->invalid++;
			continue;
		}
		if (r->rec.forwarding.len > 0 && strmap_add(&fwd,
		    buf_cstr(&r->rec.forwarding), 1) == 1) {
			c->fwd += r->need_fwd;
			c->fwd_there += !r->need_fwd;
		}
		c->held += !r->exists && domain_holds(&f->dom[r->dom]);
		c->acct += r->need_acct;
		c->acct_google += r->need_acct && r->google;
		c->acct_there += r->exists;
		c->over_limit += r->over_limit;
		c->unavailable += r->unavailable;
		c->links += r->need_link;
		c->pushes += r->need_push;
		c->bad_seq += r->bad_seq;
		c->send_from += r->need_send_from;
		c->send_from_there += r->sent_from;
	}
	strmap_free(&fwd);
}

int
fleet_plan_changes(const struct fleet_counts *c)
{
	return c->fwd + c->dom[FD_BUY] + c->dom[FD_EXTERNAL] +
	    c->dom[FD_RESTART] + c->dom[FD_ACTIVATE] + c->acct + c->links +
	    c->redirects + c->pushes + c->send_from > 0;
}

static void
summary_inboxes(const struct fleet_counts *c, struct buf *out)
{
	buf_printf(out, "plan: inboxes: %ld to create, %ld there, %ld "
	    "over_limit, %ld unavailable, %ld held by their domain, %ld "
	    "invalid\n", c->acct, c->acct_there, c->over_limit,
	    c->unavailable, c->held, c->invalid);
}

/* "$12.50" or "unknown". */
static void
money(struct buf *b, long long cents)
{
	char	usd[32];

	if (cents < 0)
		buf_puts(b, "unknown");
	else
		buf_printf(b, "$%s", price_format(usd, sizeof usd, cents));
}

/* "; quota left after: 12 inboxes, 3 domains" where the stats said. */
static void
quota_words(const struct fleet *f, struct buf *out)
{
	const char	*sep = "; quota left after: ";

	if (f->quota_accounts != QUOTA_UNKNOWN) {
		buf_printf(out, "%s%ld inboxes", sep, f->quota_accounts);
		sep = ", ";
	}
	if (f->quota_google != QUOTA_UNKNOWN && f->quota_google !=
	    f->quota_accounts) {
		buf_printf(out, "%s%ld Google inboxes", sep, f->quota_google);
		sep = ", ";
	}
	if (f->quota_domains != QUOTA_UNKNOWN)
		buf_printf(out, "%s%ld domains", sep, f->quota_domains);
}

/* The lines of a provider that buys, forwards and pushes (Maildoso). */
static void
summary_full(const struct fleet *f, const struct fleet_counts *c,
    struct buf *out)
{
	buf_printf(out, "plan: forwarding inboxes: %ld to create, %ld there\n",
	    c->fwd, c->fwd_there);
	buf_printf(out, "plan: domains: %ld active, %ld pending, %ld to buy, "
	    "%ld unavailable, %ld blocked, %ld external to add, %ld to "
	    "restart, %ld failed\n", c->dom[FD_ACTIVE], c->dom[FD_MOVING],
	    c->dom[FD_BUY], c->dom[FD_UNAVAILABLE], c->dom[FD_BLOCKED],
	    c->dom[FD_EXTERNAL], c->dom[FD_RESTART], c->dom[FD_FAILED]);
	summary_inboxes(c, out);
	buf_printf(out, "plan: to set: %ld forwarding links, %ld redirects, "
	    "%ld sequencer pushes (%ld to an unknown sequencer)\n", c->links,
	    c->redirects, c->pushes, c->bad_seq);
	buf_puts(out, "plan: total cost: ");
	money(out, f->cost);
	if (f->cost_words.len > 0 && f->cost > 0)
		buf_printf(out, " (%s)", buf_cstr(&f->cost_words));
	quota_words(f, out);
}

/* The lines of a provider that adds domains and publishes no prices
 * (ColdSend). */
static void
summary_plain(const struct fleet *f, const struct fleet_counts *c,
    struct buf *out)
{
	buf_printf(out, "plan: domains: %ld active, %ld to activate, %ld "
	    "pending, %ld to add, %ld to retry, %ld failed\n",
	    c->dom[FD_ACTIVE], c->dom[FD_ACTIVATE], c->dom[FD_MOVING],
	    c->dom[FD_EXTERNAL], c->dom[FD_RESTART], c->dom[FD_FAILED]);
	summary_inboxes(c, out);
	buf_printf(out, "plan: total cost: not published by %s",
	    f->prov->title);
}

void
fleet_plan_summary(const struct fleet *f, struct buf *out)
{
	struct fleet_counts c;

	fleet_plan_count(f, &c);
	if (f->fp->buys)
		summary_full(f, &c, out);
	else
		summary_plain(f, &c, out);
	buf_puts(out, fleet_plan_changes(&c) ? "\n" : "; nothing to do\n");
	if (f->send_from.provider != NULL)
		buf_printf(out, "plan: --send-from %s: %ld inboxes to connect, "
		    "%ld connected\n", f->send_from.provider, c.send_from,
		    c.send_from_there);
}

/* ,"name":N, or null when unknown. */
static void
json_count(struct buf *b, const char *name, long n, int known)
{
	if (b->len > 0 && b->data[b->len - 1] != '{')
		buf_putc(b, ',');
	buf_printf(b, "\"%s\":", name);
	if (known)
		buf_printf(b, "%ld", n);
	else
		buf_puts(b, "null");
}

/* "cost":{...},"quota_left":{...} */
static void
json_cost(const struct fleet *f, struct buf *b)
{
	char	usd[32];

	buf_puts(b, ",\"cost\":{");
	json_count(b, "total_cents", (long)f->cost, f->cost >= 0);
	buf_puts(b, ",\"total_dollars\":");
	json_put_str(b, f->cost >= 0 ? price_format(usd, sizeof usd,
	    f->cost) : NULL);
	buf_puts(b, ",\"words\":");
	json_put_str(b, buf_cstr(&f->cost_words));
	buf_puts(b, "},\"quota_left\":{");
	json_count(b, "inboxes", f->quota_accounts, f->quota_accounts !=
	    QUOTA_UNKNOWN);
	json_count(b, "google_inboxes", f->quota_google, f->quota_google !=
	    QUOTA_UNKNOWN);
	json_count(b, "domains", f->quota_domains, f->quota_domains !=
	    QUOTA_UNKNOWN);
	buf_putc(b, '}');
}

void
fleet_plan_json(const struct fleet *f, struct buf *b)
{
	static const char *const dom[FD_FAILED + 1] = { [FD_ACTIVE] =
	    "active", [FD_MOVING] = "moving", [FD_BUY] = "buy",
	    [FD_UNAVAILABLE] = "unavailable", [FD_BLOCKED] = "blocked",
	    [FD_EXTERNAL] = "external", [FD_RESTART] = "restart",
	    [FD_ACTIVATE] = "activate", [FD_FAILED] = "failed" };
	struct fleet_counts c;
	int		    i;

	fleet_plan_count(f, &c);
	/* spends: money is asked for (consent, --max-cost); a provider
	 * that sells nothing (ColdSend) never spends */
	buf_printf(b, "{\"changes\":%s,\"spends\":%s,\"forwarding\":{"
	    "\"create\":%ld,\"there\":%ld},\"domains\":{",
	    fleet_plan_changes(&c) ? "true" : "false", f->fp->buys &&
	    c.dom[FD_BUY] + c.acct > 0 ? "true" : "false", c.fwd, c.fwd_there);
	for (i = 0; i <= FD_FAILED; i++)
		json_count(b, dom[i], c.dom[i], 1);
	buf_printf(b, "},\"inboxes\":{\"create\":%ld,\"google\":%ld,"
	    "\"there\":%ld,\"over_limit\":%ld,\"unavailable\":%ld,"
	    "\"held\":%ld,\"invalid\":%ld},\"links\":%ld,\"redirects\":%ld,"
	    "\"pushes\":%ld,\"unknown_sequencer\":%ld", c.acct,
	    c.acct_google, c.acct_there, c.over_limit, c.unavailable, c.held,
	    c.invalid, c.links, c.redirects, c.pushes, c.bad_seq);
	json_cost(f, b);
	buf_printf(b, ",\"requests\":%ld}", f->requests);
}

/* The domain step of a row: the word and its detail. */
static void
domain_cell(const struct fleet *f, const struct fleet_domain *d,
    struct buf *w, struct buf *why)
{
	char	usd[32];

	buf_puts(w, f->fp->domain_words[d->action]);
	if (d->action == FD_BUY && d->price >= 0)
		buf_puts(why, price_format(usd, sizeof usd, d->price));
	else if (d->why != NULL)
		buf_puts(why, d->why);
	else if (d->status != NULL && d->action != FD_ACTIVE)
		buf_puts(why, d->status);
}

enum plan_col {
	PC_FORWARDING, PC_DOMAIN, PC_DOMAIN_DETAIL, PC_INBOX, PC_LINK,
	PC_REDIRECT, PC_PUSH, PC_ERROR, PC__COUNT
};

static const char *const plan_cols[PC__COUNT] = { "plan_forwarding",
	"plan_domain", "plan_domain_detail", "plan_inbox",
	"plan_forwarding_link", "plan_redirect", "plan_push", "plan_error" };

/* The plan's cells of a row. */
static void
row_cells(const struct fleet *f, const struct fleet_row *r, struct buf *c)
{
	const struct fleet_domain *d = &f->dom[r->dom];

	if (!r->valid) {
		buf_printf(&c[PC_ERROR], "%s:%ld: %s", f->path, r->line,
		    r->error);
		return;
	}
	if (r->rec.forwarding.len > 0)
		buf_puts(&c[PC_FORWARDING], r->need_fwd ? "create" : "exists");
	domain_cell(f, d, &c[PC_DOMAIN], &c[PC_DOMAIN_DETAIL]);
	buf_puts(&c[PC_INBOX], r->exists ? "exists" : r->unavailable ?
	    "unavailable" : r->over_limit ? "over_limit" : domain_holds(d) ?
	    "" : "create");
	if (r->unavailable)
		buf_printf(&c[PC_ERROR], "%s does not offer Google Workspace",
		    d->name);
	else if (r->over_limit)
		buf_printf(&c[PC_ERROR], "%s holds %lld inboxes at most",
		    d->name, d->limit);
	else if (domain_holds(d))
		buf_printf(&c[PC_ERROR], "domain %s: %s", d->name,
		    d->why != NULL ? d->why : d->status);
	if (r->bad_seq && c[PC_ERROR].len == 0)
		buf_printf(&c[PC_ERROR], "sequencer %s: no connected sequencer "
		    "has that id or name, or more than one has", r->sequencer);
	buf_puts(&c[PC_LINK], r->need_link ? "set" : "");
	buf_puts(&c[PC_REDIRECT], d->need_redirect ? "set" : "");
	buf_puts(&c[PC_PUSH], r->need_push ? "set" : r->pushed ? "pushed" :
	    r->bad_seq ? "unknown" : "");
}

/* Does the sheet hold a secret (a password column with a value)? */
static int
has_secret(const struct fleet *f)
{
	size_t	i, k;

	for (k = 0; k < f->header->nfields; k++)
		if (export_secret_column(f->header->fields[k]))
			for (i = 0; i < f->n; i++)
				if (k < f->r[i].row->nfields &&
				    f->r[i].row->fields[k][0] != '\0')
					return 1;
	return 0;
}

/* One row of the plan: the sheet's cells, then the plan's. */
static int
write_row(const struct fleet *f, struct csv_writer *w, const struct fleet_row
    *r, const char **cells, struct buf *c, char *err, size_t errlen)
{
	size_t	nh = f->header->nfields, k;

	for (k = 0; k < nh; k++)
		cells[k] = k < r->row->nfields ? r->row->fields[k] : "";
	for (k = 0; k < PC__COUNT; k++)
		buf_reset(&c[k]);
	row_cells(f, r, c);
	for (k = 0; k < PC__COUNT; k++)
		cells[nh + k] = buf_cstr(&c[k]);
	return csv_writer_row(w, cells, nh + PC__COUNT, err, errlen);
}

int
fleet_plan_write(const struct fleet *f, const struct app *app,
    const char *path, char *err, size_t errlen)
{
	struct csv_writer *w;
	size_t		   nh = f->header->nfields, i, k;
	const char	 **cells = xcalloc(nh + PC__COUNT, sizeof *cells);
	char		  *names[PC__COUNT];
	struct buf	   c[PC__COUNT];
	int		   rc = 0;

	w = csv_writer_open(path, f->delim, (app->raw ? CSV_OUT_RAW : 0) |
	    (app->excel ? CSV_OUT_EXCEL : 0) | (has_secret(f) ?
	    CSV_OUT_SECRET : 0), err, errlen);
	for (i = 0; i < nh; i++)
		cells[i] = f->header->fields[i];
	for (k = 0; k < PC__COUNT; k++) {
		names[k] = col_unique_name((const char *const *)
		    f->header->fields, nh, plan_cols[k]);
		cells[nh + k] = names[k];
		buf_init(&c[k]);
	}
	if (w == NULL || csv_writer_row(w, cells, nh + PC__COUNT, err,
	    errlen) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < f->n; i++)
		rc = write_row(f, w, &f->r[i], cells, c, err, errlen);
	if (w != NULL && (rc < 0 ? (csv_writer_abort(w), -1) :
	    csv_writer_commit(w, err, errlen)) < 0)
		rc = -1;
	for (k = 0; k < PC__COUNT; k++) {
		buf_free(&c[k]);
		free(names[k]);
	}
	free(cells);
	return rc;
}

int
fleet_plan_make(struct fleet *f, struct pctx *p, char *err, size_t errlen)
{
	struct fleet_counts c;
	size_t		    i;

	f->prov = p->job->prov;
	for (i = 0; i < f->ndom; i++) {		/* a second plan: afresh */
		free(f->dom[i].why);
		f->dom[i].why = NULL;
	}
	if (f->fp->state_read(f, p, err, errlen) < 0 ||
	    fleet_state_costs(f, p, err, errlen) < 0)
		return -1;
	fleet_plan_decide(f);
	fleet_plan_count(f, &c);
	return fleet_state_price(f, p, c.dom[FD_BUY], c.acct - c.acct_google,
	    c.acct_google, err, errlen);
}
