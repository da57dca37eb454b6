/* passwort: password hashing and checking with argon2id (libsodium crypto_pwhash_str), and
 * the rules for new passwords.
 *
 * The hash string carries its own salt and parameters; passwort_pruefen() works for hashes
 * made with older parameters, and passwort_braucht_neu() says when one should be re-hashed
 * after a successful login. Secrets passed in are never logged or kept; callers wipe their own
 * copies. Thread-safe (each hash takes PASSWORT_MEMLIMIT bytes for a moment). */
#ifndef RATHAUS_DOMAIN_PASSWORT_H
#define RATHAUS_DOMAIN_PASSWORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PASSWORT_MIN      10  /* characters (UTF-8 code points) */
#define PASSWORT_MAX      256 /* bytes */
#define PASSWORT_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* Check a new password against the rules: valid UTF-8 without control characters, at least
 * PASSWORT_MIN characters, at most PASSWORT_MAX bytes. ERR_OK or ERR_INVALID with *meldung
 * (static German text, may be NULL) saying what is wrong. */
RH_MUST_CHECK int passwort_regeln(const char *pw, size_t len, const char **meldung);

/* Hash pw[0..len) into out (NUL-terminated, at most PASSWORT_HASH_MAX bytes). ERR_NOMEM when
 * the memory for argon2id cannot be had, ERR_INVALID past PASSWORT_MAX. */
RH_MUST_CHECK int passwort_hash(const char *pw, size_t len, char out[PASSWORT_HASH_MAX]);

/* ERR_OK when pw matches `hash`; ERR_UNAUTHORIZED when not, or when hash is NULL (an account
 * without a password: the same work is done against a dummy hash, so the time does not tell
 * whether an account exists). */
RH_MUST_CHECK int passwort_pruefen(const char *hash, const char *pw, size_t len);

/* True when `hash` was made with other parameters than passwort_hash() uses now. */
bool passwort_braucht_neu(const char *hash);

#endif
