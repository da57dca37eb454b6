/* demo_import_intern: the parsed demo data set (demo/leistungen.json and demo/aemter.json),
 * shared by the reader (demo_lesen.c) and the generator (demo_import.c). Internal to
 * src/formats/; the interface is demo_import.h. Everything lives in the arena given to
 * dm_load_set(). */
#ifndef RATHAUS_FORMATS_DEMO_IMPORT_INTERN_H
#define RATHAUS_FORMATS_DEMO_IMPORT_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/demo_import.h"
#include "formats/leistungen_import.h"
#include "util/arena.h"

#define TEXT_MAX         20000 /* bytes of one string (docs/formats.md) */
#define LIST_MAX         100   /* entries of one list (docs/formats.md) */
#define N_LEISTUNGEN_MAX 2000
#define N_AEMTER_MAX     100
#define N_LAND_MAX       20
#define N_KREISE_MAX     44
#define N_VORWAHLEN_MAX  2000
#define N_ORTE_MAX       1000
#define SHORT_MAX        200 /* bytes of a name, an opening-hours line, a street */
#define ARENA_CAP        (64u * 1024 * 1024)

enum art_kind { ART_GEMEINDE, ART_GKS, ART_STADTKREIS, ART_LANDRATSAMT, N_ARTEN };

static const char *const art_keys[N_ARTEN] = {"gemeinde", "grosse_kreisstadt", "stadtkreis",
                                              "landratsamt"};

struct d_leistung {
    const char *id, *amt;
};

struct d_amt_leistung {
    const char *id, *online; /* online: name of the online service, or NULL */
    int reifegrad, anteil;
};

struct d_amt {
    const char *key, *name, *email, *durchwahl;
    const char *oeffnungszeiten; /* lines joined by '\n', or NULL */
    struct d_amt_leistung *l;
    size_t n_l;
};

struct d_liste {
    const struct d_amt **a;
    size_t n;
};

struct d_art {
    const char *art, *praefix, *praefix_stadt, *strasse, *email, *domain_praefix;
    struct d_liste gemeinde, kreis;
};

struct d_land {
    const char *schluessel, *name, *art, *strasse, *plz, *ort, *vorwahl, *domain, *email;
    struct d_liste aemter;
};

struct d_vorwahl {
    const char *ags, *vorwahl;
};

struct demo_set {
    struct d_leistung *l;
    size_t n_l;
    struct d_amt *aemter;
    size_t n_aemter;
    struct d_art arten[N_ARTEN];
    struct d_land *land;
    size_t n_land;
    struct d_vorwahl *vorwahlen;
    size_t n_vorwahlen;
    const char **kreise;
    size_t n_kreise;
};

/* printf into err[0..err_len) (nothing when err is NULL). */
void dm_set_err(char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read and check the demo set in folder `dir` into *set (strings in a); the service
 * descriptions also go into li. ERR_OK, or ERR_INVALID/ERR_IO with "file: $.path: reason" in
 * err; ERR_NOMEM. */
RH_MUST_CHECK int dm_load_set(const char *dir, struct leistungen_import *li, struct arena *a,
                              struct demo_set *set, char *err, size_t err_len);

#endif
