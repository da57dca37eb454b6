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
#include "domain/postfach.h"

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

/* ERR_OK when `who` may read (bearbeiten false) or change (true) submission `id`; else what
 * the other calls would answer (ERR_NOTFOUND, ERR_FORBIDDEN, ERR_UNAUTHORIZED). Faces ask
 * this before they read a request body. */
RH_MUST_CHECK int zustellung_darf(struct db_conn *c, struct arena *a, const struct actor *who,
                                  int64_t id, bool bearbeiten);

/* Submission `id` as a JSON document (new reference): {"antrag": {...}, "daten": {...},
 * "anlagen": [...], "eingangsbestaetigung": {...}, "formular": {"id", "version"},
 * "quittiert": time or null}. ERR_NOTFOUND for a draft or another tenant's. */
RH_MUST_CHECK int zustellung_abrufen(struct db_conn *c, struct arena *a, const struct actor *who,
                                     int64_t id, json_t **out);

/* The messages about submission `id`, both ways (the citizen's replies with their
 * attachments too), oldest first, at most 500; each with its attachments. Reading them is
 * AUTHZ_POSTFACH_LESEN for the authority, and written to its audit log. */
RH_MUST_CHECK int zustellung_nachrichten(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                         const struct actor *who, int64_t id,
                                         struct nachricht **out, size_t *n);

/* The bytes of attachment `sha256` of submission `id`: a submitted attachment, or one of a
 * message about it (e.g. a citizen's reply). */
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

#define ZUSTELLUNG_MAX_DATEIEN POSTFACH_MAX_DATEIEN

/* Send a message (art "nachricht", "rueckfrage" or "bescheid") with up to
 * ZUSTELLUNG_MAX_DATEIEN files (PDF, JPEG, PNG or text, by content; each at most
 * ANTRAG_ANLAGE_MAX bytes) to the citizen of submission `id`, without changing its status.
 * The files are stored as blobs of the authority. `e` (may be NULL) checks the types.
 * ERR_INVALID (*fehler) for a bad art, text or file; ERR_CONFLICT when the application was
 * made without an account (no mailbox). *nachricht_id (may be NULL) gets the message. */
RH_MUST_CHECK int zustellung_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       struct einreichung *e, const struct actor *who, int64_t id,
                                       const char *art, const char *betreff, const char *text,
                                       const struct nachricht_datei *dateien, size_t n_dateien,
                                       int64_t *nachricht_id, struct feld_fehler *fehler);

#endif
