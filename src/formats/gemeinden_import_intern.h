/* gemeinden_import_intern: what the parts of the municipality import share — the parsed rows
 * of one run (struct batch), the import's state, and the helpers between the CSV reader
 * (gemeinden_csv.c), the GV100AD reader (gemeinden_gv100ad.c) and the writer and public
 * interface (gemeinden_import.c). Internal to src/formats/; the interface is
 * gemeinden_import.h. Rows live in the import's arena; the vectors are malloc'd and freed by
 * gi_batch_free(). */
#ifndef RATHAUS_FORMATS_GEMEINDEN_IMPORT_INTERN_H
#define RATHAUS_FORMATS_GEMEINDEN_IMPORT_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/gebiet.h"
#include "formats/gemeinden_import.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

#define ARENA_CAP     ((size_t)256 * 1024 * 1024)
#define MAX_TEXT      300         /* bytes of a name or type */
#define MAX_EINWOHNER 100000000   /* more than any Land */
#define MAX_HA        10000000000 /* hectares, far more than any Land */

/* File kinds, in the order they are written (parents first). */
enum kind { K_RB, K_REGION, K_KREIS, K_VERBAND, K_GEMEINDEN, K_GV100AD };

struct src {
    const char *file;
    size_t line;
};

struct rb_row {
    struct import_regierungsbezirk v;
    struct src src;
};

struct region_row {
    struct import_region v;
    struct src src;
};

struct kreis_row {
    struct import_kreis v;
    struct src src;
    int64_t ha; /* area sum for derived rows */
    bool has_ha;
};

struct verband_row {
    struct import_verband v;
    struct src src;
};

struct gemeinde_row {
    struct import_gemeinde v;
    struct src src;
    int64_t ha;
    bool has_ha;
};

/* a gemeindefreies Gebiet of a GV100AD file: not imported, but part of its Kreis */
struct frei_row {
    char kreis[6];
    int64_t ha, einwohner;
    size_t line;
};

/* A growable array of structs (malloc). */
struct vec {
    void *p;
    size_t n, cap;
};

#define AT(v, T, i) (&((T *)(v).p)[i])

struct batch {
    enum kind kind;
    const char *file;
    struct vec rb, region, kreis, verband, gemeinde, frei;
    size_t n_skipped;
};

struct gemeinden_import {
    char land[3];
    struct arena *a;
    struct batch *b;
    size_t n_b, cap_b;
};

/* A zeroed new slot at the end of v (elements of `size` bytes); NULL when out of memory. */
void *gi_vec_push(struct vec *v, size_t size);
/* Free the vectors of b and zero it. */
void gi_batch_free(struct batch *b);
/* Equal strings, or both NULL. */
bool gi_same(const char *a, const char *b);
/* Bytes of `s` to show in a message: at most 60, not cutting a UTF-8 sequence. */
int gi_clip(struct str s);
const char *gi_or_empty(const char *s);
/* "207.33" from hectares, in a. */
const char *gi_km2_text(struct arena *a, int64_t ha);

/* Fails (ERR_INVALID, "FILE:LINE: ...") at the second row holding a key twice. keys[i] is read
 * at offset `off` of element i of `v` (a const char * member); lines from the struct src at
 * `src_off`. */
RH_MUST_CHECK int gi_check_unique(const char *file, const struct vec *v, size_t size, size_t off,
                                  size_t src_off, const char *what, struct buf *err);
#define CHECK_UNIQUE(file, vec, T, member, what, err)                                              \
    gi_check_unique((file), &(vec), sizeof(T), offsetof(T, member), offsetof(T, src), (what), (err))

/* Parse one CSV file of the directory (the kind is found from its header) into b. ERR_OK, or
 * ERR_INVALID with "file:line: reason" in err; ERR_NOMEM. */
RH_MUST_CHECK int gi_parse_csv(struct gemeinden_import *g, struct batch *b, const char *data,
                               size_t len, struct buf *err);
/* Parse a GV100AD file into b, likewise. */
RH_MUST_CHECK int gi_parse_gv(struct gemeinden_import *g, struct batch *b, const char *data,
                              size_t len, struct buf *err);

#endif
