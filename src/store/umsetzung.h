/* store/umsetzung: SQL of the Umsetzung (who offers which OZG-Leistung online) and of the
 * municipalities' reports behind it: reports of online services elsewhere, building blocks,
 * onboarding checklists, E-Akte stages.
 *
 * Reads that feed the statewide Lagebild call a function per row (`*_each`), with strings
 * borrowed for the call only, so that 100,000 rows need no copies; small reads return arrays
 * in the arena passed in. `prefix` arguments select an area by its key prefix: "" for the
 * Land, a 5-digit Kreis key, an 8-digit Gemeinde key (a Gemeinde's key begins with its
 * Kreis's). The online cells and their counts (umsetzung_zelle, umsetzung_zahl) are kept by
 * the triggers of migration 0007; this module only reads them. No roles here: the domain
 * decides who may call. */
#ifndef RATHAUS_STORE_UMSETZUNG_H
#define RATHAUS_STORE_UMSETZUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* One Gemeinde as the Lagebild needs it; strings in the arena. */
struct ums_gemeinde {
    const char *ags, *name, *kreis_ags, *kreis, *typ;
    int64_t einwohner;
};

/* One OZG-Leistung with its place in the catalogue; strings in the arena. */
struct ums_ozg {
    int64_t id;
    const char *name, *lebenslage, *themenfeld;
    int64_t themenfeld_id; /* 0 when unknown */
};

/* Gemeinden whose key starts with `prefix`, ordered by key. */
RH_MUST_CHECK int store_ums_gemeinden(struct db_conn *c, struct arena *a, const char *prefix,
                                      struct ums_gemeinde **out, size_t *n);

/* The OZG-Leistungen ordered by id; only `ozg_id` when it is > 0. */
RH_MUST_CHECK int store_ums_ozg(struct db_conn *c, struct arena *a, int64_t ozg_id,
                                struct ums_ozg **out, size_t *n);

/* One area × OZG-Leistung the platform offers online: an online service is configured for a
 * responsibility of a Leistung of that OZG-Leistung in the area (a Gemeinde, 8 digits, or a
 * Kreis, 5 digits). reifegrad is the highest, seit the earliest of those services. */
struct ums_plattform {
    const char *gebiet_ags;
    int64_t ozg_id;
    int reifegrad;
    const char *seit;         /* YYYY-MM-DD or NULL */
    const char *onlinedienst; /* name of one of the services */
    const char *url;
    bool formular;       /* a published form of one of the Leistungen for a responsible authority */
    int64_t eingereicht; /* applications submitted to the responsible authorities (count) */
};
typedef int (*store_ums_plattform_fn)(void *ctx, const struct ums_plattform *p);

/* Call `fn` for each such pair in areas starting with `prefix` (Gemeinde or Kreis keys; a
 * Gemeinde prefix also needs its Kreis's pairs, so pass the Kreis prefix and filter), ordered
 * by (gebiet_ags, ozg_id); only `ozg_id` when > 0. A non-OK return of `fn` stops and is
 * returned. */
RH_MUST_CHECK int store_ums_plattform_each(struct db_conn *c, const char *prefix, int64_t ozg_id,
                                           store_ums_plattform_fn fn, void *ctx);

/* The raw rows behind the matrix: every responsibility with an online service in areas whose
 * key starts with `prefix` (all lengths; the caller keeps Gemeinde and Kreis keys), without
 * grouping and without the catalogue join — the caller maps leistung_id to its OZG-Leistung
 * (store_ums_leistung_ozg) — so that the statewide picture costs one indexed range scan. */
struct ums_roh {
    const char *gebiet_ags, *leistung_id;
    int64_t onlinedienst_id;
    int reifegrad;    /* only when `mit_dienst` */
    const char *seit; /* only when `mit_dienst` */
};
typedef int (*store_ums_roh_fn)(void *ctx, const struct ums_roh *r);
/* `mit_dienst`: join the online service for reifegrad and seit (small areas); else the caller
 * reads the services once with store_ums_dienste_each (the whole Land). */
RH_MUST_CHECK int store_ums_roh_each(struct db_conn *c, const char *prefix, bool mit_dienst,
                                     store_ums_roh_fn fn, void *ctx);

/* Every online service: id, reifegrad, seit (by id); *max_id first gets the largest id. */
typedef int (*store_ums_dienst_fn)(void *ctx, int64_t id, int reifegrad, const char *seit);
RH_MUST_CHECK int store_ums_dienste_max(struct db_conn *c, int64_t *max_id);
RH_MUST_CHECK int store_ums_dienste_each(struct db_conn *c, store_ums_dienst_fn fn, void *ctx);

/* Every Leistung that belongs to an OZG-Leistung: its id and the OZG-ID, by id. */
struct ums_leistung_ozg {
    const char *id;
    int64_t ozg_id;
};
RH_MUST_CHECK int store_ums_leistung_ozg(struct db_conn *c, struct arena *a,
                                         struct ums_leistung_ozg **out, size_t *n);

/* ---- the online cells (table umsetzung_zelle, kept by the triggers of migration 0007) ---- */

/* Counts of the online cells of one Gemeinde in one Themenfeld (0: none). */
struct ums_zahlen {
    const char *gemeinde_ags;
    int64_t themenfeld_id, online, plattform, meldung, reifegrad3;
};
typedef int (*store_ums_zahlen_fn)(void *ctx, const struct ums_zahlen *z);
/* Call `fn` per Gemeinde x Themenfeld with online cells under `prefix`, ordered by Gemeinde
 * key and Themenfeld (from umsetzung_zahl, the cells' counts kept by triggers). */
RH_MUST_CHECK int store_ums_zahlen_each(struct db_conn *c, const char *prefix,
                                        store_ums_zahlen_fn fn, void *ctx);

/* Which cells the time line counts: area `prefix`, only Themenfeld `themenfeld_id` when > 0,
 * only Gemeinden with ew_min <= einwohner < ew_max when ew_max > 0. */
struct ums_seit_filter {
    const char *prefix;
    int64_t themenfeld_id;
    int64_t ew_min, ew_max;
};
typedef int (*store_ums_seit_fn)(void *ctx, const char *seit, int64_t n);
/* Call `fn` per earliest date (NULL: unknown) with the number of cells online since then. */
RH_MUST_CHECK int store_ums_seit_each(struct db_conn *c, const struct ums_seit_filter *f,
                                      store_ums_seit_fn fn, void *ctx);

/* A municipality's report about one OZG-Leistung. */
struct ums_meldung {
    const char *gemeinde_ags;
    int64_t ozg_id;
    bool online;
    int reifegrad;
    const char *seit, *onlinedienst, *url; /* may be NULL */
    int64_t behoerde_id, konto_id;         /* who reported (0: unknown) */
    const char *behoerde;                  /* read only: the reporting authority's name */
    int64_t gemeldet_am;
};
typedef int (*store_ums_meldung_fn)(void *ctx, const struct ums_meldung *m);

RH_MUST_CHECK int store_ums_meldung_each(struct db_conn *c, const char *prefix, int64_t ozg_id,
                                         store_ums_meldung_fn fn, void *ctx);

/* Insert or replace the report of (gemeinde_ags, ozg_id). */
RH_MUST_CHECK int store_ums_meldung_put(struct db_conn *c, const struct ums_meldung *m);

/* A building block a municipality uses. */
struct ums_baustein {
    int64_t id;
    const char *gemeinde_ags, *art, *name, *hersteller, *seit;
    int64_t behoerde_id, konto_id, gemeldet_am;
};

RH_MUST_CHECK int store_ums_bausteine(struct db_conn *c, struct arena *a, const char *gemeinde_ags,
                                      struct ums_baustein **out, size_t *n);
/* Insert, or update hersteller/seit of the block with the same (gemeinde, art, name). */
RH_MUST_CHECK int store_ums_baustein_put(struct db_conn *c, const struct ums_baustein *b);

/* One step of an onboarding checklist. */
struct ums_schritt {
    int64_t ozg_id;
    const char *schritt, *notiz;
    bool erledigt;
    int64_t geaendert;
};

/* The recorded steps of a Gemeinde (only `ozg_id` when > 0), by (ozg_id, schritt). */
RH_MUST_CHECK int store_ums_checkliste(struct db_conn *c, struct arena *a, const char *gemeinde_ags,
                                       int64_t ozg_id, struct ums_schritt **out, size_t *n);
RH_MUST_CHECK int store_ums_schritt_put(struct db_conn *c, const char *gemeinde_ags,
                                        const struct ums_schritt *s, int64_t konto_id);

/* The newest E-Akte stage per Gemeinde under `prefix`, ordered by Gemeinde key; Gemeinden
 * without a report are absent. */
struct ums_eakte {
    const char *gemeinde_ags, *stufe, *seit;
    int64_t gemeldet_am;
};
typedef int (*store_ums_eakte_fn)(void *ctx, const struct ums_eakte *e);
RH_MUST_CHECK int store_ums_eakte_each(struct db_conn *c, const char *prefix, store_ums_eakte_fn fn,
                                       void *ctx);
RH_MUST_CHECK int store_ums_eakte_put(struct db_conn *c, const char *gemeinde_ags,
                                      const char *stufe, const char *seit, int64_t behoerde_id,
                                      int64_t konto_id, int64_t jetzt);

/* E-Akte use on the platform per Gemeinde under `prefix` (its own administration, art
 * 'gemeinde'): offices, and offices with at least one file or case. Counts only. Ordered by
 * Gemeinde key; Gemeinden without an administration on the platform are absent. */
struct ums_eakte_nutzung {
    const char *gemeinde_ags;
    int64_t aemter, aemter_mit_akten;
};
typedef int (*store_ums_eakte_nutzung_fn)(void *ctx, const struct ums_eakte_nutzung *n);
RH_MUST_CHECK int store_ums_eakte_nutzung_each(struct db_conn *c, const char *prefix,
                                               store_ums_eakte_nutzung_fn fn, void *ctx);

/* Whether authority `behoerde_id` is the administration of Gemeinde `ags` (art 'gemeinde'). */
RH_MUST_CHECK int store_ums_behoerde_of(struct db_conn *c, int64_t behoerde_id,
                                        const char *gemeinde_ags, bool *is_own);

/* The version stamp of everything the Lagebild reads (table lagebild_stand, migration 0009):
 * a new random value in the same transaction as every change of those tables (on SQLite with
 * every statement, on PostgreSQL once per transaction). Read it BEFORE the figures it vouches
 * for. *eigen: the stamp was set by the caller's own, still open transaction (PostgreSQL),
 * whose later changes will not move it again: do not cache then. ERR_NOTFOUND when the row is
 * missing. */
RH_MUST_CHECK int store_ums_stand(struct db_conn *c, int64_t *version, bool *eigen);

#endif
