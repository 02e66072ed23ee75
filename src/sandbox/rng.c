/*
 * rng.c - seeded random streams (xoshiro256**, seeded by splitmix64).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sandbox/rng.h"
#include "xmalloc.h"
#include "xoshiro.h"

struct stream {
	pthread_mutex_t	lock;
	struct xoshiro	rng;
};

static struct stream streams[SBX_RNG_NSTREAMS] = {
	{ PTHREAD_MUTEX_INITIALIZER, { { 1, 2, 3, 4 } } },
	{ PTHREAD_MUTEX_INITIALIZER, { { 5, 6, 7, 8 } } },
	{ PTHREAD_MUTEX_INITIALIZER, { { 9, 10, 11, 12 } } },
};

void
sbx_rng_seed(unsigned long long seed)
{
	uint64_t	x = seed;
	int		i;

	/* One splitmix64 sequence seeds the streams in turn. */
	for (i = 0; i < SBX_RNG_NSTREAMS; i++) {
		pthread_mutex_lock(&streams[i].lock);
		xoshiro_seed_from(&streams[i].rng, &x);
		pthread_mutex_unlock(&streams[i].lock);
	}
}

uint64_t
sbx_rng_u64(enum sbx_rng_stream which)
{
	struct stream	*st = &streams[which];
	uint64_t	 r;

	pthread_mutex_lock(&st->lock);
	r = xoshiro_next(&st->rng);
	pthread_mutex_unlock(&st->lock);
	return r;
}

double
sbx_rng_unit(enum sbx_rng_stream s)
{
	return (double)(sbx_rng_u64(s) >> 11) * (1.0 / 9007199254740992.0);
}

double
sbx_rng_range(enum sbx_rng_stream s, double lo, double hi)
{
	return lo + (hi - lo) * sbx_rng_unit(s);
}

void
sbx_rng_uuid(char *out, size_t len)
{
	uint64_t	a = sbx_rng_u64(SBX_RNG_STATE);
	uint64_t	b = sbx_rng_u64(SBX_RNG_STATE);

	a = (a & ~0xf000ULL) | 0x4000ULL;		/* version 4 */
	b = (b & ~(3ULL << 62)) | (2ULL << 62);		/* variant 10 */
	snprintf(out, len, "%08x-%04x-%04x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
	    (unsigned)(a & 0xffff), (unsigned)(b >> 48),
	    (unsigned long long)(b & 0xffffffffffffULL));
}

char *
sbx_rng_password(void)
{
	static const char	up[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char	lo[] = "abcdefghijkmnopqrstuvwxyz";
	static const char	dg[] = "23456789";
	static const char	all[] = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	    "abcdefghijkmnopqrstuvwxyz23456789";
	char			*p = xmalloc(17);
	int			 i;

	for (i = 0; i < 16; i++)
		p[i] = all[sbx_rng_u64(SBX_RNG_STATE) % (sizeof all - 1)];
	/* Guarantee one of each class at random places 0-4, 5-9, 10-15. */
	p[sbx_rng_u64(SBX_RNG_STATE) % 5] =
	    up[sbx_rng_u64(SBX_RNG_STATE) % (sizeof up - 1)];
	p[5 + sbx_rng_u64(SBX_RNG_STATE) % 5] =
	    lo[sbx_rng_u64(SBX_RNG_STATE) % (sizeof lo - 1)];
	p[10 + sbx_rng_u64(SBX_RNG_STATE) % 6] =
	    dg[sbx_rng_u64(SBX_RNG_STATE) % (sizeof dg - 1)];
	p[16] = '\0';
	return p;
}

char *
sbx_rng_token(size_t n)
{
	static const char	 al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char			*p = xmalloc(n + 1);
	size_t			 i;

	for (i = 0; i < n; i++)
		p[i] = al[sbx_rng_u64(SBX_RNG_STATE) % (sizeof al - 1)];
	p[n] = '\0';
	return p;
}
