/* gemeinde_stand: what a municipality reports about its own implementation besides the
 * Umsetzung — the building blocks it uses (portal, form server, payment platform, service
 * account, specialist procedures and their vendors), the onboarding checklist per
 * OZG-Leistung, its E-Akte stage — next to the E-Akte stage derived from platform use, and
 * what blocks it from going live (open checklist steps, missing basic building blocks).
 *
 * Authorization (domain/umsetzung.h, umsetzung_darf_melden): the Gemeinde's own staff
 * (AUTHZ_UMSETZUNG_MELDEN on its administration) and the coordinators of its Kreis
 * (AUTHZ_KOORDINATION_BEARBEITEN) read and write; the ministry and statewide coordinators
 * read (AUTHZ_KOORDINATION_LESEN). Every change goes to the audit log in its transaction.
 * Only counts, names of products and vendors and dates: never personal data; the reporting
 * account's id is stored, never returned. Results live in the arena passed in; thread-safe. */
#ifndef RATHAUS_DOMAIN_GEMEINDE_STAND_H
#define RATHAUS_DOMAIN_GEMEINDE_STAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/lagebild.h"
#include "domain/umfeld.h"
#include "store/umsetzung.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define STAND_SCHRITTE 6

/* The steps of an onboarding checklist in order ("zustaendigkeit", ... "freigabe") and their
 * German labels; NULL out of range. Cannot fail. */
const char *stand_schritt_name(size_t i);
const char *stand_schritt_label(const char *name);
/* German label of a building block kind ("portal" → "Portal"); NULL for an unknown kind. */
const char *stand_art_label(const char *art);

/* An OZG-Leistung in onboarding whose checklist is not complete. */
struct stand_blocker {
    int64_t ozg_id;
    const char *leistung;
    const char *offen[STAND_SCHRITTE]; /* names of the open steps */
    size_t n_offen;
};

struct gemeinde_stand {
    const char *ags, *name, *kreis_ags, *kreis;
    struct ums_baustein *bausteine;
    size_t n_bausteine;
    struct ums_schritt *schritte;  /* recorded steps by (ozg_id, schritt) */
    const char **schritt_leistung; /* [i]: the OZG-Leistung's name of schritte[i] */
    size_t n_schritte;
    enum eakte_stufe eakte;    /* reported; EAKTE_UNBEKANNT: no report */
    const char *eakte_seit;    /* may be NULL */
    int64_t eakte_gemeldet_am; /* 0: no report */
    enum eakte_stufe eakte_plattform;
    int64_t aemter, aemter_mit_akten;
    const char *fehlende_arten[4]; /* basic building blocks not reported */
    size_t n_fehlend;
    struct stand_blocker *blocker;
    size_t n_blocker;
    bool darf_melden; /* `who` may change it */
};

/* Read the stand of Gemeinde `ags`. ERR_INVALID for a malformed key; ERR_NOTFOUND for an
 * unknown Gemeinde or one `who` may not see; authz errors. */
RH_MUST_CHECK int gemeinde_stand_lesen(struct db_conn *c, struct arena *a, const struct actor *who,
                                       const char *ags, struct gemeinde_stand *out);

/* Report a building block (insert, or update vendor and date of the same kind and name). */
RH_MUST_CHECK int gemeinde_baustein_melden(struct db_conn *c, const struct umfeld *u,
                                           const struct actor *who, const char *ags,
                                           const char *art, const char *name,
                                           const char *hersteller, const char *seit,
                                           struct feld_fehler *f);
/* Set one step of the checklist of OZG-Leistung `ozg_id`. */
RH_MUST_CHECK int gemeinde_schritt_melden(struct db_conn *c, const struct umfeld *u,
                                          const struct actor *who, const char *ags, int64_t ozg_id,
                                          const char *schritt, bool erledigt, const char *notiz,
                                          struct feld_fehler *f);
/* Report the E-Akte stage ("nicht_begonnen" ... "flaechendeckend"). */
RH_MUST_CHECK int gemeinde_eakte_melden(struct db_conn *c, const struct umfeld *u,
                                        const struct actor *who, const char *ags, const char *stufe,
                                        const char *seit, struct feld_fehler *f);

#endif
