#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "formats/leistungen_import_intern.h"

const struct jfield li_jfields[] = {
    {"id", JK_ID, offsetof(struct import_leistung, id)},
    {"name", JK_NAME, offsetof(struct import_leistung, name)},
    {"leika", JK_LEIKA, offsetof(struct import_leistung, leika)},
    {"ozg_id", JK_OZG, 0},
    {"ebene", JK_EBENE, offsetof(struct import_leistung, ebene)},
    {"kurztext", JK_TEXT, offsetof(struct import_leistung, kurztext)},
    {"volltext", JK_TEXT, offsetof(struct import_leistung, volltext)},
    {"berechtigte", JK_TEXT, offsetof(struct import_leistung, berechtigte)},
    {"unterlagen", JK_LIST, offsetof(struct import_leistung, unterlagen)},
    {"kosten", JK_TEXT, offsetof(struct import_leistung, kosten)},
    {"bearbeitungsdauer", JK_TEXT, offsetof(struct import_leistung, bearbeitungsdauer)},
    {"fristen", JK_TEXT, offsetof(struct import_leistung, fristen)},
    {"rechtsgrundlagen", JK_LIST, offsetof(struct import_leistung, rechtsgrundlagen)},
    {"suchbegriffe", JK_WORDS, offsetof(struct import_leistung, suchbegriffe)},
    {"beliebtheit", JK_INT, 0},
    {"amt", JK_AMT, 0},
};
const size_t li_n_jfields = sizeof(li_jfields) / sizeof(li_jfields[0]);

/* ---- JSON ---- */

static int jfail(struct buf *err, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
jfail(struct buf *err, const char *file, const char *fmt, ...)
{
    va_list ap;
    RH_IGNORE(buf_printf(err, "%s: ", file));
    va_start(ap, fmt);
    RH_IGNORE(buf_vprintf(err, fmt, ap));
    va_end(ap);
    return ERR_INVALID;
}

static bool
is_pattern(const char *s, size_t max, const char *extra)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              strchr(extra, s[i]) != NULL))
            return false;
    return true;
}

struct jctx {
    struct leistungen_import *l;
    const char *file;
    struct buf *err;
};

static int
json_text(struct jctx *j, const char *path, json_t *v, bool nonempty, const char **out)
{
    if (!json_is_string(v))
        return jfail(j->err, j->file, "%s: erwartet eine Zeichenkette", path);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > LEISTUNGEN_JSON_MAX_TEXT)
        return jfail(j->err, j->file, "%s: länger als %d Bytes", path, LEISTUNGEN_JSON_MAX_TEXT);
    if (nonempty && n == 0)
        return jfail(j->err, j->file, "%s: darf nicht leer sein", path);
    if (!str_is_clean_utf8(s, n))
        return jfail(j->err, j->file, "%s: enthält Steuerzeichen", path);
    char *c = arena_strndup(j->l->a, s, n);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

/* A list of strings: as compact JSON text, or (words) joined by spaces. */
static int
json_list(struct jctx *j, const char *path, json_t *v, bool words, const char **out)
{
    struct buf b = BUF_INIT((size_t)LEISTUNGEN_JSON_MAX_LIST * (LEISTUNGEN_JSON_MAX_TEXT + 1));
    char item[200];
    size_t i;
    json_t *e;
    int rc = ERR_OK;

    if (!json_is_array(v))
        return jfail(j->err, j->file, "%s: erwartet eine Liste von Zeichenketten", path);
    if (json_array_size(v) > LEISTUNGEN_JSON_MAX_LIST)
        return jfail(j->err, j->file, "%s: mehr als %d Einträge", path, LEISTUNGEN_JSON_MAX_LIST);
    json_array_foreach(v, i, e)
    {
        const char *s = NULL;
        snprintf(item, sizeof(item), "%s[%zu]", path, i);
        rc = json_text(j, item, e, false, &s);
        if (rc == ERR_OK && words && s[0])
            rc = b.len ? buf_putc(&b, ' ') : ERR_OK;
        if (rc == ERR_OK && words)
            rc = buf_puts(&b, s);
        if (rc != ERR_OK)
            goto out;
    }
    if (words) {
        *out = arena_strndup(j->l->a, buf_cstr(&b), b.len);
    } else {
        char *dump = json_dumps(v, JSON_COMPACT);
        *out = dump ? arena_strdup(j->l->a, dump) : NULL;
        free(dump);
    }
    rc = *out ? ERR_OK : ERR_NOMEM;
out:
    buf_free(&b);
    return rc;
}

static int
parse_record(struct jctx *j, size_t idx, json_t *obj, struct json_rec *rec)
{
    char path[64], fpath[160];
    const char *key;
    json_t *val;
    int rc = ERR_OK;

    snprintf(path, sizeof(path), "$.leistungen[%zu]", idx);
    rec->file = j->file;
    rec->index = idx;
    if (!json_is_object(obj))
        return jfail(j->err, j->file, "%s: erwartet ein Objekt", path);
    json_object_foreach(obj, key, val)
    {
        size_t f;
        for (f = 0; f < li_n_jfields && strcmp(li_jfields[f].key, key) != 0; f++)
            ;
        snprintf(fpath, sizeof(fpath), "%s.%.60s", path, key);
        if (f == li_n_jfields)
            return jfail(j->err, j->file, "%s: unbekannter Schlüssel", fpath);
        const struct jfield *jf = &li_jfields[f];
        const char **slot = (const char **)(void *)((char *)&rec->v + jf->off);
        const char *s = NULL;
        rec->given |= 1u << f;
        if (json_is_null(val)) {
            if (jf->kind == JK_ID || jf->kind == JK_NAME || jf->kind == JK_INT)
                return jfail(j->err, j->file, "%s: darf nicht null sein", fpath);
            continue;
        }
        switch (jf->kind) {
        case JK_ID:
            rc = json_text(j, fpath, val, true, &s);
            if (rc == ERR_OK && !str_is_digits(str_from(s), 14) && !is_pattern(s, 40, "-"))
                return jfail(j->err, j->file,
                             "%s: ungültige Kennung '%.60s' (14-stelliger LeiKa-Schlüssel oder "
                             "[a-z0-9-]{1,40})",
                             fpath, s);
            break;
        case JK_NAME:
        case JK_TEXT:
            rc = json_text(j, fpath, val, jf->kind == JK_NAME, &s);
            break;
        case JK_LEIKA:
            rc = json_text(j, fpath, val, true, &s);
            if (rc == ERR_OK && !str_is_digits(str_from(s), 14))
                return jfail(j->err, j->file, "%s: ungültiger LeiKa-Schlüssel '%.60s'", fpath, s);
            break;
        case JK_EBENE:
            rc = json_text(j, fpath, val, true, &s);
            if (rc == ERR_OK && strcmp(s, "gemeinde") != 0 && strcmp(s, "kreis") != 0 &&
                strcmp(s, "land") != 0 && strcmp(s, "bund") != 0)
                return jfail(j->err, j->file,
                             "%s: '%.60s' ist keine Ebene (gemeinde, kreis, land, bund)", fpath, s);
            break;
        case JK_LIST:
        case JK_WORDS:
            rc = json_list(j, fpath, val, jf->kind == JK_WORDS, &s);
            break;
        case JK_OZG:
            if (!json_is_integer(val) || json_integer_value(val) < 1 ||
                json_integer_value(val) > MAX_ID)
                return jfail(j->err, j->file, "%s: erwartet eine OZG-ID (1 bis %d)", fpath, MAX_ID);
            rec->v.ozg_id = json_integer_value(val);
            continue;
        case JK_INT:
            if (!json_is_integer(val) || json_integer_value(val) < 0 ||
                json_integer_value(val) > 1000)
                return jfail(j->err, j->file, "%s: erwartet eine ganze Zahl von 0 bis 1000", fpath);
            rec->v.beliebtheit = json_integer_value(val);
            continue;
        case JK_AMT:
            if (!json_is_string(val) || !is_pattern(json_string_value(val), 40, "_-"))
                return jfail(j->err, j->file, "%s: erwartet [a-z0-9_-]{1,40}", fpath);
            continue;
        }
        if (rc != ERR_OK)
            return rc;
        *slot = s;
    }
    if (!(rec->given & 1u << JK_ID) || !rec->v.id)
        return jfail(j->err, j->file, "%s: 'id' fehlt", path);
    if (rec->v.leika && str_is_digits(str_from(rec->v.id), 14) &&
        strcmp(rec->v.leika, rec->v.id) != 0)
        return jfail(j->err, j->file,
                     "%s.leika: muss gleich 'id' sein, wenn 'id' ein "
                     "LeiKa-Schlüssel ist",
                     path);
    return ERR_OK;
}

static int
cmp_rec(const void *a, const void *b)
{
    const struct json_rec *x = *(const struct json_rec *const *)a;
    const struct json_rec *y = *(const struct json_rec *const *)b;
    int c = strcmp(x->v.id, y->v.id);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The same id twice among records [from, n) of one file. */
static int
check_json_ids(struct jctx *j, size_t from)
{
    struct vec *v = &j->l->json;
    size_t n = v->n - from;
    struct json_rec **p = n ? calloc(n, sizeof(*p)) : NULL;
    int rc = ERR_OK;

    if (n && !p)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        p[i] = AT(*v, struct json_rec, from + i);
    if (n)
        qsort(p, n, sizeof(*p), cmp_rec);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(p[i - 1]->v.id, p[i]->v.id) == 0) {
            rc =
                jfail(j->err, j->file, "$.leistungen[%zu].id: '%s' doppelt (wie $.leistungen[%zu])",
                      p[i]->index, p[i]->v.id, p[i - 1]->index);
            break;
        }
    }
    free(p);
    return rc;
}

int
li_parse_json(struct leistungen_import *l, const char *file, const char *data, size_t len,
              struct buf *err)
{
    struct jctx j = {l, file, err};
    json_error_t je;
    const char *key;
    json_t *val, *list = NULL;
    size_t from = l->json.n;
    int rc = ERR_OK;

    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        RH_IGNORE(buf_printf(err, "%s:%d: ungültiges JSON: %s", file, je.line, je.text));
        return ERR_INVALID;
    }
    if (!json_is_object(root)) {
        rc = jfail(err, file, "$: erwartet ein Objekt");
        goto out;
    }
    json_object_foreach(root, key, val)
    {
        if (strcmp(key, "format") == 0) {
            if (!json_is_string(val) || strcmp(json_string_value(val), LEISTUNGEN_JSON_FORMAT))
                rc = jfail(err, file, "$.format: erwartet \"%s\"", LEISTUNGEN_JSON_FORMAT);
        } else if (strcmp(key, "leistungen") == 0) {
            list = val;
        } else {
            rc = jfail(err, file, "$.%.60s: unbekannter Schlüssel", key);
        }
        if (rc != ERR_OK)
            goto out;
    }
    if (!json_object_get(root, "format")) {
        rc = jfail(err, file, "$.format fehlt (erwartet \"%s\")", LEISTUNGEN_JSON_FORMAT);
        goto out;
    }
    if (!json_is_array(list)) {
        rc = jfail(err, file, "$.leistungen: erwartet eine Liste");
        goto out;
    }
    if (json_array_size(list) > LEISTUNGEN_JSON_MAX_RECS) {
        rc = jfail(err, file, "$.leistungen: mehr als %d Einträge", LEISTUNGEN_JSON_MAX_RECS);
        goto out;
    }
    for (size_t i = 0; i < json_array_size(list) && rc == ERR_OK; i++) {
        struct json_rec *rec = li_vec_push(&l->json, sizeof(*rec));
        if (!rec) {
            rc = ERR_NOMEM;
            break;
        }
        rc = parse_record(&j, i, json_array_get(list, i), rec);
    }
    if (rc == ERR_OK)
        rc = check_json_ids(&j, from);
out:
    json_decref(root);
    return rc;
}
