/* Logins that do not go through (domain/konto.h): malformed address or empty password, an
 * unknown address, an unconfirmed, a locked and a staff account without a second factor, and
 * the client address locked after many failures; each failure is in the audit log with its
 * reason (never the address). The second step refused for a full session, a locked account
 * and a session that does not exist. On SQLite and, with RATHAUS_TEST_PG, PostgreSQL (schema
 * rh_test_konto_fehler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/konto.h"
#include "domain/sitzung.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

static const char sql_grund[] =
    "SELECT COUNT(*) FROM protokoll WHERE aktion = 'anmeldung_fehlgeschlagen' AND detail LIKE ?";

/* The token after "t=" in the newest e-mail to `to` (into out), or "". */
static void
link_token(struct db_conn *c, const char *to, char *out, size_t out_len)
{
    static const char sql[] =
        "SELECT text FROM postausgang WHERE empfaenger = ? ORDER BY id DESC LIMIT 1";
    struct db_param p[] = {DBP_TEXT(to)};
    struct db_rows *r = NULL;
    bool has = false;
    out[0] = '\0';
    if (db_query(c, sql, p, 1, &r) != ERR_OK)
        return;
    if (db_rows_next(r, &has) == ERR_OK && has) {
        const char *t = strstr(db_rows_text(r, 0), "t=");
        size_t n = 0;
        if (t) {
            t += 2;
            while (t[n] && t[n] != '\n' && n + 1 < out_len)
                n++;
            memcpy(out, t, n);
        }
        out[n] = '\0';
    }
    db_rows_free(r);
}

static void
anmeldung_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler f = {0};
    struct anmeldung an;
    struct sitzung s;
    char tok[128], neu[SCHLUESSEL_TEXT_LEN + 1];
    int64_t id = 0;
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    /* malformed input: refused before any work */
    CHECK(konto_anmelden(c, &u, "keine-adresse", "passwort-1", 10, &an) == ERR_INVALID);
    CHECK(konto_anmelden(c, &u, "a@example.de", "", 0, &an) == ERR_INVALID);
    CHECK(konto_anmelden(c, &u, "a@example.de", NULL, 5, &an) == ERR_INVALID);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll", NULL) == 0);

    /* unknown, unconfirmed, locked, staff without TOTP */
    CHECK(konto_anmelden(c, &u, "niemand@example.de", "passwort-1", 10, &an) == ERR_UNAUTHORIZED);
    CHECK(testdb_count(c, sql_grund, "%unbekannt%") == 1);
    CHECK(konto_registrieren(c, a, &u, "anna@example.de", "anna-passwort", 13, &f) == ERR_OK);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_CONFLICT);
    CHECK(testdb_count(c, sql_grund, "%unbestaetigt%") == 1);
    link_token(c, "anna@example.de", tok, sizeof(tok));
    CHECK(konto_bestaetigen(c, &u, tok, &id) == ERR_OK && id > 0);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "falsches-pw", 11, &an) == ERR_UNAUTHORIZED);
    CHECK(testdb_count(c, sql_grund, "%passwort%") == 1);
    CHECK(db_exec_script(c, "UPDATE konto SET status = 'gesperrt' WHERE email = "
                            "'anna@example.de'") == ERR_OK);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_UNAUTHORIZED);
    CHECK(testdb_count(c, sql_grund, "%gesperrt%") == 1);
    CHECK(db_exec_script(c, "UPDATE konto SET status = 'aktiv', art = 'personal' WHERE email = "
                            "'anna@example.de'") == ERR_OK);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_UNAUTHORIZED);
    CHECK(testdb_count(c, sql_grund, "%kein_zweiter_faktor%") == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE detail LIKE '%anna%'", NULL) == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM sitzung", NULL) == 0);

    /* the second step: only for a session waiting for it */
    CHECK(db_exec_script(c, "UPDATE konto SET art = 'buerger' WHERE email = "
                            "'anna@example.de'") == ERR_OK);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_OK &&
          !an.braucht_zweiten_faktor);
    CHECK(konto_zweiter_faktor(c, a, &u, an.sitzung, "123456", neu) == ERR_UNAUTHORIZED);
    CHECK(konto_zweiter_faktor(c, a, &u, "gibt-es-nicht", "123456", neu) == ERR_UNAUTHORIZED);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_OK && s.stufe == 0);

    /* one client address failing for many addresses is locked out, for any address */
    /* (the failures above count too: the lock comes within KONTO_SPERRE_AB_HERKUNFT) */
    int n_falsch = 0, rc = ERR_OK;
    for (int i = 0; i < KONTO_SPERRE_AB_HERKUNFT && rc != ERR_LIMIT; i++) {
        char email[64];
        snprintf(email, sizeof(email), "versuch%d@example.de", i);
        rc = konto_anmelden(c, &u, email, "passwort-1", 10, &an);
        CHECK(rc == ERR_UNAUTHORIZED || rc == ERR_LIMIT);
        n_falsch += rc == ERR_UNAUTHORIZED;
    }
    CHECK(rc == ERR_LIMIT && n_falsch >= KONTO_SPERRE_AB_HERKUNFT - 6);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_LIMIT);
    struct umfeld anders = u;
    anders.herkunft = "198.51.100.7";
    CHECK(konto_anmelden(c, &anders, "anna@example.de", "anna-passwort", 13, &an) == ERR_OK);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_konto_logins_that_fail_and_why(void)
{
    testdb_on_both(anmeldung_body);
}

int
main(void)
{
    if (testdb_init("konto_fehler") != 0)
        return 1;
    TEST(test_konto_logins_that_fail_and_why);
    testdb_done();
    return tap_done();
}
