/* server: the HTTP server on libmicrohttpd. It parses and bounds each request (header size,
 * body size, connections, time), routes it, calls the handler on a pool thread, adds the
 * security headers, serves static assets, counts metrics and writes the access log (method,
 * route pattern, status, time — never paths, queries or bodies, which can carry personal
 * data). Owned by `rathaus serve`. */
#ifndef RATHAUS_HTTP_SERVER_H
#define RATHAUS_HTTP_SERVER_H

#include <stddef.h>

#include "util/err.h"

struct app;
struct http_server;

struct http_config {
    const char *listen;     /* "127.0.0.1:8080" or "[::1]:8080" */
    size_t n_threads;       /* worker threads */
    size_t max_body;        /* bytes; larger bodies get 413 */
    size_t max_connections; /* concurrent */
    unsigned timeout_s;     /* idle connection timeout */
    size_t max_header;      /* bytes of request line + headers */
};

/* Start serving `app` (which must outlive the server). Prints the bound address. */
RH_MUST_CHECK int http_server_start(const struct http_config *cfg, struct app *app,
                                    struct http_server **out);
/* Stop accepting, let in-flight requests finish (at most `grace_s` seconds), then stop. */
void http_server_stop(struct http_server *s, unsigned grace_s);
/* The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *s);

#endif
