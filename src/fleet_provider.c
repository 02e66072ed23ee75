/*
 * fleet_provider.c - what a fleet sheet is at each provider, as data:
 * apply's phase table (fleet_apply.c), how the live state is read
 * (fleet_state.c, fleet_state_cs.c), whether domains are bought or added,
 * the plan's words for the
 * domain step, and the sheet's columns the provider cannot honour (a row
 * with a value in one is invalid, saying why: a demanding user wants to
 * know that a forwarding inbox or a password will not be, rather than
 * find a fleet that is not the sheet's).
 */
#include <stddef.h>
#include <string.h>

#include "columns.h"
#include "fleet.h"

static const struct fleet_unused cs_unused[] = {
	{ COL_FORWARDING, NULL, NULL, "ColdSend has no forwarding inboxes "
	  "(Maildoso's)" },
	{ COL_PROVIDER, NULL, NULL, "ColdSend makes its own native inboxes "
	  "(maildoso or google is a Maildoso choice)" },
	{ COL_PASSWORD, NULL, NULL, "ColdSend sets its native inboxes' "
	  "passwords itself and never returns them" },
	{ COL_REDIRECT_TO, NULL, NULL, "ColdSend has no domain redirects" },
	{ -1, "sequencer", NULL, "ColdSend sends itself: there is no "
	  "sequencer to push to" },
	{ -1, "domainsource", "buy", "ColdSend sells no domains: it adds "
	  "yours (external, or leave it empty)" },
	{ 0, NULL, NULL, NULL }
};

static const struct fleet_provider fleets[] = {
	{ .name = "maildoso", .phases = fleet_phases,
	  .state_read = fleet_state_read, .buys = 1, .extras = 1,
	  .activate_status = NULL,
	  .domain_words = { [FD_ACTIVE] = "active", [FD_MOVING] = "pending",
	  [FD_BUY] = "buy", [FD_UNAVAILABLE] = "unavailable",
	  [FD_BLOCKED] = "blocked", [FD_EXTERNAL] = "external",
	  [FD_RESTART] = "restart", [FD_ACTIVATE] = "activate",
	  [FD_FAILED] = "failed" },
	  .unused = NULL },
	{ .name = "coldsend", .phases = fleet_phases_coldsend,
	  .state_read = fleet_state_read_cs, .buys = 0, .extras = 0,
	  .activate_status = "DNS_PENDING",
	  .domain_words = { [FD_ACTIVE] = "active", [FD_MOVING] = "pending",
	  [FD_BUY] = "buy", [FD_UNAVAILABLE] = "unavailable",
	  [FD_BLOCKED] = "blocked", [FD_EXTERNAL] = "add",
	  [FD_RESTART] = "retry", [FD_ACTIVATE] = "activate",
	  [FD_FAILED] = "failed" },
	  .unused = cs_unused },
};

const struct fleet_provider *
fleet_provider_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof fleets / sizeof fleets[0]; i++)
		if (strcmp(fleets[i].name, name) == 0)
			return &fleets[i];
	return NULL;
}
