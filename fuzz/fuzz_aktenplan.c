/* libFuzzer harness: the file plan CSV parser (formats/aktenplan_csv.h) and the kennzeichen
 * rules over every parsed row (well-formed, ancestors). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/aktenplan_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(64u << 20);
    struct buf err = BUF_INIT(1 << 20);
    struct aktenplan_zeile *z = NULL;
    size_t n = 0;
    char vorfahr[AKTENPLAN_KZ_MAX + 1];
    if (!a)
        return 0;
    if (aktenplan_csv_parse(a, "fuzz.csv", (const char *)data, size, &z, &n, &err) == ERR_OK) {
        for (size_t i = 0; i < n; i++) {
            if (!aktenplan_kennzeichen_ok(z[i].kennzeichen))
                __builtin_trap();
            for (size_t k = 0; aktenplan_kennzeichen_vorfahr(z[i].kennzeichen, k, vorfahr); k++)
                if (strlen(vorfahr) >= strlen(z[i].kennzeichen))
                    __builtin_trap();
        }
    }
    buf_free(&err);
    arena_free(a);
    return 0;
}
