/*
 * maildoso_forwarding.c - forwarding accounts: list, link, lookup, create,
 * delete, password reset.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "sandbox/maildoso.h"
#include "sandbox/rng.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

#define FORWARD_DOMAIN "@maildoso.email"

/* GET /v1/user/accounts/forwarding */
void
md_list_forwarding_accounts(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	size_t		 i;
	int		 n = 0;

	buf_putc(b, '[');
	for (i = 0; i < x->st->nforwards; i++) {
		if (x->st->forwards[i] == NULL)
			continue;
		if (n++ > 0)
			buf_putc(b, ',');
		md_put_forward_ext(x, b, x->st->forwards[i]);
	}
	buf_putc(b, ']');
	sbx_reply(x->resp, 200);
}

/* PUT /v1/user/accounts/forwarding: [{email_id, forward_id}], 204. */
void
md_update_forwarding_accounts(struct sbx_ctx *x)
{
	struct buf	loc = BUF_INIT;
	long long	eid, fid;
	int		e, i = 0;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, "body", "list");
		goto reply;
	}
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e), i++) {
		buf_reset(&loc);
		buf_printf(&loc, "body/%d", i);
		if (json_type(x->doc, e) != JSON_OBJECT) {
			sbx_verr_type(&x->verr, buf_cstr(&loc), "dict");
			continue;
		}
		if (sbx_fld_int(x, e, buf_cstr(&loc), "email_id", 1,
		    &eid) == 1 && md_account_get(x->st, eid) == NULL)
			sbx_verr_value(&x->verr, buf_cstr(&loc), "email account "
			    "%lld not found", eid);
		if (sbx_fld_int(x, e, buf_cstr(&loc), "forward_id", 1,
		    &fid) == 1 && md_forward_get(x->st, fid) == NULL)
			sbx_verr_value(&x->verr, buf_cstr(&loc), "forwarding "
			    "account %lld not found", fid);
	}
	if (x->verr.n > 0)
		goto reply;
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e)) {
		json_get_int(x->doc, e, "email_id", &eid);
		json_get_int(x->doc, e, "forward_id", &fid);
		md_account_get(x->st, eid)->fwd_id = fid;
	}
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	buf_free(&loc);
}

static const char *const order_keys[] = { "id", "created_at", "email",
    NULL };

static int
cmp_forward(const void *pa, const void *pb, void *ctx)
{
	const struct md_forward	*a = pa, *b = pb;
	struct md_sortkey	 ka = { a->email, a->created_at, a->id };
	struct md_sortkey	 kb = { b->email, b->created_at, b->id };

	return md_order_cmp(ctx, "email", &ka, &kb);
}

/* GET /v1/user/forwarding-lookup */
void
md_lookup_forwarding_accounts(struct sbx_ctx *x)
{
	struct store	 *st = x->st;
	struct buf	 *b = &x->resp->body;
	struct md_order	  o;
	long long	  limit = 0, offset = 0, from = 0, to = 0, *ids = NULL;
	const char	 *kw = sbx_arg(x->req, "keyword");
	size_t		  nids = 0, i, k, n = 0, end;
	int		  has_limit, created;
	void		**v = NULL;
	char		 *lkw = NULL;

	has_limit = sbx_q_int(x, "limit", 1, 10000, &limit) == 1;
	sbx_q_int(x, "offset", 0, (long long)1 << 62, &offset);
	md_q_created(x, &from, &to, &created);
	md_q_order(x, order_keys, &o);
	md_q_ints(x, "ids", 100, &ids, &nids);
	if (kw != NULL && strlen(kw) > 200)
		sbx_verr_add(&x->verr, "query/keyword", "string_too_long",
		    "String should have at most 200 characters");
	if (sbx_verr_reply(x))
		goto out;
	if (kw != NULL)
		lkw = md_lower(kw);
	v = xreallocarray(NULL, st->nforwards + 1, sizeof *v);
	for (i = 0; i < st->nforwards; i++) {
		struct md_forward	*f = st->forwards[i];

		if (f == NULL)
			continue;
		if (created && !md_in_days(f->created_at, from, to))
			continue;
		if (lkw != NULL && strstr(f->email, lkw) == NULL)
			continue;
		if (nids > 0) {
			for (k = 0; k < nids && ids[k] != f->id; k++)
				;
			if (k == nids)
				continue;
		}
		v[n++] = f;
	}
	md_sort(v, n, cmp_forward, &o);
	i = (size_t)offset < n ? (size_t)offset : n;
	end = has_limit && (size_t)limit < n - i ? i + (size_t)limit : n;
	buf_puts(b, "{\"items\":[");
	for (k = i; k < end; k++) {
		if (k > i)
			buf_putc(b, ',');
		md_put_forward_ext(x, b, v[k]);
	}
	buf_puts(b, "],\"meta\":");
	md_put_meta(b, offset, limit, has_limit, (long long)n,
	    (long long)(end - i));
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
out:
	free(v);
	free(lkw);
	free(ids);
}

/* POST /v1/user/forwarding: only @maildoso.email; 201 with a password. */
void
md_create_forwarding_account(struct sbx_ctx *x)
{
	static const char *const assignments[] = { "MASTER", "EXTERNAL",
	    "FRONT_INTEGRATION", "CLOSE_INTEGRATION", NULL };
	struct buf		*b = &x->resp->body;
	struct md_forward	*f;
	char			*email = NULL, *fn = NULL, *ln = NULL, *as = NULL;
	const char		*assignment = "MASTER";
	size_t			 k, len;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	if (sbx_fld_str(x, 0, "body", "email", 1, &email) == 1) {
		char	*l = md_lower(email);

		free(email);
		email = l;
		len = strlen(email);
		if (!sbx_email_ok(email))
			sbx_verr_value(&x->verr, "body/email", "value is not a "
			    "valid email address: The email address is not "
			    "valid.");
		else if (len <= strlen(FORWARD_DOMAIN) || strcmp(email + len -
		    strlen(FORWARD_DOMAIN), FORWARD_DOMAIN) != 0)
			sbx_verr_value(&x->verr, "body/email", "only the "
			    "maildoso.email domain is supported for forwarding "
			    "accounts");
		else if (md_forward_by_email(x->st, email) != NULL)
			sbx_verr_value(&x->verr, "body/email", "forwarding "
			    "account %s already exists", email);
	}
	sbx_fld_str(x, 0, "body", "first_name", 0, &fn);
	sbx_fld_str(x, 0, "body", "last_name", 0, &ln);
	if (sbx_fld_str(x, 0, "body", "assignment", 0, &as) == 1) {
		for (k = 0; assignments[k] != NULL &&
		    strcmp(assignments[k], as) != 0; k++)
			;
		if (assignments[k] == NULL)
			sbx_verr_add(&x->verr, "body/assignment", "enum",
			    "Input should be 'MASTER', 'EXTERNAL', "
			    "'FRONT_INTEGRATION' or 'CLOSE_INTEGRATION'");
		else
			assignment = assignments[k];
	}
	if (x->verr.n > 0)
		goto reply;
	f = md_forward_new(x->st, email);
	f->first_name = fn;
	f->last_name = ln;
	f->assignment = assignment;
	fn = ln = NULL;
	x->resp->changed = 1;
	sbx_stats_created("maildoso_forwarding", f->email);
	sbx_put_kint(b, "{", "id", f->id);
	sbx_put_kstr(b, ",", "email", f->email);
	sbx_put_kint(b, ",", "user_id", MD_USER_ID);
	sbx_put_kstr(b, ",", "first_name", f->first_name);
	sbx_put_kstr(b, ",", "last_name", f->last_name);
	sbx_put_ktime(b, ",", "created_at", f->created_at);
	sbx_put_kstr(b, ",", "password", f->password);
	buf_putc(b, '}');
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	free(email);
	free(fn);
	free(ln);
	free(as);
}

/* DELETE /v1/user/forwarding: [ids]; linked accounts keep existing. */
void
md_delete_forwarding_accounts(struct sbx_ctx *x)
{
	long long	*ids = NULL;
	size_t		 n = 0, i;

	if (sbx_body(x) != 0 || sbx_val_ints(x, 0, "body", 0, &ids, &n) != 1)
		goto reply;
	for (i = 0; i < n; i++) {
		struct md_forward	*f = md_forward_get(x->st, ids[i]);

		if (f != NULL) {
			md_forward_remove(x->st, f);
			x->resp->changed = 1;
		}
	}
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	free(ids);
}

/* POST /v1/user/forwarding/password?account_id=&new_password= */
void
md_reset_forwarding_account_password(struct sbx_ctx *x)
{
	const char		*pw = sbx_arg(x->req, "new_password");
	struct md_forward	*f = NULL;
	long long		 id;
	int			 r;

	r = sbx_q_int(x, "account_id", -((long long)1 << 62), (long long)1 << 62,
	    &id);
	if (r == 0)
		sbx_verr_missing(&x->verr, "query/account_id");
	else if (r == 1 && (f = md_forward_get(x->st, id)) == NULL)
		sbx_verr_value(&x->verr, "query/account_id", "forwarding "
		    "account %lld not found", id);
	if (pw != NULL) {
		if (strlen(pw) < 12)
			sbx_verr_add(&x->verr, "query/new_password",
			    "string_too_short", "String should have at least "
			    "12 characters");
		else if (!sbx_password_ok(pw))
			sbx_verr_value(&x->verr, "query/new_password", "Password "
			    "must contain at least one uppercase letter, one "
			    "lowercase letter and one digit");
	}
	if (sbx_verr_reply(x))
		return;
	free(f->password);
	f->password = pw != NULL ? xstrdup(pw) : sbx_rng_password();
	x->resp->changed = 1;
	sbx_put_kstr(&x->resp->body, "{", "password", f->password);
	buf_putc(&x->resp->body, '}');
	sbx_reply(x->resp, 200);
}
