/* Tests of documents with versions (domain/dokument.h), the search index and its query
 * building (store/akte_suchtext.h, domain/amt_suche.h) and the text extraction queue
 * (domain/dokument_text.h, formats/textauszug.h) on SQLite and, when RATHAUS_TEST_PG holds a
 * DSN, on PostgreSQL (fixture: testdb.h). */
#include <stdio.h>
#include <string.h>

#include "domain/amt_suche.h"
#include "domain/dokument.h"
#include "domain/dokument_text.h"
#include "formats/textauszug.h"
#include "store/akte_suchtext.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1_oe2[] = {{ROLLE_SACHBEARBEITUNG, 1, 102, NULL}};
static const struct rollen_zuordnung r_sb3[] = {{ROLLE_SACHBEARBEITUNG, 3, 0, NULL}};
static const struct rollen_zuordnung r_koord[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};

/* Offices 101, 102 of authority 1 and 301 of 3; a file and a case in each of 101 and 301. */
static const char seed[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Steueramt'),"
    " (301, 3, 'oe301', 'Bürgeramt');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '1', 'Ordnung', 1, 1), (3, 3, '1', 'Ordnung', 1, 1);"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1', 'Akte eins', 1, 1),"
    " (3, 3, 301, 3, 1, '1/1', 'Akte drei', 1, 1);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1-1', 'Zaun', 1, 1),"
    " (3, 3, 301, 3, 1, '1/1-1', 'Zaun', 1, 1),"
    " (4, 1, 101, 1, 2, '1/1-2', 'Geschlossen', 1, 1);"
    "UPDATE vorgang SET status = 'zda' WHERE id = 4;";

static struct db *
fresh(enum db_kind kind, struct db_conn **c)
{
    struct db *db = testdb_fresh(kind);
    *c = NULL;
    if (!db)
        return NULL;
    if (db_acquire(db, c) != ERR_OK || db_exec_script(*c, testdb_seed) != ERR_OK ||
        db_exec_script(*c, seed) != ERR_OK) {
        CHECK(!"seed");
        if (*c)
            db_release(*c);
        db_close(db);
        return NULL;
    }
    return db;
}

static void
test_query_terms_are_words_only(void)
{
    char t[AKTE_SUCHTEXT_TERME_MAX][AKTE_SUCHTEXT_TERM_MAX];
    const char *q = "\"Hund\" OR NEAR(a*b) col:Straße 'x' & !y -Hund \xff\xfe Müller–Lüdenscheidt "
                    "ö eins zwei";
    size_t n = amt_suche_terme(q, strlen(q), t);
    CHECK(n == 8); /* not a, b, x, y; "ö" is a letter, "zwei" is dropped */
    CHECK(strcmp(t[7], "ö") == 0);
    CHECK(strcmp(t[0], "hund") == 0);
    CHECK(strcmp(t[1], "or") == 0);
    CHECK(strcmp(t[2], "near") == 0);
    CHECK(strcmp(t[3], "col") == 0 && strcmp(t[4], "straße") == 0);
    CHECK(strcmp(t[5], "müller") == 0 && strcmp(t[6], "lüdenscheidt") == 0);
    CHECK(amt_suche_terme("*** () \"\"", 9, t) == 0);
    CHECK(amt_suche_terme("", 0, t) == 0);
    /* a long word is cut on a character boundary */
    char lang[200];
    memset(lang, 'a', sizeof(lang));
    memcpy(lang + 62, "ää", 4);
    CHECK(amt_suche_terme(lang, sizeof(lang), t) == 1);
    CHECK(strlen(t[0]) == 62);

    struct buf b = BUF_INIT(4096);
    const char *terms[] = {"hund", "straße"};
    CHECK(akte_suchtext_ausdruck(false, terms, 2, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "\"hund\"* \"straße\"*") == 0);
    CHECK(akte_suchtext_ausdruck(true, terms, 2, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "'hund':* & 'straße':*") == 0);
    const char *bad[] = {"hu\"nd"};
    CHECK(akte_suchtext_ausdruck(false, bad, 1, &b) == ERR_INVALID);
    const char *bad2[] = {"Hund"};
    CHECK(akte_suchtext_ausdruck(true, bad2, 1, &b) == ERR_INVALID);
    const char *bad3[] = {""};
    CHECK(akte_suchtext_ausdruck(true, bad3, 1, &b) == ERR_INVALID);
    CHECK(akte_suchtext_ausdruck(true, terms, 0, &b) == ERR_INVALID);
    buf_free(&b);
}

static void
test_plain_text_to_utf8(void)
{
    struct buf b = BUF_INIT(1024);
    CHECK(textauszug_utf8("Gr\xfc\xdf Gott \x80", 11, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "Grüß Gott €") == 0);
    buf_reset(&b);
    CHECK(textauszug_utf8("Grüß\f", strlen("Grüß\f"), &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "Grüß\f") == 0);
    buf_free(&b);
    const char *q = NULL;
    char grund[100];
    struct buf o = BUF_INIT(1024);
    CHECK(textauszug("application/zip", "PK", 2, NULL, &o, &q, grund, sizeof(grund)) ==
          ERR_INVALID);
    buf_free(&o);
}

static void
body_index(enum db_kind kind)
{
    struct db_conn *c;
    struct db *db = fresh(kind, &c);
    struct arena *a = arena_new(1 << 20);
    struct akte_suchtreffer *h = NULL;
    size_t n = 0;
    if (!db || !a)
        goto out;
    CHECK(akte_suchtext_setzen(c, 1, 101, "vorgang", 1, 1, 1, "Zaun am Marktplatz",
                               "Der Hydrant ist undicht.", T0) == ERR_OK);
    CHECK(akte_suchtext_setzen(c, 1, 102, "vermerk", 7, 1, 1, "Vermerk",
                               "Hydrant und Hundesteuer \x02 mit\x01Steuer", T0) == ERR_OK);
    CHECK(akte_suchtext_setzen(c, 3, 301, "vorgang", 3, 3, 3, "Zaun", "Hydrant in Heidelberg",
                               T0) == ERR_OK);
    CHECK(akte_suchtext_setzen(c, 1, 101, "kaese", 1, 1, 1, "x", "y", T0) == ERR_INVALID);
    /* upsert: the same object again replaces its row */
    CHECK(akte_suchtext_setzen(c, 1, 101, "vorgang", 1, 1, 1, "Zaun am Marktplatz",
                               "Der Hydrant ist dicht.", T0 + 1) == ERR_OK);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte_suchtext WHERE objekt_typ = ?", "vorgang") ==
          2);
    const char *hydrant[] = {"hydrant"};
    struct akte_suchtext_scope ganz1 = {1, 0}, oe102 = {1, 102}, zwei[] = {{1, 101}, {3, 0}};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, hydrant, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 2);
    for (size_t i = 0; i < n; i++) {
        CHECK(h[i].behoerde_id == 1);
        CHECK(strchr(h[i].ausschnitt, AKTE_SUCHTEXT_MARK_AN) != NULL);
    }
    CHECK(akte_suchtext_suchen(c, a, &oe102, 1, hydrant, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 1 && strcmp(h[0].objekt_typ, "vermerk") == 0);
    /* control bytes of the text never reach the index (they mark the hits) */
    CHECK(n == 1 && strchr(h[0].ausschnitt, '\x01') == NULL);
    CHECK(akte_suchtext_suchen(c, a, zwei, 2, hydrant, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 2);
    const char *undicht[] = {"undicht"};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, undicht, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 0); /* the old text is gone */
    const char *beide[] = {"zaun", "hydrant"};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, beide, 2, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 1 && h[0].objekt_id == 1 && h[0].vorgang_id == 1 && h[0].akte_id == 1);
    const char *prefix[] = {"markt"};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, prefix, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 1);
    /* paging */
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, hydrant, 1, 1, 10, &h, &n) == ERR_OK);
    CHECK(n == 1);
    CHECK(akte_suchtext_loeschen(c, "vermerk", 7) == ERR_OK);
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, hydrant, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 1);
    CHECK(akte_suchtext_loeschen_akte(c, 1, 1) == ERR_OK);
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, hydrant, 1, 0, 10, &h, &n) == ERR_OK);
    CHECK(n == 0);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

/* More hits than AKTE_SUCHTEXT_KANDIDATEN: ranked among the newest. The oldest row is the
 * best hit (the word three times in its title) and is ranked only once it is among them. */
static void
body_kandidaten(enum db_kind kind)
{
    struct db_conn *c;
    struct db *db = fresh(kind, &c);
    struct arena *a = arena_new(1 << 20);
    struct akte_suchtreffer *h = NULL;
    size_t n = 0;
    if (!db || !a)
        goto out;
    CHECK(db_begin(c) == ERR_OK);
    CHECK(akte_suchtext_setzen(c, 1, 101, "vorgang", 1, 1, 1, "Zeppelin Zeppelin Zeppelin",
                               "Luftschiff", T0) == ERR_OK);
    for (int i = 0; i < AKTE_SUCHTEXT_KANDIDATEN; i++)
        CHECK(akte_suchtext_setzen(c, 1, 101, "vermerk", 100 + i, 1, 1, "Vermerk",
                                   "Ein langer Text über Wetter, Wind und einen Zeppelin am Himmel "
                                   "über dem Bodensee bei Friedrichshafen.",
                                   T0) == ERR_OK);
    /* the newest row holds the word only as a prefix of another */
    CHECK(akte_suchtext_setzen(c, 1, 101, "akte", 9, 9, 0, "Zeppelinstraße 5", "Hausnummer", T0) ==
          ERR_OK);
    CHECK(db_commit(c) == ERR_OK);
    const char *zeppelin[] = {"zeppelin"};
    struct akte_suchtext_scope ganz1 = {1, 0};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, zeppelin, 1, 0, 3, &h, &n) == ERR_OK);
    CHECK(n == 3);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(h[i].objekt_typ, "vermerk") == 0);
    /* with this many whole-word hits, prefixes are not searched; a rare prefix still is */
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, zeppelin, 1, 0, 1000, &h, &n) == ERR_OK);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(h[i].objekt_typ, "akte") != 0);
    const char *zeppelinstr[] = {"zeppelinstr"};
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, zeppelinstr, 1, 0, 3, &h, &n) == ERR_OK);
    CHECK(n == 1 && strcmp(h[0].objekt_typ, "akte") == 0);
    /* a page beyond the newest ones widens the ranking to reach it */
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, zeppelin, 1, AKTE_SUCHTEXT_KANDIDATEN, 5, &h, &n) ==
          ERR_OK);
    CHECK(n == 1 && strcmp(h[0].objekt_typ, "vermerk") == 0);
    /* with one hit fewer, all are ranked and the best comes first */
    CHECK(akte_suchtext_loeschen(c, "vermerk", 100) == ERR_OK);
    CHECK(akte_suchtext_suchen(c, a, &ganz1, 1, zeppelin, 1, 0, 3, &h, &n) == ERR_OK);
    CHECK(n == 3 && strcmp(h[0].objekt_typ, "vorgang") == 0);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_search_ranks_the_newest_candidates(void)
{
    testdb_on_both(body_kandidaten);
}

static void
body_dokument(enum db_kind kind)
{
    struct db_conn *c;
    struct db *db = fresh(kind, &c);
    struct arena *a = arena_new(4 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb1 = TESTDB_ACTOR(20, r_sb1), sb1_oe2 = TESTDB_ACTOR(20, r_sb1_oe2),
                 sb3 = TESTDB_ACTOR(22, r_sb3), koord = TESTDB_ACTOR(10, r_koord);
    struct dokument_row d;
    struct dokument_version_row v, *vs = NULL;
    struct feld_fehler f = {0};
    const void *p = NULL;
    size_t len = 0, n = 0;
    static const char text1[] = "Der Hydrant am Marktplatz ist undicht.\n";
    static const char text2[] = "Der Hydrant wurde repariert, die Wasserleitung ist dicht.\n";
    if (!db || !a)
        goto out;
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, "Vermerk", "vermerk", "a/b/vermerk.txt", text1,
                           sizeof(text1) - 1, &d, &f) == ERR_OK);
    CHECK(d.aktuelle_version == 1 && strcmp(d.typ, "text/plain") == 0);
    CHECK(strcmp(d.dateiname, "vermerk.txt") == 0 && strcmp(d.text_status, "offen") == 0);
    int64_t id = d.id;
    /* other tenants, coordinators, an office-bound clerk of another office: not found */
    CHECK(dokument_lesen(c, a, &sb3, id, &d, NULL) == ERR_NOTFOUND);
    CHECK(dokument_lesen(c, a, &koord, id, &d, NULL) == ERR_NOTFOUND);
    CHECK(dokument_lesen(c, a, &sb1_oe2, id, &d, NULL) == ERR_NOTFOUND);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb3, 1, NULL, NULL, "x.txt", "x", 1, &d, &f) ==
          ERR_NOTFOUND);
    /* bad input */
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, NULL, "geheim", "x.txt", "x", 1, &d, &f) ==
          ERR_INVALID);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, NULL, NULL, "..", "x", 1, &d, &f) ==
          ERR_INVALID);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, NULL, NULL, "x.txt", "", 0, &d, &f) ==
          ERR_INVALID);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, NULL, NULL, "x.bin",
                           "\x7f"
                           "ELF\x02\x01\x01",
                           7, &d, &f) == ERR_INVALID);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 4, NULL, NULL, "x.txt", "x", 1, &d, &f) ==
          ERR_CONFLICT);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument", NULL) == 1);
    /* a second version; both readable; the download is logged */
    u.jetzt = T0 + 10;
    CHECK(dokument_version_anlegen(c, a, &u, NULL, &sb1, id, "vermerk-2.txt", text2,
                                   sizeof(text2) - 1, &v, &f) == ERR_OK);
    CHECK(v.version == 2);
    CHECK(dokument_versionen(c, a, &sb1, id, &vs, &n) == ERR_OK && n == 2);
    CHECK(dokument_inhalt(c, a, &u, &sb1, id, 1, &v, &p, &len) == ERR_OK);
    CHECK(len == sizeof(text1) - 1 && memcmp(p, text1, len) == 0);
    CHECK(dokument_inhalt(c, a, &u, &sb1, id, 2, &v, &p, &len) == ERR_OK);
    CHECK(len == sizeof(text2) - 1 && memcmp(p, text2, len) == 0);
    CHECK(dokument_inhalt(c, a, &u, &sb1, id, 3, &v, &p, &len) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = ?", "dokument_gelesen") ==
          2);
    /* final: no further version */
    CHECK(dokument_final_setzen(c, &u, &sb1, id) == ERR_OK);
    CHECK(dokument_final_setzen(c, &u, &sb1, id) == ERR_CONFLICT);
    CHECK(dokument_version_anlegen(c, a, &u, NULL, &sb1, id, "v3.txt", "drei", 4, &v, &f) ==
          ERR_CONFLICT);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_version", NULL) == 2);
    db_release(c);
    c = NULL;
    /* the text queue: only the newest version's text is in the index */
    size_t ok = 0, fail = 0;
    CHECK(dokument_texte_verarbeiten(db, 0, NULL, &ok, &fail) == ERR_OK);
    CHECK(ok == 2 && fail == 0);
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (!c)
        goto out;
    struct akte_suchtreffer *h = NULL;
    CHECK(amt_suche(c, a, &u, &sb1, "wasserleitung", 0, 10, &h, &n, &(bool){false}) == ERR_OK);
    CHECK(n == 1 && h[0].objekt_id == id && strcmp(h[0].objekt_typ, "dokument") == 0);
    CHECK(amt_suche(c, a, &u, &sb1, "undicht", 0, 10, &h, &n, &(bool){false}) == ERR_OK);
    CHECK(n == 0);
    CHECK(amt_suche(c, a, &u, &sb3, "wasserleitung", 0, 10, &h, &n, &(bool){false}) == ERR_OK);
    CHECK(n == 0);
    CHECK(amt_suche(c, a, &u, &sb1_oe2, "wasserleitung", 0, 10, &h, &n, &(bool){false}) == ERR_OK);
    CHECK(n == 0);
    CHECK(amt_suche(c, a, &u, &koord, "wasserleitung", 0, 10, &h, &n, &(bool){false}) ==
          ERR_FORBIDDEN);
    CHECK(amt_suche(c, a, &u, &sb1, "\"*\"", 0, 10, &h, &n, &(bool){false}) == ERR_INVALID);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_text WHERE status = ?", "fertig") == 2);
    /* a broken PDF: 'fehler' with a reason, tried DOKUMENT_TEXT_VERSUCHE times, then left */
    static const char kaputt[] = "%PDF-1.4\nkaputt kaputt kaputt\n";
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb1, 1, "Kaputt", NULL, "kaputt.pdf", kaputt,
                           sizeof(kaputt) - 1, &d, &f) == ERR_OK);
    CHECK(strcmp(d.typ, "application/pdf") == 0);
    db_release(c);
    c = NULL;
    for (int i = 0; i < DOKUMENT_TEXT_VERSUCHE + 2; i++)
        CHECK(dokument_texte_verarbeiten(db, 0, NULL, &ok, &fail) == ERR_OK);
    CHECK(db_acquire(db, &c) == ERR_OK);
    if (!c)
        goto out;
    CHECK(testdb_count(c, "SELECT versuche FROM dokument_text WHERE status = ?", "fehler") ==
          DOKUMENT_TEXT_VERSUCHE);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_text WHERE fehler LIKE ?",
                       "Die Texterkennung%") == 1);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_index(void)
{
    testdb_on_both(body_index);
}

static void
test_dokument(void)
{
    testdb_on_both(body_dokument);
}

int
main(void)
{
    if (testdb_init("dokument") != 0)
        return 1;
    TEST(test_query_terms_are_words_only);
    TEST(test_plain_text_to_utf8);
    TEST(test_index);
    TEST(test_search_ranks_the_newest_candidates);
    TEST(test_dokument);
    testdb_done();
    return tap_done();
}
