/* schluessel: random secrets handed to people (session ids, API tokens, links in e-mails) and
 * the hashes under which the database keeps them.
 *
 * A secret is 32 random bytes (libsodium randombytes_buf) written as unpadded base64url, 43
 * characters, optionally behind a short prefix ("rh_" for API tokens). The database stores
 * only schluessel_hash(): the hex SHA-256 of the whole text, 64 characters. Because the
 * secrets are long and random, a fast hash is enough; lookups go by that hash and the
 * comparison is done by the database index, so no secret bytes are compared in C.
 * schluessel_hmac() is a keyed hash (HMAC-SHA-256 with the server secret) for values that are
 * not random (e-mail addresses, client addresses in rate-limit keys).
 *
 * Thread-safe; sodium_init() must have run (schluessel_init()). No allocation. */
#ifndef RATHAUS_DOMAIN_SCHLUESSEL_H
#define RATHAUS_DOMAIN_SCHLUESSEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SCHLUESSEL_BYTES    32
#define SCHLUESSEL_TEXT_LEN 43  /* base64url of 32 bytes, unpadded */
#define SCHLUESSEL_HASH_LEN 64  /* hex SHA-256 */
#define SCHLUESSEL_MAX      128 /* longest secret text accepted from outside, prefix included */

/* Initialise libsodium once. ERR_NOMEM when it cannot (no entropy source). Idempotent. */
RH_MUST_CHECK int schluessel_init(void);

/* A new secret: `prefix` (may be "") followed by 43 base64url characters, NUL-terminated, in
 * out[0..out_len). ERR_LIMIT when out_len is too small. */
RH_MUST_CHECK int schluessel_neu(const char *prefix, char *out, size_t out_len);

/* The hex SHA-256 of text[0..len) into out (SCHLUESSEL_HASH_LEN + 1 bytes). Cannot fail. */
void schluessel_hash(const char *text, size_t len, char out[SCHLUESSEL_HASH_LEN + 1]);

/* The hex HMAC-SHA-256 of text[0..len) under key[0..32). Cannot fail. */
void schluessel_hmac(const uint8_t key[SCHLUESSEL_BYTES], const char *text, size_t len,
                     char out[SCHLUESSEL_HASH_LEN + 1]);

/* True when text[0..len) looks like a secret made here with `prefix`: the prefix, then
 * exactly 43 base64url characters. Cannot fail. */
bool schluessel_is_wohlgeformt(const char *prefix, const char *text, size_t len);

/* Bytes to lower-case hex: out needs 2 * len + 1 bytes. Cannot fail. */
void schluessel_hex(const uint8_t *p, size_t len, char *out);
/* Hex (either case) to bytes; ERR_INVALID unless exactly 2 * out_len hex digits. */
RH_MUST_CHECK int schluessel_unhex(const char *hex, uint8_t *out, size_t out_len);

#endif
