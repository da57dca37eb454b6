/* testdb: the database fixture shared by the Koordination unit tests (test_anfrage,
 * test_artikel, test_termin, test_bericht): a fresh, migrated database per test body on
 * SQLite (a file in a temporary directory) and, when RATHAUS_TEST_PG holds a DSN, on
 * PostgreSQL (schema rh_test_NAME, dropped and created again each time); the seed of two
 * Regierungsbezirke, three Kreise, four Gemeinden, three authorities and six staff accounts;
 * an umfeld at a fixed time; a COUNT helper.
 *
 * Linked into every unit test (meson.build). Not thread-safe (one
 * fixture per process). The databases returned belong to the caller (db_close). */
#ifndef RATHAUS_TESTS_TESTDB_H
#define RATHAUS_TESTS_TESTDB_H

#include <stdint.h>

#include "domain/umfeld.h"
#include "store/db.h"

/* Authorities 1 (Stadt Böblingen, 08115003), 2 (Gemeinde Aidlingen, 08115010), 3 (Stadt
 * Heidelberg, Stadtkreis 08221); accounts 10 and 11 coordinators of 08115 and 08116, 12
 * statewide, 20 clerk of 1, 21 admin of 2, 22 clerk of 3. */
extern const char testdb_seed[];

/* Koordination: two Kreise (08115 Böblingen with three Gemeinden, 08116 Esslingen with one),
 * three OZG-Leistungen in two Themenfelder, three authorities and four online services
 * (test_umsetzung.c describes each). */
#define TESTDB_UMSETZUNG_SEED                                                                        \
    "INSERT INTO regierungsbezirk (ags, name) VALUES ('081', 'Stuttgart');"                          \
    "INSERT INTO kreis (ags, name, typ, regierungsbezirk_ags) VALUES "                               \
    " ('08115', 'Böblingen', 'Landkreis', '081'), ('08116', 'Esslingen', 'Landkreis', '081');"      \
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags, einwohner) VALUES "      \
    " ('08115003', '081155003003', 'Böblingen, Stadt', 'Böblingen', 'boblingen', '08115', 50000)," \
    " ('08115010', '081150010010', 'Aidlingen', 'Aidlingen', 'aidlingen', '08115', 9000),"           \
    " ('08115021', '081150021021', 'Ehningen', 'Ehningen', 'ehningen', '08115', 9500),"              \
    " ('08116001', '081160001001', 'Aichtal, Stadt', 'Aichtal', 'aichtal', '08116', 10000);"         \
    "INSERT INTO themenfeld (id, name) VALUES (1, 'Familie & Kind'), (2, 'Mobilität & Reisen');"    \
    "INSERT INTO lebenslage (id, name, themenfeld_id) VALUES (1, 'Geburt', 1), (2, 'Umzug', 2);"     \
    "INSERT INTO ozg_leistung (id, name, lebenslage_id, themenfeld_id) VALUES "                      \
    " (10000, 'Elterngeld', 1, 1), (10001, 'Kinderreisepass', 1, 1), (10100, 'Ummeldung', 2, 2);"    \
    "INSERT INTO leistung (id, name, ozg_id) VALUES ('99001', 'Elterngeld beantragen', 10000),"      \
    " ('99002', 'Elterngeld Plus', 10000), ('99003', 'Kinderreisepass', 10001),"                     \
    " ('99004', 'Ummeldung', 10100);"                                                                \
    "INSERT INTO behoerde (id, schluessel, name, art, gemeinde_ags, kreis_ags) VALUES "              \
    " (1, 'g-08115003', 'Stadt Böblingen', 'gemeinde', '08115003', '08115'),"                       \
    " (2, 'g-08116001', 'Stadt Aichtal', 'gemeinde', '08116001', '08116'),"                          \
    " (3, 'lra-08115', 'Landratsamt Böblingen', 'landratsamt', NULL, '08115');"                     \
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "                   \
    " (1, 1, 'oe1', 'Bürgeramt'), (2, 2, 'oe2', 'Bürgerbüro'), (3, 3, 'oe3', 'Ausländeramt');"   \
    "INSERT INTO onlinedienst (id, schluessel, oe_id, leistung_id, name, url, reifegrad, seit) "     \
    " VALUES (1, 'od1', 1, '99001', 'Elterngeld online', 'https://x.test/1', 2, '2023-02-01'),"      \
    " (2, 'od2', 3, '99003', 'Kinderreisepass online', 'https://x.test/2', 3, '2024-05-01'),"        \
    " (3, 'od3', 2, '99002', 'ElterngeldDigital', 'https://x.test/3', 4, '2022-08-15'),"             \
    " (4, 'od4', 1, '99003', 'Kinderreisepass Ehningen', 'https://x.test/4', 1, '2024-06-01');"      \
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id) VALUES "           \
    " ('99001', '08115003', 1, 1), ('99003', '08115', 3, 2), ('99002', '08116001', 2, 3),"           \
    " ('99004', '08115003', 1, NULL), ('99001', '08', 1, 1), ('99003', '08115021', 1, 4);"

#define TESTDB_ACTOR(id, r) ((struct actor){(id), (r), sizeof(r) / sizeof((r)[0]), false, false})

/* Set up for test executable `name` (letters and '_', at most 32): temporary directory,
 * libsodium and the secret, quiet log, the PostgreSQL schema. Returns 0, or -1 when the
 * temporary directory or libsodium cannot be set up. */
int testdb_init(const char *name);
/* Remove the temporary directory. */
void testdb_done(void);
/* A fresh migrated database of `kind` with two connections; NULL (with a failed check) when
 * it cannot be made. */
struct db *testdb_fresh(enum db_kind kind);
/* The same with `n_conns` connections. */
struct db *testdb_fresh_n(enum db_kind kind, size_t n_conns);
/* Run `body` on SQLite and, when configured, on PostgreSQL. */
void testdb_on_both(void (*body)(enum db_kind kind));
/* An umfeld at unix time `t` with the fixture's secret. */
struct umfeld testdb_umfeld(int64_t t);
/* The first column of the first row of `sql` with at most one text parameter `arg`; -1 on
 * error. */
int64_t testdb_count(struct db_conn *c, const char *sql, const char *arg);

#endif
