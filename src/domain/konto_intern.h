/* konto_intern: what domain/konto.c shares with domain/mitarbeitende.c and domain/oidc.c.
 * Not for faces. */
#ifndef RATHAUS_DOMAIN_KONTO_INTERN_H
#define RATHAUS_DOMAIN_KONTO_INTERN_H

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

#endif
