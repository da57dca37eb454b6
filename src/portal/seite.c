#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html/template.h"
#include "portal/portal.h"

const char *
portal_zahl(struct http_req *r, long long v)
{
    char raw[32], out[48];
    int n = snprintf(raw, sizeof(raw), "%lld", v < 0 ? -v : v);
    size_t j = 0;
    if (n < 0)
        return "";
    if (v < 0)
        out[j++] = '-';
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[j++] = '.';
        out[j++] = raw[i];
    }
    out[j] = '\0';
    return arena_strdup(r->arena, out);
}

int
portal_render(struct http_req *r, struct http_resp *w, const char *tmpl, const char *titel,
              json_t *data)
{
    if (!data)
        return ERR_NOMEM;
    if (json_object_set_new(data, "titel", json_string(titel)) != 0 ||
        json_object_set_new(data, "demo", json_boolean(r->app->has_demo)) != 0) {
        json_decref(data);
        return ERR_NOMEM;
    }
    int rc = template_render(r->app->templates, tmpl, data, &w->body);
    json_decref(data);
    if (rc != ERR_OK)
        return rc;
    w->status = 200;
    w->content_type = "text/html; charset=utf-8";
    return http_resp_header(w, "Cache-Control", "no-cache");
}
