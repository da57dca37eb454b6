/* lagebild: the figures of the Umsetzung for a coordinator's district or the whole Land —
 * progress per municipality, per district, per OZG-Themenfeld and over time, and the E-Akte
 * stages — counted by the database: two grouped queries over the online cells
 * (umsetzung_zelle, kept by triggers in the same transaction as every change of its sources)
 * plus the Gemeinden and the catalogue. A computed picture is kept in domain/lagebild_cache.h
 * and served again only while the database's version stamp (lagebild_stand, bumped by
 * triggers in the same transaction as every change of a table read here) is unchanged, so it
 * cannot go stale.
 *
 * Only counts, shares and public names: no personal data. Reading asks umsetzung_darf_lesen()
 * (AUTHZ_KOORDINATION_LESEN for a Kreis, AUTHZ_LAND_LESEN for the Land). Everything lives in
 * the arena passed in. Thread-safe (the cache has its own lock). */
#ifndef RATHAUS_DOMAIN_LAGEBILD_H
#define RATHAUS_DOMAIN_LAGEBILD_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "store/umsetzung.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* E-Akte stages in order; EAKTE_UNBEKANNT: no report yet. */
enum eakte_stufe {
    EAKTE_NICHT_BEGONNEN,
    EAKTE_GEPLANT,
    EAKTE_PILOT,
    EAKTE_TEILWEISE,
    EAKTE_FLAECHENDECKEND,
    EAKTE_UNBEKANNT,
    EAKTE_ANZAHL
};

/* The stage derived from platform use: no administration on the platform: EAKTE_UNBEKANNT;
 * no office with files or cases: EAKTE_NICHT_BEGONNEN; some: EAKTE_TEILWEISE; all:
 * EAKTE_FLAECHENDECKEND. Cannot fail. */
enum eakte_stufe eakte_stufe_aus_nutzung(int64_t aemter, int64_t aemter_mit_akten);

/* "nicht_begonnen", ...; NULL out of range. And the German label for pages. Cannot fail. */
const char *eakte_stufe_name(enum eakte_stufe s);
const char *eakte_stufe_label(enum eakte_stufe s);
/* ERR_INVALID for an unknown name (EAKTE_UNBEKANNT is not a name one can report). */
RH_MUST_CHECK int eakte_stufe_parse(const char *name, enum eakte_stufe *out);

/* Size classes of the Gemeinden by population (Einwohner). */
enum groessenklasse {
    GK_ALLE,
    GK_UNTER_5000,
    GK_5000_20000,
    GK_20000_100000,
    GK_AB_100000,
    GK_ANZAHL
};
/* "unter_5000", ... ("" for GK_ALLE), the German label, the band [*min, *max) (max 0: none);
 * NULL / nothing out of range. Cannot fail. */
const char *groessenklasse_name(enum groessenklasse g);
const char *groessenklasse_label(enum groessenklasse g);
void groessenklasse_band(enum groessenklasse g, int64_t *min, int64_t *max);
/* NULL or "" is GK_ALLE; ERR_INVALID for an unknown name. */
RH_MUST_CHECK int groessenklasse_parse(const char *name, enum groessenklasse *out);

/* Which part of the picture: a Kreis (or the Land), a Regierungsbezirk, a size class, a
 * Themenfeld. Everything but the Kreis needs AUTHZ_LAND_LESEN when no Kreis is given. */
struct lagebild_filter {
    const char *kreis_ags; /* 5 digits or NULL */
    const char *rb_ags;    /* 3 digits ("081") or NULL; with a Kreis, the Kreis's own */
    enum groessenklasse groesse;
    int64_t themenfeld_id; /* > 0: only the OZG-Leistungen of this Themenfeld */
};

/* Counts of one row of the picture (a Gemeinde, a Kreis, a Themenfeld, the whole area). */
struct lagebild_zahlen {
    int64_t zellen;     /* Gemeinden × OZG-Leistungen considered */
    int64_t online;     /* cells online by any source */
    int64_t plattform;  /* cells online through the platform */
    int64_t meldung;    /* cells reported as online elsewhere */
    int64_t reifegrad3; /* cells online at Reifegrad 3 or 4 */
};

struct lagebild_gemeinde {
    const char *ags, *name, *kreis_ags, *typ;
    int64_t einwohner;
    struct lagebild_zahlen z;
    enum eakte_stufe eakte;           /* as reported */
    enum eakte_stufe eakte_plattform; /* derived from files and cases on the platform */
};

struct lagebild_kreis {
    const char *ags, *name;
    int64_t n_gemeinden, einwohner;
    struct lagebild_zahlen z;
    int64_t eakte[EAKTE_ANZAHL];           /* Gemeinden per reported stage */
    int64_t eakte_plattform[EAKTE_ANZAHL]; /* Gemeinden per stage derived from the platform */
};

struct lagebild_themenfeld {
    int64_t id; /* 0: OZG-Leistungen without a Themenfeld */
    const char *name;
    int64_t n_leistungen;
    struct lagebild_zahlen z;
};

/* One point of the time line: cells online at the end of a quarter. */
struct lagebild_punkt {
    int jahr, quartal; /* quartal 1..4 */
    int64_t online;
};

struct lagebild {
    const char *kreis_ags; /* NULL: the Land */
    struct lagebild_filter filter;
    int64_t n_leistungen;
    struct lagebild_zahlen gesamt;
    int64_t eakte[EAKTE_ANZAHL];
    int64_t eakte_plattform[EAKTE_ANZAHL];
    struct lagebild_gemeinde *gemeinden; /* by key */
    size_t n_gemeinden;
    struct lagebild_kreis *kreise; /* by key */
    size_t n_kreise;
    struct lagebild_themenfeld *themenfelder; /* by id */
    size_t n_themenfelder;
    struct lagebild_punkt *verlauf; /* from the first quarter with an offer to now */
    size_t n_verlauf;
};

/* Compute the picture for filter `f` at time `jetzt` (unix seconds, for the last point of the
 * time line). ERR_INVALID (*bad names the parameter: "kreis", "regierungsbezirk",
 * "themenfeld") for malformed or contradicting values; authz errors. */
RH_MUST_CHECK int lagebild_filtern(struct db_conn *c, struct arena *a, const struct actor *who,
                                   const struct lagebild_filter *f, int64_t jetzt,
                                   struct lagebild *out, const char **bad);

/* Where a computed picture is kept (domain/lagebild_cache.h): the filter and the quarter of
 * `jetzt` as a key, and the database's version stamp read now. key "": not cacheable. */
struct lagebild_stand {
    char key[128];
    int64_t version;
};

/* Check filter `f` for `who` (as lagebild_filtern) and read the stamp. Callers that cache a
 * rendered form look up (key, version) before computing and store under the same pair. */
RH_MUST_CHECK int lagebild_schluessel(struct db_conn *c, const struct actor *who,
                                      const struct lagebild_filter *f, int64_t jetzt,
                                      struct lagebild_stand *out, const char **bad);

/* The picture of Kreis `kreis_ags` (NULL: the Land), unfiltered. */
RH_MUST_CHECK int lagebild_berechnen(struct db_conn *c, struct arena *a, const struct actor *who,
                                     const char *kreis_ags, int64_t jetzt, struct lagebild *out);

/* A gap of a Gemeinde: an OZG-Leistung it does not offer online that comparable Gemeinden
 * (same Kreis, half to double the population; the whole Kreis when fewer than three) do. */
struct vergleich_luecke {
    int64_t ozg_id;
    const char *leistung, *themenfeld;
    size_t n_anbieter;       /* comparable Gemeinden offering it */
    const char *anbieter[3]; /* up to three of them: who to ask */
    const char *anbieter_ags[3];
};

struct gemeinde_bild {
    struct lagebild_gemeinde gemeinde;
    const char *kreis;                /* the Kreis's name */
    size_t n_vergleich;               /* comparable Gemeinden */
    struct vergleich_luecke *luecken; /* most offered first, at most 50 */
    size_t n_luecken;
    struct ums_baustein *bausteine;
    size_t n_bausteine;
};

/* The picture of one Gemeinde with its gaps and who to ask. ERR_INVALID for a malformed key,
 * ERR_NOTFOUND for an unknown one (or a Kreis `who` may not read). */
RH_MUST_CHECK int lagebild_gemeinde(struct db_conn *c, struct arena *a, const struct actor *who,
                                    const char *ags, int64_t jetzt, struct gemeinde_bild *out);

/* Share online/zellen in per mille (0..1000); 0 when zellen is 0. Cannot fail. */
int lagebild_promille(const struct lagebild_zahlen *z);

#endif
