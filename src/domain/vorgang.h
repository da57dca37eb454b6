/* vorgang: files (Akte) and cases (Vorgang) of the Amt face — making them, listing what a
 * clerk may see, the life of a case and its mirror in the applicant's status timeline.
 *
 * A file lies under an active subject of its authority's file plan (aktenplan, written by
 * domain/aktenplan); its aktenzeichen is the subject's kennzeichen '/' a running number
 * ('02.3/17'). A case lies in a file; its aktenzeichen is the file's '-' a running number
 * ('02.3/17-4'). A case made from an application (domain/eingang.h) keeps antrag_id.
 *
 * Life of a case: offen → in_bearbeitung → rueckfrage ↔ in_bearbeitung → beschieden → zda.
 * Also allowed: beschieden from offen or rueckfrage, and zda from every open status (a case
 * without a decision may be closed). Every change of a case made from an application is
 * mirrored into the application (antrag.status and a row of its timeline antrag_status, which
 * the citizen sees in the portal): in_bearbeitung, rueckfrage and beschieden as they are;
 * offen and zda change nothing there.
 *
 * Who: clerks (sachbearbeitung) of the owning authority, and of the owning office when their
 * role is bound to one (AUTHZ_VORGANG_* / AUTHZ_AKTE_* through domain/amt_zugriff.h); anyone
 * else gets ERR_NOTFOUND (other tenants, coordinators, ministry) or ERR_FORBIDDEN (an admin
 * of the authority, a read-only token that wants to write). Every read of a case and every
 * change is written to the audit log in the same transaction, without personal data.
 *
 * Memory: results live in the arena passed in. Thread-safe (no state). */
#ifndef RATHAUS_DOMAIN_VORGANG_H
#define RATHAUS_DOMAIN_VORGANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/antrag.h"
#include "domain/authz.h"
#include "domain/postfach.h"
#include "domain/umfeld.h"
#include "store/amt_auswahl.h"
#include "store/vorgang.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define AKTE_TITEL_MAX        300
#define VORGANG_BETREFF_MAX   300
#define VORGANG_BEMERKUNG_MAX 1000
#define AMT_LISTE_MAX         100 /* rows of one page */

/* True for 'offen', 'in_bearbeitung', 'rueckfrage', 'beschieden', 'zda'. */
bool vorgang_is_status(const char *s);
/* German label ("in Bearbeitung", "zu den Akten"); NULL for an unknown status. */
const char *vorgang_status_label(const char *s);

/* Set the status of case `vorgang_id` to `status` for `who` (AUTHZ_VORGANG_BEARBEITEN), along
 * the life above, and mirror it into the application (see above). Not 'zda' (ERR_INVALID):
 * closing a case has the archive's rules, see vorgang_status_zda(). `bemerkung` (may be NULL,
 * at most VORGANG_BEMERKUNG_MAX bytes) is stored with the timeline row and SHOWN TO THE
 * CITIZEN, so write it for them. Writes the audit log and the case's search row.
 *
 * MUST run inside the caller's open transaction (db_tx), like protokoll_schreiben(), so that
 * the change commits together with whatever caused it (a decision sent, a file closed).
 * Returns ERR_OK; ERR_INVALID for an unknown status or a bad bemerkung; ERR_CONFLICT when the
 * change is not allowed from the current status (incl. the same status); ERR_NOTFOUND /
 * ERR_FORBIDDEN / ERR_UNAUTHORIZED as amt_vorgang_zugriff(); ERR_DB, ERR_NOMEM. */
RH_MUST_CHECK int vorgang_status_setzen(struct db_conn *c, const struct umfeld *u,
                                        const struct actor *who, int64_t vorgang_id,
                                        const char *status, const char *bemerkung);

/* Set 'zda' like vorgang_status_setzen(). Only for archiv_vorgang_zda() (domain/archiv.h),
 * inside its transaction after it checked the archive's rules (no open follow-up; the file
 * and its retention follow). */
RH_MUST_CHECK int vorgang_status_zda(struct db_conn *c, const struct umfeld *u,
                                     const struct actor *who, int64_t vorgang_id,
                                     const char *bemerkung);

/* The same in a transaction of its own, for the faces. 'zda' goes through archiv_vorgang_zda()
 * (domain/archiv.h): its rules and the file's retention apply. */
RH_MUST_CHECK int vorgang_status_aendern(struct db_conn *c, const struct umfeld *u,
                                         const struct actor *who, int64_t vorgang_id,
                                         const char *status, const char *bemerkung);

/* Where `who` works in the Amt: the authority of its (first) sachbearbeitung role and the
 * office it is bound to (0: every office of the authority). With `oe_wunsch` > 0 the office
 * asked for, when `who` may see it. ERR_NOTFOUND when `who` is no clerk (or may not see the
 * office asked for); ERR_UNAUTHORIZED for nobody. */
RH_MUST_CHECK int amt_sicht(const struct actor *who, int64_t oe_wunsch, int64_t *behoerde_id,
                            int64_t *oe_id);

struct akte_neu {
    int64_t aktenplan_id; /* an active subject of the clerk's authority */
    int64_t oe_id;        /* 0: the clerk's office (required when the clerk is not bound) */
    const char *titel;
};

/* Make a file. *out gets it. ERR_INVALID with *fehler (feld "aktenplan", "titel", "oe"). */
RH_MUST_CHECK int akte_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                               const struct actor *who, const struct akte_neu *n,
                               struct akte_row *out, struct feld_fehler *fehler);

/* Inside the caller's transaction: the same without the transaction (for domain/eingang.c). */
RH_MUST_CHECK int akte_anlegen_tx(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                  const struct actor *who, const struct akte_neu *n,
                                  struct akte_row *out, struct feld_fehler *fehler);

struct vorgang_neu {
    int64_t akte_id; /* an open file the clerk may change */
    const char *betreff;
    int64_t antrag_id;       /* 0: by hand */
    const char *leistung_id; /* may be NULL */
};

/* Make a case by hand in a file. ERR_INVALID with *fehler ("akte", "betreff"). */
RH_MUST_CHECK int vorgang_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                  const struct actor *who, const struct vorgang_neu *n,
                                  struct vorgang_row *out, struct feld_fehler *fehler);
/* Inside the caller's transaction. */
RH_MUST_CHECK int vorgang_anlegen_tx(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, const struct vorgang_neu *n,
                                     struct vorgang_row *out, struct feld_fehler *fehler);

struct amt_filter {
    int64_t oe_id;      /* 0: every office `who` sees */
    const char *status; /* NULL: any; must be valid */
    int64_t akte_id;    /* cases: 0 any */
    bool nur_meine;     /* cases: only those the clerk works on */
    int64_t limit;      /* 1..AMT_LISTE_MAX */
    const char *cursor; /* NULL: from the newest */
};

struct akte_seite {
    struct akte_row *items;
    size_t n;
    const char *next_cursor; /* NULL: last page */
};

struct vorgang_seite {
    struct vorgang_row *items;
    size_t n;
    const char *next_cursor;
};

/* Files / cases `who` may see, newest first. ERR_INVALID (*bad names the parameter). */
RH_MUST_CHECK int akte_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                             const struct amt_filter *f, struct akte_seite *out, const char **bad);
RH_MUST_CHECK int vorgang_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                const struct amt_filter *f, struct vorgang_seite *out,
                                const char **bad);

/* One file with its cases (at most AMT_LISTE_MAX, newest first). Logs the read. */
RH_MUST_CHECK int akte_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                             const struct actor *who, int64_t id, struct akte_row *out,
                             struct vorgang_row **vorgaenge, size_t *n_vorgaenge);

/* A case with everything the clerk sees on its page. */
struct vorgang_detail {
    struct vorgang_row vorgang;
    struct vermerk_row *vermerke;
    size_t n_vermerke;
    struct wiedervorlage_row *wiedervorlagen;
    size_t n_wiedervorlagen;
    struct vorgang_dokument *dokumente;
    size_t n_dokumente;
    bool has_antrag;
    struct antrag antrag;           /* when has_antrag */
    const char *antrag_daten;       /* the answers as JSON text */
    const char *eingangsnummer;     /* the receipt's number, or NULL */
    struct antrag_verlauf *verlauf; /* the application's timeline */
    size_t n_verlauf;
    struct nachricht *nachrichten; /* mailbox messages about the application, oldest first */
    size_t n_nachrichten;
};

/* The row of case `id` for `who` (AUTHZ_VORGANG_LESEN): its metadata only (aktenzeichen,
 * subject, status, file, office), e.g. to answer a change; no audit entry (no personal data). */
RH_MUST_CHECK int vorgang_zeile(struct db_conn *c, struct arena *a, const struct actor *who,
                                int64_t id, struct vorgang_row *out);

/* Load case `id` for `who` (AUTHZ_VORGANG_LESEN) and log the read. */
RH_MUST_CHECK int vorgang_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                const struct actor *who, int64_t id, struct vorgang_detail *out);

/* What the Amt forms offer `who`: the offices of its authority, the clerks of office `oe_id`
 * (0: of the authority), the active subjects of the file plan and the open files of office
 * `oe_id` (0: those `who` sees). AUTHZ_VORGANG_LESEN on the caller's scope. */
struct amt_auswahlen {
    struct amt_auswahl *oes, *sbs, *plan, *akten;
    size_t n_oes, n_sbs, n_plan, n_akten;
};
RH_MUST_CHECK int amt_auswahl_laden(struct db_conn *c, struct arena *a, const struct actor *who,
                                    int64_t oe_id, struct amt_auswahlen *out);

#endif
