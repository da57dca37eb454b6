/* libFuzzer harness: the archive's answer to a hand-over (xdomea 0506/0507,
 * formats/xdomea.h xdomea_quittung_lesen) without the schema, so that the structural reading
 * after the XML parser sees every input. */
#include <stddef.h>
#include <stdint.h>

#include "formats/xdomea.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(16u << 20);
    struct buf err = BUF_INIT(1 << 16);
    struct xdomea_quittung q;
    if (!a)
        return 0;
    if (xdomea_quittung_lesen(a, (const char *)data, size, NULL, &q, &err) == ERR_OK) {
        if (!xdomea_is_uuid(q.prozess_id))
            __builtin_trap();
        for (size_t i = 0; i < q.n; i++)
            if (!xdomea_is_uuid(q.ids[i]))
                __builtin_trap();
    }
    buf_free(&err);
    arena_free(a);
    return 0;
}
