/* gebiet: the official territory — Regierungsbezirke, Kreise, Gemeinden — as read by every
 * face, with validation of keys, sortable keyset-paginated lists and the resolution of a place
 * typed by a person (AGS, postcode or name). All returned structs and strings live in the
 * arena passed in. Reads need no authorization: this is public data. */
#ifndef RATHAUS_DOMAIN_GEBIET_H
#define RATHAUS_DOMAIN_GEBIET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct regierungsbezirk {
    const char *ags, *name, *sitz;
    int64_t einwohner, n_kreise, n_gemeinden;
};

struct kreis {
    const char *ags, *name, *typ, *verwaltungssitz, *regierungsbezirk_ags, *regierungsbezirk;
    const char *region;
    int64_t einwohner, n_gemeinden;
    double flaeche_km2;
};

struct gemeinde {
    const char *ags, *ars, *name, *name_kurz, *typ, *plz;
    const char *kreis_ags, *kreis, *regierungsbezirk_ags, *regierungsbezirk;
    const char *verband_ars, *verband;
    const char *name_norm; /* the stored lookup form of the name (sort key) */
    int64_t einwohner;
    double flaeche_km2;
    bool plz_eindeutig;
};

enum gemeinde_sort { GEMEINDE_SORT_NAME, GEMEINDE_SORT_EINWOHNER, GEMEINDE_SORT_AGS };

struct gemeinde_filter {
    const char *q;         /* name prefix, or NULL */
    const char *kreis_ags; /* 5 digits, or NULL */
    enum gemeinde_sort sort;
    bool desc;
    int64_t limit;      /* 1..100 */
    const char *cursor; /* from a previous page, or NULL */
};

struct gemeinde_page {
    struct gemeinde *items;
    size_t n;
    const char *next_cursor; /* NULL at the end */
};

/* Key checks: exactly 3 / 5 / 8 digits. Cannot fail. */
bool gebiet_is_rb_ags(const char *s);
bool gebiet_is_kreis_ags(const char *s);
bool gebiet_is_gemeinde_ags(const char *s);

RH_MUST_CHECK int gebiet_regierungsbezirke(struct db_conn *c, struct arena *a,
                                           struct regierungsbezirk **out, size_t *n);
/* ERR_NOTFOUND for an unknown key. */
RH_MUST_CHECK int gebiet_regierungsbezirk(struct db_conn *c, struct arena *a, const char *ags,
                                          struct regierungsbezirk *out);
/* Kreise, optionally of one Regierungsbezirk (rb_ags may be NULL), sorted by name. */
RH_MUST_CHECK int gebiet_kreise(struct db_conn *c, struct arena *a, const char *rb_ags,
                                struct kreis **out, size_t *n);
RH_MUST_CHECK int gebiet_kreis(struct db_conn *c, struct arena *a, const char *ags,
                               struct kreis *out);
/* A page of Gemeinden. ERR_INVALID for a malformed cursor (*bad_param names it). */
RH_MUST_CHECK int gebiet_gemeinden(struct db_conn *c, struct arena *a,
                                   const struct gemeinde_filter *f, struct gemeinde_page *out,
                                   const char **bad_param);
RH_MUST_CHECK int gebiet_gemeinde(struct db_conn *c, struct arena *a, const char *ags,
                                  struct gemeinde *out);

/* Resolve a place typed by a person: an 8-digit AGS, a 5-digit postcode, or a name (exact
 * short name first, then prefix; umlauts may be typed as ae/oe/ue or plain vowels). Up to
 * `max` candidates, best first; *n may be 0. ERR_INVALID for empty or overlong input. */
RH_MUST_CHECK int gebiet_ort_finden(struct db_conn *c, struct arena *a, const char *ort, size_t max,
                                    struct gemeinde **out, size_t *n);

/* Lower-case, umlaut-folded form of a name (ä→a, ö→o, ü→u, ß→ss, "ae"/"oe"/"ue" kept) used
 * for name lookups; in `a`. NULL when out of memory. */
char *gebiet_name_norm(struct arena *a, const char *name);

#endif
