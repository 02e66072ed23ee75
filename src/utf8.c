/*
 * utf8.c - UTF-8 validation and UTF-16 to UTF-8 conversion.
 */
#include "buf.h"
#include "utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	c;
	size_t		n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;			/* overlong or out of range */
	if (c >= 0xD800 && c <= 0xDFFF)
		return 0;			/* surrogates are not characters */
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(u + i, len - i, &cp);
		if (n == 0) {
			if (bad_at != NULL)
				*bad_at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

void
utf8_put(struct buf *b, uint32_t cp)
{
	char	o[4];

	if (cp < 0x80) {
		o[0] = (char)cp;
		buf_append(b, o, 1);
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, o, 2);
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, o, 4);
	}
}

void
utf16_init(struct utf16_decoder *d, int big_endian)
{
	d->big_endian = big_endian;
	d->have_byte = 0;
	d->byte = 0;
	d->high = 0;
}

static void
unit(struct utf16_decoder *d, uint32_t u, struct buf *out)
{
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (d->high != 0)
			utf8_put(out, 0xFFFD);
		d->high = u;
		return;
	}
	if (u >= 0xDC00 && u <= 0xDFFF) {
		if (d->high == 0) {
			utf8_put(out, 0xFFFD);
			return;
		}
		utf8_put(out, 0x10000 + ((d->high - 0xD800) << 10) +
		    (u - 0xDC00));
		d->high = 0;
		return;
	}
	if (d->high != 0) {
		utf8_put(out, 0xFFFD);
		d->high = 0;
	}
	utf8_put(out, u);
}

void
utf16_feed(struct utf16_decoder *d, const unsigned char *s, size_t len,
    struct buf *out)
{
	size_t		i;
	unsigned char	a, b;

	for (i = 0; i < len; i++) {
		if (!d->have_byte) {
			d->byte = s[i];
			d->have_byte = 1;
			continue;
		}
		d->have_byte = 0;
		a = d->byte;
		b = s[i];
		unit(d, d->big_endian ? (uint32_t)(a << 8 | b) :
		    (uint32_t)(b << 8 | a), out);
	}
}

void
utf16_finish(struct utf16_decoder *d, struct buf *out)
{
	if (d->have_byte || d->high != 0)
		utf8_put(out, 0xFFFD);
	d->have_byte = 0;
	d->high = 0;
}
