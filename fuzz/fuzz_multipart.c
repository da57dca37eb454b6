/* libFuzzer harness: multipart/form-data bodies (http/multipart.h). The first line of the
 * input is the Content-Type header, the rest the body. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1u << 24);
    if (!a)
        return 0;
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t hl = nl ? (size_t)(nl - s) : size;
    char *ct = arena_strndup(a, s, hl);
    if (ct && strlen(ct) == hl) {
        const char *b = multipart_boundary(a, ct);
        if (!b)
            b = "grenze";
        const char *body = nl ? nl + 1 : s + size;
        size_t bl = nl ? size - hl - 1 : 0;
        struct multipart_teil *t;
        size_t n;
        const char *grund;
        if (multipart_parse(a, b, body, bl, 8, &t, &n, &grund) == ERR_OK) {
            for (size_t i = 0; i < n; i++) {
                /* every part lies inside the body */
                if (t[i].daten < body || t[i].daten + t[i].len > body + bl)
                    __builtin_trap();
            }
        }
    }
    arena_free(a);
    return 0;
}
