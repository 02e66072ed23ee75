/*
 * hash.h - the 64-bit FNV-1a hash and a 64-bit mixer, shared by the
 * client and the sandbox.
 */
#ifndef MAILFLEET_HASH_H
#define MAILFLEET_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV1A_INIT		0xcbf29ce484222325ULL	/* offset basis */
#define HASH_FNV1A_PRIME	0x100000001b3ULL

/* FNV-1a of len bytes at p. */
uint64_t hash_fnv1a(const void *p, size_t len);
/* Continues an FNV-1a hash h (HASH_FNV1A_INIT to start) over len bytes. */
uint64_t hash_fnv1a_update(uint64_t h, const void *p, size_t len);
/* The splitmix64 finaliser: spreads the bits of x. */
uint64_t hash_mix64(uint64_t x);

#endif
