/*
 * xoshiro.h - the xoshiro256** generator seeded by splitmix64, shared by
 * the client (retry jitter) and the sandbox (seeded streams). Not
 * thread-safe: the caller locks or keeps one per thread.
 */
#ifndef MAILFLEET_XOSHIRO_H
#define MAILFLEET_XOSHIRO_H

#include <stdint.h>

struct xoshiro {
	uint64_t	s[4];
};

/* The next splitmix64 output; advances *state. */
uint64_t xoshiro_splitmix64(uint64_t *state);
/* Fills x with four splitmix64 outputs from *state (advanced), so several
   generators can be seeded in turn from one seed. */
void	 xoshiro_seed_from(struct xoshiro *x, uint64_t *state);
/* xoshiro_seed_from() a state of seed. */
void	 xoshiro_seed(struct xoshiro *x, uint64_t seed);
uint64_t xoshiro_next(struct xoshiro *x);
double	 xoshiro_unit(struct xoshiro *x);	/* [0, 1), 53 bits */

#endif
