/* store/termin: SQL of the events (webinars, network meetings, trainings) and their
 * registrations. termin.belegt counts the confirmed registrations and is changed only with
 * conditional UPDATEs, so that two registrations for the last place cannot both get it, on
 * SQLite and PostgreSQL alike. Rows come back in the arena passed in. No roles here. */
#ifndef RATHAUS_STORE_TERMIN_H
#define RATHAUS_STORE_TERMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct termin_row {
    int64_t id;
    const char *titel, *beschreibung, *art, *ort, *kreis_ags; /* may be NULL but titel, art */
    int64_t beginn, ende, kapazitaet, belegt, warteliste, konto_id, erstellt, geaendert;
    bool abgesagt;
};

struct anmeldung_row {
    int64_t id, konto_id;
    const char *email;    /* organiser's list only */
    const char *behoerde; /* may be NULL */
    const char *status;
    int64_t erstellt;
};

RH_MUST_CHECK int store_termin_insert(struct db_conn *c, const struct termin_row *t, int64_t *id);
/* ERR_NOTFOUND for an unknown id; `warteliste` counts the waiting registrations. */
RH_MUST_CHECK int store_termin_get(struct db_conn *c, struct arena *a, int64_t id,
                                   struct termin_row *out);
/* Events ending at or after `ab`, by (beginn, id) after (after_beginn, after_id). */
RH_MUST_CHECK int store_termin_list(struct db_conn *c, struct arena *a, int64_t ab,
                                    int64_t after_beginn, int64_t after_id, int64_t limit,
                                    struct termin_row **out, size_t *n);
RH_MUST_CHECK int store_termin_absagen(struct db_conn *c, int64_t id, int64_t jetzt);

/* Take a place: *got = true when belegt < kapazitaet (and it was incremented). */
RH_MUST_CHECK int store_termin_platz_nehmen(struct db_conn *c, int64_t id, bool *got);
/* Give a place back (belegt - 1, never below 0). */
RH_MUST_CHECK int store_termin_platz_freigeben(struct db_conn *c, int64_t id);

/* The registration of `konto_id` (*status NULL when there is none). */
RH_MUST_CHECK int store_anmeldung_status(struct db_conn *c, struct arena *a, int64_t termin_id,
                                         int64_t konto_id, const char **status);
/* Insert or set the status of the registration of (termin, konto). */
RH_MUST_CHECK int store_anmeldung_put(struct db_conn *c, int64_t termin_id, int64_t konto_id,
                                      int64_t behoerde_id, const char *status, int64_t jetzt);
/* The account first on the waiting list (0 when it is empty). */
RH_MUST_CHECK int store_anmeldung_erste_wartende(struct db_conn *c, int64_t termin_id,
                                                 int64_t *konto_id);
/* Registrations that are not cancelled, confirmed first, each by order of registration. */
RH_MUST_CHECK int store_anmeldungen(struct db_conn *c, struct arena *a, int64_t termin_id,
                                    struct anmeldung_row **out, size_t *n);

#endif
