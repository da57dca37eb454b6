/* OpenID Connect (domain/oidc.h) against a small provider in this process (a thread serving
 * canned HTTP answers on a loopback port, an RSA key made here): the configuration from the
 * environment and what it refuses; discovery that fails (error status, no JSON, another
 * issuer, endpoints that are not https); a login started and finished; and every reason an
 * ID token is rejected (shape, algorithm, unknown key, signature, issuer, audience, expiry,
 * nonce, subject), each with the one-time state used up. On SQLite (the state table). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <sodium.h>

#include "domain/oidc.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

/* ---- the provider ------------------------------------------------------------------- */

static struct {
    int fd, port;
    pthread_t thread;
    pthread_mutex_t mu;
    bool stop;
    /* answers by path prefix: metadata, keys, token */
    int status_meta, status_keys, status_token;
    char meta[2048], keys[4096], token[8192];
    int n_keys; /* how often the keys were fetched */
} p = {.fd = -1, .mu = PTHREAD_MUTEX_INITIALIZER};

static void
antworten(int c)
{
    char req[8192];
    size_t n = 0;
    ssize_t k;
    while (n + 1 < sizeof(req) && (k = read(c, req + n, sizeof(req) - 1 - n)) > 0) {
        n += (size_t)k;
        req[n] = '\0';
        char *ende = strstr(req, "\r\n\r\n");
        if (ende) {
            const char *cl = strstr(req, "Content-Length: ");
            size_t body = cl ? (size_t)strtoul(cl + 16, NULL, 10) : 0;
            if (n >= (size_t)(ende + 4 - req) + body)
                break;
        }
    }
    req[n] = '\0';
    pthread_mutex_lock(&p.mu);
    int status = 404;
    const char *text = "{}";
    if (strstr(req, " /.well-known/openid-configuration ")) {
        status = p.status_meta;
        text = p.meta;
    } else if (strstr(req, " /keys ")) {
        status = p.status_keys;
        text = p.keys;
        p.n_keys++;
    } else if (strstr(req, " /token ")) {
        status = p.status_token;
        text = p.token;
    }
    char head[256];
    int hn = snprintf(head, sizeof(head),
                      "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: "
                      "%zu\r\nConnection: close\r\n\r\n",
                      status, strlen(text));
    if (write(c, head, (size_t)hn) < 0 || write(c, text, strlen(text)) < 0)
        status = 0; /* the client went away: nothing to do */
    pthread_mutex_unlock(&p.mu);
}

static void *
dienen(void *arg)
{
    (void)arg;
    for (;;) {
        int c = accept(p.fd, NULL, NULL);
        pthread_mutex_lock(&p.mu);
        bool stop = p.stop;
        pthread_mutex_unlock(&p.mu);
        if (c >= 0 && !stop)
            antworten(c);
        if (c >= 0)
            close(c);
        if (stop)
            return NULL;
    }
}

static int
provider_start(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    p.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (p.fd < 0 || bind(p.fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(p.fd, 8) != 0 ||
        getsockname(p.fd, (struct sockaddr *)&sa, &len) != 0)
        return -1;
    p.port = ntohs(sa.sin_port);
    return pthread_create(&p.thread, NULL, dienen, NULL) == 0 ? 0 : -1;
}

static void
provider_stop(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)p.port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    pthread_mutex_lock(&p.mu);
    p.stop = true;
    pthread_mutex_unlock(&p.mu);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c >= 0) {
        if (connect(c, (struct sockaddr *)&sa, sizeof(sa)) != 0)
            printf("# cannot wake the provider\n");
        close(c);
    }
    pthread_join(p.thread, NULL);
    close(p.fd);
}

static void
setze(char *dst, size_t len, int *status, int s, const char *text)
{
    pthread_mutex_lock(&p.mu);
    *status = s;
    snprintf(dst, len, "%s", text);
    pthread_mutex_unlock(&p.mu);
}

/* ---- the key and tokens --------------------------------------------------------------- */

static EVP_PKEY *rsa;
static char issuer[64];

static void
b64url(const unsigned char *d, size_t n, char *out, size_t out_len)
{
    sodium_bin2base64(out, out_len, d, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The JWKS of our key under `kid` into p.keys. */
static int
jwks_setzen(const char *kid)
{
    BIGNUM *n = NULL, *e = NULL;
    unsigned char nb[512], eb[8];
    char ns[700], es[16], doc[1024];
    int rc = -1;
    if (EVP_PKEY_get_bn_param(rsa, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
        EVP_PKEY_get_bn_param(rsa, OSSL_PKEY_PARAM_RSA_E, &e) == 1 && BN_num_bytes(n) <= 512 &&
        BN_num_bytes(e) <= 8) {
        int nl = BN_bn2bin(n, nb), el = BN_bn2bin(e, eb);
        b64url(nb, (size_t)nl, ns, sizeof(ns));
        b64url(eb, (size_t)el, es, sizeof(es));
        snprintf(doc, sizeof(doc),
                 "{\"keys\": [{\"kty\": \"RSA\", \"use\": \"sig\", \"alg\": \"RS256\", \"kid\": "
                 "\"%s\", \"n\": \"%s\", \"e\": \"%s\"}]}",
                 kid, ns, es);
        setze(p.keys, sizeof(p.keys), &p.status_keys, 200, doc);
        rc = 0;
    }
    BN_free(n);
    BN_free(e);
    return rc;
}

/* A signed ID token with header `hdr` and claims `claims` into out (the signature spoiled
 * when `kaputt`). */
static void
jwt(const char *hdr, const char *claims, bool kaputt, char *out, size_t out_len)
{
    char h[512], c[2048];
    unsigned char sig[512];
    size_t sig_len = sizeof(sig);
    b64url((const unsigned char *)hdr, strlen(hdr), h, sizeof(h));
    b64url((const unsigned char *)claims, strlen(claims), c, sizeof(c));
    snprintf(out, out_len, "%s.%s", h, c);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    CHECK(md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, rsa) == 1 &&
          EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)out, strlen(out)) == 1);
    EVP_MD_CTX_free(md);
    if (kaputt)
        sig[0] ^= 1;
    size_t k = strlen(out);
    out[k++] = '.';
    b64url(sig, sig_len, out + k, out_len - k);
}

/* The token endpoint's answer: {"id_token": token}. */
static void
token_antwort(const char *token)
{
    char doc[8192];
    snprintf(doc, sizeof(doc), "{\"access_token\": \"a\", \"id_token\": \"%s\"}", token);
    setze(p.token, sizeof(p.token), &p.status_token, 200, doc);
}

/* `tpl` with its first "%s" replaced by a1 and the second by a2, into out. */
static void
fuellen(const char *tpl, const char *a1, const char *a2, char *out, size_t out_len)
{
    size_t n = 0;
    int k = 0;
    for (const char *t = tpl; *t && n + 1 < out_len; t++) {
        if (t[0] == '%' && t[1] == 's' && k < 2) {
            const char *v = k++ == 0 ? a1 : a2;
            size_t l = strlen(v);
            if (n + l + 1 >= out_len)
                break;
            memcpy(out + n, v, l);
            n += l;
            t++;
        } else {
            out[n++] = *t;
        }
    }
    out[n] = '\0';
}

/* ---- tests -------------------------------------------------------------------------- */

static void
env_leer(void)
{
    unsetenv("RATHAUS_OIDC_ISSUER");
    unsetenv("RATHAUS_OIDC_CLIENT_ID");
    unsetenv("RATHAUS_OIDC_CLIENT_SECRET");
    unsetenv("RATHAUS_OIDC_CLIENT_SECRET_FILE");
}

static int
config(const char *iss, const char *id, const char *secret, const char *file,
       struct oidc_config **out)
{
    env_leer();
    if (iss)
        setenv("RATHAUS_OIDC_ISSUER", iss, 1);
    if (id)
        setenv("RATHAUS_OIDC_CLIENT_ID", id, 1);
    if (secret)
        setenv("RATHAUS_OIDC_CLIENT_SECRET", secret, 1);
    if (file)
        setenv("RATHAUS_OIDC_CLIENT_SECRET_FILE", file, 1);
    return oidc_config_from_env(out);
}

static void
test_oidc_configuration_from_the_environment(void)
{
    struct oidc_config *cfg = (struct oidc_config *)&cfg;
    char lang[300], datei[] = "/tmp/rathaus-oidc-XXXXXX";
    CHECK(config(NULL, NULL, NULL, NULL, &cfg) == ERR_OK && cfg == NULL); /* off */
    CHECK(config("http://idp.example", "rathaus", "s", NULL, &cfg) == ERR_INVALID && !cfg);
    CHECK(config("https://idp.example/a b", "rathaus", "s", NULL, &cfg) == ERR_INVALID);
    CHECK(config("https://idp.example", NULL, "s", NULL, &cfg) == ERR_INVALID);
    memset(lang, 'x', sizeof(lang) - 1);
    lang[sizeof(lang) - 1] = '\0';
    CHECK(config("https://idp.example", lang, "s", NULL, &cfg) == ERR_INVALID);
    CHECK(config("https://idp.example", "rathaus", NULL, NULL, &cfg) == ERR_INVALID && !cfg);
    CHECK(config("https://idp.example", "rathaus", NULL, "/nirgends/secret", &cfg) == ERR_INVALID);
    int fd = mkstemp(datei);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, "\n", 1) == 1); /* only a line break: no secret */
        CHECK(config("https://idp.example", "rathaus", NULL, datei, &cfg) == ERR_INVALID);
        CHECK(write(fd, "geheim\n", 7) == 7);
        close(fd);
    }
    CHECK(config("https://idp.example/", "rathaus", NULL, datei, &cfg) == ERR_OK && cfg);
    oidc_config_free(cfg);
    unlink(datei);
    CHECK(config("http://localhost:8080", "rathaus", "s", NULL, &cfg) == ERR_OK && cfg);
    oidc_config_free(cfg);
    oidc_config_free(NULL);
    env_leer();
}

static const char sql_offen[] = "SELECT COUNT(*) FROM oidc_anmeldung";

/* The value of query parameter `name` in `url` into out. */
static void
parameter(const char *url, const char *name, char *out, size_t out_len)
{
    char key[64];
    snprintf(key, sizeof(key), "%s=", name);
    const char *s = strstr(url, key);
    size_t n = 0;
    out[0] = '\0';
    if (!s)
        return;
    s += strlen(key);
    while (s[n] && s[n] != '&' && n + 1 < out_len)
        n++;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Start a login; its state and nonce into st and nonce. */
static int
starten(struct db_conn *c, struct arena *a, struct oidc_config *cfg, char *st, char *nonce)
{
    struct umfeld u = testdb_umfeld(T0);
    const char *url = NULL;
    char state[44];
    int rc = oidc_start(c, a, &u, cfg, "http://rathaus.test/amt/oidc", &url, state);
    if (rc == ERR_OK) {
        memcpy(st, state, sizeof(state));
        parameter(url, "nonce", nonce, 64);
        CHECK(strncmp(url, issuer, strlen(issuer)) == 0 && strstr(url, "/auth?response_type=code"));
        CHECK(strstr(url, "code_challenge_method=S256") && strstr(url, "client_id=rathaus"));
        CHECK(strstr(url, "redirect_uri=http%3A%2F%2Frathaus.test%2Famt%2Foidc"));
    }
    return rc;
}

/* Finish a login with ID token `token` at time `t`. */
static int
beenden(struct db_conn *c, struct arena *a, struct oidc_config *cfg, const char *st, int64_t t,
        struct oidc_identitaet *id)
{
    struct umfeld u = testdb_umfeld(t);
    return oidc_rueckruf(c, a, &u, cfg, "http://rathaus.test/amt/oidc", st, st, "code-1", id);
}

static void
test_oidc_discovery_login_and_every_rejected_token(void)
{
    struct db *db = testdb_fresh(DB_SQLITE);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct oidc_config *cfg = NULL;
    struct oidc_identitaet id;
    struct umfeld u = testdb_umfeld(T0);
    char meta[1024], st[44], nonce[64], tok[4096], claims[1024];
    const char *url = NULL;
    char state[44];
    if (!db || !a || db_acquire(db, &c) != ERR_OK || provider_start() != 0) {
        CHECK(!"fixture");
        goto out;
    }
    snprintf(issuer, sizeof(issuer), "http://127.0.0.1:%d", p.port);
    CHECK(config(issuer, "rathaus", "geheim", NULL, &cfg) == ERR_OK && cfg);
    if (!cfg)
        goto out;

    /* discovery that fails: nothing is stored */
    setze(p.meta, sizeof(p.meta), &p.status_meta, 500, "{}");
    CHECK(oidc_start(c, a, &u, cfg, "http://rathaus.test/cb", &url, state) == ERR_IO);
    setze(p.meta, sizeof(p.meta), &p.status_meta, 200, "kein json");
    CHECK(oidc_start(c, a, &u, cfg, "http://rathaus.test/cb", &url, state) == ERR_IO);
    setze(p.meta, sizeof(p.meta), &p.status_meta, 200, "{\"issuer\": \"https://other.example\"}");
    CHECK(oidc_start(c, a, &u, cfg, "http://rathaus.test/cb", &url, state) == ERR_IO);
    snprintf(meta, sizeof(meta),
             "{\"issuer\": \"%s\", \"authorization_endpoint\": \"http://idp.example/auth\", "
             "\"token_endpoint\": \"%s/token\", \"jwks_uri\": \"%s/keys\"}",
             issuer, issuer, issuer);
    /* plain http elsewhere: refused, with the issuer spelt as configured and with a final
     * slash; a refused discovery keeps the configured issuer, so the next one still asks at
     * <issuer>/.well-known/... (not <issuer>//.well-known/...) and succeeds below */
    setze(p.meta, sizeof(p.meta), &p.status_meta, 200, meta);
    CHECK(oidc_start(c, a, &u, cfg, "http://rathaus.test/cb", &url, state) == ERR_IO);
    snprintf(meta, sizeof(meta),
             "{\"issuer\": \"%s/\", \"authorization_endpoint\": \"http://idp.example/auth\", "
             "\"token_endpoint\": \"%s/token\", \"jwks_uri\": \"%s/keys\"}",
             issuer, issuer, issuer);
    setze(p.meta, sizeof(p.meta), &p.status_meta, 200, meta);
    CHECK(oidc_start(c, a, &u, cfg, "http://rathaus.test/cb", &url, state) == ERR_IO);
    CHECK(testdb_count(c, sql_offen, NULL) == 0);

    /* the provider spells its issuer with a final slash: accepted, the tokens must too */
    snprintf(meta, sizeof(meta),
             "{\"issuer\": \"%s/\", \"authorization_endpoint\": \"%s/auth\", "
             "\"token_endpoint\": \"%s/token\", \"jwks_uri\": \"%s/keys\"}",
             issuer, issuer, issuer, issuer);
    setze(p.meta, sizeof(p.meta), &p.status_meta, 200, meta);
    CHECK(jwks_setzen("k1") == 0);

    /* a state that does not match the cookie, or is unknown */
    CHECK(starten(c, a, cfg, st, nonce) == ERR_OK);
    CHECK(testdb_count(c, sql_offen, NULL) == 1);
    CHECK(oidc_rueckruf(c, a, &u, cfg, "x", st, "anders", "code", &id) == ERR_UNAUTHORIZED);
    CHECK(oidc_rueckruf(c, a, &u, cfg, "x", st, st, "", &id) == ERR_UNAUTHORIZED);
    CHECK(oidc_rueckruf(c, a, &u, cfg, "x", NULL, st, "code", &id) == ERR_UNAUTHORIZED);
    CHECK(oidc_rueckruf(c, a, &u, cfg, "x", "kurz", "kurz", "code", &id) == ERR_UNAUTHORIZED);
    /* the token endpoint refuses: ERR_IO, and the state is used up */
    setze(p.token, sizeof(p.token), &p.status_token, 400, "{\"error\": \"invalid_grant\"}");
    CHECK(beenden(c, a, cfg, st, T0, &id) == ERR_IO);
    CHECK(testdb_count(c, sql_offen, NULL) == 0);
    CHECK(beenden(c, a, cfg, st, T0, &id) == ERR_UNAUTHORIZED);
    /* an answer without an ID token */
    CHECK(starten(c, a, cfg, st, nonce) == ERR_OK);
    setze(p.token, sizeof(p.token), &p.status_token, 200, "{\"access_token\": \"a\"}");
    CHECK(beenden(c, a, cfg, st, T0, &id) == ERR_UNAUTHORIZED);

    /* every reason to reject an ID token, then one that passes */
    static const char hdr_ok[] = "{\"alg\": \"RS256\", \"kid\": \"k1\"}";
    struct {
        const char *hdr, *claims; /* claims: printf with issuer, nonce */
        bool kaputt;
        const char *roh; /* instead of a signed token */
    } faelle[] = {
        {NULL, NULL, false, "nur.zwei"},
        {NULL, NULL, false, "a.b.c.d"},
        {NULL, NULL, false, "%%%.%%%.%%%"},
        {"{\"alg\": \"HS256\", \"kid\": \"k1\"}",
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {"{\"alg\": \"RS256\", \"kid\": \"k9\"}",
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         true, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/x\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"fremd\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": [\"rathaus\", \"fremd\"], \"exp\": 1767229200, "
         "\"nonce\": \"%s\", \"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": 5, \"exp\": 1767229200, \"nonce\": \"%s\", \"sub\": "
         "\"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767220000, \"nonce\": \"%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"iat\": 1767239200, "
         "\"nonce\": \"%s\", \"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"x%s\", "
         "\"sub\": \"u1\"}",
         false, NULL},
        {hdr_ok,
         "{\"iss\": \"%s/\", \"aud\": \"rathaus\", \"exp\": 1767229200, \"nonce\": \"%s\", "
         "\"sub\": \"\"}",
         false, NULL},
    };
    for (size_t i = 0; i < sizeof(faelle) / sizeof(faelle[0]); i++) {
        CHECK(starten(c, a, cfg, st, nonce) == ERR_OK);
        if (faelle[i].roh) {
            snprintf(tok, sizeof(tok), "%s", faelle[i].roh);
        } else {
            fuellen(faelle[i].claims, issuer, nonce, claims, sizeof(claims));
            jwt(faelle[i].hdr, claims, faelle[i].kaputt, tok, sizeof(tok));
        }
        token_antwort(tok);
        int rc = beenden(c, a, cfg, st, T0, &id);
        if (rc != ERR_UNAUTHORIZED)
            printf("# token case %zu: %d\n", i, rc);
        CHECK(rc == ERR_UNAUTHORIZED);
    }
    int vorher = p.n_keys;
    CHECK(vorher >= 2); /* the unknown key made it fetch the keys again */

    /* the key rotated: the new kid is fetched once, and the login passes */
    CHECK(jwks_setzen("k2") == 0);
    CHECK(starten(c, a, cfg, st, nonce) == ERR_OK);
    snprintf(claims, sizeof(claims),
             "{\"iss\": \"%s/\", \"aud\": [\"rathaus\", \"fremd\"], \"azp\": \"rathaus\", \"exp\": "
             "1767229200, \"iat\": 1767225600, \"nonce\": \"%s\", \"sub\": \"u-42\", \"email\": "
             "\"sb@boeblingen.example\", \"email_verified\": true}",
             issuer, nonce);
    jwt("{\"alg\": \"RS256\", \"kid\": \"k2\"}", claims, false, tok, sizeof(tok));
    token_antwort(tok);
    CHECK(beenden(c, a, cfg, st, T0 + 60, &id) == ERR_OK);
    CHECK(id.subject && strcmp(id.subject, "u-42") == 0 && id.email_verified);
    CHECK(id.email && strcmp(id.email, "sb@boeblingen.example") == 0);
    CHECK(p.n_keys == vorher + 1);
    CHECK(testdb_count(c, sql_offen, NULL) == 0);
out:
    if (p.fd >= 0)
        provider_stop();
    oidc_config_free(cfg);
    env_leer();
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

int
main(void)
{
    if (testdb_init("oidc_fehler") != 0)
        return 1;
    rsa = EVP_RSA_gen(2048);
    if (!rsa)
        return 1;
    TEST(test_oidc_configuration_from_the_environment);
    TEST(test_oidc_discovery_login_and_every_rejected_token);
    EVP_PKEY_free(rsa);
    testdb_done();
    return tap_done();
}
