/* Unit tests of util: arena, buf, str. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

static void
test_arena_respects_cap(void)
{
    struct arena *a = arena_new(1000);
    CHECK(arena_alloc(a, 500) != NULL);
    CHECK(arena_alloc(a, 600) == NULL);
    CHECK(arena_alloc(a, 100) != NULL);
    arena_reset(a);
    CHECK(arena_used(a) == 0);
    CHECK(arena_alloc(a, 900) != NULL);
    char *s = arena_printf(a, "%d", 42);
    CHECK(s && strcmp(s, "42") == 0);
    arena_free(a);
    arena_free(NULL);
}

static void
test_arena_large_allocations(void)
{
    struct arena *a = arena_new(10u << 20);
    char *p = arena_alloc(a, 200000);
    CHECK(p != NULL);
    memset(p, 1, 200000);
    CHECK(arena_strndup(a, "abc", 2) && strcmp(arena_strndup(a, "abc", 2), "ab") == 0);
    arena_free(a);
}

static void
test_buf_limit_keeps_contents(void)
{
    struct buf b = BUF_INIT(8);
    CHECK(buf_puts(&b, "12345") == ERR_OK);
    CHECK(buf_puts(&b, "6789") == ERR_LIMIT);
    CHECK(strcmp(buf_cstr(&b), "12345") == 0);
    CHECK(buf_printf(&b, "%d", 678) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "12345678") == 0);
    CHECK(buf_putc(&b, 'x') == ERR_LIMIT);
    char *p = buf_steal(&b);
    CHECK(p && strcmp(p, "12345678") == 0 && b.len == 0);
    free(p);
    buf_free(&b);
}

static void
test_str_to_int64_bounds(void)
{
    int64_t v;
    CHECK(str_to_int64(str_from("42"), 0, 100, &v) == ERR_OK && v == 42);
    CHECK(str_to_int64(str_from("-5"), -10, 0, &v) == ERR_OK && v == -5);
    CHECK(str_to_int64(str_from("101"), 0, 100, &v) == ERR_INVALID);
    CHECK(str_to_int64(str_from(""), 0, 100, &v) == ERR_INVALID);
    CHECK(str_to_int64(str_from("1a"), 0, 100, &v) == ERR_INVALID);
    CHECK(str_to_int64(str_from("99999999999999999999999"), 0, INT64_MAX, &v) == ERR_INVALID);
    CHECK(str_to_int64(str_from("-"), -1, 1, &v) == ERR_INVALID);
}

static void
test_utf8_validation(void)
{
    CHECK(str_is_clean_utf8("Böblingen", strlen("Böblingen")));
    CHECK(str_is_clean_utf8("a\tb\nc", 5));
    CHECK(!str_is_clean_utf8("\xff", 1));
    CHECK(!str_is_clean_utf8("\xc3", 1));            /* truncated */
    CHECK(!str_is_clean_utf8("\xc0\xaf", 2));        /* overlong */
    CHECK(!str_is_clean_utf8("\xed\xa0\x80", 3));    /* surrogate */
    CHECK(!str_is_clean_utf8("a\x01", 2));           /* control */
    CHECK(str_is_clean_utf8("\xf0\x9f\x98\x80", 4)); /* emoji */
    CHECK(str_is_digits(str_from("08111000"), 8));
    CHECK(!str_is_digits(str_from("0811100x"), 8));
}

int
main(void)
{
    TEST(test_arena_respects_cap);
    TEST(test_arena_large_allocations);
    TEST(test_buf_limit_keeps_contents);
    TEST(test_str_to_int64_bounds);
    TEST(test_utf8_validation);
    return tap_done();
}
