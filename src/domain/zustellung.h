/* zustellung: the delivery API for specialist systems (Fachverfahren), modelled on
 * FIT-Connect's submission API. A staff account of an authority (sachbearbeitung; usually
 * through an API token) lists the submitted applications of its authority (of its office, when
 * its role is bound to one) that it has not yet acknowledged, fetches each — metadata, the
 * answers (valid against the JSON Schema of the form, domain/formular.h) and the attachments —
 * and acknowledges it (Quittung); unacknowledged ones stay listed. It can then set the status
 * (in_bearbeitung, rueckfrage, beschieden) and send messages and decisions into the citizen's
 * mailbox. Every call asks authz_check() with the tenant only (AUTHZ_ANTRAG_LESEN /
 * _BEARBEITEN on {behoerde_id, oe_id}): coordinators, the ministry and other authorities get
 * ERR_NOTFOUND. Thread-safe; memory in the arena given. */
#ifndef RATHAUS_DOMAIN_ZUSTELLUNG_H
#define RATHAUS_DOMAIN_ZUSTELLUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/antrag.h"

struct zustellung_eingang {
    int64_t antrag_id, behoerde_id, oe_id;
    const char *leistung_id, *nummer, *sha256, *status;
    int64_t eingereicht;
    int64_t formular_id, formular_version;
};

/* Unacknowledged submissions for `who`: of its authorities (or of `behoerde_id` only, when
 * > 0), oldest first, ids above `nach_id`, at most `limit` (1..100). ERR_FORBIDDEN when the
 * actor has no clerk role at all (or not in `behoerde_id`: ERR_NOTFOUND). */
RH_MUST_CHECK int zustellung_offen(struct db_conn *c, struct arena *a, const struct actor *who,
                                   int64_t behoerde_id, int64_t nach_id, int64_t limit,
                                   struct zustellung_eingang **out, size_t *n);

/* Submission `id` as a JSON document (new reference): {"antrag": {...}, "daten": {...},
 * "anlagen": [...], "eingangsbestaetigung": {...}, "formular": {"id", "version"},
 * "quittiert": time or null}. ERR_NOTFOUND for a draft or another tenant's. */
RH_MUST_CHECK int zustellung_abrufen(struct db_conn *c, struct arena *a, const struct actor *who,
                                     int64_t id, json_t **out);

/* The bytes of attachment `sha256` of submission `id`. */
RH_MUST_CHECK int zustellung_anlage(struct db_conn *c, struct arena *a, const struct actor *who,
                                    int64_t id, const char *sha256, struct anlage *out,
                                    const void **p, size_t *len);

/* Acknowledge submission `id` (once; again is ERR_OK with *schon = true). Moves the status
 * eingegangen → in_bearbeitung. */
RH_MUST_CHECK int zustellung_quittieren(struct db_conn *c, const struct umfeld *u,
                                        const struct actor *who, int64_t id, bool *schon);

/* Set the status of submission `id` ("in_bearbeitung", "rueckfrage", "beschieden") with an
 * optional remark; and, when betreff/text are given, send a message of art "rueckfrage" or
 * "bescheid" (or "nachricht") to the citizen. ERR_INVALID (*fehler) for a bad status or text;
 * ERR_CONFLICT when the application is withdrawn or decided. */
RH_MUST_CHECK int zustellung_status(struct db_conn *c, const struct umfeld *u,
                                    const struct actor *who, int64_t id, const char *status,
                                    const char *bemerkung, const char *betreff, const char *text,
                                    struct feld_fehler *fehler);

/* A file for zustellung_nachricht(): bytes p[0..len) named `dateiname`. */
struct zustellung_datei {
    const char *dateiname;
    const void *p;
    size_t len;
};

#define ZUSTELLUNG_MAX_DATEIEN 10

/* Send a message (art "nachricht", "rueckfrage" or "bescheid") with up to
 * ZUSTELLUNG_MAX_DATEIEN files (PDF, JPEG, PNG or text, by content; each at most
 * ANTRAG_ANLAGE_MAX bytes) to the citizen of submission `id`, without changing its status.
 * The files are stored as blobs of the authority. `e` (may be NULL) checks the types.
 * ERR_INVALID (*fehler) for a bad art, text or file; ERR_CONFLICT when the application was
 * made without an account (no mailbox). *nachricht_id (may be NULL) gets the message. */
RH_MUST_CHECK int zustellung_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       struct einreichung *e, const struct actor *who, int64_t id,
                                       const char *art, const char *betreff, const char *text,
                                       const struct zustellung_datei *dateien, size_t n_dateien,
                                       int64_t *nachricht_id, struct feld_fehler *fehler);

#endif
