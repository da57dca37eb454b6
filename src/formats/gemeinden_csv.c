#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "formats/gemeinden_import_intern.h"

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
                        gi_clip(s), s.p, n, x->g->land);
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
        return csv_fail(x->r, "ungültige Zahl '%.*s' in Feld '%s'", gi_clip(s), s.p, colname);
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
                        gi_clip(s), s.p);
    if (f.len == 1)
        frac *= 10;
    *ha = whole * 100 + frac;
    *text = gi_km2_text(x->g->a, *ha);
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
        return csv_fail(x->r, "ungültiges Datum '%.*s' (erwartet JJJJ-MM-TT)", gi_clip(s), s.p);
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
                    gi_or_empty(now), gi_or_empty(before), line);
}

static int
derive_rb(struct pctx *x, const char *ags, const char *name, int64_t einwohner, bool has_ew)
{
    for (size_t i = 0; i < x->b->rb.n; i++) {
        struct rb_row *r = AT(x->b->rb, struct rb_row, i);
        if (strcmp(r->v.ags, ags) != 0)
            continue;
        if (!gi_same(r->v.name, name))
            return conflict(x, "Regierungsbezirk", ags, "Name", name, r->v.name, r->src.line);
        r->v.einwohner += einwohner;
        r->v.has_einwohner = r->v.has_einwohner && has_ew;
        return ERR_OK;
    }
    struct rb_row *r = gi_vec_push(&x->b->rb, sizeof(*r));
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
        if (!gi_same(r->v.name, name))
            return conflict(x, "Region", key, "Name", name, r->v.name, r->src.line);
        if (!gi_same(r->v.regierungsbezirk_ags, rb_ags))
            return conflict(x, "Region", key, "Regierungsbezirk", rb_ags, r->v.regierungsbezirk_ags,
                            r->src.line);
        return ERR_OK;
    }
    struct region_row *r = gi_vec_push(&x->b->region, sizeof(*r));
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
        if (!gi_same(r->v.name, k->name))
            return conflict(x, "Kreis", k->ags, "Name", k->name, r->v.name, r->src.line);
        if (!gi_same(r->v.typ, k->typ))
            return conflict(x, "Kreis", k->ags, "Typ", k->typ, r->v.typ, r->src.line);
        if (!gi_same(r->v.region_key, k->region_key))
            return conflict(x, "Kreis", k->ags, "Region", k->region_key, r->v.region_key,
                            r->src.line);
        r->v.einwohner += k->einwohner;
        r->ha += ha;
        r->has_ha = r->has_ha && has_ha;
        return ERR_OK;
    }
    struct kreis_row *r = gi_vec_push(&x->b->kreis, sizeof(*r));
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
        if (!gi_same(r->v.name, name))
            return conflict(x, "Verband", ars, "Name", name, r->v.name, r->src.line);
        if (!gi_same(r->v.typ, typ))
            return conflict(x, "Verband", ars, "Typ", typ, r->v.typ, r->src.line);
        return ERR_OK;
    }
    struct verband_row *r = gi_vec_push(&x->b->verband, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->v = (struct import_verband){ars, name, typ, NULL, kreis_ags};
    r->src = here(x);
    return ERR_OK;
}

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
        struct gemeinde_row *gr = gi_vec_push(&x->b->gemeinde, sizeof(*gr));
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
                rc = csv_fail(r, "ungültige Postleitzahl '%.*s'", gi_clip(s), s.p);
            else if (s.len && !(v->plz = arena_strndup(g->a, s.p, s.len)))
                return ERR_NOMEM;
        }
        if (rc == ERR_OK) {
            s = csv_field(r, c_plz_e);
            if (str_eq(s, "ja"))
                v->plz_eindeutig = true;
            else if (s.len && !str_eq(s, "nein"))
                rc = csv_fail(r, "ungültiger Wert '%.*s' in Feld 'plz_eindeutig' (ja/nein)",
                              gi_clip(s), s.p);
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
            struct kreis_row *kr = gi_vec_push(&x->b->kreis, sizeof(*kr));
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
        struct rb_row *rr = gi_vec_push(&x->b->rb, sizeof(*rr));
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
        struct region_row *rr = gi_vec_push(&x->b->region, sizeof(*rr));
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
                return csv_fail(r, "ungültiger Kreisschlüssel '%.*s' in Feld 'kreise'", gi_clip(k),
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
        struct verband_row *vr = gi_vec_push(&x->b->verband, sizeof(*vr));
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

int
gi_parse_csv(struct gemeinden_import *g, struct batch *b, const char *data, size_t len,
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

    /* the gi_same key twice in one file */
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
        if (k->has_ha && !(k->v.flaeche_km2 = gi_km2_text(g->a, k->ha)))
            return ERR_NOMEM;
    }
    if (b->n_skipped == 0 && b->gemeinde.n == 0 && b->kreis.n == 0 && b->rb.n == 0 &&
        b->region.n == 0 && b->verband.n == 0) {
        RH_IGNORE(buf_printf(err, "%s: keine Datensätze", b->file));
        return ERR_INVALID;
    }
    return ERR_OK;
}
