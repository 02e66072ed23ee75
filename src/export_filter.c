/*
 * export_filter.c - the kinds of listing and the filters of `mailfleet
 * export`, checked on each object. The providers map what they can onto
 * their documented query parameters (list_query); every filter is checked
 * here again, which covers the ones a listing cannot take.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "columns.h"
#include "csv_in.h"
#include "export.h"
#include "json.h"
#include "xmalloc.h"

const char *const export_kind_names[] = { "accounts", "domains",
    "forwarding", "warmups", "sequencers", "sender-accounts", NULL };

int
export_kind_parse(const char *s)
{
	int	i;

	for (i = 0; export_kind_names[i] != NULL; i++)
		if (strcmp(s, export_kind_names[i]) == 0)
			return i;
	return -1;
}

const char *
export_kind_name(enum export_kind k)
{
	return export_kind_names[k];
}

/* Where a kind keeps what the filters look at; the first member present
 * of each pair counts (Maildoso and ColdSend name them differently). */
struct kfields {
	const char	*key[2];	/* --keyword, --ids (by key) */
	const char	*status[2];
	const char	*created;
	const char	*provider;
	const char	*id[2];
	int		 domain;	/* 1: key is a domain, 2: an address */
};

static const struct kfields kfields[EXPORT__KINDS] = {
	[EXPORT_ACCOUNTS] = { { "email_account", "email_address" },
	    { "status", NULL }, "created_at", "provider", { "id", NULL }, 2 },
	[EXPORT_DOMAINS] = { { "domain_name", NULL },
	    { "domain_status", "status" }, "created_at", "provider",
	    { "id", "domain_id" }, 1 },
	[EXPORT_FORWARDING] = { { "email", NULL }, { NULL, NULL },
	    "created_at", NULL, { "id", NULL }, 2 },
	[EXPORT_WARMUPS] = { { "system_id", NULL }, { NULL, NULL },
	    "ts_added", NULL, { "warmup_id", NULL }, 0 },
	[EXPORT_SEQUENCERS] = { { "platform", NULL }, { "status", NULL },
	    "created_at", NULL, { "id", NULL }, 0 },
	[EXPORT_SENDER_ACCOUNTS] = { { "email_address", "email" },
	    { "overall_status", "status" }, "created_at", NULL,
	    { "inbox_id", "id" }, 2 },
};

/* The text of the first of two members present (json_raw: unescaped
 * enough for names, ids, dates and statuses). */
static const char *
member(const struct json_doc *d, int obj, const char *const k[2],
    size_t *len)
{
	int	i, v;

	for (i = 0; i < 2 && k[i] != NULL; i++) {
		v = json_get(d, obj, k[i]);
		if (v >= 0 && json_type(d, v) != JSON_NULL)
			return json_raw(d, v, len);
	}
	*len = 0;
	return NULL;
}

static int
has_ci(const char *hay, size_t n, const char *needle)
{
	size_t	m = strlen(needle), i;

	for (i = 0; m <= n && i <= n - m; i++)
		if (strncasecmp(hay + i, needle, m) == 0)
			return 1;
	return 0;
}

static int
in_ids(const struct strmap *ids, const char *s, size_t len)
{
	char	*low;
	size_t	 i;
	int	 in;

	if (s == NULL)
		return 0;
	low = xstrndup(s, len);
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	in = strmap_getn(ids, low, len, NULL);
	free(low);
	return in;
}

int
export_filter_match(const struct export_filter *f, enum export_kind kind,
    const struct json_doc *d, int obj)
{
	const struct kfields	*k = &kfields[kind];
	const char		*key, *s, *at;
	size_t			 klen, len, i, dl;
	const char		*one[2] = { NULL, NULL };

	key = member(d, obj, k->key, &klen);
	if (f->keyword != NULL && (key == NULL || !has_ci(key, klen,
	    f->keyword)))
		return 0;
	if (f->domain != NULL) {
		if (key == NULL || k->domain == 0)
			return 0;
		s = key;
		len = klen;
		if (k->domain == 2 && (at = memchr(key, '@', klen)) != NULL) {
			s = at + 1;
			len = klen - (size_t)(s - key);
		}
		dl = strlen(f->domain);
		if (len != dl || strncasecmp(s, f->domain, dl) != 0)
			return 0;
	}
	if (f->nstatus > 0) {
		s = member(d, obj, k->status, &len);
		for (i = 0; s != NULL && i < f->nstatus; i++)
			if (strlen(f->status[i]) == len &&
			    strncasecmp(s, f->status[i], len) == 0)
				break;
		if (s == NULL || i == f->nstatus)
			return 0;
	}
	if (f->provider != NULL) {
		one[0] = k->provider;
		s = k->provider ? member(d, obj, one, &len) : NULL;
		if (s == NULL || strlen(f->provider) != len ||
		    strncmp(s, f->provider, len) != 0)
			return 0;
	}
	if (f->since != NULL || f->until != NULL) {
		one[0] = k->created;
		s = k->created ? member(d, obj, one, &len) : NULL;
		if (s == NULL || len < 10)
			return 0;
		if (f->since != NULL && strncmp(s, f->since, 10) < 0)
			return 0;
		if (f->until != NULL && strncmp(s, f->until, 10) > 0)
			return 0;
	}
	if (f->ids != NULL) {
		s = member(d, obj, k->id, &len);
		if (!in_ids(f->ids, s, len) && !in_ids(f->ids, key, klen))
			return 0;
	}
	return 1;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int
export_filter_load_ids(struct export_filter *f, const char *path,
    char delim, char *err, size_t errlen)
{
	struct csv_reader	*r;
	const struct csv_row	*h;
	struct csv_row		*row;
	struct colmap		 m;
	size_t			 col, i;
	char			*v;
	int			 rc;

	if ((r = csv_reader_open(path, delim, err, errlen)) == NULL)
		return -1;
	h = csv_reader_header(r);
	colmap_build(&m, (const char *const *)h->fields, h->nfields);
	col = m.idx[COL_ID] != COL_NONE ? m.idx[COL_ID] :
	    m.idx[COL_EMAIL] != COL_NONE ? m.idx[COL_EMAIL] : m.idx[COL_DOMAIN];
	if (col == COL_NONE) {
		snprintf(err, errlen, "%s: no id, email or domain column",
		    path);
		csv_reader_close(r);
		return -1;
	}
	f->ids = xcalloc(1, sizeof *f->ids);
	strmap_init(f->ids);
	while ((rc = csv_reader_next(r, &row, err, errlen)) == 1) {
		if (row->error != NULL || col >= row->nfields ||
		    *row->fields[col] == '\0')
			continue;
		v = row->fields[col];
		for (i = 0; v[i] != '\0'; i++)
			v[i] = (char)tolower((unsigned char)v[i]);
		if (strmap_get(f->ids, v, NULL))
			continue;
		strmap_put(f->ids, v, 0);
		/* 101 entries tell the provider "too many for `ids`". */
		if (all_digits(v) && f->nid_list <= 100) {
			f->id_list = xreallocarray(f->id_list,
			    f->nid_list + 1, sizeof *f->id_list);
			f->id_list[f->nid_list++] = xstrdup(v);
		}
	}
	csv_reader_close(r);
	return rc < 0 ? -1 : 0;
}

void
export_filter_free(struct export_filter *f)
{
	size_t	i;

	for (i = 0; i < f->nstatus; i++)
		free(f->status[i]);
	free(f->status);
	for (i = 0; i < f->nid_list; i++)
		free(f->id_list[i]);
	free(f->id_list);
	if (f->ids != NULL) {
		strmap_free(f->ids);
		free(f->ids);
	}
	memset(f, 0, sizeof *f);
}
