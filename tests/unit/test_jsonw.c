/* Tests of util/jsonw.h: structure and separators, escaping, invalid UTF-8, errors, and
 * random strings whose output jansson must parse back to the same text. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tap.h"
#include "util/jsonw.h"

static void
test_jsonw_writes_structures(void)
{
    struct buf b = BUF_INIT(4096);
    struct jsonw w;
    jsonw_beginn(&w, &b);
    jsonw_objekt(&w);
    jsonw_name(&w, "a");
    jsonw_zahl(&w, -12);
    jsonw_name(&w, "b");
    jsonw_liste(&w);
    jsonw_bool(&w, true);
    jsonw_null(&w);
    jsonw_text(&w, "x");
    jsonw_text(&w, NULL);
    jsonw_liste_ende(&w);
    jsonw_name(&w, "c");
    jsonw_objekt(&w);
    jsonw_objekt_ende(&w);
    jsonw_name(&w, "d");
    jsonw_id(&w, 0);
    jsonw_name(&w, "e");
    jsonw_id(&w, 7);
    jsonw_objekt_ende(&w);
    CHECK(jsonw_ende(&w) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b),
                 "{\"a\":-12,\"b\":[true,null,\"x\",null],\"c\":{},\"d\":null,\"e\":7}") == 0);
    buf_free(&b);
}

static void
test_jsonw_escapes_and_replaces_invalid_utf8(void)
{
    struct buf b = BUF_INIT(4096);
    struct jsonw w;
    jsonw_beginn(&w, &b);
    jsonw_liste(&w);
    jsonw_text(&w, "q\"b\\s/\n\t\r\x01\x1f Grüße €");
    jsonw_text(&w, "a\xC3(b\xE2\x82z\xED\xA0\x80\xF5\xC0\xAF");
    jsonw_liste_ende(&w);
    CHECK(jsonw_ende(&w) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "[\"q\\\"b\\\\s/\\n\\t\\r\\u0001\\u001f Grüße €\","
                               "\"a\xEF\xBF\xBD(b\xEF\xBF\xBD\xEF\xBF\xBDz"
                               "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                               "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]") == 0);
    buf_free(&b);
}

static void
test_jsonw_keeps_the_first_error(void)
{
    struct buf b = BUF_INIT(4096), klein = BUF_INIT(8);
    struct jsonw w;
    jsonw_beginn(&w, &b);
    for (int i = 0; i <= JSONW_TIEFE_MAX; i++)
        jsonw_liste(&w);
    CHECK(jsonw_ende(&w) == ERR_INVALID);
    buf_reset(&b);
    jsonw_beginn(&w, &b);
    jsonw_liste(&w);
    jsonw_objekt_ende(&w);
    jsonw_liste_ende(&w);
    CHECK(jsonw_ende(&w) == ERR_INVALID); /* a list closed as an object */
    buf_reset(&b);
    jsonw_beginn(&w, &b);
    jsonw_objekt(&w);
    jsonw_zahl(&w, 1);
    CHECK(jsonw_ende(&w) == ERR_INVALID); /* a value in an object without a name */
    buf_reset(&b);
    jsonw_beginn(&w, &b);
    jsonw_name(&w, "a");
    CHECK(jsonw_ende(&w) == ERR_INVALID); /* a name outside an object */
    buf_reset(&b);
    jsonw_beginn(&w, &b);
    jsonw_objekt_ende(&w);
    CHECK(jsonw_ende(&w) == ERR_INVALID);
    buf_reset(&b);
    jsonw_beginn(&w, &b);
    jsonw_objekt(&w);
    jsonw_name(&w, "a");
    CHECK(jsonw_ende(&w) == ERR_INVALID); /* a name without its value, an open object */
    jsonw_beginn(&w, &klein);
    jsonw_text(&w, "viel zu lang für acht Bytes");
    CHECK(jsonw_ende(&w) == ERR_LIMIT);
    buf_free(&b);
    buf_free(&klein);
}

/* Random byte strings: the output is always JSON that jansson reads, and a string of valid
 * UTF-8 comes back byte for byte. */
static void
test_jsonw_random_strings_round_trip(void)
{
    unsigned seed = 12345;
    char s[64];
    int gelesen = 0, gleich = 0, gueltig = 0;
    for (int k = 0; k < 2000; k++) {
        size_t n = (size_t)(rand_r(&seed) % 63);
        for (size_t i = 0; i < n; i++) {
            int r = rand_r(&seed) % 8;
            /* mostly ASCII, some UTF-8 lead and continuation bytes, some controls */
            s[i] = (char)(r < 4   ? 0x20 + rand_r(&seed) % 95
                          : r < 6 ? 0x80 + rand_r(&seed) % 0x80
                          : r < 7 ? 0xC2 + rand_r(&seed) % 0x33
                                  : 1 + rand_r(&seed) % 31);
        }
        s[n] = '\0';
        struct buf b = BUF_INIT(4096);
        struct jsonw w;
        jsonw_beginn(&w, &b);
        jsonw_liste(&w);
        jsonw_text(&w, s);
        jsonw_liste_ende(&w);
        CHECK(jsonw_ende(&w) == ERR_OK);
        json_error_t e;
        json_t *v = json_loadb(b.p, b.len, 0, &e);
        if (v) {
            gelesen++;
            json_t *t = json_array_get(v, 0);
            bool valid = json_string_length(t) == n && memcmp(json_string_value(t), s, n) == 0;
            /* jansson refuses invalid UTF-8 itself: a string it accepts must be unchanged */
            json_t *probe = json_stringn(s, n);
            if (probe) {
                gueltig++;
                if (valid)
                    gleich++;
            }
            json_decref(probe);
            json_decref(v);
        }
        buf_free(&b);
    }
    CHECK(gelesen == 2000);
    CHECK(gueltig > 100 && gleich == gueltig);
}

int
main(void)
{
    TEST(test_jsonw_writes_structures);
    TEST(test_jsonw_escapes_and_replaces_invalid_utf8);
    TEST(test_jsonw_keeps_the_first_error);
    TEST(test_jsonw_random_strings_round_trip);
    return tap_done();
}
