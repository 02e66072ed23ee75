/*
 * fleet_state_cs.c - the live ColdSend account as a fleet sheet needs
 * it, from its listings read once (never one request per row):
 *
 *   GET /domains?page&limit          every domain: status, max_inboxes,
 *                                    current_inboxes
 *   GET /domains/{id}                the name servers of a domain
 *                                    waiting for them (DNS_PENDING)
 *   GET /sender-accounts?page&limit  every inbox (the listing takes no
 *                                    domain filter), read only when a
 *                                    domain of the sheet holds any
 *
 * and, for apply --send-from coldsend on a Maildoso sheet, the same
 * inbox listing to tell which Maildoso inboxes are connected already.
 * ColdSend never returns an inbox's credentials: a row has its id and
 * status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "export.h"
#include "fleet.h"
#include "json.h"
#include "log.h"
#include "provider.h"
#include "xmalloc.h"

/* The sheet's row of an address (any case), or NULL. */
static struct fleet_row *
row_named(struct fleet *f, const char *email)
{
	char		*low = xstrdup_lower(email);
	long long	 i;
	int		 hit;

	hit = strmap_get(&f->email_idx, low, &i) && i > 0;
	free(low);
	return hit ? &f->r[i - 1] : NULL;
}

static int
domain_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet_domain	*fd;

	(void)page;
	if ((fd = fleet_domain_seen(arg, d, obj)) == NULL)
		return 0;
	free(fd->status);
	fd->status = json_get_str(d, obj, "status");
	free(fd->uuid);
	fd->uuid = json_get_str(d, obj, "domain_id");
	if (json_get_int(d, obj, "max_inboxes", &fd->limit) < 0)
		fd->limit = -1;
	if (json_get_int(d, obj, "current_inboxes", &fd->linked) < 0)
		fd->linked = -1;
	return 0;
}

/* An inbox of the listing: a row's (the first one of its address). */
static int
inbox_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet		*f = arg;
	struct fleet_row	*r;
	char			*s = json_get_str(d, obj, "email_address");

	(void)page;
	r = s != NULL ? row_named(f, s) : NULL;
	free(s);
	if (r == NULL || r->exists)
		return 0;
	r->exists = 1;
	s = json_get_str(d, obj, "inbox_id");
	fleet_row_set(r, RES_ID, s);
	free(s);
	s = json_get_str(d, obj, "overall_status");
	fleet_row_set(r, RES_ACCOUNT_STATUS, s);
	free(s);
	return 0;
}

/*
 * The name servers of the domains waiting for the user to set them
 * (DNS_PENDING), which the listing lacks: GET /domains/{id} for those
 * alone, so that every plan and apply shows them, not only the apply that
 * added the domain. A failure costs only the hint.
 */
static void
awaited_name_servers(struct fleet *f, struct pctx *p)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < f->ndom; i++) {
		struct fleet_domain *d = &f->dom[i];

		if (d->uuid == NULL || d->status == NULL || d->ns != NULL ||
		    f->fp->activate_status == NULL || strcmp(d->status,
		    f->fp->activate_status) != 0 ||
		    p->job->prov->domain_name_servers == NULL)
			continue;
		buf_reset(&b);
		if (p->job->prov->domain_name_servers(p, d->uuid, &b) == 0)
			d->ns = xstrdup(buf_cstr(&b));
		else
			log_warn("%s: no name servers: %s", d->name,
			    buf_cstr(&b));
	}
	buf_free(&b);
}

int
fleet_state_read_cs(struct fleet *f, struct pctx *p, char *err,
    size_t errlen)
{
	size_t	i;
	int	any = 0;

	if (f->ndom > 0 && fleet_listing(f, p, EXPORT_DOMAINS, "",
	    domain_seen, err, errlen) < 0)
		return -1;
	awaited_name_servers(f, p);
	for (i = 0; i < f->ndom; i++)	/* -1: not said, so look */
		any |= f->dom[i].exists && f->dom[i].linked != 0;
	if (!any)
		return 0;
	return fleet_listing(f, p, EXPORT_SENDER_ACCOUNTS, "", inbox_seen,
	    err, errlen);
}

/* An inbox at the --send-from provider: a row's, connected already. */
static int
sent_seen(void *arg, const struct json_doc *d, int obj, struct buf *page)
{
	struct fleet		*f = arg;
	struct fleet_row	*r;
	char			*s = json_get_str(d, obj, "email_address");

	(void)page;
	if (s != NULL && (r = row_named(f, s)) != NULL)
		r->sent_from = 1;
	free(s);
	return 0;
}

void
fleet_target_swap(struct app *app, struct fleet_target *t)
{
	const char	*v;

	v = app->provider;
	app->provider = t->provider;
	t->provider = v;
	v = app->api_url;
	app->api_url = t->api_url;
	t->api_url = v;
	v = app->token_file;
	app->token_file = t->token_file;
	t->token_file = v;
}

int
fleet_send_from_read(struct app *app, struct fleet *f, const char *rate)
{
	struct job	job;
	struct pctx	p;
	char		err[1024];
	int		rc;

	if (f->send_from.provider == NULL)
		return 0;
	fleet_target_swap(app, &f->send_from);
	if ((rc = session_begin(app, rate, &job, &p, err, sizeof err)) == 0 &&
	    (rc = session_connect(&job, &p, err, sizeof err)) == 0 &&
	    fleet_listing(f, &p, EXPORT_SENDER_ACCOUNTS, "", sent_seen, err,
	    sizeof err) < 0)
		rc = EXIT_ABORTED;
	session_close(&job, &p);
	fleet_target_swap(app, &f->send_from);
	if (rc != 0)
		log_error("--send-from %s: %s", f->send_from.provider, err);
	return rc;
}
