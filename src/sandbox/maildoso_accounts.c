/*
 * maildoso_accounts.c - email accounts: lookup, create, update, delete,
 * TOTP.
 *
 * Creation is all or nothing, as FastAPI validates a request: any item
 * that breaks a rule makes the answer a 422 listing every broken rule at
 * ["body", index, field]. That includes an address that already exists
 * (Maildoso documents no other answer for it, so it is a validation error
 * of the item's email_account, "value_error"), a duplicate within the
 * batch, a domain that is not in the account or not ACTIVE, a provider the
 * domain does not offer, and the domain's accounts_limit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/dates.h"
#include "sandbox/maildoso.h"
#include "sandbox/rng.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static const char *const order_keys[] = { "id", "created_at",
    "email_account", NULL };
static const char *const statuses[] = { "active", "inactive", "pending",
    "failed", "cancel_scheduled", NULL };
static const char *const providers[] = { "maildoso", "google", NULL };
static const char *const reputations[] = { "google:high", "google:poor",
    "google:burned", "google:unmeasured", "microsoft:high", "microsoft:poor",
    "microsoft:burned", "microsoft:unmeasured", NULL };

static int
cmp_account(const void *pa, const void *pb, void *ctx)
{
	const struct md_account	*a = pa, *b = pb;
	struct md_sortkey	 ka = { a->email, a->created_at, a->id };
	struct md_sortkey	 kb = { b->email, b->created_at, b->id };

	return md_order_cmp(ctx, "email_account", &ka, &kb);
}

static int
in_ints(const long long *v, size_t n, long long x)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int
in_strs(const char *const *v, size_t n, const char *x)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (x != NULL && strcmp(v[i], x) == 0)
			return 1;
	return 0;
}

/* The filters of accounts-lookup, read from the query. */
struct lookup_q {
	struct md_order	  o;
	long long	  limit, offset, from, to;
	long long	 *dids, *fids;
	const char	**sts, **provs, **reps;
	size_t		  ndids, nfids, nsts, nprovs, nreps, nfw, nru;
	int		  has_limit, created, admin, has_admin;
	char		 *lkw;		/* lower-cased keyword */
};

static void
lookup_q_free(struct lookup_q *q)
{
	free(q->lkw);
	free(q->dids);
	free(q->fids);
	free(q->sts);
	free(q->provs);
	free(q->reps);
}

/* Read and check the query; -1 (errors added) when it is refused. */
static int
lookup_q_read(struct sbx_ctx *x, struct lookup_q *q)
{
	const char	*kw = sbx_arg(x->req, "keyword");

	memset(q, 0, sizeof *q);
	q->nfw = sbx_arg_count(x->req, "forwarding_accounts");
	q->nru = sbx_arg_count(x->req, "redirect_urls");
	q->has_limit = sbx_q_int(x, "limit", 1, 10000, &q->limit) == 1;
	sbx_q_int(x, "offset", 0, (long long)1 << 62, &q->offset);
	md_q_created(x, &q->from, &q->to, &q->created);
	md_q_order(x, order_keys, &q->o);
	md_q_ints(x, "domains_ids", 100, &q->dids, &q->ndids);
	md_q_ints(x, "forwarding_accounts_ids", 100, &q->fids, &q->nfids);
	md_q_enums(x, "status", statuses, 100, &q->sts, &q->nsts);
	md_q_enums(x, "provider", providers, 100, &q->provs, &q->nprovs);
	md_q_enums(x, "reputations", reputations, 100, &q->reps, &q->nreps);
	q->has_admin = sbx_q_bool(x, "is_admin", &q->admin) == 1;
	if (kw != NULL && strlen(kw) > 200)
		sbx_verr_add(&x->verr, "query/keyword", "string_too_long",
		    "String should have at most 200 characters");
	if (q->nfw > 100)
		sbx_verr_add(&x->verr, "query/forwarding_accounts", "too_long",
		    "List should have at most 100 items after validation, "
		    "not %zu", q->nfw);
	if (q->nru > 100)
		sbx_verr_add(&x->verr, "query/redirect_urls", "too_long",
		    "List should have at most 100 items after validation, "
		    "not %zu", q->nru);
	if (x->verr.n > 0)
		return -1;
	if (kw != NULL)
		q->lkw = md_lower(kw);
	return 0;
}

/* The list filters: forwarding_accounts (e-mails), redirect_urls. */
static int
lookup_lists_match(struct sbx_ctx *x, const struct lookup_q *q,
    const struct md_domain *d, const struct md_forward *f)
{
	const char	*u;
	size_t		 k;

	if (q->nfw > 0) {
		for (k = 0; k < q->nfw && (f == NULL || strcmp(f->email,
		    sbx_arg_nth(x->req, "forwarding_accounts", k)) != 0); k++)
			;
		if (k == q->nfw)
			return 0;
	}
	if (q->nru > 0) {
		for (k = 0; k < q->nru; k++) {
			u = sbx_arg_nth(x->req, "redirect_urls", k);
			if (d != NULL && (d->redirect_to == NULL ?
			    strcmp(u, "none") == 0 :
			    strcmp(u, d->redirect_to) == 0))
				break;
		}
		if (k == q->nru)
			return 0;
	}
	return 1;
}

static int
lookup_match(struct sbx_ctx *x, const struct lookup_q *q,
    const struct md_account *a)
{
	struct md_domain	*d = md_domain_get(x->st, a->domain_id);
	struct md_forward	*f = a->fwd_id ? md_forward_get(x->st,
	    a->fwd_id) : NULL;
	size_t			 k;

	if (q->created && !md_in_days(a->created_at, q->from, q->to))
		return 0;
	if (q->lkw != NULL && strstr(a->email, q->lkw) == NULL)
		return 0;
	if (q->ndids > 0 && !in_ints(q->dids, q->ndids, a->domain_id))
		return 0;
	if (q->nfids > 0 && (f == NULL || !in_ints(q->fids, q->nfids, f->id)))
		return 0;
	if (q->nsts > 0 && !in_strs(q->sts, q->nsts, a->status))
		return 0;
	if (q->nprovs > 0 && !in_strs(q->provs, q->nprovs, a->google ?
	    "google" : "maildoso"))
		return 0;
	if (q->has_admin && q->admin)		/* no admin accounts here */
		return 0;
	if (q->nreps > 0) {
		/* Every sandbox account is unmeasured. */
		for (k = 0; k < q->nreps &&
		    strstr(q->reps[k], "unmeasured") == NULL; k++)
			;
		if (k == q->nreps)
			return 0;
	}
	return lookup_lists_match(x, q, d, f);
}

void
md_lookup_user_email_accounts(struct sbx_ctx *x)
{
	struct store	 *st = x->st;
	struct buf	 *b = &x->resp->body;
	struct lookup_q	  q;
	size_t		  i, k, n = 0, end;
	void		**v;

	if (lookup_q_read(x, &q) != 0) {
		sbx_verr_reply(x);
		lookup_q_free(&q);
		return;
	}
	v = xreallocarray(NULL, st->naccounts + 1, sizeof *v);
	for (i = 0; i < st->naccounts; i++) {
		struct md_account	*a = st->accounts[i];

		if (a == NULL || md_account_advance(st, a))
			continue;
		if (lookup_match(x, &q, a))
			v[n++] = a;
	}
	md_sort(v, n, cmp_account, &q.o);
	i = (size_t)q.offset < n ? (size_t)q.offset : n;
	end = q.has_limit && (size_t)q.limit < n - i ? i + (size_t)q.limit :
	    n;
	buf_puts(b, "{\"items\":[");
	for (k = i; k < end; k++) {
		if (k > i)
			buf_putc(b, ',');
		md_put_account(x, b, v[k]);
	}
	buf_puts(b, "],\"meta\":");
	md_put_meta(b, q.offset, q.limit, q.has_limit, (long long)n,
	    (long long)(end - i));
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
	free(v);
	lookup_q_free(&q);
}

/* One validated item of a create request. */
struct insert {
	char		*email;
	int		 is_active;
	char		*vendor_uuid;
	long long	 fwd_id;
	char		*password;
	char		*first_name;
	char		*last_name;
	char		*picture_url;
	int		 google;
	struct md_domain *domain;
};

static void
insert_free(struct insert *in)
{
	free(in->email);
	free(in->vendor_uuid);
	free(in->password);
	free(in->first_name);
	free(in->last_name);
	free(in->picture_url);
}

/* Password rule shared by create, update and forwarding resets. */
static void
check_password(struct sbx_ctx *x, const char *loc, const char *p)
{
	if (strlen(p) < 12)
		sbx_verr_add(&x->verr, loc, "string_too_short", "String should "
		    "have at least 12 characters");
	else if (!sbx_password_ok(p))
		sbx_verr_value(&x->verr, loc, "Password must contain at least "
		    "one uppercase letter, one lowercase letter and one digit");
}

/* The rules beyond the schema, on the item's email_account. */
static void
insert_rules(struct sbx_ctx *x, const char *where, struct insert *in)
{
	struct buf	 loc = BUF_INIT;
	char		*at;

	buf_printf(&loc, "%s/email_account", where);
	at = strchr(in->email, '@');
	in->domain = md_domain_by_name(x->st, at + 1);
	if (md_account_by_email(x->st, in->email) != NULL) {
		sbx_verr_value(&x->verr, buf_cstr(&loc), "email account %s "
		    "already exists", in->email);
		goto out;
	}
	if (in->domain == NULL) {
		sbx_verr_value(&x->verr, buf_cstr(&loc), "domain %s is not in "
		    "your account", at + 1);
		goto out;
	}
	md_domain_advance(x->st, in->domain);
	if (strcmp(in->domain->status, "ACTIVE") != 0)
		sbx_verr_value(&x->verr, buf_cstr(&loc), "domain %s is not "
		    "active (status %s)", in->domain->name,
		    in->domain->status);
	else if (!(in->domain->providers & (in->google ? MD_P_GOOGLE :
	    MD_P_MAILDOSO)))
		sbx_verr_value(&x->verr, buf_cstr(&loc), "domain %s does not "
		    "offer provider %s", in->domain->name, in->google ?
		    "google" : "maildoso");
out:
	buf_free(&loc);
}

static void
read_insert(struct sbx_ctx *x, int e, int idx, struct insert *in)
{
	struct buf	 where = BUF_INIT, loc = BUF_INIT;
	char		*prov = NULL;
	int		 v, n0 = x->verr.n;

	memset(in, 0, sizeof *in);
	in->is_active = 1;
	buf_printf(&where, "body/%d", idx);
	if (json_type(x->doc, e) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, buf_cstr(&where), "dict");
		goto out;
	}
	buf_printf(&loc, "%s/email_account", buf_cstr(&where));
	if (sbx_fld_str(x, e, buf_cstr(&where), "email_account", 1,
	    &in->email) == 1) {
		char	*l = md_lower(in->email);

		free(in->email);
		in->email = l;
		if (!sbx_email_ok(l))
			sbx_verr_value(&x->verr, buf_cstr(&loc), "value is not "
			    "a valid email address: The email address is not "
			    "valid.");
	}
	sbx_fld_bool(x, e, buf_cstr(&where), "is_active", 0, &in->is_active);
	sbx_fld_str(x, e, buf_cstr(&where), "vendor_uuid", 0,
	    &in->vendor_uuid);
	if (sbx_fld_int(x, e, buf_cstr(&where), "forwarding_account_id", 0,
	    &in->fwd_id) == 1 && md_forward_get(x->st, in->fwd_id) == NULL) {
		buf_reset(&loc);
		buf_printf(&loc, "%s/forwarding_account_id", buf_cstr(&where));
		sbx_verr_value(&x->verr, buf_cstr(&loc), "forwarding account "
		    "%lld not found", in->fwd_id);
	}
	if (sbx_fld_str(x, e, buf_cstr(&where), "password", 0,
	    &in->password) == 1) {
		buf_reset(&loc);
		buf_printf(&loc, "%s/password", buf_cstr(&where));
		check_password(x, buf_cstr(&loc), in->password);
	}
	sbx_fld_str(x, e, buf_cstr(&where), "first_name", 0, &in->first_name);
	sbx_fld_str(x, e, buf_cstr(&where), "last_name", 0, &in->last_name);
	sbx_fld_str(x, e, buf_cstr(&where), "picture_url", 0,
	    &in->picture_url);
	if ((v = json_get(x->doc, e, "skip_sequence")) >= 0 &&
	    !json_is_null(x->doc, v) && json_type(x->doc, v) != JSON_ARRAY) {
		buf_reset(&loc);
		buf_printf(&loc, "%s/skip_sequence", buf_cstr(&where));
		sbx_verr_type(&x->verr, buf_cstr(&loc), "list");
	}
	if (sbx_fld_str(x, e, buf_cstr(&where), "provider", 0, &prov) == 1) {
		if (strcmp(prov, "google") == 0)
			in->google = 1;
		else if (strcmp(prov, "maildoso") != 0) {
			buf_reset(&loc);
			buf_printf(&loc, "%s/provider", buf_cstr(&where));
			sbx_verr_add(&x->verr, buf_cstr(&loc), "enum",
			    "Input should be 'maildoso' or 'google'");
		}
	}
	if (x->verr.n == n0 && in->email != NULL)
		insert_rules(x, buf_cstr(&where), in);
out:
	free(prov);
	buf_free(&where);
	buf_free(&loc);
}

static int
accounts_limit(const struct md_domain *d)
{
	return d->providers & MD_P_MAILDOSO ? MD_LIMIT_MAILDOSO :
	    MD_LIMIT_GOOGLE;
}

/*
 * The rules across the batch: an address twice, the per-domain accounts
 * limit. want[] counts the accounts per provider ([1] Google).
 */
static void
batch_rules(struct sbx_ctx *x, const struct insert *ins, size_t n,
    long long want[2])
{
	struct buf	loc = BUF_INIT;
	size_t		i, j;
	int		extra;

	for (i = 0; i < n; i++) {
		if (ins[i].email == NULL || ins[i].domain == NULL)
			continue;
		buf_reset(&loc);
		buf_printf(&loc, "body/%zu/email_account", i);
		for (j = 0; j < i; j++)
			if (ins[j].email != NULL &&
			    strcmp(ins[j].email, ins[i].email) == 0)
				break;
		if (j < i) {
			sbx_verr_value(&x->verr, buf_cstr(&loc), "email account "
			    "%s appears twice in the request", ins[i].email);
			continue;
		}
		for (j = 0, extra = 1; j < i; j++)
			extra += ins[j].domain == ins[i].domain;
		if (ins[i].domain->linked + extra > accounts_limit(
		    ins[i].domain))
			sbx_verr_value(&x->verr, buf_cstr(&loc), "domain %s "
			    "reached its accounts limit (%d)",
			    ins[i].domain->name, accounts_limit(ins[i].domain));
		want[ins[i].google]++;
	}
	buf_free(&loc);
}

/* 1 when the quotas leave room for want[]; else a 403 is the answer. */
static int
quota_ok(struct sbx_ctx *x, const long long want[2])
{
	long long	used;
	int		i;

	for (i = 0; i < 2; i++) {
		used = md_account_count(x->st, i);
		if (want[i] > 0 && used + want[i] > x->cfg->quota_accounts) {
			/* Undocumented; 403 as for the domain quota. */
			sbx_detail(x->resp, 403, "%s accounts quota exceeded: "
			    "%lld of %lld in use, %lld requested", i ?
			    "Google" : "Maildoso", used, x->cfg->quota_accounts,
			    want[i]);
			return 0;
		}
	}
	return 1;
}

/* The account of a validated item; its strings move into the account. */
static struct md_account *
make_account(struct store *st, struct insert *in)
{
	struct md_account	*a = md_account_new(st, in->email, in->domain,
	    in->google);

	a->is_active = in->is_active;
	a->fwd_id = in->fwd_id;
	a->vendor_uuid = in->vendor_uuid;
	a->first_name = in->first_name;
	a->last_name = in->last_name;
	a->picture_url = in->picture_url;
	/* A missing password is generated to the rule. */
	a->password = in->password != NULL ? in->password :
	    sbx_rng_password();
	in->vendor_uuid = in->first_name = in->last_name = in->picture_url =
	    in->password = NULL;
	return a;
}

void
md_create_email_accounts(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	struct insert	*ins = NULL;
	size_t		 n = 0, i;
	long long	 want[2] = { 0, 0 };
	int		 e;
	char		 task[40];

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, "body", "list");
		goto reply;
	}
	ins = xcalloc((size_t)json_len(x->doc, 0) + 1, sizeof *ins);
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e), n++)
		read_insert(x, e, (int)n, &ins[n]);
	batch_rules(x, ins, n, want);
	if (x->verr.n > 0 || !quota_ok(x, want))
		goto reply;
	buf_puts(b, "{\"results\":[");
	for (i = 0; i < n; i++) {
		struct md_account	*a = make_account(x->st, &ins[i]);

		sbx_stats_created("maildoso_account", a->email);
		if (i > 0)
			buf_putc(b, ',');
		md_put_account(x, b, a);
	}
	sbx_rng_uuid(task, sizeof task);
	buf_puts(b, "],\"task_id\":");
	json_put_str(b, task);
	buf_putc(b, '}');
	x->resp->changed = n > 0;
	sbx_reply(x->resp, 202);
reply:
	sbx_verr_reply(x);
	for (i = 0; i < n; i++)
		insert_free(&ins[i]);
	free(ins);
}

/*
 * DELETE /v1/user/accounts: body [ids]. Maildoso accounts go at once;
 * Google accounts become cancel_scheduled until the date of the
 * documented rule (dates.c). Ids that do not exist are skipped, so a
 * repeated delete is harmless.
 */
void
md_delete_email_accounts(struct sbx_ctx *x)
{
	long long	*ids = NULL;
	size_t		 n = 0, i;

	if (sbx_body(x) != 0 || sbx_val_ints(x, 0, "body", 1, &ids, &n) != 1)
		goto reply;
	for (i = 0; i < n; i++) {
		struct md_account	*a = md_account_get(x->st, ids[i]);

		if (a == NULL || md_account_advance(x->st, a))
			continue;
		if (!a->google) {
			md_account_remove(x->st, a);
		} else if (strcmp(a->status, "cancel_scheduled") != 0) {
			a->status = "cancel_scheduled";
			a->next_at = 0;
			a->cancel_at = sbx_cancellation_time(a->created_at,
			    x->st->now);
		}
		x->resp->changed = 1;
	}
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	free(ids);
}

/*
 * A path id that names no account: the operations without a documented
 * 404 answer it as a validation error of the path parameter.
 */
static struct md_account *
path_account(struct sbx_ctx *x)
{
	struct md_account	*a;
	long long		 id;

	if (sbx_path_int(x, 0, "account_id", &id) != 0)
		return NULL;
	if ((a = md_account_get(x->st, id)) == NULL ||
	    md_account_advance(x->st, a)) {
		sbx_verr_value(&x->verr, "path/account_id", "email account "
		    "%lld not found", id);
		return NULL;
	}
	return a;
}

/* PUT /v1/user/accounts/{account_id}: EmailAccountUpdate, 204. */
void
md_update_email_accounts(struct sbx_ctx *x)
{
	struct md_account	*a;
	long long		 fid = 0;
	char			*pw = NULL, *fn = NULL, *ln = NULL, *pic = NULL;
	int			 prem = 0, hp, hf, v;

	if ((a = path_account(x)) == NULL || sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	hf = sbx_fld_int(x, 0, "body", "forwarding_account_id", 0, &fid);
	if (hf == 1 && md_forward_get(x->st, fid) == NULL)
		sbx_verr_value(&x->verr, "body/forwarding_account_id",
		    "forwarding account %lld not found", fid);
	if (sbx_fld_str(x, 0, "body", "password", 0, &pw) == 1)
		check_password(x, "body/password", pw);
	sbx_fld_str(x, 0, "body", "first_name", 0, &fn);
	sbx_fld_str(x, 0, "body", "last_name", 0, &ln);
	sbx_fld_str(x, 0, "body", "picture_url", 0, &pic);
	hp = sbx_fld_bool(x, 0, "body", "is_premium_warmup", 0, &prem);
	if (x->verr.n > 0)
		goto reply;
	/* A member given as null clears it; an absent one stays. */
	if (json_get(x->doc, 0, "forwarding_account_id") >= 0)
		a->fwd_id = hf == 1 ? fid : 0;
	if (pw != NULL) {
		free(a->password);
		a->password = pw;
		pw = NULL;
	}
#define SETSTR(field, val, key) do {					\
	if ((v = json_get(x->doc, 0, key)) >= 0) {			\
		free(a->field);						\
		a->field = val;						\
		val = NULL;						\
	}								\
} while (0)
	SETSTR(first_name, fn, "first_name");
	SETSTR(last_name, ln, "last_name");
	SETSTR(picture_url, pic, "picture_url");
#undef SETSTR
	if (hp == 1)
		a->premium_warmup = prem;
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	free(pw);
	free(fn);
	free(ln);
	free(pic);
}

/*
 * GET /v1/user/accounts/{account_id}/totp: Google accounts only. The
 * statuses follow the operation's description (404 unknown, 400 other
 * provider or not active). The code is a 30-second TOTP-like value.
 */
void
md_generate_account_totp(struct sbx_ctx *x)
{
	struct md_account	*a;
	struct buf		*b = &x->resp->body;
	long long		 id, step;
	unsigned long long	 h;

	if (sbx_path_int(x, 0, "account_id", &id) != 0) {
		sbx_verr_reply(x);
		return;
	}
	if ((a = md_account_get(x->st, id)) == NULL ||
	    md_account_advance(x->st, a)) {
		sbx_detail(x->resp, 404, "Email account not found");
		return;
	}
	if (!a->google) {
		sbx_detail(x->resp, 400, "TOTP is only supported for Google "
		    "accounts");
		return;
	}
	if (strcmp(a->status, "active") != 0) {
		sbx_detail(x->resp, 400, "Email account is not active");
		return;
	}
	step = (long long)floor(x->st->now / 30.0);
	h = (unsigned long long)(a->id * 2654435761LL) ^
	    ((unsigned long long)step * 0x9e3779b97f4a7c15ULL);
	h ^= h >> 29;
	buf_printf(b, "{\"totp\":\"%06llu\",\"expires_at\":%lld}", h % 1000000,
	    (step + 1) * 30);
	sbx_reply(x->resp, 200);
}
