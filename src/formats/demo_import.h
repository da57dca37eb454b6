/* demo_import: the demo data set of `rathaus demo` — service descriptions, authorities, offices,
 * responsibilities and online services for whole districts, all marked is_demo = 1.
 *
 * Input is a folder (normally demo/) with two files:
 *
 * - leistungen.json, format "rathaus-leistungen/1" (docs/formats.md): full descriptions of the
 *   most asked-for services. Validated and written by the Leistungen importer
 *   (formats/leistungen_import.h, leistungen_import_apply() inside this transaction; it also
 *   bumps meta 'katalog_version'); every Leistung it names is then marked is_demo = 1, as its
 *   text is demo text. `amt` must name an office type of aemter.json.
 * - aemter.json, format "rathaus-aemter/1": the templates the authorities are made from.
 *
 *   { "format": "rathaus-aemter/1", "hinweis": "...",
 *     "kreise": ["08115", ...],                 the districts to generate, each whole
 *     "behoerdenarten": {                       exactly these four keys:
 *       "gemeinde" | "grosse_kreisstadt" | "stadtkreis" | "landratsamt": {
 *         "art": "gemeinde",                    behoerde.art
 *         "praefix": "Gemeindeverwaltung",      name = praefix + " " + place
 *         "praefix_stadt": "Stadtverwaltung",   used when gemeinde.typ names a Stadt
 *         "strasse": "Marktplatz 1", "email": "buergerbuero",  local part of the address
 *         "domain_praefix": "lra-",             optional, put before the place's slug
 *         "gemeindeaemter": ["buergerbuero", ...],  offices responsible for the Gemeinde
 *         "kreisaemter": ["zulassungsstelle", ...]  offices responsible for the whole Kreis
 *     } },
 *     "landesbehoerden": [ { "schluessel": "demo-land-...", "name", "art", "strasse", "plz",
 *       "ort", "vorwahl", "domain", "email", "landesaemter": [...] } ],   responsible for '08'
 *     "aemter": { "buergerbuero": { "name": "Bürgerbüro", "email": "buergerbuero",
 *       "durchwahl": "100", "oeffnungszeiten": ["Mo–Fr 08:00–12:00", ...],
 *       "leistungen": [ { "id": "99008001012000",
 *                         "online": "Name des Onlinedienstes", "reifegrad": 2..4,
 *                         "anteil": 0..100 } ] } },   online/reifegrad/anteil optional
 *     "vorwahlen": { "08115": "07031", "08115028": "07152", ... } }   Gemeinde, else Kreis
 *
 * What is generated, from the gemeinde and kreis tables (the Gemeindeverzeichnis must have
 * been imported): for a Landkreis, one authority per Gemeinde (art per its typ: "Große
 * Kreisstadt" takes grosse_kreisstadt, which adds some district tasks for its own area) and
 * the Landratsamt at the Kreis's seat; for a Stadtkreis one Stadtverwaltung with both office
 * lists; and the landesbehoerden. Keys: behoerde "demo-<ags>" and "demo-lra-<kreis>", office
 * "<behoerde>-<amt>", online service "<office>-<leistung>". Contacts are fictitious: phone
 * "<Vorwahl> 000-<Durchwahl>", mail and web under "<slug>.demo.invalid". An online service
 * links to the platform's own form, "/antrag/neu?leistung=<id>&ort=<gebiet>"; whether a
 * Gemeinde offers it (`anteil` percent of them) and since when (2022-2025) follow from a hash
 * of its AGS and the Leistung: no randomness, the same database gives the same rows.
 *
 * Every write is an upsert by a stable key, all in one transaction, so running the demo again
 * changes no row count; meta 'demo' is set to '1'.
 * Thread rules: none shared; one call uses one connection. */
#ifndef RATHAUS_FORMATS_DEMO_IMPORT_H
#define RATHAUS_FORMATS_DEMO_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/import_behoerde.h"

#define DEMO_FILE_MAX (4u * 1024 * 1024) /* bytes of one input file */

struct demo_result {
    int64_t n_leistungen;             /* descriptions written by this run */
    struct import_demo_counts counts; /* demo rows in the database after the run */
    char gebiete[256]; /* "Landkreise Böblingen, Tübingen; Stadtkreis Heidelberg" */
};

/* Read DIR/leistungen.json and DIR/aemter.json and write the demo data through `c` in one
 * transaction (db_tx). On success *out is filled. On failure nothing is written and `err`
 * (err_len bytes, always NUL-terminated) holds a German message: ERR_IO for a file that cannot
 * be read, ERR_LIMIT for one over DEMO_FILE_MAX, ERR_INVALID for bad content ("FILE: PATH:
 * reason"), ERR_NOTFOUND when a configured Kreis or its Gemeinden are missing from the
 * database, ERR_NOMEM, or ERR_DB/ERR_BUSY from the database. */
RH_MUST_CHECK int demo_import(struct db_conn *c, const char *dir, struct demo_result *out,
                              char *err, size_t err_len);

/* The host-name slug of a place name: lower case ASCII, ä→ae, ö→oe, ü→ue, ß→ss, every other
 * run of characters that are not letters or digits one '-', none at either end ("Weil der
 * Stadt" → "weil-der-stadt", "Böblingen" → "boeblingen"). ERR_LIMIT when it does not fit in
 * out_len bytes (with its NUL), ERR_INVALID when nothing is left. */
RH_MUST_CHECK int demo_slug(const char *name, char *out, size_t out_len);

/* The deterministic "seit" date of an online service, YYYY-MM-DD between 2022-01-01 and
 * 2025-12-31, from the place's key and the Leistung id. Cannot fail; out holds 11 bytes. */
void demo_seit(const char *ags, const char *leistung_id, char out[11]);

#endif
