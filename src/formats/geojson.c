#include "formats/geojson.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

struct ctx {
    struct arena *a;
    struct geo_karte *k;
    size_t n_points;
    bool has_bbox;
};

static int
ring(struct ctx *x, json_t *coords, struct geo_ring *out)
{
    size_t n = json_is_array(coords) ? json_array_size(coords) : 0;
    if (n < 4)
        return ERR_INVALID;
    x->n_points += n;
    if (x->n_points > GEOJSON_MAX_POINTS)
        return ERR_LIMIT;
    double *xy = arena_alloc(x->a, n * 2 * sizeof(double));
    if (!xy)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *pt = json_array_get(coords, i);
        json_t *lon = json_array_get(pt, 0), *lat = json_array_get(pt, 1);
        if (!json_is_number(lon) || !json_is_number(lat))
            return ERR_INVALID;
        double lo = json_number_value(lon), la = json_number_value(lat);
        if (!(lo >= -180 && lo <= 180 && la >= -90 && la <= 90))
            return ERR_INVALID;
        xy[2 * i] = lo;
        xy[2 * i + 1] = la;
        struct geo_karte *k = x->k;
        if (!x->has_bbox) {
            k->min_lon = k->max_lon = lo;
            k->min_lat = k->max_lat = la;
            x->has_bbox = true;
        }
        if (lo < k->min_lon)
            k->min_lon = lo;
        if (lo > k->max_lon)
            k->max_lon = lo;
        if (la < k->min_lat)
            k->min_lat = la;
        if (la > k->max_lat)
            k->max_lat = la;
    }
    out->lonlat = xy;
    out->n = n;
    return ERR_OK;
}

/* Append the rings of one polygon (an array of rings) to f. */
static int
polygon(struct ctx *x, json_t *poly, struct geo_flaeche *f, size_t *cap)
{
    if (!json_is_array(poly) || json_array_size(poly) == 0)
        return ERR_INVALID;
    for (size_t i = 0; i < json_array_size(poly); i++) {
        if (f->n_ringe == *cap) {
            size_t ncap = *cap ? *cap * 2 : 4;
            struct geo_ring *r = arena_alloc(x->a, ncap * sizeof(*r));
            if (!r)
                return ERR_NOMEM;
            if (f->n_ringe)
                memcpy(r, f->ringe, f->n_ringe * sizeof(*r));
            f->ringe = r;
            *cap = ncap;
        }
        int rc = ring(x, json_array_get(poly, i), &f->ringe[f->n_ringe]);
        if (rc != ERR_OK)
            return rc;
        f->n_ringe++;
    }
    return ERR_OK;
}

static int
feature(struct ctx *x, json_t *ft, struct geo_flaeche *f)
{
    json_t *props = json_object_get(ft, "properties"), *geom = json_object_get(ft, "geometry");
    const char *ags = json_string_value(json_object_get(props, "kreis_ags"));
    const char *name = json_string_value(json_object_get(props, "name"));
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates");
    size_t cap = 0;
    if (!ags || strlen(ags) != 5 || strspn(ags, "0123456789") != 5 || !name || !type ||
        !json_is_array(coords))
        return ERR_INVALID;
    f->kreis_ags = arena_strdup(x->a, ags);
    f->name = arena_strdup(x->a, name);
    if (!f->kreis_ags || !f->name)
        return ERR_NOMEM;
    if (strcmp(type, "Polygon") == 0)
        return polygon(x, coords, f, &cap);
    if (strcmp(type, "MultiPolygon") != 0)
        return ERR_INVALID;
    for (size_t i = 0; i < json_array_size(coords); i++) {
        int rc = polygon(x, json_array_get(coords, i), f, &cap);
        if (rc != ERR_OK)
            return rc;
    }
    return json_array_size(coords) ? ERR_OK : ERR_INVALID;
}

int
geojson_kreise(struct arena *a, const char *p, size_t len, struct geo_karte *out)
{
    json_error_t err;
    struct geo_karte k = {0};
    struct ctx x = {a, &k, 0, false};
    int rc = ERR_OK;
    if (len > GEOJSON_MAX_BYTES)
        return ERR_LIMIT;
    json_t *doc = json_loadb(p, len, JSON_REJECT_DUPLICATES, &err);
    json_t *fs = json_object_get(doc, "features");
    const char *type = json_string_value(json_object_get(doc, "type"));
    if (!doc || !type || strcmp(type, "FeatureCollection") != 0 || !json_is_array(fs))
        rc = ERR_INVALID;
    else if (json_array_size(fs) > GEOJSON_MAX_FEATURES)
        rc = ERR_LIMIT;
    if (rc == ERR_OK) {
        k.flaechen = arena_zalloc(a, (json_array_size(fs) + 1) * sizeof(*k.flaechen));
        if (!k.flaechen)
            rc = ERR_NOMEM;
    }
    for (size_t i = 0; rc == ERR_OK && i < json_array_size(fs); i++)
        rc = feature(&x, json_array_get(fs, i), &k.flaechen[k.n++]);
    json_decref(doc);
    if (rc == ERR_OK && k.n == 0)
        rc = ERR_INVALID;
    if (rc == ERR_OK)
        *out = k;
    return rc;
}

int
geojson_kreise_datei(struct arena *a, const char *path, struct geo_karte *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
    char *buf = arena_alloc(a, GEOJSON_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, GEOJSON_MAX_BYTES + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return ERR_NOMEM;
    if (bad)
        return ERR_IO;
    if (n > GEOJSON_MAX_BYTES)
        return ERR_LIMIT;
    return geojson_kreise(a, buf, n, out);
}
