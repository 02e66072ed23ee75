/*
 * password.h - generated passwords from the kernel's CSPRNG.
 */
#ifndef MAILFLEET_PASSWORD_H
#define MAILFLEET_PASSWORD_H

#include <stddef.h>

#define PASSWORD_DEFAULT_LEN	16

/* The alphabet: letters and digits only, so a password survives CSV,
 * shells and every sequencer's import. */
extern const char password_alphabet[];

/*
 * Writes a len-character password (12..64) and a NUL to out, which holds
 * len + 1 bytes. Each character is uniform over the alphabet (rejection
 * sampling, no modulo bias); candidates that miss an upper-case letter, a
 * lower-case letter or a digit are drawn again, so the result is uniform
 * over the passwords that meet the providers' rule. Returns 0, or -1 when
 * len is out of range or getrandom fails.
 */
int	password_generate(char *out, size_t len);

/* Parses --password-length; 0 or -1 with err. */
int	password_parse_length(const char *s, size_t *len, char *err,
	    size_t errlen);

#endif
