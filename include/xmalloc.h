/*
 * xmalloc.h - allocation wrappers that abort on out-of-memory.
 *
 * Out of memory is the one condition mailfleet does not try to survive: the
 * wrappers print one line and abort, so call sites stay free of NULL checks
 * (the tmux/redis convention). Everything returned is owned by the caller and
 * released with free().
 */
#ifndef MAILFLEET_XMALLOC_H
#define MAILFLEET_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *ptr, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* A copy with A-Z made a-z (addresses and domain names: ASCII case
 * only, whatever the locale). */
char	*xstrdup_lower(const char *s);

#endif
