/*
 * json_write.c - the JSON writer: strings quoted and escaped into a buf.
 */
#include <string.h>

#include "buf.h"
#include "json.h"

void
json_put_strn(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, run = 0;

	buf_grow(b, len + 2);
	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)s[i];
		const char	*esc = NULL;
		char		 u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		default:
			u[0] = '\\';
			u[1] = 'u';
			u[2] = '0';
			u[3] = '0';
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_append(b, u, 6);
			continue;
		}
		buf_puts(b, esc);
	}
	buf_append(b, s + run, len - run);
	buf_putc(b, '"');
}

void
json_put_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "null");
	else
		json_put_strn(b, s, strlen(s));
}
