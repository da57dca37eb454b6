#include "domain/csrf.h"

#include <string.h>

#include <sodium.h>

int
csrf_token(const uint8_t key[32], const char *binding, char out[CSRF_TOKEN_LEN + 1])
{
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;

    if (!binding || !*binding)
        return ERR_INVALID;
    crypto_auth_hmacsha256_init(&st, key, 32);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf", 5); /* with its NUL */
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)binding, strlen(binding));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2base64(out, CSRF_TOKEN_LEN + 1, mac, sizeof(mac),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return ERR_OK;
}

int
csrf_pruefen(const uint8_t key[32], const char *binding, const char *token)
{
    char want[CSRF_TOKEN_LEN + 1];
    if (!token || strlen(token) != CSRF_TOKEN_LEN || csrf_token(key, binding, want) != ERR_OK)
        return ERR_FORBIDDEN;
    return sodium_memcmp(want, token, CSRF_TOKEN_LEN) == 0 ? ERR_OK : ERR_FORBIDDEN;
}
