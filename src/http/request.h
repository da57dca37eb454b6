/* request: what a handler sees of one HTTP request, and the response it fills in.
 *
 * Everything in a request (strings, lists) is allocated in req->arena and lives until the
 * response has been sent. Handlers never see libmicrohttpd: the server fills these structs.
 * Query and form values are already percent-decoded and checked to be valid UTF-8 without
 * control characters; a request with invalid ones is answered 400 before any handler runs. */
#ifndef RATHAUS_HTTP_REQUEST_H
#define RATHAUS_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

struct app;
struct route;

struct http_kv {
    const char *name;
    const char *value;
    size_t value_len;
};

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE, HTTP_PATCH, HTTP_OTHER };

struct http_req {
    struct arena *arena;
    struct app *app;
    enum http_method method;
    const char *method_name;
    const char *path; /* decoded path without query */
    struct http_kv *query;
    size_t n_query;
    struct http_kv *params; /* path parameters from the route pattern */
    size_t n_params;
    struct http_kv *headers;
    size_t n_headers;
    const char *body; /* NUL-terminated, may hold NULs */
    size_t body_len;
    const char *remote_addr; /* for rate limits; never logged */
    const struct route *route;
};

#define HTTP_MAX_HEADERS 16

struct http_resp {
    int status;
    const char *content_type; /* static or arena */
    struct buf body;
    struct http_kv headers[HTTP_MAX_HEADERS];
    size_t n_headers;
    bool is_static_body; /* body points at static memory: do not free */
    const char *static_body;
    size_t static_len;
};

/* The value of query parameter `name` (the first, if repeated), or NULL. */
const char *http_query(const struct http_req *r, const char *name);
/* The path parameter `name` of the matched route, or NULL. */
const char *http_param(const struct http_req *r, const char *name);
/* The request header `name` (case-insensitive), or NULL. */
const char *http_header(const struct http_req *r, const char *name);

/* Add a response header; both strings must outlive the response (static or arena).
 * ERR_LIMIT past HTTP_MAX_HEADERS. */
RH_MUST_CHECK int http_resp_header(struct http_resp *w, const char *name, const char *value);
/* Set status, type and body text in one go (copies `body`). */
RH_MUST_CHECK int http_resp_text(struct http_resp *w, int status, const char *content_type,
                                 const char *body, size_t len);
/* Reply 303 See Other to `location` (static or arena). */
RH_MUST_CHECK int http_resp_redirect(struct http_resp *w, const char *location);

/* Parse an application/x-www-form-urlencoded body (or a query string) into pairs in `a`.
 * ERR_INVALID for bad percent-encoding or invalid UTF-8; ERR_LIMIT past `max_pairs`. */
RH_MUST_CHECK int http_parse_urlencoded(struct arena *a, const char *p, size_t len,
                                        size_t max_pairs, struct http_kv **out, size_t *n_out);

#endif
