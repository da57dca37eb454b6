/* svg_diagramm: charts of the Lagebild drawn on the server as standalone SVG documents
 * (image/svg+xml): horizontal bars (progress per municipality or Themenfeld) and a line over
 * time. Labels are escaped (formats/svg_xml.h); each document has <title> and <desc>, and
 * pages show the same numbers in a table next to the image. Thread-safe. */
#ifndef RATHAUS_FORMATS_SVG_DIAGRAMM_H
#define RATHAUS_FORMATS_SVG_DIAGRAMM_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct balken {
    const char *label;
    int promille; /* 0..1000 */
};

/* Horizontal bars, one per entry (at most 200), scaled 0-100 %. */
RH_MUST_CHECK int svg_balken(struct buf *out, const struct balken *b, size_t n, const char *titel);

struct linienpunkt {
    const char *label; /* x axis, e.g. "2024 Q2" */
    int64_t wert;
};

/* A line of the values over time (at most 400 points), y axis from 0 to the maximum. */
RH_MUST_CHECK int svg_linie(struct buf *out, const struct linienpunkt *p, size_t n,
                            const char *titel, const char *y_label);

#endif
