/* foerderprogramm: the state's funding programme behind the coordinators — periods (since
 * 2022, extended to 30.06.2025 and beyond), the budget per funded coordinator position (one
 * per Landkreis, and at the associations Gemeindetag, Städtetag, Landkreistag), expenses
 * recorded by the district, and what is left.
 *
 * Reading: AUTHZ_KOORDINATION_LESEN for a Kreis, AUTHZ_LAND_LESEN for all. Expenses: the
 * coordinators of the Kreis (AUTHZ_KOORDINATION_BEARBEITEN). Periods and budgets are set by
 * the ministry (AUTHZ_LAND_BEARBEITEN) or the operator (the system actor of the CLI). Amounts are
 * integer cents. Each change runs in one transaction with its audit entry (domain/protokoll.h,
 * global chain, ids and amounts only): foerderperiode_angelegt, foerderbudget_gesetzt,
 * foerderausgabe_erfasst (object: the position, "koordinator"). Thread-safe. */
#ifndef RATHAUS_DOMAIN_FOERDERPROGRAMM_H
#define RATHAUS_DOMAIN_FOERDERPROGRAMM_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/bericht.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* Budget, expenses and rest per period and position (of `kreis_ags`, NULL: all). */
RH_MUST_CHECK int foerderprogramm_stand(struct db_conn *c, struct arena *a, const struct actor *who,
                                        const char *kreis_ags, struct foerder_zeile **out,
                                        size_t *n);

/* Operator: a new period (dates YYYY-MM-DD). ERR_INVALID with *fehler. */
RH_MUST_CHECK int foerderprogramm_periode(struct db_conn *c, const struct umfeld *u,
                                          const struct actor *who, const char *name,
                                          const char *beginn, const char *ende, int64_t *id,
                                          struct feld_fehler *fehler);
/* Operator: the budget of the position of a Kreis (or of `verband`) in a period; the position
 * is created on first use, together with its budget. */
RH_MUST_CHECK int foerderprogramm_budget(struct db_conn *c, const struct umfeld *u,
                                         const struct actor *who, int64_t periode_id,
                                         const char *kreis_ags, const char *verband,
                                         int64_t betrag_cent, struct feld_fehler *fehler);
/* A coordinator records an expense of the Kreis's position; the date must lie in the
 * period. */
RH_MUST_CHECK int foerderprogramm_ausgabe(struct db_conn *c, const struct umfeld *u,
                                          const struct actor *who, int64_t periode_id,
                                          const char *kreis_ags, const char *datum,
                                          int64_t betrag_cent, const char *zweck,
                                          struct feld_fehler *fehler);

#endif
