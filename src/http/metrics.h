/* metrics: request counters by route and status and a latency histogram, rendered in the
 * Prometheus text format. Lock-free (atomic counters); owned by the app, created before the
 * server starts with the router's route count. */
#ifndef RATHAUS_HTTP_METRICS_H
#define RATHAUS_HTTP_METRICS_H

#include <stddef.h>

#include "util/buf.h"

struct metrics;
struct router;
struct db;

RH_MUST_CHECK int metrics_new(const struct router *rt, struct metrics **out);
void metrics_free(struct metrics *m);
/* Count one request: route index (router_index; router_count(rt) for "no route"), status and
 * duration in seconds. Cannot fail. */
void metrics_observe(struct metrics *m, size_t route_idx, int status, double seconds);
/* Append the exposition text, with the database pool gauges. */
RH_MUST_CHECK int metrics_render(struct metrics *m, struct db *db, struct buf *out);

#endif
