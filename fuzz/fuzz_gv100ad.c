/* libFuzzer harness: the GV100AD fixed-width reader (formats/gv100ad.h) and the territory model
 * built from it (gemeinden_import without a database), for Land 08 and for the Land of the
 * first record. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/gemeinden_import.h"
#include "formats/gv100ad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct gv100ad *r = NULL;
    struct gv100ad_satz s;
    struct buf err = BUF_INIT(1 << 16);
    bool has = false;
    char land[3] = "08";

    RH_IGNORE(gv100ad_detect(p, size));
    if (gv100ad_open("fuzz.txt", p, size, &r) == ERR_OK) {
        while (gv100ad_next(r, &s, &has) == ERR_OK && has) {
            RH_IGNORE(gv100ad_typ(s.textkennzeichen) == NULL);
            if (s.line == 1)
                memcpy(land, s.key, 2);
        }
        RH_IGNORE(strlen(gv100ad_error(r)) > 0);
    }
    gv100ad_free(r);
    for (int i = 0; i < 2; i++) {
        struct gemeinden_import *g = NULL;
        if (gemeinden_import_new(i ? land : "08", &g) == ERR_OK)
            RH_IGNORE(gemeinden_import_add_data(g, "fuzz.txt", p, size, &err));
        gemeinden_import_free(g);
        buf_reset(&err);
    }
    buf_free(&err);
    return 0;
}
