/* formular_verwaltung: the stored form definitions — import, list, preview, publish, retire,
 * and which definition a new application of a Leistung uses.
 *
 * A definition is stored as checked text with a version number that counts per Leistung
 * (1, 2, ...); it starts as 'entwurf', is used for new applications once 'veroeffentlicht',
 * and is 'zurueckgezogen' when retired (applications already started keep it). A definition
 * belongs to the whole Land (behoerde_id 0: imported by the operator with `rathaus import
 * formular`) or to one authority (uploaded by its office admin: AUTHZ_BEHOERDE_VERWALTEN);
 * for an application routed to an authority its own published definition wins over the
 * Land's. Every change is written to the audit log. Thread-safe; memory in the arena given. */
#ifndef RATHAUS_DOMAIN_FORMULAR_VERWALTUNG_H
#define RATHAUS_DOMAIN_FORMULAR_VERWALTUNG_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/formular.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct formular_zeile {
    int64_t id;
    const char *leistung_id;
    int64_t behoerde_id; /* 0: the Land's */
    int64_t version;
    const char *status; /* "entwurf", "veroeffentlicht", "zurueckgezogen" */
    const char *titel;
    const char *definition; /* JSON text */
    const char *sha256;
    int64_t erstellt, veroeffentlicht, zurueckgezogen; /* 0: not (yet) */
};

/* ERR_OK when `who` may manage the definitions of authority `behoerde_id`
 * (AUTHZ_BEHOERDE_VERWALTEN; 0: the Land's, only the system actor); else the authz error.
 * Faces ask this before they read a request body. */
RH_MUST_CHECK int formular_darf_verwalten(const struct actor *who, int64_t behoerde_id);

/* Check definition text[0..len) and store it as a new version of its Leistung for authority
 * `behoerde_id` (0: the Land's; only the system actor), status 'entwurf', or published at
 * once when `veroeffentlichen`. ERR_INVALID / ERR_LIMIT with *fehler / *n_fehler (JSONPath
 * and German text) for an invalid definition; ERR_NOTFOUND (*fehler says so) for an unknown
 * Leistung; the authz errors. *out (may be NULL) gets the stored row. Runs its own
 * transaction. */
RH_MUST_CHECK int formular_importieren(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       const struct actor *who, int64_t behoerde_id,
                                       const char *text, size_t len, bool veroeffentlichen,
                                       struct formular_zeile *out, struct formular_fehler **fehler,
                                       size_t *n_fehler);

/* The definitions of authority `behoerde_id` (and the Land's, which it may read and use), for
 * its office admins; newest first per Leistung. `leistung_id` may be NULL for all. */
RH_MUST_CHECK int formular_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t behoerde_id, const char *leistung_id,
                                 struct formular_zeile **out, size_t *n);

/* One stored definition, for preview by an admin of its authority (the Land's: any admin).
 * ERR_NOTFOUND. */
RH_MUST_CHECK int formular_zeile_get(struct db_conn *c, struct arena *a, const struct actor *who,
                                     int64_t id, struct formular_zeile *out);

/* Publish or retire definition `id` (status 'veroeffentlicht' / 'zurueckgezogen'). A retired
 * definition cannot be published again (upload it as a new version). ERR_CONFLICT then. */
RH_MUST_CHECK int formular_veroeffentlichen(struct db_conn *c, const struct umfeld *u,
                                            const struct actor *who, int64_t id);
RH_MUST_CHECK int formular_zurueckziehen(struct db_conn *c, const struct umfeld *u,
                                         const struct actor *who, int64_t id);

/* The definition new applications of `leistung_id` at authority `behoerde_id` use: its own
 * newest published one, else the Land's newest published one. Public (no actor).
 * ERR_NOTFOUND when there is none. *parsed (may be NULL) gets it parsed. */
RH_MUST_CHECK int formular_aktuell(struct db_conn *c, struct arena *a, const char *leistung_id,
                                   int64_t behoerde_id, struct formular_zeile *out,
                                   struct formular **parsed);

/* Stored definition `id` parsed (no authorization: the caller has checked access to the
 * application that uses it). ERR_NOTFOUND. */
RH_MUST_CHECK int formular_laden(struct db_conn *c, struct arena *a, int64_t id,
                                 struct formular_zeile *zeile, struct formular **parsed);

#endif
