#include "formats/gemeinden_import.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/gebiet.h"
#include "formats/csv.h"
#include "formats/gv100ad.h"
#include "util/arena.h"
#include "util/str.h"

#define ARENA_CAP     ((size_t)256 * 1024 * 1024)
#define MAX_TEXT      300         /* bytes of a name or type */
#define MAX_EINWOHNER 100000000   /* more than any Land */
#define MAX_HA        10000000000 /* hectares, far more than any Land */

/* File kinds, in the order they are written (parents first). */
enum kind { K_RB, K_REGION, K_KREIS, K_VERBAND, K_GEMEINDEN, K_GV100AD };

/* the files a folder stands for, parents first */
static const char *const dir_files[] = {"bw-regierungsbezirke.csv", "bw-regionen.csv",
                                        "bw-kreise.csv", "bw-gemeindeverbaende.csv",
                                        "bw-gemeinden.csv"};

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

/* ---- small helpers ---- */

static void *
vec_push(struct vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = realloc(v->p, cap * size);
        if (!p)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    void *slot = (char *)v->p + v->n * size;
    memset(slot, 0, size);
    v->n++;
    return slot;
}

static void
batch_free(struct batch *b)
{
    free(b->rb.p);
    free(b->region.p);
    free(b->kreis.p);
    free(b->verband.p);
    free(b->gemeinde.p);
    free(b->frei.p);
    memset(b, 0, sizeof(*b));
}

static bool
same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Bytes of `s` to show in a message: at most 60, not cutting a UTF-8 sequence. */
static int
clip(struct str s)
{
    size_t n = s.len;
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
            n--;
    }
    return (int)n;
}

static const char *
or_empty(const char *s)
{
    return s ? s : "";
}

/* "207.33" from hectares. */
static const char *
km2_text(struct arena *a, int64_t ha)
{
    return arena_printf(a, "%lld.%02lld", (long long)(ha / 100), (long long)(ha % 100));
}

/* ---- CSV fields ---- */

struct pctx {
    struct gemeinden_import *g;
    struct csv *r;
    struct batch *b;
};

static int
get_text(struct pctx *x, int col, const char *colname, bool required, const char **out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0) {
        if (required)
            return csv_fail(x->r, "Feld '%s' ist leer", colname);
        *out = NULL;
        return ERR_OK;
    }
    if (s.len > MAX_TEXT)
        return csv_fail(x->r, "Feld '%s' länger als %d Bytes", colname, MAX_TEXT);
    if (s.p[0] == ' ' || s.p[s.len - 1] == ' ')
        return csv_fail(x->r, "Feld '%s' beginnt oder endet mit Leerzeichen", colname);
    char *c = arena_strndup(x->g->a, s.p, s.len);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

/* A key of `n` digits starting with the Land; `what` names it in the message. */
static int
get_key(struct pctx *x, int col, size_t n, const char *what, bool required, const char **out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0 && !required) {
        *out = NULL;
        return ERR_OK;
    }
    if (!str_is_digits(s, n) || memcmp(s.p, x->g->land, 2) != 0)
        return csv_fail(x->r, "ungültiger %s '%.*s' (erwartet %zu Ziffern, beginnend mit %s)", what,
                        clip(s), s.p, n, x->g->land);
    char *c = arena_strndup(x->g->a, s.p, s.len);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

static int
get_int(struct pctx *x, int col, const char *colname, bool required, int64_t max, int64_t *out,
        bool *has)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0 && !required) {
        *has = false;
        return ERR_OK;
    }
    if (str_to_int64(s, 0, max, out) != ERR_OK)
        return csv_fail(x->r, "ungültige Zahl '%.*s' in Feld '%s'", clip(s), s.p, colname);
    *has = true;
    return ERR_OK;
}

/* An area in km² with at most two decimals ("207.33") as hectares and as text. */
static int
get_km2(struct pctx *x, int col, const char **text, int64_t *ha, bool *has)
{
    struct str s = csv_field(x->r, col);
    int64_t whole = 0, frac = 0;
    size_t dot;

    *has = false;
    *text = NULL;
    if (s.len == 0)
        return ERR_OK;
    for (dot = 0; dot < s.len && s.p[dot] != '.'; dot++)
        ;
    struct str w = {s.p, dot};
    struct str f = {dot < s.len ? s.p + dot + 1 : "", dot < s.len ? s.len - dot - 1 : 0};
    if (str_to_int64(w, 0, MAX_HA / 100, &whole) != ERR_OK || (dot < s.len && f.len == 0) ||
        f.len > 2 || (f.len > 0 && (str_to_int64(f, 0, 99, &frac) != ERR_OK || f.p[0] == '-')))
        return csv_fail(x->r,
                        "ungültige Fläche '%.*s' (erwartet km² mit höchstens zwei "
                        "Nachkommastellen)",
                        clip(s), s.p);
    if (f.len == 1)
        frac *= 10;
    *ha = whole * 100 + frac;
    *text = km2_text(x->g->a, *ha);
    if (!*text)
        return ERR_NOMEM;
    *has = true;
    return ERR_OK;
}

static int
get_date(struct pctx *x, int col, const char **out)
{
    struct str s = csv_field(x->r, col);
    *out = NULL;
    if (s.len == 0)
        return ERR_OK;
    if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-' || !str_is_digits((struct str){s.p, 4}, 4) ||
        !str_is_digits((struct str){s.p + 5, 2}, 2) || !str_is_digits((struct str){s.p + 8, 2}, 2))
        return csv_fail(x->r, "ungültiges Datum '%.*s' (erwartet JJJJ-MM-TT)", clip(s), s.p);
    char *c = arena_strndup(x->g->a, s.p, s.len);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

static int
check_prefix(struct pctx *x, const char *key, const char *what, const char *of, size_t n,
             const char *of_what)
{
    if (key && of && memcmp(key, of, n) != 0)
        return csv_fail(x->r, "%s '%s' passt nicht zum %s '%s'", what, key, of_what, of);
    return ERR_OK;
}

/* ---- derived parent rows, merged by key ---- */

static struct src
here(struct pctx *x)
{
    return (struct src){csv_name(x->r), csv_line(x->r)};
}

static int
conflict(struct pctx *x, const char *what, const char *key, const char *field, const char *now,
         const char *before, size_t line)
{
    return csv_fail(x->r, "%s '%s': %s '%s' widerspricht '%s' aus Zeile %zu", what, key, field,
                    or_empty(now), or_empty(before), line);
}

static int
derive_rb(struct pctx *x, const char *ags, const char *name, int64_t einwohner, bool has_ew)
{
    for (size_t i = 0; i < x->b->rb.n; i++) {
        struct rb_row *r = AT(x->b->rb, struct rb_row, i);
        if (strcmp(r->v.ags, ags) != 0)
            continue;
        if (!same(r->v.name, name))
            return conflict(x, "Regierungsbezirk", ags, "Name", name, r->v.name, r->src.line);
        r->v.einwohner += einwohner;
        r->v.has_einwohner = r->v.has_einwohner && has_ew;
        return ERR_OK;
    }
    struct rb_row *r = vec_push(&x->b->rb, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->v = (struct import_regierungsbezirk){ags, name, NULL, einwohner, has_ew};
    r->src = here(x);
    return ERR_OK;
}

static int
derive_region(struct pctx *x, const char *key, const char *name, const char *rb_ags)
{
    if (!key)
        return ERR_OK;
    if (!name)
        return csv_fail(x->r, "Region '%s' ohne Namen", key);
    for (size_t i = 0; i < x->b->region.n; i++) {
        struct region_row *r = AT(x->b->region, struct region_row, i);
        if (strcmp(r->v.key, key) != 0)
            continue;
        if (!same(r->v.name, name))
            return conflict(x, "Region", key, "Name", name, r->v.name, r->src.line);
        if (!same(r->v.regierungsbezirk_ags, rb_ags))
            return conflict(x, "Region", key, "Regierungsbezirk", rb_ags, r->v.regierungsbezirk_ags,
                            r->src.line);
        return ERR_OK;
    }
    struct region_row *r = vec_push(&x->b->region, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->v = (struct import_region){key, name, NULL, rb_ags};
    r->src = here(x);
    return ERR_OK;
}

static int
derive_kreis(struct pctx *x, const struct import_kreis *k, int64_t ha, bool has_ha)
{
    for (size_t i = 0; i < x->b->kreis.n; i++) {
        struct kreis_row *r = AT(x->b->kreis, struct kreis_row, i);
        if (strcmp(r->v.ags, k->ags) != 0)
            continue;
        if (!same(r->v.name, k->name))
            return conflict(x, "Kreis", k->ags, "Name", k->name, r->v.name, r->src.line);
        if (!same(r->v.typ, k->typ))
            return conflict(x, "Kreis", k->ags, "Typ", k->typ, r->v.typ, r->src.line);
        if (!same(r->v.region_key, k->region_key))
            return conflict(x, "Kreis", k->ags, "Region", k->region_key, r->v.region_key,
                            r->src.line);
        r->v.einwohner += k->einwohner;
        r->ha += ha;
        r->has_ha = r->has_ha && has_ha;
        return ERR_OK;
    }
    struct kreis_row *r = vec_push(&x->b->kreis, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->v = *k;
    r->ha = ha;
    r->has_ha = has_ha;
    r->src = here(x);
    return ERR_OK;
}

static int
derive_verband(struct pctx *x, const char *ars, const char *name, const char *typ,
               const char *kreis_ags)
{
    if (!ars)
        return ERR_OK;
    if (!name)
        return csv_fail(x->r, "Verband '%s' ohne Namen", ars);
    for (size_t i = 0; i < x->b->verband.n; i++) {
        struct verband_row *r = AT(x->b->verband, struct verband_row, i);
        if (strcmp(r->v.ars, ars) != 0)
            continue;
        if (!same(r->v.name, name))
            return conflict(x, "Verband", ars, "Name", name, r->v.name, r->src.line);
        if (!same(r->v.typ, typ))
            return conflict(x, "Verband", ars, "Typ", typ, r->v.typ, r->src.line);
        return ERR_OK;
    }
    struct verband_row *r = vec_push(&x->b->verband, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->v = (struct import_verband){ars, name, typ, NULL, kreis_ags};
    r->src = here(x);
    return ERR_OK;
}

/* ---- duplicate keys ---- */

struct keyref {
    const char *key;
    size_t line;
};

static int
cmp_keyref(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Fails with FILE:LINE of the second row holding a key twice. keys[i] is read at offset `off`
 * of element i of `v` (a const char * member); lines from the struct src at `src_off`. */
static int
check_unique(const char *file, const struct vec *v, size_t size, size_t off, size_t src_off,
             const char *what, struct buf *err)
{
    struct keyref *k = v->n ? calloc(v->n, sizeof(*k)) : NULL;
    int rc = ERR_OK;

    if (v->n && !k)
        return ERR_NOMEM;
    for (size_t i = 0; i < v->n; i++) {
        const char *elem = (const char *)v->p + i * size;
        memcpy(&k[i].key, elem + off, sizeof(k[i].key));
        k[i].line = ((const struct src *)(const void *)(elem + src_off))->line;
    }
    if (v->n)
        qsort(k, v->n, sizeof(*k), cmp_keyref);
    for (size_t i = 1; i < v->n; i++) {
        if (strcmp(k[i - 1].key, k[i].key) == 0) {
            RH_IGNORE(buf_printf(err, "%s:%zu: %s '%s' doppelt (zuerst in Zeile %zu)", file,
                                 k[i].line, what, k[i].key, k[i - 1].line));
            rc = ERR_INVALID;
            break;
        }
    }
    free(k);
    return rc;
}

#define CHECK_UNIQUE(file, vec, T, member, what, err)                                              \
    check_unique((file), &(vec), sizeof(T), offsetof(T, member), offsetof(T, src), (what), (err))

/* ---- the CSV files ---- */

static int
parse_gemeinden(struct pctx *x)
{
    static const char *const req[] = {"ags",
                                      "ars",
                                      "name",
                                      "kreis_ags",
                                      "kreis_name",
                                      "kreis_typ",
                                      "regierungsbezirk_ags",
                                      "regierungsbezirk",
                                      "einwohner"};
    int c[9];
    struct csv *r = x->r;
    struct gemeinden_import *g = x->g;
    bool has;
    int rc;

    rc = csv_require_cols(r, req, 9, c);
    if (rc != ERR_OK)
        return rc;
    int c_kurz = csv_col(r, "name_kurz"), c_typ = csv_col(r, "gemeinde_typ");
    int c_region = csv_col(r, "region_key"), c_region_name = csv_col(r, "region_name");
    int c_verband = csv_col(r, "verband_ars"), c_verband_name = csv_col(r, "verband_name");
    int c_verband_typ = csv_col(r, "verband_typ"), c_ewm = csv_col(r, "einwohner_maennlich");
    int c_fl = csv_col(r, "flaeche_km2"), c_plz = csv_col(r, "plz");
    int c_plz_e = csv_col(r, "plz_eindeutig"), c_stand = csv_col(r, "gebietsstand");

    for (;;) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            return rc;
        struct gemeinde_row *gr = vec_push(&x->b->gemeinde, sizeof(*gr));
        if (!gr)
            return ERR_NOMEM;
        struct import_gemeinde *v = &gr->v;
        struct import_kreis k = {0};
        const char *rb_name = NULL, *region_name = NULL, *verband_name = NULL;
        const char *verband_typ = NULL;
        int64_t ewm = 0;
        struct str s;

        gr->src = here(x);
        rc = get_key(x, c[0], 8, "AGS", true, &v->ags);
        if (rc == ERR_OK)
            rc = get_key(x, c[1], 12, "ARS", true, &v->ars);
        if (rc == ERR_OK && (memcmp(v->ars, v->ags, 5) != 0 || memcmp(v->ars + 9, v->ags + 5, 3)))
            rc = csv_fail(r, "ARS '%s' passt nicht zum AGS '%s'", v->ars, v->ags);
        if (rc == ERR_OK)
            rc = get_text(x, c[2], "name", true, &v->name);
        if (rc == ERR_OK)
            rc = get_text(x, c_kurz, "name_kurz", false, &v->name_kurz);
        if (rc == ERR_OK && !v->name_kurz) {
            const char *comma = strchr(v->name, ',');
            v->name_kurz =
                comma ? arena_strndup(g->a, v->name, (size_t)(comma - v->name)) : v->name;
            if (!v->name_kurz)
                return ERR_NOMEM;
        }
        if (rc == ERR_OK) {
            v->name_norm = gebiet_name_norm(g->a, v->name_kurz);
            if (!v->name_norm)
                return ERR_NOMEM;
        }
        if (rc == ERR_OK)
            rc = get_text(x, c_typ, "gemeinde_typ", false, &v->typ);
        if (rc == ERR_OK)
            rc = get_key(x, c[3], 5, "Kreisschlüssel", true, &v->kreis_ags);
        if (rc == ERR_OK)
            rc = check_prefix(x, v->kreis_ags, "Kreisschlüssel", v->ags, 5, "AGS");
        if (rc == ERR_OK)
            rc = get_text(x, c[4], "kreis_name", true, &k.name);
        if (rc == ERR_OK)
            rc = get_text(x, c[5], "kreis_typ", true, &k.typ);
        if (rc == ERR_OK)
            rc = get_key(x, c[6], 3, "Regierungsbezirksschlüssel", true, &k.regierungsbezirk_ags);
        if (rc == ERR_OK)
            rc = check_prefix(x, k.regierungsbezirk_ags, "Regierungsbezirksschlüssel", v->ags, 3,
                              "AGS");
        if (rc == ERR_OK)
            rc = get_text(x, c[7], "regierungsbezirk", true, &rb_name);
        if (rc == ERR_OK)
            rc = get_key(x, c_region, 4, "Regionsschlüssel", false, &k.region_key);
        if (rc == ERR_OK)
            rc = get_text(x, c_region_name, "region_name", false, &region_name);
        if (rc == ERR_OK)
            rc = get_key(x, c_verband, 9, "Verbandsschlüssel", false, &v->verband_ars);
        if (rc == ERR_OK)
            rc = check_prefix(x, v->verband_ars, "Verbandsschlüssel", v->ars, 9, "ARS");
        if (rc == ERR_OK)
            rc = get_text(x, c_verband_name, "verband_name", false, &verband_name);
        if (rc == ERR_OK)
            rc = get_text(x, c_verband_typ, "verband_typ", false, &verband_typ);
        if (rc == ERR_OK)
            rc = get_int(x, c[8], "einwohner", true, MAX_EINWOHNER, &v->einwohner, &has);
        if (rc == ERR_OK)
            rc = get_int(x, c_ewm, "einwohner_maennlich", false, v->einwohner, &ewm,
                         &v->has_einwohner_maennlich);
        v->einwohner_maennlich = ewm;
        if (rc == ERR_OK)
            rc = get_km2(x, c_fl, &v->flaeche_km2, &gr->ha, &gr->has_ha);
        if (rc == ERR_OK) {
            s = csv_field(r, c_plz);
            if (s.len && !str_is_digits(s, 5))
                rc = csv_fail(r, "ungültige Postleitzahl '%.*s'", clip(s), s.p);
            else if (s.len && !(v->plz = arena_strndup(g->a, s.p, s.len)))
                return ERR_NOMEM;
        }
        if (rc == ERR_OK) {
            s = csv_field(r, c_plz_e);
            if (str_eq(s, "ja"))
                v->plz_eindeutig = true;
            else if (s.len && !str_eq(s, "nein"))
                rc = csv_fail(r, "ungültiger Wert '%.*s' in Feld 'plz_eindeutig' (ja/nein)",
                              clip(s), s.p);
        }
        if (rc == ERR_OK)
            rc = get_date(x, c_stand, &v->gebietsstand);
        if (rc != ERR_OK)
            return rc;

        /* the parents this row names */
        k.ags = v->kreis_ags;
        k.einwohner = v->einwohner;
        k.has_einwohner = true;
        k.flaeche_is_estimate = true;
        rc = derive_rb(x, k.regierungsbezirk_ags, rb_name, v->einwohner, true);
        if (rc == ERR_OK)
            rc = derive_region(x, k.region_key, region_name, k.regierungsbezirk_ags);
        if (rc == ERR_OK)
            rc = derive_kreis(x, &k, gr->ha, gr->has_ha);
        if (rc == ERR_OK)
            rc = derive_verband(x, v->verband_ars, verband_name, verband_typ, v->kreis_ags);
        if (rc != ERR_OK)
            return rc;
    }
}

static int
parse_kreise(struct pctx *x)
{
    static const char *const req[] = {"kreis_ags", "kreis_name", "kreis_typ",
                                      "regierungsbezirk_ags", "regierungsbezirk"};
    int c[5];
    struct csv *r = x->r;
    bool has, has_ew = true;
    int rc;

    rc = csv_require_cols(r, req, 5, c);
    if (rc != ERR_OK)
        return rc;
    int c_sitz = csv_col(r, "verwaltungssitz"), c_region = csv_col(r, "region_key");
    int c_region_name = csv_col(r, "region_name"), c_ew = csv_col(r, "einwohner");
    int c_fl = csv_col(r, "flaeche_km2");

    for (;;) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct import_kreis k = {0};
        const char *rb_name = NULL, *region_name = NULL;
        int64_t ha = 0;
        bool has_ha = false;

        rc = get_key(x, c[0], 5, "Kreisschlüssel", true, &k.ags);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "kreis_name", true, &k.name);
        if (rc == ERR_OK)
            rc = get_text(x, c[2], "kreis_typ", true, &k.typ);
        if (rc == ERR_OK)
            rc = get_text(x, c_sitz, "verwaltungssitz", false, &k.verwaltungssitz);
        if (rc == ERR_OK)
            rc = get_key(x, c[3], 3, "Regierungsbezirksschlüssel", true, &k.regierungsbezirk_ags);
        if (rc == ERR_OK)
            rc = check_prefix(x, k.regierungsbezirk_ags, "Regierungsbezirksschlüssel", k.ags, 3,
                              "Kreisschlüssel");
        if (rc == ERR_OK)
            rc = get_text(x, c[4], "regierungsbezirk", true, &rb_name);
        if (rc == ERR_OK)
            rc = get_key(x, c_region, 4, "Regionsschlüssel", false, &k.region_key);
        if (rc == ERR_OK)
            rc = get_text(x, c_region_name, "region_name", false, &region_name);
        if (rc == ERR_OK)
            rc =
                get_int(x, c_ew, "einwohner", false, MAX_EINWOHNER, &k.einwohner, &k.has_einwohner);
        if (rc == ERR_OK)
            rc = get_km2(x, c_fl, &k.flaeche_km2, &ha, &has_ha);
        if (rc == ERR_OK)
            rc = derive_rb(x, k.regierungsbezirk_ags, rb_name, k.einwohner, k.has_einwohner);
        if (rc == ERR_OK)
            rc = derive_region(x, k.region_key, region_name, k.regierungsbezirk_ags);
        if (rc == ERR_OK) {
            struct kreis_row *kr = vec_push(&x->b->kreis, sizeof(*kr));
            if (!kr)
                return ERR_NOMEM;
            kr->v = k;
            kr->src = here(x);
        }
        if (rc != ERR_OK)
            return rc;
        has_ew = has_ew && k.has_einwohner;
    }
    if (rc == ERR_OK && !has_ew)
        for (size_t i = 0; i < x->b->rb.n; i++)
            AT(x->b->rb, struct rb_row, i)->v.has_einwohner = false;
    return rc;
}

static int
parse_regierungsbezirke(struct pctx *x)
{
    static const char *const req[] = {"regierungsbezirk_ags", "name"};
    int c[2];
    struct csv *r = x->r;
    bool has;

    int rc = csv_require_cols(r, req, 2, c);
    if (rc != ERR_OK)
        return rc;
    int c_sitz = csv_col(r, "sitz"), c_ew = csv_col(r, "einwohner");
    for (;;) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            return rc;
        struct rb_row *rr = vec_push(&x->b->rb, sizeof(*rr));
        if (!rr)
            return ERR_NOMEM;
        rr->src = here(x);
        rc = get_key(x, c[0], 3, "Regierungsbezirksschlüssel", true, &rr->v.ags);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "name", true, &rr->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c_sitz, "sitz", false, &rr->v.sitz);
        if (rc == ERR_OK)
            rc = get_int(x, c_ew, "einwohner", false, MAX_EINWOHNER, &rr->v.einwohner,
                         &rr->v.has_einwohner);
        if (rc != ERR_OK)
            return rc;
    }
}

static int
parse_regionen(struct pctx *x)
{
    static const char *const req[] = {"region_key", "name", "regierungsbezirk_ags"};
    int c[3];
    struct csv *r = x->r;
    bool has;

    int rc = csv_require_cols(r, req, 3, c);
    if (rc != ERR_OK)
        return rc;
    int c_sitz = csv_col(r, "sitz"), c_kreise = csv_col(r, "kreise");
    for (;;) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            return rc;
        struct region_row *rr = vec_push(&x->b->region, sizeof(*rr));
        if (!rr)
            return ERR_NOMEM;
        rr->src = here(x);
        rc = get_key(x, c[0], 4, "Regionsschlüssel", true, &rr->v.key);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "name", true, &rr->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c_sitz, "sitz", false, &rr->v.sitz);
        if (rc == ERR_OK)
            rc = get_key(x, c[2], 3, "Regierungsbezirksschlüssel", true,
                         &rr->v.regierungsbezirk_ags);
        if (rc != ERR_OK)
            return rc;
        /* the list of Kreise is checked, not stored: each Kreis names its Region itself */
        struct str s = csv_field(r, c_kreise);
        for (size_t i = 0; i < s.len;) {
            size_t j = i;
            while (j < s.len && s.p[j] != ' ')
                j++;
            struct str k = {s.p + i, j - i};
            if (!str_is_digits(k, 5) || memcmp(k.p, x->g->land, 2) != 0)
                return csv_fail(r, "ungültiger Kreisschlüssel '%.*s' in Feld 'kreise'", clip(k),
                                k.p);
            i = j + 1;
        }
    }
}

static int
parse_verbaende(struct pctx *x)
{
    static const char *const req[] = {"verband_ars", "name", "kreis_ags"};
    int c[3];
    struct csv *r = x->r;
    bool has;

    int rc = csv_require_cols(r, req, 3, c);
    if (rc != ERR_OK)
        return rc;
    int c_typ = csv_col(r, "verband_typ"), c_sitz = csv_col(r, "sitz");
    for (;;) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            return rc;
        struct verband_row *vr = vec_push(&x->b->verband, sizeof(*vr));
        if (!vr)
            return ERR_NOMEM;
        vr->src = here(x);
        rc = get_key(x, c[0], 9, "Verbandsschlüssel", true, &vr->v.ars);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "name", true, &vr->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c_typ, "verband_typ", false, &vr->v.typ);
        if (rc == ERR_OK)
            rc = get_text(x, c_sitz, "sitz", false, &vr->v.sitz);
        if (rc == ERR_OK)
            rc = get_key(x, c[2], 5, "Kreisschlüssel", true, &vr->v.kreis_ags);
        if (rc == ERR_OK)
            rc = check_prefix(x, vr->v.kreis_ags, "Kreisschlüssel", vr->v.ars, 5,
                              "Verbandsschlüssel");
        if (rc != ERR_OK)
            return rc;
    }
}

/* Which CSV file this is, from its header. */
static int
csv_kind(struct csv *r, enum kind *out)
{
    bool ags = csv_col(r, "ags") >= 0, ars = csv_col(r, "ars") >= 0;
    bool kreis = csv_col(r, "kreis_ags") >= 0, kreis_name = csv_col(r, "kreis_name") >= 0;
    bool verband = csv_col(r, "verband_ars") >= 0, region = csv_col(r, "region_key") >= 0;
    bool rb = csv_col(r, "regierungsbezirk_ags") >= 0;

    if (ags && ars)
        *out = K_GEMEINDEN;
    else if (kreis && kreis_name)
        *out = K_KREIS;
    else if (verband)
        *out = K_VERBAND;
    else if (region && !kreis)
        *out = K_REGION;
    else if (rb && !kreis)
        *out = K_RB;
    else
        return csv_fail(r, "unbekanntes Dateiformat: erwartet bw-gemeinden.csv, bw-kreise.csv, "
                           "bw-regierungsbezirke.csv, bw-regionen.csv, "
                           "bw-gemeindeverbaende.csv oder GV100AD");
    return ERR_OK;
}

static int
parse_csv(struct gemeinden_import *g, struct batch *b, const char *data, size_t len,
          struct buf *err)
{
    struct csv *r = NULL;
    struct pctx x = {g, NULL, b};
    enum kind kind = K_RB;

    int rc = csv_open(b->file, data, len, &r);
    if (rc != ERR_OK)
        return rc;
    x.r = r;
    rc = csv_read_header(r);
    if (rc == ERR_OK)
        rc = csv_kind(r, &kind);
    if (rc == ERR_OK) {
        b->kind = kind;
        switch (kind) {
        case K_GEMEINDEN:
            rc = parse_gemeinden(&x);
            break;
        case K_KREIS:
            rc = parse_kreise(&x);
            break;
        case K_RB:
            rc = parse_regierungsbezirke(&x);
            break;
        case K_REGION:
            rc = parse_regionen(&x);
            break;
        case K_VERBAND:
        default:
            rc = parse_verbaende(&x);
            break;
        }
    }
    if (rc == ERR_INVALID)
        RH_IGNORE(buf_puts(err, csv_error(r)));
    csv_free(r);
    if (rc != ERR_OK)
        return rc;

    /* the same key twice in one file */
    rc = CHECK_UNIQUE(b->file, b->gemeinde, struct gemeinde_row, v.ags, "AGS", err);
    if (rc == ERR_OK)
        rc = CHECK_UNIQUE(b->file, b->gemeinde, struct gemeinde_row, v.ars, "ARS", err);
    if (rc == ERR_OK && kind == K_KREIS)
        rc = CHECK_UNIQUE(b->file, b->kreis, struct kreis_row, v.ags, "Kreisschlüssel", err);
    if (rc == ERR_OK && kind == K_RB)
        rc = CHECK_UNIQUE(b->file, b->rb, struct rb_row, v.ags, "Regierungsbezirksschlüssel", err);
    if (rc == ERR_OK && kind == K_REGION)
        rc = CHECK_UNIQUE(b->file, b->region, struct region_row, v.key, "Regionsschlüssel", err);
    if (rc == ERR_OK && kind == K_VERBAND)
        rc = CHECK_UNIQUE(b->file, b->verband, struct verband_row, v.ars, "Verbandsschlüssel", err);
    if (rc != ERR_OK)
        return rc;

    /* derived parents: totals over the file */
    for (size_t i = 0; kind == K_GEMEINDEN && i < b->kreis.n; i++) {
        struct kreis_row *k = AT(b->kreis, struct kreis_row, i);
        if (k->has_ha && !(k->v.flaeche_km2 = km2_text(g->a, k->ha)))
            return ERR_NOMEM;
    }
    if (b->n_skipped == 0 && b->gemeinde.n == 0 && b->kreis.n == 0 && b->rb.n == 0 &&
        b->region.n == 0 && b->verband.n == 0) {
        RH_IGNORE(buf_printf(err, "%s: keine Datensätze", b->file));
        return ERR_INVALID;
    }
    return ERR_OK;
}

/* ---- GV100AD ---- */

static struct kreis_row *
find_kreis(struct batch *b, const char *ags)
{
    for (size_t i = 0; i < b->kreis.n; i++)
        if (memcmp(AT(b->kreis, struct kreis_row, i)->v.ags, ags, 5) == 0)
            return AT(b->kreis, struct kreis_row, i);
    return NULL;
}

static bool
has_verband(struct batch *b, const char *ars)
{
    for (size_t i = 0; i < b->verband.n; i++)
        if (strcmp(AT(b->verband, struct verband_row, i)->v.ars, ars) == 0)
            return true;
    return false;
}

static struct rb_row *
find_rb(struct batch *b, const char *ags)
{
    for (size_t i = 0; i < b->rb.n; i++)
        if (memcmp(AT(b->rb, struct rb_row, i)->v.ags, ags, 3) == 0)
            return AT(b->rb, struct rb_row, i);
    return NULL;
}

static int gv_fail(struct buf *err, const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
gv_fail(struct buf *err, const char *file, size_t line, const char *fmt, ...)
{
    va_list ap;
    RH_IGNORE(buf_printf(err, "%s:%zu: ", file, line));
    va_start(ap, fmt);
    RH_IGNORE(buf_vprintf(err, fmt, ap));
    va_end(ap);
    return ERR_INVALID;
}

/* One record of the Land into the batch. cur_region: the Region of the Kreise that follow. */
static int
gv_add(struct gemeinden_import *g, struct batch *b, const struct gv100ad_satz *s,
       const char **cur_region, const char **land_name, const char **land_sitz)
{
    struct arena *a = g->a;
    struct src src = {b->file, s->line};
    const char *key = arena_strdup(a, s->key), *name = arena_strdup(a, s->name);
    const char *sitz = s->sitz[0] ? arena_strdup(a, s->sitz) : NULL;

    if (!key || !name || (s->sitz[0] && !sitz))
        return ERR_NOMEM;
    switch (s->satzart) {
    case GV100AD_LAND:
        *land_name = name;
        *land_sitz = sitz;
        *cur_region = NULL;
        return ERR_OK;
    case GV100AD_REGIERUNGSBEZIRK: {
        static const char prefix[] = "Reg.-Bez. ";
        struct rb_row *r = vec_push(&b->rb, sizeof(*r));
        if (!r)
            return ERR_NOMEM;
        if (strncmp(name, prefix, sizeof(prefix) - 1) == 0 && name[sizeof(prefix) - 1])
            name += sizeof(prefix) - 1;
        r->v = (struct import_regierungsbezirk){key, name, sitz, 0, true};
        r->src = src;
        *cur_region = NULL;
        return ERR_OK;
    }
    case GV100AD_REGION: {
        struct region_row *r = vec_push(&b->region, sizeof(*r));
        char *rb = arena_strndup(a, key, 3);
        if (!r || !rb)
            return ERR_NOMEM;
        r->v = (struct import_region){key, name, sitz, rb};
        r->src = src;
        *cur_region = key;
        return ERR_OK;
    }
    case GV100AD_KREIS: {
        struct kreis_row *r = vec_push(&b->kreis, sizeof(*r));
        char *rb = arena_strndup(a, key, 3);
        if (!r || !rb)
            return ERR_NOMEM;
        r->v = (struct import_kreis){.ags = key,
                                     .name = name,
                                     .typ = gv100ad_typ(s->textkennzeichen),
                                     .verwaltungssitz = sitz,
                                     .regierungsbezirk_ags = rb,
                                     .has_einwohner = true};
        if (*cur_region && memcmp(*cur_region, key, 3) == 0)
            r->v.region_key = *cur_region;
        r->has_ha = true;
        r->src = src;
        return ERR_OK;
    }
    case GV100AD_VERBAND: {
        struct verband_row *r = vec_push(&b->verband, sizeof(*r));
        char *kreis = arena_strndup(a, key, 5);
        if (!r || !kreis)
            return ERR_NOMEM;
        r->v = (struct import_verband){key, name, gv100ad_typ(s->textkennzeichen), sitz, kreis};
        r->src = src;
        return ERR_OK;
    }
    case GV100AD_GEMEINDE:
        break;
    }
    if (s->textkennzeichen == 65 || s->textkennzeichen == 66) {
        struct frei_row *f = vec_push(&b->frei, sizeof(*f));
        if (!f)
            return ERR_NOMEM;
        memcpy(f->kreis, key, 5);
        f->kreis[5] = '\0';
        f->ha = s->flaeche_ha;
        f->einwohner = s->einwohner;
        f->line = s->line;
        b->n_skipped++;
        return ERR_OK;
    }
    struct gemeinde_row *r = vec_push(&b->gemeinde, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    struct import_gemeinde *v = &r->v;
    const char *comma = strchr(name, ',');
    v->ags = key;
    v->ars = arena_strdup(a, s->ars);
    v->name = name;
    v->name_kurz = comma ? arena_strndup(a, name, (size_t)(comma - name)) : name;
    v->name_norm = v->name_kurz ? gebiet_name_norm(a, v->name_kurz) : NULL;
    v->typ = gv100ad_typ(s->textkennzeichen);
    v->kreis_ags = arena_strndup(a, key, 5);
    v->verband_ars = arena_strdup(a, s->verband);
    v->einwohner = s->einwohner;
    v->einwohner_maennlich = s->einwohner_maennlich;
    v->has_einwohner_maennlich = true;
    v->flaeche_km2 = km2_text(a, s->flaeche_ha);
    v->plz = s->plz[0] ? arena_strdup(a, s->plz) : NULL;
    v->plz_eindeutig = s->plz_eindeutig;
    v->gebietsstand = arena_strdup(a, s->gebietsstand);
    r->ha = s->flaeche_ha;
    r->has_ha = true;
    r->src = src;
    if (!v->ars || !v->name_kurz || !v->name_norm || !v->kreis_ags || !v->verband_ars ||
        !v->flaeche_km2 || (s->plz[0] && !v->plz) || !v->gebietsstand)
        return ERR_NOMEM;
    return ERR_OK;
}

/* After the file: sums per Kreis and Regierungsbezirk, and every parent present. */
static int
gv_finish(struct gemeinden_import *g, struct batch *b, const char *land_name, const char *land_sitz,
          struct buf *err)
{
    for (size_t i = 0; i < b->gemeinde.n; i++) {
        struct gemeinde_row *r = AT(b->gemeinde, struct gemeinde_row, i);
        struct kreis_row *k = find_kreis(b, r->v.ags);
        if (!k)
            return gv_fail(err, b->file, r->src.line, "Kreis '%.5s' der Gemeinde fehlt", r->v.ags);
        if (!has_verband(b, r->v.verband_ars))
            return gv_fail(err, b->file, r->src.line, "Verband '%s' der Gemeinde fehlt",
                           r->v.verband_ars);
        k->v.einwohner += r->v.einwohner;
        k->ha += r->ha;
    }
    for (size_t i = 0; i < b->frei.n; i++) {
        struct frei_row *f = AT(b->frei, struct frei_row, i);
        struct kreis_row *k = find_kreis(b, f->kreis);
        if (!k)
            return gv_fail(err, b->file, f->line, "Kreis '%s' des Gebiets fehlt", f->kreis);
        k->v.einwohner += f->einwohner;
        k->ha += f->ha;
    }
    for (size_t i = 0; i < b->verband.n; i++) {
        struct verband_row *v = AT(b->verband, struct verband_row, i);
        if (!find_kreis(b, v->v.kreis_ags))
            return gv_fail(err, b->file, v->src.line, "Kreis '%s' des Verbands fehlt",
                           v->v.kreis_ags);
    }
    for (size_t i = 0; i < b->kreis.n; i++) {
        struct kreis_row *k = AT(b->kreis, struct kreis_row, i);
        struct rb_row *rb = find_rb(b, k->v.regierungsbezirk_ags);
        if (!(k->v.flaeche_km2 = km2_text(g->a, k->ha)))
            return ERR_NOMEM;
        if (!rb && k->v.regierungsbezirk_ags[2] == '0' && land_name) {
            /* a Land without Regierungsbezirke: one stands for the whole Land */
            rb = vec_push(&b->rb, sizeof(*rb));
            if (!rb)
                return ERR_NOMEM;
            rb->v = (struct import_regierungsbezirk){k->v.regierungsbezirk_ags, land_name,
                                                     land_sitz, 0, true};
            rb->src = k->src;
        }
        if (!rb)
            return gv_fail(err, b->file, k->src.line, "Regierungsbezirk '%s' des Kreises fehlt",
                           k->v.regierungsbezirk_ags);
        rb->v.einwohner += k->v.einwohner;
    }
    if (b->gemeinde.n == 0) {
        RH_IGNORE(buf_printf(err, "%s: keine Gemeinden des Landes %s", b->file, g->land));
        return ERR_INVALID;
    }
    return ERR_OK;
}

static int
parse_gv(struct gemeinden_import *g, struct batch *b, const char *data, size_t len, struct buf *err)
{
    struct gv100ad *r = NULL;
    struct gv100ad_satz s;
    const char *cur_region = NULL, *land_name = NULL, *land_sitz = NULL;
    bool has;

    b->kind = K_GV100AD;
    int rc = gv100ad_open(b->file, data, len, &r);
    if (rc != ERR_OK)
        return rc;
    for (;;) {
        rc = gv100ad_next(r, &s, &has);
        if (rc != ERR_OK) {
            RH_IGNORE(buf_puts(err, gv100ad_error(r)));
            break;
        }
        if (!has)
            break;
        if (memcmp(s.key, g->land, 2) != 0)
            continue;
        rc = gv_add(g, b, &s, &cur_region, &land_name, &land_sitz);
        if (rc != ERR_OK)
            break;
    }
    gv100ad_free(r);
    if (rc == ERR_OK)
        rc = gv_finish(g, b, land_name, land_sitz, err);
    if (rc == ERR_OK)
        rc = CHECK_UNIQUE(b->file, b->gemeinde, struct gemeinde_row, v.ags, "AGS", err);
    if (rc == ERR_OK)
        rc = CHECK_UNIQUE(b->file, b->kreis, struct kreis_row, v.ags, "Kreisschlüssel", err);
    if (rc == ERR_OK)
        rc = CHECK_UNIQUE(b->file, b->verband, struct verband_row, v.ars, "Verbandsschlüssel", err);
    return rc;
}

/* ---- the public API ---- */

int
gemeinden_import_new(const char *land, struct gemeinden_import **out)
{
    if (!land || !str_is_digits(str_from(land), 2))
        return ERR_INVALID;
    struct gemeinden_import *g = calloc(1, sizeof(*g));
    if (!g)
        return ERR_NOMEM;
    g->a = arena_new(ARENA_CAP);
    if (!g->a) {
        free(g);
        return ERR_NOMEM;
    }
    memcpy(g->land, land, 3);
    *out = g;
    return ERR_OK;
}

void
gemeinden_import_free(struct gemeinden_import *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_b; i++)
        batch_free(&g->b[i]);
    free(g->b);
    arena_free(g->a);
    free(g);
}

size_t
gemeinden_import_n_files(const struct gemeinden_import *g)
{
    return g->n_b;
}

int
gemeinden_import_add_data(struct gemeinden_import *g, const char *name, const char *data,
                          size_t len, struct buf *err)
{
    struct batch b = {0};
    int rc;

    b.file = arena_strdup(g->a, name ? name : "-");
    if (!b.file)
        return ERR_NOMEM;
    if (g->n_b == g->cap_b) {
        size_t cap = g->cap_b ? g->cap_b * 2 : 8;
        struct batch *p = realloc(g->b, cap * sizeof(*p));
        if (!p)
            return ERR_NOMEM;
        g->b = p;
        g->cap_b = cap;
    }
    if (gv100ad_detect(data, len))
        rc = parse_gv(g, &b, data, len, err);
    else
        rc = parse_csv(g, &b, data, len, err);
    if (rc == ERR_NOMEM)
        RH_IGNORE(buf_printf(err, "%s: zu wenig Speicher", b.file));
    if (rc != ERR_OK) {
        batch_free(&b);
        return rc;
    }
    g->b[g->n_b++] = b;
    return ERR_OK;
}

static int
add_file(struct gemeinden_import *g, const char *path, struct buf *err)
{
    struct buf data = BUF_INIT(CSV_MAX_FILE);
    int rc = csv_read_file(path, CSV_MAX_FILE, &data, err);
    if (rc == ERR_OK)
        rc = gemeinden_import_add_data(g, path, buf_cstr(&data), data.len, err);
    buf_free(&data);
    return rc;
}

int
gemeinden_import_add_path(struct gemeinden_import *g, const char *path, struct buf *err)
{
    struct stat st;
    size_t n_found = 0;

    if (stat(path, &st) != 0) {
        RH_IGNORE(buf_printf(err, "%s: Datei oder Ordner nicht gefunden", path));
        return ERR_IO;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(g, path, err);
    for (size_t i = 0; i < sizeof(dir_files) / sizeof(dir_files[0]); i++) {
        char file[4096];
        int n = snprintf(file, sizeof(file), "%s/%s", path, dir_files[i]);
        if (n < 0 || (size_t)n >= sizeof(file)) {
            RH_IGNORE(buf_printf(err, "%s: Pfad zu lang", path));
            return ERR_LIMIT;
        }
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        int rc = add_file(g, file, err);
        if (rc != ERR_OK)
            return rc;
        n_found++;
    }
    if (n_found == 0) {
        RH_IGNORE(buf_printf(err,
                             "%s: keine der Dateien bw-gemeinden.csv, bw-kreise.csv, "
                             "bw-regierungsbezirke.csv, bw-regionen.csv, "
                             "bw-gemeindeverbaende.csv im Ordner",
                             path));
        return ERR_INVALID;
    }
    return ERR_OK;
}

/* ---- writing ---- */

struct run_ctx {
    struct gemeinden_import *g;
    struct progress *p;
    struct gemeinden_import_stats st;
    struct buf err; /* reset on every attempt of db_tx */
    size_t *order;
};

static int
db_fail(struct run_ctx *x, const struct src *src, int rc, const char *what, const char *key)
{
    buf_reset(&x->err);
    if (rc == ERR_NOMEM)
        return rc;
    RH_IGNORE(buf_printf(&x->err, "%s:%zu: %s '%s' konnte nicht geschrieben werden (%s)", src->file,
                         src->line, what, key, err_name(rc)));
    return rc;
}

static int
need_parent(struct run_ctx *x, struct db_conn *c, const struct src *src, enum import_gebiet_ebene e,
            const char *key, const char *what)
{
    bool found = false;
    if (!key)
        return ERR_OK;
    int rc = store_import_gebiet_exists(c, e, key, &found);
    if (rc != ERR_OK)
        return rc;
    if (found)
        return ERR_OK;
    buf_reset(&x->err);
    RH_IGNORE(buf_printf(&x->err,
                         "%s:%zu: %s '%s' ist unbekannt (zuerst die Datei mit den "
                         "übergeordneten Gebieten importieren)",
                         src->file, src->line, what, key));
    return ERR_INVALID;
}

static int
write_batch(struct run_ctx *x, struct db_conn *c, const struct batch *b)
{
    int rc = ERR_OK;

    for (size_t i = 0; i < b->rb.n && rc == ERR_OK; i++) {
        const struct rb_row *r = AT(b->rb, struct rb_row, i);
        rc = store_import_regierungsbezirk(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Regierungsbezirk", r->v.ags);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->region.n && rc == ERR_OK; i++) {
        const struct region_row *r = AT(b->region, struct region_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_REGIERUNGSBEZIRK, r->v.regierungsbezirk_ags,
                         "Regierungsbezirk");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_region(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Region", r->v.key);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->kreis.n && rc == ERR_OK; i++) {
        const struct kreis_row *r = AT(b->kreis, struct kreis_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_REGIERUNGSBEZIRK, r->v.regierungsbezirk_ags,
                         "Regierungsbezirk");
        if (rc == ERR_OK)
            rc = need_parent(x, c, &r->src, IMPORT_REGION, r->v.region_key, "Region");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_kreis(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Kreis", r->v.ags);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->verband.n && rc == ERR_OK; i++) {
        const struct verband_row *r = AT(b->verband, struct verband_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_KREIS, r->v.kreis_ags, "Kreis");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_verband(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Verband", r->v.ars);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->gemeinde.n && rc == ERR_OK; i++) {
        const struct gemeinde_row *r = AT(b->gemeinde, struct gemeinde_row, i);
        /* parents come from the same file (derived rows or GV100AD records) */
        rc = store_import_gemeinde(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Gemeinde", r->v.ags);
        progress_step(x->p, 1);
    }
    return rc;
}

static size_t
batch_rows(const struct batch *b)
{
    return b->rb.n + b->region.n + b->kreis.n + b->verband.n + b->gemeinde.n;
}

static int
run_tx(struct db_conn *c, void *vctx)
{
    struct run_ctx *x = vctx;
    struct gemeinden_import *g = x->g;
    int64_t before[IMPORT_N_EBENEN], after[IMPORT_N_EBENEN];
    size_t total = 0, written = 0;

    buf_reset(&x->err);
    int rc = store_import_gebiet_count(c, before);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < g->n_b; i++)
        total += batch_rows(&g->b[i]);
    progress_start(x->p, "gemeinden", total);
    for (size_t i = 0; i < g->n_b && rc == ERR_OK; i++)
        rc = write_batch(x, c, &g->b[x->order[i]]);
    progress_end(x->p);
    if (rc == ERR_OK)
        rc = store_import_gebiet_count(c, after);
    if (rc == ERR_OK)
        rc = store_import_bump_version(c, "gebiet_version", &x->st.version);
    if (rc != ERR_OK)
        return rc;
    x->st.n_neu = 0;
    for (int e = 0; e < IMPORT_GEMEINDE_PLZ; e++) {
        x->st.n_neu += after[e] - before[e];
        written += x->st.n[e];
    }
    x->st.n_aktualisiert = (int64_t)written - x->st.n_neu;
    if (x->st.n_aktualisiert < 0)
        x->st.n_aktualisiert = 0;
    return ERR_OK;
}

/* distinct keys at one level over all batches */
static int
count_distinct(const struct gemeinden_import *g, enum import_gebiet_ebene e, size_t *out)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < g->n_b; i++) {
        const struct batch *b = &g->b[i];
        n += e == IMPORT_REGIERUNGSBEZIRK ? b->rb.n
             : e == IMPORT_REGION         ? b->region.n
             : e == IMPORT_KREIS          ? b->kreis.n
             : e == IMPORT_VERBAND        ? b->verband.n
                                          : b->gemeinde.n;
    }
    const char **keys = n ? calloc(n, sizeof(*keys)) : NULL;
    if (n && !keys)
        return ERR_NOMEM;
    for (size_t i = 0; i < g->n_b; i++) {
        const struct batch *b = &g->b[i];
        switch (e) {
        case IMPORT_REGIERUNGSBEZIRK:
            for (size_t j = 0; j < b->rb.n; j++)
                keys[k++] = AT(b->rb, struct rb_row, j)->v.ags;
            break;
        case IMPORT_REGION:
            for (size_t j = 0; j < b->region.n; j++)
                keys[k++] = AT(b->region, struct region_row, j)->v.key;
            break;
        case IMPORT_KREIS:
            for (size_t j = 0; j < b->kreis.n; j++)
                keys[k++] = AT(b->kreis, struct kreis_row, j)->v.ags;
            break;
        case IMPORT_VERBAND:
            for (size_t j = 0; j < b->verband.n; j++)
                keys[k++] = AT(b->verband, struct verband_row, j)->v.ars;
            break;
        case IMPORT_GEMEINDE:
            for (size_t j = 0; j < b->gemeinde.n; j++)
                keys[k++] = AT(b->gemeinde, struct gemeinde_row, j)->v.ags;
            break;
        case IMPORT_GEMEINDE_PLZ:
            for (size_t j = 0; j < b->gemeinde.n; j++) {
                const struct import_gemeinde *v = &AT(b->gemeinde, struct gemeinde_row, j)->v;
                if (v->plz)
                    keys[k++] = v->plz;
            }
            break;
        case IMPORT_N_EBENEN:
            break;
        }
    }
    struct keyref *kr = k ? calloc(k, sizeof(*kr)) : NULL;
    if (k && !kr) {
        free(keys);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < k; i++)
        kr[i].key = keys[i];
    if (k)
        qsort(kr, k, sizeof(*kr), cmp_keyref);
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(kr[i - 1].key, kr[i].key) != 0)
            d++;
    free(kr);
    free(keys);
    *out = d;
    return ERR_OK;
}

static int
run(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
    struct gemeinden_import_stats *st, struct buf *err, bool own_tx)
{
    struct run_ctx x = {.g = g, .p = p, .err = BUF_INIT(4096)};
    int rc = ERR_OK;

    if (g->n_b == 0) {
        RH_IGNORE(buf_puts(err, "keine Dateien angegeben"));
        return ERR_INVALID;
    }
    /* parents first: a stable order by kind */
    x.order = calloc(g->n_b, sizeof(*x.order));
    if (!x.order)
        return ERR_NOMEM;
    size_t k = 0;
    for (int kind = K_RB; kind <= K_GV100AD; kind++)
        for (size_t i = 0; i < g->n_b; i++)
            if ((int)g->b[i].kind == kind)
                x.order[k++] = i;
    for (int e = 0; e < IMPORT_N_EBENEN && rc == ERR_OK; e++)
        rc = count_distinct(g, (enum import_gebiet_ebene)e, &x.st.n[e]);
    for (size_t i = 0; i < g->n_b; i++)
        x.st.n_skipped += g->b[i].n_skipped;
    if (rc == ERR_OK)
        rc = own_tx ? db_tx(c, run_tx, &x) : run_tx(c, &x);
    if (rc == ERR_OK) {
        *st = x.st;
    } else if (x.err.len) {
        RH_IGNORE(buf_puts(err, buf_cstr(&x.err)));
    } else {
        RH_IGNORE(buf_printf(err, "Import abgebrochen: %s", err_name(rc)));
    }
    progress_end(p);
    buf_free(&x.err);
    free(x.order);
    return rc;
}

int
gemeinden_import_run(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
                     struct gemeinden_import_stats *st, struct buf *err)
{
    return run(g, c, p, st, err, true);
}

int
gemeinden_import_apply(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
                       struct gemeinden_import_stats *st, struct buf *err)
{
    return run(g, c, p, st, err, false);
}
