/* geojson: the district boundaries of the Land (../shared/data/geo/bw-kreise.geojson, BKG
 * VG5000 in WGS84) for the overview map of the Lagebild.
 *
 * Reads a FeatureCollection of Polygon and MultiPolygon features whose properties carry
 * "kreis_ags" (5 digits) and "name". Input is bounded (GEOJSON_MAX_BYTES, _FEATURES, _POINTS);
 * anything else is ERR_INVALID. Everything lives in the arena passed in; thread-safe. */
#ifndef RATHAUS_FORMATS_GEOJSON_H
#define RATHAUS_FORMATS_GEOJSON_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define GEOJSON_MAX_BYTES    (8u * 1024 * 1024)
#define GEOJSON_MAX_FEATURES 500
#define GEOJSON_MAX_POINTS   500000

struct geo_ring {
    const double *lonlat; /* n pairs: lon, lat */
    size_t n;
};

struct geo_flaeche {
    const char *kreis_ags, *name;
    struct geo_ring *ringe; /* outer rings and holes of all its polygons */
    size_t n_ringe;
};

struct geo_karte {
    struct geo_flaeche *flaechen;
    size_t n;
    double min_lon, max_lon, min_lat, max_lat;
};

/* Parse p[0..len) into *out. ERR_INVALID (not GeoJSON as described, or coordinates outside
 * -180..180 / -90..90), ERR_LIMIT (too large), ERR_NOMEM. */
RH_MUST_CHECK int geojson_kreise(struct arena *a, const char *p, size_t len, struct geo_karte *out);

/* Read and parse the file at `path` (ERR_NOTFOUND when it does not exist, ERR_IO). */
RH_MUST_CHECK int geojson_kreise_datei(struct arena *a, const char *path, struct geo_karte *out);

#endif
