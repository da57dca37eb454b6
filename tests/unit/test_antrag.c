/* Tests of the application domain (domain/antrag.h, antrag_einreichung.h, formular_verwaltung.h,
 * postfach.h, zustellung.h) with store/antrag.c and store/formular.c, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN (e.g. "postgresql://" under pg_virtualenv), on PostgreSQL in the
 * schema rh_test_antrag. Time is passed in (struct umfeld). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>
#include <sodium.h>

#include "domain/antrag.h"
#include "domain/antrag_anonym.h"
#include "domain/antrag_beleg.h"
#include "domain/antrag_einreichung.h"
#include "domain/formular_verwaltung.h"
#include "domain/postfach.h"
#include "domain/schluessel.h"
#include "domain/zustellung.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_antrag"
#define T0        1773576000 /* 2026-03-15 12:00 UTC */

static char tmp_dir[] = "/tmp/rathaus-test-antrag-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;
static uint8_t geheimnis[32];

/* Territory, a Leistung, two authorities with an office each, responsibility in Gemeinde
 * 08115003 (authority 1) and 08115004 (authority 2), and accounts: 1, 2 citizens; 3 clerk of
 * authority 1; 4 clerk of authority 2; 5 coordinator. */
static const char fixture[] =
    "INSERT INTO regierungsbezirk (ags, name) VALUES ('081', 'Stuttgart');"
    "INSERT INTO kreis (ags, name, typ, regierungsbezirk_ags) VALUES ('08115', 'Böblingen', "
    "'Landkreis', '081');"
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags) VALUES "
    "('08115003', '081150003003', 'Böblingen, Stadt', 'Böblingen', 'boblingen', '08115'),"
    "('08115004', '081150004004', 'Bondorf', 'Bondorf', 'bondorf', '08115'),"
    "('08115005', '081150005005', 'Ehningen', 'Ehningen', 'ehningen', '08115');"
    "INSERT INTO leistung (id, name) VALUES ('test-hund', 'Hund anmelden'), "
    "('test-ohne', 'Ohne Formular');"
    "INSERT INTO behoerde (id, schluessel, name, art) VALUES (1, 'b1', 'Stadt Böblingen', "
    "'gemeinde'), (2, 'b2', 'Gemeinde Bondorf', 'gemeinde');"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    "(11, 1, 'o11', 'Kämmerei'), (21, 2, 'o21', 'Bürgerbüro');"
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id) VALUES "
    "('test-hund', '08115003', 11), ('test-hund', '08115004', 21), ('test-ohne', '08115003', 11);"
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    "(1, 'a@example.org', 'buerger', 'aktiv', 0, 0), (2, 'b@example.org', 'buerger', 'aktiv', 0, "
    "0),"
    "(3, 'c@example.org', 'personal', 'aktiv', 0, 0), (4, 'd@example.org', 'personal', 'aktiv', 0, "
    "0),"
    "(5, 'e@example.org', 'personal', 'aktiv', 0, 0);";

static const char form_def[] =
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-hund\", \"titel\": \"Hund\","
    " \"schritte\": [{\"id\": \"eins\", \"titel\": \"Eins\", \"felder\": ["
    "  {\"id\": \"name\", \"typ\": \"text\", \"label\": \"Name\", \"pflicht\": true},"
    "  {\"id\": \"kampfhund\", \"typ\": \"janein\", \"label\": \"Kampfhund\", \"pflicht\": true}"
    " ]}, {\"id\": \"zwei\", \"titel\": \"Zwei\", \"felder\": ["
    "  {\"id\": \"nachweis\", \"typ\": \"datei\", \"label\": \"Nachweis\", \"typen\": "
    "   [\"application/pdf\"], \"max_groesse\": 100000,"
    "   \"pflicht_wenn\": {\"feld\": \"kampfhund\", \"gleich\": true}},"
    "  {\"id\": \"iban\", \"typ\": \"iban\", \"label\": \"IBAN\"}"
    " ]}]}";

static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n"
                          "%%EOF\n";

static const struct rollen_zuordnung r_buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb2[] = {{ROLLE_SACHBEARBEITUNG, 2, 0, NULL}};
static const struct rollen_zuordnung r_admin1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_koord[] = {{ROLLE_KOORDINATION, 0, 0, NULL}};

static const struct actor buerger1 = {1, r_buerger, 1, false, false};
static const struct actor buerger2 = {2, r_buerger, 1, false, false};
static const struct actor sb1 = {3, r_sb1, 1, false, false};
static const struct actor sb2 = {4, r_sb2, 1, false, false};
static const struct actor admin1 = {3, r_admin1, 1, false, false};
static const struct actor koord = {5, r_koord, 1, false, false};
static const struct actor sys = {.is_system = true};

static struct umfeld
umfeld_at(int64_t t)
{
    return (struct umfeld){.jetzt = t, .herkunft = "192.0.2.1", .geheimnis = geheimnis};
}

static struct db *
fresh_db(enum db_kind kind)
{
    struct db *db = NULL;
    char dsn[256];
    int from, to;
    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/a%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, 6, &db) == ERR_OK);
    } else {
        struct db *admin = NULL;
        struct db_conn *c = NULL;
        CHECK(db_open(pg_dsn, 1, &admin) == ERR_OK);
        if (!admin)
            return NULL;
        CHECK(db_acquire(admin, &c) == ERR_OK);
        CHECK(db_exec_script(c, "DROP SCHEMA IF EXISTS " PG_SCHEMA
                                " CASCADE; CREATE SCHEMA " PG_SCHEMA) == ERR_OK);
        db_release(c);
        db_close(admin);
        CHECK(db_open(pg_dsn, 6, &db) == ERR_OK);
    }
    if (!db)
        return NULL;
    CHECK(migrate_run(db, &from, &to) == ERR_OK);
    struct db_conn *c;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, fixture) == ERR_OK);
    db_release(c);
    return db;
}

/* Import and publish the test form as the system; returns its id. */
static int64_t
form_import(struct db_conn *c, struct arena *a)
{
    struct umfeld u = umfeld_at(T0);
    struct formular_zeile z = {0};
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    CHECK(formular_importieren(c, a, &u, &sys, 0, form_def, strlen(form_def), true, &z, &fe,
                               &n_fe) == ERR_OK);
    return z.id;
}

static int64_t
count(struct db_conn *c, const char *sql)
{
    struct db_rows *r;
    bool has;
    int64_t n = -1;
    if (db_query(c, sql, NULL, 0, &r) != ERR_OK)
        return -1;
    if (db_rows_next(r, &has) == ERR_OK && has)
        n = db_rows_int(r, 0);
    db_rows_free(r);
    return n;
}

/* A citizen's draft with valid answers and (when `mit_pdf`) the PDF attached and named. */
static int64_t
fertiger_entwurf(struct db_conn *c, struct arena *a, const struct actor *who, bool kampfhund)
{
    struct umfeld u = umfeld_at(T0);
    struct antrag an = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    struct feld_fehler ff = {0};
    CHECK(antrag_anlegen(c, a, &u, who, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    struct antrag_zugang z = {who, fort[0] ? fort : NULL};
    json_t *d = json_pack("{s:s, s:b}", "name", "Bello", "kampfhund", kampfhund);
    if (kampfhund) {
        struct anlage al = {0};
        CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, "nachweis", "test.pdf", pdf,
                                        sizeof(pdf) - 1, &al, &ff) == ERR_OK);
        CHECK(json_object_set_new(d, "nachweis", json_pack("[s]", al.sha256)) == 0);
    }
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    CHECK(antrag_daten_speichern(c, a, &u, &z, an.id, d, false, FORMULAR_ENTWURF, 0, &fe, &n_fe) ==
          ERR_OK);
    json_decref(d);
    return an.id;
}

/* ---- tests -------------------------------------------------------------------------- */

static void
formular_verwaltung_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 24);
    struct umfeld u = umfeld_at(T0);
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    struct formular_zeile z = {0}, cur = {0};
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    /* an authority's admin cannot publish for the whole Land */
    CHECK(formular_importieren(c, a, &u, &admin1, 0, form_def, strlen(form_def), true, &z, &fe,
                               &n_fe) == ERR_FORBIDDEN);
    /* invalid: refused with paths, nothing stored */
    CHECK(formular_importieren(c, a, &u, &sys, 0, "{\"format\": 1}", 13, true, &z, &fe, &n_fe) ==
          ERR_INVALID);
    CHECK(n_fe >= 1 && strcmp(fe[0].pfad, "$.format") == 0);
    CHECK(count(c, "SELECT COUNT(*) FROM formular") == 0);
    /* an unknown Leistung */
    char other[sizeof(form_def) + 10];
    snprintf(other, sizeof(other), "%s", form_def);
    memcpy(strstr(other, "test-hund"), "test-xxxx", 9);
    CHECK(formular_importieren(c, a, &u, &sys, 0, other, strlen(other), true, &z, &fe, &n_fe) ==
          ERR_NOTFOUND);
    /* version 1 as a draft: not current */
    CHECK(formular_importieren(c, a, &u, &sys, 0, form_def, strlen(form_def), false, &z, &fe,
                               &n_fe) == ERR_OK);
    CHECK(z.version == 1 && strcmp(z.status, "entwurf") == 0);
    CHECK(formular_aktuell(c, a, "test-hund", 1, &cur, NULL) == ERR_NOTFOUND);
    CHECK(formular_veroeffentlichen(c, &u, &sys, z.id) == ERR_OK);
    CHECK(formular_aktuell(c, a, "test-hund", 1, &cur, NULL) == ERR_OK && cur.id == z.id);
    /* the authority's own version wins for its applications */
    struct formular_zeile eigen = {0};
    CHECK(formular_importieren(c, a, &u, &admin1, 1, form_def, strlen(form_def), true, &eigen, &fe,
                               &n_fe) == ERR_OK);
    CHECK(eigen.version == 2 && eigen.behoerde_id == 1);
    /* importing the same text again stores no new version */
    struct formular_zeile nochmal = {0};
    CHECK(formular_importieren(c, a, &u, &admin1, 1, form_def, strlen(form_def), true, &nochmal,
                               &fe, &n_fe) == ERR_OK);
    CHECK(nochmal.id == eigen.id && nochmal.version == 2);
    CHECK(formular_aktuell(c, a, "test-hund", 1, &cur, NULL) == ERR_OK && cur.id == eigen.id);
    CHECK(formular_aktuell(c, a, "test-hund", 2, &cur, NULL) == ERR_OK && cur.id == z.id);
    /* list and retire; another authority's admin sees nothing of it */
    struct formular_zeile *liste = NULL;
    size_t n = 0;
    CHECK(formular_liste(c, a, &admin1, 1, NULL, &liste, &n) == ERR_OK && n == 2);
    CHECK(formular_liste(c, a, &sb2, 1, NULL, &liste, &n) == ERR_NOTFOUND);
    CHECK(formular_zurueckziehen(c, &u, &sb1, eigen.id) == ERR_FORBIDDEN);
    CHECK(formular_zurueckziehen(c, &u, &admin1, eigen.id) == ERR_OK);
    CHECK(formular_veroeffentlichen(c, &u, &admin1, eigen.id) == ERR_CONFLICT);
    CHECK(formular_aktuell(c, a, "test-hund", 1, &cur, NULL) == ERR_OK && cur.id == z.id);
    CHECK(count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion LIKE 'formular_%'") == 4);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
entwurf_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 24);
    struct umfeld u = umfeld_at(T0);
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    struct antrag an = {0}, x = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    struct feld_fehler ff = {0};
    /* no form published yet */
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115003", &an, fort, &ff) ==
          ERR_NOTFOUND);
    CHECK(ff.feld && strcmp(ff.feld, "leistung") == 0);
    form_import(c, a);
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "0811500", &an, fort, &ff) ==
          ERR_INVALID);
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115005", &an, fort, &ff) ==
          ERR_NOTFOUND); /* nobody responsible in Ehningen */
    CHECK(antrag_anlegen(c, a, &u, &sb1, "test-hund", "08115003", &an, fort, &ff) ==
          ERR_FORBIDDEN); /* staff do not apply */
    /* routed by place */
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115004", &an, fort, &ff) == ERR_OK);
    CHECK(an.behoerde_id == 2 && an.oe_id == 21 && fort[0] == '\0');
    CHECK(strcmp(an.status, "entwurf") == 0 && an.konto_id == 1);
    struct antrag_zugang z1 = {&buerger1, NULL}, z2 = {&buerger2, NULL}, zs1 = {&sb1, NULL},
                         zs2 = {&sb2, NULL}, zk = {&koord, NULL}, znobody = {NULL, NULL};
    CHECK(antrag_get(c, a, &z1, an.id, &x) == ERR_OK);
    CHECK(antrag_get(c, a, &z2, an.id, &x) == ERR_NOTFOUND);
    CHECK(antrag_get(c, a, &zs1, an.id, &x) == ERR_NOTFOUND);
    CHECK(antrag_get(c, a, &zs2, an.id, &x) == ERR_OK);
    CHECK(antrag_get(c, a, &zk, an.id, &x) == ERR_NOTFOUND);
    CHECK(antrag_get(c, a, &znobody, an.id, &x) == ERR_UNAUTHORIZED);
    /* anonymous: only with the secret */
    struct antrag anon = {0};
    CHECK(antrag_anlegen(c, a, &u, NULL, "test-hund", "08115003", &anon, fort, &ff) == ERR_OK);
    CHECK(strlen(fort) == SCHLUESSEL_TEXT_LEN && anon.konto_id == 0);
    struct antrag_zugang za = {NULL, fort}, zfalsch = {NULL, "falsch"};
    CHECK(antrag_get(c, a, &za, anon.id, &x) == ERR_OK);
    CHECK(antrag_get(c, a, &zfalsch, anon.id, &x) == ERR_NOTFOUND);
    CHECK(antrag_get(c, a, &z1, anon.id, &x) == ERR_NOTFOUND);
    /* answers: invalid ones are refused and nothing is saved */
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    json_t *bad = json_pack("{s:i, s:s}", "name", 5, "hacker", "x");
    CHECK(antrag_daten_speichern(c, a, &u, &z1, an.id, bad, false, FORMULAR_ENTWURF, 0, &fe,
                                 &n_fe) == ERR_INVALID);
    CHECK(n_fe == 2);
    json_decref(bad);
    json_t *d = NULL;
    CHECK(antrag_daten(c, a, &z1, an.id, &d) == ERR_OK && json_object_size(d) == 0);
    json_decref(d);
    /* a step: its required fields must be there; other steps' answers stay */
    json_t *s1 = json_pack("{s:s}", "name", "Bello");
    CHECK(antrag_daten_speichern(c, a, &u, &z1, an.id, s1, true, FORMULAR_SCHRITT, 0, &fe, &n_fe) ==
          ERR_INVALID);
    CHECK(n_fe == 1 && strcmp(fe[0].pfad, "/kampfhund") == 0);
    CHECK(json_object_set_new(s1, "kampfhund", json_false()) == 0);
    CHECK(antrag_daten_speichern(c, a, &u, &z1, an.id, s1, true, FORMULAR_SCHRITT, 0, &fe, &n_fe) ==
          ERR_OK);
    json_decref(s1);
    json_t *s2 = json_pack("{s:s}", "iban", "DE89 3704 0044 0532 0130 00");
    CHECK(antrag_daten_speichern(c, a, &u, &z1, an.id, s2, true, FORMULAR_SCHRITT, 1, &fe, &n_fe) ==
          ERR_OK);
    json_decref(s2);
    json_t *falsch = json_pack("{s:s}", "name", "X");
    CHECK(antrag_daten_speichern(c, a, &u, &z1, an.id, falsch, true, FORMULAR_SCHRITT, 1, &fe,
                                 &n_fe) == ERR_INVALID); /* not a field of step 2 */
    json_decref(falsch);
    CHECK(antrag_daten(c, a, &z1, an.id, &d) == ERR_OK);
    CHECK(d && strcmp(json_string_value(json_object_get(d, "name")), "Bello") == 0);
    CHECK(d &&
          strcmp(json_string_value(json_object_get(d, "iban")), "DE89370400440532013000") == 0);
    json_decref(d);
    CHECK(antrag_get(c, a, &z1, an.id, &x) == ERR_OK && x.schritt == 1 && x.revision == 2);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
anlagen_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 25);
    struct umfeld u = umfeld_at(T0);
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    form_import(c, a);
    struct antrag an = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    struct feld_fehler ff = {0};
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    struct antrag_zugang z = {&buerger1, NULL}, z2 = {&buerger2, NULL};
    struct anlage al = {0}, al2 = {0};
    /* by content: a PDF named .jpg is a PDF; text named .pdf is refused */
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, "nachweis", "C:\\fotos\\bild.jpg",
                                    pdf, sizeof(pdf) - 1, &al, &ff) == ERR_OK);
    CHECK(strcmp(al.typ, "application/pdf") == 0 && strcmp(al.dateiname, "bild.jpg") == 0);
    char sha[SCHLUESSEL_HASH_LEN + 1];
    schluessel_hash(pdf, sizeof(pdf) - 1, sha);
    CHECK(strcmp(al.sha256, sha) == 0);
    static const char text[] = "Das ist nur Text, kein PDF.\n";
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, "nachweis", "x.pdf", text,
                                    sizeof(text) - 1, &al2, &ff) == ERR_INVALID);
    CHECK(ff.feld && strcmp(ff.feld, "datei") == 0);
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, "gibtsnicht", "x.pdf", pdf,
                                    sizeof(pdf) - 1, &al2, &ff) == ERR_INVALID);
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, NULL, "", pdf, sizeof(pdf) - 1, &al2,
                                    &ff) == ERR_INVALID);
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, NULL, "leer.pdf", pdf, 0, &al2,
                                    &ff) == ERR_INVALID);
    /* larger than the field allows (100000 bytes) */
    size_t big_len = 150000;
    char *big = arena_alloc(a, big_len);
    memset(big, ' ', big_len);
    memcpy(big, pdf, sizeof(pdf) - 1);
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, "nachweis", "gross.pdf", big,
                                    big_len, &al2, &ff) == ERR_LIMIT);
    /* the same bytes again: one attachment, one blob */
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, an.id, NULL, "nochmal.pdf", pdf,
                                    sizeof(pdf) - 1, &al2, &ff) == ERR_OK);
    CHECK(al2.id == al.id);
    CHECK(count(c, "SELECT COUNT(*) FROM anlage") == 1 &&
          count(c, "SELECT COUNT(*) FROM blob") == 1);
    /* someone else cannot add or read */
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z2, an.id, NULL, "x.pdf", pdf, sizeof(pdf) - 1,
                                    &al2, &ff) == ERR_NOTFOUND);
    const void *p;
    size_t len;
    CHECK(antrag_anlage_lesen(c, a, &z2, an.id, sha, &al2, &p, &len) == ERR_NOTFOUND);
    CHECK(antrag_anlage_lesen(c, a, &z, an.id, sha, &al2, &p, &len) == ERR_OK);
    CHECK(len == sizeof(pdf) - 1 && memcmp(p, pdf, len) == 0);
    /* blobs are never changed in place */
    CHECK(db_exec_script(c, "UPDATE blob SET groesse = 1") != ERR_OK);
    /* a reference to a file that is not attached */
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    json_t *d = json_pack("{s:s, s:b, s:[s]}", "name", "B", "kampfhund", 1, "nachweis",
                          "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    CHECK(antrag_daten_speichern(c, a, &u, &z, an.id, d, false, FORMULAR_ENTWURF, 0, &fe, &n_fe) ==
          ERR_INVALID);
    CHECK(n_fe == 1 && strcmp(fe[0].pfad, "/nachweis/0") == 0);
    json_decref(d);
    CHECK(antrag_anlage_entfernen(c, &u, &z, an.id, sha) == ERR_OK);
    CHECK(antrag_anlage_entfernen(c, &u, &z, an.id, sha) == ERR_NOTFOUND);
    CHECK(count(c, "SELECT COUNT(*) FROM blob") == 1);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
einreichen_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 25);
    struct umfeld u = umfeld_at(T0 + 60);
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    form_import(c, a);
    struct antrag_zugang z = {&buerger1, NULL};
    struct eingangsbestaetigung eb = {0}, eb2 = {0};
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    bool wdh = false;
    /* incomplete: refused with the missing fields, nothing changes */
    struct antrag an = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    struct feld_fehler ff = {0};
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    db_release(c);
    CHECK(antrag_einreichen(db, a, &u, NULL, &z, an.id, "k1", &eb, &wdh, &fe, &n_fe) ==
          ERR_INVALID);
    CHECK(n_fe == 2);
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t id = fertiger_entwurf(c, a, &buerger1, true);
    db_release(c);
    CHECK(antrag_einreichen(db, a, &u, NULL, &z, id, "k1", &eb, &wdh, &fe, &n_fe) == ERR_OK);
    CHECK(!wdh && eb.antrag_id == id && eb.zeitpunkt == T0 + 60);
    char erwartet[SCHLUESSEL_HASH_LEN + 1], nummer[24];
    schluessel_hash(eb.inhalt, strlen(eb.inhalt), erwartet);
    CHECK(strcmp(eb.sha256, erwartet) == 0);
    antrag_nummer(id, nummer);
    CHECK(strcmp(eb.nummer, nummer) == 0);
    CHECK(strstr(eb.inhalt, "\"format\":\"rathaus-antrag/1\"") != NULL);
    CHECK(strstr(eb.inhalt, "\"dateiname\":\"test.pdf\"") != NULL);
    /* the same key again: the same receipt; another key: conflict */
    CHECK(antrag_einreichen(db, a, &u, NULL, &z, id, "k1", &eb2, &wdh, &fe, &n_fe) == ERR_OK);
    CHECK(wdh && strcmp(eb2.sha256, eb.sha256) == 0 && strcmp(eb2.nummer, eb.nummer) == 0);
    CHECK(antrag_einreichen(db, a, &u, NULL, &z, id, "k2", &eb2, &wdh, &fe, &n_fe) == ERR_CONFLICT);
    CHECK(antrag_einreichen(db, a, &u, NULL, &z, id, NULL, &eb2, &wdh, &fe, &n_fe) == ERR_CONFLICT);
    {
        /* the receipt message carries its PDF; lost, it is made again the same */
        const char *q = "SELECT COUNT(*) FROM nachricht_anlage na JOIN nachricht n ON n.id = "
                        "na.nachricht_id WHERE n.art = 'eingangsbestaetigung' AND na.typ = "
                        "'application/pdf'";
        int64_t n_neu = -1;
        bool neu = true;
        CHECK(db_acquire(db, &c) == ERR_OK);
        CHECK(count(c, q) == 1);
        CHECK(antrag_beleg_sicherstellen(c, id, &neu) == ERR_OK && !neu);
        CHECK(db_exec_script(c, "DELETE FROM nachricht_anlage") == ERR_OK);
        CHECK(count(c, q) == 0);
        db_release(c);
        CHECK(antrag_belege_nachholen(db, &n_neu) == ERR_OK && n_neu == 1);
        CHECK(db_acquire(db, &c) == ERR_OK);
        CHECK(count(c, q) == 1);
        CHECK(antrag_belege_nachholen(db, &n_neu) == ERR_OK && n_neu == 0);
        db_release(c);
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    /* after submitting nothing changes but the status */
    json_t *d = json_pack("{s:s}", "name", "Rex");
    CHECK(antrag_daten_speichern(c, a, &u, &z, id, d, false, FORMULAR_ENTWURF, 0, &fe, &n_fe) ==
          ERR_CONFLICT);
    json_decref(d);
    struct anlage al;
    CHECK(antrag_anlage_hinzufuegen(c, a, &u, NULL, &z, id, NULL, "y.pdf", "%PDF-1.5\nx\n", 11, &al,
                                    &ff) == ERR_CONFLICT);
    CHECK(count(c, "SELECT COUNT(*) FROM eingangsbestaetigung") == 1);
    /* the receipt as PDF */
    struct antrag an2;
    struct formular *f = NULL;
    struct buf pdfbuf = BUF_INIT(4 << 20);
    CHECK(antrag_get(c, a, &z, id, &an2) == ERR_OK && antrag_formular(c, a, &an2, &f) == ERR_OK);
    CHECK(f && pdf_eingangsbestaetigung(f, &an2, &eb, &pdfbuf) == ERR_OK);
    CHECK(pdfbuf.len > 1000 && memcmp(pdfbuf.p, "%PDF-", 5) == 0);
    CHECK(pdfbuf.len > 6 && memmem(pdfbuf.p + pdfbuf.len - 8, 8, "%%EOF", 5) != NULL);
    buf_free(&pdfbuf);
    /* timeline and mailbox */
    struct antrag_verlauf *v = NULL;
    size_t n = 0;
    CHECK(antrag_verlauf_liste(c, a, &z, id, &v, &n) == ERR_OK && n == 2);
    CHECK(n == 2 && strcmp(v[0].status, "entwurf") == 0 && strcmp(v[1].status, "eingegangen") == 0);
    struct nachricht *m = NULL;
    int64_t ungelesen = 0;
    CHECK(postfach_liste(c, a, &buerger1, 0, 20, &m, &n, &ungelesen) == ERR_OK);
    CHECK(n == 1 && ungelesen == 1 && strcmp(m[0].art, "eingangsbestaetigung") == 0);
    CHECK(n == 1 && strstr(m[0].text, eb.sha256) != NULL);
    struct nachricht one;
    CHECK(n == 1 && postfach_nachricht(c, a, &u, &buerger2, m[0].id, &one) == ERR_NOTFOUND);
    CHECK(n == 1 && postfach_nachricht(c, a, &u, &buerger1, m[0].id, &one) == ERR_OK);
    CHECK(postfach_liste(c, a, &buerger1, 0, 20, &m, &n, &ungelesen) == ERR_OK && ungelesen == 0);
    /* withdraw while not decided */
    struct antrag_zugang z2 = {&buerger2, NULL};
    CHECK(antrag_zurueckziehen(c, &u, &z2, id) == ERR_NOTFOUND);
    CHECK(antrag_zurueckziehen(c, &u, &z, id) == ERR_OK);
    CHECK(antrag_zurueckziehen(c, &u, &z, id) == ERR_CONFLICT);
    CHECK(antrag_verlauf_liste(c, a, &z, id, &v, &n) == ERR_OK && n == 3);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
zustellung_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 25);
    struct umfeld u = umfeld_at(T0);
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    form_import(c, a);
    int64_t id1 = fertiger_entwurf(c, a, &buerger1, true);
    int64_t id2 = fertiger_entwurf(c, a, &buerger2, false);
    int64_t id3 = fertiger_entwurf(c, a, &buerger2, false); /* stays a draft */
    db_release(c);
    struct antrag_zugang z1 = {&buerger1, NULL}, z2 = {&buerger2, NULL};
    struct eingangsbestaetigung eb;
    struct formular_fehler *fe;
    size_t n_fe;
    bool wdh;
    CHECK(antrag_einreichen(db, a, &u, NULL, &z1, id1, NULL, &eb, &wdh, &fe, &n_fe) == ERR_OK);
    CHECK(antrag_einreichen(db, a, &u, NULL, &z2, id2, NULL, &eb, &wdh, &fe, &n_fe) == ERR_OK);
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct zustellung_eingang *list = NULL;
    size_t n = 0;
    CHECK(zustellung_offen(c, a, &sb1, 0, 0, 100, &list, &n) == ERR_OK && n == 2);
    CHECK(n == 2 && list[0].antrag_id == id1 && list[1].antrag_id == id2);
    CHECK(zustellung_offen(c, a, &sb2, 0, 0, 100, &list, &n) == ERR_OK && n == 0);
    CHECK(zustellung_offen(c, a, &sb2, 1, 0, 100, &list, &n) == ERR_NOTFOUND);
    CHECK(zustellung_offen(c, a, &koord, 0, 0, 100, &list, &n) == ERR_FORBIDDEN);
    CHECK(zustellung_offen(c, a, &buerger1, 0, 0, 100, &list, &n) == ERR_FORBIDDEN);
    json_t *doc = NULL;
    CHECK(zustellung_abrufen(c, a, &sb2, id1, &doc) == ERR_NOTFOUND);
    CHECK(zustellung_abrufen(c, a, &koord, id1, &doc) == ERR_NOTFOUND);
    CHECK(zustellung_abrufen(c, a, &buerger1, id1, &doc) == ERR_NOTFOUND);
    CHECK(zustellung_abrufen(c, a, &sb1, id3, &doc) == ERR_NOTFOUND); /* a draft */
    CHECK(zustellung_abrufen(c, a, &sb1, id1, &doc) == ERR_OK);
    CHECK(doc && strcmp(json_string_value(json_object_get(json_object_get(doc, "daten"), "name")),
                        "Bello") == 0);
    CHECK(doc && json_array_size(json_object_get(doc, "anlagen")) == 1);
    const char *sha = json_string_value(
        json_object_get(json_array_get(json_object_get(doc, "anlagen"), 0), "sha256"));
    struct anlage al;
    const void *p;
    size_t len;
    CHECK(sha && zustellung_anlage(c, a, &sb1, id1, sha, &al, &p, &len) == ERR_OK);
    CHECK(sha && zustellung_anlage(c, a, &sb2, id1, sha, &al, &p, &len) == ERR_NOTFOUND);
    json_decref(doc);
    bool schon = false;
    CHECK(zustellung_quittieren(c, &u, &sb2, id1, &schon) == ERR_NOTFOUND);
    CHECK(zustellung_quittieren(c, &u, &sb1, id1, &schon) == ERR_OK && !schon);
    CHECK(zustellung_quittieren(c, &u, &sb1, id1, &schon) == ERR_OK && schon);
    CHECK(zustellung_offen(c, a, &sb1, 0, 0, 100, &list, &n) == ERR_OK && n == 1);
    struct antrag an;
    CHECK(antrag_get(c, a, &z1, id1, &an) == ERR_OK && strcmp(an.status, "in_bearbeitung") == 0);
    /* a message with a file; type by content; not from another authority */
    struct nachricht_datei dat[] = {{"bescheid.pdf", pdf, sizeof(pdf) - 1}};
    struct nachricht_datei exe[] = {{"x.exe", "MZ\x90\x00\x03\x00\x00\x00", 8}};
    int64_t mid = 0;
    struct feld_fehler fz = {0};
    CHECK(zustellung_nachricht(c, a, &u, NULL, &sb2, id1, "nachricht", "B", "T", dat, 1, &mid,
                               &fz) == ERR_NOTFOUND);
    CHECK(zustellung_nachricht(c, a, &u, NULL, &sb1, id1, "nachricht", "B", "T", exe, 1, &mid,
                               &fz) == ERR_INVALID);
    CHECK(zustellung_nachricht(c, a, &u, NULL, &sb1, id1, "gruss", "B", "T", dat, 1, &mid, &fz) ==
          ERR_INVALID);
    CHECK(zustellung_nachricht(c, a, &u, NULL, &sb1, id1, "rueckfrage", "Rückfrage", "Text", dat, 1,
                               &mid, &fz) == ERR_OK);
    struct nachricht nm;
    CHECK(postfach_nachricht(c, a, &u, &buerger1, mid, &nm) == ERR_OK && nm.n_anlagen == 1);
    CHECK(postfach_anlage(c, a, &buerger1, mid, nm.anlagen[0].sha256, &al, &p, &len) == ERR_OK &&
          len == sizeof(pdf) - 1);
    CHECK(postfach_anlage(c, a, &buerger2, mid, nm.anlagen[0].sha256, &al, &p, &len) ==
          ERR_NOTFOUND);
    /* a decision arrives in the mailbox; then no withdrawal */
    struct feld_fehler ff = {0};
    CHECK(zustellung_status(c, &u, &sb1, id1, "abgelehnt", NULL, NULL, NULL, &ff) == ERR_INVALID);
    CHECK(zustellung_status(c, &u, &sb1, id1, "beschieden", "Steuermarke verschickt",
                            "Bescheid über die Hundesteuer", "Sehr geehrte Frau ...",
                            &ff) == ERR_OK);
    struct nachricht *m;
    int64_t ungelesen;
    CHECK(postfach_liste(c, a, &buerger1, 0, 20, &m, &n, &ungelesen) == ERR_OK && n == 3);
    CHECK(n == 3 && strcmp(m[0].art, "bescheid") == 0);
    CHECK(antrag_zurueckziehen(c, &u, &z1, id1) == ERR_CONFLICT);
    CHECK(zustellung_status(c, &u, &sb1, id1, "in_bearbeitung", NULL, NULL, NULL, &ff) ==
          ERR_CONFLICT);
    db_release(c);
    arena_free(a);
    db_close(db);
}

/* ---- group commit -------------------------------------------------------------------- */

struct parallel {
    struct db *db;
    struct einreichung *e;
    int64_t id;
    const struct actor *who;
    const char *key;
    int rc;
    bool wdh;
    char nummer[24];
};

static void *
einreicher(void *arg)
{
    struct parallel *p = arg;
    struct arena *a = arena_new(1 << 22);
    struct umfeld u = umfeld_at(T0 + 5);
    struct antrag_zugang z = {p->who, NULL};
    struct eingangsbestaetigung eb;
    struct formular_fehler *fe;
    size_t n_fe;
    p->rc = antrag_einreichen(p->db, a, &u, p->e, &z, p->id, p->key, &eb, &p->wdh, &fe, &n_fe);
    if (p->rc == ERR_OK)
        snprintf(p->nummer, sizeof(p->nummer), "%s", eb.nummer);
    arena_free(a);
    return NULL;
}

static void
gruppe_body(enum db_kind kind)
{
    enum { N = 12 };
    struct db *db = fresh_db(kind);
    struct db_conn *c;
    struct arena *a = arena_new(1 << 25);
    struct einreichung *e = NULL;
    if (!db || db_acquire(db, &c) != ERR_OK)
        return;
    form_import(c, a);
    int64_t ids[N];
    for (int i = 0; i < N; i++)
        ids[i] = fertiger_entwurf(c, a, i % 2 ? &buerger1 : &buerger2, i % 3 == 0);
    db_release(c);
    CHECK(einreichung_new(db, &e) == ERR_OK);
    /* N different applications at once, plus the first one N more times with one key */
    struct parallel p[2 * N];
    pthread_t t[2 * N];
    for (int i = 0; i < 2 * N; i++) {
        p[i] = (struct parallel){.db = db,
                                 .e = e,
                                 .id = i < N ? ids[i] : ids[0],
                                 .who = (i < N ? i : 0) % 2 ? &buerger1 : &buerger2,
                                 .key = i < N && i != 0 ? NULL : "doppelklick"};
        CHECK(pthread_create(&t[i], NULL, einreicher, &p[i]) == 0);
    }
    for (int i = 0; i < 2 * N; i++)
        pthread_join(t[i], NULL);
    int n_wdh = 0;
    for (int i = 0; i < 2 * N; i++) {
        CHECK(p[i].rc == ERR_OK);
        n_wdh += p[i].wdh;
        if (i >= N)
            CHECK(strcmp(p[i].nummer, p[0].nummer) == 0);
    }
    CHECK(n_wdh == N); /* all but one submission of ids[0] were repeats */
    uint64_t nb, nj;
    einreichung_zaehler(e, &nb, &nj);
    CHECK(nj >= N && nb >= 1 && nb <= nj); /* repeats may be answered before the queue */
    einreichung_free(e);
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(count(c, "SELECT COUNT(*) FROM eingangsbestaetigung") == N);
    CHECK(count(c, "SELECT COUNT(*) FROM antrag WHERE status = 'eingegangen'") == N);
    CHECK(count(c, "SELECT COUNT(*) FROM antrag_status WHERE status = 'eingegangen'") == N);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_antrag_zeit_ist_deutsch(void)
{
    char d[11], z[32];
    antrag_heute(1773576000, d); /* 2026-03-15 12:00 UTC */
    CHECK(strcmp(d, "2026-03-15") == 0);
    antrag_heute(1773615600, d); /* 2026-03-15 23:00 UTC = 00:00 CET on the 16th */
    CHECK(strcmp(d, "2026-03-16") == 0);
    antrag_zeit_text(1782900000, z); /* 2026-07-01 10:00 UTC = 12:00 CEST */
    CHECK(strcmp(z, "01.07.2026, 12:00 Uhr") == 0);
}

static void
test_antrag_formulare_verwalten(void)
{
    formular_verwaltung_body(DB_SQLITE);
    if (pg_dsn)
        formular_verwaltung_body(DB_PG);
}

static void
test_antrag_entwurf_zugriff_und_daten(void)
{
    entwurf_body(DB_SQLITE);
    if (pg_dsn)
        entwurf_body(DB_PG);
}

static void
test_antrag_anlagen_nach_inhalt(void)
{
    anlagen_body(DB_SQLITE);
    if (pg_dsn)
        anlagen_body(DB_PG);
}

static void
test_antrag_einreichen_idempotent_und_dauerhaft(void)
{
    einreichen_body(DB_SQLITE);
    if (pg_dsn)
        einreichen_body(DB_PG);
}

static void
test_antrag_zustellung_und_bescheid(void)
{
    zustellung_body(DB_SQLITE);
    if (pg_dsn)
        zustellung_body(DB_PG);
}

static void
test_antrag_gruppencommit_parallel(void)
{
    gruppe_body(DB_SQLITE);
    if (pg_dsn)
        gruppe_body(DB_PG);
}

static void
anonym_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16u * 1024 * 1024);
    struct antrag an = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    struct feld_fehler ff = {0};
    int64_t warten = -1, n_antraege = -1, n_blobs = -1;
    if (!db || !a)
        goto out;
    CHECK(db_acquire(db, &c) == ERR_OK);
    form_import(c, a);
    struct umfeld u = umfeld_at(T0);
    for (int i = 0; i < ANTRAG_ANONYM_PRO_STUNDE; i++)
        CHECK(antrag_anlegen(c, a, &u, NULL, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    int64_t vorher = count(c, "SELECT COUNT(*) FROM antrag");
    /* the limit: refused, nothing stored, the wait until the hour is over */
    CHECK(antrag_anlegen(c, a, &u, NULL, "test-hund", "08115003", &an, fort, &ff) == ERR_LIMIT);
    CHECK(ff.feld && strcmp(ff.feld, "herkunft") == 0 && fort[0] == '\0');
    CHECK(count(c, "SELECT COUNT(*) FROM antrag") == vorher);
    CHECK(antrag_anonym_warten(c, &u, &warten) == ERR_OK && warten == 3600);
    struct umfeld spaeter = umfeld_at(T0 + 1800);
    CHECK(antrag_anonym_warten(c, &spaeter, &warten) == ERR_OK && warten == 1800);
    /* another address, and a citizen, are not held back */
    struct umfeld andere = umfeld_at(T0);
    andere.herkunft = "192.0.2.2";
    CHECK(antrag_anlegen(c, a, &andere, NULL, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    CHECK(antrag_anlegen(c, a, &u, &buerger1, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    int64_t eigen = an.id;
    /* the next hour */
    struct umfeld naechste = umfeld_at(T0 + 3600);
    CHECK(antrag_anlegen(c, a, &naechste, NULL, "test-hund", "08115003", &an, fort, &ff) == ERR_OK);
    int64_t jung = an.id;
    CHECK(antrag_anonym_warten(c, &naechste, &warten) == ERR_OK && warten == 0);
    /* the cleanup: 30 days after T0 + 3600 only the drafts of T0 are old enough */
    db_release(c);
    c = NULL;
    CHECK(antrag_aufraeumen(db, T0 + 30 * 86400 + 1800, ANTRAG_ENTWURF_AUFBEWAHRUNG, &n_antraege,
                            &n_blobs) == ERR_OK);
    CHECK(n_antraege == ANTRAG_ANONYM_PRO_STUNDE + 1 && n_blobs == 0);
    CHECK(db_acquire(db, &c) == ERR_OK);
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM antrag WHERE id IN (%lld, %lld)",
             (long long)eigen, (long long)jung);
    CHECK(count(c, sql) == 2);
    CHECK(count(c, "SELECT COUNT(*) FROM antrag WHERE konto_id IS NULL") == 1);
    db_release(c);
    c = NULL;
    CHECK(antrag_aufraeumen(db, T0 + 30 * 86400 + 1800, ANTRAG_ENTWURF_AUFBEWAHRUNG, &n_antraege,
                            NULL) == ERR_OK &&
          n_antraege == 0);
out:
    if (c)
        db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_antrag_anonym_drossel_und_aufraeumen(void)
{
    anonym_body(DB_SQLITE);
    if (pg_dsn)
        anonym_body(DB_PG);
}

int
main(void)
{
    log_set_quiet(1);
    if (!mkdtemp(tmp_dir) || sodium_init() < 0)
        return 1;
    randombytes_buf(geheimnis, sizeof(geheimnis));
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn && !*pg_dsn)
        pg_dsn = NULL;
    if (pg_dsn)
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);
    TEST(test_antrag_zeit_ist_deutsch);
    TEST(test_antrag_formulare_verwalten);
    TEST(test_antrag_entwurf_zugriff_und_daten);
    TEST(test_antrag_anlagen_nach_inhalt);
    TEST(test_antrag_einreichen_idempotent_und_dauerhaft);
    TEST(test_antrag_zustellung_und_bescheid);
    TEST(test_antrag_gruppencommit_parallel);
    TEST(test_antrag_anonym_drossel_und_aufraeumen);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd));
    pdf_ende();
    return tap_done();
}
