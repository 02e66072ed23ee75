/*
 * test_optparse.c - the declared-option parser (opts_parse): every type,
 * range bounds, enum values, bad dates and durations, unknown options,
 * missing values, values given to flags, defaults, handlers, globals among
 * a command's options and shadowing; the one error form; every table of
 * every command well formed; help and the man page list every option of
 * every table.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "cmd.h"
#include "export.h"
#include "log.h"
#include "opts.h"
#include "validate.h"

struct t {
	int		 flag;
	const char	*str;
	const char	*path;
	long		 n;		/* 1-100, default 7 */
	size_t		 size;		/* 0-5 */
	int		 i;		/* -3..3 */
	double		 secs;		/* 0-60, default 2.5 */
	const char	*rate;
	int		 color;		/* enum index */
	const char	*shape;		/* enum value */
	const char	*date;
	const char	*digits;	/* INT kept as text */
	int		 seen;		/* set by the handler */
	const char	*provider;	/* shadows the global */
};

static int
count(const struct opt_ctx *ctx, const struct opt_spec *s, const char *arg,
    struct buf *why)
{
	struct t	*t = ctx->own;

	(void)s;
	if (strcmp(arg, "no") == 0) {
		buf_puts(why, "--hook refuses \"no\"");
		return -1;
	}
	t->seen++;
	return 0;
}

static const char *const colors[] = { "red", "green", "blue", NULL };
static const char *const shapes[] = { "round", "square", NULL };

#define T(m)	OPT_AT(struct t, m)
static const struct opt_spec t_own[] = {
	{ .name = "flag", .letter = 'f', .type = OPT_FLAG, .help = "f",
	  T(flag) },
	{ .name = "str", .type = OPT_STRING, .help = "s", T(str) },
	{ .name = "path", .letter = 'p', .type = OPT_PATH, .help = "p",
	  T(path) },
	{ .name = "n", .letter = 'n', .type = OPT_INT, .min = 1, .max = 100,
	  .def = "7", .help = "n", T(n) },
	{ .name = "size", .type = OPT_INT, .min = 0, .max = 5, .help = "z",
	  T(size) },
	{ .name = "int", .type = OPT_INT, .min = -3, .max = 3, .help = "i",
	  T(i) },
	{ .name = "secs", .type = OPT_DURATION, .max = 60, .def = "2.5",
	  .help = "d", T(secs) },
	{ .name = "rate", .type = OPT_RATE, .help = "r", T(rate) },
	{ .name = "color", .type = OPT_ENUM, .values = colors, .help = "c",
	  T(color) },
	{ .name = "shape", .type = OPT_ENUM, .values = shapes, .help = "h",
	  T(shape) },
	{ .name = "date", .type = OPT_DATE, .help = "t", T(date) },
	{ .name = "digits", .type = OPT_INT, .min = 1, .max = 9, .help = "g",
	  T(digits) },
	{ .name = "hook", .type = OPT_STRING, .help = "k", .set = count },
	{ .name = "provider", .type = OPT_STRING, .help = "v", T(provider) },
	OPT_END
};
#undef T

static const struct opt_spec *const t_tables[] = { t_own, NULL };

static const struct command tcmd = {
	.name = "t", .summary = "a test command", .args = "ARG",
	.opts = t_tables
};

static char	errtext[4096];

/* Parses "t" + args into *t and app; the stderr text into errtext. */
static int
parse(struct t *t, struct app *app, const char *a1, const char *a2,
    const char *a3)
{
	char	*argv[5];
	int	 argc = 1, rc, saved, fd;
	ssize_t	 n;
	FILE	*tmp = tmpfile();

	memset(t, 0, sizeof *t);
	memset(app, 0, sizeof *app);
	argv[0] = (char *)"t";
	if (a1 != NULL)
		argv[argc++] = (char *)a1;
	if (a2 != NULL)
		argv[argc++] = (char *)a2;
	if (a3 != NULL)
		argv[argc++] = (char *)a3;
	argv[argc] = NULL;
	fflush(stderr);
	saved = dup(2);
	fd = fileno(tmp);
	dup2(fd, 2);
	rc = opts_parse(&tcmd, app, t, argc, argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = (ssize_t)fread(errtext, 1, sizeof errtext - 1, tmp);
	errtext[n > 0 ? n : 0] = '\0';
	fclose(tmp);
	return rc;
}

/* The first line of errtext. */
static const char *
first_line(void)
{
	static char	line[512];

	snprintf(line, sizeof line, "%.*s", (int)strcspn(errtext, "\n"),
	    errtext);
	return line;
}

static void
test_defaults_and_types(void)
{
	struct t	t;
	struct app	app;

	CHECK_INT(parse(&t, &app, "x", NULL, NULL), -1);
	CHECK_INT(t.n, 7);		/* defaults */
	CHECK(t.secs == 2.5);
	CHECK(t.flag == 0 && t.str == NULL && t.shape == NULL);
	CHECK_INT(optind, 1);		/* the operand */

	CHECK_INT(parse(&t, &app, "-f", "--str=a b", "-pfile"), -1);
	CHECK_INT(t.flag, 1);
	CHECK_STR(t.str, "a b");
	CHECK_STR(t.path, "file");
	CHECK_INT(parse(&t, &app, "--size", "5", "--int=-3"), -1);
	CHECK_INT(t.size, 5);
	CHECK_INT(t.i, -3);
	CHECK_INT(parse(&t, &app, "--secs", "0.25", "--rate=10/s"), -1);
	CHECK(t.secs == 0.25);
	CHECK_STR(t.rate, "10/s");
	CHECK_INT(parse(&t, &app, "--rate", "off", NULL), -1);
	CHECK_STR(t.rate, "off");
	CHECK_INT(parse(&t, &app, "--date", "2024-02-29", "--digits=9"), -1);
	CHECK_STR(t.date, "2024-02-29");
	CHECK_STR(t.digits, "9");
	CHECK_INT(parse(&t, &app, "--si", "3", NULL), -1);	/* a prefix */
	CHECK_INT(t.size, 3);
}

static void
test_ranges(void)
{
	struct t	t;
	struct app	app;

	CHECK_INT(parse(&t, &app, "-n", "1", NULL), -1);
	CHECK_INT(t.n, 1);
	CHECK_INT(parse(&t, &app, "-n100", NULL, NULL), -1);
	CHECK_INT(t.n, 100);
	CHECK_INT(parse(&t, &app, "-n", "0", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: -n/--n must be 1-100 (not \"0\")");
	CHECK_CONTAINS(errtext, "\nusage: mailfleet t ARG [OPTIONS]\n");
	CHECK_INT(parse(&t, &app, "-n", "101", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "-n", "5x", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "-n", "", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "--int", "-4", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: --int must be -3-3 (not \"-4\")");
	CHECK_INT(parse(&t, &app, "--size", "6", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "--digits", "10", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "--secs", "60", NULL), -1);
	CHECK(t.secs == 60);
	CHECK_INT(parse(&t, &app, "--secs", "60.5", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: --secs must be seconds, 0-60 "
	    "(not \"60.5\")");
	CHECK_INT(parse(&t, &app, "--secs", "nan", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "--secs", "-1", NULL), EXIT_USAGE);
	CHECK_INT(parse(&t, &app, "--rate", "fast", NULL), EXIT_USAGE);
	CHECK_CONTAINS(first_line(), "mailfleet: t: --rate must be a rate");
	CHECK_CONTAINS(first_line(), "(not \"fast\")");
}

static void
test_enums_and_dates(void)
{
	static const char *const bad_dates[] = { "2026-13-45", "2026-02-30",
	    "2023-02-29", "1900-02-29", "2026-1-01", "today", "" };
	struct t	t;
	struct app	app;
	size_t		i;

	for (i = 0; colors[i] != NULL; i++) {
		CHECK_INT(parse(&t, &app, "--color", colors[i], NULL), -1);
		CHECK_INT(t.color, (int)i);
	}
	CHECK_INT(parse(&t, &app, "--shape", "square", NULL), -1);
	CHECK(t.shape == shapes[1]);	/* the table's own string */
	CHECK_INT(parse(&t, &app, "--color", "Red", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: --color must be red, green or "
	    "blue (not \"Red\")");
	CHECK_INT(parse(&t, &app, "--shape", "", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: --shape must be round or square "
	    "(not \"\")");
	for (i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		CHECK_INT(parse(&t, &app, "--date", bad_dates[i], NULL),
		    EXIT_USAGE);
		CHECK_CONTAINS(first_line(), "--date must be a date, "
		    "YYYY-MM-DD (not \"");
	}
}

static void
test_unknown_and_missing(void)
{
	struct t	t;
	struct app	app;

	CHECK_INT(parse(&t, &app, "--bogus", NULL, NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: unknown option \"--bogus\"");
	CHECK_CONTAINS(errtext, "\nusage: mailfleet t ");
	CHECK_INT(parse(&t, &app, "-fZ", NULL, NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: unknown option \"-Z\"");
	CHECK_INT(parse(&t, &app, "x", "--str", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: option \"--str\" needs a value");
	CHECK_INT(parse(&t, &app, "-n", NULL, NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: option \"-n\" needs a value");
	CHECK_INT(parse(&t, &app, "--flag=1", NULL, NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: option \"--flag\" takes no "
	    "value");
}

static void
test_handlers_globals_shadowing(void)
{
	struct t	t;
	struct app	app;

	CHECK_INT(parse(&t, &app, "--hook", "a", "--hook=b"), -1);
	CHECK_INT(t.seen, 2);
	CHECK_INT(parse(&t, &app, "--hook", "no", NULL), EXIT_USAGE);
	CHECK_STR(first_line(), "mailfleet: t: --hook refuses \"no\"");
	/* Globals among the command's options go into struct app. */
	CHECK_INT(parse(&t, &app, "--raw", "-o", "out.csv"), -1);
	CHECK_INT(app.raw, 1);
	CHECK_STR(app.output, "out.csv");
	CHECK_INT(parse(&t, &app, "--max-wait", "inf", NULL), EXIT_USAGE);
	CHECK_CONTAINS(first_line(), "--max-wait must be seconds, 0-31536000 "
	    "(not \"inf\")");
	CHECK_INT(parse(&t, &app, "--token", "secret", NULL), EXIT_USAGE);
	CHECK(strstr(errtext, "secret") == NULL);	/* never echoed */
	CHECK_INT(parse(&t, &app, "--delimiter", "tab", NULL), -1);
	CHECK_INT(app.delimiter, '\t');
	/* The command's --provider takes the word, not the global. */
	CHECK_INT(parse(&t, &app, "--provider", "google", NULL), -1);
	CHECK_STR(t.provider, "google");
	CHECK(app.provider == NULL);
	/* The globals' defaults belong to the pass before the command. */
	CHECK_INT(parse(&t, &app, NULL, NULL, NULL), -1);
	CHECK(app.provider == NULL);
}

static void
test_global_pass(void)
{
	struct app	app;
	char		*argv[] = { (char *)"mailfleet", (char *)"--provider",
			    (char *)"coldsend", (char *)"import", (char *)"-x",
			    NULL };

	memset(&app, 0, sizeof app);
	CHECK_INT(opts_parse(NULL, &app, NULL, 5, argv), -1);
	CHECK_STR(app.provider, "coldsend");
	CHECK_INT(optind, 3);		/* stops at the command name */
	CHECK_INT(app.progress, PROGRESS_AUTO);
	argv[2] = (char *)"other";
	memset(&app, 0, sizeof app);
	fflush(stderr);
	CHECK_INT(opts_parse(NULL, &app, NULL, 5, argv), EXIT_USAGE);
	argv[1] = (char *)"--import";
	CHECK_INT(opts_parse(NULL, &app, NULL, 2, argv), EXIT_USAGE);
}

/* Every table of every command is well formed; its names are unique. */
static void
check_table(const struct opt_spec *t, const char *what)
{
	const struct opt_spec	*s, *u;

	for (s = t; s->name != NULL; s++) {
		if (opts_spec_check(s) != 0)
			fprintf(stderr, "    %s --%s is malformed\n", what,
			    s->name);
		CHECK_INT(opts_spec_check(s), 0);
		for (u = s + 1; u->name != NULL; u++)
			CHECK(strcmp(s->name, u->name) != 0 &&
			    (s->letter == 0 || s->letter != u->letter));
	}
}

static void
test_tables_well_formed(void)
{
	const struct opt_spec *const	*t;
	size_t				 i, n;
	enum kind			 k;
	struct opt_spec			 bad;

	check_table(opts_global, "global");
	for (i = 0; cmd_table[i] != NULL; i++)
		for (t = cmd_table[i]->opts; t != NULL && *t != NULL; t++)
			check_table(*t, cmd_table[i]->name);
	check_table(t_own, "test");
	/* The check itself refuses what the parser could not store. */
	memset(&bad, 0, sizeof bad);
	bad.name = "x";
	bad.type = OPT_DURATION;
	bad.max = 1;
	bad.to = OPT_TO_STR;
	CHECK_INT(opts_spec_check(&bad), -1);
	bad.type = OPT_ENUM;
	CHECK_INT(opts_spec_check(&bad), -1);	/* no values */
	bad.type = OPT_STRING;
	bad.to = OPT_TO_NONE;
	CHECK_INT(opts_spec_check(&bad), -1);	/* nowhere, no handler */
	/* The kinds the completions offer are the ones parsed. */
	for (n = 0; cmd_all_kinds[n] != NULL; n++)
		CHECK_INT(kind_parse(cmd_all_kinds[n], &k), 0);
	CHECK_INT(n, KIND__COUNT);
	for (n = 0; export_kind_names[n] != NULL; n++)
		CHECK_INT(export_kind_parse(export_kind_names[n]), (long)n);
	CHECK_INT(n, EXPORT__KINDS);
}

struct seen {
	const char	*text;
	const char	*cmd;
	int		 man;
};

static void
listed(void *arg, const struct opt_spec *s)
{
	struct seen	*w = arg;
	char		 want[128];
	size_t		 i, j = 0;

	if (w->man) {		/* roff: every '-' escaped */
		want[j++] = '\\';
		want[j++] = '-';
		want[j++] = '\\';
		want[j++] = '-';
		for (i = 0; s->name[i] != '\0' && j < sizeof want - 3; i++) {
			if (s->name[i] == '-')
				want[j++] = '\\';
			want[j++] = s->name[i];
		}
		want[j] = '\0';
	} else
		snprintf(want, sizeof want, "--%s", s->name);
	if (strstr(w->text, want) == NULL)
		fprintf(stderr, "    %s: %s not listed\n", w->cmd, want);
	CHECK(strstr(w->text, want) != NULL);
}

/* A section of text from start up to the next mark (or the end). */
static char *
section(const char *text, const char *start, const char *mark)
{
	const char	*a = strstr(text, start), *b;

	if (a == NULL)
		return strdup("");
	b = strstr(a + strlen(start), mark);
	return strndup(a, b != NULL ? (size_t)(b - a) : strlen(a));
}

static void
test_help_and_man_list_every_option(void)
{
	char		*text, *man, *part, head[128];
	size_t		 len, mlen, i;
	FILE		*fp;
	struct seen	 w;

	fp = open_memstream(&man, &mlen);
	cmd_print_man(fp);
	fclose(fp);
	w.man = 0;
	for (i = 0; cmd_table[i] != NULL; i++) {
		fp = open_memstream(&text, &len);
		cmd_print_help(cmd_table[i], fp);
		fclose(fp);
		w.text = text;
		w.cmd = cmd_table[i]->name;
		w.man = 0;
		opts_each(cmd_table[i], 0, listed, &w);
		free(text);
		/* The man page: in the command's own section. */
		snprintf(head, sizeof head, ".SS \"%s", cmd_table[i]->name);
		part = section(man, head, ".SS ");
		CHECK(*part != '\0');
		w.text = part;
		w.man = 1;
		opts_each(cmd_table[i], 0, listed, &w);
		free(part);
	}
	fp = open_memstream(&text, &len);
	cmd_print_usage(fp);
	fclose(fp);
	w.text = text;
	w.cmd = "help";
	w.man = 0;
	opts_each(NULL, 1, listed, &w);
	free(text);
	part = section(man, ".SH GLOBAL OPTIONS", ".SH ");
	w.text = part;
	w.man = 1;
	opts_each(NULL, 1, listed, &w);
	free(part);
	free(man);
}

int
main(void)
{
	log_set_prog("mailfleet");
	TEST(test_defaults_and_types);
	TEST(test_ranges);
	TEST(test_enums_and_dates);
	TEST(test_unknown_and_missing);
	TEST(test_handlers_globals_shadowing);
	TEST(test_global_pass);
	TEST(test_tables_well_formed);
	TEST(test_help_and_man_list_every_option);
	return th_done();
}
