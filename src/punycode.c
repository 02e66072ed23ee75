/*
 * punycode.c - RFC 3492 encoding of one domain label.
 */
#include <stdint.h>

#include "buf.h"
#include "rules.h"
#include "utf8.h"
#include "xmalloc.h"

#define BASE		36
#define TMIN		1
#define TMAX		26
#define SKEW		38
#define DAMP		700
#define INITIAL_BIAS	72
#define INITIAL_N	128
#define LABEL_CPS	256	/* more code points than any valid label */

static char
digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static uint32_t
adapt(uint32_t delta, uint32_t npoints, int first)
{
	uint32_t	k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += delta / npoints;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

int
punycode_encode(const char *utf8, size_t len, struct buf *out)
{
	uint32_t	 cps[LABEL_CPS], n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
	uint32_t	 h, b = 0, m, q, k, t, ncp = 0, j;
	size_t		 i = 0, step;

	while (i < len) {
		if (ncp == LABEL_CPS)
			return -1;
		step = utf8_decode((const unsigned char *)utf8 + i, len - i,
		    &cps[ncp]);
		if (step == 0)
			return -1;
		i += step;
		ncp++;
	}
	for (j = 0; j < ncp; j++)
		if (cps[j] < 0x80) {
			buf_putc(out, (char)cps[j]);
			b++;
		}
	h = b;
	if (b > 0)
		buf_putc(out, '-');
	while (h < ncp) {
		m = UINT32_MAX;
		for (j = 0; j < ncp; j++)
			if (cps[j] >= n && cps[j] < m)
				m = cps[j];
		if ((m - n) > (UINT32_MAX - delta) / (h + 1))
			return -1;
		delta += (m - n) * (h + 1);
		n = m;
		for (j = 0; j < ncp; j++) {
			if (cps[j] < n && ++delta == 0)
				return -1;
			if (cps[j] != n)
				continue;
			for (q = delta, k = BASE;; k += BASE) {
				t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX :
				    k - bias;
				if (q < t)
					break;
				buf_putc(out, digit(t + (q - t) % (BASE - t)));
				q = (q - t) / (BASE - t);
			}
			buf_putc(out, digit(q));
			bias = adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		n++;
	}
	return 0;
}
