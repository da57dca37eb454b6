/* Unit tests of domain helpers that need no database: keys, name folding, cursors, the edit
 * distance of the search. */
#include <string.h>

#include "domain/cursor.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "domain/suche.h"
#include "tap.h"

static void
test_keys_are_checked(void)
{
    CHECK(gebiet_is_gemeinde_ags("08111000"));
    CHECK(!gebiet_is_gemeinde_ags("0811100"));
    CHECK(!gebiet_is_gemeinde_ags(NULL));
    CHECK(gebiet_is_kreis_ags("08115"));
    CHECK(gebiet_is_rb_ags("081"));
    CHECK(leistung_is_id("99008001012000"));
    CHECK(leistung_is_id("demo-sperrmuell"));
    CHECK(!leistung_is_id("Robert'); DROP TABLE"));
    CHECK(!leistung_is_id(""));
}

static void
test_name_norm_folds_umlauts_and_spelling(void)
{
    struct arena *a = arena_new(1 << 20);
    CHECK(strcmp(gebiet_name_norm(a, "Böblingen"), "boblingen") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "Boeblingen"), "boblingen") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "BOBLINGEN"), "boblingen") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "Leinfelden-Echterdingen"), "leinfelden echterdingen") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "  Schwäbisch   Gmünd "), "schwabisch gmund") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "Großbottwar"), "grossbottwar") == 0);
    CHECK(strcmp(gebiet_name_norm(a, "%_'"), "") == 0);
    arena_free(a);
}

static void
test_cursor_round_trip_and_rejects_garbage(void)
{
    struct arena *a = arena_new(1 << 20);
    const char *parts[3] = {"0", "boblingen", "08115003"};
    char *c = cursor_encode(a, parts, 3);
    char *out[3];
    CHECK(c != NULL);
    CHECK(cursor_decode(a, c, 3, out) == ERR_OK);
    CHECK(strcmp(out[1], "boblingen") == 0 && strcmp(out[2], "08115003") == 0);
    CHECK(cursor_decode(a, c, 2, out) == ERR_INVALID);
    CHECK(cursor_decode(a, "!!!", 3, out) == ERR_INVALID);
    CHECK(cursor_decode(a, "", 3, out) == ERR_INVALID);
    CHECK(cursor_decode(a, "YWJj", 1, out) == ERR_INVALID);
    arena_free(a);
}

static void
test_distance(void)
{
    CHECK(suche_distance("personalausweis", 15, "personalausweis", 15, 2) == 0);
    CHECK(suche_distance("personalauswies", 15, "personalausweis", 15, 2) == 1); /* swap */
    CHECK(suche_distance("persnalausweis", 14, "personalausweis", 15, 2) == 1);
    CHECK(suche_distance("gewrbe", 6, "gewerb", 6, 2) == 2);
    CHECK(suche_distance("hund", 4, "katze", 5, 2) == 3);
}

int
main(void)
{
    TEST(test_keys_are_checked);
    TEST(test_name_norm_folds_umlauts_and_spelling);
    TEST(test_cursor_round_trip_and_rejects_garbage);
    TEST(test_distance);
    return tap_done();
}
