/* aktenplan: the file plan (Aktenplan) of an authority — a tree of subjects under which files
 * are filed, each with a retention period in years after zdA and an archive mark ('A' to be
 * archived, 'B' to be evaluated by the archive, 'V' to be destroyed). An entry with an empty
 * retention or mark inherits it from the nearest ancestor that has one; with none, the
 * retention is 0 ("keep until evaluated") and the mark 'B'.
 *
 * Reading the plan: clerks and office admins of the authority. Importing (CSV, see
 * docs/aktenplan.md and formats/aktenplan_csv.h) and editing: office admins
 * (AUTHZ_BEHOERDE_VERWALTEN). Import rules: every row is checked first, then written in one
 * transaction — one bad row and nothing changes; a row whose kennzeichen exists updates that
 * entry, a new one is inserted; entries missing from the file stay as they are. The parent is
 * the explicit `eltern` or else the longest prefix of the kennzeichen (digit by digit,
 * "022.31" → "022.3" → "022" → "02" → "0") that exists in the file or the plan; none makes it
 * a top group. Cycles are refused. Every change is written to the audit log in the same
 * transaction. Thread-safe; all memory from the caller's arena. */
#ifndef RATHAUS_DOMAIN_AKTENPLAN_H
#define RATHAUS_DOMAIN_AKTENPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/aktenplan.h"
#include "util/arena.h"
#include "util/buf.h"

struct db_conn;

/* One entry as the pages and the API show it: the stored row plus the inherited values. */
struct aktenplan_eintrag {
    struct aktenplan_row row;
    int tiefe;              /* 0 for a top group */
    int aufbewahrung_jahre; /* effective (inherited when the row's is -1) */
    char archivwuerdigkeit; /* effective */
    bool is_geerbt_jahre, is_geerbt_wuerdigkeit;
    int64_t n_akten_gesamt; /* files under this subject and all below it */
};

struct aktenplan_import_ergebnis {
    int64_t n_neu, n_geaendert, n_unveraendert;
};

/* The authority an actor works for: `wunsch` when > 0, else the authority of its first clerk
 * or admin role. ERR_UNAUTHORIZED (nobody), ERR_FORBIDDEN (no such role), ERR_OK. */
RH_MUST_CHECK int aktenplan_behoerde(const struct actor *who, int64_t wunsch, int64_t *out);

/* The whole plan of `behoerde_id` in tree order (parents before children, siblings by
 * kennzeichen). ERR_NOTFOUND (another tenant), ERR_FORBIDDEN, ERR_UNAUTHORIZED, ERR_DB. */
RH_MUST_CHECK int aktenplan_lesen(struct db_conn *c, struct arena *a, const struct actor *who,
                                  int64_t behoerde_id, struct aktenplan_eintrag **out, size_t *n);

/* Import the CSV data[0..len) named `name` into the plan of `behoerde_id`. ERR_INVALID with
 * "FILE:LINE: reason" lines in `err` (nothing changed); authz errors as aktenplan_lesen but
 * for AUTHZ_BEHOERDE_VERWALTEN; ERR_LIMIT, ERR_NOMEM, ERR_DB. `is_demo` marks new rows. */
RH_MUST_CHECK int aktenplan_import(struct db_conn *c, const struct umfeld *u,
                                   const struct actor *who, int64_t behoerde_id, const char *name,
                                   const char *data, size_t len, bool is_demo,
                                   struct aktenplan_import_ergebnis *erg, struct buf *err);

/* A change of one entry: only the fields with has_* set are changed. */
struct aktenplan_aenderung {
    bool has_titel, has_beschreibung, has_jahre, has_wuerdigkeit, has_aktiv;
    const char *titel, *beschreibung; /* beschreibung NULL or "": none */
    int aufbewahrung_jahre;           /* -1: inherit */
    char archivwuerdigkeit;           /* 0: inherit */
    bool is_aktiv;
};

/* Change entry `id`. ERR_INVALID with *f (field and German text); ERR_NOTFOUND,
 * ERR_FORBIDDEN, ERR_UNAUTHORIZED; ERR_DB. */
RH_MUST_CHECK int aktenplan_aendern(struct db_conn *c, const struct umfeld *u,
                                    const struct actor *who, int64_t id,
                                    const struct aktenplan_aenderung *d, struct feld_fehler *f);

/* Entry `id` with its effective values, as aktenplan_lesen. */
RH_MUST_CHECK int aktenplan_eintrag_lesen(struct db_conn *c, struct arena *a,
                                          const struct actor *who, int64_t id,
                                          struct aktenplan_eintrag *out);

/* Effective retention and mark of subject `aktenplan_id` (no authorization: for the domain's
 * own use after the caller checked access). ERR_NOTFOUND, ERR_DB. */
RH_MUST_CHECK int aktenplan_regeln(struct db_conn *c, struct arena *a, int64_t aktenplan_id,
                                   int *jahre, char *wuerdigkeit, const char **kennzeichen);

/* The plan of one authority loaded once, to look up the effective rules of many files. */
struct aktenplan_index {
    struct aktenplan_row *rows;
    const struct aktenplan_row **by_id;
    size_t n;
};
/* Load the plan of `behoerde_id` into *idx (memory in `a`; no authorization). */
RH_MUST_CHECK int aktenplan_index_laden(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                        struct aktenplan_index *idx);
/* Effective rules of entry `id`; false when the id is not in the plan. Cannot fail otherwise. */
bool aktenplan_index_regeln(const struct aktenplan_index *idx, int64_t id, int *jahre,
                            char *wuerdigkeit, const char **kennzeichen, const char **titel);

#endif
