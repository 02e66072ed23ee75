/*
 * maildoso_users.c - /v1/user/me, data, settings, regenerate_auth_pat,
 * stats.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "userdata.h"
#include "sandbox/maildoso.h"
#include "sandbox/rng.h"
#include "sandbox/store.h"
#include "xmalloc.h"

#define USER_EMAIL "sandbox@example.com"

static double
user_created(struct store *st)
{
	if (st->user_created <= 0)
		st->user_created = st->now;
	return st->user_created;
}

/*
 * --pat-fault STEP=N: after a regenerate, the next N requests of STEP
 * ("settings" or "me") answer 500. 1 when this one does.
 */
static int
pat_fault(struct sbx_ctx *x, const char *step)
{
	if (x->st->pat_faults == 0 || x->cfg->pat_fault == NULL ||
	    strcmp(x->cfg->pat_fault, step) != 0)
		return 0;
	x->st->pat_faults--;
	sbx_detail(x->resp, 500, "Internal Server Error");
	return 1;
}

void
md_get_user_profile(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;

	if (pat_fault(x, "me"))
		return;
	sbx_put_kint(b, "{", "id", MD_USER_ID);
	sbx_put_kstr(b, ",", "email", USER_EMAIL);
	sbx_put_ktime(b, ",", "created_at", user_created(x->st));
	sbx_put_kbool(b, ",", "is_gcdt_enabled", x->st->tracking);
	sbx_put_kbool(b, ",", "is_blocked", 0);
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
}

static void
put_user_data(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	int		 i;

	if (!x->st->has_ud) {
		buf_puts(b, "null");
		return;
	}
	for (i = 0; i < MD_UD_FIELDS; i++)
		sbx_put_kstr(b, i ? "," : "{", md_ud_names[i],
		    x->st->ud[i] != NULL ? x->st->ud[i] : "");
	sbx_put_kint(b, ",", "contact_id", 1);
	sbx_put_ktime(b, ",", "created", x->st->ud_created);
	sbx_put_ktime(b, ",", "updated", x->st->ud_updated);
	buf_putc(b, '}');
}

void
md_get_user_data(struct sbx_ctx *x)
{
	put_user_data(x);
	sbx_reply(x->resp, 200);
}

/*
 * Validate the body; on success fill val[] (NULL: absent or null) and
 * present[] (the key was given). POST requires the required members, PATCH
 * only validates what is there.
 */
static int
read_user_data(struct sbx_ctx *x, int post, char **val, int *present)
{
	struct buf	 loc = BUF_INIT;
	int		 i, v, n0 = x->verr.n;

	if (sbx_body(x) != 0)
		return -1;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		return -1;
	}
	for (i = 0; i < MD_UD_FIELDS; i++) {
		const struct ud_rule	*r = &ud_rules[i];

		val[i] = NULL;
		v = json_get(x->doc, 0, r->name);
		present[i] = v >= 0;
		buf_reset(&loc);
		buf_printf(&loc, "body/%s", r->name);
		if (v < 0) {
			if (post && r->required)
				sbx_verr_missing(&x->verr, buf_cstr(&loc));
			continue;
		}
		if (json_is_null(x->doc, v) && r->nullable)
			continue;
		if (json_str(x->doc, v, &val[i]) != 0) {
			sbx_verr_type(&x->verr, buf_cstr(&loc), "string");
			continue;
		}
		switch (ud_check(i, val[i])) {
		case UD_TOO_SHORT:
			sbx_verr_add(&x->verr, buf_cstr(&loc),
			    "string_too_short", "String should have at least "
			    "%zu character%s", r->min, r->min == 1 ? "" : "s");
			break;
		case UD_TOO_LONG:
			sbx_verr_add(&x->verr, buf_cstr(&loc),
			    "string_too_long", "String should have at most "
			    "%zu characters", r->max);
			break;
		case UD_PATTERN:
			sbx_verr_add(&x->verr, buf_cstr(&loc),
			    "string_pattern_mismatch", "String should match "
			    "pattern '%s'", r->pattern);
			break;
		case UD_OK:
			if (r->email && !sbx_email_ok(val[i]))
				sbx_verr_value(&x->verr, buf_cstr(&loc),
				    "value is not a valid email address");
		}
	}
	buf_free(&loc);
	if (x->verr.n > n0) {
		for (i = 0; i < MD_UD_FIELDS; i++)
			free(val[i]);
		return -1;
	}
	return 0;
}

static void
write_user_data(struct sbx_ctx *x, int post)
{
	char	*val[MD_UD_FIELDS];
	int	 present[MD_UD_FIELDS], i;

	if (read_user_data(x, post, val, present) != 0) {
		sbx_verr_reply(x);
		return;
	}
	for (i = 0; i < MD_UD_FIELDS; i++) {
		if (post || present[i]) {
			free(x->st->ud[i]);
			x->st->ud[i] = val[i];
		} else
			free(val[i]);
	}
	if (!x->st->has_ud)
		x->st->ud_created = x->st->now;
	x->st->has_ud = 1;
	x->st->ud_updated = x->st->now;
	x->resp->changed = 1;
	put_user_data(x);
	sbx_reply(x->resp, 200);
}

void
md_create_user_data(struct sbx_ctx *x)
{
	write_user_data(x, 1);
}

/*
 * PATCH: the schema is UserDataRequest, but the operation "updates only
 * the provided fields" and its own example omits required members, so
 * nothing is required here.
 */
void
md_update_user_data(struct sbx_ctx *x)
{
	write_user_data(x, 0);
}

void
md_get_user_settings(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;

	if (pat_fault(x, "settings"))
		return;
	if (x->st->pat_created <= 0)
		x->st->pat_created = user_created(x->st);
	/* The regenerated PAT replaces the old one once it is read: until
	 * then the old one still works (see md_regenerate_user_auth_pat). */
	if (x->st->pat_next != NULL) {
		free(x->st->pat);
		x->st->pat = x->st->pat_next;
		x->st->pat_next = NULL;
		x->st->pat_rotated = 1;
		x->resp->changed = 1;
	}
	buf_puts(b, "{\"auth_pat\":");
	sbx_put_kstr(b, "{", "user_id", "1");
	sbx_put_kstr(b, ",", "name", "mailfleet-sandbox");
	sbx_put_kstr(b, ",", "value", x->st->pat);
	sbx_put_ktime(b, ",", "created_at", x->st->pat_created);
	buf_puts(b, ",\"expires_at\":null}}");
	sbx_reply(x->resp, 200);
}

/*
 * "Deletes the existing PAT token and creates a new one": taken literally,
 * a client authenticated by that PAT could never read its successor. The
 * sandbox assumes the old PAT keeps working until the new one has been
 * read (GET /v1/user/settings), which then replaces it. Unless
 * --strict-pat, the token the sandbox was started with keeps working too
 * (see server.c), so tests stay logged in.
 */
void
md_regenerate_user_auth_pat(struct sbx_ctx *x)
{
	char		*tok = sbx_rng_token(32);
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "pat_%s", tok);
	free(tok);
	free(x->st->pat_next);
	x->st->pat_next = buf_detach(&b);
	x->st->pat_created = x->st->now;
	x->st->pat_faults = x->cfg->pat_fault_n;
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
}

static void
quota(struct buf *b, const char *sep, const char *name, long long total,
    long long used)
{
	buf_puts(b, sep);
	json_put_str(b, name);
	buf_printf(b, ":{\"total\":%lld,\"in_use\":%lld}", total, used);
}

void
md_get_user_stats(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	struct store	*st = x->st;

	quota(b, "{", "domains", st->cfg->quota_domains, md_domain_count(st));
	quota(b, ",", "maildoso_accounts", st->cfg->quota_accounts,
	    md_account_count(st, 0));
	quota(b, ",", "google_accounts", st->cfg->quota_accounts,
	    md_account_count(st, 1));
	quota(b, ",", "warmups", 10, (long long)st->nwarmups);
	quota(b, ",", "domains_compensation", 0, 0);
	quota(b, ",", "renewed_domains_for_replacement_last_period", 0, 0);
	buf_putc(b, '}');
	sbx_reply(x->resp, 200);
}
