#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "app.h"
#include "http/metrics.h"
#include "http/request.h"
#include "http/router.h"
#include "http/static.h"
#include "util/log.h"

#define REQUEST_ARENA_CAP (64u * 1024 * 1024)
#define MAX_QUERY_PAIRS   64

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "font-src 'self'; img-src 'self' data:; form-action 'self'; "
                          "frame-ancestors 'none'; base-uri 'none'";

struct http_server {
    struct MHD_Daemon *d;
    atomic_long in_flight; /* requests between their first call and completion */
    struct app *app;
    struct http_config cfg;
    unsigned port;
};

/* Per-request state between the calls libmicrohttpd makes for one request. */
struct req_ctx {
    struct http_req req;
    struct buf body;
    bool body_too_large;
    bool bad_input;
    bool bad_path;
    const char *bad_param; /* the query parameter with invalid bytes, if that was it */
    struct timespec start;
    size_t route_idx;
    int status;
};

static double
elapsed(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum http_method
method_of(const char *m)
{
    static const struct {
        const char *name;
        enum http_method m;
    } ms[] = {{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},
              {"PUT", HTTP_PUT}, {"DELETE", HTTP_DELETE}, {"PATCH", HTTP_PATCH}};
    for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++)
        if (strcmp(m, ms[i].name) == 0)
            return ms[i].m;
    return HTTP_OTHER;
}

struct collect {
    struct req_ctx *ctx;
    struct http_kv *kv;
    size_t n, max;
    bool check_utf8;
};

static enum MHD_Result
collect_kv(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct collect *c = cls;
    (void)kind;
    if (c->n == c->max) {
        c->ctx->bad_input = true;
        return MHD_NO;
    }
    const char *v = value ? value : "";
    size_t vlen = strlen(v);
    if (c->check_utf8 && (!str_is_clean_utf8(key, strlen(key)) || !str_is_clean_utf8(v, vlen))) {
        c->ctx->bad_input = true;
        if (str_is_clean_utf8(key, strlen(key)))
            c->ctx->bad_param = arena_strdup(c->ctx->req.arena, key);
        return MHD_NO;
    }
    c->kv[c->n].name = key;
    c->kv[c->n].value = v;
    c->kv[c->n].value_len = vlen;
    c->n++;
    return MHD_YES;
}

static int
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
    return MHD_add_response_header(resp, name, value) == MHD_YES ? ERR_OK : ERR_NOMEM;
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct req_ctx *ctx, struct http_resp *w)
{
    struct MHD_Response *resp;
    if (w->is_static_body) {
        resp = MHD_create_response_from_buffer(w->static_len, (void *)w->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = w->body.len;
        char *p = buf_steal(&w->body);
        resp = MHD_create_response_from_buffer(len, p ? p : (void *)"",
                                               p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!resp)
            free(p);
    }
    if (!resp)
        return MHD_NO;
    int rc = ERR_OK;
    if (w->content_type)
        rc |= add_header(resp, "Content-Type", w->content_type);
    rc |= add_header(resp, "Content-Security-Policy", csp);
    rc |= add_header(resp, "X-Content-Type-Options", "nosniff");
    rc |= add_header(resp, "Referrer-Policy", "same-origin");
    rc |= add_header(resp, "X-Frame-Options", "DENY");
    rc |= add_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    rc |= add_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    for (size_t i = 0; i < w->n_headers; i++)
        rc |= add_header(resp, w->headers[i].name, w->headers[i].value);
    if (rc != ERR_OK) {
        MHD_destroy_response(resp);
        return MHD_NO;
    }
    ctx->status = w->status;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)w->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static bool
serve_static(struct http_server *s, struct req_ctx *ctx, struct http_resp *w)
{
    struct http_req *r = &ctx->req;
    const char *path = r->path;
    if (strcmp(path, "/favicon.ico") == 0)
        path = "/static/favicon.svg";
    if (strncmp(path, "/static/", 8) != 0 || (r->method != HTTP_GET && r->method != HTTP_HEAD))
        return false;
    const struct static_file *f = static_files_find(s->app->statics, path);
    if (!f)
        return false;
    const char *inm = http_header(r, "If-None-Match");
    RH_IGNORE(http_resp_header(w, "ETag", f->etag)); /* cannot overflow: first headers */
    RH_IGNORE(http_resp_header(w, "Cache-Control", "public, max-age=86400"));
    if (inm && strstr(inm, f->etag)) {
        w->status = 304;
        w->is_static_body = true;
        w->static_body = "";
        w->static_len = 0;
        return true;
    }
    w->status = 200;
    w->content_type = f->content_type;
    w->is_static_body = true;
    w->static_body = f->data;
    w->static_len = f->len;
    return true;
}

static void
dispatch(struct http_server *s, struct req_ctx *ctx, struct http_resp *w)
{
    struct http_req *r = &ctx->req;
    const struct route *route = NULL;
    const char *allow = NULL;
    int rc;

    ctx->route_idx = router_count(s->app->router);
    if (ctx->bad_path && !ctx->bad_param &&
        router_match(s->app->router, r->arena, r->method_name, r->path, &route, &r->params,
                     &r->n_params, &allow) == ROUTER_FOUND) {
        /* name the path parameter that holds the bad bytes */
        r->route = route;
        for (size_t i = 0; i < r->n_params; i++)
            if (!str_is_clean_utf8(r->params[i].value, r->params[i].value_len))
                ctx->bad_param = r->params[i].name;
    }
    if (ctx->bad_input) {
        rc = app_error(r, w, 400, "Ungültige Anfrage",
                       ctx->bad_param ? "Der Parameter enthält ungültige Zeichen."
                                      : "Die Adresse enthält ungültige Zeichen oder zu viele "
                                        "Parameter.",
                       ctx->bad_param ? ctx->bad_param : "path");
        goto check;
    }
    if (ctx->body_too_large) {
        rc = app_error(r, w, 413, "Anfrage zu groß",
                       "Der Inhalt der Anfrage überschreitet die erlaubte Größe.", NULL);
        goto check;
    }
    if (serve_static(s, ctx, w))
        return;
    switch (router_match(s->app->router, r->arena, r->method_name, r->path, &route, &r->params,
                         &r->n_params, &allow)) {
    case ROUTER_NO_PATH:
        rc = app_error(r, w, 404, "Nicht gefunden", "Diese Adresse gibt es nicht.", NULL);
        goto check;
    case ROUTER_NO_METHOD:
        RH_IGNORE(http_resp_header(w, "Allow", allow)); /* first header: cannot overflow */
        rc = app_error(r, w, 405, "Methode nicht erlaubt",
                       "Diese Adresse unterstützt die Methode nicht.", NULL);
        goto check;
    case ROUTER_FOUND:
        break;
    }
    r->route = route;
    ctx->route_idx = router_index(s->app->router, route);
    rc = route->fn(r, w);
    if (rc != ERR_OK && w->status == 0) {
        int status = app_err_status(rc);
        if (status >= 500)
            log_error("handler %s %s failed: %s", route->method, route->pattern, err_name(rc));
        buf_reset(&w->body);
        rc = app_error(r, w, status,
                       status == 404   ? "Nicht gefunden"
                       : status == 400 ? "Ungültige Anfrage"
                       : status == 413 ? "Anfrage zu groß"
                                       : "Interner Fehler",
                       status >= 500 ? "Bitte versuchen Sie es später noch einmal." : NULL, NULL);
    }
check:
    if (rc != ERR_OK && w->status == 0) {
        w->status = 500;
        w->content_type = "text/plain; charset=utf-8";
    }
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode in place, for the path and the query. libmicrohttpd hands strings on as C
 * strings, so a decoded NUL would silently cut a value short ("08111000%00" → "08111000");
 * it and malformed escapes become DEL, which the UTF-8 check rejects with 400. */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    size_t j = 0;
    (void)cls;
    (void)conn;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != '%') {
            s[j++] = s[i];
            continue;
        }
        int hi = s[i + 1] ? hexval(s[i + 1]) : -1;
        int lo = hi >= 0 && s[i + 2] ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            s[j++] = '\x7f';
            continue;
        }
        char c = (char)(hi * 16 + lo);
        s[j++] = c ? c : '\x7f';
        i += 2;
    }
    s[j] = '\0';
    return j;
}

/* The peer's address as text (for rate limits and the audit log; never for the access log). */
static const char *
client_address(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN];
    if (!ci || !ci->client_addr)
        return NULL;
    const struct sockaddr *sa = ci->client_addr;
    const void *addr = sa->sa_family == AF_INET6
                           ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
                           : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
    if (!inet_ntop(sa->sa_family, addr, text, sizeof(text)))
        return NULL;
    return arena_strdup(a, text);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
    struct http_server *s = cls;
    struct req_ctx *ctx = *req_cls;
    (void)version;

    if (!ctx) {
        /* First call: set up and return, so that libmicrohttpd keeps the connection alive
         * and delivers the body in later calls. */
        ctx = calloc(1, sizeof(*ctx));
        if (!ctx)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &ctx->start);
        ctx->req.arena = arena_new(REQUEST_ARENA_CAP);
        if (!ctx->req.arena) {
            free(ctx);
            return MHD_NO;
        }
        ctx->body = BUF_INIT(s->cfg.max_body);
        ctx->req.app = s->app;
        ctx->req.method_name = arena_strdup(ctx->req.arena, method);
        ctx->req.method = method_of(method);
        ctx->req.path = arena_strdup(ctx->req.arena, url);
        ctx->route_idx = router_count(s->app->router);
        *req_cls = ctx;
        atomic_fetch_add(&s->in_flight, 1);
        if (!ctx->req.path || !ctx->req.method_name)
            ctx->bad_input = true;
        else if (!str_is_clean_utf8(url, strlen(url)))
            ctx->bad_path = ctx->bad_input = true;
        ctx->req.remote_addr = client_address(conn, ctx->req.arena);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!ctx->body_too_large &&
            buf_append(&ctx->body, upload_data, *upload_data_size) != ERR_OK)
            ctx->body_too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }

    struct http_req *r = &ctx->req;
    struct collect q = {ctx, arena_alloc(r->arena, MAX_QUERY_PAIRS * sizeof(struct http_kv)), 0,
                        MAX_QUERY_PAIRS, true};
    struct collect h = {ctx, arena_alloc(r->arena, 64 * sizeof(struct http_kv)), 0, 64, false};
    if (!q.kv || !h.kv)
        return MHD_NO;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_kv, &q);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_kv, &h);
    r->query = q.kv;
    r->n_query = q.n;
    r->headers = h.kv;
    r->n_headers = h.n;
    r->body = buf_cstr(&ctx->body);
    r->body_len = ctx->body.len;

    struct http_resp w = {0};
    w.body = BUF_INIT(32u * 1024 * 1024);
    dispatch(s, ctx, &w);
    if (r->method == HTTP_HEAD) {
        buf_reset(&w.body);
        w.is_static_body = false;
    }
    enum MHD_Result ret = send_resp(conn, ctx, &w);
    buf_free(&w.body);
    return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
             enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct req_ctx *ctx = *req_cls;
    (void)conn;
    (void)toe;
    if (!ctx)
        return;
    double secs = elapsed(&ctx->start);
    metrics_observe(s->app->metrics, ctx->route_idx, ctx->status, secs);
    const struct route *route = ctx->req.route;
    log_info("%s %s %d %.1fms", ctx->req.method_name ? ctx->req.method_name : "-",
             route ? route->pattern : "-", ctx->status, secs * 1000.0);
    buf_free(&ctx->body);
    arena_free(ctx->req.arena);
    free(ctx);
    *req_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

static int
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon)
        return ERR_INVALID;
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= sizeof(host))
        return ERR_INVALID;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    int64_t port;
    if (str_to_int64(str_from(colon + 1), 0, 65535, &port) != ERR_OK)
        return ERR_INVALID;
    memset(ss, 0, sizeof(*ss));
    if (host[0] == '[' && hlen > 2 && host[hlen - 1] == ']') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        host[hlen - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return ERR_INVALID;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *len = sizeof(*a6);
        return ERR_OK;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
        return ERR_INVALID;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    *len = sizeof(*a4);
    return ERR_OK;
}

int
http_server_start(const struct http_config *cfg, struct app *app, struct http_server **out)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(cfg->listen, &ss, &sslen) != ERR_OK) {
        log_error("cannot parse listen address '%s'", cfg->listen);
        return ERR_INVALID;
    }
    struct http_server *s = calloc(1, sizeof(*s));
    if (!s)
        return ERR_NOMEM;
    s->app = app;
    s->cfg = *cfg;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->n_threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_UNESCAPE_CALLBACK,
        unescape, NULL, MHD_OPTION_END);
    if (!s->d) {
        log_error("cannot listen on '%s'", cfg->listen);
        free(s);
        return ERR_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return ERR_OK;
}

unsigned
http_server_port(const struct http_server *s)
{
    return s->port;
}

void
http_server_stop(struct http_server *s, unsigned grace_s)
{
    if (!s)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    /* wait for requests in flight, not for idle keep-alive connections */
    for (unsigned i = 0; i < grace_s * 20; i++) {
        if (atomic_load(&s->in_flight) == 0)
            break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->d);
    free(s);
}
