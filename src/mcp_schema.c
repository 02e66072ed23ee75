/*
 * mcp_schema.c - tool arguments from the commands' option tables.
 *
 * A tool that maps onto a command takes the command's own options as an
 * `options` (or `filters`) object: its JSON Schema is generated from the
 * opt_spec tables (type, range, values, help), and the object is turned
 * back into "--name=value" words by the same tables, so neither can drift
 * from what the command parses. The command then checks the values as it
 * checks them on the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export.h"
#include "json.h"
#include "mcp.h"
#include "opts.h"
#include "xmalloc.h"

/* The server decides these: a dry run is `plan`, --yes is confirm: true,
 * --resume is `resume`; the result and journal stay where status looks. */
const char *const mcp_hidden_options[] = { "dry-run", "yes", "resume",
	"restart", "no-journal", "help", "output", "version", NULL };

void
mcp_argv_add(struct mcp_argv *a, const char *s)
{
	a->v = xreallocarray(a->v, a->n + 2, sizeof *a->v);
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

void
mcp_argv_free(struct mcp_argv *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static int
listed(const char *const *list, const char *name)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

struct gen {
	struct buf		*b;
	const char *const	*skip;
	struct buf		 seen;	/* "\nname\n" of each one written */
};

/* One option's schema. */
static void
gen_one(void *arg, const struct opt_spec *s)
{
	struct gen	*g = arg;
	struct buf	 key = BUF_INIT;
	size_t		 i;

	buf_printf(&key, "\n%s\n", s->name);
	if (listed(g->skip, s->name) || listed(mcp_hidden_options, s->name) ||
	    strstr(buf_cstr(&g->seen), key.data) != NULL) {
		buf_free(&key);
		return;
	}
	buf_puts(&g->seen, key.data);
	buf_free(&key);
	if (g->b->len > 0 && g->b->data[g->b->len - 1] != '{' &&
	    g->b->data[g->b->len - 1] != ',')
		buf_putc(g->b, ',');
	json_put_str(g->b, s->name);
	switch (s->type) {
	case OPT_FLAG:
		buf_puts(g->b, ":{\"type\":\"boolean\"");
		break;
	case OPT_INT:
		buf_printf(g->b, ":{\"type\":\"integer\",\"minimum\":%ld,"
		    "\"maximum\":%ld", s->min, s->max);
		break;
	case OPT_DURATION:
		buf_printf(g->b, ":{\"type\":\"number\",\"minimum\":0,"
		    "\"maximum\":%ld", s->max);
		break;
	case OPT_ENUM:
		buf_puts(g->b, ":{\"type\":\"string\",\"enum\":[");
		for (i = 0; s->values[i] != NULL; i++) {
			if (i > 0)
				buf_putc(g->b, ',');
			json_put_str(g->b, s->values[i]);
		}
		buf_putc(g->b, ']');
		break;
	case OPT_DATE:
		buf_puts(g->b, ":{\"type\":\"string\",\"format\":\"date\"");
		break;
	default:
		buf_puts(g->b, ":{\"type\":\"string\"");
		break;
	}
	buf_puts(g->b, ",\"description\":");
	key.len = 0;
	buf_printf(&key, "%s%s%s%s", s->help, s->type == OPT_PATH ?
	    " (a path inside the server's folders)" : "",
	    s->def != NULL ? "; default " : "", s->def != NULL ? s->def : "");
	json_put_str(g->b, buf_cstr(&key));
	buf_putc(g->b, '}');
	buf_free(&key);
}

void
mcp_schema_options(struct buf *b, const struct command *const *cmds,
    const char *const *skip)
{
	struct gen	g = { b, skip, BUF_INIT };

	buf_puts(b, "{\"type\":\"object\",\"properties\":{");
	for (; *cmds != NULL; cmds++)
		opts_each(*cmds, 0, gen_one, &g);
	buf_puts(b, "},\"additionalProperties\":false}");
	buf_free(&g.seen);
}

struct one {
	struct gen	 g;
	const char	*name;
};

static void
one_of(void *arg, const struct opt_spec *s)
{
	struct one	*o = arg;

	if (strcmp(s->name, o->name) == 0)
		gen_one(&o->g, s);
}

void
mcp_schema_one(struct buf *b, const struct command *cmd, const char *name)
{
	struct one	o = { { b, NULL, BUF_INIT }, name };

	opts_each(cmd, 0, one_of, &o);
	buf_free(&o.g.seen);
}

struct conv {
	const struct mcp_server	*srv;
	const struct json_doc	*d;
	int			 opts;
	const char *const	*skip;
	struct mcp_argv		*argv;
	struct buf		*why;
	struct buf		 known;	/* "\nname\n" of each option */
	int			 bad;
};

/* One option's value, when the object has it, as "--name=value". */
static void
conv_one(void *arg, const struct opt_spec *s)
{
	struct conv	*c = arg;
	struct buf	 w = BUF_INIT, path = BUF_INIT;
	int		 v, flag = 0;
	long long	 n;
	char		*str = NULL;
	const char	*raw;
	size_t		 len;

	if (listed(c->skip, s->name) || listed(mcp_hidden_options, s->name))
		return;
	buf_printf(&c->known, "\n%s\n", s->name);
	if (c->bad || (v = json_get(c->d, c->opts, s->name)) < 0)
		return;
	buf_printf(&w, "--%s", s->name);
	if (s->type == OPT_FLAG) {
		if (json_bool(c->d, v, &flag) < 0)
			c->bad = 1;
	} else if (s->type == OPT_INT || s->type == OPT_DURATION) {
		raw = json_raw(c->d, v, &len);
		if (json_type(c->d, v) != JSON_NUMBER ||
		    (s->type == OPT_INT && json_int(c->d, v, &n) < 0))
			c->bad = 1;
		else
			buf_printf(&w, "=%.*s", (int)len, raw);
		flag = 1;
	} else if (json_str(c->d, v, &str) < 0) {
		c->bad = 1;
	} else if (s->type == OPT_PATH &&
	    mcp_path(c->srv, str, &path, c->why) < 0) {
		c->bad = 2;
	} else {
		buf_printf(&w, "=%s", s->type == OPT_PATH ? path.data : str);
		flag = 1;
	}
	if (c->bad == 1)
		buf_printf(c->why, "option %s must be %s", s->name,
		    s->type == OPT_FLAG ? "true or false" : s->type == OPT_INT ?
		    "an integer" : s->type == OPT_DURATION ? "a number" :
		    "a string");
	else if (!c->bad && flag)
		mcp_argv_add(c->argv, w.data);
	free(str);
	buf_free(&w);
	buf_free(&path);
}

int
mcp_options_argv(const struct mcp_server *s, const struct command *cmd,
    const char *const *skip, const struct json_doc *d, int opts,
    struct mcp_argv *argv, struct buf *why)
{
	struct conv	 c = { s, d, opts, skip, argv, why, BUF_INIT, 0 };
	struct buf	 key = BUF_INIT;
	char		*name;
	int		 k;

	if (opts < 0)
		return 0;
	if (json_type(d, opts) != JSON_OBJECT) {
		buf_puts(why, "options must be an object");
		return -1;
	}
	opts_each(cmd, 0, conv_one, &c);
	for (k = json_child(d, opts); k >= 0 && !c.bad; k = json_next(d, k)) {
		if (json_str(d, k, &name) < 0)
			continue;
		buf_reset(&key);
		buf_printf(&key, "\n%s\n", name);
		if (strstr(buf_cstr(&c.known), key.data) == NULL) {
			buf_printf(why, "%s takes no option \"%s\"", cmd->name,
			    name);
			c.bad = 1;
		}
		free(name);
	}
	buf_free(&key);
	buf_free(&c.known);
	return c.bad ? -1 : 0;
}

const char *
mcp_secret_argument(const struct json_doc *d, int v, struct buf *tmp)
{
	const char	*found = NULL;
	char		*name;
	int		 k, val;

	if (json_type(d, v) == JSON_ARRAY) {
		for (k = json_child(d, v); k >= 0 && !found; k = json_next(d, k))
			found = mcp_secret_argument(d, k, tmp);
		return found;
	}
	if (json_type(d, v) != JSON_OBJECT)
		return NULL;
	for (k = json_child(d, v); k >= 0 && !found; k = json_next(d, k)) {
		val = json_key_value(d, k);
		if (json_str(d, k, &name) < 0)
			continue;
		if (json_type(d, val) == JSON_STRING &&
		    export_secret_column(name)) {
			buf_reset(tmp);
			buf_puts(tmp, name);
			found = tmp->data;
		}
		free(name);
		if (!found)
			found = mcp_secret_argument(d, val, tmp);
	}
	return found;
}
