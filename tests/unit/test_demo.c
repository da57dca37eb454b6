/* Tests of formats/demo_import.h (and store/import_behoerde.h under it) on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL (in the schema rh_test_demo, dropped and created
 * again for each database; PGOPTIONS sets the search path, so the DSN must not set "options").
 *
 * The territory is a small hand-made part of the real one (a few Gemeinden of the Landkreise
 * Böblingen and Tübingen and the Stadtkreis Heidelberg), written with store/import_gebiet.h;
 * the demo files are the repository's demo/ folder, found from $RATHAUS_DEMO_DIR, from this
 * file's path, or as ./demo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include "formats/demo_import.h"
#include "formats/gemeinden_import.h"
#include "store/db.h"
#include "store/import_gebiet.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/buf.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_demo"

static char tmp_dir[] = "/tmp/rathaus-test-demo-XXXXXX";
static char demo_dir[4096];
static const char *pg_dsn;
static unsigned n_files;

/* ---- set-up -------------------------------------------------------------------------------- */

static bool
has_demo_files(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/leistungen.json", dir);
    return access(path, R_OK) == 0;
}

/* The repository's demo/ folder. */
static bool
find_demo_dir(void)
{
    const char *env = getenv("RATHAUS_DEMO_DIR");
    const char *file = __FILE__;
    const char *tail = strstr(file, "tests/unit/test_demo.c");

    if (env && *env && strlen(env) < sizeof(demo_dir)) {
        snprintf(demo_dir, sizeof(demo_dir), "%s", env);
        if (has_demo_files(demo_dir))
            return true;
    }
    if (tail && (size_t)(tail - file) + 5 < sizeof(demo_dir)) {
        snprintf(demo_dir, sizeof(demo_dir), "%.*sdemo", (int)(tail - file), file);
        if (has_demo_files(demo_dir))
            return true;
    }
    snprintf(demo_dir, sizeof(demo_dir), "demo");
    return has_demo_files(demo_dir);
}

/* A migrated, empty database. */
static struct db *
fresh_db(enum db_kind kind)
{
    struct db *db = NULL;
    char dsn[256];
    int from = 0, to = 0;

    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/d%u.db", tmp_dir, n_files++);
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

struct ort {
    const char *ags, *name, *kurz, *typ, *kreis, *plz;
    int64_t einwohner;
};

static const struct ort orte[] = {
    {"08115001", "Aidlingen", "Aidlingen", "Kreisangehörige Gemeinde", "08115", "71134", 9302},
    {"08115003", "Böblingen, Stadt", "Böblingen", "Große Kreisstadt", "08115", "71032", 51483},
    {"08115028", "Leonberg, Stadt", "Leonberg", "Große Kreisstadt", "08115", "71229", 49480},
    {"08115050", "Weil der Stadt, Stadt", "Weil der Stadt", "Stadt", "08115", "71263", 19353},
    {"08416041", "Tübingen, Universitätsstadt", "Tübingen", "Große Kreisstadt", "08416", "72070",
     92322},
    {"08416048", "Ammerbuch", "Ammerbuch", "Kreisangehörige Gemeinde", "08416", "72119", 11522},
    {"08221000", "Heidelberg, Stadtkreis", "Heidelberg", "Stadtkreis", "08221", "69117", 155756},
};
#define N_ORTE (sizeof(orte) / sizeof(orte[0]))

static int
write_gebiet(struct db_conn *c, void *ctx)
{
    (void)ctx;
    static const struct import_regierungsbezirk rb[] = {
        {"081", "Stuttgart", NULL, 0, false},
        {"082", "Karlsruhe", NULL, 0, false},
        {"084", "Tübingen", NULL, 0, false},
    };
    static const struct import_kreis kr[] = {
        {"08115", "Böblingen", "Landkreis", "Böblingen", "081", NULL, 0, false, NULL, false},
        {"08416", "Tübingen", "Landkreis", "Tübingen", "084", NULL, 0, false, NULL, false},
        {"08221", "Heidelberg, Stadtkreis", "Stadtkreis", "Heidelberg", "082", NULL, 0, false, NULL,
         false},
    };
    int rc = ERR_OK;
    for (size_t i = 0; i < 3 && rc == ERR_OK; i++)
        rc = store_import_regierungsbezirk(c, &rb[i]);
    for (size_t i = 0; i < 3 && rc == ERR_OK; i++)
        rc = store_import_kreis(c, &kr[i]);
    for (size_t i = 0; i < N_ORTE && rc == ERR_OK; i++) {
        char ars[13];
        /* a made-up but unique ARS: Kreis + "0000" + Gemeinde digits */
        snprintf(ars, sizeof(ars), "%.5s0000%.3s", orte[i].ags, orte[i].ags + 5);
        struct import_gemeinde g = {
            .ags = orte[i].ags,
            .ars = ars,
            .name = orte[i].name,
            .name_kurz = orte[i].kurz,
            .name_norm = orte[i].kurz,
            .typ = orte[i].typ,
            .kreis_ags = orte[i].kreis,
            .einwohner = orte[i].einwohner,
            .plz = orte[i].plz,
            .plz_eindeutig = true,
        };
        rc = store_import_gemeinde(c, &g);
    }
    return rc;
}

static void
add_gebiet(struct db *db)
{
    struct db_conn *c = NULL;
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (!c)
        return;
    CHECK(db_tx(c, write_gebiet, NULL) == ERR_OK);
    db_release(c);
}

/* ---- queries ------------------------------------------------------------------------------ */

/* The integer that `sql` (with one optional text parameter) selects, -1 on failure. */
static int64_t
select_int(struct db *db, const char *sql, const char *param)
{
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has_row = false;
    int64_t v = -1;
    struct db_param p[] = {DBP_TEXT(param)};

    if (db_acquire(db, &c) != ERR_OK)
        return -1;
    if (db_query(c, sql, p, param ? 1 : 0, &r) == ERR_OK && db_rows_next(r, &has_row) == ERR_OK &&
        has_row)
        v = db_rows_int(r, 0);
    db_rows_free(r);
    db_release(c);
    return v;
}

/* The text that `sql` selects, copied into out ("" on failure or NULL). */
static void
select_text(struct db *db, const char *sql, const char *param, char *out, size_t out_len)
{
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has_row = false;
    struct db_param p[] = {DBP_TEXT(param)};

    out[0] = '\0';
    if (db_acquire(db, &c) != ERR_OK)
        return;
    if (db_query(c, sql, p, param ? 1 : 0, &r) == ERR_OK && db_rows_next(r, &has_row) == ERR_OK &&
        has_row && db_rows_text(r, 0))
        snprintf(out, out_len, "%s", db_rows_text(r, 0));
    db_rows_free(r);
    db_release(c);
}

static int
run_demo(struct db *db, const char *dir, struct demo_result *res, char *err, size_t err_len)
{
    struct db_conn *c = NULL;
    int rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = demo_import(c, dir, res, err, err_len);
    db_release(c);
    return rc;
}

static int64_t
n_demo_rows(struct db *db)
{
    return select_int(db,
                      "SELECT (SELECT COUNT(*) FROM leistung) + (SELECT COUNT(*) FROM behoerde) + "
                      "(SELECT COUNT(*) FROM organisationseinheit) + "
                      "(SELECT COUNT(*) FROM onlinedienst) + (SELECT COUNT(*) FROM zustaendigkeit)",
                      NULL);
}

static void
on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

/* ---- pure functions ----------------------------------------------------------------------- */

static void
test_demo_slug_folds_umlauts_and_spaces(void)
{
    char s[64];
    CHECK(demo_slug("Böblingen", s, sizeof(s)) == ERR_OK && strcmp(s, "boeblingen") == 0);
    CHECK(demo_slug("Weil der Stadt", s, sizeof(s)) == ERR_OK && strcmp(s, "weil-der-stadt") == 0);
    CHECK(demo_slug("Gärtringen", s, sizeof(s)) == ERR_OK && strcmp(s, "gaertringen") == 0);
    CHECK(demo_slug("Dußlingen", s, sizeof(s)) == ERR_OK && strcmp(s, "dusslingen") == 0);
    CHECK(demo_slug("Rottenburg am Neckar", s, sizeof(s)) == ERR_OK &&
          strcmp(s, "rottenburg-am-neckar") == 0);
    CHECK(demo_slug(" Über--Ort. ", s, sizeof(s)) == ERR_OK && strcmp(s, "ueber-ort") == 0);
    CHECK(demo_slug("--", s, sizeof(s)) == ERR_INVALID);
    CHECK(demo_slug("Böblingen", s, 10) == ERR_LIMIT);
    CHECK(demo_slug("Böblingen", s, 11) == ERR_OK);
}

static void
test_demo_seit_is_stable_and_in_range(void)
{
    char a[11], b[11];
    static const char *const ags[] = {"08115001", "08115003", "08416041", "08221000", "08115"};
    static const char *const ids[] = {"99008001012000", "99110009104000", "demo-sperrmuell"};
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = 0; j < 3; j++) {
            demo_seit(ags[i], ids[j], a);
            demo_seit(ags[i], ids[j], b);
            CHECK(strcmp(a, b) == 0);
            CHECK(strlen(a) == 10 && a[4] == '-' && a[7] == '-');
            CHECK(strcmp(a, "2022-01-01") >= 0 && strcmp(a, "2025-12-31") <= 0);
            int month = (a[5] - '0') * 10 + (a[6] - '0');
            int day = (a[8] - '0') * 10 + (a[9] - '0');
            CHECK(month >= 1 && month <= 12 && day >= 1 && day <= 31);
        }
    }
}

/* ---- the import --------------------------------------------------------------------------- */

static void
body_import_twice_gives_same_rows(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct demo_result r1, r2;
    char err[1024], text[512];

    if (!db)
        return;
    add_gebiet(db);
    CHECK(run_demo(db, demo_dir, &r1, err, sizeof(err)) == ERR_OK);
    if (err[0])
        fprintf(stderr, "  demo: %s\n", err);
    int64_t rows1 = n_demo_rows(db);
    CHECK(run_demo(db, demo_dir, &r2, err, sizeof(err)) == ERR_OK);
    int64_t rows2 = n_demo_rows(db);

    /* the same rows, and there are rows */
    CHECK(rows1 > 0 && rows1 == rows2);
    CHECK(r1.counts.behoerden == r2.counts.behoerden);
    CHECK(r1.counts.oes == r2.counts.oes);
    CHECK(r1.counts.zustaendigkeiten == r2.counts.zustaendigkeiten);
    CHECK(r1.counts.onlinedienste == r2.counts.onlinedienste);
    CHECK(r1.counts.leistungen == r2.counts.leistungen);
    CHECK(r1.n_leistungen >= 35 && r1.n_leistungen == r2.n_leistungen);
    CHECK(r1.counts.leistungen == r1.n_leistungen);
    /* one authority per Gemeinde, two Landratsämter, one Landesbehörde */
    CHECK(r1.counts.behoerden == (int64_t)N_ORTE + 2 + 1);
    CHECK(r1.counts.oes > r1.counts.behoerden);
    CHECK(r1.counts.zustaendigkeiten > r1.counts.oes);
    CHECK(r1.counts.onlinedienste > 0 && r1.counts.onlinedienste < r1.counts.zustaendigkeiten);
    CHECK(strcmp(r1.gebiete, "Landkreise Böblingen, Tübingen; Stadtkreis Heidelberg") == 0);

    /* everything is demo data */
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung WHERE is_demo <> 1", NULL) == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM behoerde WHERE is_demo <> 1", NULL) == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM organisationseinheit WHERE is_demo <> 1", NULL) ==
          0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM onlinedienst WHERE is_demo <> 1", NULL) == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM zustaendigkeit WHERE is_demo <> 1", NULL) == 0);
    select_text(db, "SELECT value FROM meta WHERE key = 'demo'", NULL, text, sizeof(text));
    CHECK(strcmp(text, "1") == 0);
    select_text(db, "SELECT value FROM meta WHERE key = 'katalog_version'", NULL, text,
                sizeof(text));
    CHECK(strcmp(text, "2") == 0);

    db_close(db);
}

static void
test_demo_import_twice_gives_same_rows(void)
{
    on_both(body_import_twice_gives_same_rows);
}

static void
body_responsibilities(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct demo_result r;
    char err[1024], text[512];

    if (!db)
        return;
    add_gebiet(db);
    CHECK(run_demo(db, demo_dir, &r, err, sizeof(err)) == ERR_OK);

    /* Personalausweis: the Bürgerbüro of every Gemeinde, e.g. Aidlingen in Kreis Böblingen */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit z JOIN organisationseinheit oe "
                     "ON oe.id = z.oe_id WHERE z.leistung_id = '99008001012000' "
                     "AND z.gebiet_ags = ? AND oe.schluessel = 'demo-08115001-buergerbuero'",
                     "08115001") == 1);
    CHECK(select_int(db, "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99008001012000'",
                     NULL) == (int64_t)N_ORTE);
    /* Kfz-Zulassung: the Landratsamt for the whole Kreis, the city in the Stadtkreis */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit z JOIN organisationseinheit oe "
                     "ON oe.id = z.oe_id JOIN behoerde b ON b.id = oe.behoerde_id "
                     "WHERE z.leistung_id = '99036008007000' AND z.gebiet_ags = ? "
                     "AND b.art = 'landratsamt' AND b.name = 'Landratsamt Böblingen'",
                     "08115") == 1);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit z JOIN organisationseinheit oe "
                     "ON oe.id = z.oe_id WHERE z.leistung_id = '99036008007000' "
                     "AND z.gebiet_ags = '08221' AND oe.schluessel = ?",
                     "demo-08221000-zulassungsstelle") == 1);
    /* Baugenehmigung: a Große Kreisstadt is its own Baurechtsbehörde, the others the LRA */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99012008001000' "
                     "AND gebiet_ags = ?",
                     "08115003") == 1);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99012008001000' "
                     "AND gebiet_ags = ?",
                     "08115001") == 0);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99012008001000' "
                     "AND gebiet_ags = ?",
                     "08115") == 1);
    /* Elterngeld: the Land */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99041006017000' "
                     "AND gebiet_ags = ?",
                     "08") == 1);

    /* the authorities look like demo data */
    select_text(db, "SELECT name FROM behoerde WHERE schluessel = ?", "demo-08115003", text,
                sizeof(text));
    CHECK(strcmp(text, "Stadtverwaltung Böblingen") == 0);
    select_text(db, "SELECT name FROM behoerde WHERE schluessel = ?", "demo-08416048", text,
                sizeof(text));
    CHECK(strcmp(text, "Gemeindeverwaltung Ammerbuch") == 0);
    select_text(db, "SELECT email FROM behoerde WHERE schluessel = ?", "demo-08115050", text,
                sizeof(text));
    CHECK(strcmp(text, "buergerbuero@weil-der-stadt.demo.invalid") == 0);
    select_text(db, "SELECT webseite FROM behoerde WHERE schluessel = ?", "demo-lra-08416", text,
                sizeof(text));
    CHECK(strcmp(text, "https://www.lra-tuebingen.demo.invalid") == 0);
    select_text(db, "SELECT telefon FROM behoerde WHERE schluessel = ?", "demo-08115028", text,
                sizeof(text));
    CHECK(strcmp(text, "07152 000-0") == 0);
    select_text(db, "SELECT gemeinde_ags FROM behoerde WHERE schluessel = ?", "demo-lra-08115",
                text, sizeof(text));
    CHECK(strcmp(text, "08115003") == 0);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM behoerde WHERE email NOT LIKE '%.demo.invalid' "
                     "OR webseite NOT LIKE 'https://www.%.demo.invalid'",
                     NULL) == 0);

    /* online services link to the platform's own form for the place */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM onlinedienst WHERE url NOT LIKE "
                     "'/antrag/neu?leistung=' || leistung_id || '&ort=%' "
                     "OR reifegrad < 2 OR reifegrad > 4 OR seit < '2022-01-01' "
                     "OR seit > '2025-12-31'",
                     NULL) == 0);
    select_text(db, "SELECT url FROM onlinedienst WHERE schluessel = ?",
                "demo-lra-08115-zulassungsstelle-99036008007000", text, sizeof(text));
    CHECK(strcmp(text, "/antrag/neu?leistung=99036008007000&ort=08115") == 0);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit z JOIN onlinedienst od "
                     "ON od.id = z.onlinedienst_id WHERE od.oe_id <> z.oe_id "
                     "OR od.leistung_id <> z.leistung_id",
                     NULL) == 0);
    /* the descriptions were written */
    select_text(db, "SELECT kosten FROM leistung WHERE id = ?", "99008001012000", text,
                sizeof(text));
    CHECK(strstr(text, "Euro") != NULL);
    select_text(db, "SELECT suchtext FROM leistung WHERE id = ?", "99110009104000", text,
                sizeof(text));
    CHECK(strstr(text, "hund") != NULL && strstr(text, "anmeld") != NULL);
    db_close(db);
}

static void
test_demo_assigns_offices_by_level(void)
{
    on_both(body_responsibilities);
}

/* A Leistung of the LeiKa catalogue keeps its catalogue columns and gets the description. */
static void
body_catalogue_row(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct demo_result r;
    char err[1024], text[512];

    if (!db)
        return;
    add_gebiet(db);
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (c)
        CHECK(db_exec(c,
                      "INSERT INTO leistung (id, leika, name, typisierung, rechtsgrundlage) "
                      "VALUES ('99008001012000', '99008001012000', 'Personalausweis Ausstellung', "
                      "'2/3', '§ 9 PAuswG')",
                      NULL, 0, NULL) == ERR_OK);
    if (c)
        db_release(c);
    CHECK(run_demo(db, demo_dir, &r, err, sizeof(err)) == ERR_OK);
    select_text(db,
                "SELECT name || '|' || typisierung || '|' || rechtsgrundlage FROM leistung "
                "WHERE id = ?",
                "99008001012000", text, sizeof(text));
    CHECK(strcmp(text, "Personalausweis beantragen|2/3|§ 9 PAuswG") == 0);
    CHECK(select_int(db, "SELECT is_demo FROM leistung WHERE id = ?", "99008001012000") == 1);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung WHERE id = ?", "99008001012000") == 1);
    db_close(db);
}

static void
test_demo_describes_catalogue_rows(void)
{
    on_both(body_catalogue_row);
}

static void
body_missing_gemeinden(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct demo_result r;
    char err[1024];

    if (!db)
        return;
    CHECK(run_demo(db, demo_dir, &r, err, sizeof(err)) == ERR_NOTFOUND);
    CHECK(strstr(err, "08115") != NULL);
    CHECK(n_demo_rows(db) == 0); /* rolled back, Leistungen too */
    db_close(db);
}

static void
test_demo_without_gemeinden_writes_nothing(void)
{
    on_both(body_missing_gemeinden);
}

/* With the real Gemeindeverzeichnis: every Gemeinde of both Landkreise gets its authority. */
static void
body_whole_districts(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct gemeinden_import *gi = NULL;
    struct gemeinden_import_stats st;
    struct buf gerr = BUF_INIT(4096);
    struct demo_result r;
    char err[1024];

    if (!db)
        return;
    CHECK(gemeinden_import_new("08", &gi) == ERR_OK);
    CHECK(gi && gemeinden_import_add_path(gi, tap_shared("bw-gemeinden.csv"), &gerr) == ERR_OK);
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (gi && c)
        CHECK(gemeinden_import_run(gi, c, NULL, &st, &gerr) == ERR_OK);
    if (gerr.len)
        fprintf(stderr, "  gemeinden: %s\n", buf_cstr(&gerr));
    if (c)
        db_release(c);
    gemeinden_import_free(gi);
    buf_free(&gerr);

    CHECK(run_demo(db, demo_dir, &r, err, sizeof(err)) == ERR_OK);
    /* 26 + 15 Gemeinden, Heidelberg, two Landratsämter, the L-Bank */
    CHECK(r.counts.behoerden == 26 + 15 + 1 + 2 + 1);
    CHECK(select_int(db,
                     "SELECT COUNT(DISTINCT gebiet_ags) FROM zustaendigkeit "
                     "WHERE leistung_id = '99008001012000' AND gebiet_ags LIKE '08115%'",
                     NULL) == 26);
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM gemeinde g WHERE g.kreis_ags IN ('08115', '08416') "
                     "AND NOT EXISTS (SELECT 1 FROM behoerde b WHERE b.gemeinde_ags = g.ags "
                     "AND b.art = 'gemeinde')",
                     NULL) == 0);
    /* the Große Kreisstädte of Böblingen: Böblingen, Herrenberg, Leonberg, Sindelfingen */
    CHECK(select_int(db,
                     "SELECT COUNT(*) FROM zustaendigkeit WHERE leistung_id = '99012008001000' "
                     "AND gebiet_ags LIKE ?",
                     "08115___") == 4);
    CHECK(select_int(db, "SELECT COUNT(*) FROM behoerde WHERE telefon IS NULL", NULL) == 0);
    db_close(db);
}

static void
test_demo_generates_whole_districts(void)
{
    if (access(tap_shared("bw-gemeinden.csv"), R_OK) != 0) {
        printf("# %s missing: whole districts not checked\n", tap_shared("bw-gemeinden.csv"));
        return;
    }
    on_both(body_whole_districts);
}

/* ---- bad input ---------------------------------------------------------------------------- */

static void
write_file(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

static const char small_leistungen[] =
    "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": [{\"id\": \"demo-test\", "
    "\"name\": \"Test beantragen\", \"ebene\": \"gemeinde\", \"amt\": \"buero\"%s}]}";

static const char small_aemter[] =
    "{\"format\": \"rathaus-aemter/1\", \"kreise\": [\"08416\"],"
    " \"behoerdenarten\": {"
    "  \"gemeinde\": {\"art\": \"gemeinde\", \"praefix\": \"Gemeinde\", \"strasse\": \"Weg 1\","
    "   \"email\": \"post\", \"gemeindeaemter\": [\"buero\"]},"
    "  \"grosse_kreisstadt\": {\"art\": \"gemeinde\", \"praefix\": \"Stadt\", \"strasse\": \"Weg "
    "1\","
    "   \"email\": \"post\", \"gemeindeaemter\": [\"buero\"]},"
    "  \"stadtkreis\": {\"art\": \"gemeinde\", \"praefix\": \"Stadt\", \"strasse\": \"Weg 1\","
    "   \"email\": \"post\", \"gemeindeaemter\": [\"buero\"]},"
    "  \"landratsamt\": {\"art\": \"landratsamt\", \"praefix\": \"LRA\", \"strasse\": \"Weg 2\","
    "   \"email\": \"info\", \"domain_praefix\": \"lra-\", \"kreisaemter\": [\"kreis\"]}},"
    " \"aemter\": {"
    "  \"buero\": {\"name\": \"Büro\", \"email\": \"buero\", \"durchwahl\": \"1\","
    "   \"leistungen\": [{\"id\": \"demo-test\", \"online\": \"Test online\", \"reifegrad\": 3}]},"
    "  \"kreis\": {\"name\": \"Kreisamt\", \"email\": \"kreis\", \"durchwahl\": \"2\","
    "   \"leistungen\": []}}}";

static void
body_bad_input(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct demo_result r;
    char dir[4200], text[1024], err[1024];

    if (!db)
        return;
    add_gebiet(db);
    snprintf(dir, sizeof(dir), "%s/bad%u", tmp_dir, n_files++);
    CHECK(mkdir(dir, 0700) == 0);

    /* a small valid set works: 2 Gemeinden and the LRA of Kreis Tübingen */
    snprintf(text, sizeof(text), small_leistungen, "");
    write_file(dir, "leistungen.json", text);
    write_file(dir, "aemter.json", small_aemter);
    CHECK(run_demo(db, dir, &r, err, sizeof(err)) == ERR_OK);
    CHECK(r.counts.behoerden == 3 && r.counts.oes == 3 && r.counts.zustaendigkeiten == 2);
    CHECK(r.counts.onlinedienste == 2 && r.n_leistungen == 1);
    CHECK(strcmp(r.gebiete, "Landkreis Tübingen") == 0);
    int64_t rows = n_demo_rows(db);

    /* an unknown key is named with its path, and nothing is written */
    snprintf(text, sizeof(text), small_leistungen, ", \"farbe\": \"rot\"");
    write_file(dir, "leistungen.json", text);
    CHECK(run_demo(db, dir, &r, err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "leistungen[0].farbe") != NULL);

    /* a string over the limit */
    char *big = malloc(21000 + sizeof(small_leistungen) + 64);
    char *val = malloc(20010);
    CHECK(big && val);
    if (big && val) {
        memset(val, 'x', 20001);
        val[20001] = '\0';
        char field[20100];
        snprintf(field, sizeof(field), ", \"kosten\": \"%s\"", val);
        snprintf(big, 21000 + sizeof(small_leistungen) + 64, small_leistungen, field);
        write_file(dir, "leistungen.json", big);
        CHECK(run_demo(db, dir, &r, err, sizeof(err)) == ERR_INVALID);
        CHECK(strstr(err, "leistungen[0].kosten") != NULL);
    }
    free(val);
    free(big);

    /* an office type that aemter.json does not know */
    snprintf(text, sizeof(text), small_leistungen, "");
    char *p = strstr(text, "\"buero\"");
    if (p)
        memcpy(p, "\"bxero\"", 7);
    write_file(dir, "leistungen.json", text);
    CHECK(run_demo(db, dir, &r, err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "leistungen[0].amt") != NULL);

    /* not JSON at all */
    write_file(dir, "leistungen.json", "{\"format\": ");
    CHECK(run_demo(db, dir, &r, err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "leistungen.json:1:") != NULL);

    /* a missing folder */
    CHECK(run_demo(db, "/nonexistent/rathaus-demo", &r, err, sizeof(err)) == ERR_IO);

    CHECK(n_demo_rows(db) == rows);
    db_close(db);
}

static void
test_demo_rejects_bad_input_without_writing(void)
{
    on_both(body_bad_input);
}

/* ---- main --------------------------------------------------------------------------------- */

static void
remove_tmp_dir(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    char path[sizeof(tmp_dir) + 260];
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
        if (unlink(path) != 0) {
            /* a folder of test files */
            DIR *sub = opendir(path);
            struct dirent *f;
            char inner[sizeof(path) + 260];
            while (sub && (f = readdir(sub)) != NULL) {
                if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
                    continue;
                snprintf(inner, sizeof(inner), "%s/%s", path, f->d_name);
                unlink(inner);
            }
            if (sub)
                closedir(sub);
            rmdir(path);
        }
    }
    closedir(d);
    rmdir(tmp_dir);
}

int
main(void)
{
    log_set_quiet(1);
    if (mkdtemp(tmp_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    if (!find_demo_dir()) {
        fprintf(stderr, "demo/leistungen.json not found (set RATHAUS_DEMO_DIR)\n");
        remove_tmp_dir();
        return 1;
    }
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn != NULL && *pg_dsn == '\0')
        pg_dsn = NULL;
    if (pg_dsn == NULL)
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    else
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);

    TEST(test_demo_slug_folds_umlauts_and_spaces);
    TEST(test_demo_seit_is_stable_and_in_range);
    TEST(test_demo_import_twice_gives_same_rows);
    TEST(test_demo_assigns_offices_by_level);
    TEST(test_demo_describes_catalogue_rows);
    TEST(test_demo_without_gemeinden_writes_nothing);
    TEST(test_demo_generates_whole_districts);
    TEST(test_demo_rejects_bad_input_without_writing);

    remove_tmp_dir();
    return tap_done();
}
