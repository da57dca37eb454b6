/* svg_karte: the map of the Land's districts coloured by progress, as a standalone SVG
 * document (image/svg+xml), drawn on the server from the boundaries of formats/geojson.h in
 * a simple equirectangular projection (longitude scaled by the cosine of the middle
 * latitude). Every district carries a <title> with its name and share; the document has a
 * <title>, <desc> and a legend. Pages show it with <img alt> and a data table next to it.
 * Thread-safe. */
#ifndef RATHAUS_FORMATS_SVG_KARTE_H
#define RATHAUS_FORMATS_SVG_KARTE_H

#include <stddef.h>

#include "formats/geojson.h"
#include "util/buf.h"
#include "util/err.h"

/* The value of one district: share in per mille (-1: no data); `hervorheben` outlines it. */
struct karte_wert {
    const char *kreis_ags;
    int promille;
    int hervorheben;
};

/* Draw `k` `breite` pixels wide with the values (districts without a value are grey) and
 * append the SVG document to `out`. `titel` names the map. ERR_LIMIT at the buffer's max. */
RH_MUST_CHECK int svg_karte(struct buf *out, const struct geo_karte *k,
                            const struct karte_wert *werte, size_t n_werte, const char *titel,
                            int breite);

/* The map without boundary data: a tile grid of the districts (n rows of names), same
 * colours and legend. */
RH_MUST_CHECK int svg_kacheln(struct buf *out, const struct karte_wert *werte,
                              const char *const *namen, size_t n, const char *titel);

/* The fill colour of a share (5 classes of a blue scale; grey for -1). Cannot fail. */
const char *svg_karte_farbe(int promille);

#endif
