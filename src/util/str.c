#include "str.h"

#include <string.h>

struct str
str_from(const char *s)
{
    struct str r = {s ? s : "", s ? strlen(s) : 0};
    return r;
}

bool
str_eq(struct str a, const char *lit)
{
    size_t n = strlen(lit);
    return a.len == n && memcmp(a.p, lit, n) == 0;
}

static char
lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool
str_eq_nocase(struct str a, const char *lit)
{
    size_t n = strlen(lit);
    if (a.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii(a.p[i]) != lower_ascii(lit[i]))
            return false;
    return true;
}

bool
str_starts_with(struct str a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.p, prefix, n) == 0;
}

int
str_to_int64(struct str s, int64_t min, int64_t max, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0;

    if (s.len == 0 || s.len > 20)
        return ERR_INVALID;
    if (s.p[0] == '-') {
        neg = true;
        i = 1;
        if (s.len == 1)
            return ERR_INVALID;
    }
    for (; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return ERR_INVALID;
        if (v > (UINT64_MAX - 9) / 10)
            return ERR_INVALID;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    if (v > (uint64_t)INT64_MAX)
        return ERR_INVALID;
    int64_t r = neg ? -(int64_t)v : (int64_t)v;
    if (r < min || r > max)
        return ERR_INVALID;
    *out = r;
    return ERR_OK;
}

bool
str_is_digits(struct str s, size_t n)
{
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

size_t
str_utf8_laenge(const char *p, size_t len)
{
    const unsigned char *s = (const unsigned char *)p;
    unsigned char c = s[0];
    size_t n;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0; /* a continuation byte, an overlong 2-byte lead, past U+10FFFF */
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    unsigned v = s[1];
    if (n == 3 && ((c == 0xe0 && v < 0xa0) || (c == 0xed && v >= 0xa0)))
        return 0; /* overlong or surrogate */
    if (n == 4 && ((c == 0xf0 && v < 0x90) || (c == 0xf4 && v >= 0x90)))
        return 0; /* overlong or past U+10FFFF */
    return n;
}

bool
str_is_clean_utf8(const char *p, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)p[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return false;
        size_t n = str_utf8_laenge(p + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}
