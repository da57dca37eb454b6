/* oidc: staff login through an external OpenID Connect provider, with the authorization code
 * flow and PKCE (RFC 7636, S256).
 *
 *   1. oidc_start(): makes state, nonce and code verifier, keeps the verifier and nonce under
 *      the hash of the state (table oidc_anmeldung, OIDC_FRIST seconds), and returns the
 *      provider's authorization URL. The face also puts the state into a cookie, so that the
 *      answer must come back to the same browser.
 *   2. oidc_rueckruf(): checks the state against the cookie and the table (used once), trades
 *      the code for tokens at the token endpoint (client_secret_basic, with the verifier),
 *      and verifies the ID token: RS256 signature against the provider's JWKS, iss, aud, azp,
 *      exp, iat and nonce. The verified identity (issuer, subject, e-mail) goes to
 *      konto_anmelden_extern().
 *
 * Configuration per installation from the environment: RATHAUS_OIDC_ISSUER,
 * RATHAUS_OIDC_CLIENT_ID, RATHAUS_OIDC_CLIENT_SECRET (or RATHAUS_OIDC_CLIENT_SECRET_FILE).
 * The provider's metadata (/.well-known/openid-configuration) and keys are fetched on first
 * use with libcurl and cached in the config (guarded by a mutex); an unknown key id makes it
 * fetch the keys again once. HTTP to the provider is allowed only for loopback addresses
 * (tests); anything else must be https. */
#ifndef RATHAUS_DOMAIN_OIDC_H
#define RATHAUS_DOMAIN_OIDC_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;
struct oidc_config;

#define OIDC_FRIST 600 /* seconds a login may take at the provider */

/* The configuration from the environment into *out, or *out = NULL when RATHAUS_OIDC_ISSUER
 * is not set. ERR_INVALID (logged) when it is set but incomplete or not https (loopback
 * excepted). The caller owns it: oidc_config_free(). */
RH_MUST_CHECK int oidc_config_from_env(struct oidc_config **out);
void oidc_config_free(struct oidc_config *cfg);

/* Begin a login. `redirect_uri` is where the provider sends the browser back. *url (in `a`)
 * is where to send the browser; `state` (43 characters + NUL) goes into a cookie. ERR_IO when
 * the provider cannot be reached. */
RH_MUST_CHECK int oidc_start(struct db_conn *c, struct arena *a, const struct umfeld *u,
                             struct oidc_config *cfg, const char *redirect_uri, const char **url,
                             char state[44]);

/* A verified identity from the provider (strings in the arena). */
struct oidc_identitaet {
    const char *issuer, *subject, *email;
    bool email_verified;
};

/* Finish a login: `state` and `code` from the query, `cookie_state` from the cookie.
 * ERR_UNAUTHORIZED when anything does not check out (the reason is logged without personal
 * data); ERR_IO when the provider cannot be reached. */
RH_MUST_CHECK int oidc_rueckruf(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                struct oidc_config *cfg, const char *redirect_uri,
                                const char *state, const char *cookie_state, const char *code,
                                struct oidc_identitaet *out);

#endif
