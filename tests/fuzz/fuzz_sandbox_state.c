/*
 * fuzz_sandbox_state.c - the sandbox's --state loader (persist.c), then
 * its handlers reading whatever the file held.
 *
 * Input: the state file's text. When it loads, it must save a text that
 * loads back and saves the same, and the listing and lookup requests
 * (see sbx_drive.h) must answer with a status and JSON on that store.
 */
#include <string.h>

#include "fuzz_util.h"
#include "json.h"
#include "sandbox/persist.h"
#include "sbx_drive.h"

static const char *const reads[] = {
	"GET /maildoso/v1/user/me",
	"GET /maildoso/v1/user/data",
	"GET /maildoso/v1/user/stats",
	"GET /maildoso/v1/user/domains?page=1&size=100",
	"GET /maildoso/v1/user/accounts-lookup?page=1&size=100",
	"GET /maildoso/v1/user/accounts/forwarding",
	"GET /maildoso/v1/user/forwarding-lookup",
	"GET /maildoso/v1/user/services/warmups",
	"GET /maildoso/v1/sequencers",
	"GET /coldsend/domains",
	"GET /coldsend/sender-accounts",
	"GET /_sandbox/stats",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sbx_config	 cfg;
	struct store			 st;
	double				 clock = 0;
	char				 err[256];
	size_t				 i;

	if (cfg.md_token == NULL)
		sbx_drive_config(&cfg);
	sbx_drive_init(&st, &cfg);
	if (sbx_persist_load_text(&st, (const char *)data, size, &clock, err,
	    sizeof err) == 0) {
		st.now = clock;
		sbx_drive_round_trip(&st, &cfg);
		for (i = 0; i < sizeof reads / sizeof reads[0]; i++)
			sbx_drive_request(&st, &cfg, reads[i],
			    strlen(reads[i]), "", 0, clock + 3600);
	}
	sbx_drive_free(&st);
	return 0;
}
