/*
 * log.h - diagnostics on stderr, prefixed with the program name.
 *
 * Messages are lower-case sentences without a full stop. Nothing logged may
 * contain a token or a password: callers pass redacted text (see http.c).
 */
#ifndef MAILFLEET_LOG_H
#define MAILFLEET_LOG_H

enum log_level {
	LOG_QUIET = 0,	/* -q: errors only */
	LOG_NORMAL = 1,
	LOG_VERBOSE = 2	/* -v */
};

void	log_set_level(enum log_level level);
enum log_level log_get_level(void);
void	log_set_prog(const char *name);
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
