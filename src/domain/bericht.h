/* bericht: the report of a coordinator's district (or the statewide roll-up) for the
 * ministry over a period: support requests by category and status, municipalities supported,
 * events and participants, the progress of Umsetzung and E-Akte in the area (from the live
 * Lagebild, domain/lagebild.h) and the funding programme's state. Only numbers and statuses.
 *
 * Reading asks AUTHZ_KOORDINATION_LESEN for a Kreis and AUTHZ_LAND_LESEN for the Land.
 * Results live in the arena passed in; thread-safe. */
#ifndef RATHAUS_DOMAIN_BERICHT_H
#define RATHAUS_DOMAIN_BERICHT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/foerderprogramm.h"
#include "domain/lagebild.h"
#include "store/bericht.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct bericht {
    const char *kreis_ags;            /* NULL: the Land */
    const char *von, *bis;            /* YYYY-MM-DD, the period [von, bis] */
    struct bericht_zaehler *anfragen; /* kategorie, status, count */
    size_t n_anfragen;
    int64_t anfragen_gesamt, gemeinden_unterstuetzt, termine, teilnehmende;
    struct lagebild lagebild; /* now */
    int64_t online_zu_beginn; /* cells online at the end of the quarter before `von` */
    struct foerder_zeile *foerderung;
    size_t n_foerderung;
};

/* The report of Kreis `kreis_ags` (NULL: the Land) from `von` to `bis` (YYYY-MM-DD, both
 * included; NULL: the current calendar year up to today). ERR_INVALID (*bad: "kreis", "von",
 * "bis") for malformed input or bis before von; authz errors. */
RH_MUST_CHECK int bericht_erstellen(struct db_conn *c, struct arena *a, const struct actor *who,
                                    const char *kreis_ags, const char *von, const char *bis,
                                    int64_t jetzt, struct bericht *out, const char **bad);

#endif
