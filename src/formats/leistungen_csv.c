#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/suchtext.h"
#include "formats/csv.h"
#include "formats/leistungen_import_intern.h"

/* ---- CSV ---- */

struct pctx {
    struct leistungen_import *l;
    struct csv *r;
};

static struct src
here(struct pctx *x)
{
    return (struct src){csv_name(x->r), csv_line(x->r)};
}

static int
get_text(struct pctx *x, int col, const char *colname, bool required, size_t max, const char **out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0) {
        if (required)
            return csv_fail(x->r, "Feld '%s' ist leer", colname);
        *out = NULL;
        return ERR_OK;
    }
    if (s.len > max)
        return csv_fail(x->r, "Feld '%s' länger als %zu Bytes", colname, max);
    char *c = arena_strndup(x->l->a, s.p, s.len);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

static int
get_int(struct pctx *x, int col, const char *colname, bool required, int64_t min, int64_t max,
        int64_t *out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0 && !required) {
        *out = 0;
        return ERR_OK;
    }
    if (str_to_int64(s, min, max, out) != ERR_OK)
        return csv_fail(x->r, "ungültige Zahl '%.*s' in Feld '%s'", li_clip(s), s.p, colname);
    return ERR_OK;
}

static int
parse_themenfelder(struct pctx *x)
{
    static const char *const req[] = {"themenfeld_id", "themenfeld"};
    int c[2];
    bool has;
    size_t from = x->l->tf.n;
    int rc = csv_require_cols(x->r, req, 2, c);

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct tf_row *t = li_vec_push(&x->l->tf, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "themenfeld_id", true, 1, MAX_ID, &t->id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->tf.n; i++)
            if (AT(x->l->tf, struct tf_row, i)->id == t->id)
                rc = csv_fail(x->r, "Themenfeld %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->id, AT(x->l->tf, struct tf_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "themenfeld", true, MAX_NAME, &t->name);
    }
    return rc;
}

static int
parse_lebenslagen(struct pctx *x)
{
    static const char *const req[] = {"lebenslage_id", "lebenslage", "themenfeld_id"};
    int c[3];
    bool has;
    size_t from = x->l->ll.n;
    int rc = csv_require_cols(x->r, req, 3, c);

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct ll_row *t = li_vec_push(&x->l->ll, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "lebenslage_id", true, 1, MAX_ID, &t->id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->ll.n; i++)
            if (AT(x->l->ll, struct ll_row, i)->id == t->id)
                rc = csv_fail(x->r, "Lebenslage %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->id, AT(x->l->ll, struct ll_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "lebenslage", true, MAX_NAME, &t->name);
        if (rc == ERR_OK)
            rc = get_int(x, c[2], "themenfeld_id", false, 1, MAX_ID, &t->themenfeld_id);
    }
    return rc;
}

static int
parse_ozg(struct pctx *x)
{
    static const char *const req[] = {"ozg_id", "ozg_leistung", "lebenslage", "themenfeld"};
    int c[4];
    bool has;
    size_t from = x->l->ozg.n;
    int rc = csv_require_cols(x->r, req, 4, c);
    int c_n = csv_col(x->r, "anzahl_leika_leistungen");

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct ozg_row *t = li_vec_push(&x->l->ozg, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "ozg_id", true, 1, MAX_ID, &t->v.id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->ozg.n; i++)
            if (AT(x->l->ozg, struct ozg_row, i)->v.id == t->v.id)
                rc = csv_fail(x->r, "OZG-Leistung %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->v.id, AT(x->l->ozg, struct ozg_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "ozg_leistung", true, MAX_NAME, &t->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c[2], "lebenslage", false, MAX_NAME, &t->lebenslage);
        if (rc == ERR_OK)
            rc = get_text(x, c[3], "themenfeld", false, MAX_NAME, &t->themenfeld);
        if (rc == ERR_OK && csv_field(x->r, c_n).len) {
            t->v.has_anzahl_leika = true;
            rc = get_int(x, c_n, "anzahl_leika_leistungen", true, 0, MAX_ID, &t->v.anzahl_leika);
        }
    }
    return rc;
}

/* "n" + 12 hex digits of SHA-256(name 0x1F ozg_id) */
static int
hash_id(struct arena *a, struct str name, struct str ozg_id, const char **out)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)name.p, name.len);
    crypto_hash_sha256_update(&st, (const unsigned char *)"\x1f", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)ozg_id.p, ozg_id.len);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    *out = arena_printf(a, "n%.12s", hex);
    return *out ? ERR_OK : ERR_NOMEM;
}

static int
cmp_leika(const void *a, const void *b)
{
    const struct leika_row *x = *(const struct leika_row *const *)a;
    const struct leika_row *y = *(const struct leika_row *const *)b;
    int c = strcmp(x->v.id, y->v.id);
    if (c != 0)
        return c;
    return x->src.line < y->src.line ? -1 : x->src.line > y->src.line;
}

/* Rows [from, n) of one file: keep the first of each id, warn about the others. */
static int
skip_duplicates(struct leistungen_import *l, size_t from)
{
    size_t n = l->leika.n - from, first = 0;
    struct leika_row **v = n ? calloc(n, sizeof(*v)) : NULL;
    int rc = ERR_OK;

    if (n && !v)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        v[i] = AT(l->leika, struct leika_row, from + i);
    if (n)
        qsort(v, n, sizeof(*v), cmp_leika);
    for (size_t i = 1; i < n && rc == ERR_OK; i++) {
        if (strcmp(v[first]->v.id, v[i]->v.id) != 0) {
            first = i;
            continue;
        }
        v[i]->is_skipped = true;
        l->n_doppelt++;
        rc = buf_printf(&l->warnings,
                        "%s:%zu: Leistung '%s' hat dieselbe Kennung '%s' wie Zeile %zu: "
                        "übersprungen\n",
                        v[i]->src.file, v[i]->src.line, v[i]->v.name, v[i]->v.id,
                        v[first]->src.line);
    }
    free(v);
    return rc;
}

static int
parse_leika(struct pctx *x)
{
    static const char *const req[] = {"leika_schluessel", "leistung", "ozg_id"};
    int c[3];
    bool has;
    size_t from = x->l->leika.n;
    int rc = csv_require_cols(x->r, req, 3, c);
    int c_typ = csv_col(x->r, "typisierung"), c_rg = csv_col(x->r, "rechtsgrundlage");

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct leika_row *t = li_vec_push(&x->l->leika, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        struct str key = csv_field(x->r, c[0]);
        if (key.len && !str_is_digits(key, 14))
            return csv_fail(x->r, "ungültiger LeiKa-Schlüssel '%.*s' (erwartet 14 Ziffern)",
                            li_clip(key), key.p);
        rc = get_text(x, c[1], "leistung", true, MAX_NAME, &t->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c_typ, "typisierung", false, MAX_NAME, &t->v.typisierung);
        if (rc == ERR_OK)
            rc = get_int(x, c[2], "ozg_id", false, 1, MAX_ID, &t->v.ozg_id);
        if (rc == ERR_OK)
            rc = get_text(x, c_rg, "rechtsgrundlage", false, LEISTUNGEN_JSON_MAX_TEXT,
                          &t->v.rechtsgrundlage);
        if (rc != ERR_OK)
            break;
        if (key.len) {
            t->v.id = t->v.leika = arena_strndup(x->l->a, key.p, key.len);
            if (!t->v.id)
                return ERR_NOMEM;
        } else {
            rc = hash_id(x->l->a, csv_field(x->r, c[1]), csv_field(x->r, c[2]), &t->v.id);
        }
    }
    if (rc == ERR_OK)
        rc = skip_duplicates(x->l, from);
    return rc;
}

int
li_parse_csv(struct leistungen_import *l, const char *file, const char *data, size_t len,
             struct buf *err)
{
    struct csv *r = NULL;
    struct pctx x = {l, NULL};

    int rc = csv_open(file, data, len, &r);
    if (rc != ERR_OK)
        return rc;
    x.r = r;
    rc = csv_read_header(r);
    if (rc == ERR_OK) {
        if (csv_col(r, "leika_schluessel") >= 0)
            rc = parse_leika(&x);
        else if (csv_col(r, "lebenslage_id") >= 0)
            rc = parse_lebenslagen(&x);
        else if (csv_col(r, "ozg_id") >= 0 && csv_col(r, "ozg_leistung") >= 0)
            rc = parse_ozg(&x);
        else if (csv_col(r, "themenfeld_id") >= 0)
            rc = parse_themenfelder(&x);
        else
            rc = csv_fail(r,
                          "unbekanntes Dateiformat: erwartet ozg-themenfelder.csv, "
                          "ozg-lebenslagen.csv, ozg-leistungen.csv, leika-leistungen.csv "
                          "oder JSON (%s)",
                          LEISTUNGEN_JSON_FORMAT);
    }
    if (rc == ERR_INVALID)
        RH_IGNORE(buf_puts(err, csv_error(r)));
    csv_free(r);
    return rc;
}
