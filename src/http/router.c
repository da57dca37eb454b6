#include "http/router.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SEGMENTS 12

struct compiled {
    const struct route *route;
    size_t n_segs;
    struct str segs[MAX_SEGMENTS];
    bool is_capture[MAX_SEGMENTS];
};

struct router {
    struct compiled *routes;
    size_t n;
};

static size_t
split_path(const char *path, struct str *segs, size_t max)
{
    size_t n = 0;
    const char *p = path;
    while (*p == '/')
        p++;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (n == max)
            return max + 1;
        segs[n].p = p;
        segs[n].len = len;
        n++;
        p += len;
        while (*p == '/')
            p++;
    }
    return n;
}

int
router_new(const struct route *const *tables, size_t n_tables, struct router **out)
{
    size_t total = 0;
    for (size_t t = 0; t < n_tables; t++)
        for (const struct route *r = tables[t]; r->method; r++)
            total++;
    struct router *rt = calloc(1, sizeof(*rt));
    if (!rt)
        return ERR_NOMEM;
    rt->routes = calloc(total ? total : 1, sizeof(*rt->routes));
    if (!rt->routes) {
        free(rt);
        return ERR_NOMEM;
    }
    for (size_t t = 0; t < n_tables; t++) {
        for (const struct route *r = tables[t]; r->method; r++) {
            struct compiled *c = &rt->routes[rt->n++];
            c->route = r;
            c->n_segs = split_path(r->pattern, c->segs, MAX_SEGMENTS);
            if (c->n_segs > MAX_SEGMENTS) {
                router_free(rt);
                return ERR_INVALID;
            }
            for (size_t i = 0; i < c->n_segs; i++)
                c->is_capture[i] = c->segs[i].len > 2 && c->segs[i].p[0] == '{' &&
                                   c->segs[i].p[c->segs[i].len - 1] == '}';
        }
    }
    *out = rt;
    return ERR_OK;
}

void
router_free(struct router *rt)
{
    if (!rt)
        return;
    free(rt->routes);
    free(rt);
}

static bool
segments_match(const struct compiled *c, const struct str *segs, size_t n)
{
    if (c->n_segs != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (c->is_capture[i])
            continue;
        if (c->segs[i].len != segs[i].len || memcmp(c->segs[i].p, segs[i].p, segs[i].len) != 0)
            return false;
    }
    return true;
}

enum router_match
router_match(const struct router *rt, struct arena *a, const char *method, const char *path,
             const struct route **route, struct http_kv **params, size_t *n_params,
             const char **allow)
{
    struct str segs[MAX_SEGMENTS];
    size_t n = split_path(path, segs, MAX_SEGMENTS);
    bool path_known = false;
    struct buf methods = BUF_INIT(256);

    if (n > MAX_SEGMENTS)
        return ROUTER_NO_PATH;
    /* one spelling per resource: no trailing slash, no empty segments */
    size_t plen = strlen(path);
    if (path[0] != '/' || (plen > 1 && path[plen - 1] == '/') || strstr(path, "//"))
        return ROUTER_NO_PATH;
    /* prefer literal segments over captures: first pass literal-only routes win by order,
     * so route tables list literal patterns before captured ones */
    for (size_t i = 0; i < rt->n; i++) {
        const struct compiled *c = &rt->routes[i];
        if (!segments_match(c, segs, n))
            continue;
        bool same = strcmp(c->route->method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(c->route->method, "GET") == 0);
        if (!same) {
            if (!path_known || !strstr(buf_cstr(&methods), c->route->method)) {
                int rc = methods.len ? buf_puts(&methods, ", ") : ERR_OK;
                if (rc == ERR_OK)
                    rc = buf_puts(&methods, c->route->method);
                (void)rc; /* a truncated Allow header is harmless */
            }
            path_known = true;
            continue;
        }
        size_t n_caps = 0;
        for (size_t k = 0; k < n; k++)
            n_caps += c->is_capture[k];
        struct http_kv *kv = n_caps ? arena_alloc(a, n_caps * sizeof(*kv)) : NULL;
        if (n_caps && !kv)
            break;
        size_t j = 0;
        for (size_t k = 0; k < n; k++) {
            if (!c->is_capture[k])
                continue;
            kv[j].name = arena_strndup(a, c->segs[k].p + 1, c->segs[k].len - 2);
            kv[j].value = arena_strndup(a, segs[k].p, segs[k].len);
            kv[j].value_len = segs[k].len;
            if (!kv[j].name || !kv[j].value)
                break;
            j++;
        }
        buf_free(&methods);
        *route = c->route;
        *params = kv;
        *n_params = j;
        return ROUTER_FOUND;
    }
    if (path_known) {
        *allow = arena_strdup(a, buf_cstr(&methods));
        buf_free(&methods);
        return ROUTER_NO_METHOD;
    }
    buf_free(&methods);
    return ROUTER_NO_PATH;
}

size_t
router_count(const struct router *rt)
{
    return rt->n;
}

const struct route *
router_at(const struct router *rt, size_t i)
{
    return rt->routes[i].route;
}

size_t
router_index(const struct router *rt, const struct route *route)
{
    for (size_t i = 0; i < rt->n; i++)
        if (rt->routes[i].route == route)
            return i;
    return rt->n;
}
