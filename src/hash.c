/*
 * hash.c - 64-bit FNV-1a and the splitmix64 finaliser.
 */
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

uint64_t
hash_fnv1a_update(uint64_t h, const void *p, size_t len)
{
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= b[i];
		h *= HASH_FNV1A_PRIME;
	}
	return h;
}

uint64_t
hash_fnv1a(const void *p, size_t len)
{
	return hash_fnv1a_update(HASH_FNV1A_INIT, p, len);
}

uint64_t
hash_mix64(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}
