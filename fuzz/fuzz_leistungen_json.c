/* libFuzzer harness: the Leistungen JSON format "rathaus-leistungen/1" (docs/formats.md) as
 * read and validated by leistungen_import, without a database. */
#include <stddef.h>
#include <stdint.h>

#include "formats/leistungen_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct leistungen_import *l = NULL;
    struct buf err = BUF_INIT(1 << 16);

    if (leistungen_import_new(&l) == ERR_OK) {
        RH_IGNORE(leistungen_import_add_data(l, "fuzz.json", (const char *)data, size, &err));
        RH_IGNORE(leistungen_import_n_files(l) > 1);
    }
    leistungen_import_free(l);
    buf_free(&err);
    return 0;
}
