/* str: borrowed, length-counted views of bytes. A struct str never owns its memory. */
#ifndef RATHAUS_UTIL_STR_H
#define RATHAUS_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct str {
    const char *p;
    size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})

/* A view of the NUL-terminated `s` (NULL gives the empty view). Cannot fail. */
struct str str_from(const char *s);
bool str_eq(struct str a, const char *lit);
bool str_eq_nocase(struct str a, const char *lit);
bool str_starts_with(struct str a, const char *prefix);

/* Parse a whole decimal integer in [min, max]. ERR_INVALID on anything else. */
RH_MUST_CHECK int str_to_int64(struct str s, int64_t min, int64_t max, int64_t *out);

/* True when `s` is exactly `n` ASCII digits. */
bool str_is_digits(struct str s, size_t n);

/* True when the bytes are valid UTF-8 without NUL and without C0 controls other than
 * tab, newline and carriage return. */
bool str_is_clean_utf8(const char *p, size_t len);

/* The length (1 to 4) of the valid UTF-8 sequence at p[0..len), len >= 1, or 0 when the
 * byte starts none (a continuation byte, an overlong form, a surrogate, past U+10FFFF, cut
 * off). */
size_t str_utf8_laenge(const char *p, size_t len);

#endif
