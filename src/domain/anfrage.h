/* anfrage: support requests of a municipality's staff to the e-government coordinators of
 * their district — category, text, attachments; a queue for the coordinators with status,
 * assignment, due dates (a service level per category), replies, internal notes and links to
 * knowledge articles; e-mail notifications through the outbox (domain/postausgang.h), queued
 * in the same transaction as the change.
 *
 * Who sees what (every call asks authz_check()):
 *   - staff of the requesting authority: its requests only, never the internal notes
 *     (AUTHZ_ANFRAGE_LESEN on it for reading, AUTHZ_ANFRAGE_STELLEN for filing and replying);
 *   - coordinators of the request's Kreis (or statewide): AUTHZ_KOORDINATION_LESEN /
 *     AUTHZ_ANFRAGE_BEARBEITEN with the Kreis; the ministry reads (by the table);
 *   - anyone else: ERR_NOTFOUND.
 * Requests hold what staff write, never application data; e-mails carry number, category and
 * subject and a link, not the text.
 *
 * All results live in the arena passed in. Thread-safe (no state). */
#ifndef RATHAUS_DOMAIN_ANFRAGE_H
#define RATHAUS_DOMAIN_ANFRAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/anfrage.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define ANFRAGE_BETREFF_MAX 200
#define ANFRAGE_TEXT_MAX    20000
#define ANFRAGE_ANLAGE_MAX  (5u * 1024 * 1024)

/* True for 'ozg_leistung', 'plattform', 'eakte', 'foerderung', 'sonstiges'. */
bool anfrage_is_kategorie(const char *k);
/* German label of a category or status ("OZG-Leistung", "in Bearbeitung"); NULL if unknown. */
const char *anfrage_kategorie_label(const char *k);
const char *anfrage_status_label(const char *s);
/* The service level of a category in days (the due date is that many days after creation). */
int anfrage_frist_tage(const char *kategorie);

struct anfrage_neu {
    int64_t behoerde_id; /* 0: the one authority `who` works for (ERR_INVALID when several) */
    const char *kategorie, *betreff, *text;
    int64_t ozg_id; /* 0: none */
};

/* Whether `who` may file requests for some authority (AUTHZ_ANFRAGE_STELLEN on one of its
 * roles' authorities): ERR_OK, ERR_UNAUTHORIZED for nobody, else ERR_FORBIDDEN. Cannot fail
 * otherwise. */
RH_MUST_CHECK int anfrage_darf_stellen(const struct actor *who);

/* File a request as staff of the authority; routed to its Kreis; the Kreis's coordinators
 * (or, where there are none, the statewide ones) get an e-mail. *id gets the new request.
 * ERR_INVALID with *fehler; ERR_NOTFOUND when `who` does not work for the authority. */
RH_MUST_CHECK int anfrage_stellen(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, const struct anfrage_neu *n, int64_t *id,
                                  struct feld_fehler *fehler);

struct anfrage_filter {
    const char *status, *kategorie; /* NULL: any; must be valid names */
    int64_t zugewiesen;             /* 0: any */
    int64_t limit;                  /* 1..200 */
    const char *cursor;
};

struct anfrage_seite {
    struct anfrage_row *items;
    size_t n;
    const char *next_cursor;
};

/* The requests `who` may see, by due date: coordinators their Kreise's (statewide: all),
 * staff their authorities'. ERR_INVALID (*bad names the parameter) for a bad filter. */
RH_MUST_CHECK int anfrage_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                const struct anfrage_filter *f, struct anfrage_seite *out,
                                const char **bad);

struct anfrage_detail {
    struct anfrage_row anfrage;
    struct anfrage_antwort_row *antworten; /* internal notes only for coordinators */
    size_t n_antworten;
    struct anfrage_anlage_row *anlagen;
    size_t n_anlagen;
    int64_t *artikel; /* ids of linked knowledge articles */
    size_t n_artikel;
    bool darf_bearbeiten; /* `who` is a coordinator who may change it */
};

RH_MUST_CHECK int anfrage_get(struct db_conn *c, struct arena *a, const struct actor *who,
                              int64_t id, struct anfrage_detail *out);

/* Reply (or, coordinators only, an internal note). A coordinator's reply moves 'neu' to
 * 'in_bearbeitung' and mails the requester; staff's reply reopens 'wartet'/'erledigt' and
 * mails the assigned coordinator (or the Kreis's). ERR_INVALID with *fehler. */
RH_MUST_CHECK int anfrage_antworten(struct db_conn *c, const struct umfeld *u,
                                    const struct actor *who, int64_t id, const char *text,
                                    bool is_intern, int64_t *antwort_id,
                                    struct feld_fehler *fehler);

/* Coordinators: set status (NULL: keep), assignment (-1: keep, 0: none, else an account id:
 * must be the caller or another coordinator of the Kreis — not checked further), due date
 * (0: keep). Mails the requester when the status changes to 'erledigt' or 'wartet'. */
RH_MUST_CHECK int anfrage_aendern(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id, const char *status,
                                  int64_t zugewiesen, int64_t faellig, struct feld_fehler *fehler);

/* Attach a file (either side). `typ` is the media type as found by the caller; at most
 * ANFRAGE_ANLAGE_MAX bytes; the name is cleaned of path parts. */
RH_MUST_CHECK int anfrage_anlage_hinzufuegen(struct db_conn *c, const struct umfeld *u,
                                             const struct actor *who, int64_t id, const char *name,
                                             const char *typ, const void *inhalt, size_t len,
                                             int64_t *anlage_id, struct feld_fehler *fehler);

/* The bytes of an attachment, for anyone who may read the request. */
RH_MUST_CHECK int anfrage_anlage_lesen(struct db_conn *c, struct arena *a, const struct actor *who,
                                       int64_t id, int64_t anlage_id,
                                       struct anfrage_anlage_row *meta, const void **p,
                                       size_t *len);

/* Coordinators: link a knowledge article (it must exist: ERR_INVALID otherwise). */
RH_MUST_CHECK int anfrage_artikel_verknuepfen(struct db_conn *c, const struct actor *who,
                                              int64_t id, int64_t artikel_id,
                                              struct feld_fehler *fehler);

#endif
