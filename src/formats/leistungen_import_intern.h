/* leistungen_import_intern: what the parts of the service-catalogue import share — the parsed
 * rows of the CSV files (leistungen_csv.c) and of the project's JSON descriptions
 * (leistungen_json.c), and the import's state, written by leistungen_import.c. Internal to
 * src/formats/; the interface is leistungen_import.h. Rows live in the import's arena. */
#ifndef RATHAUS_FORMATS_LEISTUNGEN_IMPORT_INTERN_H
#define RATHAUS_FORMATS_LEISTUNGEN_IMPORT_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/leistungen_import.h"
#include "store/import_leistung.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

#define ARENA_CAP   ((size_t)512 * 1024 * 1024)
#define SCRATCH_CAP ((size_t)64 * 1024 * 1024)
#define MAX_NAME    1000     /* bytes of a name in the CSV files */
#define MAX_ID      99999999 /* largest id of a Themenfeld, Lebenslage, OZG-Leistung */

/* CSV kinds, in the order they are written */
enum kind { K_THEMENFELD, K_LEBENSLAGE, K_OZG, K_LEIKA, K_JSON };

static const char *const dir_files[] = {"ozg-themenfelder.csv", "ozg-lebenslagen.csv",
                                        "ozg-leistungen.csv", "leika-leistungen.csv"};

struct src {
    const char *file;
    size_t line;
};

struct tf_row {
    int64_t id;
    const char *name;
    struct src src;
};

struct ll_row {
    int64_t id;
    const char *name;
    int64_t themenfeld_id;
    struct src src;
};

struct ozg_row {
    struct import_ozg_leistung v;
    const char *lebenslage, *themenfeld; /* names, resolved when written */
    struct src src;
};

struct leika_row {
    struct import_leistung v;
    struct src src;
    bool is_skipped; /* a duplicate id in its file */
};

/* the keys of a JSON record, in this order; bit i of json_rec.given = key i was given */
enum jkind {
    JK_ID,
    JK_NAME,
    JK_TEXT,
    JK_LEIKA,
    JK_OZG,
    JK_EBENE,
    JK_LIST,
    JK_WORDS,
    JK_INT,
    JK_AMT
};

struct jfield {
    const char *key;
    enum jkind kind;
    size_t off; /* of the const char * member of struct import_leistung */
};
extern const struct jfield li_jfields[];
extern const size_t li_n_jfields;

struct json_rec {
    struct import_leistung v; /* the given values; others unset */
    uint32_t given;
    const char *file;
    size_t index; /* in $.leistungen */
};

struct vec {
    void *p;
    size_t n, cap;
};

#define AT(v, T, i) (&((T *)(v).p)[i])

struct leistungen_import {
    struct arena *a;
    struct vec tf, ll, ozg, leika, json;
    size_t n_files, n_doppelt;
    struct buf warnings;
    char today[11];
};

/* A zeroed new slot at the end of v (elements of `size` bytes); NULL when out of memory. */
void *li_vec_push(struct vec *v, size_t size);
/* Bytes of `s` to show in a message: at most 60, not cutting a UTF-8 sequence. */
int li_clip(struct str s);

/* Parse one catalogue CSV file (the kind is found from its header) into l. ERR_OK, or
 * ERR_INVALID with "file:line: reason" in err; ERR_NOMEM. */
RH_MUST_CHECK int li_parse_csv(struct leistungen_import *l, const char *file, const char *data,
                               size_t len, struct buf *err);
/* Parse one JSON file of service descriptions into l, likewise ("file: $.path: reason"). */
RH_MUST_CHECK int li_parse_json(struct leistungen_import *l, const char *file, const char *data,
                                size_t len, struct buf *err);

#endif
