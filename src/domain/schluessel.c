#include "domain/schluessel.h"

#include <string.h>

#include <sodium.h>

int
schluessel_init(void)
{
    return sodium_init() < 0 ? ERR_NOMEM : ERR_OK;
}

int
schluessel_neu(const char *prefix, char *out, size_t out_len)
{
    uint8_t raw[SCHLUESSEL_BYTES];
    size_t plen = strlen(prefix);

    if (out_len < plen + SCHLUESSEL_TEXT_LEN + 1)
        return ERR_LIMIT;
    randombytes_buf(raw, sizeof(raw));
    memcpy(out, prefix, plen);
    sodium_bin2base64(out + plen, out_len - plen, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    return ERR_OK;
}

void
schluessel_hex(const uint8_t *p, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * len] = '\0';
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
schluessel_unhex(const char *hex, uint8_t *out, size_t out_len)
{
    if (!hex || strlen(hex) != 2 * out_len)
        return ERR_INVALID;
    for (size_t i = 0; i < out_len; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return ERR_INVALID;
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return ERR_OK;
}

void
schluessel_hash(const char *text, size_t len, char out[SCHLUESSEL_HASH_LEN + 1])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    schluessel_hex(h, sizeof(h), out);
}

void
schluessel_hmac(const uint8_t key[SCHLUESSEL_BYTES], const char *text, size_t len,
                char out[SCHLUESSEL_HASH_LEN + 1])
{
    uint8_t h[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, SCHLUESSEL_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)text, len);
    crypto_auth_hmacsha256_final(&st, h);
    schluessel_hex(h, sizeof(h), out);
}

bool
schluessel_is_wohlgeformt(const char *prefix, const char *text, size_t len)
{
    size_t plen = strlen(prefix);
    if (!text || len != plen + SCHLUESSEL_TEXT_LEN || memcmp(text, prefix, plen) != 0)
        return false;
    for (size_t i = plen; i < len; i++) {
        char c = text[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}
