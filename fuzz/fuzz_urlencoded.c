/* libFuzzer harness: form bodies and query strings (http_parse_urlencoded). */
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1 << 22);
    struct http_kv *kv;
    size_t n;
    if (!a)
        return 0;
    if (http_parse_urlencoded(a, (const char *)data, size, 64, &kv, &n) == ERR_OK) {
        for (size_t i = 0; i < n; i++)
            if (!str_is_clean_utf8(kv[i].value, kv[i].value_len))
                __builtin_trap();
    }
    arena_free(a);
    return 0;
}
