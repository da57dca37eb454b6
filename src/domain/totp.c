#include "domain/totp.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

uint32_t
totp_hotp(const uint8_t *key, size_t key_len, uint64_t counter, unsigned digits)
{
    uint8_t msg[8], mac[EVP_MAX_MD_SIZE];
    unsigned mac_len = 0;
    uint32_t mod = 1;

    for (int i = 7; i >= 0; i--) {
        msg[i] = (uint8_t)(counter & 0xff);
        counter >>= 8;
    }
    if (!HMAC(EVP_sha1(), key, (int)key_len, msg, sizeof(msg), mac, &mac_len) || mac_len < 20)
        return UINT32_MAX; /* never a valid code: no comparison can match it */
    unsigned off = mac[mac_len - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
    for (unsigned i = 0; i < digits; i++)
        mod *= 10;
    sodium_memzero(mac, sizeof(mac));
    return bin % mod;
}

uint32_t
totp_at(const uint8_t *key, size_t key_len, int64_t t, unsigned step, unsigned digits)
{
    if (t < 0)
        t = 0;
    return totp_hotp(key, key_len, (uint64_t)t / step, digits);
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
totp_base32_encode(const uint8_t *p, size_t len, char *out)
{
    size_t j = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 5) {
            out[j++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[j++] = b32[(acc << (5 - bits)) & 31];
    out[j] = '\0';
}

int
totp_base32_decode(const char *text, uint8_t *out, size_t out_cap, size_t *out_len)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (const char *s = text; *s; s++) {
        char c = *s;
        int v;
        if (c == ' ' || c == '=' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return ERR_INVALID;
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            if (n == out_cap)
                return ERR_LIMIT;
            out[n++] = (uint8_t)((acc >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    *out_len = n;
    return ERR_OK;
}

void
totp_geheimnis_neu(char out[TOTP_GEHEIMNIS_LEN + 1])
{
    uint8_t raw[TOTP_GEHEIMNIS_BYTES];
    randombytes_buf(raw, sizeof(raw));
    totp_base32_encode(raw, sizeof(raw), out);
    sodium_memzero(raw, sizeof(raw));
}

int
totp_pruefen(const char *geheimnis, const char *code, int64_t jetzt, int64_t letzter_schritt,
             int64_t *schritt)
{
    uint8_t key[64];
    size_t key_len;
    char digits[TOTP_STELLEN + 1];
    size_t n = 0;
    int rc = ERR_UNAUTHORIZED;

    if (!geheimnis || !code)
        return ERR_INVALID;
    for (const char *s = code; *s; s++) {
        if (*s == ' ')
            continue;
        if (*s < '0' || *s > '9' || n == TOTP_STELLEN)
            return ERR_INVALID;
        digits[n++] = *s;
    }
    if (n != TOTP_STELLEN)
        return ERR_INVALID;
    digits[n] = '\0';
    if (totp_base32_decode(geheimnis, key, sizeof(key), &key_len) != ERR_OK || key_len < 10)
        return ERR_INVALID;

    int64_t now_step = (jetzt < 0 ? 0 : jetzt) / TOTP_SCHRITT;
    for (int64_t d = -1; d <= 1; d++) {
        int64_t st = now_step + d;
        char want[16];
        if (st < 0)
            continue;
        uint32_t v = totp_hotp(key, key_len, (uint64_t)st, TOTP_STELLEN);
        want[0] = '\0';
        for (int i = TOTP_STELLEN - 1; i >= 0; i--) {
            want[i] = (char)('0' + v % 10);
            v /= 10;
        }
        /* every step is compared, in constant time, so timing tells nothing */
        if (sodium_memcmp(want, digits, TOTP_STELLEN) == 0 && st > letzter_schritt &&
            rc != ERR_OK) {
            *schritt = st;
            rc = ERR_OK;
        }
    }
    sodium_memzero(key, sizeof(key));
    return rc;
}

/* Percent-encode for a URI component. */
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

const char *
totp_uri(struct arena *a, const char *aussteller, const char *konto, const char *geheimnis)
{
    struct buf b = BUF_INIT(4096);
    const char *out = NULL;
    int rc = buf_puts(&b, "otpauth://totp/");
    if (rc == ERR_OK)
        rc = enc(&b, aussteller);
    if (rc == ERR_OK)
        rc = buf_puts(&b, ":");
    if (rc == ERR_OK)
        rc = enc(&b, konto);
    if (rc == ERR_OK)
        rc = buf_printf(&b, "?secret=%s&issuer=", geheimnis);
    if (rc == ERR_OK)
        rc = enc(&b, aussteller);
    if (rc == ERR_OK)
        rc = buf_puts(&b, "&algorithm=SHA1&digits=6&period=30");
    if (rc == ERR_OK)
        out = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return out;
}
