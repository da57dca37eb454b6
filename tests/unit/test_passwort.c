/* Tests of domain/passwort.h (argon2id), domain/csrf.h and domain/schluessel.h. */
#include <string.h>

#include <sodium.h>

#include "domain/csrf.h"
#include "domain/passwort.h"
#include "domain/schluessel.h"
#include "tap.h"

static void
test_hash_is_argon2id_and_verifies(void)
{
    char h[PASSWORT_HASH_MAX];
    CHECK(passwort_hash("richtig-langes-passwort", 23, h) == ERR_OK);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    CHECK(passwort_pruefen(h, "richtig-langes-passwort", 23) == ERR_OK);
    CHECK(passwort_pruefen(h, "richtig-langes-passworT", 23) == ERR_UNAUTHORIZED);
    CHECK(passwort_pruefen(h, "richtig", 7) == ERR_UNAUTHORIZED);
    CHECK(!passwort_braucht_neu(h));
}

static void
test_same_password_hashes_differently(void)
{
    char a[PASSWORT_HASH_MAX], b[PASSWORT_HASH_MAX];
    CHECK(passwort_hash("noch-ein-passwort", 17, a) == ERR_OK);
    CHECK(passwort_hash("noch-ein-passwort", 17, b) == ERR_OK);
    CHECK(strcmp(a, b) != 0);
}

static void
test_missing_hash_never_verifies(void)
{
    CHECK(passwort_pruefen(NULL, "egal-welches-passwort", 21) == ERR_UNAUTHORIZED);
    CHECK(passwort_pruefen("", "egal-welches-passwort", 21) == ERR_UNAUTHORIZED);
    CHECK(passwort_pruefen("$argon2id$kaputt", "egal-welches-passwort", 21) == ERR_UNAUTHORIZED);
}

static void
test_rules_reject_short_long_and_controls(void)
{
    char big[PASSWORT_MAX + 2];
    const char *m = NULL;
    memset(big, 'x', sizeof(big));
    CHECK(passwort_regeln("kurz", 4, &m) == ERR_INVALID && m != NULL);
    CHECK(passwort_regeln("", 0, &m) == ERR_INVALID);
    CHECK(passwort_regeln(big, sizeof(big), &m) == ERR_INVALID);
    CHECK(passwort_regeln("zehn\nzeichen!", 13, &m) == ERR_INVALID);
    CHECK(passwort_regeln("\xff\xfe ungültig ungültig", 22, &m) == ERR_INVALID);
    /* characters count, not bytes: 10 characters in 16 bytes, 9 in 15 */
    CHECK(passwort_regeln("äöüäöüabcd", strlen("äöüäöüabcd"), &m) == ERR_OK);
    CHECK(passwort_regeln("äöüäöüabc", strlen("äöüäöüabc"), &m) == ERR_INVALID);
    CHECK(passwort_regeln("zehnzeichen", 11, &m) == ERR_OK && m == NULL);
}

static void
test_csrf_token_binds_to_binding_and_key(void)
{
    uint8_t k1[32], k2[32];
    char t[CSRF_TOKEN_LEN + 1], t2[CSRF_TOKEN_LEN + 1];
    randombytes_buf(k1, 32);
    randombytes_buf(k2, 32);
    CHECK(csrf_token(k1, "sitzung-a", t) == ERR_OK);
    CHECK(strlen(t) == CSRF_TOKEN_LEN);
    CHECK(csrf_pruefen(k1, "sitzung-a", t) == ERR_OK);
    CHECK(csrf_pruefen(k1, "sitzung-b", t) == ERR_FORBIDDEN);
    CHECK(csrf_pruefen(k2, "sitzung-a", t) == ERR_FORBIDDEN);
    CHECK(csrf_pruefen(k1, "sitzung-a", NULL) == ERR_FORBIDDEN);
    CHECK(csrf_pruefen(k1, "sitzung-a", "") == ERR_FORBIDDEN);
    memcpy(t2, t, sizeof(t));
    t2[5] = t2[5] == 'A' ? 'B' : 'A';
    CHECK(csrf_pruefen(k1, "sitzung-a", t2) == ERR_FORBIDDEN);
    CHECK(csrf_token(k1, "", t) == ERR_INVALID);
}

static void
test_schluessel_are_random_wellformed_and_hashed(void)
{
    char a[64], b[64], h[SCHLUESSEL_HASH_LEN + 1];
    CHECK(schluessel_neu("rh_", a, sizeof(a)) == ERR_OK);
    CHECK(schluessel_neu("rh_", b, sizeof(b)) == ERR_OK);
    CHECK(strlen(a) == 3 + SCHLUESSEL_TEXT_LEN && strcmp(a, b) != 0);
    CHECK(schluessel_is_wohlgeformt("rh_", a, strlen(a)));
    CHECK(!schluessel_is_wohlgeformt("", a, strlen(a)));
    CHECK(!schluessel_is_wohlgeformt("rh_", a, strlen(a) - 1));
    a[10] = '.';
    CHECK(!schluessel_is_wohlgeformt("rh_", a, strlen(a)));
    CHECK(schluessel_neu("rh_", a, 20) == ERR_LIMIT);
    schluessel_hash("abc", 3, h);
    CHECK(strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
    uint8_t raw[4];
    CHECK(schluessel_unhex("0aFf10ee", raw, 4) == ERR_OK && raw[1] == 0xff);
    CHECK(schluessel_unhex("0aFf10e", raw, 4) == ERR_INVALID);
    CHECK(schluessel_unhex("0aFf10eg", raw, 4) == ERR_INVALID);
}

int
main(void)
{
    if (schluessel_init() != ERR_OK)
        return 1;
    TEST(test_hash_is_argon2id_and_verifies);
    TEST(test_same_password_hashes_differently);
    TEST(test_missing_hash_never_verifies);
    TEST(test_rules_reject_short_long_and_controls);
    TEST(test_csrf_token_binds_to_binding_and_key);
    TEST(test_schluessel_are_random_wellformed_and_hashed);
    return tap_done();
}
