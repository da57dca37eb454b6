/* termin: events of the coordination network — webinars, network meetings, trainings — with
 * date, place or link, capacity, registration with a waiting list, cancellation (of a
 * registration, which moves the first on the waiting list up, and of the whole event), a
 * participants list for the organiser and an iCalendar file (formats/ics.h).
 *
 * Visible to all staff in the Land (artikel_darf_lesen); coordinators create events and,
 * with the organiser, may see the participants and cancel (AUTHZ_TERMIN_VERWALTEN on the
 * event's Kreis, or being its organiser). Any staff member may register once
 * (AUTHZ_TERMIN_ANMELDEN on their authority; coordinators and the ministry by
 * AUTHZ_LAND_LESEN). Changes go out by e-mail through the outbox. Results live in the
 * arena passed in; thread-safe. */
#ifndef RATHAUS_DOMAIN_TERMIN_H
#define RATHAUS_DOMAIN_TERMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/termin.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

struct db_conn;

struct termin_in {
    const char *titel, *beschreibung, *art, *ort; /* art: webinar, netzwerktreffen, schulung,
                                                     sonstiges (NULL: sonstiges) */
    int64_t beginn, ende;                         /* unix seconds */
    int64_t kapazitaet;                           /* 1..10000 */
    const char *kreis_ags;                        /* NULL: the organiser's (or the Land) */
};

RH_MUST_CHECK int termin_anlegen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                                 const struct termin_in *in, int64_t *id,
                                 struct feld_fehler *fehler);

struct termin_seite {
    struct termin_row *items;
    size_t n;
    const char *next_cursor;
};

/* Events not yet over at `ab`, by beginning. */
RH_MUST_CHECK int termin_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                               int64_t ab, int64_t limit, const char *cursor,
                               struct termin_seite *out, const char **bad);

struct termin_detail {
    struct termin_row termin;
    const char *mein_status;            /* the caller's registration, or NULL */
    bool darf_verwalten;                /* organiser or coordinator of the Kreis */
    struct anmeldung_row *teilnehmende; /* only when darf_verwalten */
    size_t n_teilnehmende;
};

RH_MUST_CHECK int termin_get(struct db_conn *c, struct arena *a, const struct actor *who,
                             int64_t id, struct termin_detail *out);

/* Register `who`: *status "angemeldet" or "warteliste" (an existing registration is kept and
 * returned). ERR_CONFLICT when the event is cancelled or over. */
RH_MUST_CHECK int termin_anmelden(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id, const char **status);
/* Cancel `who`'s registration; a freed place goes to the first on the waiting list, who is
 * mailed. ERR_NOTFOUND when `who` is not registered. */
RH_MUST_CHECK int termin_abmelden(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id);
/* Cancel the event (organiser or Kreis coordinator); every registered person is mailed. */
RH_MUST_CHECK int termin_absagen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                                 int64_t id);

/* The event as an iCalendar file appended to `out`; `basis_url` for the event's link. */
RH_MUST_CHECK int termin_ics(struct db_conn *c, struct arena *a, const struct actor *who,
                             int64_t id, const struct umfeld *u, struct buf *out);

/* German label of an event kind; NULL when unknown. */
const char *termin_art_label(const char *art);

#endif
