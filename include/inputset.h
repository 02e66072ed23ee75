/*
 * inputset.h - the domains an input names, learnt by the first pass over
 * the file (validator_prescan): in the order the file first names them,
 * with how many of the input's rows on each the journal says exist
 * already (a --resume). Providers use it to list the accounts of many
 * of the input's domains in one request, and to skip the listing of a
 * domain whose existing accounts are all known.
 *
 * Filled by one thread before the run, read-only after input_domains_seal.
 */
#ifndef MAILFLEET_INPUTSET_H
#define MAILFLEET_INPUTSET_H

#include <stddef.h>

#include "dupset.h"

struct input_domains {
	char		**name;		/* owned, in first-seen order */
	long		 *known;	/* rows the journal has as existing */
	size_t		  n, cap;
	size_t		 *sorted;	/* indices by name, after seal */
	struct dupset	  seen;		/* name -> index + 1 */
};

void	input_domains_init(struct input_domains *d);
void	input_domains_free(struct input_domains *d);
/* Counts a row on domain name; known: the journal has it as existing. */
void	input_domains_add(struct input_domains *d, const char *name,
	    int known);
void	input_domains_seal(struct input_domains *d);
/* The index of name (any case), or -1. After seal. */
long	input_domains_find(const struct input_domains *d, const char *name);

#endif
