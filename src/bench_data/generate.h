/* bench_data/generate: benchmark data at Baden-Württemberg scale — `rathaus generate`.
 *
 * Run after init, import gemeinden, import leistungen (and optionally demo). Builds on the real
 * 1,101 Gemeinden and the real service catalogue in the database:
 *
 * - authorities, offices, responsibilities and online services for every Gemeinde and every
 *   Kreis of the Land: the demo data set (formats/demo_import.h) generated for all 44 Kreise,
 *   marked is_demo = 1 like the demo data;
 * - per authority the demo file plan (demo/aktenplan.csv through formats/aktenplan_demo.h),
 *   staff accounts (konto 'personal' without password, with a sachbearbeitung role in one
 *   office; the first also behoerdenadmin) under "gen-<behoerde>-<n>@generiert.invalid";
 * - `faelle` cases (vorgang) filed in files (akte, under the subjects of the office's type) with
 * notes (vermerk), follow-ups (wiedervorlage, some due around `stichtag`), inbox rows (eingang) and
 * search rows (akte_suchtext), over ten years before `stichtag`: closed files (zdA) with retention
 *   dates, some past; statuses mixed as in an office;
 * - `antraege` applications (antrag with antrag_daten, antrag_status timeline and, when
 *   submitted, eingangsbestaetigung with the canonical content and its hash, and an eingang
 *   row) on generated forms (formular 'zurueckgezogen', so new applications keep using the
 *   published ones), from generated citizen accounts or anonymous; the ones being worked on
 *   have their case.
 *
 * Cases and applications are spread over the offices by the population of their area. The
 * same seed, sizes, stichtag and database give the same rows (xoshiro256**, bench_data/rows.h).
 * Written in batched multi-row INSERTs, committed every ~20,000 cases; on SQLite the
 * connection runs with synchronous=OFF and a large page cache while generating. Not atomic as
 * a whole: use a fresh database (a second run is refused: meta 'generiert' is set). On
 * PostgreSQL the identity sequences are moved past the generated ids at the end. */
#ifndef RATHAUS_BENCH_DATA_GENERATE_H
#define RATHAUS_BENCH_DATA_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define GENERATE_FAELLE_MAX   10000000
#define GENERATE_ANTRAEGE_MAX 1000000

struct generate_opts {
    uint64_t seed;
    int64_t faelle;       /* cases (vorgang), 0..GENERATE_FAELLE_MAX; the cases made from
                           * applications count, an office gets at least those */
    int64_t antraege;     /* applications, 0..GENERATE_ANTRAEGE_MAX */
    int64_t stichtag;     /* unix time of "today" in the data (midnight UTC) */
    const char *demo_dir; /* folder with leistungen.json and aemter.json (normally "demo") */
    bool is_progress;     /* draw progress bars on stderr */
};

struct generate_result {
    int64_t behoerden, oes, aktenplan, konten, formulare;
    int64_t akten, vorgaenge, vermerke, wiedervorlagen, eingaenge, suchtexte;
    int64_t antraege, antrag_status, bestaetigungen;
};

/* Generate into `db`. On failure `err` (err_len bytes, always NUL-terminated) holds a German
 * message: ERR_INVALID for sizes out of range, ERR_CONFLICT when the database was generated
 * already, ERR_NOTFOUND when the Gemeinden or the catalogue are missing, ERR_IO/ERR_INVALID
 * from the demo files, ERR_NOMEM, ERR_DB/ERR_BUSY. */
RH_MUST_CHECK int generate_run(struct db *db, const struct generate_opts *o,
                               struct generate_result *out, char *err, size_t err_len);

#endif
