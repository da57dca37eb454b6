#include "domain/oidc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <pthread.h>
#include <sodium.h>

#include "domain/schluessel.h"
#include "store/konto.h"
#include "util/buf.h"
#include "util/log.h"

#define MAX_ANTWORT (256 * 1024) /* largest answer read from the provider */
#define UHR_SPIEL   120          /* seconds of clock skew accepted for exp / iat */

struct oidc_config {
    char *issuer, *client_id, *client_secret;
    pthread_mutex_t mu; /* guards everything below */
    char *authorization_endpoint, *token_endpoint, *jwks_uri;
    json_t *jwks; /* the provider's keys, NULL until fetched */
};

/* https, or http to a loopback address (tests and local development only). */
static bool
url_erlaubt(const char *url)
{
    static const char *const loop[] = {"http://127.0.0.1:", "http://127.0.0.1/",
                                       "http://localhost:", "http://localhost/", "http://[::1]:"};
    if (!url || strpbrk(url, " \t\r\n\"<>"))
        return false;
    if (strncmp(url, "https://", 8) == 0)
        return true;
    for (size_t i = 0; i < sizeof(loop) / sizeof(loop[0]); i++)
        if (strncmp(url, loop[i], strlen(loop[i])) == 0)
            return true;
    return false;
}

static char *
read_secret_file(const char *path)
{
    char buf[1024];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    char *s = n ? strdup(buf) : NULL;
    sodium_memzero(buf, sizeof(buf));
    return s;
}

int
oidc_config_from_env(struct oidc_config **out)
{
    const char *iss = getenv("RATHAUS_OIDC_ISSUER");
    const char *id = getenv("RATHAUS_OIDC_CLIENT_ID");
    const char *secret = getenv("RATHAUS_OIDC_CLIENT_SECRET");
    const char *secret_file = getenv("RATHAUS_OIDC_CLIENT_SECRET_FILE");
    *out = NULL;
    if (!iss || !*iss)
        return ERR_OK;
    if (!url_erlaubt(iss) || !id || !*id || strlen(id) > 256) {
        log_error("OpenID Connect: RATHAUS_OIDC_ISSUER must be https (or loopback http) and "
                  "RATHAUS_OIDC_CLIENT_ID set");
        return ERR_INVALID;
    }
    struct oidc_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return ERR_NOMEM;
    pthread_mutex_init(&cfg->mu, NULL);
    size_t ilen = strlen(iss);
    while (ilen && iss[ilen - 1] == '/')
        ilen--;
    cfg->issuer = strndup(iss, ilen);
    cfg->client_id = strdup(id);
    cfg->client_secret = secret && *secret ? strdup(secret)
                         : secret_file     ? read_secret_file(secret_file)
                                           : NULL;
    if (!cfg->issuer || !cfg->client_id || !cfg->client_secret) {
        log_error("OpenID Connect: no client secret (RATHAUS_OIDC_CLIENT_SECRET or _FILE)");
        oidc_config_free(cfg);
        return ERR_INVALID;
    }
    *out = cfg;
    return ERR_OK;
}

void
oidc_config_free(struct oidc_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->issuer);
    free(cfg->client_id);
    if (cfg->client_secret) {
        sodium_memzero(cfg->client_secret, strlen(cfg->client_secret));
        free(cfg->client_secret);
    }
    free(cfg->authorization_endpoint);
    free(cfg->token_endpoint);
    free(cfg->jwks_uri);
    json_decref(cfg->jwks);
    pthread_mutex_destroy(&cfg->mu);
    free(cfg);
}

/* ---- HTTP to the provider ------------------------------------------------------------- */

static size_t
write_cb(char *p, size_t size, size_t n, void *ud)
{
    struct buf *b = ud;
    return buf_append(b, p, size * n) == ERR_OK ? size * n : 0;
}

/* GET `url` (or POST `form` with HTTP basic auth) and parse the JSON answer into *out.
 * ERR_IO when the provider cannot be reached or answers other than 200 with JSON. */
static int
holen(const char *url, const char *form, const char *user, const char *pass, json_t **out)
{
    struct buf b = BUF_INIT(MAX_ANTWORT);
    CURL *h = curl_easy_init();
    long status = 0;
    int rc = ERR_IO;
    if (!h)
        return ERR_NOMEM;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    if (form) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, pass);
    }
    CURLcode cc = curl_easy_perform(h);
    if (cc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK)
        log_warn("OpenID Connect: request failed: %s", curl_easy_strerror(cc));
    else if (status != 200)
        log_warn("OpenID Connect: provider answered %ld", status);
    else {
        json_t *doc = json_loadb(b.p ? b.p : "", b.len, 0, NULL);
        if (json_is_object(doc)) {
            *out = doc;
            rc = ERR_OK;
        } else {
            json_decref(doc);
            log_warn("OpenID Connect: provider's answer is not a JSON object");
        }
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    buf_free(&b);
    return rc;
}

static char *
dup_url(json_t *doc, const char *key)
{
    const char *v = json_string_value(json_object_get(doc, key));
    return v && url_erlaubt(v) ? strdup(v) : NULL;
}

/* Fetch the metadata once. Called with cfg->mu held. Changes `cfg` only when everything
 * checked out: a refused answer leaves the issuer as configured for the next attempt. */
static int
entdecken(struct oidc_config *cfg)
{
    char url[1024];
    json_t *doc = NULL;
    char *with_slash = NULL;
    if (cfg->token_endpoint)
        return ERR_OK;
    snprintf(url, sizeof(url), "%s/.well-known/openid-configuration", cfg->issuer);
    int rc = holen(url, NULL, NULL, NULL, &doc);
    if (rc != ERR_OK)
        return rc;
    const char *iss = json_string_value(json_object_get(doc, "issuer"));
    if (!iss || strcmp(iss, cfg->issuer) != 0) {
        /* the provider may spell its issuer with a final slash */
        size_t n = iss ? strlen(iss) : 0;
        if (!iss || n != strlen(cfg->issuer) + 1 || strncmp(iss, cfg->issuer, n - 1) != 0 ||
            iss[n - 1] != '/') {
            log_warn("OpenID Connect: metadata names another issuer");
            json_decref(doc);
            return ERR_IO;
        }
        with_slash = strdup(iss);
        if (!with_slash) {
            json_decref(doc);
            return ERR_NOMEM;
        }
    }
    char *authorization = dup_url(doc, "authorization_endpoint");
    char *token = dup_url(doc, "token_endpoint");
    char *jwks = dup_url(doc, "jwks_uri");
    json_decref(doc);
    if (!authorization || !token || !jwks) {
        free(authorization);
        free(token);
        free(jwks);
        free(with_slash);
        log_warn("OpenID Connect: metadata without usable endpoints");
        return ERR_IO;
    }
    if (with_slash) {
        free(cfg->issuer);
        cfg->issuer = with_slash;
    }
    cfg->authorization_endpoint = authorization;
    cfg->token_endpoint = token;
    cfg->jwks_uri = jwks;
    return ERR_OK;
}

/* ---- start ---------------------------------------------------------------------------- */

static int
enc(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = ERR_OK;
    for (const unsigned char *p = (const unsigned char *)s; rc == ERR_OK && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            rc = buf_putc(b, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = buf_append(b, e, 3);
        }
    }
    return rc;
}

/* Append name=value (encoded): to a URL after '?' or '&', to a form body after '&'. */
static int
param(struct buf *b, const char *name, const char *value, bool is_url)
{
    const char *sep = b->len == 0 ? "" : is_url && !strchr(buf_cstr(b), '?') ? "?" : "&";
    int rc = buf_printf(b, "%s%s=", sep, name);
    return rc == ERR_OK ? enc(b, value) : rc;
}

int
oidc_start(struct db_conn *c, struct arena *a, const struct umfeld *u, struct oidc_config *cfg,
           const char *redirect_uri, const char **url, char state[44])
{
    char st[SCHLUESSEL_TEXT_LEN + 1], nonce[SCHLUESSEL_TEXT_LEN + 1];
    char verifier[SCHLUESSEL_TEXT_LEN + 1], hash[SCHLUESSEL_HASH_LEN + 1];
    char challenge[64];
    uint8_t digest[crypto_hash_sha256_BYTES];
    struct buf b = BUF_INIT(8192);
    int rc;

    pthread_mutex_lock(&cfg->mu);
    rc = entdecken(cfg);
    if (rc == ERR_OK)
        rc = buf_puts(&b, cfg->authorization_endpoint);
    pthread_mutex_unlock(&cfg->mu);
    if (rc != ERR_OK)
        goto out;
    if ((rc = schluessel_neu("", st, sizeof(st))) != ERR_OK ||
        (rc = schluessel_neu("", nonce, sizeof(nonce))) != ERR_OK ||
        (rc = schluessel_neu("", verifier, sizeof(verifier))) != ERR_OK)
        goto out;
    crypto_hash_sha256(digest, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(challenge, sizeof(challenge), digest, sizeof(digest),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    schluessel_hash(st, strlen(st), hash);
    rc = store_oidc_insert(c, hash, verifier, nonce, u->jetzt);
    if (rc != ERR_OK)
        goto out;
    rc = param(&b, "response_type", "code", true);
    if (rc == ERR_OK)
        rc = param(&b, "client_id", cfg->client_id, true);
    if (rc == ERR_OK)
        rc = param(&b, "redirect_uri", redirect_uri, true);
    if (rc == ERR_OK)
        rc = param(&b, "scope", "openid email", true);
    if (rc == ERR_OK)
        rc = param(&b, "state", st, true);
    if (rc == ERR_OK)
        rc = param(&b, "nonce", nonce, true);
    if (rc == ERR_OK)
        rc = param(&b, "code_challenge", challenge, true);
    if (rc == ERR_OK)
        rc = param(&b, "code_challenge_method", "S256", true);
    if (rc == ERR_OK && !(*url = arena_strndup(a, buf_cstr(&b), b.len)))
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        memcpy(state, st, SCHLUESSEL_TEXT_LEN + 1);
out:
    sodium_memzero(verifier, sizeof(verifier));
    buf_free(&b);
    return rc;
}

/* ---- the ID token --------------------------------------------------------------------- */

static int
b64url(const char *p, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    return sodium_base642bin(out, cap, p, len, NULL, out_len, NULL,
                             sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0
               ? ERR_OK
               : ERR_INVALID;
}

static json_t *
b64url_json(const char *p, size_t len)
{
    uint8_t *raw = malloc(len + 1);
    size_t n = 0;
    json_t *doc = NULL;
    if (raw && b64url(p, len, raw, len + 1, &n) == ERR_OK)
        doc = json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL);
    free(raw);
    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

/* An RSA public key from a JWK {kty: RSA, n, e}; NULL when it is not one. */
static EVP_PKEY *
rsa_key(json_t *jwk)
{
    const char *n64 = json_string_value(json_object_get(jwk, "n"));
    const char *e64 = json_string_value(json_object_get(jwk, "e"));
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    uint8_t n[1024], e[16];
    size_t nlen = 0, elen = 0;
    EVP_PKEY *key = NULL;
    if (!kty || strcmp(kty, "RSA") != 0 || !n64 || !e64 ||
        b64url(n64, strlen(n64), n, sizeof(n), &nlen) != ERR_OK ||
        b64url(e64, strlen(e64), e, sizeof(e), &elen) != ERR_OK || nlen < 256)
        return NULL;
    BIGNUM *bn = BN_bin2bn(n, (int)nlen, NULL), *be = BN_bin2bn(e, (int)elen, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (bn && be && bld && ctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1 &&
        (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    BN_free(bn);
    BN_free(be);
    return key;
}

/* The key `kid` (or the only RSA key, when kid is NULL) from the cached JWKS; refetches once
 * when it is not there. Returns a key the caller frees, or NULL. */
static EVP_PKEY *
schluessel_fuer(struct oidc_config *cfg, const char *kid)
{
    EVP_PKEY *key = NULL;
    pthread_mutex_lock(&cfg->mu);
    for (int attempt = 0; attempt < 2 && !key; attempt++) {
        if (!cfg->jwks || attempt == 1) {
            json_t *doc = NULL;
            if (holen(cfg->jwks_uri, NULL, NULL, NULL, &doc) != ERR_OK)
                break;
            json_decref(cfg->jwks);
            cfg->jwks = doc;
        }
        json_t *keys = json_object_get(cfg->jwks, "keys");
        size_t i;
        json_t *k;
        json_array_foreach(keys, i, k)
        {
            const char *kk = json_string_value(json_object_get(k, "kid"));
            const char *use = json_string_value(json_object_get(k, "use"));
            if ((kid && (!kk || strcmp(kk, kid) != 0)) || (use && strcmp(use, "sig") != 0))
                continue;
            if ((key = rsa_key(k)) != NULL)
                break;
        }
    }
    pthread_mutex_unlock(&cfg->mu);
    return key;
}

static bool
signatur_ok(EVP_PKEY *key, const char *signed_part, size_t signed_len, const uint8_t *sig,
            size_t sig_len)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok =
        md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
        EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)signed_part, signed_len) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

static bool
aud_ok(json_t *claims, const char *client_id)
{
    json_t *aud = json_object_get(claims, "aud");
    const char *azp = json_string_value(json_object_get(claims, "azp"));
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), client_id) == 0 &&
               (!azp || strcmp(azp, client_id) == 0);
    if (!json_is_array(aud))
        return false;
    bool found = false;
    size_t i;
    json_t *v;
    json_array_foreach(aud, i, v) if (json_is_string(v) &&
                                      strcmp(json_string_value(v), client_id) == 0) found = true;
    /* several audiences: the token must have been issued to us */
    if (json_array_size(aud) > 1 && (!azp || strcmp(azp, client_id) != 0))
        return false;
    return found;
}

static int
id_token_pruefen(struct oidc_config *cfg, const struct umfeld *u, struct arena *a, const char *jwt,
                 const char *nonce, struct oidc_identitaet *out)
{
    const char *d1 = strchr(jwt, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    json_t *hdr = NULL, *claims = NULL;
    EVP_PKEY *key = NULL;
    uint8_t sig[1024];
    size_t sig_len = 0;
    int rc = ERR_UNAUTHORIZED;
    const char *why = "malformed";

    if (!d1 || !d2 || strchr(d2 + 1, '.'))
        goto out;
    hdr = b64url_json(jwt, (size_t)(d1 - jwt));
    claims = b64url_json(d1 + 1, (size_t)(d2 - d1 - 1));
    if (!hdr || !claims || b64url(d2 + 1, strlen(d2 + 1), sig, sizeof(sig), &sig_len) != ERR_OK)
        goto out;
    const char *alg = json_string_value(json_object_get(hdr, "alg"));
    why = "algorithm";
    if (!alg || strcmp(alg, "RS256") != 0)
        goto out;
    why = "key";
    key = schluessel_fuer(cfg, json_string_value(json_object_get(hdr, "kid")));
    if (!key)
        goto out;
    why = "signature";
    if (!signatur_ok(key, jwt, (size_t)(d2 - jwt), sig, sig_len))
        goto out;
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    const char *sub = json_string_value(json_object_get(claims, "sub"));
    const char *tn = json_string_value(json_object_get(claims, "nonce"));
    json_t *exp = json_object_get(claims, "exp"), *iat = json_object_get(claims, "iat");
    why = "issuer";
    if (!iss || strcmp(iss, cfg->issuer) != 0)
        goto out;
    why = "audience";
    if (!aud_ok(claims, cfg->client_id))
        goto out;
    why = "expiry";
    if (!json_is_integer(exp) || json_integer_value(exp) + UHR_SPIEL < u->jetzt ||
        (iat && (!json_is_integer(iat) || json_integer_value(iat) > u->jetzt + UHR_SPIEL)))
        goto out;
    why = "nonce";
    if (!tn || strlen(tn) != strlen(nonce) || sodium_memcmp(tn, nonce, strlen(nonce)) != 0)
        goto out;
    why = "subject";
    if (!sub || !*sub || strlen(sub) > 255)
        goto out;
    const char *email = json_string_value(json_object_get(claims, "email"));
    out->issuer = arena_strdup(a, iss);
    out->subject = arena_strdup(a, sub);
    out->email = email ? arena_strdup(a, email) : NULL;
    out->email_verified = json_is_true(json_object_get(claims, "email_verified"));
    rc = out->issuer && out->subject ? ERR_OK : ERR_NOMEM;
out:
    if (rc == ERR_UNAUTHORIZED)
        log_warn("OpenID Connect: ID token rejected (%s)", why);
    EVP_PKEY_free(key);
    json_decref(hdr);
    json_decref(claims);
    return rc;
}

int
oidc_rueckruf(struct db_conn *c, struct arena *a, const struct umfeld *u, struct oidc_config *cfg,
              const char *redirect_uri, const char *state, const char *cookie_state,
              const char *code, struct oidc_identitaet *out)
{
    char hash[SCHLUESSEL_HASH_LEN + 1];
    const char *verifier = NULL, *nonce = NULL;
    struct buf form = BUF_INIT(8192);
    json_t *tok = NULL;
    int rc;

    if (!state || !cookie_state || !code || strlen(code) > 2048 || !*code ||
        !schluessel_is_wohlgeformt("", state, strlen(state)) ||
        strlen(cookie_state) != strlen(state) ||
        sodium_memcmp(state, cookie_state, strlen(state)) != 0) {
        log_warn("OpenID Connect: callback without matching state");
        return ERR_UNAUTHORIZED;
    }
    schluessel_hash(state, strlen(state), hash);
    rc = store_oidc_take(c, a, hash, u->jetzt - OIDC_FRIST, &verifier, &nonce);
    if (rc == ERR_NOTFOUND) {
        log_warn("OpenID Connect: unknown or expired state");
        return ERR_UNAUTHORIZED;
    }
    if (rc != ERR_OK)
        return rc;
    pthread_mutex_lock(&cfg->mu);
    rc = entdecken(cfg);
    char *endpoint = rc == ERR_OK ? strdup(cfg->token_endpoint) : NULL;
    pthread_mutex_unlock(&cfg->mu);
    if (rc == ERR_OK && !endpoint)
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = param(&form, "grant_type", "authorization_code", false);
    if (rc == ERR_OK)
        rc = param(&form, "code", code, false);
    if (rc == ERR_OK)
        rc = param(&form, "redirect_uri", redirect_uri, false);
    if (rc == ERR_OK)
        rc = param(&form, "code_verifier", verifier, false);
    if (rc == ERR_OK)
        rc = holen(endpoint, buf_cstr(&form), cfg->client_id, cfg->client_secret, &tok);
    if (rc == ERR_OK) {
        const char *jwt = json_string_value(json_object_get(tok, "id_token"));
        rc = jwt ? id_token_pruefen(cfg, u, a, jwt, nonce, out) : ERR_UNAUTHORIZED;
        if (!jwt)
            log_warn("OpenID Connect: token answer without id_token");
    }
    json_decref(tok);
    free(endpoint);
    buf_free(&form);
    return rc;
}
