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
#include "formats/leistungen_import_intern.h"
#include "store/import_gebiet.h"
#include "util/arena.h"
#include "util/str.h"

void *
li_vec_push(struct vec *v, size_t size)
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

int
li_clip(struct str s)
{
    size_t n = s.len;
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
            n--;
    }
    return (int)n;
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
        rc = li_parse_json(l, file, data, len, err);
    else
        rc = li_parse_csv(l, file, data, len, err);
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
    const char **slot = li_vec_push(&x->written, sizeof(*slot));
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
    for (size_t f = 0; f < li_n_jfields; f++) {
        if (!(r->given & 1u << f))
            continue;
        switch (li_jfields[f].kind) {
        case JK_NAME:
        case JK_TEXT:
        case JK_LEIKA:
        case JK_EBENE:
        case JK_LIST:
        case JK_WORDS:
            *(const char **)(void *)((char *)m + li_jfields[f].off) =
                *(const char *const *)(const void *)((const char *)&r->v + li_jfields[f].off);
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
