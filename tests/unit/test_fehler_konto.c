/* Fault injection into the account writes: registration and its confirmation, logins that
 * succeed and fail (both audited and counted), the forgotten password and its reset, changing
 * password and address, logout and deleting the account. Every statement of each operation
 * fails once (store/db_fehler.h): the operation must report an error and leave every table as
 * it was; the run no injected failure reaches must succeed (test_fehler_harness.h). On SQLite
 * and, with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_fehler_konto). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/konto.h"
#include "domain/sitzung.h"
#include "domain/totp.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

struct ktx {
    struct arena *a;
    struct umfeld u;
    struct feld_fehler f;
    struct anmeldung an;
    struct actor who;
    char tok[128];
    int64_t id, sitzung_id;
    /* staff */
    struct actor sys;
    int64_t staff;
    const char *link;
    char secret[TOTP_GEHEIMNIS_LEN + 1], code[8], neu[SCHLUESSEL_TEXT_LEN + 1];
    struct umfeld spaeter;
};

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
        if (t) {
            size_t n = 0;
            t += 2;
            while (t[n] && t[n] != '\n' && n + 1 < out_len)
                n++;
            memcpy(out, t, n);
            out[n] = '\0';
        }
    }
    db_rows_free(r);
}

static int
op_registrieren(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_registrieren(c, x->a, &x->u, "anna@example.de", "anna-passwort", 13, &x->f);
}

static int
op_bestaetigen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_bestaetigen(c, &x->u, x->tok, &x->id);
}

static int
op_anmelden(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_anmelden(c, &x->u, "anna@example.de", "anna-passwort", 13, &x->an);
}

/* A wrong password: ERR_UNAUTHORIZED is this operation's success. */
static int
op_anmelden_falsch(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    struct anmeldung an;
    int rc = konto_anmelden(c, &x->u, "anna@example.de", "falsch-falsch", 13, &an);
    return rc == ERR_UNAUTHORIZED ? ERR_OK : rc == ERR_OK ? ERR_INVALID : rc;
}

static int
op_abmelden(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_abmelden(c, &x->u, x->an.sitzung);
}

static int
op_vergessen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_passwort_vergessen(c, x->a, &x->u, "anna@example.de", &x->f);
}

static int
op_zuruecksetzen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_passwort_zuruecksetzen(c, x->a, &x->u, x->tok, "anna-neu-pw", 11, &x->f);
}

static int
op_passwort_aendern(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_passwort_aendern(c, x->a, &x->u, &x->who, "anna-neu-pw", 11, "anna-pw-drei", 12,
                                  x->sitzung_id, &x->f);
}

static int
op_email_aendern(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_email_aendern(c, x->a, &x->u, &x->who, "anna-pw-drei", 12, "anna.neu@example.de",
                               &x->f);
}

static int
op_loeschen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_loeschen(c, &x->u, &x->who, "anna-pw-drei", 12, &x->f);
}

static void
code_fuer(const char *secret, int64_t t, char out[8])
{
    uint8_t key[64];
    size_t len = 0;
    CHECK(totp_base32_decode(secret, key, sizeof(key), &len) == ERR_OK);
    snprintf(out, 8, "%06u", totp_at(key, len, t, 30, 6));
}

static int
op_anlegen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_anlegen(c, x->a, &x->u, &x->sys, "hanna@amt.example", ROLLE_SACHBEARBEITUNG, 1, 0,
                         NULL, &x->staff, &x->link, &x->f);
}

static int
op_einladung(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_einladung_annehmen(c, x->a, &x->u, x->tok, "hanna-passwort", 14, x->secret,
                                    x->code, &x->f);
}

static int
op_anmelden_staff(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_anmelden(c, &x->spaeter, "hanna@amt.example", "hanna-passwort", 14, &x->an);
}

static int
op_zweiter_faktor(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_zweiter_faktor(c, x->a, &x->spaeter, x->an.sitzung, x->code, x->neu);
}

static int
op_extern(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    return konto_anmelden_extern(c, &x->spaeter, "https://idp.example", "u-42", "hanna@amt.example",
                                 true, &x->an);
}

static int
op_zugang_setzen(struct db_conn *c, void *p)
{
    struct ktx *x = p;
    const char *totp = NULL;
    return konto_zugang_setzen(c, x->a, &x->spaeter, &x->sys, x->staff, "hanna-neues-pw", 14, &totp,
                               &x->f);
}

static void
konto_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct ktx x = {.a = arena_new(4 << 20), .u = testdb_umfeld(T0)};
    struct sitzung s;
    if (!db || !x.a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    FEHLER_PRUEFEN(c, "konto_registrieren", op_registrieren, &x);
    link_token(c, "anna@example.de", x.tok, sizeof(x.tok));
    CHECK(x.tok[0] != '\0');
    FEHLER_PRUEFEN(c, "konto_bestaetigen", op_bestaetigen, &x);
    CHECK(x.id > 0);
    FEHLER_PRUEFEN(c, "konto_anmelden", op_anmelden, &x);
    CHECK(x.an.konto_id == x.id && !x.an.braucht_zweiten_faktor);
    FEHLER_PRUEFEN(c, "konto_anmelden (wrong password)", op_anmelden_falsch, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion LIKE 'anmeldung%'", NULL) >=
          2);
    FEHLER_PRUEFEN(c, "konto_abmelden", op_abmelden, &x);
    CHECK(sitzung_aufloesen(c, x.a, &x.u, x.an.sitzung, &s) == ERR_UNAUTHORIZED);

    FEHLER_PRUEFEN(c, "konto_passwort_vergessen", op_vergessen, &x);
    link_token(c, "anna@example.de", x.tok, sizeof(x.tok));
    CHECK(konto_reset_gueltig(c, &x.u, x.tok) == ERR_OK);
    FEHLER_PRUEFEN(c, "konto_passwort_zuruecksetzen", op_zuruecksetzen, &x);
    CHECK(konto_reset_gueltig(c, &x.u, x.tok) != ERR_OK); /* used up */

    CHECK(konto_anmelden(c, &x.u, "anna@example.de", "anna-neu-pw", 11, &x.an) == ERR_OK);
    CHECK(sitzung_aufloesen(c, x.a, &x.u, x.an.sitzung, &s) == ERR_OK);
    x.sitzung_id = s.id;
    CHECK(konto_actor(c, x.a, x.id, false, &x.who) == ERR_OK);
    FEHLER_PRUEFEN(c, "konto_passwort_aendern", op_passwort_aendern, &x);
    FEHLER_PRUEFEN(c, "konto_email_aendern", op_email_aendern, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?",
                       "anna.neu@example.de") == 1);
    FEHLER_PRUEFEN(c, "konto_loeschen", op_loeschen, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM konto WHERE email = ?", "anna@example.de") == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM sitzung", NULL) == 0);

    /* staff: invited, invitation taken up with TOTP, both login steps, an external login
     * linked by the verified address, then found by the link; the operator sets a password */
    x.sys = (struct actor){.is_system = true};
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    if (kind == DB_PG) /* failed runs use up sequence values; keep clear of the fixture's ids */
        CHECK(db_exec_script(c, "SELECT setval(pg_get_serial_sequence('konto', 'id'), 1000)") ==
              ERR_OK);
    FEHLER_PRUEFEN(c, "konto_anlegen (staff)", op_anlegen, &x);
    CHECK(x.staff > 0 && x.link != NULL);
    link_token(c, "hanna@amt.example", x.tok, sizeof(x.tok));
    totp_geheimnis_neu(x.secret);
    code_fuer(x.secret, x.u.jetzt, x.code);
    FEHLER_PRUEFEN(c, "konto_einladung_annehmen", op_einladung, &x);
    x.spaeter = testdb_umfeld(T0 + 90);
    FEHLER_PRUEFEN(c, "konto_anmelden (staff, step 1)", op_anmelden_staff, &x);
    CHECK(x.an.braucht_zweiten_faktor);
    code_fuer(x.secret, x.spaeter.jetzt, x.code);
    FEHLER_PRUEFEN(c, "konto_zweiter_faktor", op_zweiter_faktor, &x);
    CHECK(sitzung_aufloesen(c, x.a, &x.spaeter, x.neu, &s) == ERR_OK && s.stufe == 0);
    FEHLER_PRUEFEN(c, "konto_anmelden_extern (links)", op_extern, &x);
    CHECK(x.an.konto_id == x.staff);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM konto WHERE oidc_subject = ?", "u-42") == 1);
    FEHLER_PRUEFEN(c, "konto_anmelden_extern (linked)", op_extern, &x);
    FEHLER_PRUEFEN(c, "konto_zugang_setzen", op_zugang_setzen, &x);
    CHECK(konto_anmelden(c, &x.spaeter, "hanna@amt.example", "hanna-neues-pw", 14, &x.an) ==
          ERR_OK);
out:
    arena_free(x.a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_konto_every_failed_statement_rolls_back(void)
{
    testdb_on_both(konto_body);
}

int
main(void)
{
    if (testdb_init("fehler_konto") != 0)
        return 1;
    TEST(test_fehler_konto_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
