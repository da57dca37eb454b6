/* Tests of formats/gemeinden_import.h and formats/leistungen_import.h (and store/import_*.h
 * under them) with the real files of ../shared/data, on SQLite and, when RATHAUS_TEST_PG holds
 * a DSN, on PostgreSQL (in the schema rh_test_import, dropped and created again for each
 * database; PGOPTIONS sets the search path, so the DSN must not set "options").
 *
 * What is checked: the counts of the real data (1101 Gemeinden, 44 Kreise, 4
 * Regierungsbezirke; 14/55/557/5248 catalogue rows), that a re-import changes nothing, that
 * the CSV folder and the GV100AD file give the same rows, that a malformed file is rejected
 * with FILE:LINE and leaves every table exactly as it was, and the JSON merge rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include "domain/gebiet.h"
#include "formats/csv.h"
#include "formats/gemeinden_import.h"
#include "formats/leistungen_import.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/arena.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_import"

static char tmp_dir[] = "/tmp/rathaus-test-import-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;
static enum db_kind kind; /* the backend the current test runs on */

/* ---- set-up -------------------------------------------------------------------------------- */

static struct db *
fresh_db(void)
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
        if (c)
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

/* Write `text` to tmp_dir/name; returns the path (static buffer, one at a time). */
static const char *
write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static int64_t
select_int(struct db *db, const char *sql)
{
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has = false;
    int64_t v = -1;

    CHECK(db_acquire(db, &c) == ERR_OK);
    if (!c)
        return -1;
    CHECK(db_query(c, sql, NULL, 0, &r) == ERR_OK);
    if (r && db_rows_next(r, &has) == ERR_OK && has)
        v = db_rows_int(r, 0);
    db_rows_free(r);
    db_release(c);
    return v;
}

static int
exec_sql(struct db *db, const char *sql)
{
    struct db_conn *c = NULL;
    int rc = db_acquire(db, &c);
    if (rc == ERR_OK) {
        rc = db_exec_script(c, sql);
        db_release(c);
    }
    return rc;
}

/* text of the first column of the first row, in a static buffer ("<null>", "<none>") */
static const char *
select_text(struct db *db, const char *sql, const char *param)
{
    static char out[4096];
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    struct db_param p[] = {DBP_TEXT(param)};
    bool has = false;

    snprintf(out, sizeof(out), "<none>");
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (!c)
        return out;
    CHECK(db_query(c, sql, p, param ? 1 : 0, &r) == ERR_OK);
    if (r && db_rows_next(r, &has) == ERR_OK && has)
        snprintf(out, sizeof(out), "%s", db_rows_is_null(r, 0) ? "<null>" : db_rows_text(r, 0));
    db_rows_free(r);
    db_release(c);
    return out;
}

/* Every row of every imported table as text, to compare two states of a database. */
static char *
dump(struct db *db)
{
    static const struct {
        const char *sql;
        int n_cols;
    } q[] = {
        /* katalog_stand counts changes (migration 0011), not content */
        {"SELECT key, value FROM meta WHERE key <> 'katalog_stand' ORDER BY key", 2},
        {"SELECT ags, name, sitz, einwohner FROM regierungsbezirk ORDER BY ags", 4},
        {"SELECT key, name, sitz, regierungsbezirk_ags FROM region ORDER BY key", 4},
        {"SELECT ags, name, typ, verwaltungssitz, regierungsbezirk_ags, region_key, einwohner, "
         "flaeche_km2 FROM kreis ORDER BY ags",
         8},
        {"SELECT ars, name, typ, sitz, kreis_ags FROM verband ORDER BY ars", 5},
        {"SELECT ags, ars, name, name_kurz, name_norm, typ, kreis_ags, verband_ars, einwohner, "
         "einwohner_maennlich, flaeche_km2, plz, plz_eindeutig, gebietsstand FROM gemeinde "
         "ORDER BY ags",
         14},
        {"SELECT plz, ags FROM gemeinde_plz ORDER BY plz, ags", 2},
        {"SELECT id, name FROM themenfeld ORDER BY id", 2},
        {"SELECT id, name, themenfeld_id FROM lebenslage ORDER BY id", 3},
        {"SELECT id, name, lebenslage_id, themenfeld_id, anzahl_leika FROM ozg_leistung "
         "ORDER BY id",
         5},
        {"SELECT id, leika, name, typisierung, ozg_id, rechtsgrundlage, kurztext, volltext, "
         "berechtigte, unterlagen, kosten, bearbeitungsdauer, fristen, rechtsgrundlagen, "
         "suchbegriffe, ebene, beliebtheit, suchtext, is_demo, aktualisiert FROM leistung "
         "ORDER BY id",
         20},
    };
    struct buf b = BUF_INIT(64 * 1024 * 1024);
    struct db_conn *c = NULL;
    bool has;

    CHECK(db_acquire(db, &c) == ERR_OK);
    for (size_t i = 0; c && i < sizeof(q) / sizeof(q[0]); i++) {
        struct db_rows *r = NULL;
        CHECK(db_query(c, q[i].sql, NULL, 0, &r) == ERR_OK);
        while (r && db_rows_next(r, &has) == ERR_OK && has) {
            for (int k = 0; k < q[i].n_cols; k++) {
                RH_IGNORE(buf_puts(&b, db_rows_is_null(r, k) ? "<null>" : db_rows_text(r, k)));
                RH_IGNORE(buf_putc(&b, '|'));
            }
            RH_IGNORE(buf_putc(&b, '\n'));
        }
        db_rows_free(r);
        RH_IGNORE(buf_puts(&b, "--\n"));
    }
    db_release(c);
    char *out = buf_steal(&b);
    return out ? out : calloc(1, 1);
}

/* Import the paths (NULL-terminated) as Gemeinden; the message (if any) into err. */
static int
gemeinden(struct db *db, const char *land, const char *const *paths, struct buf *err,
          struct gemeinden_import_stats *st)
{
    struct gemeinden_import *g = NULL;
    struct gemeinden_import_stats dummy;
    struct db_conn *c = NULL;
    int rc = gemeinden_import_new(land, &g);

    buf_reset(err);
    for (size_t i = 0; paths[i] && rc == ERR_OK; i++)
        rc = gemeinden_import_add_path(g, paths[i], err);
    if (rc == ERR_OK)
        rc = db_acquire(db, &c);
    if (rc == ERR_OK)
        rc = gemeinden_import_run(g, c, NULL, st ? st : &dummy, err);
    if (c)
        db_release(c);
    gemeinden_import_free(g);
    return rc;
}

static int
leistungen(struct db *db, const char *const *paths, struct buf *err,
           struct leistungen_import_stats *st, struct buf *warnings)
{
    struct leistungen_import *l = NULL;
    struct leistungen_import_stats dummy;
    struct db_conn *c = NULL;
    int rc = leistungen_import_new(&l);

    buf_reset(err);
    for (size_t i = 0; paths[i] && rc == ERR_OK; i++)
        rc = leistungen_import_add_path(l, paths[i], err);
    if (rc == ERR_OK)
        rc = db_acquire(db, &c);
    if (rc == ERR_OK)
        rc = leistungen_import_run(l, c, NULL, st ? st : &dummy, err);
    if (warnings && l)
        RH_IGNORE(buf_puts(warnings, leistungen_import_warnings(l)));
    if (c)
        db_release(c);
    leistungen_import_free(l);
    return rc;
}

static void
check_gebiet_counts(struct db *db, int64_t n_verband)
{
    CHECK(select_int(db, "SELECT COUNT(*) FROM gemeinde") == 1101);
    CHECK(select_int(db, "SELECT COUNT(*) FROM kreis") == 44);
    CHECK(select_int(db, "SELECT COUNT(*) FROM regierungsbezirk") == 4);
    CHECK(select_int(db, "SELECT COUNT(*) FROM region") == 12);
    CHECK(select_int(db, "SELECT COUNT(*) FROM verband") == n_verband);
    CHECK(select_int(db, "SELECT COUNT(*) FROM gemeinde_plz") == 1101);
    CHECK(select_int(db, "SELECT SUM(einwohner) FROM gemeinde") == 11245898);
    CHECK(select_int(db, "SELECT SUM(einwohner) FROM kreis") == 11245898);
    CHECK(select_int(db, "SELECT SUM(einwohner) FROM regierungsbezirk") == 11245898);
}

/* ---- Gemeinden ----------------------------------------------------------------------------- */

static void
body_gemeinden_csv_counts_and_reimport(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096);
    struct gemeinden_import_stats st;
    const char *paths[] = {tap_shared("bw-gemeinden.csv"), NULL};
    struct arena *a = arena_new(1 << 16);

    if (!db)
        return;
    CHECK(gemeinden(db, "08", paths, &err, &st) == ERR_OK);
    if (err.len)
        fprintf(stderr, "  %s\n", buf_cstr(&err));
    check_gebiet_counts(db, 460);
    CHECK(st.n[IMPORT_GEMEINDE] == 1101 && st.n[IMPORT_KREIS] == 44);
    CHECK(st.n[IMPORT_REGIERUNGSBEZIRK] == 4 && st.n[IMPORT_VERBAND] == 460);
    CHECK(st.n_neu == 4 + 12 + 44 + 460 + 1101 && st.n_aktualisiert == 0);
    CHECK(st.version == 1);
    /* the parents derived from the Gemeinden */
    CHECK(strcmp(select_text(db, "SELECT name FROM kreis WHERE ags = ?", "08111"),
                 "Stuttgart, Stadtkreis") == 0);
    CHECK(strcmp(select_text(db, "SELECT typ FROM kreis WHERE ags = ?", "08115"), "Landkreis") ==
          0);
    CHECK(select_int(db, "SELECT einwohner FROM kreis WHERE ags = '08115'") == 395167);
    CHECK(strcmp(select_text(db, "SELECT region_key FROM kreis WHERE ags = ?", "08416"), "0841") ==
          0);
    CHECK(strcmp(select_text(db, "SELECT name FROM regierungsbezirk WHERE ags = ?", "084"),
                 "Tübingen") == 0);
    /* a Gemeinde, with its ARS, short name, folded name and postcode */
    CHECK(strcmp(select_text(db, "SELECT ars FROM gemeinde WHERE ags = ?", "08115001"),
                 "081155001001") == 0);
    CHECK(strcmp(select_text(db, "SELECT name_kurz FROM gemeinde WHERE ags = ?", "08115003"),
                 "Böblingen") == 0);
    char *norm = a ? gebiet_name_norm(a, "Böblingen") : NULL;
    CHECK(norm &&
          strcmp(select_text(db, "SELECT name_norm FROM gemeinde WHERE ags = ?", "08115003"),
                 norm) == 0);
    CHECK(strcmp(select_text(db, "SELECT ags FROM gemeinde_plz WHERE plz = ?", "70173"),
                 "08111000") == 0);
    CHECK(select_int(db, "SELECT plz_eindeutig FROM gemeinde WHERE ags = '08111000'") == 0);
    CHECK(select_int(db, "SELECT plz_eindeutig FROM gemeinde WHERE ags = '08115001'") == 1);

    /* again: the same rows, one version more */
    char *before = dump(db);
    CHECK(gemeinden(db, "08", paths, &err, &st) == ERR_OK);
    check_gebiet_counts(db, 460);
    CHECK(st.n_neu == 0 && st.n_aktualisiert == 4 + 12 + 44 + 460 + 1101);
    CHECK(st.version == 2);
    char *after = dump(db);
    /* only meta differs */
    CHECK(strcmp(strstr(before, "--\n"), strstr(after, "--\n")) == 0);
    free(before);
    free(after);
    arena_free(a);
    buf_free(&err);
    db_close(db);
}

/* The folder of bw-*.csv files and the GV100AD file give exactly the same rows. */
static void
body_gemeinden_folder_equals_gv100ad(void)
{
    struct db *a = fresh_db(), *b = fresh_db();
    struct buf err = BUF_INIT(4096);
    struct gemeinden_import_stats st;
    char folder[4096];

    snprintf(folder, sizeof(folder), "%s", tap_shared(""));
    const char *p1[] = {folder, NULL};
    const char *p2[] = {tap_shared("raw/GV100AD_30112025.txt"), NULL};
    if (!a || !b)
        goto out;
    CHECK(gemeinden(a, "08", p1, &err, &st) == ERR_OK);
    CHECK(st.n[IMPORT_VERBAND] == 462);
    CHECK(gemeinden(b, "08", p2, &err, &st) == ERR_OK);
    CHECK(st.n_skipped == 2 && st.n[IMPORT_GEMEINDE] == 1101 && st.n[IMPORT_KREIS] == 44);
    check_gebiet_counts(a, 462);
    check_gebiet_counts(b, 462);
    char *da = dump(a), *dbb = dump(b);
    CHECK(strcmp(da, dbb) == 0);
    /* exact values of the Kreis files: seat and area with the gemeindefreie Gebiete */
    CHECK(strcmp(select_text(b, "SELECT verwaltungssitz FROM kreis WHERE ags = ?", "08116"),
                 "Esslingen am Neckar") == 0);
    CHECK(strcmp(select_text(b, "SELECT sitz FROM verband WHERE ars = ?", "081155001"),
                 "Aidlingen") == 0);
    CHECK(strcmp(select_text(b, "SELECT name FROM regierungsbezirk WHERE ags = ?", "083"),
                 "Freiburg") == 0);
    free(da);
    free(dbb);

    /* the order of the arguments does not matter; the area from bw-kreise.csv wins over the
     * estimate from bw-gemeinden.csv (Kreis 08415 holds the Gutsbezirk Münsingen) */
    struct db *c = fresh_db();
    char kreise[4096];
    snprintf(kreise, sizeof(kreise), "%s", tap_shared("bw-kreise.csv"));
    const char *p3[] = {tap_shared("bw-gemeinden.csv"), NULL};
    const char *p4[] = {kreise, tap_shared("bw-gemeinden.csv"), NULL};
    if (c) {
        CHECK(gemeinden(c, "08", p3, &err, NULL) == ERR_OK);
        char est[64];
        snprintf(est, sizeof(est), "%s",
                 select_text(c,
                             "SELECT CAST(ROUND(flaeche_km2 * 100) AS INTEGER) FROM kreis "
                             "WHERE ags = ?",
                             "08415"));
        CHECK(gemeinden(c, "08", p4, &err, NULL) == ERR_OK);
        CHECK(strcmp(select_text(c,
                                 "SELECT CAST(ROUND(flaeche_km2 * 100) AS INTEGER) FROM kreis "
                                 "WHERE ags = ?",
                                 "08415"),
                     est) != 0);
        CHECK(select_int(c, "SELECT CAST(ROUND(flaeche_km2 * 100) AS INTEGER) FROM kreis "
                            "WHERE ags = '08415'") == 109247);
        /* and a later bw-gemeinden.csv keeps it */
        CHECK(gemeinden(c, "08", p3, &err, NULL) == ERR_OK);
        CHECK(select_int(c, "SELECT CAST(ROUND(flaeche_km2 * 100) AS INTEGER) FROM kreis "
                            "WHERE ags = '08415'") == 109247);
        db_close(c);
    }
out:
    buf_free(&err);
    db_close(a);
    db_close(b);
}

/* GV100AD for other Länder: Bayern (7 Regierungsbezirke), Hamburg (none: one stands for it). */
static void
body_gemeinden_gv100ad_other_land(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096);
    struct gemeinden_import_stats st;
    const char *p[] = {tap_shared("raw/GV100AD_30112025.txt"), NULL};

    if (!db)
        return;
    CHECK(gemeinden(db, "09", p, &err, &st) == ERR_OK);
    CHECK(st.n[IMPORT_GEMEINDE] == 2056 && st.n[IMPORT_KREIS] == 96);
    CHECK(st.n[IMPORT_REGIERUNGSBEZIRK] == 7 && st.n_skipped == 165);
    CHECK(gemeinden(db, "02", p, &err, &st) == ERR_OK);
    CHECK(strcmp(select_text(db, "SELECT name FROM regierungsbezirk WHERE ags = ?", "020"),
                 "Hamburg") == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM gemeinde") == 2057);
    /* a CSV of Baden-Württemberg is no file of Land 09 */
    const char *q[] = {tap_shared("bw-kreise.csv"), NULL};
    CHECK(gemeinden(db, "09", q, &err, &st) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "bw-kreise.csv:2: ungültiger Kreisschlüssel '08111'") != NULL);
    buf_free(&err);
    db_close(db);
}

/* A malformed file: rejected with file and line, and every table stays as it was. */
static void
expect_rejected(struct db *db, const char *name, const char *text, const char *want)
{
    struct buf err = BUF_INIT(4096);
    char path[512], msg[1024];
    const char *p[] = {path, NULL};

    snprintf(path, sizeof(path), "%s", write_file(name, text));
    snprintf(msg, sizeof(msg), "%s/%s", tmp_dir, want);
    char *before = dump(db);
    CHECK(gemeinden(db, "08", p, &err, NULL) != ERR_OK);
    CHECK(strstr(buf_cstr(&err), msg) == buf_cstr(&err));
    if (strstr(buf_cstr(&err), msg) != buf_cstr(&err))
        fprintf(stderr, "  got '%s'\n  want '%s'\n", buf_cstr(&err), msg);
    char *after = dump(db);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    buf_free(&err);
}

#define GEM_HEADER                                                                                 \
    "ags,ars,name,kreis_ags,kreis_name,regierungsbezirk,einwohner,plz,name_kurz,gemeinde_typ,"     \
    "kreis_typ,regierungsbezirk_ags,region_key,region_name,verband_ars,verband_name,verband_typ,"  \
    "einwohner_maennlich,flaeche_km2,plz_eindeutig,gebietsstand\n"
#define GEM_ROW1                                                                                   \
    "08115001,081155001001,Aidlingen,08115,Böblingen,Stuttgart,9302,71134,Aidlingen,"             \
    "Kreisangehörige Gemeinde,Landkreis,081,0811,Region Stuttgart,081155001,"                     \
    "GVV Aidlingen/Grafenau,Verwaltungsverband,4573,26.56,ja,2025-11-30\n"
#define GEM_ROW2_START "08115002,081155004002,Altdorf,08115,Böblingen,Stuttgart,4529,71155,"

static void
body_gemeinden_malformed_leaves_db_unchanged(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096);
    const char *p[] = {tap_shared("bw-gemeinden.csv"), NULL};

    if (!db)
        return;
    CHECK(gemeinden(db, "08", p, &err, NULL) == ERR_OK);

    expect_rejected(db, "quote.csv", GEM_HEADER GEM_ROW1 "08115002,081155004002,\"Altdorf,08115\n",
                    "quote.csv:3: Anführungszeichen nicht geschlossen");
    expect_rejected(db, "columns.csv", GEM_HEADER GEM_ROW1 GEM_ROW2_START "Altdorf\n",
                    "columns.csv:3: 9 Felder statt 21 wie in der Kopfzeile");
    expect_rejected(db, "ags.csv",
                    GEM_HEADER GEM_ROW1
                    "0811500,081155004002,Altdorf,08115,Böblingen,Stuttgart,4529,71155,Altdorf,"
                    "Kreisangehörige Gemeinde,Landkreis,081,0811,Region Stuttgart,081155004,"
                    "GVV Holzgerlingen,Verwaltungsverband,2237,17.45,ja,2025-11-30\n",
                    "ags.csv:3: ungültiger AGS '0811500'");
    expect_rejected(db, "land.csv",
                    GEM_HEADER "09162000,091620000000,München,09162,München,Oberbayern,1,80331,"
                               "München,Stadt,Stadtkreis,091,,,,,,,,,\n",
                    "land.csv:2: ungültiger AGS '09162000'");
    expect_rejected(db, "dup.csv", GEM_HEADER GEM_ROW1 GEM_ROW1,
                    "dup.csv:3: AGS '08115001' doppelt (zuerst in Zeile 2)");
    expect_rejected(db, "einwohner.csv",
                    GEM_HEADER GEM_ROW2_START
                    "Altdorf,Kreisangehörige Gemeinde,Landkreis,081,0811,Region Stuttgart,"
                    "081155004,GVV Holzgerlingen,Verwaltungsverband,-5,17.45,ja,2025-11-30\n",
                    "einwohner.csv:2: ungültige Zahl '-5' in Feld 'einwohner_maennlich'");
    expect_rejected(db, "kreis.csv",
                    GEM_HEADER GEM_ROW1
                    "08115002,081155004002,Altdorf,08115,Boeblingen,Stuttgart,4529,71155,"
                    "Altdorf,Kreisangehörige Gemeinde,Landkreis,081,0811,Region Stuttgart,"
                    "081155004,GVV Holzgerlingen,Verwaltungsverband,2237,17.45,ja,2025-11-30\n",
                    "kreis.csv:3: Kreis '08115': Name 'Boeblingen' widerspricht");
    expect_rejected(db, "empty.csv", "", "empty.csv:1: leere Datei");
    expect_rejected(db, "unknown.csv", "a,b\n1,2\n", "unknown.csv:1: unbekanntes Dateiformat");
    /* the first two records of the real GV100AD file, then a cut one */
    struct buf gv = BUF_INIT(CSV_MAX_FILE), gverr = BUF_INIT(1024);
    CHECK(csv_read_file(tap_shared("raw/GV100AD_30112025.txt"), CSV_MAX_FILE, &gv, &gverr) ==
          ERR_OK);
    if (gv.len > 2 * 221) {
        gv.len = 2 * 221;
        gv.p[gv.len] = '\0';
        RH_IGNORE(buf_puts(&gv, "6020251130081150015001Aidlingen\n"));
        expect_rejected(db, "gv.txt", buf_cstr(&gv), "gv.txt:3: Satz hat 31 statt 220 Zeichen");
    }
    buf_free(&gv);
    buf_free(&gverr);
    /* only the database can tell: a Verband of an unknown Kreis, after a valid row that was
     * already written in the same transaction */
    expect_rejected(db, "verband.csv",
                    "verband_ars,name,verband_typ,sitz,kreis_ags,anzahl_gemeinden\n"
                    "081155001,GVV Neu,Verwaltungsverband,Aidlingen,08115,2\n"
                    "089995001,GVV Nirgendwo,Verwaltungsverband,Irgendwo,08999,2\n",
                    "verband.csv:3: Kreis '08999' ist unbekannt");
    CHECK(strcmp(select_text(db, "SELECT name FROM verband WHERE ars = ?", "081155001"),
                 "GVV Aidlingen/Grafenau") == 0);
    CHECK(select_int(db, "SELECT value FROM meta WHERE key = 'gebiet_version'") == 1);
    buf_free(&err);
    db_close(db);
}

/* ---- Leistungen ---------------------------------------------------------------------------- */

static void
check_katalog_counts(struct db *db)
{
    CHECK(select_int(db, "SELECT COUNT(*) FROM themenfeld") == 14);
    CHECK(select_int(db, "SELECT COUNT(*) FROM lebenslage") == 55);
    CHECK(select_int(db, "SELECT COUNT(*) FROM ozg_leistung") == 557);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung") == 5248);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung WHERE leika IS NOT NULL") == 4813);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung WHERE suchtext = ''") == 0);
}

static void
body_leistungen_counts_and_reimport(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096), warn = BUF_INIT(4096);
    struct leistungen_import_stats st;
    char folder[4096];

    snprintf(folder, sizeof(folder), "%s", tap_shared("ozg"));
    const char *p[] = {folder, NULL};
    if (!db)
        return;
    CHECK(leistungen(db, p, &err, &st, &warn) == ERR_OK);
    if (err.len)
        fprintf(stderr, "  %s\n", buf_cstr(&err));
    check_katalog_counts(db);
    CHECK(st.n[IMPORT_LEISTUNG] == 5248 && st.n_doppelt == 1);
    CHECK(st.n_neu == 14 + 55 + 557 + 5248 && st.version == 1);
    /* the duplicate is named with file and line */
    CHECK(strstr(buf_cstr(&warn), "leika-leistungen.csv:5250: ") != NULL);
    /* ids: the LeiKa key, or n + 12 hex digits of SHA-256(name 0x1F ozg_id) */
    CHECK(strcmp(select_text(db, "SELECT name FROM leistung WHERE id = ?", "99001001000000"),
                 "Abfallgebühr") == 0);
    CHECK(select_int(db, "SELECT ozg_id FROM leistung WHERE id = '99001001000000'") == 10110);
    CHECK(strcmp(select_text(db, "SELECT substr(name, 1, 11) FROM leistung WHERE id = ?",
                             "nb3c93d311c13"),
                 "Überwachung") == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung WHERE id LIKE 'n%'") == 435);
    /* lebenslage and themenfeld by name */
    CHECK(select_int(db, "SELECT lebenslage_id FROM ozg_leistung WHERE id = 10000") ==
          select_int(db, "SELECT id FROM lebenslage WHERE name = 'Geburt'"));
    CHECK(select_int(db, "SELECT themenfeld_id FROM ozg_leistung WHERE id = 10000") == 6);
    /* suchtext: stems of the name and of the OZG-Leistung */
    CHECK(strcmp(select_text(db, "SELECT suchtext FROM leistung WHERE id = ?", "99001001000000"),
                 "abfallgebuhr abfallentsorg") == 0);

    /* any change of a catalogue table, not only an import, moves katalog_stand (0011) */
    int64_t stand =
        select_int(db, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'katalog_stand'");
    CHECK(stand > 0);
    CHECK(exec_sql(db, "UPDATE leistung SET name = name WHERE id = '99001001000000'") == ERR_OK);
    int64_t stand2 =
        select_int(db, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'katalog_stand'");
    CHECK(stand2 > stand);

    char *before = dump(db);
    CHECK(leistungen(db, p, &err, &st, NULL) == ERR_OK);
    check_katalog_counts(db);
    CHECK(st.n_neu == 0 && st.version == 2);
    char *after = dump(db);
    CHECK(strcmp(strstr(before, "--\n"), strstr(after, "--\n")) == 0);
    free(before);
    free(after);
    buf_free(&err);
    buf_free(&warn);
    db_close(db);
}

/* Files in any order are written parents first. */
static void
body_leistungen_files_in_any_order(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096);
    char f[4][1024];
    static const char *const names[] = {"ozg/leika-leistungen.csv", "ozg/ozg-leistungen.csv",
                                        "ozg/ozg-lebenslagen.csv", "ozg/ozg-themenfelder.csv"};
    for (int i = 0; i < 4; i++)
        snprintf(f[i], sizeof(f[i]), "%s", tap_shared(names[i]));
    const char *p[] = {f[0], f[1], f[2], f[3], NULL};

    if (!db)
        return;
    CHECK(leistungen(db, p, &err, NULL, NULL) == ERR_OK);
    if (err.len)
        fprintf(stderr, "  %s\n", buf_cstr(&err));
    check_katalog_counts(db);
    buf_free(&err);
    db_close(db);
}

static const char json_ok[] =
    "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": [\n"
    "  {\"id\": \"99001001000000\", \"kurztext\": \"Gebühr für die Müllabfuhr.\",\n"
    "   \"suchbegriffe\": [\"Müllgebühr\", \"Abfallgebühren\"], \"ebene\": \"gemeinde\",\n"
    "   \"unterlagen\": [\"Bescheid\"], \"beliebtheit\": 50, \"amt\": \"steueramt\"},\n"
    "  {\"id\": \"hund-anmelden\", \"name\": \"Hund anmelden\", \"ozg_id\": 10110,\n"
    "   \"kosten\": \"keine\", \"rechtsgrundlagen\": [\"§ 1 HuStS\"]}\n"
    "]}\n";

static void
body_json_merges_descriptive_columns(void)
{
    struct db *db = fresh_db();
    struct buf err = BUF_INIT(4096);
    char folder[4096], json[1024];

    snprintf(folder, sizeof(folder), "%s", tap_shared("ozg"));
    snprintf(json, sizeof(json), "%s", write_file("ok.json", json_ok));
    const char *p[] = {json, folder, NULL}; /* JSON first on the command line: written last */
    const char *csv_only[] = {folder, NULL};

    if (!db)
        return;
    CHECK(leistungen(db, p, &err, NULL, NULL) == ERR_OK);
    if (err.len)
        fprintf(stderr, "  %s\n", buf_cstr(&err));
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung") == 5249);
    /* the catalogue columns stay, the descriptive ones are set */
    CHECK(strcmp(select_text(db, "SELECT name FROM leistung WHERE id = ?", "99001001000000"),
                 "Abfallgebühr") == 0);
    CHECK(strcmp(select_text(db, "SELECT typisierung FROM leistung WHERE id = ?", "99001001000000"),
                 "5") == 0);
    CHECK(strcmp(select_text(db, "SELECT kurztext FROM leistung WHERE id = ?", "99001001000000"),
                 "Gebühr für die Müllabfuhr.") == 0);
    CHECK(strcmp(select_text(db, "SELECT unterlagen FROM leistung WHERE id = ?", "99001001000000"),
                 "[\"Bescheid\"]") == 0);
    CHECK(
        strcmp(select_text(db, "SELECT suchbegriffe FROM leistung WHERE id = ?", "99001001000000"),
               "Müllgebühr Abfallgebühren") == 0);
    CHECK(select_int(db, "SELECT beliebtheit FROM leistung WHERE id = '99001001000000'") == 50);
    const char *st =
        select_text(db, "SELECT suchtext FROM leistung WHERE id = ?", "99001001000000");
    CHECK(strstr(st, "mullgebuhr") != NULL && strstr(st, "mullabfuhr") != NULL);
    CHECK(strcmp(select_text(db, "SELECT suchtext FROM leistung WHERE id = ?", "hund-anmelden"),
                 "hund anmeld abfallentsorg") == 0);
    CHECK(strcmp(select_text(db, "SELECT leika FROM leistung WHERE id = ?", "hund-anmelden"),
                 "<null>") == 0);

    /* the catalogue again: descriptive columns and their stems stay */
    CHECK(leistungen(db, csv_only, &err, NULL, NULL) == ERR_OK);
    CHECK(strcmp(select_text(db, "SELECT kurztext FROM leistung WHERE id = ?", "99001001000000"),
                 "Gebühr für die Müllabfuhr.") == 0);
    st = select_text(db, "SELECT suchtext FROM leistung WHERE id = ?", "99001001000000");
    CHECK(strstr(st, "mullgebuhr") != NULL);

    /* null clears an optional key; keys not given stay */
    snprintf(json, sizeof(json), "%s",
             write_file("clear.json", "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": "
                                      "[{\"id\": \"99001001000000\", \"kurztext\": null}]}"));
    const char *p2[] = {json, NULL};
    CHECK(leistungen(db, p2, &err, NULL, NULL) == ERR_OK);
    CHECK(strcmp(select_text(db, "SELECT kurztext FROM leistung WHERE id = ?", "99001001000000"),
                 "<null>") == 0);
    CHECK(select_int(db, "SELECT beliebtheit FROM leistung WHERE id = '99001001000000'") == 50);

    /* a JSON row that claims a LeiKa key is updated by the catalogue, not duplicated */
    snprintf(json, sizeof(json), "%s",
             write_file("claim.json", "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": "
                                      "[{\"id\": \"muell\", \"name\": \"Müll\", \"leika\": "
                                      "\"99001001002000\"}]}"));
    CHECK(leistungen(db, p2, &err, NULL, NULL) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err),
                 "claim.json: $.leistungen[0].leika: LeiKa-Schlüssel "
                 "'99001001002000' gehört schon zu Leistung '99001001002000'") != NULL);
    buf_free(&err);
    db_close(db);
}

static void
expect_json_error(struct db *db, const char *text, const char *want)
{
    struct buf err = BUF_INIT(4096);
    char path[1024];
    snprintf(path, sizeof(path), "%s", write_file("bad.json", text));
    const char *p[] = {path, NULL};
    char *before = dump(db);
    CHECK(leistungen(db, p, &err, NULL, NULL) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), want) != NULL);
    if (!strstr(buf_cstr(&err), want))
        fprintf(stderr, "  got '%s'\n  want '%s'\n", buf_cstr(&err), want);
    char *after = dump(db);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    buf_free(&err);
}

#define J(recs) "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": [" recs "]}"

static void
body_json_rejects_bad_records_with_path(void)
{
    struct db *db = fresh_db();
    char folder[4096];

    snprintf(folder, sizeof(folder), "%s", tap_shared("ozg"));
    const char *p[] = {folder, NULL};
    struct buf err = BUF_INIT(4096);
    if (!db)
        return;
    CHECK(leistungen(db, p, &err, NULL, NULL) == ERR_OK);

    expect_json_error(db, J("{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"kostenx\": 1}"),
                      "bad.json: $.leistungen[1].kostenx: unbekannter Schlüssel");
    expect_json_error(db, J("{\"id\": \"a\", \"kosten\": 5}"),
                      "$.leistungen[0].kosten: erwartet eine Zeichenkette");
    expect_json_error(db, J("{\"id\": \"A B\"}"), "$.leistungen[0].id: ungültige Kennung");
    expect_json_error(db, J("{\"name\": \"x\"}"), "$.leistungen[0]: 'id' fehlt");
    expect_json_error(db, J("{\"id\": \"a\", \"ebene\": \"bezirk\"}"),
                      "$.leistungen[0].ebene: 'bezirk' ist keine Ebene");
    expect_json_error(db, J("{\"id\": \"a\", \"beliebtheit\": 1001}"),
                      "$.leistungen[0].beliebtheit: erwartet eine ganze Zahl von 0 bis 1000");
    expect_json_error(db, J("{\"id\": \"a\", \"name\": null}"),
                      "$.leistungen[0].name: darf nicht null sein");
    expect_json_error(db, J("{\"id\": \"a\", \"unterlagen\": [1]}"),
                      "$.leistungen[0].unterlagen[0]: erwartet eine Zeichenkette");
    expect_json_error(db, J("{\"id\": \"a\", \"kosten\": \"x\\u0001y\"}"),
                      "$.leistungen[0].kosten: enthält Steuerzeichen");
    expect_json_error(db, J("{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", \"name\": \"B\"}"),
                      "$.leistungen[1].id: 'a' doppelt (wie $.leistungen[0])");
    expect_json_error(db, J("{\"id\": \"a\", \"kosten\": \"x\"}"),
                      "$.leistungen[0]: neue Leistung 'a' braucht \"name\"");
    expect_json_error(db, J("{\"id\": \"a\", \"name\": \"A\", \"ozg_id\": 99999}"),
                      "$.leistungen[0].ozg_id: unbekannte OZG-Leistung 99999");
    expect_json_error(db, J("{\"id\": \"99001001000000\", \"leika\": \"99001001002000\"}"),
                      "$.leistungen[0].leika: muss gleich 'id' sein");
    expect_json_error(db, "{\"format\": \"x/2\", \"leistungen\": []}",
                      "$.format: erwartet \"rathaus-leistungen/1\"");
    expect_json_error(db, "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": [],\n \"x\": 1}",
                      "$.x: unbekannter Schlüssel");
    expect_json_error(db, "{\"format\": \"rathaus-leistungen/1\",\n\"leistungen\": [,]}",
                      "bad.json:2: ungültiges JSON");
    expect_json_error(db, "{\"format\": \"rathaus-leistungen/1\", \"format\": \"x\"}",
                      "bad.json:1: ungültiges JSON");

    /* limits: a list of 101 entries, a string of 20,001 bytes */
    struct buf big = BUF_INIT(1 << 20);
    RH_IGNORE(buf_puts(&big, "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": "
                             "[{\"id\": \"a\", \"name\": \"A\", \"unterlagen\": ["));
    for (int i = 0; i < 101; i++)
        RH_IGNORE(buf_puts(&big, i ? ",\"x\"" : "\"x\""));
    RH_IGNORE(buf_puts(&big, "]}]}"));
    expect_json_error(db, buf_cstr(&big), "$.leistungen[0].unterlagen: mehr als 100 Einträge");
    buf_reset(&big);
    RH_IGNORE(buf_puts(&big, "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": "
                             "[{\"id\": \"a\", \"name\": \""));
    for (int i = 0; i < 20001; i++)
        RH_IGNORE(buf_putc(&big, 'x'));
    RH_IGNORE(buf_puts(&big, "\"}]}"));
    expect_json_error(db, buf_cstr(&big), "$.leistungen[0].name: länger als 20000 Bytes");
    buf_free(&big);

    /* a LeiKa row with an unknown OZG-Leistung rolls back the whole import */
    expect_json_error(db, "", "bad.json:");
    char path[1024];
    snprintf(path, sizeof(path), "%s",
             write_file("leika.csv", "leika_schluessel,leistung,typisierung,ozg_id,ozg_leistung,"
                                     "rechtsgrundlage,gesetz,gesetz_abk\n"
                                     "99001001000000,Abfallgebühr neu,5,10110,Abfallentsorgung,,,\n"
                                     "99999999999999,Neu,5,99999,Nichts,,,\n"));
    const char *q[] = {path, NULL};
    char *before = dump(db);
    CHECK(leistungen(db, q, &err, NULL, NULL) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "leika.csv:3: unbekannte OZG-Leistung 99999") != NULL);
    char *after = dump(db);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    buf_free(&err);
    db_close(db);
}

/* ---- driver -------------------------------------------------------------------------------- */

#define ON_BOTH(name)                                                                              \
    static void test_import_##name##_sqlite(void)                                                  \
    {                                                                                              \
        kind = DB_SQLITE;                                                                          \
        body_##name();                                                                             \
    }                                                                                              \
    static void test_import_##name##_pg(void)                                                      \
    {                                                                                              \
        kind = DB_PG;                                                                              \
        body_##name();                                                                             \
    }

ON_BOTH(gemeinden_csv_counts_and_reimport)
ON_BOTH(gemeinden_folder_equals_gv100ad)
ON_BOTH(gemeinden_gv100ad_other_land)
ON_BOTH(gemeinden_malformed_leaves_db_unchanged)
ON_BOTH(leistungen_counts_and_reimport)
ON_BOTH(leistungen_files_in_any_order)
ON_BOTH(json_merges_descriptive_columns)
ON_BOTH(json_rejects_bad_records_with_path)

static void
remove_tmp(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    char path[4200];
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
        unlink(path);
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
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn != NULL && *pg_dsn == '\0')
        pg_dsn = NULL;
    if (pg_dsn == NULL)
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    else
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);

#define RUN(name)                                                                                  \
    do {                                                                                           \
        TEST(test_import_##name##_sqlite);                                                         \
        if (pg_dsn)                                                                                \
            TEST(test_import_##name##_pg);                                                         \
    } while (0)

    RUN(gemeinden_csv_counts_and_reimport);
    RUN(gemeinden_folder_equals_gv100ad);
    RUN(gemeinden_gv100ad_other_land);
    RUN(gemeinden_malformed_leaves_db_unchanged);
    RUN(leistungen_counts_and_reimport);
    RUN(leistungen_files_in_any_order);
    RUN(json_merges_descriptive_columns);
    RUN(json_rejects_bad_records_with_path);
    remove_tmp();
    return tap_done();
}
