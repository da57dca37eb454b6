#include "util/arena_array.h"

#include <stdint.h>
#include <string.h>

void *
arena_array_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (size == 0 || ncap < *cap || ncap > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, ncap * size);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, arr, n * size);
    *cap = ncap;
    return p;
}
