/*
 * maildoso_domains.c - /v1/user/domains and its sub-resources: list, buy,
 * settings, search, tracking, provider availability, external, restart.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "json.h"
#include "sandbox/maildoso.h"
#include "sandbox/rng.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

/* From the operation descriptions of POST /v1/user/domains and search. */
const char *const md_blocked_tlds[] = {
	"ca", "app", "cloud", "site", "tech", "xyz", "eu", "us", "fr", "nl",
	NULL
};

int
md_tld_blocked(const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	if (dot == NULL)
		return 0;
	for (i = 0; md_blocked_tlds[i] != NULL; i++)
		if (strcasecmp(dot + 1, md_blocked_tlds[i]) == 0)
			return 1;
	return 0;
}

/*
 * Whether a name can be registered. The sandbox has no registry: a name is
 * taken when some account of the sandbox holds it, when --taken-domain
 * names it (or its TLD) or when its first label contains "taken" (so tests
 * can ask for an unavailable name).
 */
static int
available(struct store *st, const char *name)
{
	const char	*dot = strchr(name, '.');
	const char	*t = strstr(name, "taken");

	if (md_domain_by_name(st, name) != NULL ||
	    sbx_names_has(&st->cfg->taken, name))
		return 0;
	return t == NULL || (dot != NULL && t > dot);
}

/* The providers a domain can have: Google unless --no-google names it. */
static unsigned
offered(struct store *st, const char *name)
{
	return sbx_names_has(&st->cfg->no_google, name) ? MD_P_MAILDOSO :
	    MD_P_MAILDOSO | MD_P_GOOGLE;
}

static const char *const order_keys[] = { "id", "created_at", "domain_name",
    NULL };

static int
cmp_domain(const void *pa, const void *pb, void *ctx)
{
	const struct md_domain	*a = pa, *b = pb;
	struct md_sortkey	 ka = { a->name, a->created_at, a->id };
	struct md_sortkey	 kb = { b->name, b->created_at, b->id };

	return md_order_cmp(ctx, "domain_name", &ka, &kb);
}

void
md_list_user_domains(struct sbx_ctx *x)
{
	static const char *const types[] = { "STANDARD", "EXTERNAL", NULL };
	static const char *const provs[] = { "maildoso", "google", NULL };
	struct store	 *st = x->st;
	struct md_order	  o;
	long long	  from = 0, to = 0, *ids = NULL;
	const char	 *kw = sbx_arg(x->req, "keyword");
	const char	**type = NULL, **prov = NULL;
	size_t		  nids = 0, ntype = 0, nprov = 0, i, k, n = 0;
	int		  created, exact = 0;
	void		**v;
	char		 *lkw = NULL;

	md_q_created(x, &from, &to, &created);
	md_q_order(x, order_keys, &o);
	md_q_ints(x, "ids", 100, &ids, &nids);
	md_q_enums(x, "domain_type", types, 1, &type, &ntype);
	md_q_enums(x, "provider", provs, 1, &prov, &nprov);
	sbx_q_bool(x, "exact_match", &exact);
	if (kw != NULL && strlen(kw) > 200)
		sbx_verr_add(&x->verr, "query/keyword", "string_too_long",
		    "String should have at most 200 characters");
	if (sbx_verr_reply(x))
		goto out;
	if (kw != NULL)
		lkw = md_lower(kw);

	v = xreallocarray(NULL, st->ndomains + 1, sizeof *v);
	for (i = 0; i < st->ndomains; i++) {
		struct md_domain	*d = st->domains[i];

		if (d == NULL)
			continue;
		md_domain_advance(st, d);
		if (created && !md_in_days(d->created_at, from, to))
			continue;
		if (lkw != NULL && (exact ? strcmp(d->name, lkw) != 0 :
		    strstr(d->name, lkw) == NULL))
			continue;
		if (nids > 0) {
			for (k = 0; k < nids && ids[k] != d->id; k++)
				;
			if (k == nids)
				continue;
		}
		if (ntype > 0 && (strcmp(type[0], "EXTERNAL") == 0) !=
		    d->external)
			continue;
		if (nprov > 0 && (strcmp(prov[0], "google") == 0 ?
		    (d->providers & MD_P_MAILDOSO) != 0 :
		    (d->providers & MD_P_MAILDOSO) == 0))
			continue;
		v[n++] = d;
	}
	md_sort(v, n, cmp_domain, &o);
	buf_putc(&x->resp->body, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&x->resp->body, ',');
		md_put_domain(x, &x->resp->body, v[i]);
	}
	buf_putc(&x->resp->body, ']');
	free(v);
	sbx_reply(x->resp, 200);
out:
	free(lkw);
	free(ids);
	free(type);
	free(prov);
}

static void
put_result(struct buf *b, int first, const char *name, int ok,
    const char *msg, const struct md_domain *d)
{
	sbx_put_kstr(b, first ? "{" : ",{", "name", name);
	sbx_put_kstr(b, ",", "result", ok ? "success" : "failure");
	sbx_put_kstr(b, ",", "message", msg);
	sbx_put_ktime(b, ",", "expire_at", d != NULL ? d->expires_at : 0);
	if (d != NULL)
		sbx_put_kint(b, ",", "id", d->id);
	else
		buf_puts(b, ",\"id\":null");
	buf_putc(b, '}');
}

static void
put_task(struct sbx_ctx *x)
{
	char	task[40];

	sbx_rng_uuid(task, sizeof task);
	buf_puts(&x->resp->body, "],\"task_id\":");
	json_put_str(&x->resp->body, task);
	buf_putc(&x->resp->body, '}');
}

/*
 * Read {"domains": [...], "redirect_to": [...]} (and "providers" for
 * external domains); names are lower-cased and checked. blocked: refuse
 * the TLDs Maildoso does not register.
 */
static int
read_domains(struct sbx_ctx *x, int blocked, char ***names, size_t *n,
    char ***redir, size_t *nredir)
{
	struct buf	loc = BUF_INIT;
	size_t		i;
	char		*l;

	*names = *redir = NULL;
	*n = *nredir = 0;
	if (sbx_body(x) != 0)
		return -1;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		return -1;
	}
	sbx_fld_strs(x, 0, "body", "domains", 1, 1, 0, names, n);
	sbx_fld_strs(x, 0, "body", "redirect_to", 0, 0, 1, redir, nredir);
	for (i = 0; i < *n; i++) {
		l = md_lower((*names)[i]);
		free((*names)[i]);
		(*names)[i] = l;
		buf_reset(&loc);
		buf_printf(&loc, "body/domains/%zu", i);
		if (!sbx_hostname_ok(l))
			sbx_verr_value(&x->verr, buf_cstr(&loc), "'%s' is not "
			    "a valid domain name", l);
		else if (blocked && md_tld_blocked(l))
			sbx_verr_value(&x->verr, buf_cstr(&loc), "TLD '%s' is "
			    "not allowed for registration", strrchr(l, '.'));
	}
	for (i = 0; i < *nredir; i++) {
		const char	*r = (*redir)[i];

		buf_reset(&loc);
		buf_printf(&loc, "body/redirect_to/%zu", i);
		if (r != NULL && strncmp(r, "http://", 7) != 0 &&
		    strncmp(r, "https://", 8) != 0)
			sbx_verr_add(&x->verr, buf_cstr(&loc), "url_scheme",
			    "URL scheme should be 'http' or 'https'");
	}
	buf_free(&loc);
	return x->verr.n > 0 ? -1 : 0;
}

static int
quota_left(struct sbx_ctx *x, size_t want)
{
	long long	used = md_domain_count(x->st);

	if (used + (long long)want > x->cfg->quota_domains) {
		/*
		 * Maildoso does not document a quota answer; 403 is the
		 * status it lists for refused operations.
		 */
		sbx_detail(x->resp, 403, "Domain quota exceeded: %lld of %lld "
		    "in use, %zu requested", used, x->cfg->quota_domains,
		    want);
		return 0;
	}
	return 1;
}

static void
set_redirect(struct md_domain *d, char **redir, size_t nredir, size_t i)
{
	if (i < nredir && redir[i] != NULL) {
		free(d->redirect_to);
		d->redirect_to = xstrdup(redir[i]);
	}
}

/* POST /v1/user/domains: buy. */
void
md_create_user_domains(struct sbx_ctx *x)
{
	struct buf	 *b = &x->resp->body;
	char		**names, **redir;
	size_t		  n, nredir, i, j, fresh = 0;
	struct md_domain *d;

	if (read_domains(x, 1, &names, &n, &redir, &nredir) != 0) {
		sbx_verr_reply(x);
		goto out;
	}
	/* --require-registrant: ICANN registrars need the registrant. */
	if (x->cfg->require_registrant && !x->st->has_ud) {
		sbx_detail(x->resp, 403, "Registrant data is required before "
		    "domains can be registered (POST /v1/user/data)");
		goto out;
	}
	for (i = 0; i < n; i++)
		fresh += md_domain_by_name(x->st, names[i]) == NULL;
	if (!quota_left(x, fresh))
		goto out;
	buf_puts(b, "{\"results\":[");
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(names[j], names[i]) != 0; j++)
			;
		if (j < i) {
			put_result(b, i == 0, names[i], 0, "Duplicate domain in "
			    "request", NULL);
			continue;
		}
		if (md_domain_by_name(x->st, names[i]) != NULL) {
			put_result(b, i == 0, names[i], 0, "Domain already "
			    "exists in your account", NULL);
			continue;
		}
		if (!available(x->st, names[i])) {
			put_result(b, i == 0, names[i], 0, "Domain is not "
			    "available for registration", NULL);
			continue;
		}
		d = md_domain_new(x->st, names[i], 0, offered(x->st,
		    names[i]));
		set_redirect(d, redir, nredir, i);
		md_domain_start(x->st, d, 1);
		x->resp->changed = 1;
		sbx_stats_created("maildoso_domain", d->name);
		put_result(b, i == 0, names[i], 1, "Domain ordered", d);
	}
	put_task(x);
	sbx_reply(x->resp, 202);
out:
	sbx_strs_free(names, n);
	sbx_strs_free(redir, nredir);
}

/* PUT /v1/user/domains: [{id, redirect_to}] */
void
md_update_user_domain(struct sbx_ctx *x)
{
	struct buf	 loc = BUF_INIT;
	int		 e, i = 0, v;
	long long	 id;
	char		*r;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_ARRAY) {
		sbx_verr_type(&x->verr, "body", "list");
		goto reply;
	}
	/* Validate everything first: all or nothing. */
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e), i++) {
		buf_reset(&loc);
		buf_printf(&loc, "body/%d", i);
		if (json_type(x->doc, e) != JSON_OBJECT) {
			sbx_verr_type(&x->verr, buf_cstr(&loc), "dict");
			continue;
		}
		if (sbx_fld_int(x, e, buf_cstr(&loc), "id", 1, &id) == 1 &&
		    md_domain_get(x->st, id) == NULL)
			sbx_verr_value(&x->verr, buf_cstr(&loc), "domain %lld "
			    "not found", id);
		if (sbx_fld_str(x, e, buf_cstr(&loc), "redirect_to", 0,
		    &r) == 1) {
			size_t	len = strlen(r);

			/* EmailDomainUpdate: a uri of 1..2083 characters
			 * or null (null removes the redirect). */
			buf_puts(&loc, "/redirect_to");
			if (len < 1)
				sbx_verr_add(&x->verr, buf_cstr(&loc),
				    "string_too_short", "String should have "
				    "at least 1 character");
			else if (len > 2083)
				sbx_verr_add(&x->verr, buf_cstr(&loc),
				    "string_too_long", "String should have "
				    "at most 2083 characters");
			else if (strncmp(r, "http://", 7) != 0 &&
			    strncmp(r, "https://", 8) != 0)
				sbx_verr_add(&x->verr, buf_cstr(&loc),
				    "url_scheme", "URL scheme should be "
				    "'http' or 'https'");
			free(r);
		}
	}
	if (x->verr.n > 0)
		goto reply;
	for (e = json_child(x->doc, 0); e >= 0; e = json_next(x->doc, e)) {
		struct md_domain	*d;

		json_get_int(x->doc, e, "id", &id);
		d = md_domain_get(x->st, id);
		v = json_get(x->doc, e, "redirect_to");
		if (v < 0)
			continue;
		free(d->redirect_to);
		d->redirect_to = NULL;
		if (!json_is_null(x->doc, v))
			json_str(x->doc, v, &d->redirect_to);
		x->resp->changed = 1;
	}
	sbx_reply(x->resp, 204);
reply:
	sbx_verr_reply(x);
	buf_free(&loc);
}

static void
put_search(struct sbx_ctx *x, struct buf *b, int *first, const char *name)
{
	int	ok = sbx_hostname_ok(name), blocked = ok && md_tld_blocked(name);

	sbx_put_kstr(b, *first ? "{" : ",{", "name", name);
	*first = 0;
	if (!ok || blocked) {
		buf_puts(b, ",\"status\":null,\"available\":null");
		sbx_put_kstr(b, ",", "error", !ok ? "Invalid domain name" :
		    "TLD is not allowed for registration");
	} else {
		int	av = available(x->st, name);

		sbx_put_kstr(b, ",", "status", "ok");
		sbx_put_kstr(b, ",", "available", av ? "true" : "false");
		buf_puts(b, ",\"error\":null");
	}
	buf_putc(b, '}');
}

/*
 * The k-th variation (0-based) of base (the name's first label; tld is
 * what follows it, NULL for a partial name): other TLDs first, as the
 * schema's "e.g., .net, .org" says, then the same with a prefix. Enough
 * for the 100 the schema allows; a name's own TLD is skipped.
 */
static void
variation(struct buf *out, const char *base, const char *tld, long long k)
{
	static const char *const tlds[] = { "com", "net", "org", "io", "co",
	    "biz", "info", "ai", "email", "pro", "agency", "live", "store",
	    "group", "space", "one" };
	static const char *const pre[] = { "", "get", "try", "use", "go",
	    "hello", "meet", "join", "team", "my" };
	const size_t	 nt = sizeof tlds / sizeof tlds[0];
	size_t		 i, skip = nt;

	for (i = 0; tld != NULL && i < nt; i++)
		if (strcmp(tlds[i], tld) == 0)
			skip = i;
	/* Positions of the k-th pair, the own TLD left out of row 0. */
	if (skip < nt && (size_t)k >= skip)
		k++;
	i = (size_t)k;
	buf_reset(out);
	buf_printf(out, "%s%s.%s", pre[i / nt], base, tlds[i % nt]);
}

/* Check the request; names lower-cased. -1 with errors added. */
static int
read_search(struct sbx_ctx *x, char ***names, size_t *n, long long *vars)
{
	struct buf	loc = BUF_INIT;
	size_t		i;
	char		*l;
	int		r;

	if (sbx_body(x) != 0)
		return -1;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		return -1;
	}
	sbx_fld_strs(x, 0, "body", "domains", 1, 1, 0, names, n);
	r = sbx_fld_int(x, 0, "body", "add_variations", 0, vars);
	if (r == 1 && (*vars < 0 || *vars > 100))
		sbx_verr_add(&x->verr, "body/add_variations", *vars < 0 ?
		    "greater_than_equal" : "less_than_equal", "Input should "
		    "be %s", *vars < 0 ? "greater than or equal to 0" :
		    "less than or equal to 100");
	for (i = 0; i < *n; i++) {
		l = md_lower((*names)[i]);
		free((*names)[i]);
		(*names)[i] = l;
		/* Documented: partial names need add_variations > 0. */
		if (strchr(l, '.') == NULL && *vars <= 0) {
			buf_reset(&loc);
			buf_printf(&loc, "body/domains/%zu", i);
			sbx_verr_value(&x->verr, buf_cstr(&loc), "'%s' is a "
			    "partial name: add_variations must be > 0", l);
		}
	}
	buf_free(&loc);
	return x->verr.n > 0 ? -1 : 0;
}

/*
 * POST /v1/user/domains/search. Each result's "available" is a string in
 * the schema; the sandbox answers "true" or "false". A full name comes
 * back itself and then add_variations variations; a partial name (no dot)
 * only its variations. The schema has no price member: none is given.
 */
void
md_search_domains(struct sbx_ctx *x)
{
	struct buf	 *b = &x->resp->body, name = BUF_INIT, base = BUF_INIT;
	char		**names = NULL;
	size_t		  n = 0, i;
	long long	  vars = 0, k;
	int		  first = 1;

	if (read_search(x, &names, &n, &vars) != 0)
		goto reply;
	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		const char	*l = names[i], *dot = strchr(l, '.');

		if (dot != NULL)
			put_search(x, b, &first, l);
		buf_reset(&base);
		buf_append(&base, l, dot != NULL ? (size_t)(dot - l) :
		    strlen(l));
		for (k = 0; k < vars; k++) {
			variation(&name, buf_cstr(&base), dot != NULL ?
			    dot + 1 : NULL, k);
			put_search(x, b, &first, buf_cstr(&name));
		}
	}
	buf_putc(b, ']');
	sbx_reply(x->resp, 200);
reply:
	sbx_verr_reply(x);
	sbx_strs_free(names, n);
	buf_free(&name);
	buf_free(&base);
}

/* PUT /v1/user/domains/tracking?state=bool (default true). */
void
md_set_domains_tracking(struct sbx_ctx *x)
{
	int	state = 1;
	size_t	i;

	if (sbx_q_bool(x, "state", &state) < 0) {
		sbx_verr_reply(x);
		return;
	}
	x->st->tracking = state;
	for (i = 0; i < x->st->ndomains; i++)
		if (x->st->domains[i] != NULL)
			x->st->domains[i]->tracking = state;
	x->resp->changed = 1;
	sbx_reply(x->resp, 204);
}

/* GET /v1/user/domains/provider-availability?domains=a&domains=b */
void
md_check_provider_availability(struct sbx_ctx *x)
{
	struct buf	*b = &x->resp->body;
	size_t		 n = sbx_arg_count(x->req, "domains"), i;

	if (n == 0) {
		sbx_verr_missing(&x->verr, "query/domains");
		sbx_verr_reply(x);
		return;
	}
	buf_puts(b, "{\"domains\":{");
	for (i = 0; i < n; i++) {
		const char		*name = sbx_arg_nth(x->req, "domains", i);
		char			*l = md_lower(name);
		struct md_domain	*d = md_domain_by_name(x->st, l);
		int			 ok = sbx_hostname_ok(l);

		if (i > 0)
			buf_putc(b, ',');
		json_put_str(b, name);
		if (!ok)
			buf_puts(b, ":{\"GOOGLE\":null,\"MAILDOSO\":null}");
		else if (d != NULL)
			buf_printf(b, ":{\"GOOGLE\":%s,\"MAILDOSO\":%s}",
			    d->providers & MD_P_GOOGLE ? "true" : "false",
			    d->providers & MD_P_MAILDOSO ? "true" : "false");
		else
			buf_printf(b, ":{\"GOOGLE\":%s,\"MAILDOSO\":true}",
			    offered(x->st, l) & MD_P_GOOGLE ? "true" :
			    "false");
		free(l);
	}
	buf_puts(b, "}}");
	sbx_reply(x->resp, 200);
}

/* "providers" of an external create as MD_P_* bits (errors added). */
static unsigned
read_providers(struct sbx_ctx *x, char ***provs, size_t *nprovs)
{
	struct buf	loc = BUF_INIT;
	unsigned	mask = 0;
	size_t		i;

	if (json_type(x->doc, 0) == JSON_OBJECT)
		sbx_fld_strs(x, 0, "body", "providers", 1, 1, 0, provs,
		    nprovs);
	for (i = 0; i < *nprovs; i++) {
		if (strcmp((*provs)[i], "maildoso") == 0)
			mask |= MD_P_MAILDOSO;
		else if (strcmp((*provs)[i], "google") == 0)
			mask |= MD_P_GOOGLE;
		else {
			buf_reset(&loc);
			buf_printf(&loc, "body/providers/%zu", i);
			sbx_verr_add(&x->verr, buf_cstr(&loc), "enum",
			    "Input should be 'maildoso' or 'google'");
		}
	}
	buf_free(&loc);
	return mask;
}

/*
 * One name of an external create: added (AWAITING_NS), an ACTIVE one as
 * it is, any other external one reconfigured with new name servers.
 * Google is dropped where --no-google says it is not offered.
 */
static void
external_one(struct sbx_ctx *x, int first, const char *name, unsigned mask,
    char **redir, size_t nredir, size_t i)
{
	struct buf		*b = &x->resp->body;
	struct md_domain	*d = md_domain_by_name(x->st, name);

	mask &= offered(x->st, name);
	if (d != NULL) {
		md_domain_advance(x->st, d);
		if (strcmp(d->status, "ACTIVE") == 0) {
			/* Documented: ACTIVE comes back as it is. */
			put_result(b, first, name, 1, "Domain is already "
			    "active", d);
			return;
		}
		if (!d->external) {
			put_result(b, first, name, 0, "Domain was bought "
			    "through Maildoso", d);
			return;
		}
	}
	if (mask == 0) {
		put_result(b, first, name, 0, "Google Workspace is not "
		    "available for this domain", d);
		return;
	}
	if (d != NULL) {
		d->providers = mask;
		set_redirect(d, redir, nredir, i);
		md_domain_start(x->st, d, 0);
		x->resp->changed = 1;
		put_result(b, first, name, 1, "Domain reconfigured, set the "
		    "new name servers", d);
		return;
	}
	d = md_domain_new(x->st, name, 1, mask);
	set_redirect(d, redir, nredir, i);
	md_domain_start(x->st, d, 0);
	x->resp->changed = 1;
	sbx_stats_created("maildoso_domain", d->name);
	put_result(b, first, name, 1, "Domain added, set its name servers "
	    "within 24 hours", d);
}

/* POST /v1/user/domains/external (201). */
void
md_create_external_domains(struct sbx_ctx *x)
{
	struct buf	 *b = &x->resp->body;
	char		**names = NULL, **redir = NULL, **provs = NULL;
	size_t		  n = 0, nredir = 0, nprovs = 0, i, j, fresh = 0;
	unsigned	  mask;

	if (read_domains(x, 0, &names, &n, &redir, &nredir) != 0 &&
	    x->doc == NULL)
		goto reply;
	mask = read_providers(x, &provs, &nprovs);
	if (x->verr.n > 0)
		goto reply;
	for (i = 0; i < n; i++)
		fresh += md_domain_by_name(x->st, names[i]) == NULL;
	if (!quota_left(x, fresh))
		goto reply;
	buf_puts(b, "{\"results\":[");
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(names[j], names[i]) != 0; j++)
			;
		if (j < i)
			put_result(b, i == 0, names[i], 0, "Duplicate domain in "
			    "request", NULL);
		else
			external_one(x, i == 0, names[i], mask, redir, nredir,
			    i);
	}
	put_task(x);
	sbx_reply(x->resp, 201);
reply:
	sbx_verr_reply(x);
	sbx_strs_free(names, n);
	sbx_strs_free(redir, nredir);
	sbx_strs_free(provs, nprovs);
}

/* POST /v1/user/domains/restart-setup (202). */
void
md_restart_domain_setup(struct sbx_ctx *x)
{
	static const char *const restartable[] = { "SETUP_FAILED",
	    "FAILED_TO_BUY", "DNS_ERROR", "NS_NOT_SET", "NS_EXPIRED", NULL };
	struct buf	 *b = &x->resp->body, name = BUF_INIT;
	long long	 *ids = NULL;
	size_t		  n = 0, i, k;
	int		  v;

	if (sbx_body(x) != 0)
		goto reply;
	if (json_type(x->doc, 0) != JSON_OBJECT) {
		sbx_verr_type(&x->verr, "body", "dict");
		goto reply;
	}
	if ((v = json_get(x->doc, 0, "domain_ids")) < 0) {
		sbx_verr_missing(&x->verr, "body/domain_ids");
		goto reply;
	}
	if (sbx_val_ints(x, v, "body/domain_ids", 1, &ids, &n) != 1)
		goto reply;
	buf_puts(b, "{\"results\":[");
	for (i = 0; i < n; i++) {
		struct md_domain	*d = md_domain_get(x->st, ids[i]);

		if (d == NULL) {
			buf_reset(&name);
			buf_printf(&name, "%lld", ids[i]);
			put_result(b, i == 0, buf_cstr(&name), 0, "Domain not "
			    "found", NULL);
			continue;
		}
		md_domain_advance(x->st, d);
		for (k = 0; restartable[k] != NULL &&
		    strcmp(restartable[k], d->status) != 0; k++)
			;
		if (restartable[k] == NULL) {
			put_result(b, i == 0, d->name, 0,
			    strcmp(d->status, "ACTIVE") == 0 ? "Domain is "
			    "already configured" : "Domain setup is in "
			    "progress", d);
			continue;
		}
		if (x->st->cfg->restart_lag > 0) {	/* taken up later */
			d->restart = strcmp(d->status, "FAILED_TO_BUY") == 0 ?
			    2 : 1;
			d->next_at = x->st->now + x->st->cfg->restart_lag;
		} else
			md_domain_start(x->st, d, strcmp(d->status,
			    "FAILED_TO_BUY") == 0);
		x->resp->changed = 1;
		put_result(b, i == 0, d->name, 1, "Domain setup initiated", d);
	}
	put_task(x);
	sbx_reply(x->resp, 202);
reply:
	sbx_verr_reply(x);
	free(ids);
	buf_free(&name);
}
