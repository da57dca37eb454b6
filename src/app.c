#include "app.h"

#include <string.h>

#include <jansson.h>

#include "api/json.h"
#include "html/template.h"
#include "http/router.h"

int
app_err_status(int err)
{
    switch (err) {
    case ERR_OK:
        return 200;
    case ERR_INVALID:
        return 400;
    case ERR_UNAUTHORIZED:
        return 401;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_NOTFOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_LIMIT:
        return 413;
    case ERR_BUSY:
        return 503;
    default:
        return 500;
    }
}

static bool
wants_json(const struct http_req *r)
{
    if (r->route)
        return (r->route->flags & ROUTE_API) != 0;
    return r->path && (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/healthz") == 0 ||
                       strcmp(r->path, "/metrics") == 0);
}

int
app_error(struct http_req *r, struct http_resp *w, int status, const char *title,
          const char *detail, const char *parameter)
{
    if (wants_json(r) || !r->app->templates)
        return api_problem(w, status, title, detail, parameter);
    json_t *data = json_pack("{s:s, s:i, s:s, s:s?}", "titel", title, "status", status,
                             "ueberschrift", title, "text", detail);
    if (!data)
        return ERR_NOMEM;
    buf_reset(&w->body);
    int rc = template_render(r->app->templates, "fehler", data, &w->body);
    json_decref(data);
    if (rc != ERR_OK)
        return rc;
    w->status = status;
    w->content_type = "text/html; charset=utf-8";
    return ERR_OK;
}
