/* Unit tests of the HTTP layer's parsers and router (no sockets). */
#include <string.h>

#include "http/request.h"
#include "http/router.h"
#include "tap.h"

static int
h_dummy(struct http_req *r, struct http_resp *w)
{
    (void)r;
    (void)w;
    return ERR_OK;
}

static const struct route table[] = {
    {"GET", "/api/v1/gemeinden", h_dummy, ROUTE_API},
    {"GET", "/api/v1/gemeinden/{ags}", h_dummy, ROUTE_API},
    {"POST", "/api/v1/gemeinden/{ags}", h_dummy, ROUTE_API},
    {"GET", "/", h_dummy, ROUTE_PAGE},
    {0, 0, 0, 0},
};

static void
test_router_matches_literal_and_capture(void)
{
    const struct route *const tables[] = {table};
    struct router *rt;
    struct arena *a = arena_new(1 << 20);
    const struct route *route;
    struct http_kv *params;
    size_t n;
    const char *allow;
    CHECK(router_new(tables, 1, &rt) == ERR_OK);
    CHECK(router_match(rt, a, "GET", "/api/v1/gemeinden", &route, &params, &n, &allow) ==
          ROUTER_FOUND);
    CHECK(route == &table[0] && n == 0);
    CHECK(router_match(rt, a, "GET", "/api/v1/gemeinden/08111000", &route, &params, &n, &allow) ==
          ROUTER_FOUND);
    CHECK(route == &table[1] && n == 1 && strcmp(params[0].name, "ags") == 0 &&
          strcmp(params[0].value, "08111000") == 0);
    CHECK(router_match(rt, a, "GET", "/", &route, &params, &n, &allow) == ROUTER_FOUND);
    CHECK(route == &table[3]);
    CHECK(router_match(rt, a, "HEAD", "/", &route, &params, &n, &allow) == ROUTER_FOUND);
    router_free(rt);
    arena_free(a);
}

static void
test_router_reports_wrong_method_and_unknown_path(void)
{
    const struct route *const tables[] = {table};
    struct router *rt;
    struct arena *a = arena_new(1 << 20);
    const struct route *route;
    struct http_kv *params;
    size_t n;
    const char *allow = NULL;
    CHECK(router_new(tables, 1, &rt) == ERR_OK);
    CHECK(router_match(rt, a, "DELETE", "/api/v1/gemeinden/1", &route, &params, &n, &allow) ==
          ROUTER_NO_METHOD);
    CHECK(allow && strstr(allow, "GET") && strstr(allow, "POST"));
    CHECK(router_match(rt, a, "GET", "/api/v1/gemeinden/1/x", &route, &params, &n, &allow) ==
          ROUTER_NO_PATH);
    CHECK(router_match(rt, a, "GET", "/nichts", &route, &params, &n, &allow) == ROUTER_NO_PATH);
    CHECK(router_count(rt) == 4);
    CHECK(router_index(rt, &table[2]) == 2);
    router_free(rt);
    arena_free(a);
}

static void
test_urlencoded_decodes_plus_and_percent(void)
{
    struct arena *a = arena_new(1 << 20);
    struct http_kv *kv;
    size_t n;
    const char body[] = "q=Hund+anmelden&ort=B%C3%B6blingen&leer=&nur";
    CHECK(http_parse_urlencoded(a, body, strlen(body), 10, &kv, &n) == ERR_OK);
    CHECK(n == 4);
    CHECK(strcmp(kv[0].value, "Hund anmelden") == 0);
    CHECK(strcmp(kv[1].value, "Böblingen") == 0);
    CHECK(strcmp(kv[2].name, "leer") == 0 && kv[2].value_len == 0);
    CHECK(strcmp(kv[3].name, "nur") == 0 && strcmp(kv[3].value, "") == 0);
    arena_free(a);
}

static void
test_urlencoded_rejects_bad_input(void)
{
    struct arena *a = arena_new(1 << 20);
    struct http_kv *kv;
    size_t n;
    CHECK(http_parse_urlencoded(a, "a=%zz", 5, 10, &kv, &n) == ERR_INVALID);
    CHECK(http_parse_urlencoded(a, "a=%4", 4, 10, &kv, &n) == ERR_INVALID);
    CHECK(http_parse_urlencoded(a, "a=%FF", 5, 10, &kv, &n) == ERR_INVALID); /* not UTF-8 */
    CHECK(http_parse_urlencoded(a, "a=%00", 5, 10, &kv, &n) == ERR_INVALID); /* NUL */
    CHECK(http_parse_urlencoded(a, "a=1&b=2&c=3", 11, 2, &kv, &n) == ERR_LIMIT);
    arena_free(a);
}

static void
test_resp_headers_are_bounded(void)
{
    struct http_resp w = {0};
    w.body = BUF_INIT(1024);
    for (int i = 0; i < HTTP_MAX_HEADERS; i++)
        CHECK(http_resp_header(&w, "X-A", "1") == ERR_OK);
    CHECK(http_resp_header(&w, "X-A", "1") == ERR_LIMIT);
    CHECK(http_resp_text(&w, 200, "text/plain", "hallo", 5) == ERR_OK);
    CHECK(w.body.len == 5 && w.status == 200);
    buf_free(&w.body);
}

int
main(void)
{
    TEST(test_router_matches_literal_and_capture);
    TEST(test_router_reports_wrong_method_and_unknown_path);
    TEST(test_urlencoded_decodes_plus_and_percent);
    TEST(test_urlencoded_rejects_bad_input);
    TEST(test_resp_headers_are_bounded);
    return tap_done();
}
