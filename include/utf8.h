/*
 * utf8.h - UTF-8 validation and UTF-16 to UTF-8 conversion.
 */
#ifndef MAILFLEET_UTF8_H
#define MAILFLEET_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Returns 1 when s[0..len) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF); otherwise 0 and, when bad_at is not
 * NULL, the offset of the first bad byte. */
int	utf8_valid(const char *s, size_t len, size_t *bad_at);

/* Decodes one code point at s (len bytes available). Returns its length in
 * bytes and stores it in *cp, or 0 when the sequence is invalid. */
size_t	utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 form of cp to b. */
void	utf8_put(struct buf *b, uint32_t cp);

/*
 * A streaming UTF-16 decoder. Feed it arbitrary chunks; it appends UTF-8 to
 * the output buffer and carries a half-read unit or a pending high surrogate
 * over to the next chunk. Unpaired surrogates become U+FFFD.
 */
struct utf16_decoder {
	int		big_endian;
	int		have_byte;
	unsigned char	byte;
	uint32_t	high;		/* pending high surrogate, 0 when none */
};

void	utf16_init(struct utf16_decoder *d, int big_endian);
void	utf16_feed(struct utf16_decoder *d, const unsigned char *s, size_t len,
	    struct buf *out);
void	utf16_finish(struct utf16_decoder *d, struct buf *out);

#endif
