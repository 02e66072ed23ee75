/*
 * maildoso_services.c - warm-up services, sequencers (list, add, update,
 * export) and billing pricing.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/maildoso.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static const char *const systems[] = { "trulyinbox", "allegrow",
    "supersend", "instantly", "smartlead", "manyreach", "nureply",
    "mailivery", "lemwarm", "custom", NULL };

static void
put_warmup(struct buf *b, const struct md_warmup *w)
{
	size_t	i;

	sbx_put_kstr(b, "{", "warmup_id", w->id);
	buf_puts(b, ",\"warmup_meta\":{\"warmup_exclude\":[");
	for (i = 0; i < w->nexclude; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_put_str(b, w->exclude[i]);
	}
	buf_putc(b, ']');
	sbx_put_kstr(b, ",", "api_key", w->api_key);
	buf_putc(b, '}');
	sbx_put_kint(b, ",", "user_id", MD_USER_ID);
	sbx_put_kbool(b, ",", "is_active", 1);
	sbx_put_ktime(b, ",", "ts_added", w->ts_added);
	sbx_put_kstr(b, ",", "system_id", w->system_id);
	buf_putc(b, '}');
}

void
md_list_warmup_services(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	size_t		 i;

	buf_putc(b, '[');
	for (i = 0; i < x->st->nwarmups; i++) {
		if (i > 0)
			buf_putc(b, ',');
		put_warmup(b, x->st->warmups[i]);
	}
	buf_putc(b, ']');
	sbx_reply(x->resp, 200);
}

/* One WarmupServiceRequest, validated. */
struct wreq {
	const char	 *system_id;	/* static */
	char		**exclude;
	size_t		  nexclude;
	char		 *api_key;
	char		 *warmup_id;
};

static void
wreq_free(struct wreq *w)
{
	sbx_strs_free(w->exclude, w->nexclude);
	free(w->api_key);
	free(w->warmup_id);
}

static void
read_wreq(struct sbx_ctx *x, int e, int idx, int update, struct wreq *w)
{
	struct buf	 where = BUF_INIT, mw = BUF_INIT;
	char		*sys = NULL;
	size_t		 k;
	int		 m;

	memset(w, 0, sizeof *w);
	buf_printf(&where, "body/%d", idx);
	if (json_type(x->doc, e) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, buf_cstr(&where), "dict");
		goto out;
	}
	if (sbx_fld_str(x, e, buf_cstr(&where), "system_id", 1, &sys) == 1) {
		for (k = 0; systems[k] != NULL && strcmp(systems[k], sys) != 0;
		    k++)
			;
		if (systems[k] == NULL)
			sbx_verr_add(&x->verr, buf_cstr(&where), "enum",
			    "Input should be 'trulyinbox', 'allegrow', "
			    "'supersend', 'instantly', 'smartlead', "
			    "'manyreach', 'nureply', 'mailivery', 'lemwarm' "
			    "or 'custom'");
		else
			w->system_id = systems[k];
	}
	m = json_get(x->doc, e, "warmup_meta");
	buf_printf(&mw, "%s/warmup_meta", buf_cstr(&where));
	if (m < 0)
		sbx_verr_missing(&x->verr, buf_cstr(&mw));
	else if (json_type(x->doc, m) != JSON_OBJECT)
		sbx_verr_type(&x->verr, buf_cstr(&mw), "dict");
	else {
		sbx_fld_strs(x, m, buf_cstr(&mw), "warmup_exclude", 0, 0, 0,
		    &w->exclude, &w->nexclude);
		sbx_fld_str(x, m, buf_cstr(&mw), "api_key", 0, &w->api_key);
	}
	sbx_fld_str(x, e, buf_cstr(&where), "warmup_id", 0, &w->warmup_id);
	buf_puts(&mw, "/api_key");
	/* Documented: smartlead needs warmup_meta.api_key, others refuse it. */
	if (w->system_id != NULL && strcmp(w->system_id, "smartlead") == 0 &&
	    w->api_key == NULL && m >= 0)
		sbx_verr_value(&x->verr, buf_cstr(&mw), "api_key is required "
		    "for smartlead");
	else if (w->system_id != NULL &&
	    strcmp(w->system_id, "smartlead") != 0 && w->api_key != NULL)
		sbx_verr_value(&x->verr, buf_cstr(&mw), "api_key is only "
		    "accepted for smartlead");
	if (update) {
		buf_reset(&mw);
		buf_printf(&mw, "%s/warmup_id", buf_cstr(&where));
		if (w->warmup_id == NULL)
			sbx_verr_missing(&x->verr, buf_cstr(&mw));
		else if (md_warmup_get(x->st, w->warmup_id) == NULL)
			sbx_verr_value(&x->verr, buf_cstr(&mw), "warm-up "
			    "service %s not found", w->warmup_id);
	}
out:
	free(sys);
	buf_free(&where);
	buf_free(&mw);
}

static void
apply_wreq(struct md_warmup *w, struct wreq *r)
{
	size_t	i;

	for (i = 0; i < w->nexclude; i++)
		free(w->exclude[i]);
	free(w->exclude);
	free(w->system_id);
	free(w->api_key);
	w->system_id = xstrdup(r->system_id);
	w->exclude = r->exclude;
	w->nexclude = r->nexclude;
	w->api_key = r->api_key;
	r->exclude = NULL;
	r->nexclude = 0;
	r->api_key = NULL;
}

static void
write_warmups(struct sbx_ctx *x, int update)
{
	struct buf	*b = &x->resp->body;
	struct wreq	*rq = NULL;
	size_t		 n = 0, i;
	int		 e;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, "body", "list");
		goto reply;
	}
	rq = xcalloc((size_t)json_len(x->doc, 0) + 1, sizeof *rq);
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e), n++)
		read_wreq(x, e, (int)n, update, &rq[n]);
	if (x->verr.n > 0)
		goto reply;
	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		struct md_warmup	*w = update ? md_warmup_get(x->st,
		    rq[i].warmup_id) : md_warmup_new(x->st);

		apply_wreq(w, &rq[i]);
		if (i > 0)
			buf_putc(b, ',');
		put_warmup(b, w);
	}
	buf_putc(b, ']');
	x->resp->changed = 1;
	sbx_reply(x->resp, 200);
reply:
	sbx_verr_reply(x);
	for (i = 0; i < n; i++)
		wreq_free(&rq[i]);
	free(rq);
}

void
md_create_warmup_services(struct sbx_ctx *x)
{
	write_warmups(x, 0);
}

void
md_update_warmup_services(struct sbx_ctx *x)
{
	write_warmups(x, 1);
}

/* DELETE /v1/user/services/warmups/{id}: unknown id is a 422. */
void
md_delete_warmup_service(struct sbx_ctx *x)
{
	struct md_warmup	*w = md_warmup_get(x->st, x->req->params[0]);

	if (w == NULL) {
		sbx_verr_value(&x->verr, "path/id", "warm-up service %s not "
		    "found", x->req->params[0]);
		sbx_verr_reply(x);
		return;
	}
	md_warmup_remove(x->st, w);
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
}

/* The documented example, in cents: the tiers without --price. */
static const struct sbx_tiers example_prices[SBX_PR_COUNT] = {
	{ 3, { 10, 50, -1 }, { 300, 250, 200 } },
	{ 1, { -1 }, { 600 } },
	{ 1, { -1 }, { 1500 } }
};

/*
 * GET /v1/billing/pricing: per product (ProductKey) its ranges ascending,
 * from/to inclusive counts, absent where open (as the example writes
 * them), prices in integer cents. --price none: the documented 503.
 */
void
md_get_pricing(struct sbx_ctx *x)
{
	static const char *const keys[SBX_PR_COUNT] = { "maildoso_accounts",
	    "google_accounts", "domains" };
	struct buf		*b = &x->resp->body;
	const struct sbx_tiers	*t;
	int			 p, i;

	if (x->cfg->no_pricing) {
		sbx_detail(x->resp, 503, "Pricing is currently unavailable. "
		    "Please try again later.");
		return;
	}
	for (p = 0; p < SBX_PR_COUNT; p++) {
		t = x->cfg->prices[p].n > 0 ? &x->cfg->prices[p] :
		    &example_prices[p];
		buf_printf(b, "%s\"%s\":{\"ranges\":[", p ? "," : "{", keys[p]);
		for (i = 0; i < t->n; i++) {
			buf_puts(b, i ? ",{" : "{");
			if (i > 0)
				buf_printf(b, "\"from\":%lld,", t->to[i - 1] + 1);
			if (t->to[i] >= 0)
				buf_printf(b, "\"to\":%lld,", t->to[i]);
			buf_printf(b, "\"price\":%lld}", t->price[i]);
		}
		buf_puts(b, "]}");
	}
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
}

/* GET /v1/sequencers: every platform, with the user's connection. */
void
md_get_user_sequencers(struct sbx_ctx *x)
{
	const struct md_platform	*p;
	struct buf			*b = &x->resp->body;
	struct md_sequencer		*s;

	buf_putc(b, '[');
	for (p = md_platforms; p->platform != NULL; p++) {
		s = md_seq_by_platform(x->st, p->platform);
		if (p != md_platforms)
			buf_putc(b, ',');
		if (s != NULL)
			sbx_put_kint(b, "{", "id", s->id);
		else
			buf_puts(b, "{\"id\":null");
		sbx_put_kstr(b, ",", "platform", p->platform);
		sbx_put_kstr(b, ",", "status", s != NULL ? "active" : NULL);
		sbx_put_kstr(b, ",", "logo", p->logo);
		sbx_put_kstr(b, ",", "name", p->name);
		sbx_put_kstr(b, ",", "sequencer_login", s ? s->login : NULL);
		sbx_put_kstr(b, ",", "sequencer_password", s ? s->password :
		    NULL);
		buf_puts(b, ",\"fields\":[{\"name\":\"sequencer_login\","
		    "\"type\":\"string\",\"required\":true},{\"name\":"
		    "\"sequencer_password\",\"type\":\"password\",\"required\":"
		    "true}]");
		sbx_put_kstr(b, ",", "api_key", s ? s->api_key : NULL);
		sbx_put_kstr(b, ",", "sequencer_workspace", s ? s->workspace :
		    NULL);
		sbx_put_ktime(b, ",", "created_at", s ? s->created_at : 0);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	sbx_reply(x->resp, 200);
}

/* Members shared by SequencerAdd and SequencerUpdate. */
struct sreq {
	char	*platform, *login, *password, *workspace, *api_key;
};

static void
read_sreq(struct sbx_ctx *x, struct sreq *r)
{
	memset(r, 0, sizeof *r);
	if (sbx_fld_str(x, 0, "body", "platform", 1, &r->platform) == 1 &&
	    md_platform_find(r->platform) == NULL)
		sbx_verr_value(&x->verr, "body/platform", "unknown sequencer "
		    "platform '%s'", r->platform);
	sbx_fld_str(x, 0, "body", "sequencer_login", 1, &r->login);
	sbx_fld_str(x, 0, "body", "sequencer_password", 1, &r->password);
	sbx_fld_str(x, 0, "body", "sequencer_workspace", 0, &r->workspace);
	sbx_fld_str(x, 0, "body", "api_key", 0, &r->api_key);
}

static void
sreq_apply(struct md_sequencer *s, struct sreq *r)
{
	free(s->platform);
	free(s->login);
	free(s->password);
	free(s->workspace);
	free(s->api_key);
	s->platform = r->platform;
	s->login = r->login;
	s->password = r->password;
	s->workspace = r->workspace;
	s->api_key = r->api_key;
	memset(r, 0, sizeof *r);
}

static void
sreq_free(struct sreq *r)
{
	free(r->platform);
	free(r->login);
	free(r->password);
	free(r->workspace);
	free(r->api_key);
}

/* POST /v1/sequencers: one connection per platform (re-adding updates). */
void
md_add_sequencer(struct sbx_ctx *x)
{
	struct md_sequencer	*s;
	struct sreq		 r;
	char			*extra = NULL;
	static const char *const opt[] = { "app_url", "client_id",
	    "smartlead_consent_url", NULL };
	size_t			 i;

	memset(&r, 0, sizeof r);
	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	read_sreq(x, &r);
	for (i = 0; opt[i] != NULL; i++) {
		sbx_fld_str(x, 0, "body", opt[i], 0, &extra);
		free(extra);
		extra = NULL;
	}
	if (x->verr.n > 0)
		goto reply;
	if ((s = md_seq_by_platform(x->st, r.platform)) == NULL)
		s = md_seq_new(x->st, r.platform);
	sreq_apply(s, &r);
	x->resp->changed = 1;
	buf_printf(&x->resp->body, "{\"id\":%lld,\"status\":\"active\"}",
	    s->id);
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	sreq_free(&r);
}

/* PUT /v1/sequencers: SequencerUpdate, 204. */
void
md_update_sequencer(struct sbx_ctx *x)
{
	struct md_sequencer	*s = NULL;
	struct sreq		 r;
	long long		 id;

	memset(&r, 0, sizeof r);
	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	if (sbx_fld_int(x, 0, "body", "id", 1, &id) == 1 &&
	    (s = md_seq_get(x->st, id)) == NULL)
		sbx_verr_value(&x->verr, "body/id", "sequencer %lld not found",
		    id);
	read_sreq(x, &r);
	if (x->verr.n > 0)
		goto reply;
	sreq_apply(s, &r);
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	sreq_free(&r);
}

/*
 * POST /v1/sequencers/export: 202, then each account's
 * exported_to_sequencers entry moves pending -> processing -> completed
 * with provider time. account_ids is a set (uniqueItems): repeats merge.
 * Unknown sequencer or account: the documented 404.
 */
void
md_export_to_sequencer(struct sbx_ctx *x)
{
	struct md_sequencer	*s;
	long long		 sid, *ids = NULL;
	size_t			 n = 0, i, k;
	int			 v;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	sbx_fld_int(x, 0, "body", "sequencer_id", 1, &sid);
	if ((v = json_get(x->doc, 0, "account_ids")) < 0)
		sbx_verr_missing(&x->verr, "body/account_ids");
	else
		sbx_val_ints(x, v, "body/account_ids", 0, &ids, &n);
	if (x->verr.n > 0)
		goto reply;
	if ((s = md_seq_get(x->st, sid)) == NULL) {
		sbx_detail(x->resp, 404, "Entity does not exist.");
		goto reply;
	}
	for (i = 0; i < n; i++) {
		struct md_account	*a = md_account_get(x->st, ids[i]);

		if (a == NULL || md_account_advance(x->st, a)) {
			sbx_detail(x->resp, 404, "Entity does not exist.");
			goto reply;
		}
	}
	for (i = 0; i < n; i++) {
		struct md_account	*a = md_account_get(x->st, ids[i]);

		for (k = 0; k < a->nexports && a->exports[k].seq_id != s->id;
		    k++)
			;
		if (k == a->nexports) {
			a->exports = xreallocarray(a->exports, a->nexports + 1,
			    sizeof *a->exports);
			a->nexports++;
		}
		a->exports[k].seq_id = s->id;
		a->exports[k].created_at = x->st->now;
	}
	x->resp->changed = 1;
	buf_puts(&x->resp->body, "{}");
	sbx_reply(x->resp, 202);
reply:
	sbx_verr_reply(x);
	free(ids);
}
