/* totp: time-based one-time passwords (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA-1, 30 s
 * steps and 6 digits, as authenticator apps expect; secrets in base32 (RFC 4648).
 *
 * A code is accepted for the current step and one step either side (clock skew), and only for
 * a step later than the last one accepted for the account, so a code cannot be replayed.
 * Thread-safe, no allocation except totp_uri(). */
#ifndef RATHAUS_DOMAIN_TOTP_H
#define RATHAUS_DOMAIN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define TOTP_SCHRITT         30
#define TOTP_STELLEN         6
#define TOTP_GEHEIMNIS_BYTES 20
#define TOTP_GEHEIMNIS_LEN   32 /* base32 of 20 bytes, no padding */

/* HOTP value of `counter` under key[0..key_len) with `digits` digits (6..8). Cannot fail. */
uint32_t totp_hotp(const uint8_t *key, size_t key_len, uint64_t counter, unsigned digits);

/* The TOTP value at unix time `t` for `step` seconds and `digits` digits. Cannot fail. */
uint32_t totp_at(const uint8_t *key, size_t key_len, int64_t t, unsigned step, unsigned digits);

/* A new random secret, base32 (TOTP_GEHEIMNIS_LEN characters + NUL). Cannot fail. */
void totp_geheimnis_neu(char out[TOTP_GEHEIMNIS_LEN + 1]);

/* Decode base32 text (upper or lower case, spaces and '=' ignored) into out[0..out_cap);
 * *out_len gets the byte count. ERR_INVALID for another character, ERR_LIMIT when too long. */
RH_MUST_CHECK int totp_base32_decode(const char *text, uint8_t *out, size_t out_cap,
                                     size_t *out_len);
/* Encode bytes as base32 without padding into out (8 * ceil(len / 5) + 1 bytes suffice).
 * Cannot fail. */
void totp_base32_encode(const uint8_t *p, size_t len, char *out);

/* Check `code` (6 digits; spaces are ignored) against the base32 `geheimnis` at time `jetzt`.
 * `letzter_schritt` is the step accepted last for the account (0: none). ERR_OK and *schritt
 * = the matching step (store it as the new letzter_schritt); ERR_UNAUTHORIZED for a wrong or
 * replayed code; ERR_INVALID when the code is not 6 digits or the secret is not base32. */
RH_MUST_CHECK int totp_pruefen(const char *geheimnis, const char *code, int64_t jetzt,
                               int64_t letzter_schritt, int64_t *schritt);

/* The otpauth:// URI for authenticator apps, in `a`; NULL when the arena is full. */
const char *totp_uri(struct arena *a, const char *aussteller, const char *konto,
                     const char *geheimnis);

#endif
