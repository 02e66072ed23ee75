/*
 * xoshiro.c - xoshiro256** (Blackman and Vigna), seeded by splitmix64.
 */
#include <stdint.h>

#include "hash.h"
#include "xoshiro.h"

uint64_t
xoshiro_splitmix64(uint64_t *state)
{
	return hash_mix64(*state += 0x9e3779b97f4a7c15ULL);
}

void
xoshiro_seed_from(struct xoshiro *x, uint64_t *state)
{
	int	i;

	for (i = 0; i < 4; i++)
		x->s[i] = xoshiro_splitmix64(state);
}

void
xoshiro_seed(struct xoshiro *x, uint64_t seed)
{
	xoshiro_seed_from(x, &seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
xoshiro_next(struct xoshiro *x)
{
	uint64_t	*s = x->s;
	uint64_t	 result = rotl(s[1] * 5, 7) * 9;
	uint64_t	 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double
xoshiro_unit(struct xoshiro *x)
{
	return (double)(xoshiro_next(x) >> 11) * 0x1.0p-53;
}
