#include "formats/gemeinden_import.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/gebiet.h"
#include "formats/csv.h"
#include "formats/gemeinden_import_intern.h"
#include "formats/gv100ad.h"
#include "util/arena.h"
#include "util/str.h"

/* the files a folder stands for, parents first */
static const char *const dir_files[] = {"bw-regierungsbezirke.csv", "bw-regionen.csv",
                                        "bw-kreise.csv", "bw-gemeindeverbaende.csv",
                                        "bw-gemeinden.csv"};

/* ---- small helpers ---- */

void *
gi_vec_push(struct vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
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

void
gi_batch_free(struct batch *b)
{
    free(b->rb.p);
    free(b->region.p);
    free(b->kreis.p);
    free(b->verband.p);
    free(b->gemeinde.p);
    free(b->frei.p);
    memset(b, 0, sizeof(*b));
}

bool
gi_same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Bytes of `s` to show in a message: at most 60, not cutting a UTF-8 sequence. */
int
gi_clip(struct str s)
{
    size_t n = s.len;
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
            n--;
    }
    return (int)n;
}

const char *
gi_or_empty(const char *s)
{
    return s ? s : "";
}

/* "207.33" from hectares. */
const char *
gi_km2_text(struct arena *a, int64_t ha)
{
    return arena_printf(a, "%lld.%02lld", (long long)(ha / 100), (long long)(ha % 100));
}

/* ---- duplicate keys ---- */

struct keyref {
    const char *key;
    size_t line;
};

static int
cmp_keyref(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Fails with FILE:LINE of the second row holding a key twice. keys[i] is read at offset `off`
 * of element i of `v` (a const char * member); lines from the struct src at `src_off`. */
int
gi_check_unique(const char *file, const struct vec *v, size_t size, size_t off, size_t src_off,
                const char *what, struct buf *err)
{
    struct keyref *k = v->n ? calloc(v->n, sizeof(*k)) : NULL;
    int rc = ERR_OK;

    if (v->n && !k)
        return ERR_NOMEM;
    for (size_t i = 0; i < v->n; i++) {
        const char *elem = (const char *)v->p + i * size;
        memcpy(&k[i].key, elem + off, sizeof(k[i].key));
        k[i].line = ((const struct src *)(const void *)(elem + src_off))->line;
    }
    if (v->n)
        qsort(k, v->n, sizeof(*k), cmp_keyref);
    for (size_t i = 1; i < v->n; i++) {
        if (strcmp(k[i - 1].key, k[i].key) == 0) {
            RH_IGNORE(buf_printf(err, "%s:%zu: %s '%s' doppelt (zuerst in Zeile %zu)", file,
                                 k[i].line, what, k[i].key, k[i - 1].line));
            rc = ERR_INVALID;
            break;
        }
    }
    free(k);
    return rc;
}

/* ---- the public API ---- */

int
gemeinden_import_new(const char *land, struct gemeinden_import **out)
{
    if (!land || !str_is_digits(str_from(land), 2))
        return ERR_INVALID;
    struct gemeinden_import *g = calloc(1, sizeof(*g));
    if (!g)
        return ERR_NOMEM;
    g->a = arena_new(ARENA_CAP);
    if (!g->a) {
        free(g);
        return ERR_NOMEM;
    }
    memcpy(g->land, land, 3);
    *out = g;
    return ERR_OK;
}

void
gemeinden_import_free(struct gemeinden_import *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_b; i++)
        gi_batch_free(&g->b[i]);
    free(g->b);
    arena_free(g->a);
    free(g);
}

size_t
gemeinden_import_n_files(const struct gemeinden_import *g)
{
    return g->n_b;
}

int
gemeinden_import_add_data(struct gemeinden_import *g, const char *name, const char *data,
                          size_t len, struct buf *err)
{
    struct batch b = {0};
    int rc;

    b.file = arena_strdup(g->a, name ? name : "-");
    if (!b.file)
        return ERR_NOMEM;
    if (g->n_b == g->cap_b) {
        size_t cap = g->cap_b ? g->cap_b * 2 : 8;
        struct batch *p = realloc(g->b, cap * sizeof(*p));
        if (!p)
            return ERR_NOMEM;
        g->b = p;
        g->cap_b = cap;
    }
    if (gv100ad_detect(data, len))
        rc = gi_parse_gv(g, &b, data, len, err);
    else
        rc = gi_parse_csv(g, &b, data, len, err);
    if (rc == ERR_NOMEM)
        RH_IGNORE(buf_printf(err, "%s: zu wenig Speicher", b.file));
    if (rc != ERR_OK) {
        gi_batch_free(&b);
        return rc;
    }
    g->b[g->n_b++] = b;
    return ERR_OK;
}

static int
add_file(struct gemeinden_import *g, const char *path, struct buf *err)
{
    struct buf data = BUF_INIT(CSV_MAX_FILE);
    int rc = csv_read_file(path, CSV_MAX_FILE, &data, err);
    if (rc == ERR_OK)
        rc = gemeinden_import_add_data(g, path, buf_cstr(&data), data.len, err);
    buf_free(&data);
    return rc;
}

int
gemeinden_import_add_path(struct gemeinden_import *g, const char *path, struct buf *err)
{
    struct stat st;
    size_t n_found = 0;

    if (stat(path, &st) != 0) {
        RH_IGNORE(buf_printf(err, "%s: Datei oder Ordner nicht gefunden", path));
        return ERR_IO;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(g, path, err);
    for (size_t i = 0; i < sizeof(dir_files) / sizeof(dir_files[0]); i++) {
        char file[4096];
        int n = snprintf(file, sizeof(file), "%s/%s", path, dir_files[i]);
        if (n < 0 || (size_t)n >= sizeof(file)) {
            RH_IGNORE(buf_printf(err, "%s: Pfad zu lang", path));
            return ERR_LIMIT;
        }
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        int rc = add_file(g, file, err);
        if (rc != ERR_OK)
            return rc;
        n_found++;
    }
    if (n_found == 0) {
        RH_IGNORE(buf_printf(err,
                             "%s: keine der Dateien bw-gemeinden.csv, bw-kreise.csv, "
                             "bw-regierungsbezirke.csv, bw-regionen.csv, "
                             "bw-gemeindeverbaende.csv im Ordner",
                             path));
        return ERR_INVALID;
    }
    return ERR_OK;
}

/* ---- writing ---- */

struct run_ctx {
    struct gemeinden_import *g;
    struct progress *p;
    struct gemeinden_import_stats st;
    struct buf err; /* reset on every attempt of db_tx */
    size_t *order;
};

static int
db_fail(struct run_ctx *x, const struct src *src, int rc, const char *what, const char *key)
{
    buf_reset(&x->err);
    if (rc == ERR_NOMEM)
        return rc;
    RH_IGNORE(buf_printf(&x->err, "%s:%zu: %s '%s' konnte nicht geschrieben werden (%s)", src->file,
                         src->line, what, key, err_name(rc)));
    return rc;
}

static int
need_parent(struct run_ctx *x, struct db_conn *c, const struct src *src, enum import_gebiet_ebene e,
            const char *key, const char *what)
{
    bool found = false;
    if (!key)
        return ERR_OK;
    int rc = store_import_gebiet_exists(c, e, key, &found);
    if (rc != ERR_OK)
        return rc;
    if (found)
        return ERR_OK;
    buf_reset(&x->err);
    RH_IGNORE(buf_printf(&x->err,
                         "%s:%zu: %s '%s' ist unbekannt (zuerst die Datei mit den "
                         "übergeordneten Gebieten importieren)",
                         src->file, src->line, what, key));
    return ERR_INVALID;
}

static int
write_batch(struct run_ctx *x, struct db_conn *c, const struct batch *b)
{
    int rc = ERR_OK;

    for (size_t i = 0; i < b->rb.n && rc == ERR_OK; i++) {
        const struct rb_row *r = AT(b->rb, struct rb_row, i);
        rc = store_import_regierungsbezirk(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Regierungsbezirk", r->v.ags);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->region.n && rc == ERR_OK; i++) {
        const struct region_row *r = AT(b->region, struct region_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_REGIERUNGSBEZIRK, r->v.regierungsbezirk_ags,
                         "Regierungsbezirk");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_region(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Region", r->v.key);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->kreis.n && rc == ERR_OK; i++) {
        const struct kreis_row *r = AT(b->kreis, struct kreis_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_REGIERUNGSBEZIRK, r->v.regierungsbezirk_ags,
                         "Regierungsbezirk");
        if (rc == ERR_OK)
            rc = need_parent(x, c, &r->src, IMPORT_REGION, r->v.region_key, "Region");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_kreis(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Kreis", r->v.ags);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->verband.n && rc == ERR_OK; i++) {
        const struct verband_row *r = AT(b->verband, struct verband_row, i);
        rc = need_parent(x, c, &r->src, IMPORT_KREIS, r->v.kreis_ags, "Kreis");
        if (rc != ERR_OK)
            return rc;
        rc = store_import_verband(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Verband", r->v.ars);
        progress_step(x->p, 1);
    }
    for (size_t i = 0; i < b->gemeinde.n && rc == ERR_OK; i++) {
        const struct gemeinde_row *r = AT(b->gemeinde, struct gemeinde_row, i);
        /* parents come from the gi_same file (derived rows or GV100AD records) */
        rc = store_import_gemeinde(c, &r->v);
        if (rc != ERR_OK)
            return db_fail(x, &r->src, rc, "Gemeinde", r->v.ags);
        progress_step(x->p, 1);
    }
    return rc;
}

static size_t
batch_rows(const struct batch *b)
{
    return b->rb.n + b->region.n + b->kreis.n + b->verband.n + b->gemeinde.n;
}

static int
run_tx(struct db_conn *c, void *vctx)
{
    struct run_ctx *x = vctx;
    struct gemeinden_import *g = x->g;
    int64_t before[IMPORT_N_EBENEN], after[IMPORT_N_EBENEN];
    size_t total = 0, written = 0;

    buf_reset(&x->err);
    int rc = store_import_gebiet_count(c, before);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < g->n_b; i++)
        total += batch_rows(&g->b[i]);
    progress_start(x->p, "gemeinden", total);
    for (size_t i = 0; i < g->n_b && rc == ERR_OK; i++)
        rc = write_batch(x, c, &g->b[x->order[i]]);
    progress_end(x->p);
    if (rc == ERR_OK)
        rc = store_import_gebiet_count(c, after);
    if (rc == ERR_OK)
        rc = store_import_bump_version(c, "gebiet_version", &x->st.version);
    if (rc != ERR_OK)
        return rc;
    x->st.n_neu = 0;
    for (int e = 0; e < IMPORT_GEMEINDE_PLZ; e++) {
        x->st.n_neu += after[e] - before[e];
        written += x->st.n[e];
    }
    x->st.n_aktualisiert = (int64_t)written - x->st.n_neu;
    if (x->st.n_aktualisiert < 0)
        x->st.n_aktualisiert = 0;
    return ERR_OK;
}

/* distinct keys at one level over all batches */
static int
count_distinct(const struct gemeinden_import *g, enum import_gebiet_ebene e, size_t *out)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < g->n_b; i++) {
        const struct batch *b = &g->b[i];
        n += e == IMPORT_REGIERUNGSBEZIRK ? b->rb.n
             : e == IMPORT_REGION         ? b->region.n
             : e == IMPORT_KREIS          ? b->kreis.n
             : e == IMPORT_VERBAND        ? b->verband.n
                                          : b->gemeinde.n;
    }
    const char **keys = n ? calloc(n, sizeof(*keys)) : NULL;
    if (n && !keys)
        return ERR_NOMEM;
    for (size_t i = 0; i < g->n_b; i++) {
        const struct batch *b = &g->b[i];
        switch (e) {
        case IMPORT_REGIERUNGSBEZIRK:
            for (size_t j = 0; j < b->rb.n; j++)
                keys[k++] = AT(b->rb, struct rb_row, j)->v.ags;
            break;
        case IMPORT_REGION:
            for (size_t j = 0; j < b->region.n; j++)
                keys[k++] = AT(b->region, struct region_row, j)->v.key;
            break;
        case IMPORT_KREIS:
            for (size_t j = 0; j < b->kreis.n; j++)
                keys[k++] = AT(b->kreis, struct kreis_row, j)->v.ags;
            break;
        case IMPORT_VERBAND:
            for (size_t j = 0; j < b->verband.n; j++)
                keys[k++] = AT(b->verband, struct verband_row, j)->v.ars;
            break;
        case IMPORT_GEMEINDE:
            for (size_t j = 0; j < b->gemeinde.n; j++)
                keys[k++] = AT(b->gemeinde, struct gemeinde_row, j)->v.ags;
            break;
        case IMPORT_GEMEINDE_PLZ:
            for (size_t j = 0; j < b->gemeinde.n; j++) {
                const struct import_gemeinde *v = &AT(b->gemeinde, struct gemeinde_row, j)->v;
                if (v->plz)
                    keys[k++] = v->plz;
            }
            break;
        case IMPORT_N_EBENEN:
            break;
        }
    }
    struct keyref *kr = k ? calloc(k, sizeof(*kr)) : NULL;
    if (k && !kr) {
        free(keys);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < k; i++)
        kr[i].key = keys[i];
    if (k)
        qsort(kr, k, sizeof(*kr), cmp_keyref);
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(kr[i - 1].key, kr[i].key) != 0)
            d++;
    free(kr);
    free(keys);
    *out = d;
    return ERR_OK;
}

static int
run(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
    struct gemeinden_import_stats *st, struct buf *err, bool own_tx)
{
    struct run_ctx x = {.g = g, .p = p, .err = BUF_INIT(4096)};
    int rc = ERR_OK;

    if (g->n_b == 0) {
        RH_IGNORE(buf_puts(err, "keine Dateien angegeben"));
        return ERR_INVALID;
    }
    /* parents first: a stable order by kind */
    x.order = calloc(g->n_b, sizeof(*x.order));
    if (!x.order)
        return ERR_NOMEM;
    size_t k = 0;
    for (int kind = K_RB; kind <= K_GV100AD; kind++)
        for (size_t i = 0; i < g->n_b; i++)
            if ((int)g->b[i].kind == kind)
                x.order[k++] = i;
    for (int e = 0; e < IMPORT_N_EBENEN && rc == ERR_OK; e++)
        rc = count_distinct(g, (enum import_gebiet_ebene)e, &x.st.n[e]);
    for (size_t i = 0; i < g->n_b; i++)
        x.st.n_skipped += g->b[i].n_skipped;
    if (rc == ERR_OK)
        rc = own_tx ? db_tx(c, run_tx, &x) : run_tx(c, &x);
    if (rc == ERR_OK) {
        *st = x.st;
    } else if (x.err.len) {
        RH_IGNORE(buf_puts(err, buf_cstr(&x.err)));
    } else {
        RH_IGNORE(buf_printf(err, "Import abgebrochen: %s", err_name(rc)));
    }
    progress_end(p);
    buf_free(&x.err);
    free(x.order);
    return rc;
}

int
gemeinden_import_run(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
                     struct gemeinden_import_stats *st, struct buf *err)
{
    return run(g, c, p, st, err, true);
}

int
gemeinden_import_apply(struct gemeinden_import *g, struct db_conn *c, struct progress *p,
                       struct gemeinden_import_stats *st, struct buf *err)
{
    return run(g, c, p, st, err, false);
}
