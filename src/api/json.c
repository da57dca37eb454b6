#include "api/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
api_json(struct http_resp *w, int status, json_t *doc)
{
    if (!doc)
        return ERR_NOMEM;
    char *text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    int rc = http_resp_text(w, status, "application/json", text, strlen(text));
    free(text);
    return rc;
}

int
api_problem(struct http_resp *w, int status, const char *title, const char *detail,
            const char *parameter)
{
    json_t *doc = json_object();
    if (!doc)
        return ERR_NOMEM;
    int bad = json_object_set_new(doc, "type", json_string("about:blank"));
    bad |= json_object_set_new(doc, "title", json_string(title));
    bad |= json_object_set_new(doc, "status", json_integer(status));
    if (detail)
        bad |= json_object_set_new(doc, "detail", json_string(detail));
    if (parameter)
        bad |= json_object_set_new(doc, "parameter", json_string(parameter));
    if (bad) {
        json_decref(doc);
        return ERR_NOMEM;
    }
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    int rc = http_resp_text(w, status, "application/problem+json", text, strlen(text));
    free(text);
    return rc;
}

int
api_bad_param(struct http_resp *w, const char *parameter, const char *detail)
{
    return api_problem(w, 400, "Ungültiger Parameter", detail, parameter);
}

json_t *
api_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

int
api_paging(struct http_req *r, struct http_resp *w, int64_t def, int64_t max, int64_t *limit,
           const char **cursor)
{
    const char *l = http_query(r, "limit");
    *limit = def;
    if (l && str_to_int64(str_from(l), 1, max, limit) != ERR_OK) {
        char detail[128];
        snprintf(detail, sizeof(detail), "limit muss eine ganze Zahl von 1 bis %lld sein.",
                 (long long)max);
        int rc = api_bad_param(w, "limit", detail);
        return rc != ERR_OK ? rc : ERR_INVALID;
    }
    *cursor = http_query(r, "cursor");
    if (*cursor && (**cursor == '\0' || strlen(*cursor) > 512)) {
        int rc = api_bad_param(w, "cursor", "cursor ist ungültig.");
        return rc != ERR_OK ? rc : ERR_INVALID;
    }
    return ERR_OK;
}

json_t *
api_list(json_t *items, const char *next_cursor)
{
    json_t *doc = json_object();
    if (!doc || !items || json_object_set_new(doc, "items", items) != 0) {
        json_decref(doc);
        return NULL;
    }
    if (json_object_set_new(doc, "next_cursor", api_str(next_cursor)) != 0) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

const char *
api_member_text(json_t *o, const char *key, bool *bad_type)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad_type = true;
        return NULL;
    }
    return json_string_value(v);
}

int64_t
api_member_id(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return -1;
    return (int64_t)json_integer_value(v);
}
