/* libFuzzer harness: the district boundaries reader (formats/geojson.h) and the map drawn from
 * what it accepts (formats/svg_karte.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/geojson.h"
#include "formats/svg_karte.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(64u * 1024 * 1024);
    struct geo_karte k;
    if (!a)
        abort();
    if (geojson_kreise(a, (const char *)data, size, &k) == ERR_OK) {
        struct buf out = BUF_INIT(1 << 24);
        struct karte_wert w = {k.flaechen[0].kreis_ags, 500, 1};
        RH_IGNORE(svg_karte(&out, &k, &w, 1, "Fuzz <&>", 600)); /* degenerate maps may fail */
        buf_free(&out);
    }
    arena_free(a);
    return 0;
}
