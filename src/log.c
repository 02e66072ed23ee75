/*
 * log.c - diagnostics on stderr. One fprintf per line, so lines written by
 * worker threads do not interleave mid-line (stdio locks the stream).
 */
#include <stdarg.h>
#include <stdio.h>

#include "buf.h"
#include "log.h"

static enum log_level	 level = LOG_NORMAL;
static const char	*prog = "mailfleet";

void
log_set_level(enum log_level l)
{
	level = l;
}

enum log_level
log_get_level(void)
{
	return level;
}

void
log_set_prog(const char *name)
{
	prog = name;
}

static void
vlog(const char *tag, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vlog(const char *tag, const char *fmt, va_list ap)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%s: %s", prog, tag);
	buf_vprintf(&b, fmt, ap);
	buf_putc(&b, '\n');
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
}

void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	if (level < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (level < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (level < LOG_VERBOSE)
		return;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}
