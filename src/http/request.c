#include "http/request.h"

#include <string.h>
#include <strings.h>

const char *
http_query(const struct http_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_query; i++)
        if (strcmp(r->query[i].name, name) == 0)
            return r->query[i].value;
    return NULL;
}

const char *
http_param(const struct http_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value;
    return NULL;
}

const char *
http_header(const struct http_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_headers; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

int
http_resp_header(struct http_resp *w, const char *name, const char *value)
{
    if (w->n_headers == HTTP_MAX_HEADERS)
        return ERR_LIMIT;
    w->headers[w->n_headers].name = name;
    w->headers[w->n_headers].value = value;
    w->headers[w->n_headers].value_len = strlen(value);
    w->n_headers++;
    return ERR_OK;
}

int
http_resp_text(struct http_resp *w, int status, const char *content_type, const char *body,
               size_t len)
{
    w->status = status;
    w->content_type = content_type;
    buf_reset(&w->body);
    return buf_append(&w->body, body, len);
}

int
http_resp_redirect(struct http_resp *w, const char *location)
{
    w->status = 303;
    w->content_type = "text/plain; charset=utf-8";
    return http_resp_header(w, "Location", location);
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

/* Decode p[0..len) into a new arena string; '+' is a space. */
static int
decode(struct arena *a, const char *p, size_t len, const char **out, size_t *out_len)
{
    char *s = arena_alloc(a, len + 1);
    size_t n = 0;
    if (!s)
        return ERR_LIMIT;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '+') {
            s[n++] = ' ';
        } else if (p[i] == '%') {
            if (i + 2 >= len)
                return ERR_INVALID;
            int hi = hexval(p[i + 1]), lo = hexval(p[i + 2]);
            if (hi < 0 || lo < 0)
                return ERR_INVALID;
            s[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            s[n++] = p[i];
        }
    }
    s[n] = '\0';
    if (!str_is_clean_utf8(s, n))
        return ERR_INVALID;
    *out = s;
    *out_len = n;
    return ERR_OK;
}

int
http_parse_urlencoded(struct arena *a, const char *p, size_t len, size_t max_pairs,
                      struct http_kv **out, size_t *n_out)
{
    size_t n = 0, cap = 0;
    struct http_kv *kv = NULL;
    size_t i = 0;

    while (i < len) {
        size_t end = i;
        while (end < len && p[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && p[eq] != '=')
                eq++;
            if (n == max_pairs)
                return ERR_LIMIT;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                struct http_kv *nkv = arena_alloc(a, ncap * sizeof(*nkv));
                if (!nkv)
                    return ERR_LIMIT;
                if (n)
                    memcpy(nkv, kv, n * sizeof(*kv));
                kv = nkv;
                cap = ncap;
            }
            size_t name_len;
            int rc = decode(a, p + i, eq - i, &kv[n].name, &name_len);
            if (rc != ERR_OK)
                return rc;
            if (eq < end)
                rc = decode(a, p + eq + 1, end - eq - 1, &kv[n].value, &kv[n].value_len);
            else
                rc = decode(a, "", 0, &kv[n].value, &kv[n].value_len);
            if (rc != ERR_OK)
                return rc;
            n++;
        }
        i = end + 1;
    }
    *out = kv;
    *n_out = n;
    return ERR_OK;
}
