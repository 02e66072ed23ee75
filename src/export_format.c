/*
 * export_format.c - the output formats of `mailfleet export`: raw (every
 * field, flattened), jsonl, and the sequencer CSVs of
 * ../shared/specs/sequencer-csv.md. Pure functions over parsed JSON: no
 * network, so tests/unit/test_export.c checks them directly.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "export.h"
#include "json.h"
#include "xmalloc.h"

const char *const export_format_names[] = { "raw", "maildoso", "instantly",
    "smartlead", "generic", "jsonl", NULL };

int
export_format_parse(const char *s)
{
	int	i;

	for (i = 0; export_format_names[i] != NULL; i++)
		if (strcmp(s, export_format_names[i]) == 0)
			return i;
	return -1;
}

const char *
export_format_name(enum export_format f)
{
	return export_format_names[f];
}

/* ---- raw ---- */

/* The documented members (maildoso-openapi.json, coldsend.md), in the
 * order the providers send them, flattened. */
static const char *const seed_md_accounts[] = { "id", "user_id",
    "email_account", "is_active", "domain_id", "vendor_uuid",
    "forwarding_account_id", "password", "first_name", "last_name",
    "picture_url", "is_premium_warmup", "created_at", "imap_host",
    "imap_port", "smtp_host", "smtp_port", "forwarding_account_email",
    "reputation_test_google_score", "reputation_test_microsoft_score",
    "reputation_test_created_at", "provider", "status", "is_admin",
    "exported_to_sequencers_sequencer_id",
    "exported_to_sequencers_sequencer_name", "exported_to_sequencers_logo",
    "exported_to_sequencers_status", "exported_to_sequencers_created_at",
    "cancellation_at", NULL };
static const char *const seed_md_domains[] = { "id", "user_id",
    "domain_name", "is_hidden", "enable_tracking", "linked_accounts",
    "created_at", "expiration_date", "domain_type", "domain_status",
    "status_updated_at", "redirect_to", "provider", "name_servers",
    "available_providers", "accounts_limit", NULL };
static const char *const seed_md_forwarding[] = { "id", "user_id", "email",
    "domain_id", "first_name", "last_name", "created_at", "assignment",
    "password", "attached_mailboxes_id", "attached_mailboxes_email_account",
    NULL };
static const char *const seed_md_warmups[] = { "warmup_id",
    "warmup_meta_warmup_exclude", "warmup_meta_api_key", "user_id",
    "is_active", "ts_added", "system_id", NULL };
static const char *const seed_md_sequencers[] = { "id", "platform",
    "status", "logo", "name", "sequencer_login", "sequencer_password",
    "api_key", "sequencer_workspace", "created_at", NULL };
static const char *const seed_cs_domains[] = { "domain_id", "domain_name",
    "status", "mailcow_added", "cloudflare_verified", "max_inboxes",
    "current_inboxes", "created_at", NULL };
static const char *const seed_cs_inboxes[] = { "inbox_id", "email_address",
    "display_name", "inbox_type", "daily_limit", "overall_status",
    "created_at", NULL };
static const char *const seed_none[] = { NULL };

const char *const *
export_raw_seed(enum export_kind kind, const char *provider)
{
	int	cs = provider != NULL && strcmp(provider, "coldsend") == 0;

	switch (kind) {
	case EXPORT_ACCOUNTS:
		return cs ? seed_none : seed_md_accounts;
	case EXPORT_DOMAINS:
		return cs ? seed_cs_domains : seed_md_domains;
	case EXPORT_FORWARDING:
		return seed_md_forwarding;
	case EXPORT_WARMUPS:
		return seed_md_warmups;
	case EXPORT_SEQUENCERS:
		return seed_md_sequencers;
	case EXPORT_SENDER_ACCOUNTS:
		return seed_cs_inboxes;
	default:
		return seed_none;
	}
}

static uintptr_t
add_name(struct export_raw *r, const char *name, size_t len)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->names = xreallocarray(r->names, r->cap, sizeof *r->names);
	}
	r->names[r->n++] = xstrndup(name, len);
	strmap_putn(&r->index, name, len, (long long)r->n);
	return (uintptr_t)r->n;
}

void
export_raw_init(struct export_raw *r, const char *const *seed)
{
	memset(r, 0, sizeof *r);
	strmap_init(&r->index);
	atomic_init(&r->dropped, 0);
	for (; *seed != NULL; seed++)
		add_name(r, *seed, strlen(*seed));
}

void
export_raw_free(struct export_raw *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	strmap_free(&r->index);
}

/* A scalar's text: strings unescaped, numbers and true/false as written,
 * null empty; containers as their JSON text. Appended to out. */
static void
scalar_text(const struct json_doc *d, int v, struct buf *out)
{
	const char	*raw;
	size_t		 len;

	if (json_type(d, v) == JSON_NULL)
		return;
	raw = json_raw(d, v, &len);
	if (json_type(d, v) == JSON_STRING && memchr(raw, '\\', len) != NULL)
		json_unescape(out, raw, len);
	else
		buf_append(out, raw, len);
}

/* The flattened name of member key of the object named prefix. */
static void
child_name(struct buf *out, const char *prefix, const char *key,
    size_t klen)
{
	size_t	plen = strlen(prefix);

	buf_reset(out);
	if (plen > 0 && !(klen > plen && strncmp(key, prefix, plen) == 0 &&
	    key[plen] == '_')) {
		buf_append(out, prefix, plen);
		buf_putc(out, '_');
	}
	buf_append(out, key, klen);
}

static void
put(struct export_raw *r, struct buf *rec, const char *name,
    const char *v, size_t len)
{
	long long col;

	if (!strmap_get(&r->index, name, &col)) {
		if (len == 0)
			return;		/* an empty field adds no column */
		if (r->frozen) {
			atomic_fetch_add(&r->dropped, 1);
			return;
		}
		col = (long long)add_name(r, name, strlen(name));
	}
	export_rec_cell(rec, (uint32_t)(col - 1), v, len);
}

/* One joined column of a list of objects. */
struct joined {
	char		*name;
	struct buf	 val;
	size_t		 slots;		/* elements written so far */
};

static void
join_slot(struct joined *j, size_t upto)
{
	while (j->slots < upto) {
		if (j->slots++ > 0)
			buf_putc(&j->val, ';');
	}
}

static void flatten(struct export_raw *, struct buf *, const struct json_doc *,
    int, const char *);

static void
flatten_list(struct export_raw *r, struct buf *rec, const struct json_doc *d,
    int arr, const char *name)
{
	struct joined	*j = NULL;
	struct buf	 cn = BUF_INIT, val = BUF_INIT;
	size_t		 nj = 0, i, k, el = 0;
	const char	*key;
	size_t		 klen;
	int		 e, m;

	for (e = json_child(d, arr); e >= 0 && json_type(d, e) == JSON_OBJECT;
	    e = json_next(d, e))
		;
	if (e >= 0) {
		/* not all objects: one column, the elements joined */
		for (e = json_child(d, arr); e >= 0; e = json_next(d, e)) {
			if (e != json_child(d, arr))
				buf_putc(&val, ';');
			scalar_text(d, e, &val);
		}
		put(r, rec, name, buf_cstr(&val), val.len);
		buf_free(&val);
		return;
	}
	for (e = json_child(d, arr); e >= 0; e = json_next(d, e), el++) {
		for (m = json_child(d, e); m >= 0; m = json_next(d, m)) {
			key = json_raw(d, m, &klen);
			child_name(&cn, name, key, klen);
			for (k = 0; k < nj && strcmp(j[k].name, cn.data) != 0;
			    k++)
				;
			if (k == nj) {
				j = xreallocarray(j, ++nj, sizeof *j);
				j[k].name = xstrdup(cn.data);
				buf_init(&j[k].val);
				j[k].slots = 0;
			}
			join_slot(&j[k], el);
			if (j[k].slots++ > 0)
				buf_putc(&j[k].val, ';');
			scalar_text(d, json_key_value(d, m), &j[k].val);
		}
	}
	for (i = 0; i < nj; i++) {
		join_slot(&j[i], el);
		put(r, rec, j[i].name, buf_cstr(&j[i].val), j[i].val.len);
		free(j[i].name);
		buf_free(&j[i].val);
	}
	free(j);
	buf_free(&cn);
}

static void
flatten(struct export_raw *r, struct buf *rec, const struct json_doc *d,
    int obj, const char *prefix)
{
	struct buf	 cn = BUF_INIT, val = BUF_INIT;
	const char	*key;
	size_t		 klen;
	int		 k, v;

	for (k = json_child(d, obj); k >= 0; k = json_next(d, k)) {
		key = json_raw(d, k, &klen);
		child_name(&cn, prefix, key, klen);
		v = json_key_value(d, k);
		switch (json_type(d, v)) {
		case JSON_OBJECT:
			flatten(r, rec, d, v, cn.data);
			break;
		case JSON_ARRAY:
			flatten_list(r, rec, d, v, cn.data);
			break;
		default:
			buf_reset(&val);
			scalar_text(d, v, &val);
			put(r, rec, cn.data, buf_cstr(&val), val.len);
		}
	}
	buf_free(&cn);
	buf_free(&val);
}

void
export_raw_record(struct export_raw *r, const struct json_doc *d, int obj,
    struct buf *rec)
{
	flatten(r, rec, d, obj, "");
	export_rec_end(rec);
}

void
export_jsonl_record(const struct json_doc *d, int obj, struct buf *rec)
{
	const char	*raw;
	size_t		 len, i;

	raw = json_raw(d, obj, &len);
	export_rec_cell(rec, 0, raw, len);
	/* A raw line end can only be white space between tokens (JSON
	 * strings hold none): make it a space so the object stays on one
	 * line. */
	for (i = rec->len - len; i < rec->len; i++)
		if (rec->data[i] == '\n' || rec->data[i] == '\r')
			rec->data[i] = ' ';
	export_rec_end(rec);
}

/* ---- sequencer formats ---- */

enum sf {
	SF_NONE, SF_EMAIL, SF_FIRST, SF_LAST, SF_FROM_NAME, SF_PASSWORD,
	SF_SMTP_HOST, SF_SMTP_PORT, SF_IMAP_HOST, SF_IMAP_PORT, SF_DAILY,
	SF_WARMUP, SF_WARMUP_LIMIT, SF_WARMUP_INC
};

struct seqcol {
	const char	*name;
	enum sf		 src;
};

/* sequencer-csv.md, header for header. */
static const struct seqcol fmt_maildoso[] = {
	{ "email", SF_EMAIL }, { "first_name", SF_FIRST },
	{ "last_name", SF_LAST }, { "imap_username", SF_EMAIL },
	{ "imap_password", SF_PASSWORD }, { "imap_host", SF_IMAP_HOST },
	{ "imap_port", SF_IMAP_PORT }, { "smtp_username", SF_EMAIL },
	{ "smtp_password", SF_PASSWORD }, { "smtp_host", SF_SMTP_HOST },
	{ "smtp_port", SF_SMTP_PORT }, { NULL, SF_NONE }
};
static const struct seqcol fmt_instantly[] = {
	{ "Email", SF_EMAIL }, { "First Name", SF_FIRST },
	{ "Last Name", SF_LAST }, { "IMAP Username", SF_EMAIL },
	{ "IMAP Password", SF_PASSWORD }, { "IMAP Host", SF_IMAP_HOST },
	{ "IMAP Port", SF_IMAP_PORT }, { "SMTP Username", SF_EMAIL },
	{ "SMTP Password", SF_PASSWORD }, { "SMTP Host", SF_SMTP_HOST },
	{ "SMTP Port", SF_SMTP_PORT },
	/* optional: only with --daily-limit or --warmup */
	{ "Daily Limit", SF_DAILY }, { "Warmup Enabled", SF_WARMUP },
	{ "Warmup Limit", SF_WARMUP_LIMIT },
	{ "Warmup Increment", SF_WARMUP_INC }, { NULL, SF_NONE }
};
#define INSTANTLY_MIN	11
static const struct seqcol fmt_smartlead[] = {
	{ "from_name", SF_FROM_NAME }, { "from_email", SF_EMAIL },
	{ "user_name", SF_EMAIL }, { "password", SF_PASSWORD },
	{ "smtp_host", SF_SMTP_HOST }, { "smtp_port", SF_SMTP_PORT },
	{ "imap_host", SF_IMAP_HOST }, { "imap_port", SF_IMAP_PORT },
	{ "max_email_per_day", SF_DAILY }, { "custom_tracking_url", SF_NONE },
	{ "warmup_enabled", SF_WARMUP },
	{ "total_warmup_per_day", SF_WARMUP_LIMIT },
	{ "daily_rampup", SF_WARMUP_INC },
	{ "reply_rate_percentage", SF_NONE }, { "bcc", SF_NONE },
	{ "signature", SF_NONE }, { "different_reply_to_address", SF_NONE },
	/* only where they differ from the SMTP login: never at Maildoso */
	{ "imap_user_name", SF_NONE }, { "imap_password", SF_NONE },
	{ NULL, SF_NONE }
};
static const struct seqcol fmt_generic[] = {
	{ "from_name", SF_FROM_NAME }, { "from_email", SF_EMAIL },
	{ "smtp_host", SF_SMTP_HOST }, { "smtp_port", SF_SMTP_PORT },
	{ "smtp_username", SF_EMAIL }, { "smtp_password", SF_PASSWORD },
	{ "imap_host", SF_IMAP_HOST }, { "imap_port", SF_IMAP_PORT },
	{ "imap_username", SF_EMAIL }, { "imap_password", SF_PASSWORD },
	{ NULL, SF_NONE }
};

static const struct seqcol *
seq_table(enum export_format f, const struct export_extra *x, size_t *n)
{
	const struct seqcol	*t;

	switch (f) {
	case EXPORT_MAILDOSO:
		t = fmt_maildoso;
		break;
	case EXPORT_INSTANTLY:
		t = fmt_instantly;
		break;
	case EXPORT_SMARTLEAD:
		t = fmt_smartlead;
		break;
	case EXPORT_GENERIC:
		t = fmt_generic;
		break;
	default:
		*n = 0;
		return NULL;
	}
	for (*n = 0; t[*n].name != NULL; (*n)++)
		;
	if (t == fmt_instantly && x->daily_limit == NULL && x->warmup < 0)
		*n = INSTANTLY_MIN;
	return t;
}

size_t
export_seq_header(enum export_format f, const struct export_extra *x,
    const char *const **names)
{
	/* The names, as an array of pointers, one per format. */
	static const char	*cache[5][24];
	const struct seqcol	*t;
	size_t			 n, i;

	t = seq_table(f, x, &n);
	for (i = 0; i < n; i++)
		cache[f][i] = t[i].name;	/* constant: threads agree */
	*names = cache[f];
	return n;
}

int
export_warmup_parse(struct export_extra *x, const char *s)
{
	const char	*comma = strchr(s, ',');
	size_t		 i;

	x->warmup_limit = x->warmup_increment = NULL;
	if (strcmp(s, "off") == 0 || strcmp(s, "on") == 0) {
		x->warmup = s[1] == 'n';
		return 0;
	}
	for (i = 0; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]) && s + i != comma)
			return -1;
	if (s[0] == '\0' || s[0] == ',' || (comma != NULL &&
	    (comma[1] == '\0' || strchr(comma + 1, ',') != NULL)))
		return -1;
	x->warmup = 1;
	x->warmup_limit = s;		/* up to the comma: see warm_value */
	x->warmup_increment = comma ? comma + 1 : NULL;
	return 0;
}

static void
cell(struct buf *rec, uint32_t col, const char *s)
{
	export_rec_cell(rec, col, s ? s : "", s ? strlen(s) : 0);
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

void
export_seq_record(enum export_format f, const struct export_extra *x,
    const struct export_creds *c, struct buf *rec)
{
	const struct seqcol	*t;
	struct buf		 name = BUF_INIT;
	size_t			 n, i, len;
	const char		*comma;

	t = seq_table(f, x, &n);
	for (i = 0; i < n; i++) {
		switch (t[i].src) {
		case SF_EMAIL:
			cell(rec, (uint32_t)i, c->email);
			break;
		case SF_FIRST:
			cell(rec, (uint32_t)i, c->first_name);
			break;
		case SF_LAST:
			cell(rec, (uint32_t)i, c->last_name);
			break;
		case SF_FROM_NAME:
			buf_reset(&name);
			if (!empty(c->first_name))
				buf_puts(&name, c->first_name);
			if (!empty(c->first_name) && !empty(c->last_name))
				buf_putc(&name, ' ');
			if (!empty(c->last_name))
				buf_puts(&name, c->last_name);
			cell(rec, (uint32_t)i, buf_cstr(&name));
			break;
		case SF_PASSWORD:
			cell(rec, (uint32_t)i, c->password);
			break;
		case SF_SMTP_HOST:
			cell(rec, (uint32_t)i, empty(c->smtp_host) ?
			    "smtp.maildoso.com" : c->smtp_host);
			break;
		case SF_SMTP_PORT:
			cell(rec, (uint32_t)i, empty(c->smtp_port) ? "587" :
			    c->smtp_port);
			break;
		case SF_IMAP_HOST:	/* differs per server: never guessed */
			cell(rec, (uint32_t)i, c->imap_host);
			break;
		case SF_IMAP_PORT:
			cell(rec, (uint32_t)i, empty(c->imap_port) ? "993" :
			    c->imap_port);
			break;
		case SF_DAILY:
			cell(rec, (uint32_t)i, x->daily_limit);
			break;
		case SF_WARMUP:
			cell(rec, (uint32_t)i, x->warmup < 0 ? NULL :
			    x->warmup ? "TRUE" : "FALSE");
			break;
		case SF_WARMUP_LIMIT:
			comma = x->warmup_limit ? strchr(x->warmup_limit,
			    ',') : NULL;
			len = x->warmup_limit == NULL ? 0 : comma ?
			    (size_t)(comma - x->warmup_limit) :
			    strlen(x->warmup_limit);
			export_rec_cell(rec, (uint32_t)i, x->warmup_limit ?
			    x->warmup_limit : "", len);
			break;
		case SF_WARMUP_INC:
			cell(rec, (uint32_t)i, x->warmup_increment);
			break;
		case SF_NONE:
			break;
		}
	}
	buf_free(&name);
	export_rec_end(rec);
}

void
export_creds_from_json(const struct json_doc *d, int obj,
    struct export_creds *c, struct buf *store)
{
	/* Offsets first: store may move while it grows. */
	static const char *const paths[8][2] = {
		{ NULL, "email_account" }, { NULL, "first_name" },
		{ NULL, "last_name" }, { NULL, "password" },
		{ "smtp", "smtp_host" }, { "smtp", "port" },
		{ "imap", "imap_host" }, { "imap", "port" }
	};
	const char	**dst[8] = { &c->email, &c->first_name, &c->last_name,
	    &c->password, &c->smtp_host, &c->smtp_port, &c->imap_host,
	    &c->imap_port };
	size_t		 off[8], i;
	int		 o, v;

	buf_reset(store);
	for (i = 0; i < 8; i++) {
		o = paths[i][0] ? json_get(d, obj, paths[i][0]) : obj;
		v = json_get(d, o, paths[i][1]);
		if (i == 0 && v < 0)
			v = json_get(d, obj, "email_address");
		off[i] = store->len;
		if (v >= 0 && json_type(d, v) != JSON_OBJECT &&
		    json_type(d, v) != JSON_ARRAY)
			scalar_text(d, v, store);
		buf_putc(store, '\0');
	}
	for (i = 0; i < 8; i++)
		*dst[i] = store->data + off[i];
}

/* ---- columns ---- */

int
export_secret_column(const char *name)
{
	static const char *const part[] = { "password", "passwd", "apikey",
	    "token", "secret", "totp", NULL };
	char	*n = col_normalize(name);
	int	 s, i;

	s = strcmp(n, "pass") == 0 || strcmp(n, "pw") == 0 ||
	    strcmp(n, "pwd") == 0;
	for (i = 0; part[i] != NULL && !s; i++)
		s = strstr(n, part[i]) != NULL;
	free(n);
	return s;
}

long
export_pick_columns(const char *spec, const char *const *header, size_t n,
    size_t **pick, char *err, size_t errlen)
{
	char		*want, *h;
	const char	*p = spec, *e;
	size_t		 np = 0, i;

	*pick = NULL;
	for (;;) {
		e = strchr(p, ',');
		want = xstrndup(p, e ? (size_t)(e - p) : strlen(p));
		h = col_normalize(want);
		for (i = 0; i < n; i++) {
			char	*hn = col_normalize(header[i]);
			int	 eq = strcmp(hn, h) == 0;

			free(hn);
			if (eq)
				break;
		}
		free(h);
		if (i == n) {
			snprintf(err, errlen, "--columns: no column \"%s\" "
			    "in this export", want);
			free(want);
			free(*pick);
			*pick = NULL;
			return -1;
		}
		free(want);
		*pick = xreallocarray(*pick, np + 1, sizeof **pick);
		(*pick)[np++] = i;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return (long)np;
}
