#include "domain/passwort.h"

#include <string.h>

#include <pthread.h>
#include <sodium.h>

#include "util/str.h"

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(PASSWORT_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");

/* Code points in valid UTF-8 (checked before). */
static size_t
n_chars(const char *p, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            n++;
    return n;
}

int
passwort_regeln(const char *pw, size_t len, const char **meldung)
{
    const char *m = NULL;
    if (!pw || len == 0)
        m = "Bitte geben Sie ein Passwort ein.";
    else if (len > PASSWORT_MAX)
        m = "Das Passwort ist zu lang (höchstens 256 Bytes).";
    else if (!str_is_clean_utf8(pw, len) || memchr(pw, '\n', len) || memchr(pw, '\r', len) ||
             memchr(pw, '\t', len))
        m = "Das Passwort enthält ungültige Zeichen.";
    else if (n_chars(pw, len) < PASSWORT_MIN)
        m = "Das Passwort muss mindestens 10 Zeichen lang sein.";
    if (meldung)
        *meldung = m;
    return m ? ERR_INVALID : ERR_OK;
}

int
passwort_hash(const char *pw, size_t len, char out[PASSWORT_HASH_MAX])
{
    if (len > PASSWORT_MAX)
        return ERR_INVALID;
    if (crypto_pwhash_str_alg(out, pw, len, OPSLIMIT, MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return ERR_NOMEM;
    return ERR_OK;
}

/* A hash of a password nobody knows, made once per process: checked against when an account
 * has no password, so that the answer takes as long as a real check. */
static char dummy[PASSWORT_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
    uint8_t pw[32];
    randombytes_buf(pw, sizeof(pw));
    if (crypto_pwhash_str_alg(dummy, (const char *)pw, sizeof(pw), OPSLIMIT, MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        dummy[0] = '\0';
}

static const char *
dummy_hash(void)
{
    pthread_once(&dummy_once, make_dummy);
    return dummy[0] ? dummy : NULL;
}

int
passwort_pruefen(const char *hash, const char *pw, size_t len)
{
    if (!pw || len > PASSWORT_MAX)
        return ERR_UNAUTHORIZED;
    if (!hash || !*hash) {
        const char *d = dummy_hash();
        if (d)
            RH_IGNORE(crypto_pwhash_str_verify(d, pw, len)); /* only for the time it takes */
        return ERR_UNAUTHORIZED;
    }
    return crypto_pwhash_str_verify(hash, pw, len) == 0 ? ERR_OK : ERR_UNAUTHORIZED;
}

bool
passwort_braucht_neu(const char *hash)
{
    return hash && crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
