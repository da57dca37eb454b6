/* archiv_intern: what domain/archiv.c and domain/archiv_abgabe.c share; not for other modules. */
#ifndef RATHAUS_DOMAIN_ARCHIV_INTERN_H
#define RATHAUS_DOMAIN_ARCHIV_INTERN_H

#include "domain/archiv.h"

/* Pick due files from alle[0..n_alle): the ids akten[0..n) (each must be due, fit `passt` and
 * be named once: else ERR_INVALID with *f; ERR_CONFLICT when one is in a pending hand-over),
 * or with n 0 every one that fits and is not in a pending hand-over (ERR_CONFLICT: none).
 * out has room for n_alle (or n) entries. */
RH_MUST_CHECK int archiv_auswahl(struct archiv_faellig *alle, size_t n_alle, const int64_t *akten,
                                 size_t n, bool (*passt)(const struct archiv_faellig *),
                                 struct archiv_faellig *out, size_t *n_out, struct feld_fehler *f);

/* One audit log entry about object (typ, id) of `behoerde_id`. */
RH_MUST_CHECK int archiv_log(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                             int64_t behoerde_id, const char *aktion, const char *typ, int64_t id,
                             const char *detail);

/* Access to the hand-over functions of `behoerde_id`: ERR_UNAUTHORIZED, ERR_NOTFOUND, ... */
RH_MUST_CHECK int archiv_darf(const struct actor *who, enum authz_action what, int64_t behoerde_id);

#endif
