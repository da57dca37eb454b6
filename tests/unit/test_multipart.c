/* Unit tests of http/multipart.h: boundaries, parts, names, limits and malformed bodies. */
#include <string.h>

#include "http/multipart.h"
#include "tap.h"

static int
parse(const char *ct, const char *body, size_t len, size_t max, struct multipart_teil **t,
      size_t *n)
{
    static struct arena *a;
    const char *grund = NULL;
    if (!a)
        a = arena_new(1 << 22);
    const char *b = multipart_boundary(a, ct);
    if (!b)
        return -1;
    return multipart_parse(a, b, body, len, max, t, n, &grund);
}

#define BODY(s) s, sizeof(s) - 1

static void
test_multipart_boundary_from_content_type(void)
{
    struct arena *a = arena_new(1 << 16);
    const char *b = multipart_boundary(a, "multipart/form-data; boundary=----abc123");
    CHECK(b && strcmp(b, "----abc123") == 0);
    b = multipart_boundary(a, "Multipart/Form-Data; charset=utf-8; boundary=\"x'y\"");
    CHECK(b && strcmp(b, "x'y") == 0);
    CHECK(multipart_boundary(a, "application/json") == NULL);
    CHECK(multipart_boundary(a, "multipart/form-data") == NULL);
    CHECK(multipart_boundary(a, "multipart/form-data; boundary=") == NULL);
    CHECK(multipart_boundary(a, "multipart/form-data; boundary=a;boundary=b") == NULL);
    CHECK(multipart_boundary(a, "multipart/form-data; boundary=\"a\\\"b\"") == NULL);
    CHECK(multipart_boundary(NULL == a ? NULL : a, NULL) == NULL);
    arena_free(a);
}

static void
test_multipart_parses_browser_body(void)
{
    struct multipart_teil *t = NULL;
    size_t n = 0;
    CHECK(parse("multipart/form-data; boundary=XyZ",
                BODY("--XyZ\r\nContent-Disposition: form-data; name=\"feld\"\r\n\r\nnachweis\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"datei\"; "
                     "filename=\"a b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--X"
                     "\r\nmore\r\n--XyZ--\r\n"),
                8, &t, &n) == ERR_OK);
    CHECK(n == 2);
    CHECK(n == 2 && strcmp(t[0].name, "feld") == 0 && t[0].len == 8 &&
          memcmp(t[0].daten, "nachweis", 8) == 0 && t[0].dateiname == NULL);
    CHECK(n == 2 && strcmp(t[1].name, "datei") == 0 && strcmp(t[1].dateiname, "a b.pdf") == 0);
    CHECK(n == 2 && strcmp(t[1].typ, "application/pdf") == 0);
    /* a CRLF and something boundary-like inside the content stay content */
    CHECK(n == 2 && t[1].len == 15 && memcmp(t[1].daten, "%PDF\r\n--X\r\nmore", 15) == 0);
}

static void
test_multipart_rejects_malformed(void)
{
    const char *ct = "multipart/form-data; boundary=b";
    struct multipart_teil *t;
    size_t n;
    /* no closing delimiter */
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"), 8, &t,
                &n) == ERR_INVALID);
    /* no Content-Disposition, or not form-data, or no name */
    CHECK(parse(ct, BODY("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"), 8, &t, &n) ==
          ERR_INVALID);
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--"), 8,
                &t, &n) == ERR_INVALID);
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"), 8, &t, &n) ==
          ERR_INVALID);
    /* headers that never end, bare LF, unterminated quote */
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: form-data; name=\"a\"\r\nx"), 8, &t, &n) ==
          ERR_INVALID);
    CHECK(parse(ct, BODY("--b\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b--"), 8, &t,
                &n) == ERR_INVALID);
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--"), 8,
                &t, &n) == ERR_INVALID);
    /* the boundary is not there at all; empty body */
    CHECK(parse(ct, BODY("hello"), 8, &t, &n) == ERR_INVALID);
    CHECK(parse(ct, "", 0, 8, &t, &n) == ERR_INVALID);
    /* invalid UTF-8 in a name */
    CHECK(parse(ct, BODY("--b\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\nx\r\n--b--"),
                8, &t, &n) == ERR_INVALID);
}

static void
test_multipart_limits_parts(void)
{
    const char *ct = "multipart/form-data; boundary=b";
    struct multipart_teil *t;
    size_t n;
    static const char three[] = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                                "--b\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
                                "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n"
                                "--b--";
    CHECK(parse(ct, BODY(three), 3, &t, &n) == ERR_OK && n == 3);
    CHECK(parse(ct, BODY(three), 2, &t, &n) == ERR_LIMIT);
    /* no parts at all is fine (an empty form) */
    CHECK(parse(ct, BODY("--b--\r\n"), 2, &t, &n) == ERR_OK && n == 0);
}

int
main(void)
{
    TEST(test_multipart_boundary_from_content_type);
    TEST(test_multipart_parses_browser_body);
    TEST(test_multipart_rejects_malformed);
    TEST(test_multipart_limits_parts);
    return tap_done();
}
