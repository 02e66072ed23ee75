/*
 * rng.h - the sandbox's seeded random streams (xoshiro256**).
 *
 * Each stream has its own lock; with --seed and the same request order a
 * run repeats. SBX_RNG_STATE drives identifiers, passwords and lifecycles,
 * SBX_RNG_FAULTS the fault draws, SBX_RNG_LATENCY the jitter.
 */
#ifndef MAILFLEET_SANDBOX_RNG_H
#define MAILFLEET_SANDBOX_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum sbx_rng_stream {
	SBX_RNG_STATE = 0,
	SBX_RNG_FAULTS,
	SBX_RNG_LATENCY,
	SBX_RNG_NSTREAMS
};

void	 sbx_rng_seed(unsigned long long seed);
uint64_t sbx_rng_u64(enum sbx_rng_stream s);
double	 sbx_rng_unit(enum sbx_rng_stream s);	/* [0, 1) */
/* Uniform in [lo, hi]. */
double	 sbx_rng_range(enum sbx_rng_stream s, double lo, double hi);
/* A version 4 UUID, 36 characters, into out (at least 37 bytes). */
void	 sbx_rng_uuid(char *out, size_t len);
/* A 16-character password with upper, lower and digits (malloc'd). */
char	*sbx_rng_password(void);
/* n lower-case letters and digits (malloc'd). */
char	*sbx_rng_token(size_t n);

#endif
