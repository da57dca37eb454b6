/* formular_daten_intern: what the check of answers shares — the state of one check (struct
 * dctx), error reporting and paths, between the walk over containers, conditions and repeated
 * groups (formular_daten.c) and the checks of single values by field type (formular_werte.c).
 * Internal to src/domain/; the interface is domain/formular.h. */
#ifndef RATHAUS_DOMAIN_FORMULAR_DATEN_INTERN_H
#define RATHAUS_DOMAIN_FORMULAR_DATEN_INTERN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/formular.h"

/* The state of one check, on the stack of formular_daten_pruefen(). */
struct dctx {
    struct arena *a;
    enum formular_pruefung pruefung;
    size_t schritt;
    const char *heute;
    struct formular_fehler *fe;
    size_t n_fe;
    size_t n_pflicht; /* errors so far that only say a required answer is missing */
    bool in_schritt;  /* FORMULAR_SCHRITT: the current top-level field is in the step */
    bool nomem;
};

/* Report an error at `pfad` on field `f` (may be NULL); the text is formatted in the arena.
 * After FORMULAR_MAX_FEHLER errors one note says there are more and the rest are dropped; out
 * of memory sets d->nomem. */
void fd_fehler(struct dctx *d, const char *pfad, const struct formular_feld *f, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));

/* A JSON Pointer one step down: `pfad` + "/" + key (ids and indexes need no escaping). */
const char *fd_unter(struct dctx *d, const char *pfad, const char *key);

/* Likewise with index `i`. */
const char *fd_unter_idx(struct dctx *d, const char *pfad, size_t i);

/* Check the answers `obj` of a container of fields felder[0..n) at `pfad`; returns the cleaned
 * object (new reference; NULL on OOM or when obj is not an object) and *leer when no field
 * is answered. */
json_t *fd_container(struct dctx *d, const struct formular_feld *felder, size_t n,
                     const json_t *obj, const char *pfad, bool top, bool *leer);

/* An address: an object of strasse, hausnummer, zusatz, plz, ort. `pflicht`: the field is
 * required here; `regeln`: required rules apply here at all (a partly given address must then
 * be complete). */
json_t *fd_adresse_wert(struct dctx *d, const struct formular_feld *f, const json_t *v,
                        const char *pfad, bool pflicht, bool regeln, bool *leer);

/* The cleaned value of one answer `v` to field `f` (not a group), or NULL: then either an
 * error was reported or *leer says the answer is empty. */
json_t *fd_einzelwert(struct dctx *d, const struct formular_feld *f, const json_t *v,
                      const char *pfad, bool *leer);

#endif
