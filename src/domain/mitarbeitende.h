/* mitarbeitende: the staff of an authority, managed by its admins (behoerdenadmin): list,
 * invite (with a role in the authority, optionally bound to one office), remove. Every call
 * asks authz_check() with the authority as the tenant: admins of other authorities and
 * everyone else get ERR_NOTFOUND, staff of the same authority without the admin role
 * ERR_FORBIDDEN. Role changes are written to the authority's audit log chain. */
#ifndef RATHAUS_DOMAIN_MITARBEITENDE_H
#define RATHAUS_DOMAIN_MITARBEITENDE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct mitarbeiter {
    int64_t konto_id;
    const char *email;
    const char *status;
    struct rollen_zuordnung *rollen; /* only the roles in this authority */
    size_t n_rollen;
};

RH_MUST_CHECK int mitarbeitende_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                      int64_t behoerde_id, struct mitarbeiter **out, size_t *n);

/* Invite `email` as `rolle` (sachbearbeitung or behoerdenadmin) of the authority, optionally
 * bound to office `oe_id` (0: the whole authority). A new account gets an invitation e-mail;
 * an existing staff account gets the role added and a notice. *konto_id gets the account.
 * ERR_INVALID with *fehler; ERR_CONFLICT when the account already has this role, or is a
 * citizen account. */
RH_MUST_CHECK int mitarbeitende_einladen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                         const struct actor *who, int64_t behoerde_id,
                                         const char *email, const char *rolle, int64_t oe_id,
                                         int64_t *konto_id, struct feld_fehler *fehler);

/* Remove every role of account `konto_id` in the authority; an account left without roles is
 * locked and its sessions and tokens end. ERR_NOTFOUND when it has no role there; ERR_CONFLICT
 * when an admin would remove the authority's last admin (themselves included). */
RH_MUST_CHECK int mitarbeitende_entfernen(struct db_conn *c, const struct umfeld *u,
                                          const struct actor *who, int64_t behoerde_id,
                                          int64_t konto_id);

#endif
