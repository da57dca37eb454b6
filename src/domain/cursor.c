#include "domain/cursor.h"

#include <string.h>

#include <sodium.h>

#include "util/buf.h"

#define SEP '\x1f'

char *
cursor_encode(struct arena *a, const char *const *parts, size_t n)
{
    struct buf raw = BUF_INIT(1024);
    char *out = NULL;
    int rc = buf_puts(&raw, "c1");
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        rc = buf_putc(&raw, SEP);
        if (rc == ERR_OK)
            rc = buf_puts(&raw, parts[i] ? parts[i] : "");
    }
    if (rc == ERR_OK) {
        size_t len = sodium_base64_encoded_len(raw.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        out = arena_alloc(a, len);
        if (out)
            sodium_bin2base64(out, len, (const unsigned char *)raw.p, raw.len,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    buf_free(&raw);
    return out;
}

int
cursor_decode(struct arena *a, const char *cursor, size_t n, char **parts)
{
    size_t clen = strlen(cursor);
    if (clen == 0 || clen > 1024 || n > CURSOR_MAX_PARTS)
        return ERR_INVALID;
    unsigned char *raw = arena_alloc(a, clen + 1);
    size_t raw_len;
    if (!raw)
        return ERR_NOMEM;
    if (sodium_base642bin(raw, clen, cursor, clen, NULL, &raw_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return ERR_INVALID;
    raw[raw_len] = '\0';
    if (raw_len < 2 || memcmp(raw, "c1", 2) != 0 || !str_is_clean_utf8((char *)raw + 2, 0))
        return ERR_INVALID;
    const char *p = (const char *)raw + 2;
    const char *end = (const char *)raw + raw_len;
    for (size_t i = 0; i < n; i++) {
        if (p >= end || *p != SEP)
            return ERR_INVALID;
        p++;
        const char *next = memchr(p, SEP, (size_t)(end - p));
        size_t len = next ? (size_t)(next - p) : (size_t)(end - p);
        if (!str_is_clean_utf8(p, len))
            return ERR_INVALID;
        parts[i] = arena_strndup(a, p, len);
        if (!parts[i])
            return ERR_NOMEM;
        p += len;
    }
    return p == end ? ERR_OK : ERR_INVALID;
}
