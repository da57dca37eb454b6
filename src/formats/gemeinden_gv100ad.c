#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/gemeinden_import_intern.h"
#include "formats/gv100ad.h"

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
        struct rb_row *r = gi_vec_push(&b->rb, sizeof(*r));
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
        struct region_row *r = gi_vec_push(&b->region, sizeof(*r));
        char *rb = arena_strndup(a, key, 3);
        if (!r || !rb)
            return ERR_NOMEM;
        r->v = (struct import_region){key, name, sitz, rb};
        r->src = src;
        *cur_region = key;
        return ERR_OK;
    }
    case GV100AD_KREIS: {
        struct kreis_row *r = gi_vec_push(&b->kreis, sizeof(*r));
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
        struct verband_row *r = gi_vec_push(&b->verband, sizeof(*r));
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
        struct frei_row *f = gi_vec_push(&b->frei, sizeof(*f));
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
    struct gemeinde_row *r = gi_vec_push(&b->gemeinde, sizeof(*r));
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
    v->flaeche_km2 = gi_km2_text(a, s->flaeche_ha);
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
        if (!(k->v.flaeche_km2 = gi_km2_text(g->a, k->ha)))
            return ERR_NOMEM;
        if (!rb && k->v.regierungsbezirk_ags[2] == '0' && land_name) {
            /* a Land without Regierungsbezirke: one stands for the whole Land */
            rb = gi_vec_push(&b->rb, sizeof(*rb));
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

int
gi_parse_gv(struct gemeinden_import *g, struct batch *b, const char *data, size_t len,
            struct buf *err)
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
