/* konto_intern: what the parts of the account domain share — domain/konto.c (helpers, the
 * account itself, roles and invitations), konto_registrierung.c (register and confirm),
 * konto_anmeldung.c (login, second factor, external login), konto_passwort.c (forgotten
 * password) and konto_daten.c (changing password and address, export, deletion) — and what
 * domain/mitarbeitende.c uses. Not for faces; the interface is domain/konto.h. */
#ifndef RATHAUS_DOMAIN_KONTO_INTERN_H
#define RATHAUS_DOMAIN_KONTO_INTERN_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/konto.h"
#include "domain/postausgang.h"
#include "domain/protokoll.h"

/* Inside a transaction: give account `email` (normalized) the role `z`, creating a staff or
 * citizen account (by the role) with an invitation link when there is none. *link gets the
 * absolute link for a new account (in `a`), NULL for an existing one (which gets a notice).
 * `actor_id` is written to the audit log. ERR_CONFLICT when the account has the role already
 * or is of the other kind (citizen vs staff); ERR_NOTFOUND for an unknown authority, office
 * or district. */
RH_MUST_CHECK int konto_rolle_geben_tx(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       int64_t actor_id, const char *email,
                                       const struct rollen_zuordnung *z, int64_t *konto_id,
                                       const char **link);

/* basis_url + path + token, in `a`; NULL when the arena is full. */
const char *konto_link(struct arena *a, const struct umfeld *u, const char *path,
                       const char *token);

/* Put the error `text` on field `feld` of *f (when f is not NULL); returns ERR_INVALID. */
RH_MUST_CHECK int konto_ungueltig(struct feld_fehler *f, const char *feld, const char *text);

/* The decimal text of id. Cannot fail. */
void konto_id_text(char out[24], int64_t id);

/* Write an audit log entry about account `objekt_konto` (0: none) by `konto_id`. */
RH_MUST_CHECK int konto_protokoll(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id,
                                  int64_t konto_id, const char *aktion, int64_t objekt_konto,
                                  const char *detail);

/* Put a mail to `an` into the outbox (domain/postausgang.h), in the caller's transaction. */
RH_MUST_CHECK int konto_mail(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id,
                             int64_t konto_id, const char *an, const char *betreff,
                             const char *text);

/* Whether k is a staff account (art "personal"). */
bool konto_is_personal(const struct konto *k);

/* ---- rate limits (kept in konto.c) ---- */

/* The key of the failure counter for `what` (hashed, never the address itself). */
void konto_versuch_key(const struct umfeld *u, char prefix, const char *what, char out[80]);

/* *gesperrt = true while `key` is locked. */
RH_MUST_CHECK int konto_versuch_gesperrt(struct db_conn *c, const struct umfeld *u, const char *key,
                                         bool *gesperrt);

/* Count one failure of `key`; from the `schwelle`-th failure on, lock it for a time that
 * doubles with each further failure. Failures older than a day are forgotten. */
RH_MUST_CHECK int konto_versuch_fehler(struct db_conn *c, const struct umfeld *u, const char *key,
                                       int64_t schwelle);

#endif
