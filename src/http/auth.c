#include "http/auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "domain/csrf.h"
#include "domain/konto.h"
#include "domain/oidc.h"
#include "domain/schluessel.h"
#include "domain/sitzung.h"
#include "domain/token.h"
#include "store/db.h"
#include "util/log.h"

int
auth_config_new(struct db *db, struct auth_config **out)
{
    struct auth_config *cfg = calloc(1, sizeof(*cfg));
    struct db_conn *c = NULL;
    int rc;
    if (!cfg)
        return ERR_NOMEM;
    rc = schluessel_init();
    if (rc == ERR_OK)
        rc = db_acquire(db, &c);
    if (rc == ERR_OK) {
        rc = konto_geheimnis(c, cfg->geheimnis);
        db_release(c);
    }
    if (rc != ERR_OK) {
        log_error("cannot read the server secret: %s", err_name(rc));
        goto fail;
    }
    const char *basis = getenv("RATHAUS_BASIS_URL");
    if (basis && *basis) {
        size_t n = strlen(basis);
        while (n && basis[n - 1] == '/')
            n--;
        if ((strncmp(basis, "https://", 8) != 0 && strncmp(basis, "http://", 7) != 0) || n > 512 ||
            !str_is_clean_utf8(basis, n) || strpbrk(basis, " \t\r\n\"<>")) {
            log_error("RATHAUS_BASIS_URL must be an http(s) URL");
            rc = ERR_INVALID;
            goto fail;
        }
        cfg->basis_url = strndup(basis, n);
        if (!cfg->basis_url) {
            rc = ERR_NOMEM;
            goto fail;
        }
    }
    const char *proxy = getenv("RATHAUS_TRUST_PROXY");
    cfg->trust_proxy = proxy && strcmp(proxy, "1") == 0;
    rc = oidc_config_from_env(&cfg->oidc);
    if (rc != ERR_OK)
        goto fail;
    *out = cfg;
    return ERR_OK;
fail:
    auth_config_free(cfg);
    return rc;
}

void
auth_config_free(struct auth_config *cfg)
{
    if (!cfg)
        return;
    oidc_config_free(cfg->oidc);
    free(cfg->basis_url);
    sodium_memzero(cfg->geheimnis, sizeof(cfg->geheimnis));
    free(cfg);
}

/* ---- the circumstances ---------------------------------------------------------------- */

static bool
is_addr_char(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') ||
           ch == '.' || ch == ':';
}

/* The client address: the last hop of X-Forwarded-For behind a trusted proxy, else the
 * socket's peer. Only address characters, at most 64; NULL when unknown. */
static const char *
herkunft(const struct http_req *r)
{
    const struct auth_config *cfg = r->app ? r->app->auth : NULL;
    const char *addr = r->remote_addr;
    if (cfg && cfg->trust_proxy) {
        const char *xff = http_header(r, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            addr = last;
        }
    }
    if (!addr)
        return NULL;
    size_t n = 0;
    while (addr[n] && is_addr_char(addr[n]) && n < 64)
        n++;
    if (n == 0)
        return NULL;
    return arena_strndup(r->arena, addr, n);
}

/* A Host header we may build links from without configuration: loopback only, so that a
 * forged Host cannot send password-reset links elsewhere. */
static bool
is_loopback_host(const char *h)
{
    static const char *const ok[] = {"127.0.0.1", "localhost", "[::1]"};
    if (!h)
        return false;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(ok[i]);
        if (strncmp(h, ok[i], n) == 0 && (h[n] == '\0' || h[n] == ':')) {
            for (const char *p = h + n + (h[n] == ':'); *p; p++)
                if (*p < '0' || *p > '9')
                    return false;
            return true;
        }
    }
    return false;
}

void
auth_umfeld(const struct http_req *r, struct umfeld *u)
{
    const struct auth_config *cfg = r->app->auth;
    const char *host = http_header(r, "Host");
    memset(u, 0, sizeof(*u));
    u->jetzt = (int64_t)time(NULL);
    u->herkunft = herkunft(r);
    u->geraet = http_header(r, "User-Agent");
    u->geheimnis = cfg->geheimnis;
    if (cfg->basis_url)
        u->basis_url = cfg->basis_url;
    else if (is_loopback_host(host))
        u->basis_url = arena_printf(r->arena, "http://%s", host);
    else
        u->basis_url = "http://localhost";
}

/* ---- cookies -------------------------------------------------------------------------- */

const char *
auth_cookie(const struct http_req *r, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i < r->n_headers; i++) {
        if (strcasecmp(r->headers[i].name, "Cookie") != 0)
            continue;
        const char *p = r->headers[i].value;
        while (*p) {
            while (*p == ' ' || *p == ';')
                p++;
            const char *eq = strchr(p, '=');
            const char *end = strchr(p, ';');
            if (!end)
                end = p + strlen(p);
            if (eq && eq < end && (size_t)(eq - p) == nlen && strncmp(p, name, nlen) == 0) {
                const char *v = eq + 1;
                size_t vlen = (size_t)(end - v);
                if (vlen > 256)
                    return NULL;
                return arena_strndup(r->arena, v, vlen);
            }
            p = end;
        }
    }
    return NULL;
}

bool
auth_is_secure(const struct http_req *r)
{
    const struct auth_config *cfg = r->app->auth;
    if (cfg->basis_url && strncmp(cfg->basis_url, "https://", 8) == 0)
        return true;
    if (cfg->trust_proxy) {
        const char *p = http_header(r, "X-Forwarded-Proto");
        return p && strcasecmp(p, "https") == 0;
    }
    return false;
}

int
auth_set_cookie(struct http_req *r, struct http_resp *w, const char *name, const char *value,
                int64_t max_age)
{
    char age[48] = "";
    if (!value)
        memcpy(age, "; Max-Age=0", 12);
    else if (max_age > 0)
        snprintf(age, sizeof(age), "; Max-Age=%lld", (long long)max_age);
    const char *c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
                                 value ? value : "", age, auth_is_secure(r) ? "; Secure" : "");
    if (!c)
        return ERR_NOMEM;
    return http_resp_header(w, "Set-Cookie", c);
}

/* ---- who calls ------------------------------------------------------------------------ */

int
auth_resolve(struct http_req *r, struct db_conn *c, struct auth *out)
{
    struct umfeld u;
    int rc;
    memset(out, 0, sizeof(*out));
    auth_umfeld(r, &u);

    const char *authz = http_header(r, "Authorization");
    if (authz) {
        int64_t konto_id = 0;
        bool ro = false;
        if (strncasecmp(authz, "Bearer ", 7) != 0)
            return ERR_UNAUTHORIZED;
        const char *tok = authz + 7;
        while (*tok == ' ')
            tok++;
        rc = token_aufloesen(c, &u, tok, &konto_id, &ro);
        if (rc == ERR_OK)
            rc = konto_actor(c, r->arena, konto_id, ro, &out->actor);
        if (rc == ERR_OK)
            out->is_token = true;
        return rc;
    }

    const char *wert = auth_cookie(r, AUTH_COOKIE_SITZUNG);
    if (!wert)
        return ERR_OK;
    struct sitzung s;
    rc = sitzung_aufloesen(c, r->arena, &u, wert, &s);
    if (rc == ERR_UNAUTHORIZED)
        return ERR_OK; /* a dead session: nobody */
    if (rc != ERR_OK)
        return rc;
    out->sitzung_wert = wert;
    if (s.stufe != 0) {
        out->faktor_offen = true;
        return ERR_OK;
    }
    rc = konto_actor(c, r->arena, s.konto_id, false, &out->actor);
    if (rc == ERR_UNAUTHORIZED) {
        out->actor = (struct actor){0};
        out->sitzung_wert = NULL;
        return ERR_OK; /* the account was locked meanwhile */
    }
    if (rc == ERR_OK)
        out->sitzung_id = s.id;
    return rc;
}

/* ---- CSRF ----------------------------------------------------------------------------- */

static const char *
binding(const struct http_req *r, const struct auth *a)
{
    if (a && a->sitzung_wert)
        return a->sitzung_wert;
    const char *v = auth_cookie(r, AUTH_COOKIE_VORAB);
    return v && schluessel_is_wohlgeformt("", v, strlen(v)) ? v : NULL;
}

int
auth_csrf_token(struct http_req *r, struct http_resp *w, const struct auth *a, const char **out)
{
    char tok[CSRF_TOKEN_LEN + 1];
    const char *b = binding(r, a);
    int rc;
    if (!b) {
        char neu[SCHLUESSEL_TEXT_LEN + 1];
        rc = schluessel_neu("", neu, sizeof(neu));
        if (rc != ERR_OK)
            return rc;
        b = arena_strdup(r->arena, neu);
        if (!b)
            return ERR_NOMEM;
        rc = auth_set_cookie(r, w, AUTH_COOKIE_VORAB, b, 0);
        if (rc != ERR_OK)
            return rc;
    }
    rc = csrf_token(r->app->auth->geheimnis, b, tok);
    if (rc != ERR_OK)
        return rc;
    *out = arena_strdup(r->arena, tok);
    return *out ? ERR_OK : ERR_NOMEM;
}

int
auth_csrf_pruefen(const struct http_req *r, const struct auth *a, const char *token)
{
    const char *b = binding(r, a);
    if (!b)
        return ERR_FORBIDDEN;
    return csrf_pruefen(r->app->auth->geheimnis, b, token);
}
