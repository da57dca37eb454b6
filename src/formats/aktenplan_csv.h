/* aktenplan_csv: the file plan (Aktenplan) of one authority as CSV, format in docs/aktenplan.md.
 *
 * A UTF-8 CSV as formats/csv.h reads it (comma separated, RFC 4180, header row) with the columns
 *   kennzeichen          required: digits, optionally separated by single dots ("0", "02",
 *                        "022.3", "1.2.10"), at most AKTENPLAN_KZ_MAX bytes
 *   titel                required, 1..200 bytes
 *   aufbewahrung_jahre   optional column: empty (inherited from the parent) or 0..200
 *   archivwuerdigkeit    optional column: empty (inherited), A, B or V
 *   beschreibung         optional column: up to 2000 bytes
 *   eltern               optional column: the parent's kennzeichen; empty → derived
 * Unknown extra columns are refused (a typo would otherwise be silently ignored).
 *
 * This module only parses and checks each row on its own and the file as a whole (duplicate
 * kennzeichen, a row that names itself as parent, too many rows). Resolving parents against
 * the plan in the database is domain/aktenplan.c's job. Errors are "FILE:LINE: reason" in
 * German. Pure; no shared state; thread-safe. */
#ifndef RATHAUS_FORMATS_AKTENPLAN_CSV_H
#define RATHAUS_FORMATS_AKTENPLAN_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define AKTENPLAN_KZ_MAX           32
#define AKTENPLAN_TITEL_MAX        200
#define AKTENPLAN_BESCHREIBUNG_MAX 2000
#define AKTENPLAN_MAX_ZEILEN       5000

struct aktenplan_zeile {
    size_t zeile;            /* physical line of the record, for messages */
    const char *kennzeichen; /* validated */
    const char *titel;
    const char *beschreibung; /* NULL when empty */
    const char *eltern;       /* NULL: derive from kennzeichen */
    int aufbewahrung_jahre;   /* -1: inherited */
    char archivwuerdigkeit;   /* 'A', 'B', 'V' or 0: inherited */
};

/* Parse data[0..len) named `name` (borrowed, for messages). ERR_OK with *rows / *n allocated
 * in `a` (live until `a` is reset); ERR_INVALID with every problem found (at most 50 lines)
 * appended to `err` as "FILE:LINE: reason\n"; ERR_NOMEM, ERR_LIMIT. Nothing is set on
 * failure. */
RH_MUST_CHECK int aktenplan_csv_parse(struct arena *a, const char *name, const char *data,
                                      size_t len, struct aktenplan_zeile **rows, size_t *n,
                                      struct buf *err);

/* True when `kz` is a well-formed kennzeichen (see above). Cannot fail. */
bool aktenplan_kennzeichen_ok(const char *kz);

/* The candidate parents of `kz`, nearest first: `kz` without its last character, and without
 * a dot that would then end it, repeated ("022.31" → "022.3", "022", "02", "0"). Writes the
 * i-th candidate (0-based) into out (AKTENPLAN_KZ_MAX + 1 bytes); false when there is none. */
bool aktenplan_kennzeichen_vorfahr(const char *kz, size_t i, char *out);

#endif
