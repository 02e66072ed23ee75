/*
 * help.c - `mailfleet help`, `mailfleet COMMAND --help` and the man page,
 * generated from the command table and the option tables, so no option is
 * described by hand anywhere.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "columns.h"
#include "operation.h"
#include "opts.h"
#include "provider.h"

#define HELP_COL	28	/* where an option's help starts */
#define HELP_WIDTH	79

/* Appends text from column col, wrapped at HELP_WIDTH, indented by indent
 * on the following lines; ends with a newline. */
static void
wrap(struct buf *out, size_t col, size_t indent, const char *text)
{
	size_t	n;

	while (*text != '\0') {
		n = strcspn(text, " ");
		if (col > indent && col + 1 + n > HELP_WIDTH) {
			buf_printf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			buf_putc(out, ' ');
			col++;
		}
		buf_append(out, text, n);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	buf_putc(out, '\n');
}

/* The help of s, with its default. */
static void
help_text(const struct opt_spec *s, struct buf *out)
{
	buf_puts(out, s->help);
	if (s->def != NULL)
		buf_printf(out, " (default %s)", s->def);
}

/* One option line: "  -j, --jobs N" then the help from HELP_COL. */
static void
option_line(void *arg, const struct opt_spec *s)
{
	struct buf	*out = arg, tmp = BUF_INIT, text = BUF_INIT;
	const char	*an = opts_arg_name(s, &tmp);
	size_t		 start = out->len, len;

	if (s->letter != 0)
		buf_printf(out, "  -%c, --%s", s->letter, s->name);
	else
		buf_printf(out, "      --%s", s->name);
	if (*an != '\0')
		buf_printf(out, " %s", an);
	len = out->len - start;
	if (len + 2 > HELP_COL) {
		buf_putc(out, '\n');
		len = 0;
	}
	buf_printf(out, "%*s", (int)(HELP_COL - len), "");
	help_text(s, &text);
	wrap(out, HELP_COL, HELP_COL, buf_cstr(&text));
	buf_free(&text);
	buf_free(&tmp);
}

/* What an operation entry does, in a sentence: its help, how many rows go
 * in a request, the columns it reads. */
static void
entry_text(const struct operation *e, struct buf *out)
{
	size_t	i;

	buf_printf(out, "%s; ", e->help);
	if (e->share == OP_SHARE_ONE || e->batch_max == 1)
		buf_puts(out, "one row a request");
	else
		buf_printf(out, "up to %zu rows%s a request", e->batch_max,
		    e->share == OP_SHARE_DOMAIN ? " of one domain" : "");
	buf_puts(out, "; columns:");
	for (i = 0; e->columns != NULL && e->columns[i] != COL__COUNT; i++)
		buf_printf(out, "%s %s", i ? "," : "", col_name(e->columns[i]));
	buf_putc(out, '.');
}

/*
 * Each provider's entries for op (a write command), from its operation
 * table: line(arg, provider, kind, text) for each.
 */
static void
each_kind(enum op op, void (*line)(void *, const char *, const char *,
    const char *), void *arg)
{
	const struct provider	*prov;
	const struct operation	*e;
	struct buf		 text = BUF_INIT;
	size_t			 i;
	int			 k;

	for (i = 0; (prov = provider_nth(i)) != NULL; i++)
		for (k = 0; k < KIND__COUNT; k++) {
			if ((e = provider_operation(prov, op,
			    (enum kind)k)) == NULL)
				continue;
			buf_reset(&text);
			entry_text(e, &text);
			line(arg, prov->name, kind_name((enum kind)k),
			    buf_cstr(&text));
		}
	buf_free(&text);
}

/* "  maildoso  accounts  create mailboxes ..." */
static void
kind_line(void *arg, const char *prov, const char *kind, const char *text)
{
	struct buf	*out = arg;
	size_t		 start = out->len;

	buf_printf(out, "  %-9s %s", prov, kind);
	if (out->len - start + 2 > HELP_COL) {
		buf_putc(out, '\n');
		start = out->len;
	}
	buf_printf(out, "%*s", (int)(HELP_COL - (out->len - start)), "");
	wrap(out, HELP_COL, HELP_COL, text);
}

void
cmd_print_usage(FILE *fp)
{
	struct buf	out = BUF_INIT;
	size_t		i;

	buf_puts(&out, "usage: mailfleet [GLOBAL OPTIONS] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		buf_printf(&out, "  %-10s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	buf_puts(&out, "\nGlobal options (also accepted after the command):\n");
	opts_each(NULL, 1, option_line, &out);
	buf_puts(&out, "\n'mailfleet COMMAND --help' describes a command.\n");
	fputs(buf_cstr(&out), fp);
	buf_free(&out);
}

void
cmd_print_help(const struct command *cmd, FILE *fp)
{
	struct buf	out = BUF_INIT;
	size_t		mark;
	enum op		op;

	if (cmd == NULL) {
		cmd_print_usage(fp);
		return;
	}
	buf_printf(&out, "usage: mailfleet %s%s%s [OPTIONS]\n", cmd->name,
	    cmd->args != NULL ? " " : "", cmd->args != NULL ? cmd->args : "");
	if (cmd->about != NULL)
		buf_printf(&out, "\n%s", cmd->about);
	if (op_parse(cmd->name, &op) == 0) {
		buf_puts(&out, "\nKinds, by provider (--provider):\n");
		each_kind(op, kind_line, &out);
	}
	buf_puts(&out, "\nOptions:\n");
	mark = out.len;
	opts_each(cmd, 0, option_line, &out);
	if (out.len == mark)
		buf_puts(&out, "  the global ones only\n");
	buf_puts(&out, "\nGlobal options: see 'mailfleet help'.\n");
	fputs(buf_cstr(&out), fp);
	buf_free(&out);
}

/* ---- the man page ---- */

/* s as roff text: backslashes and dashes escaped, no line starting with a
 * control character. */
static void
roff(struct buf *out, const char *s)
{
	int	bol = out->len == 0 || out->data[out->len - 1] == '\n';

	for (; *s != '\0'; s++) {
		if (bol && *s == '\n') {
			buf_puts(out, ".PP\n");	/* a blank line */
			continue;
		}
		if (bol && (*s == '.' || *s == '\''))
			buf_puts(out, "\\&");
		bol = *s == '\n';
		if (*s == '\\')
			buf_puts(out, "\\e");
		else if (*s == '-')
			buf_puts(out, "\\-");
		else
			buf_putc(out, *s);
	}
}

static void
man_option(void *arg, const struct opt_spec *s)
{
	struct buf	*out = arg, tmp = BUF_INIT, text = BUF_INIT;
	const char	*an = opts_arg_name(s, &tmp);

	buf_puts(out, ".TP\n");
	if (s->letter != 0)
		buf_printf(out, "\\fB\\-%c\\fR, ", s->letter);
	buf_puts(out, "\\fB\\-\\-");
	roff(out, s->name);
	buf_puts(out, "\\fR");
	if (*an != '\0') {
		buf_puts(out, " \\fI");
		roff(out, an);
		buf_puts(out, "\\fR");
	}
	buf_putc(out, '\n');
	help_text(s, &text);
	roff(out, buf_cstr(&text));
	buf_putc(out, '\n');
	buf_free(&text);
	buf_free(&tmp);
}

/* ".TP", "\fBkind\fR (provider)", the text. */
static void
man_kind(void *arg, const char *prov, const char *kind, const char *text)
{
	struct buf	*out = arg;

	buf_puts(out, ".TP\n\\fB");
	roff(out, kind);
	buf_puts(out, "\\fR (");
	roff(out, prov);
	buf_puts(out, ")\n");
	roff(out, text);
	buf_putc(out, '\n');
}

static void
man_command(struct buf *out, const struct command *cmd)
{
	size_t	mark;
	enum op	op;

	buf_puts(out, ".SS \"");
	roff(out, cmd->name);
	if (cmd->args != NULL) {
		buf_putc(out, ' ');
		roff(out, cmd->args);
	}
	buf_puts(out, "\"\n");
	roff(out, cmd->summary);
	buf_puts(out, ".\n");
	if (cmd->about != NULL) {
		buf_puts(out, ".PP\n");
		roff(out, cmd->about);
	}
	if (op_parse(cmd->name, &op) == 0) {
		buf_puts(out, ".PP\nKinds, by provider (\\fB\\-\\-provider\\fR):\n");
		each_kind(op, man_kind, out);
		buf_puts(out, ".PP\n");
	}
	mark = out->len;
	opts_each(cmd, 0, man_option, out);
	if (out->len == mark)
		buf_puts(out, ".PP\nOnly the global options.\n");
}

void
cmd_print_man(FILE *fp)
{
	struct buf	out = BUF_INIT;
	size_t		i;

	buf_printf(&out, ".TH MAILFLEET 1 \"\" \"mailfleet %s\" "
	    "\"User Commands\"\n", MAILFLEET_VERSION);
	buf_puts(&out, ".SH NAME\nmailfleet \\- batch provisioning of "
	    "cold\\-email domains and inboxes\n.SH SYNOPSIS\n.B mailfleet\n"
	    "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	    ".SH DESCRIPTION\nmailfleet reads a CSV and creates, changes or "
	    "deletes what its rows name at Maildoso or ColdSend, writing a "
	    "result CSV row for row.\n.SH GLOBAL OPTIONS\n"
	    "Accepted before the command name and among its options.\n");
	opts_each(NULL, 1, man_option, &out);
	buf_puts(&out, ".SH COMMANDS\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		man_command(&out, cmd_table[i]);
	buf_puts(&out, ".SH ENVIRONMENT\n.TP\n.B MAILDOSO_TOKEN\n"
	    "the Maildoso API token (or \\fB\\-\\-token\\-file\\fR)\n.TP\n"
	    ".B COLDSEND_API_KEY\nthe ColdSend API key\n"
	    ".SH EXIT STATUS\n0 every row done; 1 diff: the files differ; "
	    "2 some rows invalid or failed; 3 aborted (auth, quota, too many "
	    "failures); 64 usage; 65 the file cannot be read; 66 no input; "
	    "74 the result cannot be written; 130 interrupted.\n"
	    ".SH SEE ALSO\n\\fBmailfleet\\-sandbox\\fR (\\fBmailfleet sandbox "
	    "\\-\\-help\\fR)\n");
	fputs(buf_cstr(&out), fp);
	buf_free(&out);
}
