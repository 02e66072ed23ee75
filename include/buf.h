/*
 * buf.h - growable byte buffer, always NUL-terminated.
 *
 * A struct buf owns its data; buf_free() releases it. buf_detach() hands the
 * data to the caller (who then frees it) and leaves the buffer empty.
 */
#ifndef MAILFLEET_BUF_H
#define MAILFLEET_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;		/* NUL-terminated, or NULL when never grown */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *b);
void	 buf_free(struct buf *b);
void	 buf_reset(struct buf *b);
void	 buf_grow(struct buf *b, size_t extra);
void	 buf_append(struct buf *b, const void *data, size_t len);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
const char *buf_cstr(const struct buf *b);	/* "" when empty, never NULL */
char	*buf_detach(struct buf *b);		/* caller frees */

#endif
