/*
 * test_strmap.c - the one string map (src/strmap.c) of the client and the
 * sandbox: insert, find, replace, growth, keys given by length, case,
 * deletes and their tombstones, iteration.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "strmap.h"

static void
test_put_get_replace(void)
{
	struct strmap	m;
	long long	v = 0;

	strmap_init(&m);
	CHECK_INT(strmap_get(&m, "a", &v), 0);		/* empty table */
	strmap_put(&m, "a", 1);
	strmap_put(&m, "b", 2);
	CHECK_INT(strmap_get(&m, "a", &v), 1);
	CHECK_INT(v, 1);
	CHECK_INT(strmap_get(&m, "b", NULL), 1);
	CHECK_INT(strmap_get(&m, "c", NULL), 0);
	CHECK_INT(strmap_get(&m, "", NULL), 0);
	strmap_put(&m, "a", 7);				/* replaces */
	CHECK_INT(strmap_get(&m, "a", &v), 1);
	CHECK_INT(v, 7);
	CHECK_INT(m.live, 2);
	strmap_put(&m, "", -3);				/* "" is a key too */
	CHECK_INT(strmap_get(&m, "", &v), 1);
	CHECK_INT(v, -3);
	CHECK_INT(strmap_add(&m, "a", 3), 10);
	CHECK_INT(strmap_add(&m, "n", 4), 4);
	CHECK_INT(m.live, 4);
	strmap_free(&m);
	CHECK_INT(m.live, 0);
	CHECK_INT(strmap_get(&m, "a", NULL), 0);
}

/* Keys by length: the n bytes only, whatever follows them. */
static void
test_length_keys(void)
{
	struct strmap	m;
	long long	v = 0;

	strmap_init(&m);
	strmap_putn(&m, "ann@acme.com,x", 12, 5);
	CHECK_INT(strmap_get(&m, "ann@acme.com", &v), 1);
	CHECK_INT(v, 5);
	CHECK_INT(strmap_getn(&m, "ann@acme.com.au", 12, NULL), 1);
	CHECK_INT(strmap_getn(&m, "ann@acme.com", 11, NULL), 0);
	CHECK_INT(strmap_get(&m, "ann@acme.com,x", NULL), 0);
	CHECK_INT(m.live, 1);
	strmap_free(&m);
}

/* Byte for byte: both users fold case before they put or look up. */
static void
test_case_kept(void)
{
	struct strmap	m;
	long long	v = 0;

	strmap_init(&m);
	strmap_put(&m, "Ann@Acme.com", 1);
	strmap_put(&m, "ann@acme.com", 2);
	CHECK_INT(m.live, 2);
	CHECK_INT(strmap_get(&m, "Ann@Acme.com", &v), 1);
	CHECK_INT(v, 1);
	CHECK_INT(strmap_get(&m, "ann@acme.com", &v), 1);
	CHECK_INT(v, 2);
	CHECK_INT(strmap_get(&m, "ANN@ACME.COM", NULL), 0);
	strmap_free(&m);
}

/* 10,000 keys: the table doubles from 16 at 3/4 full; every key and
 * value survives each rebuild; a slot is a key pointer and a value. */
static void
test_growth(void)
{
	struct strmap	m;
	char		key[32];
	long long	v;
	int		i, ok = 1;

	CHECK_INT(sizeof(struct strmap_slot), sizeof(char *) +
	    sizeof(long long));
	strmap_init(&m);
	strmap_put(&m, "k0", 1);
	CHECK_INT(m.cap, 16);
	for (i = 1; i < 10000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		strmap_put(&m, key, i + 1);
	}
	CHECK_INT(m.live, 10000);
	CHECK_INT(m.cap, 16384);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		v = 0;
		ok &= strmap_get(&m, key, &v) && v == i + 1;
	}
	CHECK(ok);
	CHECK_INT(strmap_get(&m, "k10000", NULL), 0);
	strmap_put(&m, "k5", 0);
	CHECK_INT(strmap_get(&m, "k5", &v), 1);
	CHECK_INT(v, 0);
	CHECK_INT(m.live, 10000);
	strmap_free(&m);
}

/* The sandbox's use: many deletes, tombstones reused by later puts,
 * strmap_add on a key probed past them; iteration sees live keys only. */
static void
test_delete(void)
{
	struct strmap	m;
	char		key[32];
	long long	v, sum = 0;
	const char	*k;
	size_t		it = 0;
	int		i, n = 0;

	strmap_init(&m);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d@example.com", i);
		strmap_put(&m, key, i);
	}
	for (i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof key, "k%d@example.com", i);
		strmap_del(&m, key);
	}
	CHECK_INT(m.live, 2500);
	CHECK_INT(strmap_get(&m, "k1@example.com", &v), 1);
	CHECK_INT(v, 1);
	CHECK_INT(strmap_get(&m, "k2@example.com", &v), 0);
	CHECK_INT(strmap_add(&m, "k1@example.com", 10), 11);
	CHECK_INT(strmap_add(&m, "new", 3), 3);
	/* Tombstones are reused and iteration sees live keys only. */
	for (i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof key, "k%d@example.com", i);
		strmap_put(&m, key, 0);
	}
	while (strmap_iter(&m, &it, &k, &v)) {
		n++;
		sum += v;
	}
	CHECK_INT(n, 5001);
	CHECK(sum == 2500LL * 2500 + 10 + 3);
	strmap_free(&m);
	CHECK_INT(strmap_get(&m, "x", NULL), 0);
}

/* A map that only ever holds a few keys does not grow however many come
 * and go: the rebuild at 3/4 full drops the tombstones. */
static void
test_tombstones_purged(void)
{
	struct strmap	m;
	char		key[32];
	const char	*k;
	size_t		it = 0;
	int		i;

	strmap_init(&m);
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "gone%d", i);
		strmap_put(&m, key, i);
		strmap_del(&m, key);
	}
	strmap_del(&m, "absent");
	CHECK_INT(m.live, 0);
	CHECK_INT(m.cap, 16);
	CHECK_INT(strmap_iter(&m, &it, &k, NULL), 0);
	strmap_free(&m);
}

int
main(void)
{
	TEST(test_put_get_replace);
	TEST(test_length_keys);
	TEST(test_case_kept);
	TEST(test_growth);
	TEST(test_delete);
	TEST(test_tombstones_purged);
	return th_done();
}
