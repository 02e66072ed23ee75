/*
 * providers.c - the provider registry: every provider's table, found by
 * name or position, and the entry of an operation in a provider's table.
 * A third provider is one file and one line here.
 */
#include <string.h>

#include "operation.h"
#include "provider.h"

extern const struct provider provider_maildoso;
extern const struct provider provider_coldsend;

static const struct provider *const providers[] = {
	&provider_maildoso,
	&provider_coldsend,
	NULL
};

const struct provider *
provider_find(const char *name)
{
	size_t	i;

	for (i = 0; providers[i] != NULL; i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

const struct provider *
provider_nth(size_t i)
{
	return i < sizeof providers / sizeof providers[0] ? providers[i] :
	    NULL;
}

const struct operation *
provider_operation(const struct provider *prov, enum op op, enum kind kind)
{
	size_t	i;

	for (i = 0; i < prov->nops; i++)
		if (prov->ops[i].op == op && prov->ops[i].kind == kind)
			return &prov->ops[i];
	return NULL;
}
