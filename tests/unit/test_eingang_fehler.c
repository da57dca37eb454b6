/* The inbox (domain/eingang.h) refusing input: a document by hand with each field wrong, the
 * assignment to someone outside the office, forwarding to the same or no office, taking an
 * entry without a file, and every list filter that is not understood (with the parameter it
 * names); the list's sort orders, filters and pages. Nothing is stored by a refusal. On SQLite
 * and, with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_eingang_fehler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/eingang.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

static const char seed[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Bürgerbüro'),"
    " (301, 3, 'oe301', 'Bürgeramt');"
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (40, 'sb-bb@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, behoerde_id, oe_id, erstellt) VALUES "
    " (40, 'sachbearbeitung', 1, 102, 1);";

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1_102[] = {{ROLLE_SACHBEARBEITUNG, 1, 102, NULL}};

static bool
feld(const struct feld_fehler *f, const char *name)
{
    bool ok = f->feld && strcmp(f->feld, name) == 0 && f->text && *f->text;
    if (!ok)
        printf("# expected an error in '%s', got '%s'\n", name, f->feld ? f->feld : "(none)");
    return ok;
}

static void
eingang_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(8 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb = TESTDB_ACTOR(20, r_sb1);
    struct feld_fehler f = {0};
    static char gross[16 * 1024 * 1024 + 1];
    static const char lang[] =
        "Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz Notiz ";
    char notiz[2100] = "";
    int64_t id = 0, ids[3] = {0};
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    for (size_t k = 0; k + sizeof(lang) < sizeof(notiz); k += sizeof(lang) - 1)
        memcpy(notiz + k, lang, sizeof(lang)); /* words, longer than 2000 in all */

    /* a document by hand: each field refused with its name */
    struct posteingang_dokument_neu gut = {.oe_id = 101,
                                           .betreff = "Beschwerde Lärm",
                                           .dateiname = "brief.txt",
                                           .typ = "text/plain",
                                           .inhalt = "Sehr geehrte Damen und Herren",
                                           .len = 29};
    struct posteingang_dokument_neu n = gut;
    n.oe_id = 0;
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "oe_id"));
    n.oe_id = 301; /* another authority's office */
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "oe_id"));
    n = gut;
    n.betreff = "zwei\nZeilen";
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "betreff"));
    n.betreff = "   ";
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "betreff"));
    n = gut;
    n.dateiname = "../etc/passwd";
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "datei"));
    n = gut;
    n.len = 0;
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "datei"));
    n = gut;
    n.inhalt = gross;
    n.len = sizeof(gross);
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "datei") &&
          strstr(f.text, "16 MB"));
    n = gut;
    n.typ = "";
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "datei"));
    n = gut;
    n.notiz = notiz;
    CHECK(posteingang_dokument(c, a, &u, &sb, &n, &id, &f) == ERR_INVALID && feld(&f, "notiz"));
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM eingang", NULL) == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM blob", NULL) == 0);

    /* three entries, a second apart */
    for (int i = 0; i < 3; i++) {
        n = gut;
        n.notiz = i == 0 ? "eilt" : "";
        u.jetzt = T0 + i;
        CHECK(posteingang_dokument(c, a, &u, &sb, &n, &ids[i], &f) == ERR_OK);
    }

    /* assignment, forwarding, taking: refused */
    CHECK(posteingang_zuweisen(c, &u, &sb, ids[0], 0, &f) == ERR_INVALID && feld(&f, "konto_id"));
    CHECK(posteingang_zuweisen(c, &u, &sb, ids[0], 40, &f) == ERR_INVALID); /* office 102 */
    CHECK(posteingang_weiterleiten(c, a, &u, &sb, ids[0], 0, NULL, &f) == ERR_INVALID &&
          feld(&f, "oe_id"));
    CHECK(posteingang_weiterleiten(c, a, &u, &sb, ids[0], 101, NULL, &f) == ERR_INVALID &&
          feld(&f, "oe_id"));
    CHECK(posteingang_weiterleiten(c, a, &u, &sb, ids[0], 102, notiz, &f) == ERR_INVALID &&
          feld(&f, "notiz"));
    CHECK(posteingang_weiterleiten(c, a, &u, &sb, ids[0], 301, NULL, &f) == ERR_INVALID &&
          feld(&f, "oe_id"));
    struct vorgang_row v;
    CHECK(posteingang_uebernehmen(c, a, &u, &sb, ids[0], 0, NULL, &v, &f) == ERR_INVALID &&
          feld(&f, "akte"));
    CHECK(posteingang_uebernehmen(c, a, &u, &sb, ids[0], 999, NULL, &v, &f) == ERR_INVALID &&
          feld(&f, "akte"));
    CHECK(posteingang_zuweisen(c, &u, &sb, 999999, 20, &f) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM eingang WHERE status = ?", "neu") == 3);

    /* the list: filters refused with the parameter they name */
    struct posteingang_seite s;
    const char *bad = NULL;
    static const struct {
        struct posteingang_filter f;
        const char *bad;
    } falsch[] = {
        {{.limit = 10, .status = "offen"}, "status"},
        {{.limit = 10, .leistung_id = ""}, "leistung"},
        {{.limit = 10, .von = "2026-1-01"}, "von"},
        {{.limit = 10, .bis = "2026-13-01"}, "bis"},
        {{.limit = 10, .bearbeitung = "jemand"}, "bearbeitung"},
        {{.limit = 10, .bearbeitung = "-4"}, "bearbeitung"},
        {{.limit = 10, .sort = "zufall"}, "sort"},
        {{.limit = 0}, "limit"},
        {{.limit = 10, .cursor = "kaputt!"}, "cursor"},
    };
    for (size_t i = 0; i < sizeof(falsch) / sizeof(falsch[0]); i++) {
        bad = NULL;
        int rc = posteingang_liste(c, a, &sb, &falsch[i].f, &s, &bad);
        if (rc != ERR_INVALID || !bad || strcmp(bad, falsch[i].bad) != 0)
            printf("# filter %zu: %d %s\n", i, rc, bad ? bad : "(none)");
        CHECK(rc == ERR_INVALID && bad && strcmp(bad, falsch[i].bad) == 0);
    }
    /* an office-bound clerk cannot ask for another office */
    struct actor sb102 = TESTDB_ACTOR(40, r_sb1_102);
    struct posteingang_filter fo = {.limit = 10, .oe_id = 101};
    CHECK(posteingang_liste(c, a, &sb102, &fo, &s, &bad) == ERR_INVALID && strcmp(bad, "oe") == 0);
    fo.oe_id = 0;
    CHECK(posteingang_liste(c, a, &sb102, &fo, &s, &bad) == ERR_OK && s.n == 0);
    /* sort orders, assignment filters and pages */
    struct posteingang_filter pf = {.limit = 10, .sort = "aelteste"};
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 3 &&
          s.items[0].id == ids[0]);
    pf.sort = "neueste";
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 3 &&
          s.items[0].id == ids[2]);
    CHECK(posteingang_zuweisen(c, &u, &sb, ids[1], 20, &f) == ERR_OK);
    pf = (struct posteingang_filter){.limit = 10, .bearbeitung = "ich"};
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 1 &&
          s.items[0].id == ids[1]);
    pf.bearbeitung = "20";
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 1);
    pf.bearbeitung = "niemand";
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 2);
    pf = (struct posteingang_filter){.limit = 10, .status = "zugewiesen"};
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 1);
    pf = (struct posteingang_filter){.limit = 10, .von = "2025-12-31", .bis = "2026-01-01"};
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 3);
    pf = (struct posteingang_filter){.limit = 2};
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 2 && s.next_cursor);
    pf.cursor = s.next_cursor;
    CHECK(posteingang_liste(c, a, &sb, &pf, &s, &bad) == ERR_OK && s.n == 1 &&
          s.items[0].id == ids[0] && !s.next_cursor);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_eingang_refuses_bad_input_and_filters(void)
{
    testdb_on_both(eingang_body);
}

int
main(void)
{
    if (testdb_init("eingang_fehler") != 0)
        return 1;
    TEST(test_eingang_refuses_bad_input_and_filters);
    testdb_done();
    return tap_done();
}
