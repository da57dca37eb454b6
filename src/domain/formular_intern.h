/* formular_intern: what the parser of form definitions shares — its state (struct pctx),
 * error reporting, paths and the readers of single properties — between the document and its
 * properties (formular.c) and the fields and conditions (formular_felder.c). Internal to
 * src/domain/; the interface is domain/formular.h. */
#ifndef RATHAUS_DOMAIN_FORMULAR_INTERN_H
#define RATHAUS_DOMAIN_FORMULAR_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/formular.h"

/* What the parser carries: the arena, the error list and a count of all fields. */
struct pctx {
    struct arena *a;
    struct formular_fehler *fe;
    size_t n_fe;
    size_t n_felder;
    bool nomem;
};

/* Report an error at `pfad`, formatted in the arena; beyond FORMULAR_MAX_FEHLER errors they
 * are dropped, out of memory sets p->nomem. */
void fp_fehler(struct pctx *p, const char *pfad, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* `pfad`.`key` and `pfad`.`key`[i], in the arena (`pfad` itself when out of memory). */
const char *fp_pfad_key(struct pctx *p, const char *pfad, const char *key);

const char *fp_pfad_idx(struct pctx *p, const char *pfad, const char *key, size_t i);

/* Refuse keys of `obj` that are not in `erlaubt` (NULL-terminated). */
void fp_nur_bekannte(struct pctx *p, const json_t *obj, const char *pfad,
                     const char *const *erlaubt);

/* A string property: absent is fine unless `pflicht`; else a clean UTF-8 string of
 * min..max characters, without line breaks unless `zeilen`. *out in the arena or NULL. */
void fp_text_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key,
                  bool pflicht, size_t min, size_t max, bool zeilen, const char **out);

/* A boolean property; false when absent. */
void fp_bool_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *out);

/* An integer property in min..max; `def` when absent. */
void fp_int_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, int64_t min,
                 int64_t max, int64_t def, int64_t *out);

/* A number property; *has says whether it is given. */
void fp_num_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *has,
                 double *out);

/* A pattern: printable ASCII of the subset of POSIX ERE and ECMA-262 regular expressions
 * that both read the same: no backslash classes (\d), no [: :] classes, no backreferences;
 * a backslash only quotes a punctuation character. It must compile. */
bool fp_muster_ok(const char *m);

/* A date property: YYYY-MM-DD or "heute"; NULL when absent or wrong. */
void fp_datum_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key,
                   const char **out);

/* Parse the fields of array `arr` into felder[*n ..], appending (the top level spans steps). */
void fp_felder_liste(struct pctx *p, const json_t *arr, const char *pfad, int tiefe,
                     struct formular_feld *felder, size_t *n, size_t schritt);

#endif
