/* archiv: the end of a file's life — closing cases and files "zu den Akten" (zdA), the
 * retention period, reopening, the office admin's list of files whose retention ended, the
 * hand-over to the archive as an xdomea 3.0.0 message (Aussonderung.Aussonderung.0503) with
 * the archive's receipt, the deletion of files marked 'V', and the view and verification of
 * the audit log. The rules (docs/aktenplan.md has them for people):
 *
 * - A case can be closed (zdA) only while none of its follow-ups is open (ERR_CONFLICT).
 * - When the last open case of a file is closed, the file is closed with it; a file can also
 *   be closed by hand when all its cases are zdA (or it has none), else ERR_CONFLICT.
 * - Retention end (aufbewahrung_bis) = 31 December of (year of the latest zdA of its cases, or
 *   of the file's own zdA when it has none) + the retention years of its subject (inherited in
 *   the plan). 0 years: kept until evaluated, no end date, never due by itself.
 * - A closed file can be reopened before its retention ended, not after (it is then due).
 * - A file is due (faellig) when it is zdA and its retention end is before today (UTC).
 * - Hand-over (abgabe): due files marked A or B, none in another hand-over waiting for its
 *   receipt; the zip holds the 0503 message, validated against xdomea.xsd before it is given
 *   out (no schema: ERR_IO, nothing recorded), and each document's newest version. The
 *   receipt (JSON, or the archive's 0506/0507) deletes the content of the handed-over files
 *   (0506: of those reported as imported); the record (aussonderung_objekt) stays.
 * - Deletion (loeschung): due files marked V, after an explicit confirmation.
 * All of it is for the authority's office admins (AUTHZ_AUSSONDERUNG_*), except zdA and
 * reopening (the clerks of the file's office: AUTHZ_VORGANG_BEARBEITEN/AUTHZ_AKTE_BEARBEITEN).
 * Every change is written to the audit log in its transaction. Thread-safe. */
#ifndef RATHAUS_DOMAIN_ARCHIV_H
#define RATHAUS_DOMAIN_ARCHIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/archiv.h"
#include "util/arena.h"
#include "util/buf.h"

struct db_conn;

#define ARCHIV_MAX_AKTEN 500          /* files in one hand-over or deletion */
#define ARCHIV_ZIP_MAX   (512u << 20) /* bytes of one export */

/* The file's state after a zdA. */
struct archiv_zda_ergebnis {
    bool is_akte_zda;
    int64_t akte_id;
    char aufbewahrung_bis[16]; /* "YYYY-MM-DD"; "" when none */
};

/* Close case `vorgang_id` (with an optional note `bemerkung`, may be NULL). ERR_CONFLICT
 * (open follow-ups, or not allowed by the case's state), access errors as amt_zugriff. */
RH_MUST_CHECK int archiv_vorgang_zda(struct db_conn *c, const struct umfeld *u,
                                     const struct actor *who, int64_t vorgang_id,
                                     const char *bemerkung, struct archiv_zda_ergebnis *erg);
/* Close file `akte_id`. ERR_CONFLICT when a case is not zdA or the file is not 'offen'. */
RH_MUST_CHECK int archiv_akte_zda(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t akte_id,
                                  struct archiv_zda_ergebnis *erg);
/* Reopen closed file `akte_id`. ERR_CONFLICT when it is not 'zda' or its retention ended. */
RH_MUST_CHECK int archiv_akte_wiederaufnehmen(struct db_conn *c, const struct umfeld *u,
                                              const struct actor *who, int64_t akte_id);

/* A due file with its subject's rules. */
struct archiv_faellig {
    struct archiv_akte_kurz akte;
    int aufbewahrung_jahre;
    char archivwuerdigkeit;
    const char *plan_kennzeichen, *plan_titel;
    bool is_in_abgabe; /* in a hand-over waiting for the receipt */
};

/* The due files of `behoerde_id` (at most ARCHIV_MAX_AKTEN). */
RH_MUST_CHECK int archiv_faellige(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                  const struct actor *who, int64_t behoerde_id,
                                  struct archiv_faellig **out, size_t *n);

/* Hand files over: akten[0..n) (n 0: every due file marked A or B not already handed over).
 * The zip goes to `zip` (appended), its name (a file name, 128 bytes) to `dateiname`.
 * ERR_INVALID with *f for a file that is not due / marked V / unknown; ERR_CONFLICT for one in
 * another hand-over or when nothing is due; ERR_IO when the schema `xsd_pfad` cannot be read
 * (message in err); ERR_LIMIT; access errors. */
RH_MUST_CHECK int archiv_abgabe(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                                int64_t behoerde_id, const int64_t *akten, size_t n,
                                const char *xsd_pfad, struct buf *zip, char *dateiname,
                                int64_t *aussonderung_id, struct feld_fehler *f, struct buf *err);

/* The receipt of hand-over `id`: xml[0..len) an xdomea 0506/0507 message, or xml NULL and
 * `kennung` the message id (JSON confirmation). ERR_INVALID (message in err), ERR_CONFLICT
 * (already confirmed, not a hand-over, wrong message id), access errors. *n_geloescht: files
 * whose content was deleted. */
RH_MUST_CHECK int archiv_quittung(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id, const char *xml, size_t len,
                                  const char *kennung, const char *xsd_pfad, int64_t *n_geloescht,
                                  struct buf *err);

/* Delete due files marked V: akten[0..n) (n 0: all of them). `bestaetigt` must be true
 * (ERR_INVALID otherwise). ERR_INVALID with *f as archiv_abgabe; ERR_CONFLICT when none. */
RH_MUST_CHECK int archiv_loeschen(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t behoerde_id,
                                  const int64_t *akten, size_t n, bool bestaetigt,
                                  int64_t *aussonderung_id, int64_t *n_geloescht,
                                  struct feld_fehler *f);

/* The hand-overs and deletions of `behoerde_id`, newest first (at most 200). */
RH_MUST_CHECK int archiv_aussonderungen(struct db_conn *c, struct arena *a, const struct actor *who,
                                        int64_t behoerde_id, struct aussonderung_row **out,
                                        size_t *n);
/* One of them with its objects. */
RH_MUST_CHECK int archiv_aussonderung(struct db_conn *c, struct arena *a, const struct actor *who,
                                      int64_t id, struct aussonderung_row *out,
                                      struct aussonderung_objekt_row **objekte, size_t *n);

/* --- the audit log --- */

struct archiv_pruefung {
    bool is_ok;
    int64_t kette, n_zeilen;
    int64_t bruch_folge, bruch_id; /* the first bad entry (id 0: missing row) */
};

/* Verify chain `kette` (no authorization: the CLI and archiv_protokoll use it). */
RH_MUST_CHECK int archiv_kette_pruefen(struct db_conn *c, int64_t kette,
                                       struct archiv_pruefung *out);

/* A page of the chain of `behoerde_id` (AUTHZ_PROTOKOLL_LESEN) and the chain's verification. */
RH_MUST_CHECK int archiv_protokoll(struct db_conn *c, struct arena *a, const struct actor *who,
                                   struct archiv_protokoll_filter *f,
                                   struct archiv_protokoll_row **out, size_t *n,
                                   struct archiv_pruefung *pruefung);

/* Today's date (UTC) of u->jetzt as 'YYYY-MM-DD' into out[11]. */
void archiv_heute(int64_t jetzt, char out[11]);

#endif
