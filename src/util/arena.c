#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN       16
#define BLOCK_BYTES (64 * 1024)

struct block {
    struct block *next;
    size_t size, used;
    /* data follows, aligned */
};

struct arena {
    struct block *head;
    size_t cap, used;
};

static size_t
header_size(void)
{
    return (sizeof(struct block) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

struct arena *
arena_new(size_t cap)
{
    struct arena *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->cap = cap;
    return a;
}

static void
free_blocks(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
}

void
arena_free(struct arena *a)
{
    if (!a)
        return;
    free_blocks(a->head);
    free(a);
}

void
arena_reset(struct arena *a)
{
    if (!a || !a->head)
        return;
    /* keep the oldest block: it is the last in the list */
    struct block *b = a->head, *keep = NULL;
    while (b && b->next)
        b = b->next;
    keep = b;
    struct block *it = a->head;
    while (it != keep) {
        struct block *next = it->next;
        free(it);
        it = next;
    }
    keep->used = 0;
    keep->next = NULL;
    a->head = keep;
    a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2)
        return NULL;
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (a->used + need > a->cap || a->used + need < a->used)
        return NULL;
    struct block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > BLOCK_BYTES ? need : BLOCK_BYTES;
        b = malloc(header_size() + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b + header_size() + b->used;
    b->used += need;
    a->used += need;
    return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *
arena_strndup(struct arena *a, const char *p, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *s = arena_alloc(a, len + 1);
    if (!s)
        return NULL;
    if (len)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

char *
arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

char *
arena_str(struct arena *a, struct str s)
{
    return arena_strndup(a, s.p, s.len);
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

size_t
arena_used(const struct arena *a)
{
    return a->used;
}
