/*
 * test_pricing.c - the price list (src/pricing.c): its ranges read from
 * the documented answer, a unit's price by the range holding its count,
 * a run's cost per unit by position, dollars in and out.
 */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "json.h"
#include "pricing.h"

/* The documented example of GET /v1/billing/pricing. */
static const char example[] =
    "{\"maildoso_accounts\":{\"ranges\":[{\"to\":10,\"price\":300},"
    "{\"from\":11,\"to\":50,\"price\":250},{\"from\":51,\"price\":200}]},"
    "\"google_accounts\":{\"ranges\":[{\"price\":600}]},"
    "\"domains\":{\"ranges\":[{\"from\":null,\"to\":null,\"price\":1500}]}}";

static int
read_list(const char *text, struct price_list *c, char *err, size_t len)
{
	struct json_doc	*d = json_parse(text, strlen(text), NULL, 0);
	int		 rc;

	memset(c, 0, sizeof *c);
	if (d == NULL)
		return -2;
	rc = price_list_read(d, c, err, len);
	json_free(d);
	return rc;
}

static void
test_read(void)
{
	struct price_list	c;
	char			err[256];

	CHECK_INT(read_list(example, &c, err, sizeof err), 0);
	CHECK_INT((int)c.n, 5);
	CHECK_STR(c.t[0].product, "maildoso_accounts");
	CHECK(c.t[0].from == -1 && c.t[0].to == 10 && c.t[0].price == 300);
	CHECK(c.t[2].from == 51 && c.t[2].to == -1);
	CHECK(c.t[4].from == -1 && c.t[4].to == -1);	/* null: open */
	price_list_free(&c);
	CHECK_INT(read_list("{\"domains\":{\"ranges\":[{\"price\":1.5}]}}", &c,
	    err, sizeof err), -1);
	CHECK(strstr(err, "domains range 1") != NULL);
	CHECK_INT(read_list("{\"domains\":{}}", &c, err, sizeof err), -1);
	CHECK(strstr(err, "no \"ranges\"") != NULL);
	CHECK_INT(read_list("[1]", &c, err, sizeof err), -1);
}

static void
test_unit(void)
{
	struct price_list	c;
	long long		p = -1;
	char			err[256];

	CHECK_INT(read_list(example, &c, err, sizeof err), 0);
	CHECK_INT(price_unit(&c, "maildoso_accounts", 1, &p), 0);
	CHECK(p == 300);
	CHECK_INT(price_unit(&c, "maildoso_accounts", 10, &p), 0);
	CHECK(p == 300);				/* "to" inclusive */
	CHECK_INT(price_unit(&c, "maildoso_accounts", 11, &p), 0);
	CHECK(p == 250);				/* "from" inclusive */
	CHECK_INT(price_unit(&c, "maildoso_accounts", 51, &p), 0);
	CHECK(p == 200);
	CHECK_INT(price_unit(&c, "maildoso_accounts", 100000, &p), 0);
	CHECK(p == 200);
	CHECK_INT(price_unit(&c, "domains", 7, &p), 0);
	CHECK(p == 1500);
	CHECK_INT(price_unit(&c, "warmups", 1, &p), -1);	/* no product */
	price_list_free(&c);
	/* a gap between ranges: no price */
	CHECK_INT(read_list("{\"domains\":{\"ranges\":[{\"to\":2,\"price\":9},"
	    "{\"from\":5,\"price\":8}]}}", &c, err, sizeof err), 0);
	CHECK_INT(price_unit(&c, "domains", 3, &p), -1);
	price_list_free(&c);
}

/* Units by position: with 8 held, 5 more are units 9..13. */
static void
test_cost(void)
{
	struct run_cost	c;
	struct buf	b = BUF_INIT;
	long long	cents, p;
	char		err[256];

	memset(&c, 0, sizeof c);
	CHECK_INT(read_list(example, &c.list, err, sizeof err), 0);
	c.n = 2;
	c.product[0] = strdup("maildoso_accounts");
	c.product[1] = strdup("domains");
	c.held[0] = 8;
	CHECK_INT(run_cost_peek(&c, "maildoso_accounts", 5, &cents), 0);
	CHECK(cents == 2 * 300 + 3 * 250);
	CHECK_INT(run_cost_take(&c, "maildoso_accounts", &p), 0);
	CHECK(p == 300);				/* unit 9 */
	CHECK_INT(run_cost_take(&c, "maildoso_accounts", &p), 0);
	CHECK_INT(run_cost_take(&c, "maildoso_accounts", &p), 0);
	CHECK(p == 250);				/* unit 11 */
	CHECK_INT(run_cost_peek(&c, "maildoso_accounts", 1, &cents), 0);
	CHECK(cents == 250);				/* peek counts nothing */
	CHECK_INT(run_cost_take(&c, "domains", &p), 0);
	CHECK_INT(run_cost_take(&c, "google_accounts", &p), -1);
	CHECK(c.unpriced == 1);
	run_cost_describe(&c, &b);
	CHECK_STR(buf_cstr(&b), "3 maildoso_accounts for $8.50 and 1 domains "
	    "for $15.00");
	buf_free(&b);
	run_cost_free(&c);
	run_cost_describe(&c, &b);
	CHECK_STR(buf_cstr(&b), "nothing");
	buf_free(&b);
}

static void
test_dollars(void)
{
	long long	c = -1;
	char		s[32];

	CHECK_INT(price_parse("95", &c), 0);
	CHECK(c == 9500);
	CHECK_INT(price_parse("95.5", &c), 0);
	CHECK(c == 9550);
	CHECK_INT(price_parse("95.50", &c), 0);
	CHECK(c == 9550);
	CHECK_INT(price_parse("0.07", &c), 0);
	CHECK(c == 7);
	CHECK_INT(price_parse("95.", &c), -1);
	CHECK_INT(price_parse(".5", &c), -1);
	CHECK_INT(price_parse("95.505", &c), -1);
	CHECK_INT(price_parse("-1", &c), -1);
	CHECK_INT(price_parse("$95", &c), -1);
	CHECK_INT(price_parse("", &c), -1);
	CHECK_INT(price_parse("1234567890123", &c), -1);	/* too large */
	CHECK_STR(price_format(s, sizeof s, 6900), "69.00");
	CHECK_STR(price_format(s, sizeof s, 5), "0.05");
}

int
main(void)
{
	TEST(test_read);
	TEST(test_unit);
	TEST(test_cost);
	TEST(test_dollars);
	return th_done();
}
