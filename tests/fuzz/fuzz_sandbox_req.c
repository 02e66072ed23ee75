/*
 * fuzz_sandbox_req.c - the sandbox's routing, request parsing and
 * handlers, driven without a network (router.c, req.c, maildoso_*.c,
 * coldsend_*.c, store*.c; see sbx_drive.h), then its state file.
 *
 * Input: requests separated by a line "%%". Each is "METHOD URL" on its
 * first line (URL as the client sends it: /maildoso/v1/..., /coldsend/...,
 * /_sandbox/stats, with ?query), then the body; or "+SECONDS" alone,
 * which lets provider time pass. They run in order on one store, 300
 * provider seconds apart, so objects created by one request are there for
 * the next and their lifecycles move on. Every answer must
 * have a status and a JSON body; at the end the store's state must load
 * back and save the same text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "sbx_drive.h"

#define REQUEST_SEP	"\n%%\n"
#define STEP		300.0	/* provider seconds between requests */

/* One request of the input: line, then body. */
static void
run_one(struct store *st, const struct sbx_config *cfg, const char *p,
    size_t n, double now)
{
	const char	*nl = memchr(p, '\n', n);
	size_t		 line = nl != NULL ? (size_t)(nl - p) : n;

	if (line > 0 && p[line - 1] == '\r')
		line--;
	sbx_drive_request(st, cfg, p, line, nl != NULL ? nl + 1 : "",
	    nl != NULL ? n - (size_t)(nl + 1 - p) : 0, now);
}

/* "+SECONDS": how long provider time moves on (15 digits at most). */
static double
wait_for(const char *p, size_t n)
{
	char	num[16];

	if (n >= sizeof num)
		n = sizeof num - 1;
	memcpy(num, p, n);
	num[n] = '\0';
	return (double)strtoul(num, NULL, 10);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sbx_config	 cfg;
	struct store			 st;
	const char			*p = (const char *)data, *sep;
	double				 now = SBX_DRIVE_T0;
	size_t				 len;

	if (cfg.md_token == NULL)
		sbx_drive_config(&cfg);
	sbx_drive_init(&st, &cfg);
	while (size > 0) {
		sep = fuzz_find(p, size, REQUEST_SEP);
		len = sep != NULL ? (size_t)(sep - p) : size;
		if (len > 1 && p[0] == '+')
			now += wait_for(p + 1, len - 1);
		else
			run_one(&st, &cfg, p, len, now);
		now += STEP;
		if (sep == NULL)
			break;
		len += strlen(REQUEST_SEP);
		p += len;
		size -= len;
	}
	sbx_drive_round_trip(&st, &cfg);
	sbx_drive_free(&st);
	return 0;
}
