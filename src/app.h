/* app: the state a running server shares between all request threads. Built once by
 * `rathaus serve` (src/cli/serve.c) before the HTTP server starts and freed after it stopped;
 * immutable in between except through the thread-safe members (db pool, metrics, caches). */
#ifndef RATHAUS_APP_H
#define RATHAUS_APP_H

#include <stdbool.h>

#include "http/request.h"

struct db;
struct template_set;
struct static_files;
struct metrics;
struct router;
struct suche;
struct auth_config;
struct einreichung;

struct app {
    struct db *db;
    struct template_set *templates;
    struct static_files *statics;
    struct metrics *metrics;
    struct router *router;
    struct suche *suche;             /* search vocabulary cache (domain/suche.h) */
    bool has_demo;                   /* demo data loaded: pages say so */
    struct auth_config *auth;        /* accounts: server secret, base URL, OIDC (http/auth.h) */
    struct einreichung *einreichung; /* submission queue with group commit and the content-type
                                      * check (domain/antrag_einreichung.h); NULL: direct */
};

/* Write an error response fitting the request: problem+json for API routes and for paths under
 * /api/, else an HTML page. `title` is German; `parameter` may be NULL. */
RH_MUST_CHECK int app_error(struct http_req *r, struct http_resp *w, int status, const char *title,
                            const char *detail, const char *parameter);

/* HTTP status for an enum err. Cannot fail. */
int app_err_status(int err);

#endif
