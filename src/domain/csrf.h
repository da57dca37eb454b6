/* csrf: tokens that prove a state-changing form was sent from a page of this server.
 *
 * A token is HMAC-SHA-256(server secret, "csrf\0" + binding), base64url, where the binding is
 * a secret only the browser and the server know: the session id when logged in, else the
 * random pre-session cookie (http/auth.c). A page from another origin cannot read the binding
 * nor the token, so it cannot forge one; the token changes with every new session (login).
 * Comparison is constant-time. Thread-safe, no allocation. */
#ifndef RATHAUS_DOMAIN_CSRF_H
#define RATHAUS_DOMAIN_CSRF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CSRF_TOKEN_LEN 43

/* The token for `binding` (NUL-terminated, non-empty) into out. ERR_INVALID for an empty
 * binding. */
RH_MUST_CHECK int csrf_token(const uint8_t key[32], const char *binding,
                             char out[CSRF_TOKEN_LEN + 1]);

/* ERR_OK when `token` (may be NULL) is the token for `binding`; else ERR_FORBIDDEN. */
RH_MUST_CHECK int csrf_pruefen(const uint8_t key[32], const char *binding, const char *token);

#endif
