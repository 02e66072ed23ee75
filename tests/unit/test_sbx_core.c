/*
 * test_sbx_core.c - the sandbox's small parts: rate windows, fault specs
 * and draws, random passwords and UUIDs, the router (the string map is
 * src/strmap.c: test_strmap.c).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sandbox/faults.h"
#include "sandbox/ratelimit.h"
#include "sandbox/req.h"
#include "sandbox/rng.h"
#include "sandbox/router.h"
#include "xmalloc.h"

static void
test_rate_parse(void)
{
	struct sbx_rate	r;
	char		err[256];

	CHECK_INT(sbx_rate_parse(&r, "100/m+1000/h", err, sizeof err), 0);
	CHECK_INT(r.nwin, 2);
	CHECK_INT(r.limit[0], 100);
	CHECK(r.seconds[0] == 60);
	CHECK_INT(r.limit[1], 1000);
	CHECK(r.seconds[1] == 3600);
	CHECK_INT(sbx_rate_parse(&r, "5/s", err, sizeof err), 0);
	CHECK_INT(r.nwin, 1);
	CHECK_INT(sbx_rate_parse(&r, "none", err, sizeof err), 0);
	CHECK_INT(r.nwin, 0);
	CHECK_INT(sbx_rate_parse(&r, "5/d", err, sizeof err), -1);
	CHECK_INT(sbx_rate_parse(&r, "x/s", err, sizeof err), -1);
	CHECK_INT(sbx_rate_parse(&r, "1/s+2/s+3/s", err, sizeof err), -1);
	CHECK_INT(sbx_rate_parse(&r, "-1/s", err, sizeof err), -1);
	CHECK_CONTAINS(err, "N/s");
}

/* Sliding windows: never more than limit admissions in any span. */
static void
test_rate_windows(void)
{
	struct sbx_rate		r;
	struct sbx_rate_state	st;
	struct sbx_rate_info	ri;
	char			err[64];
	int			i, ok = 0;
	double			t = 1000.0;

	sbx_rate_parse(&r, "3/s+5/m", err, sizeof err);
	sbx_rate_init(&st, &r);
	for (i = 0; i < 3; i++)
		ok += sbx_rate_take(&st, t + i * 0.1, &ri);
	CHECK_INT(ok, 3);
	CHECK_INT(ri.limit, 3);
	CHECK_INT(ri.remaining, 0);
	/* Fourth within the same second: refused, retry after ~1 s. */
	CHECK_INT(sbx_rate_take(&st, t + 0.5, &ri), 0);
	CHECK_INT(ri.retry_after, 1);
	CHECK_INT(ri.remaining, 0);
	/* After the first left the 1 s window: admitted. */
	CHECK_INT(sbx_rate_take(&st, t + 1.05, &ri), 1);
	/* t+0.1, t+0.2 and t+1.05 fill the second again: it is reported. */
	CHECK_INT(ri.limit, 3);
	CHECK_INT(ri.remaining, 0);
	CHECK_INT(sbx_rate_take(&st, t + 3, &ri), 1);
	/* Five in the minute: now the minute window has the least room. */
	CHECK_INT(ri.limit, 5);
	CHECK_INT(ri.remaining, 0);
	CHECK(ri.reset == (long long)(t + 60));
	CHECK_INT(sbx_rate_take(&st, t + 5, &ri), 0);	/* minute full */
	CHECK(ri.retry_after >= 54 && ri.retry_after <= 56);
	CHECK_INT(sbx_rate_take(&st, t + 60.01, &ri), 1);	/* first expired */
	sbx_rate_free(&st);
	/* No windows: always admitted, no headers. */
	sbx_rate_parse(&r, "none", err, sizeof err);
	sbx_rate_init(&st, &r);
	CHECK_INT(sbx_rate_take(&st, t, &ri), 1);
	CHECK_INT(ri.limit, 0);
	sbx_rate_free(&st);
}

static void
test_faults(void)
{
	struct sbx_faults	f;
	char			err[256];
	int			counts[FAULT_NKINDS], i;

	memset(&f, 0, sizeof f);
	CHECK_INT(sbx_faults_parse(&f, "500=0.1,drop=0.2,commit-drop=0.1,"
	    "slow=0.05,429=0.05", err, sizeof err), 0);
	CHECK(f.p[FAULT_500] == 0.1);
	CHECK(f.p[FAULT_DROP] == 0.2);
	CHECK_INT(sbx_faults_parse(&f, "bogus=0.1", err, sizeof err), -1);
	CHECK_CONTAINS(err, "unknown fault");
	CHECK_INT(sbx_faults_parse(&f, "500=1.5", err, sizeof err), -1);
	/* NaN compares false with both bounds; it was taken as a probability. */
	CHECK_INT(sbx_faults_parse(&f, "500=nan", err, sizeof err), -1);
	CHECK_CONTAINS(err, "is not in [0, 1]");
	CHECK_INT(sbx_faults_parse(&f, "500=1e-400", err, sizeof err), -1);
	CHECK_INT(sbx_faults_parse(&f, "503", err, sizeof err), -1);
	CHECK_INT(sbx_faults_parse(&f, "503=0.9", err, sizeof err), -1);
	CHECK_INT(sbx_fault_status(FAULT_503), 503);
	CHECK_INT(sbx_fault_status(FAULT_DROP), 0);
	CHECK_STR(sbx_fault_name(FAULT_COMMIT_DROP), "commit-drop");
	/* Draws follow the probabilities (seeded: repeatable). */
	memset(&f, 0, sizeof f);
	sbx_faults_parse(&f, "500=0.1,drop=0.2", err, sizeof err);
	sbx_rng_seed(7);
	memset(counts, 0, sizeof counts);
	for (i = 0; i < 100000; i++)
		counts[sbx_faults_draw(&f)]++;
	CHECK(counts[FAULT_500] > 9000 && counts[FAULT_500] < 11000);
	CHECK(counts[FAULT_DROP] > 19000 && counts[FAULT_DROP] < 21000);
	CHECK(counts[FAULT_NONE] > 69000 && counts[FAULT_NONE] < 71000);
	CHECK_INT(counts[FAULT_SLOW], 0);
	memset(&f, 0, sizeof f);
	CHECK_INT(sbx_faults_draw(&f), FAULT_NONE);
}

static void
test_rng(void)
{
	char	u1[40], u2[40], *p;
	int	i, ok = 1;

	sbx_rng_seed(42);
	sbx_rng_uuid(u1, sizeof u1);
	sbx_rng_seed(42);
	sbx_rng_uuid(u2, sizeof u2);
	CHECK_STR(u1, u2);		/* a seed repeats a run */
	CHECK_INT(strlen(u1), 36);
	CHECK(u1[14] == '4');
	CHECK(strchr("89ab", u1[19]) != NULL);
	for (i = 0; i < 2000 && ok; i++) {
		p = sbx_rng_password();
		ok = sbx_password_ok(p) && strlen(p) == 16;
		free(p);
	}
	CHECK(ok);
}

static void
test_validators(void)
{
	CHECK(sbx_password_ok("Abcdefghijk1"));
	CHECK(!sbx_password_ok("Abcdefghij1"));		/* 11 chars */
	CHECK(!sbx_password_ok("abcdefghijk1"));	/* no upper */
	CHECK(!sbx_password_ok("ABCDEFGHIJK1"));	/* no lower */
	CHECK(!sbx_password_ok("Abcdefghijkl"));	/* no digit */
	CHECK(sbx_email_ok("john.doe@mail.example.com"));
	CHECK(!sbx_email_ok("john@@example.com"));
	CHECK(!sbx_email_ok("@example.com"));
	CHECK(!sbx_email_ok("john@example"));
	CHECK(!sbx_email_ok("jo hn@example.com"));
	CHECK(!sbx_email_ok("john.@example.com"));
	CHECK(sbx_hostname_ok("a-b.example.co.uk"));
	CHECK(!sbx_hostname_ok("-ab.com"));
	CHECK(!sbx_hostname_ok("ab-.com"));
	CHECK(!sbx_hostname_ok("a..com"));
	CHECK(!sbx_hostname_ok("com"));
	CHECK(!sbx_hostname_ok("a_b.com"));
}

static int
routes_to(enum sbx_provider p, const char *method, const char *path,
    const char *op, const char *param)
{
	struct sbx_req			 r;
	const struct sbx_route		*rt;
	int				 known, ok;

	memset(&r, 0, sizeof r);
	r.provider = p;
	r.method = method;
	r.path = xstrdup(path);
	rt = sbx_route_find(&r, &known);
	ok = rt != NULL && strcmp(rt->op, op) == 0 &&
	    (param == NULL || (r.nparams == 1 &&
	    strcmp(r.params[0], param) == 0));
	if (!ok)
		fprintf(stderr, "    %s %s -> %s\n", method, path,
		    rt ? rt->op : "(none)");
	sbx_req_free(&r);
	return ok;
}

static void
test_router(void)
{
	const struct sbx_route	*rt;
	struct sbx_req		 r;
	int			 md = 0, cs = 0, known;

	for (rt = sbx_routes; rt->pattern != NULL; rt++) {
		md += rt->provider == SBX_MAILDOSO;
		cs += rt->provider == SBX_COLDSEND;
	}
	CHECK_INT(md, 35);	/* every operation of the OpenAPI file */
	CHECK_INT(cs, 13);
	CHECK(routes_to(SBX_MAILDOSO, "PUT", "/v1/user/accounts/forwarding",
	    "update_forwarding_accounts", NULL));
	CHECK(routes_to(SBX_MAILDOSO, "PUT", "/v1/user/accounts/1001",
	    "update_email_accounts", "1001"));
	CHECK(routes_to(SBX_MAILDOSO, "GET", "/v1/user/accounts/7/totp",
	    "generate_account_totp_v1_user_accounts__account_id__totp_get",
	    "7"));
	CHECK(routes_to(SBX_COLDSEND, "GET", "/domains/abc/progress",
	    "coldsend.domain_progress", "abc"));
	CHECK(routes_to(SBX_COLDSEND, "DELETE", "/sender-accounts/x-1",
	    "coldsend.delete_sender_account", "x-1"));
	CHECK(routes_to(SBX_COLDSEND, "GET",
	    "/sender-accounts/smtp/bulk/j1/progress",
	    "coldsend.smtp_bulk_progress", "j1"));
	/* Unknown method on a known path vs unknown path. */
	memset(&r, 0, sizeof r);
	r.provider = SBX_MAILDOSO;
	r.method = "PATCH";
	r.path = xstrdup("/v1/user/me");
	CHECK(sbx_route_find(&r, &known) == NULL);
	CHECK_INT(known, 1);
	free(r.path);
	r.path = xstrdup("/v1/nothing");
	CHECK(sbx_route_find(&r, &known) == NULL);
	CHECK_INT(known, 0);
	sbx_req_free(&r);
}

int
main(void)
{
	TEST(test_rate_parse);
	TEST(test_rate_windows);
	TEST(test_faults);
	TEST(test_rng);
	TEST(test_validators);
	TEST(test_router);
	return th_done();
}
