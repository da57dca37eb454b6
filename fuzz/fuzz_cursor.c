/* libFuzzer harness: opaque list cursors from clients (cursor_decode) and place names
 * (gebiet_name_norm). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/cursor.h"
#include "domain/gebiet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1 << 22);
    if (!a)
        return 0;
    char *s = arena_strndup(a, (const char *)data, size);
    if (s && strlen(s) == size) {
        char *parts[3];
        for (size_t n = 1; n <= 3; n++)
            RH_IGNORE(cursor_decode(a, s, n, parts));
        if (str_is_clean_utf8(s, size))
            RH_IGNORE(gebiet_name_norm(a, s) == NULL);
    }
    arena_free(a);
    return 0;
}
