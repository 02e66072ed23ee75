/*
 * faults.c - parse --fault SPEC and draw one fault per request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "sandbox/faults.h"
#include "sandbox/rng.h"
#include "xmalloc.h"

static const struct {
	enum sbx_fault	 kind;
	const char	*name;
	int		 status;
} kinds[] = {
	{ FAULT_500, "500", 500 },
	{ FAULT_502, "502", 502 },
	{ FAULT_503, "503", 503 },
	{ FAULT_504, "504", 504 },
	{ FAULT_429, "429", 429 },
	{ FAULT_DROP, "drop", 0 },
	{ FAULT_COMMIT_DROP, "commit-drop", 0 },
	{ FAULT_SLOW, "slow", 0 },
};

const char *
sbx_fault_name(enum sbx_fault k)
{
	size_t	i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "none";
}

int
sbx_fault_status(enum sbx_fault k)
{
	size_t	i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == k)
			return kinds[i].status;
	return 0;
}

int
sbx_faults_parse(struct sbx_faults *f, const char *spec, char *err,
    size_t errlen)
{
	char	*copy = xstrdup(spec), *item, *save = NULL, *eq;
	double	 p, sum = 0;
	size_t	 i;
	int	 k;

	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL) {
			snprintf(err, errlen, "fault '%s': expected KIND=P",
			    item);
			goto fail;
		}
		*eq++ = '\0';
		if (num_parse_double(eq, 0, 1, &p) != 0) {
			snprintf(err, errlen, "fault '%s': probability '%s' "
			    "is not in [0, 1]", item, eq);
			goto fail;
		}
		for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
			if (strcmp(kinds[i].name, item) == 0)
				break;
		if (i == sizeof kinds / sizeof kinds[0]) {
			snprintf(err, errlen, "unknown fault kind '%s' (500, "
			    "502, 503, 504, 429, drop, commit-drop, slow)",
			    item);
			goto fail;
		}
		f->p[kinds[i].kind] = p;
	}
	for (k = 0; k < FAULT_NKINDS; k++)
		sum += f->p[k];
	if (sum > 1.0 + 1e-9) {
		snprintf(err, errlen, "fault probabilities add up to more "
		    "than 1");
		goto fail;
	}
	free(copy);
	return 0;
fail:
	free(copy);
	return -1;
}

enum sbx_fault
sbx_faults_draw(const struct sbx_faults *f)
{
	double	x, acc = 0;
	int	k, any = 0;

	for (k = 1; k < FAULT_NKINDS; k++)
		any |= f->p[k] > 0;
	if (!any)
		return FAULT_NONE;
	x = sbx_rng_unit(SBX_RNG_FAULTS);
	for (k = 1; k < FAULT_NKINDS; k++) {
		acc += f->p[k];
		if (x < acc)
			return (enum sbx_fault)k;
	}
	return FAULT_NONE;
}
