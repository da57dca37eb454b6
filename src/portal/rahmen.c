#include "portal/rahmen.h"

#include <string.h>

#include "app.h"
#include "portal/portal.h"

int
rahmen_beginn(struct http_req *r, bool ohne_token, struct db_conn **c, struct auth *auth,
              struct umfeld *u)
{
    memset(auth, 0, sizeof(*auth));
    auth_umfeld(r, u);
    *c = NULL;
    int rc = db_acquire(r->app->db, c);
    if (rc != ERR_OK)
        return rc;
    rc = auth_resolve(r, *c, auth);
    if (rc == ERR_UNAUTHORIZED || (rc == ERR_OK && ohne_token && auth->is_token)) {
        memset(auth, 0, sizeof(*auth));
        rc = ERR_OK;
    }
    if (rc != ERR_OK)
        rahmen_ende(c);
    return rc;
}

void
rahmen_ende(struct db_conn **c)
{
    if (*c)
        db_release(*c);
    *c = NULL;
}

int
rahmen_formular(struct http_req *r, struct http_kv **form, size_t *n)
{
    return http_parse_urlencoded(r->arena, r->body, r->body_len, RAHMEN_MAX_FELDER, form, n);
}

const char *
rahmen_feld(const struct http_kv *form, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(form[i].name, name) == 0)
            return form[i].value;
    return NULL;
}

int
rahmen_zeigen(struct http_req *r, struct http_resp *w, struct db_conn **c, const struct auth *auth,
              rahmen_nav_fn nav, const char *tmpl, const char *titel, json_t *data)
{
    const char *csrf = NULL;
    int rc = data ? auth_csrf_token(r, w, auth, &csrf) : ERR_NOMEM;
    if (rc == ERR_OK && (json_object_set_new(data, "csrf", json_string(csrf)) != 0 ||
                         json_object_set_new(data, "nav", nav(&auth->actor)) != 0))
        rc = ERR_NOMEM;
    rahmen_ende(c);
    if (rc != ERR_OK) {
        json_decref(data);
        return rc;
    }
    rc = portal_render(r, w, tmpl, titel, data);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < w->n_headers; i++) {
        if (strcmp(w->headers[i].name, "Cache-Control") == 0) {
            w->headers[i].value = "no-store";
            w->headers[i].value_len = 8;
            return ERR_OK;
        }
    }
    return http_resp_header(w, "Cache-Control", "no-store");
}
