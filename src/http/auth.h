/* auth: who is calling — the actor of a request — and the cookies and CSRF tokens of the
 * web faces.
 *
 * An API request authenticates with "Authorization: Bearer rh_..." (domain/token.h); a browser
 * with the session cookie rathaus_sitzung (domain/sitzung.h). A request with an Authorization
 * header is judged by it alone: a bad, expired or revoked token is ERR_UNAUTHORIZED, even
 * when a cookie is there too. Without one, a missing or dead session cookie just means
 * "nobody is logged in".
 *
 * Cookies are HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over TLS: when
 * the configured base URL (RATHAUS_BASIS_URL) is https, or X-Forwarded-Proto says https and
 * RATHAUS_TRUST_PROXY=1. CSRF tokens (domain/csrf.h) are bound to the session cookie, or for
 * visitors who are not logged in to the pre-session cookie rathaus_vorab, set on first need.
 *
 * Configuration (struct auth_config) is read once at start-up from the environment and the
 * database, then shared read-only by all request threads. */
#ifndef RATHAUS_HTTP_AUTH_H
#define RATHAUS_HTTP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "http/request.h"

struct db;
struct db_conn;
struct oidc_config;

#define AUTH_COOKIE_SITZUNG "rathaus_sitzung"
#define AUTH_COOKIE_VORAB   "rathaus_vorab"
#define AUTH_COOKIE_OIDC    "rathaus_oidc"

struct auth_config {
    uint8_t geheimnis[32];    /* the installation's server secret (domain/konto.h) */
    char *basis_url;          /* RATHAUS_BASIS_URL without a final slash, or NULL */
    bool trust_proxy;         /* RATHAUS_TRUST_PROXY=1: believe X-Forwarded-Proto/-For */
    struct oidc_config *oidc; /* NULL when no OpenID provider is configured */
};

/* Read the configuration: the server secret from the database (made on first start), the
 * environment variables above and the OIDC settings (domain/oidc.h). ERR_INVALID with a log
 * line for a bad setting. The caller owns *out: auth_config_free(). */
RH_MUST_CHECK int auth_config_new(struct db *db, struct auth_config **out);
void auth_config_free(struct auth_config *cfg);

/* Who calls, as far as the request says. */
struct auth {
    struct actor actor;       /* konto_id 0: nobody (rollen in the request arena) */
    int64_t sitzung_id;       /* the live session, 0 for none */
    const char *sitzung_wert; /* its cookie value (also at stufe 1), or NULL */
    bool is_token;            /* authenticated by an API token */
    bool faktor_offen;        /* session waits for the second factor; actor is nobody */
};

/* Fill the use-case circumstances of request `r`: now, client address, user agent, base URL,
 * server secret. Cannot fail. */
void auth_umfeld(const struct http_req *r, struct umfeld *u);

/* Resolve the caller of `r` on connection `c` into *out. ERR_OK (maybe nobody);
 * ERR_UNAUTHORIZED for an Authorization header that is not a valid, live API token of an
 * active account; ERR_DB / ERR_NOMEM. */
RH_MUST_CHECK int auth_resolve(struct http_req *r, struct db_conn *c, struct auth *out);

/* The value of cookie `name` in the request (in the arena), or NULL. */
const char *auth_cookie(const struct http_req *r, const char *name);

/* Add a Set-Cookie header for `name`=`value` with the attributes above; value NULL deletes
 * the cookie. `max_age` > 0 adds Max-Age. ERR_LIMIT when the response has no room. */
RH_MUST_CHECK int auth_set_cookie(struct http_req *r, struct http_resp *w, const char *name,
                                  const char *value, int64_t max_age);

/* True when the request came over TLS (see above). */
bool auth_is_secure(const struct http_req *r);

/* The CSRF token for forms on the page answering `r` (*out in the arena). Sets the
 * pre-session cookie on `w` when the visitor has neither a session nor one. */
RH_MUST_CHECK int auth_csrf_token(struct http_req *r, struct http_resp *w, const struct auth *a,
                                  const char **out);

/* ERR_OK when `token` is the CSRF token of this request's session or pre-session cookie;
 * else ERR_FORBIDDEN. */
RH_MUST_CHECK int auth_csrf_pruefen(const struct http_req *r, const struct auth *a,
                                    const char *token);

#endif
