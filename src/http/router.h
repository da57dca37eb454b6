/* router: maps method and path to a handler. A route table is a static array of struct route
 * ending with a zeroed entry; patterns are literal segments and `{name}` captures, e.g.
 * "/api/v1/gemeinden/{ags}". Matching is exact per segment; the router is immutable after
 * router_new() and shared by all threads. */
#ifndef RATHAUS_HTTP_ROUTER_H
#define RATHAUS_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"
#include "util/err.h"

/* A handler fills `w`. A non-OK return that is not already answered is turned into an error
 * response by the server (problem+json under /api, an HTML error page elsewhere). */
typedef int (*http_handler)(struct http_req *r, struct http_resp *w);

enum route_flags {
    ROUTE_API = 1,  /* JSON API: errors as problem+json */
    ROUTE_PAGE = 2, /* HTML page: errors as HTML */
};

struct route {
    const char *method; /* "GET", "POST", ... */
    const char *pattern;
    http_handler fn;
    unsigned flags;
};

struct router;

/* Build a router from several route tables (each ends with a zeroed entry). */
RH_MUST_CHECK int router_new(const struct route *const *tables, size_t n_tables,
                             struct router **out);
void router_free(struct router *rt);

enum router_match { ROUTER_FOUND, ROUTER_NO_PATH, ROUTER_NO_METHOD };

/* Find the route for (method, path). On ROUTER_FOUND, *route and the captured parameters
 * (allocated in `a`) are set; on ROUTER_NO_METHOD, *allow gets the allowed methods
 * ("GET, POST", in `a`). */
enum router_match router_match(const struct router *rt, struct arena *a, const char *method,
                               const char *path, const struct route **route,
                               struct http_kv **params, size_t *n_params, const char **allow);

/* Routes in a stable order, for metrics labels. */
size_t router_count(const struct router *rt);
const struct route *router_at(const struct router *rt, size_t i);
/* Index of `route` in that order. */
size_t router_index(const struct router *rt, const struct route *route);

#endif
