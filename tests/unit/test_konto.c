/* Tests of the account domain (domain/konto.h, sitzung.h, token.h, mitarbeitende.h,
 * protokoll.h, postausgang.h) with its stores, on SQLite and, when RATHAUS_TEST_PG holds a DSN
 * (e.g. "postgresql://" under pg_virtualenv), on PostgreSQL in the schema rh_test_konto. Time
 * is passed in (struct umfeld), so expiry and lock-outs are tested without waiting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>
#include <sodium.h>

#include "domain/konto.h"
#include "domain/mitarbeitende.h"
#include "domain/protokoll.h"
#include "domain/sitzung.h"
#include "domain/token.h"
#include "domain/totp.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_konto"
#define T0        1700000000

static char tmp_dir[] = "/tmp/rathaus-test-konto-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;
static uint8_t geheimnis[32];

static struct db *
fresh_db(enum db_kind kind)
{
    struct db *db = NULL;
    char dsn[256];
    int from, to;

    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/k%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, 4, &db) == ERR_OK);
    } else {
        struct db *admin = NULL;
        struct db_conn *c = NULL;
        CHECK(db_open(pg_dsn, 1, &admin) == ERR_OK);
        if (admin == NULL)
            return NULL;
        CHECK(db_acquire(admin, &c) == ERR_OK);
        CHECK(db_exec_script(c, "DROP SCHEMA IF EXISTS " PG_SCHEMA
                                " CASCADE; CREATE SCHEMA " PG_SCHEMA) == ERR_OK);
        db_release(c);
        db_close(admin);
        CHECK(db_open(pg_dsn, 4, &db) == ERR_OK);
    }
    if (db)
        CHECK(migrate_run(db, &from, &to) == ERR_OK);
    return db;
}

static void
on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

static struct umfeld
umfeld_at(int64_t t)
{
    return (struct umfeld){.jetzt = t,
                           .herkunft = "192.0.2.1",
                           .geraet = "test",
                           .basis_url = "http://rathaus.test",
                           .geheimnis = geheimnis};
}

static int64_t
select_int(struct db_conn *c, const char *sql, const struct db_param *p, size_t n)
{
    struct db_rows *r = NULL;
    bool has = false;
    int64_t v = -1;
    if (db_query(c, sql, p, n, &r) != ERR_OK)
        return -1;
    if (db_rows_next(r, &has) == ERR_OK && has)
        v = db_rows_int(r, 0);
    db_rows_free(r);
    return v;
}

/* The token after "t=" in the newest e-mail to `to` (into out), or "" */
static void
last_link_token(struct db_conn *c, const char *to, char *out, size_t out_len)
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

static int64_t
count_mail(struct db_conn *c, const char *to)
{
    static const char sql[] = "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?";
    return select_int(c, sql, (struct db_param[]){DBP_TEXT(to)}, 1);
}

static int64_t
count_protokoll(struct db_conn *c, const char *aktion)
{
    static const char sql[] = "SELECT COUNT(*) FROM protokoll WHERE aktion = ?";
    return select_int(c, sql, (struct db_param[]){DBP_TEXT(aktion)}, 1);
}

static int64_t
make_behoerde(struct db_conn *c, const char *key)
{
    static const char sql[] =
        "INSERT INTO behoerde (schluessel, name, art) VALUES (?, 'Testamt', 'gemeinde') "
        "RETURNING id";
    return select_int(c, sql, (struct db_param[]){DBP_TEXT(key)}, 1);
}

/* A registered and confirmed citizen; returns the account id. */
static int64_t
citizen(struct db_conn *c, struct arena *a, const char *email, const char *pw, int64_t t)
{
    struct umfeld u = umfeld_at(t);
    struct feld_fehler f = {0};
    char tok[128];
    int64_t id = 0;
    CHECK(konto_registrieren(c, a, &u, email, pw, strlen(pw), &f) == ERR_OK);
    last_link_token(c, email, tok, sizeof(tok));
    CHECK(konto_bestaetigen(c, &u, tok, &id) == ERR_OK);
    return id;
}

/* A staff member with a role, password and TOTP (through the operator's commands). */
static int64_t
staff(struct db_conn *c, struct arena *a, const char *email, enum rolle r, int64_t behoerde,
      const char **totp)
{
    struct umfeld u = umfeld_at(T0);
    struct actor sys = {.is_system = true};
    struct feld_fehler f = {0};
    const char *link = NULL;
    int64_t id = 0;
    CHECK(konto_anlegen(c, a, &u, &sys, email, r, behoerde, 0, NULL, &id, &link, &f) == ERR_OK);
    CHECK(konto_zugang_setzen(c, a, &u, &sys, id, "geheimes-passwort", 17, totp, &f) == ERR_OK);
    return id;
}

static void
code_for(const char *secret, int64_t t, char out[8])
{
    uint8_t key[64];
    size_t len = 0;
    CHECK(totp_base32_decode(secret, key, sizeof(key), &len) == ERR_OK);
    snprintf(out, 8, "%06u", totp_at(key, len, t, 30, 6));
}

/* ---- register, confirm, log in, log out ------------------------------------------------ */

static void
register_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct anmeldung an;
    struct sitzung s;
    char tok[128];
    int64_t id = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);

    CHECK(konto_registrieren(c, a, &u, "  Anna@Example.DE ", "anna-passwort", 13, &f) == ERR_OK);
    CHECK(count_mail(c, "anna@example.de") == 1);
    /* not confirmed: the right password says so, a wrong one does not */
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an) == ERR_CONFLICT);
    CHECK(konto_anmelden(c, &u, "anna@example.de", "falsch-falsch", 13, &an) == ERR_UNAUTHORIZED);
    last_link_token(c, "anna@example.de", tok, sizeof(tok));
    CHECK(strlen(tok) == SCHLUESSEL_TEXT_LEN);
    CHECK(konto_bestaetigen(c, &u, tok, &id) == ERR_OK && id > 0);
    CHECK(konto_bestaetigen(c, &u, tok, &id) == ERR_NOTFOUND); /* used up */
    CHECK(konto_anmelden(c, &u, "ANNA@example.de", "anna-passwort", 13, &an) == ERR_OK);
    CHECK(an.konto_id == id && !an.braucht_zweiten_faktor);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_OK && s.konto_id == id);
    /* a second login makes a new session id */
    struct anmeldung an2;
    CHECK(konto_anmelden(c, &u, "anna@example.de", "anna-passwort", 13, &an2) == ERR_OK);
    CHECK(strcmp(an.sitzung, an2.sitzung) != 0);
    CHECK(konto_abmelden(c, &u, an.sitzung) == ERR_OK);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_UNAUTHORIZED);
    CHECK(sitzung_aufloesen(c, a, &u, an2.sitzung, &s) == ERR_OK);
    CHECK(count_protokoll(c, "anmeldung") == 2);
    CHECK(count_protokoll(c, "anmeldung_fehlgeschlagen") == 2);
    /* the database keeps the hash, never the session id */
    CHECK(select_int(c, "SELECT COUNT(*) FROM sitzung WHERE schluessel = ?",
                     (struct db_param[]){DBP_TEXT(an2.sitzung)}, 1) == 0);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_register_confirm_login_logout(void)
{
    on_both(register_body);
}

static void
register_twice_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    citizen(c, a, "bert@example.de", "bert-passwort", T0);
    int64_t n = select_int(c, "SELECT COUNT(*) FROM konto", NULL, 0);
    /* the same answer as for a new address; the owner gets a notice */
    CHECK(konto_registrieren(c, a, &u, "bert@example.de", "anderes-passwort", 16, &f) == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM konto", NULL, 0) == n);
    CHECK(count_mail(c, "bert@example.de") == 2);
    struct anmeldung an;
    CHECK(konto_anmelden(c, &u, "bert@example.de", "anderes-passwort", 16, &an) ==
          ERR_UNAUTHORIZED);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_register_existing_address_reveals_nothing(void)
{
    on_both(register_twice_body);
}

static void
bad_input_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    char long_mail[400];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    memset(long_mail, 'a', sizeof(long_mail));
    memcpy(long_mail + 380, "@example.de", 12);
    CHECK(konto_registrieren(c, a, &u, long_mail, "gutes-passwort", 14, &f) == ERR_INVALID);
    CHECK(f.feld && strcmp(f.feld, "email") == 0 && f.text);
    CHECK(konto_registrieren(c, a, &u, "a\xff@example.de", "gutes-passwort", 14, &f) ==
          ERR_INVALID);
    CHECK(konto_registrieren(c, a, &u, "kein-at.example.de", "gutes-passwort", 14, &f) ==
          ERR_INVALID);
    CHECK(konto_registrieren(c, a, &u, "a@b@example.de", "gutes-passwort", 14, &f) == ERR_INVALID);
    CHECK(konto_registrieren(c, a, &u, "a\r\nBcc: x@example.de", "gutes-passwort", 14, &f) ==
          ERR_INVALID);
    CHECK(konto_registrieren(c, a, &u, "", "gutes-passwort", 14, &f) == ERR_INVALID);
    CHECK(konto_registrieren(c, a, &u, NULL, "gutes-passwort", 14, &f) == ERR_INVALID);
    f.feld = NULL;
    CHECK(konto_registrieren(c, a, &u, "ok@example.de", "kurz", 4, &f) == ERR_INVALID);
    CHECK(f.feld && strcmp(f.feld, "passwort") == 0);
    CHECK(select_int(c, "SELECT COUNT(*) FROM konto", NULL, 0) == 0);
    CHECK(select_int(c, "SELECT COUNT(*) FROM postausgang", NULL, 0) == 0);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_bad_input_is_rejected_with_field(void)
{
    on_both(bad_input_body);
}

/* ---- rate limits ---------------------------------------------------------------------- */

static void
lockout_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct anmeldung an;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    citizen(c, a, "carla@example.de", "carla-passwort", T0);
    struct umfeld u = umfeld_at(T0);
    for (int i = 0; i < KONTO_SPERRE_AB_EMAIL; i++)
        CHECK(konto_anmelden(c, &u, "carla@example.de", "falsches-pw", 11, &an) ==
              ERR_UNAUTHORIZED);
    /* locked: even the right password is refused for now */
    CHECK(konto_anmelden(c, &u, "carla@example.de", "carla-passwort", 14, &an) == ERR_LIMIT);
    u.jetzt += KONTO_SPERRE_BASIS + 1;
    CHECK(konto_anmelden(c, &u, "carla@example.de", "falsches-pw", 11, &an) == ERR_UNAUTHORIZED);
    /* the next lock lasts twice as long */
    u.jetzt += KONTO_SPERRE_BASIS + 1;
    CHECK(konto_anmelden(c, &u, "carla@example.de", "carla-passwort", 14, &an) == ERR_LIMIT);
    u.jetzt += KONTO_SPERRE_BASIS;
    CHECK(konto_anmelden(c, &u, "carla@example.de", "carla-passwort", 14, &an) == ERR_OK);

    /* an unknown address behaves the same: no way to tell which addresses exist */
    struct umfeld v = umfeld_at(T0);
    v.herkunft = "198.51.100.7";
    for (int i = 0; i < KONTO_SPERRE_AB_EMAIL; i++)
        CHECK(konto_anmelden(c, &v, "niemand@example.de", "falsches-pw", 11, &an) ==
              ERR_UNAUTHORIZED);
    CHECK(konto_anmelden(c, &v, "niemand@example.de", "falsches-pw", 11, &an) == ERR_LIMIT);

    /* per client address: many different e-mails from one address */
    struct umfeld w = umfeld_at(T0 + 10000);
    w.herkunft = "203.0.113.9";
    char mailbuf[64];
    for (int i = 0; i < KONTO_SPERRE_AB_HERKUNFT; i++) {
        snprintf(mailbuf, sizeof(mailbuf), "probe%d@example.de", i);
        CHECK(konto_anmelden(c, &w, mailbuf, "falsches-pw", 11, &an) == ERR_UNAUTHORIZED);
    }
    CHECK(konto_anmelden(c, &w, "carla@example.de", "carla-passwort", 14, &an) == ERR_LIMIT);
    /* nothing personal in the rate-limit table: keyed hashes only */
    CHECK(select_int(c,
                     "SELECT COUNT(*) FROM anmeldeversuch WHERE schluessel LIKE '%example%' "
                     "OR schluessel LIKE '%203.0%'",
                     NULL, 0) == 0);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_login_locks_with_growing_delay(void)
{
    on_both(lockout_body);
}

/* ---- password reset, change, e-mail change --------------------------------------------- */

static void
reset_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct anmeldung an;
    struct sitzung s;
    char tok[128];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    citizen(c, a, "dora@example.de", "dora-passwort", T0);
    CHECK(konto_anmelden(c, &u, "dora@example.de", "dora-passwort", 13, &an) == ERR_OK);
    int64_t mails = count_mail(c, "dora@example.de");
    CHECK(konto_passwort_vergessen(c, a, &u, "nobody@example.de", &f) == ERR_OK);
    CHECK(count_mail(c, "nobody@example.de") == 0);
    CHECK(konto_passwort_vergessen(c, a, &u, "dora@example.de", &f) == ERR_OK);
    CHECK(count_mail(c, "dora@example.de") == mails + 1);
    last_link_token(c, "dora@example.de", tok, sizeof(tok));
    CHECK(konto_reset_gueltig(c, &u, tok) == ERR_OK);
    CHECK(konto_passwort_zuruecksetzen(c, a, &u, tok, "kurz", 4, &f) == ERR_INVALID);
    CHECK(konto_passwort_zuruecksetzen(c, a, &u, tok, "neues-passwort", 14, &f) == ERR_OK);
    CHECK(konto_passwort_zuruecksetzen(c, a, &u, tok, "noch-ein-passwort", 17, &f) == ERR_NOTFOUND);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_UNAUTHORIZED);
    CHECK(konto_anmelden(c, &u, "dora@example.de", "dora-passwort", 13, &an) == ERR_UNAUTHORIZED);
    CHECK(konto_anmelden(c, &u, "dora@example.de", "neues-passwort", 14, &an) == ERR_OK);
    /* at most three links an hour: the fourth request sends nothing, an hour later again */
    int64_t before = count_mail(c, "dora@example.de");
    for (int i = 0; i < 3; i++)
        CHECK(konto_passwort_vergessen(c, a, &u, "dora@example.de", &f) == ERR_OK);
    CHECK(count_mail(c, "dora@example.de") == before + 2);
    u.jetzt += 3600;
    /* an expired link does nothing */
    CHECK(konto_passwort_vergessen(c, a, &u, "dora@example.de", &f) == ERR_OK);
    CHECK(count_mail(c, "dora@example.de") == before + 3);
    last_link_token(c, "dora@example.de", tok, sizeof(tok));
    struct umfeld spaet = umfeld_at(u.jetzt + KONTO_LINK_GUELTIG + 1);
    CHECK(konto_passwort_zuruecksetzen(c, a, &spaet, tok, "spaetes-passwort", 16, &f) ==
          ERR_NOTFOUND);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_password_reset_ends_sessions_and_is_single_use(void)
{
    on_both(reset_body);
}

static void
change_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct anmeldung an1, an2;
    struct sitzung s1, s2;
    struct actor who;
    char tok[128];
    int64_t id2 = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t id = citizen(c, a, "emil@example.de", "emil-passwort", T0);
    CHECK(konto_anmelden(c, &u, "emil@example.de", "emil-passwort", 13, &an1) == ERR_OK);
    CHECK(konto_anmelden(c, &u, "emil@example.de", "emil-passwort", 13, &an2) == ERR_OK);
    CHECK(sitzung_aufloesen(c, a, &u, an1.sitzung, &s1) == ERR_OK);
    CHECK(konto_actor(c, a, id, false, &who) == ERR_OK);
    CHECK(konto_passwort_aendern(c, a, &u, &who, "falsch-falsch", 13, "emil-neu-pw", 11, s1.id,
                                 &f) == ERR_INVALID);
    CHECK(strcmp(f.feld, "passwort_alt") == 0);
    CHECK(konto_passwort_aendern(c, a, &u, &who, "emil-passwort", 13, "emil-neu-pw", 11, s1.id,
                                 &f) == ERR_OK);
    CHECK(sitzung_aufloesen(c, a, &u, an1.sitzung, &s1) == ERR_OK);           /* this one stays */
    CHECK(sitzung_aufloesen(c, a, &u, an2.sitzung, &s2) == ERR_UNAUTHORIZED); /* others end */

    citizen(c, a, "belegt@example.de", "belegt-passwort", T0);
    int64_t n = count_mail(c, "belegt@example.de");
    CHECK(konto_email_aendern(c, a, &u, &who, "emil-neu-pw", 11, "belegt@example.de", &f) ==
          ERR_OK);
    CHECK(count_mail(c, "belegt@example.de") == n + 1); /* a notice, no link that works */
    CHECK(konto_email_aendern(c, a, &u, &who, "emil-neu-pw", 11, "Emil.Neu@example.de", &f) ==
          ERR_OK);
    CHECK(konto_anmelden(c, &u, "emil.neu@example.de", "emil-neu-pw", 11, &an1) ==
          ERR_UNAUTHORIZED); /* not before confirmation */
    last_link_token(c, "emil.neu@example.de", tok, sizeof(tok));
    CHECK(konto_bestaetigen(c, &u, tok, &id2) == ERR_OK && id2 == id);
    CHECK(konto_anmelden(c, &u, "emil.neu@example.de", "emil-neu-pw", 11, &an1) == ERR_OK);
    CHECK(konto_anmelden(c, &u, "emil@example.de", "emil-neu-pw", 11, &an1) == ERR_UNAUTHORIZED);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_change_password_and_email(void)
{
    on_both(change_body);
}

/* ---- sessions ------------------------------------------------------------------------- */

static void
session_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct anmeldung an, other;
    struct sitzung s, *list;
    struct actor who, who2;
    size_t n;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t id = citizen(c, a, "fritz@example.de", "fritz-passwort", T0);
    int64_t id2 = citizen(c, a, "gerd@example.de", "gerd-passwort", T0);
    CHECK(konto_anmelden(c, &u, "fritz@example.de", "fritz-passwort", 14, &an) == ERR_OK);
    CHECK(konto_anmelden(c, &u, "gerd@example.de", "gerd-passwort", 13, &other) == ERR_OK);
    /* idle expiry: used within the idle time, it lives on */
    for (int i = 1; i <= 4; i++) {
        struct umfeld later = umfeld_at(T0 + i * (SITZUNG_LEERLAUF - 60));
        CHECK(sitzung_aufloesen(c, a, &later, an.sitzung, &s) == ERR_OK);
    }
    struct umfeld idle = umfeld_at(T0 + 4 * (SITZUNG_LEERLAUF - 60) + SITZUNG_LEERLAUF + 1);
    CHECK(sitzung_aufloesen(c, a, &idle, an.sitzung, &s) == ERR_UNAUTHORIZED);
    /* absolute expiry, however busy */
    CHECK(konto_anmelden(c, &u, "fritz@example.de", "fritz-passwort", 14, &an) == ERR_OK);
    int64_t t;
    for (t = T0; t < T0 + SITZUNG_HOECHSTDAUER; t += SITZUNG_LEERLAUF / 2) {
        struct umfeld v = umfeld_at(t);
        CHECK(sitzung_aufloesen(c, a, &v, an.sitzung, &s) == ERR_OK);
    }
    struct umfeld end = umfeld_at(T0 + SITZUNG_HOECHSTDAUER);
    CHECK(sitzung_aufloesen(c, a, &end, an.sitzung, &s) == ERR_UNAUTHORIZED);
    /* list and end own sessions; another's is "not found" */
    CHECK(konto_anmelden(c, &u, "fritz@example.de", "fritz-passwort", 14, &an) == ERR_OK);
    CHECK(konto_actor(c, a, id, false, &who) == ERR_OK);
    CHECK(konto_actor(c, a, id2, false, &who2) == ERR_OK);
    CHECK(sitzung_liste(c, a, &u, &who, 0, &list, &n) == ERR_OK && n == 1);
    CHECK(sitzung_aufloesen(c, a, &u, other.sitzung, &s) == ERR_OK);
    CHECK(sitzung_beenden(c, &u, &who, s.id) == ERR_NOTFOUND);
    CHECK(sitzung_aufloesen(c, a, &u, other.sitzung, &s) == ERR_OK);
    CHECK(sitzung_beenden(c, &u, &who, list[0].id) == ERR_OK);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_UNAUTHORIZED);
    CHECK(sitzung_aufloesen(c, a, &u, "kaputt", &s) == ERR_UNAUTHORIZED);
    CHECK(sitzung_aufloesen(c, a, &u, NULL, &s) == ERR_UNAUTHORIZED);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_sitzung_idle_and_absolute_expiry_and_ownership(void)
{
    on_both(session_body);
}

/* ---- staff: invitation, TOTP ---------------------------------------------------------- */

static void
staff_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct actor sys = {.is_system = true};
    struct anmeldung an;
    struct sitzung s;
    struct einladung e;
    char tok[128], code[8], neu[SCHLUESSEL_TEXT_LEN + 1], secret[TOTP_GEHEIMNIS_LEN + 1];
    const char *link = NULL;
    int64_t id = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t b1 = make_behoerde(c, "amt-1");
    CHECK(konto_anlegen(c, a, &u, &sys, "hanna@amt.example", ROLLE_SACHBEARBEITUNG, 0, 0, NULL, &id,
                        &link, &f) == ERR_INVALID); /* a clerk needs an authority */
    CHECK(konto_anlegen(c, a, &u, &sys, "hanna@amt.example", ROLLE_SACHBEARBEITUNG, b1 + 99, 0,
                        NULL, &id, &link, &f) == ERR_NOTFOUND);
    CHECK(konto_anlegen(c, a, &u, &sys, "hanna@amt.example", ROLLE_SACHBEARBEITUNG, b1, 0, NULL,
                        &id, &link, &f) == ERR_OK);
    CHECK(link && strncmp(link, "http://rathaus.test/konto/einladung?t=", 38) == 0);
    last_link_token(c, "hanna@amt.example", tok, sizeof(tok));
    CHECK(strcmp(tok, link + 38) == 0);
    CHECK(konto_einladung_lesen(c, a, &u, tok, &e) == ERR_OK && e.is_personal && e.konto_id == id &&
          e.behoerde_id == b1);
    /* a staff member cannot log in before taking up the invitation */
    CHECK(konto_anmelden(c, &u, "hanna@amt.example", "x-beliebig-pw", 13, &an) == ERR_UNAUTHORIZED);
    totp_geheimnis_neu(secret);
    CHECK(konto_einladung_annehmen(c, a, &u, tok, "hanna-passwort", 14, secret, "000000", &f) ==
              ERR_INVALID &&
          strcmp(f.feld, "code") == 0);
    code_for(secret, T0, code);
    CHECK(konto_einladung_annehmen(c, a, &u, tok, "hanna-passwort", 14, secret, code, &f) ==
          ERR_OK);
    CHECK(konto_einladung_lesen(c, a, &u, tok, &e) == ERR_NOTFOUND); /* used up */

    /* password first, then the code; the code of the setup step cannot be used again */
    CHECK(konto_anmelden(c, &u, "hanna@amt.example", "hanna-passwort", 14, &an) == ERR_OK);
    CHECK(an.braucht_zweiten_faktor);
    CHECK(sitzung_aufloesen(c, a, &u, an.sitzung, &s) == ERR_OK && s.stufe == 1);
    CHECK(konto_zweiter_faktor(c, a, &u, an.sitzung, code, neu) == ERR_UNAUTHORIZED);
    CHECK(konto_zweiter_faktor(c, a, &u, an.sitzung, "12345", neu) == ERR_INVALID);
    struct umfeld later = umfeld_at(T0 + 60);
    code_for(secret, later.jetzt, code);
    CHECK(konto_zweiter_faktor(c, a, &later, an.sitzung, code, neu) == ERR_OK);
    CHECK(sitzung_aufloesen(c, a, &later, neu, &s) == ERR_OK && s.stufe == 0);
    CHECK(sitzung_aufloesen(c, a, &later, an.sitzung, &s) == ERR_UNAUTHORIZED);
    /* replay of the same code for another login */
    CHECK(konto_anmelden(c, &later, "hanna@amt.example", "hanna-passwort", 14, &an) == ERR_OK);
    CHECK(konto_zweiter_faktor(c, a, &later, an.sitzung, code, neu) == ERR_UNAUTHORIZED);
    /* five wrong codes lock the second step */
    for (int i = 0; i < 4; i++)
        CHECK(konto_zweiter_faktor(c, a, &later, an.sitzung, "999999", neu) == ERR_UNAUTHORIZED);
    struct umfeld later2 = umfeld_at(T0 + 75); /* within the 30 s lock */
    code_for(secret, later2.jetzt, code);
    CHECK(konto_zweiter_faktor(c, a, &later2, an.sitzung, code, neu) == ERR_LIMIT);
    /* the stufe-1 session expires quickly */
    struct umfeld much_later = umfeld_at(T0 + 60 + SITZUNG_FAKTOR_FRIST + 1);
    CHECK(sitzung_aufloesen(c, a, &much_later, an.sitzung, &s) == ERR_UNAUTHORIZED);
    CHECK(count_protokoll(c, "rolle_zugewiesen") == 1);
    CHECK(count_protokoll(c, "einladung_angenommen") == 1);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_staff_invitation_and_totp_login(void)
{
    on_both(staff_body);
}

/* ---- API tokens ----------------------------------------------------------------------- */

static void
token_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct api_token t, *list;
    struct actor who, who2, ro;
    char text[TOKEN_TEXT_LEN + 1], text2[TOKEN_TEXT_LEN + 1];
    int64_t kid;
    bool read_only;
    size_t n;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t id = citizen(c, a, "ida@example.de", "ida-passwort", T0);
    int64_t id2 = citizen(c, a, "jan@example.de", "jan-passwort", T0);
    CHECK(konto_actor(c, a, id, false, &who) == ERR_OK);
    CHECK(konto_actor(c, a, id2, false, &who2) == ERR_OK);
    CHECK(token_erstellen(c, a, &u, &who, id, "skript", "alles", 30, &t, text, &f) == ERR_INVALID);
    CHECK(token_erstellen(c, a, &u, &who, id, "skript", "voll", 0, &t, text, &f) == ERR_INVALID);
    CHECK(token_erstellen(c, a, &u, &who, id2, "fremd", "voll", 30, &t, text, &f) == ERR_NOTFOUND);
    CHECK(token_erstellen(c, a, &u, &who, id, "skript", "voll", 30, &t, text, &f) == ERR_OK);
    CHECK(strncmp(text, "rh_", 3) == 0 && strlen(text) == TOKEN_TEXT_LEN);
    CHECK(strncmp(t.anfang, text, TOKEN_ANFANG_LEN) == 0);
    CHECK(token_aufloesen(c, &u, text, &kid, &read_only) == ERR_OK && kid == id && !read_only);
    /* only the hash is stored */
    CHECK(select_int(c, "SELECT COUNT(*) FROM api_token WHERE schluessel = ?",
                     (struct db_param[]){DBP_TEXT(text)}, 1) == 0);
    CHECK(token_erstellen(c, a, &u, &who, id, "lesen", "lesen", 1, &t, text2, &f) == ERR_OK);
    CHECK(token_aufloesen(c, &u, text2, &kid, &read_only) == ERR_OK && read_only);
    CHECK(konto_actor(c, a, id, true, &ro) == ERR_OK);
    struct api_token t3;
    char text3[TOKEN_TEXT_LEN + 1];
    CHECK(token_erstellen(c, a, &u, &ro, id, "x", "voll", 1, &t3, text3, &f) == ERR_FORBIDDEN);
    struct umfeld tomorrow = umfeld_at(T0 + 86400);
    CHECK(token_aufloesen(c, &tomorrow, text2, &kid, &read_only) == ERR_UNAUTHORIZED);
    CHECK(token_liste(c, a, &who, &list, &n) == ERR_OK && n == 2);
    CHECK(token_liste(c, a, &who2, &list, &n) == ERR_OK && n == 0);
    CHECK(token_widerrufen(c, &u, &who2, t.id) == ERR_NOTFOUND);
    CHECK(token_widerrufen(c, &u, &ro, t.id) == ERR_FORBIDDEN);
    CHECK(token_widerrufen(c, &u, &who, t.id) == ERR_OK);
    CHECK(token_widerrufen(c, &u, &who, t.id) == ERR_OK);
    CHECK(token_aufloesen(c, &u, text2, &kid, &read_only) == ERR_UNAUTHORIZED);
    CHECK(token_aufloesen(c, &u, text, &kid, &read_only) == ERR_OK);
    CHECK(token_aufloesen(c, &u, "rh_kaputt", &kid, &read_only) == ERR_UNAUTHORIZED);
    CHECK(token_aufloesen(c, &u, NULL, &kid, &read_only) == ERR_UNAUTHORIZED);
    CHECK(count_protokoll(c, "token_erstellt") == 2);
    CHECK(count_protokoll(c, "token_widerrufen") == 1);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_token_create_resolve_expire_revoke(void)
{
    on_both(token_body);
}

/* ---- staff management ----------------------------------------------------------------- */

static void
mitarbeitende_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct actor admin1, admin2, sb;
    struct mitarbeiter *m;
    const char *totp;
    size_t n;
    int64_t kid = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t b1 = make_behoerde(c, "amt-1"), b2 = make_behoerde(c, "amt-2");
    int64_t a1 = staff(c, a, "admin1@amt.example", ROLLE_BEHOERDENADMIN, b1, &totp);
    int64_t a2 = staff(c, a, "admin2@amt.example", ROLLE_BEHOERDENADMIN, b2, &totp);
    CHECK(totp != NULL);
    CHECK(konto_actor(c, a, a1, false, &admin1) == ERR_OK);
    CHECK(konto_actor(c, a, a2, false, &admin2) == ERR_OK);
    CHECK(mitarbeitende_einladen(c, a, &u, &admin1, b1, "kai@amt.example", "sachbearbeitung", 0,
                                 &kid, &f) == ERR_OK);
    CHECK(mitarbeitende_einladen(c, a, &u, &admin1, b1, "kai@amt.example", "sachbearbeitung", 0,
                                 &kid, &f) == ERR_CONFLICT);
    CHECK(mitarbeitende_einladen(c, a, &u, &admin1, b1, "x@amt.example", "betrieb", 0, &kid, &f) ==
          ERR_INVALID);
    CHECK(mitarbeitende_einladen(c, a, &u, &admin2, b1, "y@amt.example", "sachbearbeitung", 0, &kid,
                                 &f) == ERR_NOTFOUND);
    CHECK(mitarbeitende_liste(c, a, &admin1, b1, &m, &n) == ERR_OK && n == 2);
    CHECK(mitarbeitende_liste(c, a, &admin2, b1, &m, &n) == ERR_NOTFOUND);
    CHECK(mitarbeitende_liste(c, a, &admin2, b2, &m, &n) == ERR_OK && n == 1);
    /* the invited clerk: staff list is not theirs to read */
    const char *link;
    struct actor sys = {.is_system = true};
    int64_t sb_id = 0;
    CHECK(konto_anlegen(c, a, &u, &sys, "kai@amt.example", ROLLE_SACHBEARBEITUNG, b2, 0, NULL,
                        &sb_id, &link, &f) == ERR_OK);
    CHECK(sb_id == kid && link == NULL); /* an existing account gets the role, no new link */
    CHECK(konto_zugang_setzen(c, a, &u, &sys, kid, "kai-passwort", 12, &totp, &f) == ERR_OK);
    CHECK(konto_actor(c, a, kid, false, &sb) == ERR_OK && sb.n_rollen == 2);
    CHECK(mitarbeitende_liste(c, a, &sb, b1, &m, &n) == ERR_FORBIDDEN);
    CHECK(mitarbeitende_entfernen(c, &u, &admin2, b1, kid) == ERR_NOTFOUND);
    CHECK(mitarbeitende_entfernen(c, &u, &admin1, b1, a1) == ERR_CONFLICT); /* last admin */
    CHECK(mitarbeitende_entfernen(c, &u, &admin1, b1, kid) == ERR_OK);
    CHECK(mitarbeitende_entfernen(c, &u, &admin1, b1, kid) == ERR_NOTFOUND);
    /* still clerk in b2: active */
    CHECK(konto_actor(c, a, kid, false, &sb) == ERR_OK && sb.n_rollen == 1);
    CHECK(mitarbeitende_entfernen(c, &u, &admin2, b2, kid) == ERR_OK);
    CHECK(konto_actor(c, a, kid, false, &sb) == ERR_UNAUTHORIZED); /* no role left: locked */
    CHECK(count_protokoll(c, "rolle_entzogen") == 2);
    int64_t n_b1 = 0, bruch = 0;
    CHECK(protokoll_pruefen(c, b1, &n_b1, &bruch) == ERR_OK && n_b1 == 3);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_mitarbeitende_only_own_authority_admins(void)
{
    on_both(mitarbeitende_body);
}

/* ---- export, delete, audit chain ------------------------------------------------------ */

static void
export_delete_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler f = {0};
    struct anmeldung an;
    struct actor who;
    struct api_token t;
    char text[TOKEN_TEXT_LEN + 1];
    json_t *doc = NULL;
    int64_t n = 0, bruch = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t id = citizen(c, a, "lena@example.de", "lena-passwort", T0);
    CHECK(konto_anmelden(c, &u, "lena@example.de", "lena-passwort", 13, &an) == ERR_OK);
    CHECK(konto_actor(c, a, id, false, &who) == ERR_OK);
    CHECK(token_erstellen(c, a, &u, &who, id, "t", "lesen", 5, &t, text, &f) == ERR_OK);
    CHECK(konto_export(c, a, &who, &doc) == ERR_OK && doc);
    if (doc) {
        CHECK(strcmp(json_string_value(json_object_get(json_object_get(doc, "konto"), "email")),
                     "lena@example.de") == 0);
        CHECK(json_array_size(json_object_get(doc, "sitzungen")) == 1);
        CHECK(json_array_size(json_object_get(doc, "tokens")) == 1);
        CHECK(json_array_size(json_object_get(doc, "protokoll")) >= 3);
        CHECK(json_array_size(json_object_get(doc, "nachrichten")) == 1);
        char *dump = json_dumps(doc, 0);
        CHECK(dump && !strstr(dump, "argon2") && !strstr(dump, text));
        free(dump);
        json_decref(doc);
    }
    CHECK(konto_loeschen(c, &u, &who, "falsches-pw", 11, &f) == ERR_INVALID);
    CHECK(konto_loeschen(c, &u, &who, "lena-passwort", 13, &f) == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM konto", NULL, 0) == 0);
    CHECK(select_int(c, "SELECT COUNT(*) FROM sitzung", NULL, 0) == 0);
    CHECK(select_int(c, "SELECT COUNT(*) FROM api_token", NULL, 0) == 0);
    CHECK(select_int(c, "SELECT COUNT(*) FROM postausgang", NULL, 0) == 0);
    CHECK(count_protokoll(c, "konto_geloescht") == 1);
    CHECK(konto_anmelden(c, &u, "lena@example.de", "lena-passwort", 13, &an) == ERR_UNAUTHORIZED);
    /* the global chain holds and detects tampering */
    CHECK(protokoll_pruefen(c, 0, &n, &bruch) == ERR_OK && n >= 5);
    CHECK(db_exec(c, "UPDATE protokoll SET herkunft = '10.0.0.1' WHERE kette = 0 AND folge = 2",
                  NULL, 0, NULL) == ERR_OK);
    CHECK(protokoll_pruefen(c, 0, &n, &bruch) == ERR_CONFLICT && bruch == 2);
    db_release(c);
    db_close(db);
    arena_free(a);
}

static void
test_konto_export_delete_and_audit_chain(void)
{
    on_both(export_delete_body);
}

struct appender {
    struct db *db;
    int rc;
};

static int
append_tx(struct db_conn *c, void *ctx)
{
    (void)ctx;
    struct umfeld u = umfeld_at(T0);
    struct protokoll_eintrag e = {.behoerde_id = 0, .aktion = "test"};
    return protokoll_schreiben(c, &u, &e);
}

static void *
appender_main(void *arg)
{
    struct appender *ap = arg;
    for (int i = 0; i < 25 && ap->rc == ERR_OK; i++) {
        struct db_conn *c = NULL;
        ap->rc = db_acquire(ap->db, &c);
        if (ap->rc == ERR_OK) {
            ap->rc = db_tx(c, append_tx, NULL);
            db_release(c);
        }
    }
    return NULL;
}

static void
concurrent_chain_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    pthread_t th[4];
    struct appender ap[4];
    struct db_conn *c = NULL;
    int64_t n = 0, bruch = 0;
    if (!db)
        return;
    for (int i = 0; i < 4; i++) {
        ap[i] = (struct appender){db, ERR_OK};
        CHECK(pthread_create(&th[i], NULL, appender_main, &ap[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK(ap[i].rc == ERR_OK);
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(protokoll_pruefen(c, 0, &n, &bruch) == ERR_OK && n == 100);
    db_release(c);
    db_close(db);
}

static void
test_protokoll_chain_survives_concurrent_appends(void)
{
    on_both(concurrent_chain_body);
}

static void
geheimnis_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    uint8_t g1[32], g2[32];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(konto_geheimnis(c, g1) == ERR_OK);
    CHECK(konto_geheimnis(c, g2) == ERR_OK);
    CHECK(memcmp(g1, g2, 32) == 0);
    db_release(c);
    db_close(db);
}

static void
test_konto_server_secret_is_made_once(void)
{
    on_both(geheimnis_body);
}

int
main(void)
{
    if (!mkdtemp(tmp_dir) || schluessel_init() != ERR_OK)
        return 1;
    randombytes_buf(geheimnis, sizeof(geheimnis));
    log_set_quiet(1);
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn && !*pg_dsn)
        pg_dsn = NULL;
    if (pg_dsn)
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);
    TEST(test_konto_register_confirm_login_logout);
    TEST(test_konto_register_existing_address_reveals_nothing);
    TEST(test_konto_bad_input_is_rejected_with_field);
    TEST(test_konto_login_locks_with_growing_delay);
    TEST(test_konto_password_reset_ends_sessions_and_is_single_use);
    TEST(test_konto_change_password_and_email);
    TEST(test_sitzung_idle_and_absolute_expiry_and_ownership);
    TEST(test_staff_invitation_and_totp_login);
    TEST(test_token_create_resolve_expire_revoke);
    TEST(test_mitarbeitende_only_own_authority_admins);
    TEST(test_konto_export_delete_and_audit_chain);
    TEST(test_protokoll_chain_survives_concurrent_appends);
    TEST(test_konto_server_secret_is_made_once);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    return tap_done();
}
