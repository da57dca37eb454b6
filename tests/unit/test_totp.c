/* Tests of domain/totp.h: the RFC 4226 and RFC 6238 test vectors (HMAC-SHA-1), base32, the
 * acceptance window and replay protection. */
#include <stdio.h>
#include <string.h>

#include "domain/schluessel.h"
#include "domain/totp.h"
#include "tap.h"

static const uint8_t rfc_key[] = "12345678901234567890";

static void
test_hotp_matches_rfc4226_vectors(void)
{
    static const uint32_t want[] = {755224, 287082, 359152, 969429, 338314,
                                    254676, 287922, 162583, 399871, 520489};
    for (uint64_t i = 0; i < 10; i++)
        CHECK(totp_hotp(rfc_key, 20, i, 6) == want[i]);
}

static void
test_totp_matches_rfc6238_sha1_vectors(void)
{
    static const struct {
        int64_t t;
        uint32_t code;
    } v[] = {{59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
             {1234567890, 89005924}, {2000000000, 69279037}, {20000000000LL, 65353130}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        CHECK(totp_at(rfc_key, 20, v[i].t, 30, 8) == v[i].code);
}

static void
test_base32_round_trip_and_rfc4648_vectors(void)
{
    char out[64];
    uint8_t back[64];
    size_t n = 0;
    totp_base32_encode((const uint8_t *)"foobar", 6, out);
    CHECK(strcmp(out, "MZXW6YTBOI") == 0);
    CHECK(totp_base32_decode("MZXW6YTBOI======", back, sizeof(back), &n) == ERR_OK);
    CHECK(n == 6 && memcmp(back, "foobar", 6) == 0);
    CHECK(totp_base32_decode("mzxw 6ytb oi", back, sizeof(back), &n) == ERR_OK && n == 6);
    CHECK(totp_base32_decode("MZXW1", back, sizeof(back), &n) == ERR_INVALID);
    CHECK(totp_base32_decode("MZXW6YTBOI", back, 3, &n) == ERR_LIMIT);
    totp_base32_encode(rfc_key, 20, out);
    CHECK(strcmp(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == 0);
}

static void
code_at(const char *secret, int64_t t, char out[8])
{
    uint8_t key[64];
    size_t len = 0;
    CHECK(totp_base32_decode(secret, key, sizeof(key), &len) == ERR_OK);
    snprintf(out, 8, "%06u", totp_at(key, len, t, 30, 6));
}

static void
test_pruefen_accepts_current_and_adjacent_steps_only(void)
{
    const char *s = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    char code[8];
    int64_t step = 0, t = 1700000000;
    code_at(s, t, code);
    CHECK(totp_pruefen(s, code, t, 0, &step) == ERR_OK && step == t / 30);
    CHECK(totp_pruefen(s, code, t + 30, 0, &step) == ERR_OK);
    CHECK(totp_pruefen(s, code, t - 30, 0, &step) == ERR_OK);
    CHECK(totp_pruefen(s, code, t + 90, 0, &step) == ERR_UNAUTHORIZED);
    CHECK(totp_pruefen(s, code, t - 90, 0, &step) == ERR_UNAUTHORIZED);
}

static void
test_pruefen_rejects_replay_of_used_step(void)
{
    const char *s = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    char code[8];
    int64_t step = 0, t = 1700000000;
    code_at(s, t, code);
    CHECK(totp_pruefen(s, code, t, t / 30, &step) == ERR_UNAUTHORIZED);
    CHECK(totp_pruefen(s, code, t, t / 30 - 1, &step) == ERR_OK);
}

static void
test_pruefen_rejects_malformed_codes(void)
{
    const char *s = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    int64_t step;
    CHECK(totp_pruefen(s, "12345", 0, 0, &step) == ERR_INVALID);
    CHECK(totp_pruefen(s, "1234567", 0, 0, &step) == ERR_INVALID);
    CHECK(totp_pruefen(s, "12a456", 0, 0, &step) == ERR_INVALID);
    CHECK(totp_pruefen(s, "", 0, 0, &step) == ERR_INVALID);
    CHECK(totp_pruefen("not base32!", "123456", 0, 0, &step) == ERR_INVALID);
    CHECK(totp_pruefen(s, NULL, 0, 0, &step) == ERR_INVALID);
}

static void
test_new_secret_is_base32_of_20_bytes(void)
{
    char a[TOTP_GEHEIMNIS_LEN + 1], b[TOTP_GEHEIMNIS_LEN + 1];
    uint8_t key[64];
    size_t n = 0;
    totp_geheimnis_neu(a);
    totp_geheimnis_neu(b);
    CHECK(strlen(a) == TOTP_GEHEIMNIS_LEN);
    CHECK(strcmp(a, b) != 0);
    CHECK(totp_base32_decode(a, key, sizeof(key), &n) == ERR_OK && n == TOTP_GEHEIMNIS_BYTES);
}

static void
test_uri_encodes_issuer_and_account(void)
{
    struct arena *a = arena_new(4096);
    const char *u = totp_uri(a, "rathaus BW", "a@b.de", "ABC");
    CHECK(u && strcmp(u, "otpauth://totp/rathaus%20BW:a%40b.de?secret=ABC&issuer=rathaus%20BW"
                         "&algorithm=SHA1&digits=6&period=30") == 0);
    arena_free(a);
}

int
main(void)
{
    if (schluessel_init() != ERR_OK)
        return 1;
    TEST(test_hotp_matches_rfc4226_vectors);
    TEST(test_totp_matches_rfc6238_sha1_vectors);
    TEST(test_base32_round_trip_and_rfc4648_vectors);
    TEST(test_pruefen_accepts_current_and_adjacent_steps_only);
    TEST(test_pruefen_rejects_replay_of_used_step);
    TEST(test_pruefen_rejects_malformed_codes);
    TEST(test_new_secret_is_base32_of_20_bytes);
    TEST(test_uri_encodes_issuer_and_account);
    return tap_done();
}
