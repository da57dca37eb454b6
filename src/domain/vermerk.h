/* vermerk: the clerk's work on a case besides its status — notes (Vermerk, never changed: a
 * correction is a new note), follow-ups (Wiedervorlage: a date and a reason, for the clerk or
 * a colleague of the office, marked done later), the personal due list, and a question to the
 * applicant (Rueckfrage) through the citizen's mailbox, which also sets the case to
 * 'rueckfrage' (domain/vorgang.h). The citizen's reply is a mailbox message 'an_behoerde'
 * about the application (domain/postfach.h); vorgang_lesen() shows it.
 *
 * Who: clerks who may change the case (AUTHZ_VORGANG_BEARBEITEN); the due list is the
 * caller's own. Every change writes the audit log (ids only) and, for notes, the search row.
 * Thread-safe (no state). */
#ifndef RATHAUS_DOMAIN_VERMERK_H
#define RATHAUS_DOMAIN_VERMERK_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/vorgang.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define VERMERK_TEXT_MAX        20000
#define WIEDERVORLAGE_GRUND_MAX 500
#define RUECKFRAGE_TEXT_MAX     20000

/* A note in case `vorgang_id`. ERR_INVALID with *fehler ("text"). *id gets it. */
RH_MUST_CHECK int vermerk_schreiben(struct db_conn *c, const struct umfeld *u,
                                    const struct actor *who, int64_t vorgang_id, const char *text,
                                    int64_t *id, struct feld_fehler *fehler);

/* A follow-up on `datum` ('YYYY-MM-DD', not before today) for `konto_id` (0: the caller; else a
 * clerk of the case's office). ERR_INVALID with *fehler ("datum", "grund", "konto_id"). */
RH_MUST_CHECK int wiedervorlage_setzen(struct db_conn *c, const struct umfeld *u,
                                       const struct actor *who, int64_t vorgang_id,
                                       const char *datum, const char *grund, int64_t konto_id,
                                       int64_t *id, struct feld_fehler *fehler);

/* Mark follow-up `id` done (anyone who may change its case). ERR_CONFLICT when done before. */
RH_MUST_CHECK int wiedervorlage_erledigen(struct db_conn *c, const struct umfeld *u,
                                          const struct actor *who, int64_t id);

/* The caller's open follow-ups by date (at most `limit`, 1..AMT_LISTE_MAX), with the count of
 * its open cases. */
RH_MUST_CHECK int wiedervorlagen_eigene(struct db_conn *c, struct arena *a, const struct actor *who,
                                        int64_t limit, struct wiedervorlage_row **out, size_t *n,
                                        int64_t *n_vorgaenge);

/* Ask the applicant of case `vorgang_id` (made from an application of a citizen with an
 * account): a message of art 'rueckfrage' into their mailbox, the case (and application) to
 * 'rueckfrage'. ERR_INVALID with *fehler ("text"); ERR_CONFLICT when the case has no
 * application, the applicant has no account, or the status does not allow it. */
RH_MUST_CHECK int rueckfrage_stellen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, int64_t vorgang_id, const char *text,
                                     int64_t *nachricht_id, struct feld_fehler *fehler);

#endif
