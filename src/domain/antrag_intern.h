/* antrag_intern: what the parts of the application domain share — access checks and helpers
 * in domain/antrag.c (which also creates drafts and reads applications), used by
 * antrag_antworten.c (saving answers), antrag_anlagen.c (attachments) and antrag_status.c
 * (submitting, the receipt and withdrawal). Internal to src/domain/; the interface is
 * domain/antrag.h. */
#ifndef RATHAUS_DOMAIN_ANTRAG_INTERN_H
#define RATHAUS_DOMAIN_ANTRAG_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/antrag.h"
#include "domain/formular.h"

/* A growable error list in the arena. */
struct fehlerliste {
    struct arena *a;
    struct formular_fehler *items;
    size_t n, cap;
};

/* Read application `id` and decide whether `z` may do `what` with it. */
RH_MUST_CHECK int antrag_zugriff(struct db_conn *c, struct arena *a, const struct antrag_zugang *z,
                                 int64_t id, enum authz_action what, struct antrag *out);

/* Whether `an` is still a draft. */
bool antrag_ist_entwurf(const struct antrag *an);

/* The saved answers of application `id` into *out (a new reference); ERR_DB when they are
 * not a JSON object. */
RH_MUST_CHECK int antrag_daten_laden(struct db_conn *c, struct arena *a, int64_t id, json_t **out);

/* Append fe[0..n) to `l`; ERR_NOMEM when the arena is full. */
RH_MUST_CHECK int antrag_fehler_anhaengen(struct fehlerliste *l, const struct formular_fehler *fe,
                                          size_t n);

/* Whether datei field `f` takes files of MIME type `typ`. */
bool antrag_typ_erlaubt(const struct formular_feld *f, const char *typ);

/* Check that every file named in cleaned answers `daten` is an attachment of `an` of a type
 * and size its field allows; add errors to `l`. */
RH_MUST_CHECK int antrag_dateien_pruefen(struct db_conn *c, struct arena *a,
                                         const struct antrag *an, const struct formular *f,
                                         const json_t *daten, struct fehlerliste *l);

#endif
