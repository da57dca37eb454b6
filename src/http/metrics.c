#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/router.h"
#include "store/db.h"

static const int status_codes[] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403,
                                   404, 405, 409, 413, 415, 422, 429, 431, 500, 503};
#define N_STATUS (sizeof(status_codes) / sizeof(status_codes[0]) + 1) /* + other */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define N_BUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct metrics {
    const struct router *rt;
    size_t n_routes;       /* + 1 for unmatched */
    atomic_ulong *counts;  /* [route][status] */
    atomic_ulong *hist;    /* [route][bucket], cumulative on render */
    atomic_ulong *hist_n;  /* [route] */
    atomic_ullong *sum_us; /* [route] */
};

int
metrics_new(const struct router *rt, struct metrics **out)
{
    struct metrics *m = calloc(1, sizeof(*m));
    if (!m)
        return ERR_NOMEM;
    m->rt = rt;
    m->n_routes = router_count(rt) + 1;
    m->counts = calloc(m->n_routes * N_STATUS, sizeof(*m->counts));
    m->hist = calloc(m->n_routes * N_BUCKETS, sizeof(*m->hist));
    m->hist_n = calloc(m->n_routes, sizeof(*m->hist_n));
    m->sum_us = calloc(m->n_routes, sizeof(*m->sum_us));
    if (!m->counts || !m->hist || !m->hist_n || !m->sum_us) {
        metrics_free(m);
        return ERR_NOMEM;
    }
    *out = m;
    return ERR_OK;
}

void
metrics_free(struct metrics *m)
{
    if (!m)
        return;
    free(m->counts);
    free(m->hist);
    free(m->hist_n);
    free(m->sum_us);
    free(m);
}

static size_t
status_index(int status)
{
    for (size_t i = 0; i < N_STATUS - 1; i++)
        if (status_codes[i] == status)
            return i;
    return N_STATUS - 1;
}

void
metrics_observe(struct metrics *m, size_t route_idx, int status, double seconds)
{
    if (route_idx >= m->n_routes)
        route_idx = m->n_routes - 1;
    atomic_fetch_add(&m->counts[route_idx * N_STATUS + status_index(status)], 1);
    for (size_t b = 0; b < N_BUCKETS; b++) {
        if (seconds <= buckets[b]) {
            atomic_fetch_add(&m->hist[route_idx * N_BUCKETS + b], 1);
            break;
        }
    }
    atomic_fetch_add(&m->hist_n[route_idx], 1);
    atomic_fetch_add(&m->sum_us[route_idx], (unsigned long long)(seconds * 1e6));
}

static void
route_label(const struct metrics *m, size_t i, const char **method, const char **pattern)
{
    if (i + 1 == m->n_routes) {
        *method = "-";
        *pattern = "unmatched";
        return;
    }
    const struct route *r = router_at(m->rt, i);
    *method = r->method;
    *pattern = r->pattern;
}

int
metrics_render(struct metrics *m, struct db *db, struct buf *out)
{
    int rc = buf_puts(out, "# HELP rathaus_http_requests_total HTTP requests by route and "
                           "status.\n# TYPE rathaus_http_requests_total counter\n");
    for (size_t i = 0; rc == ERR_OK && i < m->n_routes; i++) {
        const char *method, *pattern;
        route_label(m, i, &method, &pattern);
        for (size_t s = 0; rc == ERR_OK && s < N_STATUS; s++) {
            unsigned long v = atomic_load(&m->counts[i * N_STATUS + s]);
            if (!v)
                continue;
            char code[8];
            if (s == N_STATUS - 1)
                code[0] = 'x', code[1] = 0;
            else
                snprintf(code, sizeof(code), "%d", status_codes[s]);
            rc = buf_printf(out,
                            "rathaus_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"}"
                            " %lu\n",
                            method, pattern, code, v);
        }
    }
    if (rc == ERR_OK)
        rc = buf_puts(out, "# HELP rathaus_http_request_duration_seconds Request latency.\n"
                           "# TYPE rathaus_http_request_duration_seconds histogram\n");
    for (size_t i = 0; rc == ERR_OK && i < m->n_routes; i++) {
        unsigned long n = atomic_load(&m->hist_n[i]);
        if (!n)
            continue;
        const char *method, *pattern;
        route_label(m, i, &method, &pattern);
        unsigned long cum = 0;
        for (size_t b = 0; rc == ERR_OK && b < N_BUCKETS; b++) {
            cum += atomic_load(&m->hist[i * N_BUCKETS + b]);
            rc = buf_printf(out,
                            "rathaus_http_request_duration_seconds_bucket{method=\"%s\",route="
                            "\"%s\",le=\"%g\"} %lu\n",
                            method, pattern, buckets[b], cum);
        }
        if (rc == ERR_OK)
            rc = buf_printf(
                out,
                "rathaus_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                "le=\"+Inf\"} %lu\n"
                "rathaus_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} "
                "%.6f\n"
                "rathaus_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"}"
                " %lu\n",
                method, pattern, n, method, pattern, (double)atomic_load(&m->sum_us[i]) / 1e6,
                method, pattern, n);
    }
    size_t total = 0, busy = 0;
    if (db)
        db_pool_stats(db, &total, &busy);
    if (rc == ERR_OK)
        rc = buf_printf(out,
                        "# HELP rathaus_db_connections Database connections in the pool.\n"
                        "# TYPE rathaus_db_connections gauge\n"
                        "rathaus_db_connections{state=\"total\"} %zu\n"
                        "rathaus_db_connections{state=\"busy\"} %zu\n",
                        total, busy);
    return rc;
}
