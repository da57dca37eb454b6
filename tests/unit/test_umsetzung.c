/* Tests of the Umsetzung and the Lagebild (domain/umsetzung.h, domain/lagebild.h) with their
 * store, on SQLite and, when RATHAUS_TEST_PG holds a DSN (e.g. "postgresql://" under
 * pg_virtualenv), on PostgreSQL in the schema rh_test_umsetzung. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/lagebild.h"
#include "domain/umsetzung.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "testdb.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_umsetzung"
#define T0        1735689600 /* 2025-01-01 */

static char tmp_dir[] = "/tmp/rathaus-test-umsetzung-XXXXXX";
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
        snprintf(dsn, sizeof(dsn), "sqlite:%s/u%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, 2, &db) == ERR_OK);
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
        CHECK(db_open(pg_dsn, 2, &db) == ERR_OK);
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

/* Two Kreise: 08115 Böblingen with three Gemeinden, 08116 Esslingen with one. Three OZG-
 * Leistungen in two Themenfelder. Platform offers:
 *   10000 in 08115003 (gemeinde level, Reifegrad 2, since 2023-02-01),
 *   10001 in the whole Kreis 08115 (Kreis level, Reifegrad 3, since 2024-05-01),
 *   10000 in 08116001 via a second Leistung of the same OZG-Leistung (Reifegrad 4),
 *   10001 also in 08115021 by its own service (Reifegrad 1, since 2024-06-01). */
static const char seed[] = TESTDB_UMSETZUNG_SEED;

static struct db *
seeded(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    if (!db)
        return NULL;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    db_release(c);
    return db;
}

static const struct rollen_zuordnung koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung ministerium[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung admin_bb[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung admin_ai[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung sb_bb[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};

#define ACTOR(id, r) ((struct actor){(id), (r), sizeof(r) / sizeof((r)[0]), false, false})

static const struct umsetzung_zeile *
find_row(const struct umsetzung_seite *s, const char *ags, int64_t ozg, const char *quelle)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct umsetzung_zeile *z = &s->items[i];
        if (strcmp(z->gemeinde_ags, ags) == 0 && z->ozg_id == ozg &&
            ((!quelle && !z->quelle) || (quelle && z->quelle && strcmp(z->quelle, quelle) == 0)))
            return z;
    }
    return NULL;
}

static void
liste_body(enum db_kind kind)
{
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct actor k = ACTOR(10, koord_bb);
    struct umsetzung_seite s;
    const char *bad = NULL;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct umsetzung_filter f = {.gebiet = {.kreis_ags = "08115"}, .limit = 100};
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    /* 10000 in Böblingen; 10001 in each of the three Gemeinden of the Kreis; not the
     * Land-wide responsibility, not the one without an online service, not Esslingen. */
    CHECK(s.n == 4);
    const struct umsetzung_zeile *z = find_row(&s, "08115003", 10000, "plattform");
    CHECK(z && z->online && z->reifegrad == 2 && z->seit && strcmp(z->seit, "2023-02-01") == 0);
    CHECK(z && z->onlinedienst && strcmp(z->onlinedienst, "Elterngeld online") == 0);
    CHECK(z && z->themenfeld && strcmp(z->themenfeld, "Familie & Kind") == 0);
    /* Ehningen's own service and the Kreis-wide one make one row */
    z = find_row(&s, "08115021", 10001, "plattform");
    CHECK(z && z->reifegrad == 3 && !z->kreisweit && strcmp(z->seit, "2024-05-01") == 0);
    CHECK(z && strcmp(z->onlinedienst, "Kinderreisepass Ehningen") == 0);
    z = find_row(&s, "08115010", 10001, "plattform");
    CHECK(z && z->kreisweit && strcmp(z->onlinedienst, "Kinderreisepass online") == 0);
    CHECK(find_row(&s, "08115003", 10100, "plattform") == NULL);
    CHECK(s.next_cursor == NULL);

    /* pages of one row follow each other without gaps */
    f.limit = 1;
    size_t seen = 0;
    const char *cur = NULL;
    do {
        f.cursor = cur;
        CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
        seen += s.n;
        cur = s.next_cursor;
    } while (cur && seen < 10);
    CHECK(seen == 4);
    f.cursor = "garbage!";
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_INVALID && strcmp(bad, "cursor") == 0);
    f.cursor = NULL;
    f.limit = 100;

    /* a Gemeinde with gaps: three OZG-Leistungen, one of them offered nowhere */
    struct umsetzung_filter fg = {
        .gebiet = {.gemeinde_ags = "08115010"}, .luecken = true, .limit = 100};
    CHECK(umsetzung_liste(c, a, &k, &fg, &s, &bad) == ERR_OK);
    CHECK(s.n == 3);
    CHECK(find_row(&s, "08115010", 10000, NULL) != NULL);
    CHECK(find_row(&s, "08115010", 10001, "plattform") != NULL);
    CHECK(find_row(&s, "08115010", 10100, NULL) && !find_row(&s, "08115010", 10100, NULL)->online);

    /* one OZG-Leistung only */
    struct umsetzung_filter fl = {.gebiet = {.kreis_ags = "08115"}, .ozg_id = 10000, .limit = 9};
    CHECK(umsetzung_liste(c, a, &k, &fl, &s, &bad) == ERR_OK && s.n == 1);

    /* who may read */
    struct actor es = ACTOR(11, koord_es), mi = ACTOR(12, ministerium), bu = ACTOR(13, buerger);
    struct actor nobody = {0};
    CHECK(umsetzung_liste(c, a, &es, &f, &s, &bad) == ERR_NOTFOUND);
    CHECK(umsetzung_liste(c, a, &mi, &f, &s, &bad) == ERR_OK);
    CHECK(umsetzung_liste(c, a, &bu, &f, &s, &bad) == ERR_FORBIDDEN);
    CHECK(umsetzung_liste(c, a, &nobody, &f, &s, &bad) == ERR_UNAUTHORIZED);
    struct umsetzung_filter land = {.limit = 100};
    CHECK(umsetzung_liste(c, a, &mi, &land, &s, &bad) == ERR_OK && s.n == 5);
    CHECK(find_row(&s, "08116001", 10000, "plattform") &&
          find_row(&s, "08116001", 10000, "plattform")->reifegrad == 4);
    CHECK(umsetzung_liste(c, a, &es, &land, &s, &bad) == ERR_OK); /* the Land picture */
    land.luecken = true;
    CHECK(umsetzung_liste(c, a, &mi, &land, &s, &bad) == ERR_INVALID);
    struct umsetzung_filter badk = {.gebiet = {.kreis_ags = "8115"}, .limit = 1};
    CHECK(umsetzung_liste(c, a, &mi, &badk, &s, &bad) == ERR_INVALID && strcmp(bad, "kreis") == 0);
    struct umsetzung_filter unk = {.gebiet = {.gemeinde_ags = "08115999"}, .limit = 1};
    CHECK(umsetzung_liste(c, a, &mi, &unk, &s, &bad) == ERR_NOTFOUND);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_umsetzung_liste_derives_from_platform_by_area_and_role(void)
{
    on_both(liste_body);
}

static void
melden_body(enum db_kind kind)
{
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler fe = {0};
    struct umsetzung_seite s;
    const char *bad;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct actor adm = ACTOR(20, admin_bb), other = ACTOR(21, admin_ai), sb = ACTOR(22, sb_bb);
    struct actor k = ACTOR(10, koord_bb), es = ACTOR(11, koord_es), mi = ACTOR(12, ministerium);

    struct umsetzung_meldung_in m = {.gemeinde_ags = "08115003",
                                     .ozg_id = 10100,
                                     .online = true,
                                     .reifegrad = 3,
                                     .seit = "2024-10-01",
                                     .onlinedienst = "Ummeldung (Fremdportal)",
                                     .url = "https://portal.example/ummeldung"};
    CHECK(umsetzung_melden(c, &u, &adm, &m, &fe) == ERR_OK);
    CHECK(umsetzung_melden(c, &u, &other, &m, &fe) == ERR_FORBIDDEN);
    CHECK(umsetzung_melden(c, &u, &sb, &m, &fe) == ERR_OK); /* staff of the Gemeinde */
    CHECK(umsetzung_melden(c, &u, &es, &m, &fe) == ERR_NOTFOUND);
    CHECK(umsetzung_melden(c, &u, &mi, &m, &fe) == ERR_FORBIDDEN);

    struct umsetzung_filter f = {.gebiet = {.gemeinde_ags = "08115003"}, .limit = 100};
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    const struct umsetzung_zeile *z = find_row(&s, "08115003", 10100, "meldung");
    CHECK(z && z->online && z->reifegrad == 3 && strcmp(z->seit, "2024-10-01") == 0);
    CHECK(z && z->gemeldet_von && strcmp(z->gemeldet_von, "Stadt Böblingen") == 0);
    CHECK(z && z->gemeldet_am == T0);

    /* the coordinator reports for a Gemeinde of the Kreis; a second report replaces the first */
    m.gemeinde_ags = "08115010";
    CHECK(umsetzung_melden(c, &u, &k, &m, &fe) == ERR_OK);
    m.reifegrad = 1;
    CHECK(umsetzung_melden(c, &u, &k, &m, &fe) == ERR_OK);
    f.gebiet.gemeinde_ags = "08115010";
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    z = find_row(&s, "08115010", 10100, "meldung");
    CHECK(z && z->reifegrad == 1 && z->gemeldet_von == NULL);

    /* both sources of the same cell are shown apart */
    m.gemeinde_ags = "08115003";
    m.ozg_id = 10000;
    CHECK(umsetzung_melden(c, &u, &adm, &m, &fe) == ERR_OK);
    f.gebiet.gemeinde_ags = "08115003";
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    CHECK(find_row(&s, "08115003", 10000, "plattform") &&
          find_row(&s, "08115003", 10000, "meldung"));

    /* bad input names the field */
    struct umsetzung_meldung_in b = m;
    b.reifegrad = 5;
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "reifegrad") == 0);
    b = m;
    b.seit = "2030-01-01";
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID && strcmp(fe.feld, "seit") == 0);
    b.seit = "2023-02-30";
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID && strcmp(fe.feld, "seit") == 0);
    b = m;
    b.url = "javascript:alert(1)";
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID && strcmp(fe.feld, "url") == 0);
    b = m;
    b.ozg_id = 424242;
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "leistung") == 0);
    b = m;
    b.gemeinde_ags = "0811500x";
    CHECK(umsetzung_melden(c, &u, &adm, &b, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "gemeinde") == 0);
    b.gemeinde_ags = "08115999";
    CHECK(umsetzung_melden(c, &u, &k, &b, &fe) == ERR_NOTFOUND);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_umsetzung_melden_by_own_administration_or_coordinator(void)
{
    on_both(melden_body);
}

static void
lagebild_body(enum db_kind kind)
{
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler fe;
    struct lagebild lb;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct actor k = ACTOR(10, koord_bb), mi = ACTOR(12, ministerium), es = ACTOR(11, koord_es);
    struct actor adm = ACTOR(20, admin_bb);
    struct umsetzung_meldung_in m = {.gemeinde_ags = "08115003",
                                     .ozg_id = 10100,
                                     .online = true,
                                     .reifegrad = 2,
                                     .seit = "2024-12-01"};
    CHECK(umsetzung_melden(c, &u, &adm, &m, &fe) == ERR_OK);
    CHECK(db_exec_script(c, "INSERT INTO eakte_stufe (gemeinde_ags, stufe, gemeldet_am) VALUES "
                            "('08115003', 'geplant', 1), ('08115003', 'pilot', 2),"
                            "('08115010', 'flaechendeckend', 1)") == ERR_OK);

    CHECK(lagebild_berechnen(c, a, &k, "08115", T0, &lb) == ERR_OK);
    CHECK(lb.n_gemeinden == 3 && lb.n_kreise == 1 && lb.n_leistungen == 3);
    CHECK(lb.gesamt.zellen == 9);
    CHECK(lb.gesamt.online == 5); /* 10000@003, 10001@all three, 10100@003 (reported) */
    CHECK(lb.gesamt.plattform == 4);
    CHECK(lb.gesamt.meldung == 1);
    CHECK(lb.gesamt.reifegrad3 == 3); /* the Kreis-wide Kinderreisepass */
    CHECK(lb.gemeinden[0].z.online == 3 && lb.gemeinden[1].z.online == 1);
    CHECK(lagebild_promille(&lb.gemeinden[0].z) == 1000);
    CHECK(lb.gemeinden[0].eakte == EAKTE_PILOT && lb.gemeinden[1].eakte == EAKTE_FLAECHENDECKEND);
    CHECK(lb.gemeinden[2].eakte == EAKTE_UNBEKANNT && lb.eakte[EAKTE_UNBEKANNT] == 1);
    CHECK(lb.n_themenfelder == 2 && lb.themenfelder[0].id == 1 &&
          lb.themenfelder[0].n_leistungen == 2);
    CHECK(lb.themenfelder[0].z.online == 4 && lb.themenfelder[1].z.online == 1);
    /* time line: 2023-Q1 (1 cell), 2024-Q2 (+3), 2024-Q4 (+1), up to 2025-Q1 */
    CHECK(lb.n_verlauf == 9);
    CHECK(lb.verlauf[0].jahr == 2023 && lb.verlauf[0].quartal == 1 && lb.verlauf[0].online == 1);
    CHECK(lb.verlauf[5].jahr == 2024 && lb.verlauf[5].quartal == 2 && lb.verlauf[5].online == 4);
    CHECK(lb.verlauf[8].online == 5);

    CHECK(lagebild_berechnen(c, a, &mi, NULL, T0, &lb) == ERR_OK);
    CHECK(lb.n_gemeinden == 4 && lb.n_kreise == 2 && lb.kreise[1].z.online == 1);
    CHECK(lb.kreise[0].eakte[EAKTE_PILOT] == 1);
    CHECK(lagebild_berechnen(c, a, &es, "08115", T0, &lb) == ERR_NOTFOUND);
    CHECK(lagebild_berechnen(c, a, &adm, NULL, T0, &lb) == ERR_FORBIDDEN);
    CHECK(lagebild_berechnen(c, a, &mi, "x", T0, &lb) == ERR_INVALID);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_lagebild_counts_per_gemeinde_kreis_themenfeld_and_quarter(void)
{
    on_both(lagebild_body);
}

/* The counts the Lagebild reads (umsetzung_zahl over umsetzung_zelle, kept by the triggers of
 * migration 0007) against the matrix computed from the sources themselves. */
static void
gleich_wie_matrix(struct db_conn *c, struct arena *a, const struct actor *mi, const char *wann)
{
    struct lagebild lb;
    struct umsetzung_matrix m;
    CHECK(lagebild_berechnen(c, a, mi, NULL, T0, &lb) == ERR_OK);
    CHECK(umsetzung_matrix_laden(c, a, "", &m) == ERR_OK);
    bool ok = lb.n_gemeinden == m.n_gemeinden;
    int64_t alle = 0;
    for (size_t g = 0; ok && g < m.n_gemeinden; g++) {
        int64_t on = 0, pl = 0, me = 0, r3 = 0;
        for (size_t o = 0; o < m.n_ozg; o++) {
            uint8_t z = m.zelle[g * m.n_ozg + o];
            on += (z & (UMS_PLATTFORM | UMS_MELDUNG)) != 0;
            r3 += (z & (UMS_PLATTFORM | UMS_MELDUNG)) && (z & UMS_REIFEGRAD_MASK) >= 3;
            pl += (z & UMS_PLATTFORM) != 0;
            me += (z & UMS_MELDUNG) != 0;
        }
        const struct lagebild_zahlen *x = &lb.gemeinden[g].z;
        ok = x->online == on && x->plattform == pl && x->meldung == me && x->reifegrad3 == r3;
        alle += on;
    }
    ok = ok && lb.n_verlauf > 0 && lb.verlauf[lb.n_verlauf - 1].online == alle;
    if (!ok)
        fprintf(stderr, "  the cells differ from the sources after: %s\n", wann);
    CHECK(ok);
}

static void
zellen_body(enum db_kind kind)
{
    static const char *const schritte[] = {
        "UPDATE onlinedienst SET reifegrad = 4 WHERE id = 4",
        "UPDATE onlinedienst SET seit = '2019-03-01' WHERE id = 2",
        "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id) VALUES "
        "('99004', '08116', 2, 3)",
        "UPDATE zustaendigkeit SET onlinedienst_id = 1 WHERE leistung_id = '99004' AND "
        "gebiet_ags = '08115003'",
        "UPDATE leistung SET ozg_id = 10100 WHERE id = '99003'",
        "UPDATE ozg_leistung SET themenfeld_id = 2 WHERE id = 10000",
        "INSERT INTO umsetzung_meldung (gemeinde_ags, ozg_id, online, reifegrad, seit, "
        "gemeldet_am) VALUES ('08115010', 10000, 1, 3, '2021-01-01', 1), "
        "('08115021', 10001, 0, 0, NULL, 1)",
        "UPDATE umsetzung_meldung SET online = 0 WHERE gemeinde_ags = '08115010'",
        "DELETE FROM onlinedienst WHERE id = 2",
        "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags, einwohner) VALUES "
        "('08115050', '081150050050', 'Gärtringen', 'Gärtringen', 'gartringen', '08115', 12000)",
        "UPDATE gemeinde SET kreis_ags = '08116' WHERE ags = '08115021'",
        "DELETE FROM zustaendigkeit WHERE gebiet_ags = '08115003'",
        "DELETE FROM umsetzung_meldung",
    };
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    if (!db || !a)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct actor mi = ACTOR(12, ministerium);
    gleich_wie_matrix(c, a, &mi, "seed");
    for (size_t i = 0; i < sizeof(schritte) / sizeof(schritte[0]); i++) {
        CHECK(db_exec_script(c, schritte[i]) == ERR_OK);
        gleich_wie_matrix(c, a, &mi, schritte[i]);
        arena_reset(a);
    }
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_lagebild_cells_follow_every_change_of_their_sources(void)
{
    on_both(zellen_body);
}

static void
filter_body(enum db_kind kind)
{
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct lagebild lb;
    const char *bad = NULL;
    if (!db || !a)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct actor k = ACTOR(10, koord_bb), mi = ACTOR(12, ministerium);
    struct lagebild_filter f = {.rb_ags = "081"};
    CHECK(lagebild_filtern(c, a, &mi, &f, T0, &lb, &bad) == ERR_OK);
    CHECK(lb.n_gemeinden == 4 && lb.gesamt.online == 5);
    f = (struct lagebild_filter){.rb_ags = "082"};
    CHECK(lagebild_filtern(c, a, &mi, &f, T0, &lb, &bad) == ERR_OK && lb.n_gemeinden == 0);
    /* 5,000 to 20,000: Aidlingen, Ehningen (08115), Aichtal (08116) */
    f = (struct lagebild_filter){.groesse = GK_5000_20000};
    CHECK(lagebild_filtern(c, a, &mi, &f, T0, &lb, &bad) == ERR_OK);
    CHECK(lb.n_gemeinden == 3 && lb.gesamt.online == 3 && lb.n_kreise == 2);
    CHECK(lb.n_verlauf > 0 && lb.verlauf[lb.n_verlauf - 1].online == 3);
    f = (struct lagebild_filter){.kreis_ags = "08115", .groesse = GK_AB_100000};
    CHECK(lagebild_filtern(c, a, &k, &f, T0, &lb, &bad) == ERR_OK && lb.n_gemeinden == 0);
    /* Themenfeld 2 (Mobilität): one OZG-Leistung, nothing online */
    f = (struct lagebild_filter){.kreis_ags = "08115", .themenfeld_id = 2};
    CHECK(lagebild_filtern(c, a, &k, &f, T0, &lb, &bad) == ERR_OK);
    CHECK(lb.n_leistungen == 1 && lb.gesamt.zellen == 3 && lb.gesamt.online == 0);
    CHECK(lb.n_themenfelder == 1 && lb.themenfelder[0].id == 2);
    f = (struct lagebild_filter){.kreis_ags = "08115", .themenfeld_id = 1};
    CHECK(lagebild_filtern(c, a, &k, &f, T0, &lb, &bad) == ERR_OK);
    CHECK(lb.gesamt.zellen == 6 && lb.gesamt.online == 4 &&
          lb.verlauf[lb.n_verlauf - 1].online == 4);
    /* bad or contradicting values; staff see no Lagebild */
    f = (struct lagebild_filter){.kreis_ags = "08115", .rb_ags = "082"};
    CHECK(lagebild_filtern(c, a, &k, &f, T0, &lb, &bad) == ERR_INVALID &&
          strcmp(bad, "regierungsbezirk") == 0);
    f = (struct lagebild_filter){.themenfeld_id = 99};
    CHECK(lagebild_filtern(c, a, &mi, &f, T0, &lb, &bad) == ERR_INVALID &&
          strcmp(bad, "themenfeld") == 0);
    struct actor sb = ACTOR(22, sb_bb);
    f = (struct lagebild_filter){.rb_ags = "081"};
    CHECK(lagebild_filtern(c, a, &sb, &f, T0, &lb, &bad) == ERR_FORBIDDEN);
    enum groessenklasse g;
    CHECK(groessenklasse_parse("ab_100000", &g) == ERR_OK && g == GK_AB_100000);
    CHECK(groessenklasse_parse("", &g) == ERR_OK && g == GK_ALLE);
    CHECK(groessenklasse_parse("riesig", &g) == ERR_INVALID);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_lagebild_filters_by_regierungsbezirk_size_and_themenfeld(void)
{
    on_both(filter_body);
}

/* "Receives submissions": a published form for a responsible authority, submitted
 * applications (counted, never read). */
static void
empfang_body(enum db_kind kind)
{
    struct db *db = seeded(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umsetzung_seite s;
    const char *bad;
    if (!db || !a)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    struct actor k = ACTOR(10, koord_bb);
    struct umsetzung_filter f = {
        .gebiet = {.gemeinde_ags = "08115003"}, .ozg_id = 10100, .limit = 10};
    CHECK(db_exec_script(
              c, "INSERT INTO onlinedienst (id, schluessel, oe_id, leistung_id, name, url, "
                 "reifegrad) VALUES (5, 'od5', 1, '99004', 'Ummeldung', 'https://x.test/5', 0);"
                 "UPDATE zustaendigkeit SET onlinedienst_id = 5 WHERE leistung_id = '99004'") ==
          ERR_OK);
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    const struct umsetzung_zeile *z = find_row(&s, "08115003", 10100, "plattform");
    CHECK(z && !z->empfaengt && z->reifegrad == 0 && z->eingereicht == 0);
    CHECK(db_exec_script(c, "INSERT INTO formular (id, leistung_id, behoerde_id, version, status, "
                            "titel, definition, sha256, erstellt) VALUES (1, '99004', 2, 1, "
                            "'veroeffentlicht', 'Ummeldung', '{}', 'x', 1)") == ERR_OK);
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK); /* another authority's form */
    z = find_row(&s, "08115003", 10100, "plattform");
    CHECK(z && !z->empfaengt && z->reifegrad == 0);
    CHECK(db_exec_script(c, "INSERT INTO formular (id, leistung_id, behoerde_id, version, status, "
                            "titel, definition, sha256, erstellt) VALUES (2, '99004', 1, 2, "
                            "'veroeffentlicht', 'Ummeldung', '{}', 'x', 1);"
                            "INSERT INTO antrag (behoerde_id, oe_id, formular_id, leistung_id, "
                            "gemeinde_ags, status, erstellt, geaendert, eingereicht) VALUES "
                            "(1, 1, 2, '99004', '08115003', 'eingegangen', 1, 1, 1),"
                            "(1, 1, 2, '99004', '08115003', 'eingegangen', 1, 1, 1),"
                            "(1, 1, 2, '99004', '08115003', 'entwurf', 1, 1, NULL)") == ERR_OK);
    CHECK(umsetzung_liste(c, a, &k, &f, &s, &bad) == ERR_OK);
    z = find_row(&s, "08115003", 10100, "plattform");
    CHECK(z && z->empfaengt && z->reifegrad == 2 && z->eingereicht == 2);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_umsetzung_receives_submissions(void)
{
    on_both(empfang_body);
}

static void
test_umsetzung_dates(void)
{
    CHECK(umsetzung_is_datum("2024-02-29"));
    CHECK(!umsetzung_is_datum("2023-02-29"));
    CHECK(!umsetzung_is_datum("2024-13-01"));
    CHECK(!umsetzung_is_datum("2024-1-01"));
    CHECK(!umsetzung_is_datum(NULL));
    CHECK(umsetzung_quartal("2000-01-01") == 1);
    CHECK(umsetzung_quartal("2024-05-01") == 24 * 4 + 2);
    CHECK(umsetzung_quartal("bogus") == 0);
}

int
main(void)
{
    if (!mkdtemp(tmp_dir) || sodium_init() < 0)
        return 1;
    randombytes_buf(geheimnis, sizeof(geheimnis));
    log_set_quiet(1);
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn && !*pg_dsn)
        pg_dsn = NULL;
    if (pg_dsn)
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);
    else
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    TEST(test_umsetzung_dates);
    TEST(test_umsetzung_liste_derives_from_platform_by_area_and_role);
    TEST(test_umsetzung_melden_by_own_administration_or_coordinator);
    TEST(test_lagebild_counts_per_gemeinde_kreis_themenfeld_and_quarter);
    TEST(test_lagebild_cells_follow_every_change_of_their_sources);
    TEST(test_lagebild_filters_by_regierungsbezirk_size_and_themenfeld);
    TEST(test_umsetzung_receives_submissions);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    return tap_done();
}
