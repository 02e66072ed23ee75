/*
 * opts.c - the one parser of declared options (opts.h), and the parsers of
 * option values it uses: whole numbers in a range, seconds, dates.
 *
 * opts_parse() turns a command's tables and the global one into a
 * getopt_long() table for the parse (so abbreviations, "--name=value" and
 * grouped short options behave as getopt's), checks each value against its
 * spec's type and stores it where the spec says.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"
#include "num.h"
#include "opts.h"
#include "ratelimit.h"
#include "xmalloc.h"

int
opts_parse_long(const char *s, long lo, long hi, long *out)
{
	long long	v;

	if (num_parse_ll(s, lo, hi, &v) != 0)
		return -1;
	*out = (long)v;
	return 0;
}

int
opts_parse_seconds(const char *s, double hi, double *out)
{
	size_t	digits = strspn(s, "0123456789"), frac = 0;

	/* Plain decimals only: strtod would also take nan, inf, -1, hex and
	 * exponents. */
	if (s[digits] == '.')
		frac = strspn(s + digits + 1, "0123456789");
	if ((digits == 0 && frac == 0) ||
	    s[digits + (s[digits] == '.' ? 1 + frac : 0)] != '\0')
		return -1;
	return num_parse_double(s, 0, hi, out);
}

int
opts_is_date(const char *s)
{
	static const char	pat[] = "dddd-dd-dd";
	static const int	mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			y, m, d, leap;
	size_t			i;

	for (i = 0; i < sizeof pat - 1; i++)
		if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	if (s[i] != '\0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || leap;
}

void
opts_describe_error(int c, char *const *argv, struct buf *out)
{
	const char	*s = optind > 0 ? argv[optind - 1] : "";
	size_t		 n;

	/* A long option is the word itself (up to any '='); a short one may
	 * sit inside a group ("-qZ"), so it is named by getopt's optopt. */
	if (strncmp(s, "--", 2) == 0 && (c == ':' || optopt == 0 ||
	    strchr(s, '=') != NULL)) {
		n = strcspn(s, "=");
		buf_printf(out, c == ':' ? "option \"%.*s\" needs a value" :
		    optopt == 0 ? "unknown option \"%.*s\"" :
		    "option \"%.*s\" takes no value", (int)n, s);
	} else if (c == ':')
		buf_printf(out, "option \"-%c\" needs a value", optopt);
	else if (optopt > ' ' && optopt < 127)
		buf_printf(out, "unknown option \"-%c\"", optopt);
	else
		buf_printf(out, "unknown option \"%s\"", s);
}


/* One option of a parse: its spec and the struct its value goes into. */
struct slot {
	const struct opt_spec	*s;
	void			*base;
};

/* A checked value, in the form the spec's type gives. */
struct value {
	long		 l;		/* FLAG 1, INT, ENUM: the index */
	double		 d;		/* DURATION */
	const char	*str;		/* the text (ENUM: the value) */
};

/* Does one of cmd's options take g's name or letter? */
static int
shadowed(const struct command *cmd, const struct opt_spec *g)
{
	const struct opt_spec *const	*t;
	const struct opt_spec		*s;

	for (t = cmd != NULL ? cmd->opts : NULL; t != NULL && *t != NULL; t++)
		for (s = *t; s->name != NULL; s++)
			if (strcmp(s->name, g->name) == 0 ||
			    (g->letter != 0 && s->letter == g->letter))
				return 1;
	return 0;
}

/* Visits cmd's options (own = 1), then the globals it does not shadow
 * (own = 0) when globals is set; hidden ones too. */
static void
each(const struct command *cmd, int globals,
    void (*fn)(void *arg, const struct opt_spec *s, int own), void *arg)
{
	const struct opt_spec *const	*t;
	const struct opt_spec		*s;

	for (t = cmd != NULL ? cmd->opts : NULL; t != NULL && *t != NULL; t++)
		for (s = *t; s->name != NULL; s++)
			fn(arg, s, 1);
	if (!globals)
		return;
	for (s = opts_global; s->name != NULL; s++)
		if (!shadowed(cmd, s))
			fn(arg, s, 0);
}

struct visible {
	void	(*fn)(void *arg, const struct opt_spec *s);
	void	*arg;
};

static void
visit_visible(void *arg, const struct opt_spec *s, int own)
{
	struct visible	*v = arg;

	(void)own;
	if (s->help != NULL)
		v->fn(v->arg, s);
}

void
opts_each(const struct command *cmd, int globals,
    void (*fn)(void *arg, const struct opt_spec *s), void *arg)
{
	struct visible	v = { fn, arg };

	each(cmd, cmd == NULL || globals, visit_visible, &v);
}

const char *
opts_arg_name(const struct opt_spec *s, struct buf *tmp)
{
	size_t	i;

	if (s->arg != NULL)
		return s->arg;
	switch (s->type) {
	case OPT_FLAG:
		return "";
	case OPT_PATH:
		return "FILE";
	case OPT_INT:
		return "N";
	case OPT_DURATION:
		return "SECS";
	case OPT_RATE:
		return "RATE";
	case OPT_DATE:
		return "DATE";
	case OPT_ENUM:
		buf_reset(tmp);
		for (i = 0; s->values[i] != NULL; i++)
			buf_printf(tmp, "%s%s", i ? "|" : "", s->values[i]);
		return buf_cstr(tmp);
	default:
		return "TEXT";
	}
}

int
opts_spec_check(const struct opt_spec *s)
{
	if (s->name == NULL || (s->to == OPT_TO_NONE && s->set == NULL))
		return -1;
	switch (s->type) {
	case OPT_FLAG:
		return s->to == OPT_TO_INT || s->to == OPT_TO_NONE ? 0 : -1;
	case OPT_INT:			/* OPT_TO_STR: the checked text */
		return s->min <= s->max ? 0 : -1;
	case OPT_DURATION:
		return s->max > 0 && (s->to == OPT_TO_DOUBLE ||
		    s->to == OPT_TO_NONE) ? 0 : -1;
	case OPT_ENUM:
		return s->values != NULL && s->values[0] != NULL &&
		    (s->to == OPT_TO_INT || s->to == OPT_TO_STR ||
		    s->to == OPT_TO_NONE) ? 0 : -1;
	default:
		return s->to == OPT_TO_STR || s->to == OPT_TO_NONE ? 0 : -1;
	}
}

/* What a value of s's type must be, for the error: "1-64". */
static void
must_be(const struct opt_spec *s, struct buf *out)
{
	size_t	i;

	switch (s->type) {
	case OPT_INT:
		buf_printf(out, "%ld-%ld", s->min, s->max);
		break;
	case OPT_DURATION:
		buf_printf(out, "seconds, 0-%ld", s->max);
		break;
	case OPT_RATE:
		buf_puts(out, "a rate, N/s, N/m or N/h (or a list), or off");
		break;
	case OPT_DATE:
		buf_puts(out, "a date, YYYY-MM-DD");
		break;
	case OPT_ENUM:
		for (i = 0; s->values[i] != NULL; i++)
			buf_printf(out, "%s%s", i == 0 ? "" :
			    s->values[i + 1] == NULL ? " or " : ", ",
			    s->values[i]);
		break;
	default:
		buf_puts(out, "given");
	}
}

/* Checks arg against s's type: 0 and v, or -1 (why: a reason, maybe). */
static int
check_value(const struct opt_spec *s, const char *arg, struct value *v,
    struct buf *why)
{
	struct ratelimit_spec	rs;
	size_t			i;

	memset(v, 0, sizeof *v);
	v->str = arg;
	switch (s->type) {
	case OPT_FLAG:
		v->l = 1;
		return 0;
	case OPT_INT:
		return opts_parse_long(arg, s->min, s->max, &v->l);
	case OPT_DURATION:
		return opts_parse_seconds(arg, (double)s->max, &v->d);
	case OPT_RATE:
		return ratelimit_parse(arg, &rs, why);
	case OPT_DATE:
		return opts_is_date(arg) ? 0 : -1;
	case OPT_ENUM:
		for (i = 0; s->values[i] != NULL; i++)
			if (strcmp(arg, s->values[i]) == 0) {
				v->l = (long)i;
				v->str = s->values[i];
				return 0;
			}
		return -1;
	default:
		return 0;
	}
}

static void
store(void *base, const struct opt_spec *s, const struct value *v)
{
	char	*at = (char *)base + s->off;

	switch (s->to) {
	case OPT_TO_INT:
		*(int *)(void *)at = (int)v->l;
		break;
	case OPT_TO_LONG:
		*(long *)(void *)at = v->l;
		break;
	case OPT_TO_SIZE:
		*(size_t *)(void *)at = (size_t)v->l;
		break;
	case OPT_TO_DOUBLE:
		*(double *)(void *)at = s->type == OPT_DURATION ? v->d :
		    (double)v->l;
		break;
	case OPT_TO_STR:
		*(const char **)(void *)at = v->str;
		break;
	case OPT_TO_NONE:
		break;
	}
}

/*
 * Takes one value of slot: -1 taken, else the exit code (the error named,
 * then the usage; 0 when a handler printed help or the version).
 */
static int
take(const struct opt_ctx *ctx, const struct slot *sl, const char *arg)
{
	const struct opt_spec	*s = sl->s;
	struct buf		 why = BUF_INIT, what = BUF_INIT;
	struct value		 v;
	int			 rc = 0;

	if (check_value(s, arg, &v, &why) < 0)
		rc = -1;
	else if (s->to != OPT_TO_NONE)
		store(sl->base, s, &v);
	if (rc == 0 && s->set != NULL && (rc = s->set(ctx, s, arg, &why)) > 0)
		return EXIT_OK;
	if (rc == 0) {
		buf_free(&why);
		return -1;
	}
	if (why.len > 0 && s->type != OPT_RATE)
		buf_append(&what, why.data, why.len);
	else {
		if (s->letter != 0)
			buf_printf(&what, "-%c/", s->letter);
		buf_printf(&what, "--%s must be ", s->name);
		must_be(s, &what);
		buf_printf(&what, " (not \"%s\")%s%s", arg, why.len ? ": " : "",
		    buf_cstr(&why));
	}
	rc = cmd_usage_error(ctx->cmd, "%s", buf_cstr(&what));
	buf_free(&why);
	buf_free(&what);
	return rc;
}

struct collect {
	const struct opt_ctx	*ctx;
	struct slot		*slot;
	size_t			 n, cap;
};

static void
collect_one(void *arg, const struct opt_spec *s, int own)
{
	struct collect	*c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->slot = xreallocarray(c->slot, c->cap, sizeof *c->slot);
	}
	c->slot[c->n].s = s;
	c->slot[c->n++].base = own ? c->ctx->own : (void *)c->ctx->app;
}

/* The getopt_long() tables of the slots: option i has the code 256 + i. */
static struct option *
getopt_tables(const struct collect *c, struct buf *shortopts)
{
	struct option	*lo = xcalloc(c->n + 1, sizeof *lo);
	size_t		 i;

	buf_puts(shortopts, c->ctx->cmd == NULL ? "+:" : ":");
	for (i = 0; i < c->n; i++) {
		lo[i].name = c->slot[i].s->name;
		lo[i].has_arg = c->slot[i].s->type == OPT_FLAG ? no_argument :
		    required_argument;
		lo[i].val = 256 + (int)i;
		if (c->slot[i].s->letter == 0)
			continue;
		buf_putc(shortopts, c->slot[i].s->letter);
		if (c->slot[i].s->type != OPT_FLAG)
			buf_putc(shortopts, ':');
	}
	return lo;
}

/* The slot getopt's code c stands for. */
static const struct slot *
slot_of(const struct collect *c, int code)
{
	size_t	i;

	if (code >= 256 && (size_t)(code - 256) < c->n)
		return &c->slot[code - 256];
	for (i = 0; i < c->n; i++)
		if (c->slot[i].s->letter == code)
			return &c->slot[i];
	return NULL;
}

/* The defaults of the command's options (cmd NULL: of the globals). */
static int
defaults(const struct collect *c)
{
	size_t	i;
	int	rc;

	for (i = 0; i < c->n; i++)
		if (c->slot[i].s->def != NULL && (c->ctx->cmd == NULL ||
		    c->slot[i].base == c->ctx->own) &&
		    (rc = take(c->ctx, &c->slot[i], c->slot[i].s->def)) >= 0)
			return rc;
	return -1;
}

int
opts_parse(const struct command *cmd, struct app *app, void *own, int argc,
    char **argv)
{
	struct opt_ctx		 ctx = { cmd, app, own };
	struct collect		 c = { &ctx, NULL, 0, 0 };
	struct buf		 shortopts = BUF_INIT, why = BUF_INIT;
	struct option		*lo;
	const struct slot	*sl;
	int			 code, rc;

	each(cmd, 1, collect_one, &c);
	lo = getopt_tables(&c, &shortopts);
	opterr = 0;
	optind = 0;		/* GNU getopt: start afresh */
	rc = defaults(&c);
	while (rc < 0 && (code = getopt_long(argc, argv, buf_cstr(&shortopts),
	    lo, NULL)) != -1) {
		if (code == '?' || code == ':' ||
		    (sl = slot_of(&c, code)) == NULL) {
			opts_describe_error(code, argv, &why);
			rc = cmd_usage_error(cmd, "%s", buf_cstr(&why));
		} else
			rc = take(&ctx, sl, optarg);
	}
	buf_free(&why);
	buf_free(&shortopts);
	free(lo);
	free(c.slot);
	return rc;
}
