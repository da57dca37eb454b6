#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html/template_intern.h"
#include "template.h"
#include "util/str.h"

/* ---- rendering ---- */

struct scope {
    const json_t *v;
    const struct scope *up;
    bool is_loop; /* an {{#each}} element; index and n are set */
    size_t index, n;
};

struct render {
    const struct template_set *ts;
    struct buf *out;
};

/* The HTML of a safe fragment, or NULL when v is not one. */
static const json_t *
safe_html(const json_t *v)
{
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    const json_t *s = json_object_getn(v, SAFE_KEY, SAFE_KEY_LEN);
    return json_is_string(s) ? s : NULL;
}

static const json_t *
child(const json_t *v, const char *seg, size_t len)
{
    if (json_is_object(v))
        return json_object_getn(v, seg, len);
    if (!json_is_array(v) || len == 0 || len > 9)
        return NULL;
    size_t i = 0;
    for (size_t k = 0; k < len; k++) {
        if (seg[k] < '0' || seg[k] > '9')
            return NULL;
        i = i * 10 + (size_t)(seg[k] - '0');
    }
    return json_array_get(v, i);
}

/* The value of a PATH_NAME: the first segment in the innermost scope that has it. */
static const json_t *
lookup(const char *p, size_t len, const struct scope *sc)
{
    const char *dot = memchr(p, '.', len);
    size_t n = dot ? (size_t)(dot - p) : len;
    const json_t *v = NULL;

    for (; sc && !v; sc = sc->up)
        if (json_is_object(sc->v))
            v = json_object_getn(sc->v, p, n);
    while (v && dot) {
        p = dot + 1;
        len -= n + 1;
        dot = memchr(p, '.', len);
        n = dot ? (size_t)(dot - p) : len;
        v = child(v, p, n);
    }
    return v;
}

static const struct scope *
innermost_loop(const struct scope *sc)
{
    while (sc && !sc->is_loop)
        sc = sc->up;
    return sc;
}

static bool
is_truthy(const struct tmpl *t, const struct node *nd, const struct scope *sc)
{
    const struct scope *loop = innermost_loop(sc);
    const json_t *v;

    switch (nd->path) {
    case PATH_INDEX:
        return loop && loop->index > 0;
    case PATH_NUMBER:
        return loop != NULL;
    case PATH_FIRST:
        return loop && loop->index == 0;
    case PATH_LAST:
        return loop && loop->index + 1 == loop->n;
    case PATH_DOT:
        v = sc->v;
        break;
    default:
        v = lookup(t->text + nd->off, nd->len, sc);
        break;
    }
    const json_t *html = safe_html(v);
    if (html)
        return json_string_length(html) > 0;
    if (!v)
        return false;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    case JSON_TRUE:
    case JSON_OBJECT:
        return true;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    default:
        return false;
    }
}

/* Entities for the ASCII bytes that need one; '`' and '=' only in attribute values. */
static const char *const entities[128] = {
    [0] = REPLACEMENT, ['&'] = "&amp;",  ['<'] = "&lt;",  ['>'] = "&gt;",
    ['"'] = "&quot;",  ['\''] = "&#39;", ['`'] = "&#96;", ['='] = "&#61;",
};

/* Append s escaped for HTML text (is_attr false) or a quoted attribute value; invalid UTF-8
 * and NUL become U+FFFD. */
static int
put_escaped(struct buf *out, const char *s, size_t len, bool is_attr)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    int rc = ERR_OK;

    while (i < len && rc == ERR_OK) {
        const char *rep = NULL;
        size_t n = 1;
        if (u[i] < 0x80) {
            rep = entities[u[i]];
            if (rep && !is_attr && (u[i] == '`' || u[i] == '='))
                rep = NULL;
        } else if ((n = tmpl_utf8_len(u + i, len - i)) == 0) {
            rep = REPLACEMENT;
            n = 1;
        }
        if (rep) {
            rc = buf_append(out, s + run, i - run);
            if (rc == ERR_OK)
                rc = buf_puts(out, rep);
            run = i + n;
        }
        i += n;
    }
    return rc == ERR_OK ? buf_append(out, s + run, len - run) : rc;
}

/* Append s percent-encoded: all but A-Z a-z 0-9 - . _ ~ ; invalid UTF-8 and NUL as U+FFFD. */
static int
put_percent(struct buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    int rc = ERR_OK;

    for (size_t i = 0; i < len && rc == ERR_OK;) {
        unsigned char c = u[i];
        if (tmpl_is_name_char(c) || c == '.' || c == '~') {
            size_t k = i + 1;
            while (k < len && (tmpl_is_name_char(u[k]) || u[k] == '.' || u[k] == '~'))
                k++;
            rc = buf_append(out, s + i, k - i);
            i = k;
            continue;
        }
        size_t n = c >= 0x80 ? tmpl_utf8_len(u + i, len - i) : (size_t)(c != 0);
        if (n == 0) {
            rc = buf_puts(out, "%EF%BF%BD");
            i++;
            continue;
        }
        for (size_t k = 0; k < n && rc == ERR_OK; k++) {
            char e[3] = {'%', hex[u[i + k] >> 4], hex[u[i + k] & 15]};
            rc = buf_append(out, e, sizeof(e));
        }
        i += n;
    }
    return rc;
}

/* True for a URL that cannot run script: relative, or http(s), mailto, tel. */
static bool
url_is_safe(const char *s, size_t len)
{
    static const char *const schemes[] = {"http://", "https://", "mailto:", "tel:"};
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        size_t n = strlen(schemes[i]);
        if (len >= n && str_eq_nocase((struct str){s, n}, schemes[i]))
            return true;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ':')
            return false;
        if (s[i] == '/' || s[i] == '?' || s[i] == '#')
            return true;
    }
    return true;
}

static int
put_value(struct buf *out, enum slot_ctx ctx, const char *s, size_t len)
{
    switch (ctx) {
    case CTX_TEXT:
    case CTX_RCDATA:
        return put_escaped(out, s, len, false);
    case CTX_ATTR:
        return put_escaped(out, s, len, true);
    case CTX_URL_START:
        if (!url_is_safe(s, len))
            return buf_puts(out, INVALID_URL);
        return put_escaped(out, s, len, true);
    case CTX_URL_PART:
        return put_percent(out, s, len);
    }
    return ERR_INVALID;
}

/* A number as text: integers in full, reals with up to two decimals. */
static size_t
format_number(const json_t *v, char *tmp, size_t tmp_len)
{
    int n;
    if (json_is_integer(v))
        n = snprintf(tmp, tmp_len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        n = snprintf(tmp, tmp_len, "%.2f", json_real_value(v));
    if (n < 0 || (size_t)n >= tmp_len)
        return 0;
    size_t len = (size_t)n;
    if (json_is_real(v) && memchr(tmp, '.', len)) {
        while (tmp[len - 1] == '0')
            len--;
        if (tmp[len - 1] == '.')
            len--;
        if (len == 2 && tmp[0] == '-' && tmp[1] == '0') {
            tmp[0] = '0';
            len = 1;
        }
    }
    return len;
}

static int
render_var(const struct render *r, const struct tmpl *t, const struct node *nd,
           const struct scope *sc)
{
    char tmp[400]; /* "%.2f" of the largest double needs 313 */
    const json_t *v;
    size_t len;

    if (nd->path == PATH_INDEX || nd->path == PATH_NUMBER) {
        const struct scope *loop = innermost_loop(sc);
        if (!loop)
            return ERR_OK;
        int n = snprintf(tmp, sizeof(tmp), "%zu", loop->index + (nd->path == PATH_NUMBER));
        return n > 0 ? put_value(r->out, nd->ctx, tmp, (size_t)n) : ERR_INVALID;
    }
    if (nd->path == PATH_FIRST || nd->path == PATH_LAST)
        return ERR_OK; /* booleans render nothing */
    v = nd->path == PATH_DOT ? sc->v : lookup(t->text + nd->off, nd->len, sc);
    const json_t *html = safe_html(v);
    if (html && nd->ctx == CTX_TEXT)
        return buf_append(r->out, json_string_value(html), json_string_length(html));
    if (html)
        v = html;
    if (json_is_string(v))
        return put_value(r->out, nd->ctx, json_string_value(v), json_string_length(v));
    if (!json_is_number(v))
        return ERR_OK; /* null, booleans, arrays, objects render nothing */
    len = format_number(v, tmp, sizeof(tmp));
    return put_value(r->out, nd->ctx, tmp, len);
}

static int render_nodes(const struct render *r, const struct tmpl *t, size_t from, size_t to,
                        const struct scope *sc, unsigned depth);

static int
render_each(const struct render *r, const struct tmpl *t, size_t i, const struct scope *sc,
            unsigned depth)
{
    const struct node *nd = &t->nodes[i];
    const json_t *arr = nd->path == PATH_DOT    ? sc->v
                        : nd->path == PATH_NAME ? lookup(t->text + nd->off, nd->len, sc)
                                                : NULL;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    int rc = ERR_OK;

    if (n == 0)
        return render_nodes(r, t, nd->else_at, nd->end, sc, depth);
    for (size_t k = 0; k < n && rc == ERR_OK; k++) {
        struct scope s = {json_array_get(arr, k), sc, true, k, n};
        rc = render_nodes(r, t, i + 1, nd->else_at, &s, depth);
    }
    return rc;
}

static int
render_nodes(const struct render *r, const struct tmpl *t, size_t from, size_t to,
             const struct scope *sc, unsigned depth)
{
    int rc = ERR_OK;
    size_t i = from;

    while (i < to && rc == ERR_OK) {
        const struct node *nd = &t->nodes[i];
        const struct tmpl *part;
        switch (nd->kind) {
        case NODE_TEXT:
            rc = buf_append(r->out, t->text + nd->off, nd->len);
            i++;
            break;
        case NODE_VAR:
            rc = render_var(r, t, nd, sc);
            i++;
            break;
        case NODE_IF:
            if (is_truthy(t, nd, sc))
                rc = render_nodes(r, t, i + 1, nd->else_at, sc, depth);
            else
                rc = render_nodes(r, t, nd->else_at, nd->end, sc, depth);
            i = nd->end;
            break;
        case NODE_EACH:
            rc = render_each(r, t, i, sc, depth);
            i = nd->end;
            break;
        case NODE_PARTIAL:
            part = tmpl_find(r->ts, t->text + nd->off, nd->len);
            if (!part)
                rc = ERR_NOTFOUND;
            else if (depth >= TEMPLATE_MAX_PARTIAL_DEPTH)
                rc = ERR_INVALID;
            else
                rc = render_nodes(r, part, 0, part->n_nodes, sc, depth + 1);
            i++;
            break;
        }
    }
    return rc;
}

int
template_render(const struct template_set *ts, const char *name, const json_t *data,
                struct buf *out)
{
    const struct tmpl *t = name ? tmpl_find(ts, name, strlen(name)) : NULL;
    struct render r = {ts, out};
    struct scope root = {data, NULL, false, 0, 0};
    size_t before = out->len;

    if (!t)
        return ERR_NOTFOUND;
    int rc = render_nodes(&r, t, 0, t->n_nodes, &root, 0);
    if (rc != ERR_OK && out->p) {
        out->len = before;
        out->p[before] = '\0';
    }
    return rc;
}

int
template_render_to_safe(const struct template_set *ts, const char *name, const json_t *data,
                        size_t max_len, json_t **out)
{
    struct buf b = BUF_INIT(max_len);
    json_t *obj = NULL, *html = NULL;
    int rc = template_render(ts, name, data, &b);

    if (rc != ERR_OK)
        goto out;
    rc = ERR_NOMEM;
    html = json_stringn(buf_cstr(&b), b.len); /* valid UTF-8 by construction */
    obj = json_object();
    if (!html || !obj)
        goto out;
    int set = json_object_setn_new_nocheck(obj, SAFE_KEY, SAFE_KEY_LEN, html);
    html = NULL; /* taken even on failure */
    if (set != 0)
        goto out;
    *out = obj;
    obj = NULL;
    rc = ERR_OK;
out:
    json_decref(html);
    json_decref(obj);
    buf_free(&b);
    return rc;
}
