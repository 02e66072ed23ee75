/*
 * faults.h - injected faults (--fault SPEC) drawn per request.
 *
 * SPEC is a comma list of KIND=P with P a probability in [0, 1] and KIND
 * one of 500, 502, 503, 504, 429, drop, commit-drop, slow. At most one
 * fault is drawn per request; the probabilities are summed in order.
 */
#ifndef MAILFLEET_SANDBOX_FAULTS_H
#define MAILFLEET_SANDBOX_FAULTS_H

#include <stddef.h>

enum sbx_fault {
	FAULT_NONE = 0,
	FAULT_500,
	FAULT_502,
	FAULT_503,
	FAULT_504,
	FAULT_429,
	FAULT_DROP,		/* close the connection, change nothing */
	FAULT_COMMIT_DROP,	/* apply the change, then close */
	FAULT_SLOW,		/* answer after --slow-ms */
	FAULT_NKINDS
};

struct sbx_faults {
	double	p[FAULT_NKINDS];	/* probability per kind */
};

/* Parse SPEC into f (added to what f holds); -1 with a message in err. */
int	 sbx_faults_parse(struct sbx_faults *f, const char *spec, char *err,
	    size_t errlen);
/* Draw the fault for one request with the faults' random stream. */
enum sbx_fault sbx_faults_draw(const struct sbx_faults *f);
const char *sbx_fault_name(enum sbx_fault k);
/* HTTP status of the error-answer kinds, 0 for the others. */
int	 sbx_fault_status(enum sbx_fault k);

#endif
