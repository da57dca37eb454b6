#include "formats/leistungen_import.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <dirent.h>
#include <jansson.h>
#include <sodium.h>

#include "domain/suchtext.h"
#include "formats/csv.h"
#include "store/import_gebiet.h"
#include "util/arena.h"
#include "util/str.h"

#define ARENA_CAP   ((size_t)512 * 1024 * 1024)
#define SCRATCH_CAP ((size_t)64 * 1024 * 1024)
#define MAX_NAME    1000     /* bytes of a name in the CSV files */
#define MAX_ID      99999999 /* largest id of a Themenfeld, Lebenslage, OZG-Leistung */

/* CSV kinds, in the order they are written */
enum kind { K_THEMENFELD, K_LEBENSLAGE, K_OZG, K_LEIKA, K_JSON };

static const char *const dir_files[] = {"ozg-themenfelder.csv", "ozg-lebenslagen.csv",
                                        "ozg-leistungen.csv", "leika-leistungen.csv"};

struct src {
    const char *file;
    size_t line;
};

struct tf_row {
    int64_t id;
    const char *name;
    struct src src;
};

struct ll_row {
    int64_t id;
    const char *name;
    int64_t themenfeld_id;
    struct src src;
};

struct ozg_row {
    struct import_ozg_leistung v;
    const char *lebenslage, *themenfeld; /* names, resolved when written */
    struct src src;
};

struct leika_row {
    struct import_leistung v;
    struct src src;
    bool is_skipped; /* a duplicate id in its file */
};

/* the keys of a JSON record, in this order; bit i of json_rec.given = key i was given */
enum jkind {
    JK_ID,
    JK_NAME,
    JK_TEXT,
    JK_LEIKA,
    JK_OZG,
    JK_EBENE,
    JK_LIST,
    JK_WORDS,
    JK_INT,
    JK_AMT
};

static const struct jfield {
    const char *key;
    enum jkind kind;
    size_t off; /* of the const char * member of struct import_leistung */
} jfields[] = {
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
#define N_JFIELDS (sizeof(jfields) / sizeof(jfields[0]))

struct json_rec {
    struct import_leistung v; /* the given values; others unset */
    uint32_t given;
    const char *file;
    size_t index; /* in $.leistungen */
};

struct vec {
    void *p;
    size_t n, cap;
};

#define AT(v, T, i) (&((T *)(v).p)[i])

struct leistungen_import {
    struct arena *a;
    struct vec tf, ll, ozg, leika, json;
    size_t n_files, n_doppelt;
    struct buf warnings;
    char today[11];
};

static void *
vec_push(struct vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *p = realloc(v->p, cap * size);
        if (!p)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    void *slot = (char *)v->p + v->n * size;
    memset(slot, 0, size);
    v->n++;
    return slot;
}

static int
clip(struct str s)
{
    size_t n = s.len;
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
            n--;
    }
    return (int)n;
}

/* ---- CSV ---- */

struct pctx {
    struct leistungen_import *l;
    struct csv *r;
};

static struct src
here(struct pctx *x)
{
    return (struct src){csv_name(x->r), csv_line(x->r)};
}

static int
get_text(struct pctx *x, int col, const char *colname, bool required, size_t max, const char **out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0) {
        if (required)
            return csv_fail(x->r, "Feld '%s' ist leer", colname);
        *out = NULL;
        return ERR_OK;
    }
    if (s.len > max)
        return csv_fail(x->r, "Feld '%s' länger als %zu Bytes", colname, max);
    char *c = arena_strndup(x->l->a, s.p, s.len);
    if (!c)
        return ERR_NOMEM;
    *out = c;
    return ERR_OK;
}

static int
get_int(struct pctx *x, int col, const char *colname, bool required, int64_t min, int64_t max,
        int64_t *out)
{
    struct str s = csv_field(x->r, col);
    if (s.len == 0 && !required) {
        *out = 0;
        return ERR_OK;
    }
    if (str_to_int64(s, min, max, out) != ERR_OK)
        return csv_fail(x->r, "ungültige Zahl '%.*s' in Feld '%s'", clip(s), s.p, colname);
    return ERR_OK;
}

static int
parse_themenfelder(struct pctx *x)
{
    static const char *const req[] = {"themenfeld_id", "themenfeld"};
    int c[2];
    bool has;
    size_t from = x->l->tf.n;
    int rc = csv_require_cols(x->r, req, 2, c);

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct tf_row *t = vec_push(&x->l->tf, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "themenfeld_id", true, 1, MAX_ID, &t->id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->tf.n; i++)
            if (AT(x->l->tf, struct tf_row, i)->id == t->id)
                rc = csv_fail(x->r, "Themenfeld %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->id, AT(x->l->tf, struct tf_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "themenfeld", true, MAX_NAME, &t->name);
    }
    return rc;
}

static int
parse_lebenslagen(struct pctx *x)
{
    static const char *const req[] = {"lebenslage_id", "lebenslage", "themenfeld_id"};
    int c[3];
    bool has;
    size_t from = x->l->ll.n;
    int rc = csv_require_cols(x->r, req, 3, c);

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct ll_row *t = vec_push(&x->l->ll, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "lebenslage_id", true, 1, MAX_ID, &t->id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->ll.n; i++)
            if (AT(x->l->ll, struct ll_row, i)->id == t->id)
                rc = csv_fail(x->r, "Lebenslage %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->id, AT(x->l->ll, struct ll_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "lebenslage", true, MAX_NAME, &t->name);
        if (rc == ERR_OK)
            rc = get_int(x, c[2], "themenfeld_id", false, 1, MAX_ID, &t->themenfeld_id);
    }
    return rc;
}

static int
parse_ozg(struct pctx *x)
{
    static const char *const req[] = {"ozg_id", "ozg_leistung", "lebenslage", "themenfeld"};
    int c[4];
    bool has;
    size_t from = x->l->ozg.n;
    int rc = csv_require_cols(x->r, req, 4, c);
    int c_n = csv_col(x->r, "anzahl_leika_leistungen");

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct ozg_row *t = vec_push(&x->l->ozg, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        rc = get_int(x, c[0], "ozg_id", true, 1, MAX_ID, &t->v.id);
        for (size_t i = from; rc == ERR_OK && i + 1 < x->l->ozg.n; i++)
            if (AT(x->l->ozg, struct ozg_row, i)->v.id == t->v.id)
                rc = csv_fail(x->r, "OZG-Leistung %lld doppelt (zuerst in Zeile %zu)",
                              (long long)t->v.id, AT(x->l->ozg, struct ozg_row, i)->src.line);
        if (rc == ERR_OK)
            rc = get_text(x, c[1], "ozg_leistung", true, MAX_NAME, &t->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c[2], "lebenslage", false, MAX_NAME, &t->lebenslage);
        if (rc == ERR_OK)
            rc = get_text(x, c[3], "themenfeld", false, MAX_NAME, &t->themenfeld);
        if (rc == ERR_OK && csv_field(x->r, c_n).len) {
            t->v.has_anzahl_leika = true;
            rc = get_int(x, c_n, "anzahl_leika_leistungen", true, 0, MAX_ID, &t->v.anzahl_leika);
        }
    }
    return rc;
}

/* "n" + 12 hex digits of SHA-256(name 0x1F ozg_id) */
static int
hash_id(struct arena *a, struct str name, struct str ozg_id, const char **out)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)name.p, name.len);
    crypto_hash_sha256_update(&st, (const unsigned char *)"\x1f", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)ozg_id.p, ozg_id.len);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    *out = arena_printf(a, "n%.12s", hex);
    return *out ? ERR_OK : ERR_NOMEM;
}

static int
cmp_leika(const void *a, const void *b)
{
    const struct leika_row *x = *(const struct leika_row *const *)a;
    const struct leika_row *y = *(const struct leika_row *const *)b;
    int c = strcmp(x->v.id, y->v.id);
    if (c != 0)
        return c;
    return x->src.line < y->src.line ? -1 : x->src.line > y->src.line;
}

/* Rows [from, n) of one file: keep the first of each id, warn about the others. */
static int
skip_duplicates(struct leistungen_import *l, size_t from)
{
    size_t n = l->leika.n - from, first = 0;
    struct leika_row **v = n ? calloc(n, sizeof(*v)) : NULL;
    int rc = ERR_OK;

    if (n && !v)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        v[i] = AT(l->leika, struct leika_row, from + i);
    if (n)
        qsort(v, n, sizeof(*v), cmp_leika);
    for (size_t i = 1; i < n && rc == ERR_OK; i++) {
        if (strcmp(v[first]->v.id, v[i]->v.id) != 0) {
            first = i;
            continue;
        }
        v[i]->is_skipped = true;
        l->n_doppelt++;
        rc = buf_printf(&l->warnings,
                        "%s:%zu: Leistung '%s' hat dieselbe Kennung '%s' wie Zeile %zu: "
                        "übersprungen\n",
                        v[i]->src.file, v[i]->src.line, v[i]->v.name, v[i]->v.id,
                        v[first]->src.line);
    }
    free(v);
    return rc;
}

static int
parse_leika(struct pctx *x)
{
    static const char *const req[] = {"leika_schluessel", "leistung", "ozg_id"};
    int c[3];
    bool has;
    size_t from = x->l->leika.n;
    int rc = csv_require_cols(x->r, req, 3, c);
    int c_typ = csv_col(x->r, "typisierung"), c_rg = csv_col(x->r, "rechtsgrundlage");

    while (rc == ERR_OK) {
        rc = csv_next(x->r, &has);
        if (rc != ERR_OK || !has)
            break;
        struct leika_row *t = vec_push(&x->l->leika, sizeof(*t));
        if (!t)
            return ERR_NOMEM;
        t->src = here(x);
        struct str key = csv_field(x->r, c[0]);
        if (key.len && !str_is_digits(key, 14))
            return csv_fail(x->r, "ungültiger LeiKa-Schlüssel '%.*s' (erwartet 14 Ziffern)",
                            clip(key), key.p);
        rc = get_text(x, c[1], "leistung", true, MAX_NAME, &t->v.name);
        if (rc == ERR_OK)
            rc = get_text(x, c_typ, "typisierung", false, MAX_NAME, &t->v.typisierung);
        if (rc == ERR_OK)
            rc = get_int(x, c[2], "ozg_id", false, 1, MAX_ID, &t->v.ozg_id);
        if (rc == ERR_OK)
            rc = get_text(x, c_rg, "rechtsgrundlage", false, LEISTUNGEN_JSON_MAX_TEXT,
                          &t->v.rechtsgrundlage);
        if (rc != ERR_OK)
            break;
        if (key.len) {
            t->v.id = t->v.leika = arena_strndup(x->l->a, key.p, key.len);
            if (!t->v.id)
                return ERR_NOMEM;
        } else {
            rc = hash_id(x->l->a, csv_field(x->r, c[1]), csv_field(x->r, c[2]), &t->v.id);
        }
    }
    if (rc == ERR_OK)
        rc = skip_duplicates(x->l, from);
    return rc;
}

static int
parse_csv(struct leistungen_import *l, const char *file, const char *data, size_t len,
          struct buf *err)
{
    struct csv *r = NULL;
    struct pctx x = {l, NULL};

    int rc = csv_open(file, data, len, &r);
    if (rc != ERR_OK)
        return rc;
    x.r = r;
    rc = csv_read_header(r);
    if (rc == ERR_OK) {
        if (csv_col(r, "leika_schluessel") >= 0)
            rc = parse_leika(&x);
        else if (csv_col(r, "lebenslage_id") >= 0)
            rc = parse_lebenslagen(&x);
        else if (csv_col(r, "ozg_id") >= 0 && csv_col(r, "ozg_leistung") >= 0)
            rc = parse_ozg(&x);
        else if (csv_col(r, "themenfeld_id") >= 0)
            rc = parse_themenfelder(&x);
        else
            rc = csv_fail(r,
                          "unbekanntes Dateiformat: erwartet ozg-themenfelder.csv, "
                          "ozg-lebenslagen.csv, ozg-leistungen.csv, leika-leistungen.csv "
                          "oder JSON (%s)",
                          LEISTUNGEN_JSON_FORMAT);
    }
    if (rc == ERR_INVALID)
        RH_IGNORE(buf_puts(err, csv_error(r)));
    csv_free(r);
    return rc;
}

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
        for (f = 0; f < N_JFIELDS && strcmp(jfields[f].key, key) != 0; f++)
            ;
        snprintf(fpath, sizeof(fpath), "%s.%.60s", path, key);
        if (f == N_JFIELDS)
            return jfail(j->err, j->file, "%s: unbekannter Schlüssel", fpath);
        const struct jfield *jf = &jfields[f];
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

static int
parse_json(struct leistungen_import *l, const char *file, const char *data, size_t len,
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
        struct json_rec *rec = vec_push(&l->json, sizeof(*rec));
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

/* ---- files ---- */

int
leistungen_import_new(struct leistungen_import **out)
{
    struct tm tm;
    time_t now = time(NULL);

    if (sodium_init() < 0)
        return ERR_NOMEM;
    struct leistungen_import *l = calloc(1, sizeof(*l));
    if (!l)
        return ERR_NOMEM;
    l->a = arena_new(ARENA_CAP);
    if (!l->a) {
        free(l);
        return ERR_NOMEM;
    }
    l->warnings = BUF_INIT(1024 * 1024);
    if (!gmtime_r(&now, &tm) || strftime(l->today, sizeof(l->today), "%Y-%m-%d", &tm) == 0)
        l->today[0] = '\0';
    *out = l;
    return ERR_OK;
}

void
leistungen_import_free(struct leistungen_import *l)
{
    if (!l)
        return;
    free(l->tf.p);
    free(l->ll.p);
    free(l->ozg.p);
    free(l->leika.p);
    free(l->json.p);
    buf_free(&l->warnings);
    arena_free(l->a);
    free(l);
}

size_t
leistungen_import_n_files(const struct leistungen_import *l)
{
    return l->n_files;
}

const char *
leistungen_import_warnings(const struct leistungen_import *l)
{
    return buf_cstr(&l->warnings);
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int
leistungen_import_add_data(struct leistungen_import *l, const char *name, const char *data,
                           size_t len, struct buf *err)
{
    struct vec saved[5] = {l->tf, l->ll, l->ozg, l->leika, l->json};
    size_t doppelt = l->n_doppelt, warn_len = l->warnings.len;
    size_t i = 0;
    int rc;

    const char *file = arena_strdup(l->a, name ? name : "-");
    if (!file)
        return ERR_NOMEM;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (ends_with(file, ".json") || (i < len && data[i] == '{'))
        rc = parse_json(l, file, data, len, err);
    else
        rc = parse_csv(l, file, data, len, err);
    if (rc == ERR_NOMEM)
        RH_IGNORE(buf_printf(err, "%s: zu wenig Speicher", file));
    if (rc != ERR_OK) {
        /* forget the rows of this file (the vectors may have moved: keep their new memory) */
        l->tf.n = saved[0].n;
        l->ll.n = saved[1].n;
        l->ozg.n = saved[2].n;
        l->leika.n = saved[3].n;
        l->json.n = saved[4].n;
        l->n_doppelt = doppelt;
        l->warnings.len = warn_len;
        if (l->warnings.p)
            l->warnings.p[warn_len] = '\0';
        return rc;
    }
    l->n_files++;
    return ERR_OK;
}

static int
add_file(struct leistungen_import *l, const char *path, struct buf *err)
{
    struct buf data = BUF_INIT(CSV_MAX_FILE);
    int rc = csv_read_file(path, CSV_MAX_FILE, &data, err);
    if (rc == ERR_OK)
        rc = leistungen_import_add_data(l, path, buf_cstr(&data), data.len, err);
    buf_free(&data);
    return rc;
}

static int
is_json_entry(const struct dirent *d)
{
    return d->d_name[0] != '.' && ends_with(d->d_name, ".json");
}

int
leistungen_import_add_path(struct leistungen_import *l, const char *path, struct buf *err)
{
    struct stat st;
    struct dirent **list = NULL;
    char file[4096];
    size_t n_found = 0;
    int rc = ERR_OK, n;

    if (stat(path, &st) != 0) {
        RH_IGNORE(buf_printf(err, "%s: Datei oder Ordner nicht gefunden", path));
        return ERR_IO;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(l, path, err);
    for (size_t i = 0; i < sizeof(dir_files) / sizeof(dir_files[0]) && rc == ERR_OK; i++) {
        n = snprintf(file, sizeof(file), "%s/%s", path, dir_files[i]);
        if (n < 0 || (size_t)n >= sizeof(file)) {
            RH_IGNORE(buf_printf(err, "%s: Pfad zu lang", path));
            return ERR_LIMIT;
        }
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        rc = add_file(l, file, err);
        n_found++;
    }
    n = rc == ERR_OK ? scandir(path, &list, is_json_entry, alphasort) : 0;
    if (n < 0) {
        RH_IGNORE(buf_printf(err, "%s: Ordner kann nicht gelesen werden", path));
        return ERR_IO;
    }
    for (int i = 0; i < n; i++) {
        if (rc == ERR_OK) {
            int k = snprintf(file, sizeof(file), "%s/%s", path, list[i]->d_name);
            if (k < 0 || (size_t)k >= sizeof(file)) {
                RH_IGNORE(buf_printf(err, "%s: Pfad zu lang", path));
                rc = ERR_LIMIT;
            } else {
                rc = add_file(l, file, err);
                n_found++;
            }
        }
        free(list[i]);
    }
    free(list);
    if (rc == ERR_OK && n_found == 0) {
        RH_IGNORE(buf_printf(err,
                             "%s: keine der Dateien ozg-themenfelder.csv, "
                             "ozg-lebenslagen.csv, ozg-leistungen.csv, leika-leistungen.csv "
                             "oder *.json im Ordner",
                             path));
        return ERR_INVALID;
    }
    return rc;
}

/* ---- writing ---- */

struct run_ctx {
    struct leistungen_import *l;
    struct progress *p;
    struct leistungen_import_stats st;
    struct buf err;        /* reset on every attempt of db_tx */
    struct arena *maps;    /* per attempt: the name maps, the ids written */
    struct arena *scratch; /* per row */
    struct import_name *tf, *ll, *ozg;
    size_t n_tf, n_ll, n_ozg;
    struct buf text, stext; /* suchtext input and output */
    struct vec written;     /* const char * ids of leistung rows written */
};

static int row_fail(struct run_ctx *x, const struct src *src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
row_fail(struct run_ctx *x, const struct src *src, const char *fmt, ...)
{
    va_list ap;
    buf_reset(&x->err);
    RH_IGNORE(buf_printf(&x->err, "%s:%zu: ", src->file, src->line));
    va_start(ap, fmt);
    RH_IGNORE(buf_vprintf(&x->err, fmt, ap));
    va_end(ap);
    return ERR_INVALID;
}

static int rec_fail(struct run_ctx *x, const struct json_rec *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
rec_fail(struct run_ctx *x, const struct json_rec *r, const char *fmt, ...)
{
    va_list ap;
    buf_reset(&x->err);
    RH_IGNORE(buf_printf(&x->err, "%s: $.leistungen[%zu]", r->file, r->index));
    va_start(ap, fmt);
    RH_IGNORE(buf_vprintf(&x->err, fmt, ap));
    va_end(ap);
    return ERR_INVALID;
}

/* A database failure while writing a row: the row's place and the error's name. */
static int
db_fail(struct run_ctx *x, const struct src *src, const struct json_rec *r, int rc,
        const char *what)
{
    if (rc == ERR_BUSY || rc == ERR_NOMEM)
        return rc; /* db_tx retries; out of memory is reported by the caller */
    if (src)
        RH_IGNORE(row_fail(x, src, "%s konnte nicht geschrieben werden (%s)", what, err_name(rc)));
    else
        RH_IGNORE(rec_fail(x, r, ": %s konnte nicht geschrieben werden (%s)", what, err_name(rc)));
    return rc;
}

static int
load_names(struct run_ctx *x, struct db_conn *c, enum import_katalog_tabelle t,
           struct import_name **out, size_t *n)
{
    return store_import_katalog_names(c, x->maps, t, out, n);
}

/* The id of `name` among v[0..n): ERR_NOTFOUND, or ERR_CONFLICT when two rows share it. */
static int
name_to_id(const struct import_name *v, size_t n, const char *name, int64_t *id)
{
    int rc = ERR_NOTFOUND;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].name, name) != 0)
            continue;
        if (rc == ERR_OK)
            return ERR_CONFLICT;
        *id = v[i].id;
        rc = ERR_OK;
    }
    return rc;
}

static bool
has_id(const struct import_name *v, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id)
            return true;
    return false;
}

static int
cmp_name_id(const void *key, const void *elem)
{
    int64_t k = *(const int64_t *)key, e = ((const struct import_name *)elem)->id;
    return k < e ? -1 : k > e;
}

/* The name of OZG-Leistung `id`, NULL when unknown (x->ozg is ordered by id). */
static const char *
ozg_name(const struct run_ctx *x, int64_t id)
{
    const struct import_name *e =
        x->n_ozg ? bsearch(&id, x->ozg, x->n_ozg, sizeof(*x->ozg), cmp_name_id) : NULL;
    return e ? e->name : NULL;
}

/* suchtext of a Leistung into x->stext: stems of name, suchbegriffe, OZG name, kurztext */
static int
build_suchtext(struct run_ctx *x, const struct import_leistung *v)
{
    const char *parts[] = {v->name, v->suchbegriffe, v->ozg_id ? ozg_name(x, v->ozg_id) : NULL,
                           v->kurztext};
    int rc = ERR_OK;

    buf_reset(&x->text);
    buf_reset(&x->stext);
    for (size_t i = 0; i < 4 && rc == ERR_OK; i++) {
        if (!parts[i])
            continue;
        rc = buf_puts(&x->text, parts[i]);
        if (rc == ERR_OK)
            rc = buf_putc(&x->text, ' ');
    }
    if (rc == ERR_OK)
        rc = suchtext_build(buf_cstr(&x->text), x->text.len, &x->stext);
    if (rc == ERR_OK && !x->stext.p)
        rc = buf_append(&x->stext, "", 0);
    return rc;
}

static int
remember(struct run_ctx *x, const char *id)
{
    const char **slot = vec_push(&x->written, sizeof(*slot));
    if (!slot)
        return ERR_NOMEM;
    *slot = arena_strdup(x->maps, id);
    return *slot ? ERR_OK : ERR_NOMEM;
}

static int
write_catalogue(struct run_ctx *x, struct db_conn *c)
{
    struct leistungen_import *l = x->l;
    int rc = ERR_OK;

    for (size_t i = 0; i < l->tf.n && rc == ERR_OK; i++) {
        const struct tf_row *t = AT(l->tf, struct tf_row, i);
        rc = store_import_themenfeld(c, t->id, t->name);
        if (rc != ERR_OK)
            return db_fail(x, &t->src, NULL, rc, "Themenfeld");
        progress_step(x->p, 1);
    }
    rc = load_names(x, c, IMPORT_THEMENFELD, &x->tf, &x->n_tf);
    for (size_t i = 0; i < l->ll.n && rc == ERR_OK; i++) {
        const struct ll_row *t = AT(l->ll, struct ll_row, i);
        if (t->themenfeld_id && !has_id(x->tf, x->n_tf, t->themenfeld_id))
            return row_fail(x, &t->src, "unbekanntes Themenfeld %lld", (long long)t->themenfeld_id);
        rc = store_import_lebenslage(c, t->id, t->name, t->themenfeld_id);
        if (rc != ERR_OK)
            return db_fail(x, &t->src, NULL, rc, "Lebenslage");
        progress_step(x->p, 1);
    }
    if (rc == ERR_OK)
        rc = load_names(x, c, IMPORT_LEBENSLAGE, &x->ll, &x->n_ll);
    for (size_t i = 0; i < l->ozg.n && rc == ERR_OK; i++) {
        const struct ozg_row *t = AT(l->ozg, struct ozg_row, i);
        struct import_ozg_leistung v = t->v;
        if (t->lebenslage) {
            int e = name_to_id(x->ll, x->n_ll, t->lebenslage, &v.lebenslage_id);
            if (e != ERR_OK)
                return row_fail(x, &t->src, "%s Lebenslage '%s'",
                                e == ERR_CONFLICT ? "mehrdeutige" : "unbekannte", t->lebenslage);
        }
        if (t->themenfeld) {
            int e = name_to_id(x->tf, x->n_tf, t->themenfeld, &v.themenfeld_id);
            if (e != ERR_OK)
                return row_fail(x, &t->src, "%s Themenfeld '%s'",
                                e == ERR_CONFLICT ? "mehrdeutiges" : "unbekanntes", t->themenfeld);
        }
        rc = store_import_ozg_leistung(c, &v);
        if (rc != ERR_OK)
            return db_fail(x, &t->src, NULL, rc, "OZG-Leistung");
        progress_step(x->p, 1);
    }
    if (rc == ERR_OK)
        rc = load_names(x, c, IMPORT_OZG_LEISTUNG, &x->ozg, &x->n_ozg);
    return rc;
}

static int
cmp_by_id(const void *a, const void *b)
{
    return strcmp((*(const struct import_leistung *const *)a)->id,
                  (*(const struct import_leistung *const *)b)->id);
}

static int
cmp_by_leika(const void *a, const void *b)
{
    const char *x = (*(const struct import_leistung *const *)a)->leika;
    const char *y = (*(const struct import_leistung *const *)b)->leika;
    return strcmp(x ? x : "", y ? y : "");
}

/* The row among v[0..n) (sorted by cmp) that matches key, or NULL. */
static const struct import_leistung *
find_row(struct import_leistung **v, size_t n, struct import_leistung *key,
         int (*cmp)(const void *, const void *))
{
    struct import_leistung **hit = n ? bsearch(&key, v, n, sizeof(*v), cmp) : NULL;
    return hit ? *hit : NULL;
}

static int
write_leika(struct run_ctx *x, struct db_conn *c)
{
    struct leistungen_import *l = x->l;
    struct import_leistung *rows = NULL, **by_id = NULL, **by_leika = NULL;
    size_t n = 0;

    if (l->leika.n == 0)
        return ERR_OK;
    /* the few rows whose description or own id a catalogue row must keep */
    int rc = store_import_leistung_beschrieben(c, x->maps, &rows, &n);
    if (rc != ERR_OK)
        return rc;
    if (n) {
        by_id = arena_alloc(x->maps, n * sizeof(*by_id));
        by_leika = arena_alloc(x->maps, n * sizeof(*by_leika));
        if (!by_id || !by_leika)
            return ERR_NOMEM;
        for (size_t i = 0; i < n; i++)
            by_id[i] = by_leika[i] = &rows[i];
        qsort(by_id, n, sizeof(*by_id), cmp_by_id);
        qsort(by_leika, n, sizeof(*by_leika), cmp_by_leika);
    }
    for (size_t i = 0; i < l->leika.n && rc == ERR_OK; i++) {
        const struct leika_row *t = AT(l->leika, struct leika_row, i);
        struct import_leistung w = t->v;
        const struct import_leistung *ex = NULL;

        if (t->is_skipped)
            continue;
        if (w.ozg_id && !ozg_name(x, w.ozg_id))
            return row_fail(x, &t->src, "unbekannte OZG-Leistung %lld", (long long)w.ozg_id);
        ex = find_row(by_id, n, &w, cmp_by_id);
        if (!ex && w.leika)
            ex = find_row(by_leika, n, &w, cmp_by_leika);
        if (ex) {
            /* keep the descriptive columns, and the row's own id when it claimed the key */
            w.id = ex->id;
            w.suchbegriffe = ex->suchbegriffe;
            w.kurztext = ex->kurztext;
        }
        rc = build_suchtext(x, &w);
        if (rc != ERR_OK)
            return rc;
        w.suchtext = buf_cstr(&x->stext);
        rc = store_import_leistung_katalog(c, &w);
        if (rc != ERR_OK)
            return db_fail(x, &t->src, NULL, rc, "Leistung");
        rc = remember(x, w.id);
        progress_step(x->p, 1);
    }
    return rc;
}

/* Copy the keys a JSON record gave onto m. */
static void
merge_record(struct import_leistung *m, const struct json_rec *r)
{
    for (size_t f = 0; f < N_JFIELDS; f++) {
        if (!(r->given & 1u << f))
            continue;
        switch (jfields[f].kind) {
        case JK_NAME:
        case JK_TEXT:
        case JK_LEIKA:
        case JK_EBENE:
        case JK_LIST:
        case JK_WORDS:
            *(const char **)(void *)((char *)m + jfields[f].off) =
                *(const char *const *)(const void *)((const char *)&r->v + jfields[f].off);
            break;
        case JK_OZG:
            m->ozg_id = r->v.ozg_id;
            break;
        case JK_INT:
            m->beliebtheit = r->v.beliebtheit;
            break;
        case JK_ID:
        case JK_AMT:
            break;
        }
    }
}

static int
write_json(struct run_ctx *x, struct db_conn *c)
{
    struct leistungen_import *l = x->l;
    int rc = ERR_OK;

    for (size_t i = 0; i < l->json.n && rc == ERR_OK; i++) {
        const struct json_rec *r = AT(l->json, struct json_rec, i);
        struct import_leistung m = {0}, other;
        bool found = false;

        arena_reset(x->scratch);
        rc = store_import_leistung_get(c, x->scratch, r->v.id, NULL, &m, &found);
        if (rc != ERR_OK)
            return db_fail(x, NULL, r, rc, "Leistung");
        if (!found) {
            if (!(r->given & 1u << JK_NAME))
                return rec_fail(x, r, ": neue Leistung '%s' braucht \"name\"", r->v.id);
            m = (struct import_leistung){.id = r->v.id};
            if (str_is_digits(str_from(r->v.id), 14))
                m.leika = r->v.id;
        }
        merge_record(&m, r);
        if (m.leika) {
            rc = store_import_leistung_get(c, x->scratch, m.leika, m.leika, &other, &found);
            if (rc != ERR_OK)
                return db_fail(x, NULL, r, rc, "Leistung");
            if (found && strcmp(other.id, m.id) != 0)
                return rec_fail(x, r,
                                ".leika: LeiKa-Schlüssel '%s' gehört schon zu Leistung "
                                "'%s'",
                                m.leika, other.id);
        }
        if (m.ozg_id && !ozg_name(x, m.ozg_id))
            return rec_fail(x, r, ".ozg_id: unbekannte OZG-Leistung %lld", (long long)m.ozg_id);
        rc = build_suchtext(x, &m);
        if (rc != ERR_OK)
            return rc;
        m.suchtext = buf_cstr(&x->stext);
        m.aktualisiert = l->today[0] ? l->today : NULL;
        rc = store_import_leistung_put(c, &m);
        if (rc != ERR_OK)
            return db_fail(x, NULL, r, rc, "Leistung");
        rc = remember(x, m.id);
        progress_step(x->p, 1);
    }
    return rc;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
run_tx(struct db_conn *c, void *vctx)
{
    struct run_ctx *x = vctx;
    struct leistungen_import *l = x->l;
    int64_t before[IMPORT_N_TABELLEN], after[IMPORT_N_TABELLEN];
    size_t total = l->tf.n + l->ll.n + l->ozg.n + l->leika.n + l->json.n - l->n_doppelt;

    buf_reset(&x->err);
    arena_reset(x->maps);
    x->written.n = 0;
    x->n_tf = x->n_ll = x->n_ozg = 0;
    int rc = store_import_katalog_count(c, before);
    if (rc != ERR_OK)
        return rc;
    progress_start(x->p, "leistungen", total);
    rc = write_catalogue(x, c);
    if (rc == ERR_OK)
        rc = write_leika(x, c);
    if (rc == ERR_OK)
        rc = write_json(x, c);
    progress_end(x->p);
    if (rc == ERR_OK)
        rc = store_import_katalog_count(c, after);
    if (rc == ERR_OK)
        rc = store_import_bump_version(c, "katalog_version", &x->st.version);
    if (rc != ERR_OK)
        return rc;

    /* distinct Leistungen written */
    const char **ids = x->written.p;
    size_t n = 0;
    if (x->written.n)
        qsort(ids, x->written.n, sizeof(*ids), cmp_str);
    for (size_t i = 0; i < x->written.n; i++)
        if (i == 0 || strcmp(ids[i - 1], ids[i]) != 0)
            n++;
    x->st.n[IMPORT_LEISTUNG] = n;
    x->st.n_json = l->json.n;
    x->st.n_doppelt = l->n_doppelt;
    x->st.n_neu = 0;
    int64_t written = 0;
    for (int t = 0; t < IMPORT_N_TABELLEN; t++) {
        x->st.n_neu += after[t] - before[t];
        written += (int64_t)x->st.n[t];
    }
    x->st.n_aktualisiert = written - x->st.n_neu;
    if (x->st.n_aktualisiert < 0)
        x->st.n_aktualisiert = 0;
    return ERR_OK;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* distinct ids among the rows of v (an int64_t at offset `off` of each element) */
static int
count_ids(const struct vec *v, size_t size, size_t off, size_t *out)
{
    int64_t *ids = v->n ? calloc(v->n, sizeof(*ids)) : NULL;
    size_t d = 0;

    if (v->n && !ids)
        return ERR_NOMEM;
    for (size_t i = 0; i < v->n; i++)
        memcpy(&ids[i], (const char *)v->p + i * size + off, sizeof(*ids));
    if (v->n)
        qsort(ids, v->n, sizeof(*ids), cmp_i64);
    for (size_t i = 0; i < v->n; i++)
        if (i == 0 || ids[i] != ids[i - 1])
            d++;
    free(ids);
    *out = d;
    return ERR_OK;
}

static int
run(struct leistungen_import *l, struct db_conn *c, struct progress *p,
    struct leistungen_import_stats *st, struct buf *err, bool own_tx)
{
    struct run_ctx x = {.l = l,
                        .p = p,
                        .err = BUF_INIT(4096),
                        .text = BUF_INIT(4 * 1024 * 1024),
                        .stext = BUF_INIT(4 * 1024 * 1024)};
    int rc;

    if (l->n_files == 0) {
        RH_IGNORE(buf_puts(err, "keine Dateien angegeben"));
        return ERR_INVALID;
    }
    rc = count_ids(&l->tf, sizeof(struct tf_row), offsetof(struct tf_row, id),
                   &x.st.n[IMPORT_THEMENFELD]);
    if (rc == ERR_OK)
        rc = count_ids(&l->ll, sizeof(struct ll_row), offsetof(struct ll_row, id),
                       &x.st.n[IMPORT_LEBENSLAGE]);
    if (rc == ERR_OK)
        rc = count_ids(&l->ozg, sizeof(struct ozg_row), offsetof(struct ozg_row, v.id),
                       &x.st.n[IMPORT_OZG_LEISTUNG]);
    x.maps = rc == ERR_OK ? arena_new(ARENA_CAP) : NULL;
    x.scratch = x.maps ? arena_new(SCRATCH_CAP) : NULL;
    if (rc == ERR_OK && !x.scratch)
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = own_tx ? db_tx(c, run_tx, &x) : run_tx(c, &x);
    if (rc == ERR_OK)
        *st = x.st;
    else if (x.err.len)
        RH_IGNORE(buf_puts(err, buf_cstr(&x.err)));
    else
        RH_IGNORE(buf_printf(err, "Import abgebrochen: %s", err_name(rc)));
    progress_end(p);
    free(x.written.p);
    buf_free(&x.text);
    buf_free(&x.stext);
    buf_free(&x.err);
    arena_free(x.scratch);
    arena_free(x.maps);
    return rc;
}

int
leistungen_import_run(struct leistungen_import *l, struct db_conn *c, struct progress *p,
                      struct leistungen_import_stats *st, struct buf *err)
{
    return run(l, c, p, st, err, true);
}

int
leistungen_import_apply(struct leistungen_import *l, struct db_conn *c, struct progress *p,
                        struct leistungen_import_stats *st, struct buf *err)
{
    return run(l, c, p, st, err, false);
}
