/*
 * test_hash.c - the shared FNV-1a and xoshiro256**: published FNV-1a
 * vectors, and the values the former private copies produced (dupset's
 * key hash, the journal's input fingerprint, the retry jitter stream and
 * the sandbox's --seed streams), so persisted and seeded values stay put.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dupset.h"
#include "harness.h"
#include "hash.h"
#include "journal.h"
#include "retry.h"
#include "xoshiro.h"

static void
test_fnv1a_vectors(void)
{
	uint64_t	h;

	CHECK(hash_fnv1a("", 0) == 0xcbf29ce484222325ULL);
	CHECK(hash_fnv1a("a", 1) == 0xaf63dc4c8601ec8cULL);
	CHECK(hash_fnv1a("foobar", 6) == 0x85944171f73967e8ULL);
	/* Incremental: in pieces equals at once. */
	h = hash_fnv1a_update(HASH_FNV1A_INIT, "foo", 3);
	CHECK(hash_fnv1a_update(h, "bar", 3) == 0x85944171f73967e8ULL);
	CHECK(hash_fnv1a_update(HASH_FNV1A_INIT, "", 0) == HASH_FNV1A_INIT);
}

static void
test_dupset_hash_unchanged(void)
{
	CHECK(dupset_hash("a", 1) == 0x02c0bdbf481420f8ULL);
	CHECK(dupset_hash("foobar", 6) == 0x404da9e3b74078c2ULL);
}

/* 70001 bytes: more than one 64 KiB read, not a multiple of 8. */
static void
test_journal_fingerprint_unchanged(void)
{
	char			 path[] = "/tmp/mf-test-hash.XXXXXX";
	char			 err[256];
	struct journal_head	 jh;
	FILE			*f;
	unsigned		 i;
	int			 fd;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0 || (f = fdopen(fd, "wb")) == NULL)
		return;
	for (i = 0; i < 70001; i++)
		fputc((int)((i * 7u + (i >> 8)) % 256u), f);
	fclose(f);
	CHECK_INT(journal_fingerprint(path, &jh, err, sizeof err), 0);
	CHECK(jh.input_hash == 0x96027cdd6697df27ULL);
	CHECK_INT(jh.input_size, 70001);
	CHECK_INT(jh.input_lines, 547);
	unlink(path);
}

/* retry_rng_seed(42): the jitter stream of the former retry.c copy. */
static void
test_xoshiro_seed(void)
{
	static const uint64_t	want[] = { 0x15780b2e0c2ec716ULL,
				    0x6104d9866d113a7eULL,
				    0xae17533239e499a1ULL,
				    0xecb8ad4703b360a1ULL };
	struct xoshiro		x;
	struct retry_rng	r;
	size_t			i;

	xoshiro_seed(&x, 42);
	retry_rng_seed(&r, 42);
	for (i = 0; i < 4; i++) {
		CHECK(xoshiro_next(&x) == want[i]);
		CHECK(retry_rng_next(&r) == want[i]);
	}
	CHECK(xoshiro_unit(&x) == 0.99180391428210279);
}

/* sbx_rng_seed(7): three streams seeded in turn from one splitmix64
   sequence, the first two draws of each as the former rng.c gave. */
static void
test_xoshiro_seed_from(void)
{
	static const uint64_t	want[3][2] = {
		{ 0xb358faf74ef9765aULL, 0x475c3d964f482cd2ULL },
		{ 0xb9bed8e841f27f97ULL, 0x92bc435da504dd3dULL },
		{ 0xb1c76afea9d4bac8ULL, 0x453dc74fc82ef61aULL } };
	struct xoshiro		x[3];
	uint64_t		state = 7;
	size_t			i;

	for (i = 0; i < 3; i++)
		xoshiro_seed_from(&x[i], &state);
	for (i = 0; i < 3; i++) {
		CHECK(xoshiro_next(&x[i]) == want[i][0]);
		CHECK(xoshiro_next(&x[i]) == want[i][1]);
	}
}

int
main(void)
{
	TEST(test_fnv1a_vectors);
	TEST(test_dupset_hash_unchanged);
	TEST(test_journal_fingerprint_unchanged);
	TEST(test_xoshiro_seed);
	TEST(test_xoshiro_seed_from);
	return th_done();
}
