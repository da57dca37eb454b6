/* umsetzung: which municipality offers which OZG-Leistung online, since when, at which
 * maturity level (Reifegrad 0-4) and through which online service.
 *
 * Two sources, always kept apart:
 *   - "plattform": derived live from the platform itself. A Gemeinde offers an OZG-Leistung
 *     when an online service (onlinedienst) is configured for a responsibility
 *     (zustaendigkeit) of one of that OZG-Leistung's Leistungen in the Gemeinde or in its
 *     Kreis. Reifegrad is the highest of those services, seit the earliest. It "receives
 *     submissions" when a published form of such a Leistung exists for a responsible
 *     authority (or for all) or applications were submitted to one; then the Reifegrad shown
 *     is at least 2 (online application). Only counts, never an application's content.
 *   - "meldung": reported by the municipality (or its coordinator) for services offered
 *     elsewhere, with date and reporting authority.
 * Also the municipality's building blocks, onboarding checklists and E-Akte stage.
 *
 * Authorization: reading an area asks authz_check(AUTHZ_KOORDINATION_LESEN, kreis) for a
 * Kreis or Gemeinde and AUTHZ_LAND_LESEN for the whole Land; reports are written by the
 * Gemeinde's own administration (AUTHZ_UMSETZUNG_MELDEN on its behoerde) or by a
 * coordinator of its Kreis (AUTHZ_KOORDINATION_BEARBEITEN). No personal data is ever read
 * here; the reporting account's id is stored but never returned.
 *
 * All results live in the arena passed in. Thread-safe (no state). */
#ifndef RATHAUS_DOMAIN_UMSETZUNG_H
#define RATHAUS_DOMAIN_UMSETZUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/umsetzung.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* The area a reader asks about: a Gemeinde, a Kreis, or (both NULL) the Land. */
struct umsetzung_gebiet {
    const char *kreis_ags;    /* 5 digits or NULL */
    const char *gemeinde_ags; /* 8 digits or NULL; wins over kreis_ags */
};

/* Check that `who` may read the area; ERR_INVALID for malformed keys (*bad names the
 * parameter "kreis" or "gemeinde"), else the answer of authz_check(). Cannot fail otherwise. */
RH_MUST_CHECK int umsetzung_darf_lesen(const struct actor *who, const struct umsetzung_gebiet *g,
                                       const char **bad);

/* One row of the Umsetzung: one source of one Gemeinde × OZG-Leistung, or a gap. */
struct umsetzung_zeile {
    const char *gemeinde_ags, *gemeinde, *kreis_ags;
    int64_t ozg_id;
    const char *leistung, *themenfeld, *lebenslage;
    bool online;
    int reifegrad;
    const char *quelle;  /* "plattform", "meldung", or NULL for a gap */
    bool kreisweit;      /* plattform: only through a Kreis-wide responsibility */
    bool empfaengt;      /* plattform: receives submissions (a published form, applications) */
    int64_t eingereicht; /* plattform: applications submitted to the responsible authorities */
    const char *seit;    /* YYYY-MM-DD or NULL */
    const char *onlinedienst, *url; /* may be NULL */
    const char *gemeldet_von;       /* reports: the reporting authority's name */
    int64_t gemeldet_am;            /* reports: unix seconds */
};

struct umsetzung_filter {
    struct umsetzung_gebiet gebiet;
    int64_t ozg_id; /* 0: every OZG-Leistung */
    bool luecken;   /* also rows for OZG-Leistungen offered nowhere (needs a Kreis or Gemeinde) */
    int64_t limit;  /* 1..1000000 */
    const char *cursor;
};

struct umsetzung_seite {
    struct umsetzung_zeile *items;
    size_t n;
    const char *next_cursor; /* NULL at the end */
};

/* A page of rows ordered by (gemeinde, OZG-Leistung, quelle). ERR_INVALID (*bad names the
 * parameter) for malformed keys, a bad cursor or `luecken` without an area; ERR_NOTFOUND for
 * an unknown Gemeinde; authz errors as umsetzung_darf_lesen(). */
RH_MUST_CHECK int umsetzung_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                  const struct umsetzung_filter *f, struct umsetzung_seite *out,
                                  const char **bad);

/* A municipality's report (POST /api/v1/umsetzung/meldungen). */
struct umsetzung_meldung_in {
    const char *gemeinde_ags;
    int64_t ozg_id;
    bool online;
    int reifegrad;                  /* 0-4 */
    const char *seit;               /* YYYY-MM-DD, not in the future; may be NULL */
    const char *onlinedienst, *url; /* may be NULL; url http(s) */
};

/* Store the report as `who`: staff with AUTHZ_UMSETZUNG_MELDEN in the Gemeinde's own
 * administration, or a coordinator of its Kreis. Written to the audit log. ERR_INVALID with
 * *fehler; ERR_NOTFOUND for an unknown Gemeinde (or one `who` cannot see); ERR_FORBIDDEN. */
RH_MUST_CHECK int umsetzung_melden(struct db_conn *c, const struct umfeld *u,
                                   const struct actor *who, const struct umsetzung_meldung_in *m,
                                   struct feld_fehler *fehler);

/* May `who` report for Gemeinde `ags`? ERR_OK with *behoerde_id the Gemeinde's own
 * administration `who` reports for (AUTHZ_UMSETZUNG_MELDEN), or 0 for a coordinator of its
 * Kreis (AUTHZ_KOORDINATION_BEARBEITEN); ERR_INVALID for a malformed key; else the authz
 * answer (ERR_NOTFOUND for another district's coordinator, ERR_FORBIDDEN, ...). */
RH_MUST_CHECK int umsetzung_darf_melden(struct db_conn *c, const struct actor *who, const char *ags,
                                        int64_t *behoerde_id);

/* ---- the matrix: every Gemeinde × OZG-Leistung of an area, one byte per cell ---- */

#define UMS_PLATTFORM      0x80 /* offered through the platform */
#define UMS_MELDUNG        0x40 /* reported as offered elsewhere */
#define UMS_REIFEGRAD_MASK 0x07 /* highest Reifegrad of both sources */
#define UMS_QUARTAL_BASIS  2000 /* quartal numbers count quarters since 2000-Q1, from 1 */

struct umsetzung_matrix {
    struct ums_gemeinde *gemeinden; /* by key */
    size_t n_gemeinden;
    struct ums_ozg *ozg; /* by id */
    size_t n_ozg;
    uint8_t *zelle;    /* [g * n_ozg + o] */
    uint16_t *quartal; /* [g * n_ozg + o]: first quarter online; 0: online, date unknown */
};

/* Build the matrix of the area with key `prefix` ("" Land, a Kreis or a Gemeinde key) from
 * a few grouped queries. The caller has checked authorization (umsetzung_darf_lesen). */
RH_MUST_CHECK int umsetzung_matrix_laden(struct db_conn *c, struct arena *a, const char *prefix,
                                         struct umsetzung_matrix *out);

/* The quarter number of a date "YYYY-MM-DD" (see UMS_QUARTAL_BASIS), 0 when it is not one. */
int umsetzung_quartal(const char *datum);

/* True for a valid calendar date "YYYY-MM-DD" between 1990 and 2100. Cannot fail. */
bool umsetzung_is_datum(const char *s);

#endif
