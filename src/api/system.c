#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "app.h"
#include "http/metrics.h"
#include "store/db.h"
#include "util/embedded.h"

int
api_fail(struct http_resp *w, int err, const char *param, const char *detail)
{
    int rc = err;
    if (err == ERR_INVALID)
        rc = api_problem(w, 400, "Ungültiger Parameter", detail, param);
    else if (err == ERR_NOTFOUND)
        rc = api_problem(w, 404, "Nicht gefunden", detail, param);
    else
        return err;
    return rc == ERR_OK ? err : rc;
}

int
api_healthz(struct http_req *r, struct http_resp *w)
{
    if (db_ping(r->app->db) != ERR_OK) {
        RH_IGNORE(http_resp_header(w, "Cache-Control", "no-store"));
        return http_resp_text(w, 503, "application/json", "{\"status\":\"unavailable\"}", 24);
    }
    RH_IGNORE(http_resp_header(w, "Cache-Control", "no-store"));
    return http_resp_text(w, 200, "application/json", "{\"status\":\"ok\"}", 15);
}

int
api_metrics(struct http_req *r, struct http_resp *w)
{
    w->status = 200;
    w->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return metrics_render(r->app->metrics, r->app->db, &w->body);
}

int
api_openapi(struct http_req *r, struct http_resp *w)
{
    const struct embedded_file *f = embedded_find("api/openapi.json");
    (void)r;
    if (!f)
        return ERR_NOTFOUND;
    w->status = 200;
    w->content_type = "application/json";
    w->is_static_body = true;
    w->static_body = f->data;
    w->static_len = f->len;
    return ERR_OK;
}
