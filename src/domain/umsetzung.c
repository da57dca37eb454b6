#include "domain/umsetzung.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/cursor.h"
#include "domain/gebiet.h"
#include "domain/protokoll.h"
#include "store/db.h"

#define MAX_LIMIT 1000000
#define MAX_NAME  200
#define MAX_URL   500

bool
umsetzung_is_datum(const char *s)
{
    static const int tage[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > tage[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

int
umsetzung_quartal(const char *datum)
{
    if (!umsetzung_is_datum(datum))
        return 0;
    int y =
        (datum[0] - '0') * 1000 + (datum[1] - '0') * 100 + (datum[2] - '0') * 10 + (datum[3] - '0');
    int m = (datum[5] - '0') * 10 + (datum[6] - '0');
    if (y < UMS_QUARTAL_BASIS)
        return 1;
    return (y - UMS_QUARTAL_BASIS) * 4 + (m - 1) / 3 + 1;
}

/* The Kreis of an area into kreis[6] ("" for the Land). */
static void
kreis_of(const struct umsetzung_gebiet *g, char kreis[6])
{
    const char *src = g->gemeinde_ags ? g->gemeinde_ags : g->kreis_ags;
    kreis[0] = '\0';
    if (src) {
        memcpy(kreis, src, 5);
        kreis[5] = '\0';
    }
}

int
umsetzung_darf_lesen(const struct actor *who, const struct umsetzung_gebiet *g, const char **bad)
{
    char kreis[6];
    if (g->gemeinde_ags && !gebiet_is_gemeinde_ags(g->gemeinde_ags)) {
        *bad = "gemeinde";
        return ERR_INVALID;
    }
    if (g->kreis_ags && !gebiet_is_kreis_ags(g->kreis_ags)) {
        *bad = "kreis";
        return ERR_INVALID;
    }
    if (g->gemeinde_ags && g->kreis_ags && strncmp(g->gemeinde_ags, g->kreis_ags, 5) != 0) {
        *bad = "gemeinde";
        return ERR_INVALID;
    }
    kreis_of(g, kreis);
    if (!kreis[0])
        return authz_check(who, AUTHZ_LAND_LESEN, NULL);
    struct authz_object obj = {.kreis_ags = kreis};
    return authz_check(who, AUTHZ_KOORDINATION_LESEN, &obj);
}

/* ---- the matrix ---- */

static long
find_ozg(const struct ums_ozg *o, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && o[lo].id == id ? (long)lo : -1;
}

/* First Gemeinde whose key is >= `key` compared on the first `len` bytes. */
static size_t
lower_gemeinde(const struct ums_gemeinde *g, size_t n, const char *key, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(g[mid].ags, key, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The range [*from, *to) of Gemeinden in area `gebiet` (a Gemeinde or Kreis key). */
static void
gemeinde_range(const struct umsetzung_matrix *m, const char *gebiet, size_t *from, size_t *to)
{
    size_t len = strlen(gebiet);
    *from = lower_gemeinde(m->gemeinden, m->n_gemeinden, gebiet, len);
    *to = *from;
    while (*to < m->n_gemeinden && strncmp(m->gemeinden[*to].ags, gebiet, len) == 0)
        (*to)++;
}

static void
mark(struct umsetzung_matrix *m, size_t gi, long oi, uint8_t bit, int reifegrad, int quartal)
{
    size_t k = gi * m->n_ozg + (size_t)oi;
    uint8_t z = m->zelle[k];
    int rg = z & UMS_REIFEGRAD_MASK;
    if (reifegrad > rg)
        rg = reifegrad;
    bool was_online = (z & (UMS_PLATTFORM | UMS_MELDUNG)) != 0;
    m->zelle[k] = (uint8_t)((z & (UMS_PLATTFORM | UMS_MELDUNG)) | bit | (rg & UMS_REIFEGRAD_MASK));
    uint16_t q = (uint16_t)(quartal > 0 ? quartal : 0);
    if (!was_online)
        m->quartal[k] = q;
    else if (q && (m->quartal[k] == 0 || q < m->quartal[k]))
        m->quartal[k] = q;
}

/* A small open-addressing hash from Leistung id to the index of its OZG-Leistung. */
struct ozg_map {
    const char **keys;
    long *vals;
    size_t cap; /* power of two */
};

static uint32_t
fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int
ozg_map_build(struct arena *a, const struct umsetzung_matrix *m, const struct ums_leistung_ozg *l,
              size_t n, struct ozg_map *out)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    out->keys = arena_zalloc(a, cap * sizeof(*out->keys));
    out->vals = arena_alloc(a, cap * sizeof(*out->vals));
    out->cap = cap;
    if (!out->keys || !out->vals)
        return ERR_LIMIT;
    for (size_t i = 0; i < n; i++) {
        long oi = find_ozg(m->ozg, m->n_ozg, l[i].ozg_id);
        if (oi < 0)
            continue;
        size_t k = fnv1a(l[i].id) & (cap - 1);
        while (out->keys[k])
            k = (k + 1) & (cap - 1);
        out->keys[k] = l[i].id;
        out->vals[k] = oi;
    }
    return ERR_OK;
}

static long
ozg_map_get(const struct ozg_map *mp, const char *id)
{
    size_t k = fnv1a(id) & (mp->cap - 1);
    while (mp->keys[k]) {
        if (strcmp(mp->keys[k], id) == 0)
            return mp->vals[k];
        k = (k + 1) & (mp->cap - 1);
    }
    return -1;
}

struct matrix_ctx {
    struct umsetzung_matrix *m;
    const char *gemeinde; /* only this Gemeinde (and its Kreis's pairs), or NULL */
    struct ozg_map map;
    /* the whole Land: Reifegrad and quarter of every online service, by id */
    uint8_t *dienst_rg;
    uint16_t *dienst_q;
    int64_t max_dienst;
    /* the rows come ordered by area: the last area's Gemeinden are looked up once */
    char last_gebiet[16];
    size_t last_from, last_to;
};

static int
matrix_dienst(void *ctx, int64_t id, int reifegrad, const char *seit)
{
    struct matrix_ctx *x = ctx;
    if (id < 0 || id > x->max_dienst)
        return ERR_OK; /* inserted since MAX(id) was read: its responsibility is newer too */
    x->dienst_rg[id] = (uint8_t)(reifegrad < 0 ? 0 : reifegrad > 4 ? 4 : reifegrad);
    x->dienst_q[id] = (uint16_t)umsetzung_quartal(seit);
    return ERR_OK;
}

static int
matrix_roh(void *ctx, const struct ums_roh *r)
{
    struct matrix_ctx *x = ctx;
    size_t from, to, len = r->gebiet_ags ? strlen(r->gebiet_ags) : 0;
    if ((len != 5 && len != 8) || !r->leistung_id)
        return ERR_OK;
    long oi = ozg_map_get(&x->map, r->leistung_id);
    if (oi < 0)
        return ERR_OK;
    if (x->gemeinde && len == 8 && strcmp(r->gebiet_ags, x->gemeinde) != 0)
        return ERR_OK;
    if (strcmp(r->gebiet_ags, x->last_gebiet) == 0) {
        from = x->last_from;
        to = x->last_to;
    } else {
        gemeinde_range(x->m, r->gebiet_ags, &from, &to);
        memcpy(x->last_gebiet, r->gebiet_ags, len + 1);
        x->last_from = from;
        x->last_to = to;
    }
    int q, rg;
    if (x->dienst_rg) {
        if (r->onlinedienst_id < 0 || r->onlinedienst_id > x->max_dienst)
            return ERR_OK;
        q = x->dienst_q[r->onlinedienst_id];
        rg = x->dienst_rg[r->onlinedienst_id];
    } else {
        q = umsetzung_quartal(r->seit);
        rg = r->reifegrad;
    }
    for (size_t gi = from; gi < to; gi++)
        mark(x->m, gi, oi, UMS_PLATTFORM, rg, q);
    return ERR_OK;
}

static int
matrix_meldung(void *ctx, const struct ums_meldung *mm)
{
    struct matrix_ctx *x = ctx;
    size_t from, to;
    long oi = find_ozg(x->m->ozg, x->m->n_ozg, mm->ozg_id);
    if (oi < 0 || !mm->online || !mm->gemeinde_ags)
        return ERR_OK;
    gemeinde_range(x->m, mm->gemeinde_ags, &from, &to);
    int q = umsetzung_quartal(mm->seit);
    for (size_t gi = from; gi < to; gi++)
        mark(x->m, gi, oi, UMS_MELDUNG, mm->reifegrad, q);
    return ERR_OK;
}

int
umsetzung_matrix_laden(struct db_conn *c, struct arena *a, const char *prefix,
                       struct umsetzung_matrix *out)
{
    struct umsetzung_matrix m = {0};
    char kreis[6] = "";
    size_t len = prefix ? strlen(prefix) : 0;
    int rc;

    if (len != 0 && len != 5 && len != 8)
        return ERR_INVALID;
    if (len) {
        memcpy(kreis, prefix, 5);
        kreis[5] = '\0';
    }
    rc = store_ums_gemeinden(c, a, prefix ? prefix : "", &m.gemeinden, &m.n_gemeinden);
    if (rc == ERR_OK)
        rc = store_ums_ozg(c, a, 0, &m.ozg, &m.n_ozg);
    if (rc != ERR_OK)
        return rc;
    size_t cells = m.n_gemeinden * m.n_ozg;
    if (m.n_ozg && cells / m.n_ozg != m.n_gemeinden)
        return ERR_LIMIT;
    m.zelle = arena_zalloc(a, cells ? cells : 1);
    m.quartal = arena_zalloc(a, (cells ? cells : 1) * sizeof(uint16_t));
    if (!m.zelle || !m.quartal)
        return ERR_LIMIT;
    struct matrix_ctx x = {.m = &m, .gemeinde = len == 8 ? prefix : NULL};
    struct ums_leistung_ozg *lo;
    size_t n_lo;
    rc = store_ums_leistung_ozg(c, a, &lo, &n_lo);
    if (rc == ERR_OK)
        rc = ozg_map_build(a, &m, lo, n_lo, &x.map);
    /* The whole Land: one scan of the services and one covered range scan of the
     * responsibilities beat a join of 100,000 rows; a district joins. */
    if (rc == ERR_OK && len == 0)
        rc = store_ums_dienste_max(c, &x.max_dienst);
    if (rc == ERR_OK && len == 0 && x.max_dienst > 0) {
        if (x.max_dienst > 64 * 1024 * 1024)
            return ERR_LIMIT;
        x.dienst_rg = arena_zalloc(a, (size_t)x.max_dienst + 1);
        x.dienst_q = arena_zalloc(a, ((size_t)x.max_dienst + 1) * sizeof(uint16_t));
        if (!x.dienst_rg || !x.dienst_q)
            return ERR_LIMIT;
        rc = store_ums_dienste_each(c, matrix_dienst, &x);
    }
    if (rc == ERR_OK)
        rc = store_ums_roh_each(c, kreis, x.dienst_rg == NULL, matrix_roh, &x);
    if (rc == ERR_OK)
        rc = store_ums_meldung_each(c, prefix ? prefix : "", 0, matrix_meldung, &x);
    if (rc != ERR_OK)
        return rc;
    *out = m;
    return ERR_OK;
}

/* ---- the list of rows ---- */

struct liste_ctx {
    struct arena *a;
    const struct ums_gemeinde *gemeinden;
    size_t n_gemeinden;
    const struct ums_ozg *ozg;
    size_t n_ozg;
    const char *gemeinde; /* only this Gemeinde, or NULL */
    struct umsetzung_zeile *rows;
    size_t n, cap;
};

static const char *
dup_or_null(struct arena *a, const char *s, int *rc)
{
    if (!s)
        return NULL;
    char *d = arena_strdup(a, s);
    if (!d)
        *rc = ERR_NOMEM;
    return d;
}

static struct umsetzung_zeile *
add_row(struct liste_ctx *x, size_t gi, long oi)
{
    if (x->n == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 256;
        struct umsetzung_zeile *p = arena_alloc(x->a, ncap * sizeof(*p));
        if (!p)
            return NULL;
        if (x->n)
            memcpy(p, x->rows, x->n * sizeof(*p));
        x->rows = p;
        x->cap = ncap;
    }
    struct umsetzung_zeile *z = &x->rows[x->n++];
    memset(z, 0, sizeof(*z));
    z->gemeinde_ags = x->gemeinden[gi].ags;
    z->gemeinde = x->gemeinden[gi].name;
    z->kreis_ags = x->gemeinden[gi].kreis_ags;
    z->ozg_id = x->ozg[oi].id;
    z->leistung = x->ozg[oi].name;
    z->themenfeld = x->ozg[oi].themenfeld;
    z->lebenslage = x->ozg[oi].lebenslage;
    return z;
}

static void
range_of(const struct liste_ctx *x, const char *gebiet, size_t *from, size_t *to)
{
    size_t len = strlen(gebiet);
    *from = lower_gemeinde(x->gemeinden, x->n_gemeinden, gebiet, len);
    *to = *from;
    while (*to < x->n_gemeinden && strncmp(x->gemeinden[*to].ags, gebiet, len) == 0)
        (*to)++;
}

static int
liste_plattform(void *ctx, const struct ums_plattform *p)
{
    struct liste_ctx *x = ctx;
    size_t from, to;
    int rc = ERR_OK;
    long oi = find_ozg(x->ozg, x->n_ozg, p->ozg_id);
    if (oi < 0 || !p->gebiet_ags)
        return ERR_OK;
    if (x->gemeinde && strlen(p->gebiet_ags) == 8 && strcmp(p->gebiet_ags, x->gemeinde) != 0)
        return ERR_OK;
    range_of(x, p->gebiet_ags, &from, &to);
    if (from == to)
        return ERR_OK;
    const char *seit = dup_or_null(x->a, p->seit, &rc);
    const char *od = dup_or_null(x->a, p->onlinedienst, &rc);
    const char *url = dup_or_null(x->a, p->url, &rc);
    for (size_t gi = from; rc == ERR_OK && gi < to; gi++) {
        struct umsetzung_zeile *z = add_row(x, gi, oi);
        if (!z)
            return ERR_LIMIT;
        z->online = true;
        z->empfaengt = p->formular || p->eingereicht > 0;
        z->eingereicht = p->eingereicht;
        z->reifegrad = z->empfaengt && p->reifegrad < 2 ? 2 : p->reifegrad;
        z->quelle = "plattform";
        z->kreisweit = strlen(p->gebiet_ags) == 5;
        z->seit = seit;
        z->onlinedienst = od;
        z->url = url;
    }
    return rc;
}

static int
liste_meldung(void *ctx, const struct ums_meldung *m)
{
    struct liste_ctx *x = ctx;
    size_t from, to;
    int rc = ERR_OK;
    long oi = find_ozg(x->ozg, x->n_ozg, m->ozg_id);
    if (oi < 0 || !m->gemeinde_ags)
        return ERR_OK;
    range_of(x, m->gemeinde_ags, &from, &to);
    for (size_t gi = from; rc == ERR_OK && gi < to; gi++) {
        struct umsetzung_zeile *z = add_row(x, gi, oi);
        if (!z)
            return ERR_LIMIT;
        z->online = m->online;
        z->reifegrad = m->reifegrad;
        z->quelle = "meldung";
        z->seit = dup_or_null(x->a, m->seit, &rc);
        z->onlinedienst = dup_or_null(x->a, m->onlinedienst, &rc);
        z->url = dup_or_null(x->a, m->url, &rc);
        z->gemeldet_von = dup_or_null(x->a, m->behoerde, &rc);
        z->gemeldet_am = m->gemeldet_am;
    }
    return rc;
}

static int
quelle_rang(const char *q)
{
    return !q ? 2 : q[0] == 'p' ? 0 : 1;
}

static int
cmp_row(const void *pa, const void *pb)
{
    const struct umsetzung_zeile *x = pa, *y = pb;
    int c = strcmp(x->gemeinde_ags, y->gemeinde_ags);
    if (c)
        return c;
    if (x->ozg_id != y->ozg_id)
        return x->ozg_id < y->ozg_id ? -1 : 1;
    return quelle_rang(x->quelle) - quelle_rang(y->quelle);
}

/* Merge the platform rows of the same cell (a Kreis-wide and a Gemeinde's own service) into
 * one: highest Reifegrad, earliest date, the Gemeinde's own service named. Needs the rows
 * sorted. */
static void
merge_plattform(struct liste_ctx *x)
{
    size_t out = 0;
    for (size_t i = 0; i < x->n; i++) {
        struct umsetzung_zeile *z = &x->rows[i];
        if (out > 0 && cmp_row(&x->rows[out - 1], z) == 0) {
            struct umsetzung_zeile *m = &x->rows[out - 1];
            if (z->reifegrad > m->reifegrad)
                m->reifegrad = z->reifegrad;
            m->empfaengt = m->empfaengt || z->empfaengt;
            m->eingereicht += z->eingereicht;
            if (z->seit && (!m->seit || strcmp(z->seit, m->seit) < 0))
                m->seit = z->seit;
            if (m->kreisweit && !z->kreisweit) {
                m->onlinedienst = z->onlinedienst;
                m->url = z->url;
            }
            m->kreisweit = m->kreisweit && z->kreisweit;
            continue;
        }
        x->rows[out++] = *z;
    }
    x->n = out;
}

/* Rows for the OZG-Leistungen of each Gemeinde that no source offers online. Needs the rows
 * sorted; appends, so sort again afterwards. */
static int
add_gaps(struct liste_ctx *x)
{
    size_t n_sorted = x->n, k = 0;
    for (size_t gi = 0; gi < x->n_gemeinden; gi++) {
        for (size_t oi = 0; oi < x->n_ozg; oi++) {
            bool online = false;
            while (k < n_sorted && (strcmp(x->rows[k].gemeinde_ags, x->gemeinden[gi].ags) < 0 ||
                                    (strcmp(x->rows[k].gemeinde_ags, x->gemeinden[gi].ags) == 0 &&
                                     x->rows[k].ozg_id < x->ozg[oi].id)))
                k++;
            for (size_t j = k; j < n_sorted && x->rows[j].ozg_id == x->ozg[oi].id &&
                               strcmp(x->rows[j].gemeinde_ags, x->gemeinden[gi].ags) == 0;
                 j++)
                online = online || x->rows[j].online;
            if (!online && !add_row(x, gi, (long)oi))
                return ERR_LIMIT;
        }
    }
    return ERR_OK;
}

int
umsetzung_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                const struct umsetzung_filter *f, struct umsetzung_seite *out, const char **bad)
{
    struct liste_ctx x = {.a = a};
    char kreis[6], *cur[3] = {NULL, NULL, NULL};
    int64_t cur_ozg = 0, cur_q = 0;
    const char *prefix;
    size_t start = 0;
    int rc = umsetzung_darf_lesen(who, &f->gebiet, bad);
    if (rc != ERR_OK)
        return rc;
    if (f->limit < 1 || f->limit > MAX_LIMIT) {
        *bad = "limit";
        return ERR_INVALID;
    }
    if (f->luecken && !f->gebiet.gemeinde_ags && !f->gebiet.kreis_ags) {
        *bad = "luecken";
        return ERR_INVALID;
    }
    if (f->cursor) {
        if (cursor_decode(a, f->cursor, 3, cur) != ERR_OK ||
            str_to_int64(str_from(cur[1]), 0, INT64_MAX, &cur_ozg) != ERR_OK ||
            str_to_int64(str_from(cur[2]), 0, 2, &cur_q) != ERR_OK) {
            *bad = "cursor";
            return ERR_INVALID;
        }
    }
    kreis_of(&f->gebiet, kreis);
    prefix = f->gebiet.gemeinde_ags ? f->gebiet.gemeinde_ags : kreis;
    x.gemeinde = f->gebiet.gemeinde_ags;
    rc = store_ums_gemeinden(c, a, prefix, (struct ums_gemeinde **)&x.gemeinden, &x.n_gemeinden);
    if (rc == ERR_OK)
        rc = store_ums_ozg(c, a, f->ozg_id, (struct ums_ozg **)&x.ozg, &x.n_ozg);
    if (rc != ERR_OK)
        return rc;
    if (f->gebiet.gemeinde_ags && x.n_gemeinden == 0)
        return ERR_NOTFOUND;
    rc = store_ums_plattform_each(c, kreis, f->ozg_id, liste_plattform, &x);
    if (rc == ERR_OK)
        rc = store_ums_meldung_each(c, prefix, f->ozg_id, liste_meldung, &x);
    if (rc != ERR_OK)
        return rc;
    if (x.n)
        qsort(x.rows, x.n, sizeof(*x.rows), cmp_row);
    merge_plattform(&x);
    if (f->luecken) {
        rc = add_gaps(&x);
        if (rc != ERR_OK)
            return rc;
        if (x.n)
            qsort(x.rows, x.n, sizeof(*x.rows), cmp_row);
    }
    if (f->cursor) {
        struct umsetzung_zeile key = {.gemeinde_ags = cur[0], .ozg_id = cur_ozg};
        key.quelle = cur_q == 0 ? "plattform" : cur_q == 1 ? "meldung" : NULL;
        while (start < x.n && cmp_row(&x.rows[start], &key) <= 0)
            start++;
    }
    out->items = x.rows + start;
    out->n = x.n - start;
    out->next_cursor = NULL;
    if (out->n > (size_t)f->limit) {
        out->n = (size_t)f->limit;
        const struct umsetzung_zeile *last = &out->items[out->n - 1];
        char ozg[24], q[4];
        snprintf(ozg, sizeof(ozg), "%lld", (long long)last->ozg_id);
        snprintf(q, sizeof(q), "%d", quelle_rang(last->quelle));
        const char *parts[3] = {last->gemeinde_ags, ozg, q};
        out->next_cursor = cursor_encode(a, parts, 3);
        if (!out->next_cursor)
            return ERR_NOMEM;
    }
    return ERR_OK;
}

/* ---- reports ---- */

static bool
is_http_url(const char *s)
{
    return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
           strlen(s) <= MAX_URL && str_is_clean_utf8(s, strlen(s)) && !strpbrk(s, " \t\r\n\"<>");
}

/* Today's date as YYYY-MM-DD from unix seconds. */
static void
heute(int64_t jetzt, char out[11])
{
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

struct melden_tx {
    const struct umfeld *u;
    const struct ums_meldung *m;
};

static int
melden_tx(struct db_conn *c, void *ctx)
{
    struct melden_tx *t = ctx;
    char id[48], detail[160];
    int rc = store_ums_meldung_put(c, t->m);
    if (rc != ERR_OK)
        return rc;
    snprintf(id, sizeof(id), "%s/%lld", t->m->gemeinde_ags, (long long)t->m->ozg_id);
    snprintf(detail, sizeof(detail), "{\"online\":%s,\"reifegrad\":%d}",
             t->m->online ? "true" : "false", t->m->reifegrad);
    struct protokoll_eintrag e = {
        .behoerde_id = t->m->behoerde_id,
        .konto_id = t->m->konto_id,
        .aktion = "umsetzung_gemeldet",
        .objekt_typ = "umsetzung",
        .objekt_id = id,
        .detail = detail,
    };
    return protokoll_schreiben(c, t->u, &e);
}

/* Which of `who`'s authorities may report for Gemeinde `ags`: *behoerde_id of the first
 * authority that is the Gemeinde's own and where `who` may administer; 0 when none. */
static int
eigene_behoerde(struct db_conn *c, const struct actor *who, const char *ags, int64_t *behoerde_id)
{
    *behoerde_id = 0;
    for (size_t i = 0; i < who->n_rollen; i++) {
        int64_t bid = who->rollen[i].behoerde_id;
        bool is_own = false;
        if (bid <= 0)
            continue;
        int rc = store_ums_behoerde_of(c, bid, ags, &is_own);
        if (rc != ERR_OK)
            return rc;
        struct authz_object obj = {.behoerde_id = bid};
        if (is_own && authz_check(who, AUTHZ_UMSETZUNG_MELDEN, &obj) == ERR_OK) {
            *behoerde_id = bid;
            return ERR_OK;
        }
    }
    return ERR_OK;
}

int
umsetzung_darf_melden(struct db_conn *c, const struct actor *who, const char *ags,
                      int64_t *behoerde_id)
{
    char kreis[6];
    *behoerde_id = 0;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (!gebiet_is_gemeinde_ags(ags))
        return ERR_INVALID;
    int rc = eigene_behoerde(c, who, ags, behoerde_id);
    if (rc != ERR_OK || *behoerde_id > 0)
        return rc;
    memcpy(kreis, ags, 5);
    kreis[5] = '\0';
    struct authz_object obj = {.kreis_ags = kreis};
    return authz_check(who, AUTHZ_KOORDINATION_BEARBEITEN, &obj);
}

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    f->feld = feld;
    f->text = text;
    return ERR_INVALID;
}

int
umsetzung_melden(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                 const struct umsetzung_meldung_in *in, struct feld_fehler *f)
{
    char kreis[6], tag[11];
    int64_t behoerde_id = 0;
    struct ums_ozg *ozg;
    size_t n_ozg;
    int rc;

    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (!gebiet_is_gemeinde_ags(in->gemeinde_ags))
        return fehler(f, "gemeinde", "Bitte geben Sie den achtstelligen Gemeindeschlüssel an.");
    if (in->ozg_id <= 0)
        return fehler(f, "leistung", "Bitte geben Sie die OZG-ID der Leistung an.");
    if (in->reifegrad < 0 || in->reifegrad > 4)
        return fehler(f, "reifegrad", "Der Reifegrad ist eine Zahl von 0 bis 4.");
    heute(u->jetzt, tag);
    if (in->seit && (!umsetzung_is_datum(in->seit) || strcmp(in->seit, tag) > 0))
        return fehler(f, "seit",
                      "Bitte geben Sie ein Datum (JJJJ-MM-TT) an, das nicht in der "
                      "Zukunft liegt.");
    if (in->onlinedienst && (strlen(in->onlinedienst) == 0 || strlen(in->onlinedienst) > MAX_NAME ||
                             !str_is_clean_utf8(in->onlinedienst, strlen(in->onlinedienst))))
        return fehler(f, "onlinedienst", "Der Name des Onlinedienstes hat 1 bis 200 Zeichen.");
    if (in->url && !is_http_url(in->url))
        return fehler(f, "url",
                      "Bitte geben Sie eine Adresse mit http:// oder https:// an "
                      "(höchstens 500 Zeichen).");

    memcpy(kreis, in->gemeinde_ags, 5);
    kreis[5] = '\0';
    rc = eigene_behoerde(c, who, in->gemeinde_ags, &behoerde_id);
    if (rc != ERR_OK)
        return rc;
    if (behoerde_id == 0) {
        struct authz_object obj = {.kreis_ags = kreis};
        rc = authz_check(who, AUTHZ_KOORDINATION_BEARBEITEN, &obj);
        if (rc != ERR_OK)
            return rc;
    }
    /* The Gemeinde and the OZG-Leistung must exist (checked before the transaction: on
     * PostgreSQL a failing foreign key would abort it). */
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    struct ums_gemeinde *g;
    size_t n_g;
    rc = store_ums_gemeinden(c, a, in->gemeinde_ags, &g, &n_g);
    if (rc == ERR_OK && n_g == 0)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = store_ums_ozg(c, a, in->ozg_id, &ozg, &n_ozg);
    arena_free(a);
    if (rc != ERR_OK)
        return rc;
    if (n_ozg == 0)
        return fehler(f, "leistung", "Diese OZG-Leistung gibt es nicht im Katalog.");

    struct ums_meldung m = {
        .gemeinde_ags = in->gemeinde_ags,
        .ozg_id = in->ozg_id,
        .online = in->online,
        .reifegrad = in->online ? in->reifegrad : 0,
        .seit = in->online ? in->seit : NULL,
        .onlinedienst = in->onlinedienst,
        .url = in->url,
        .behoerde_id = behoerde_id,
        .konto_id = who->konto_id,
        .gemeldet_am = u->jetzt,
    };
    struct melden_tx t = {u, &m};
    return db_tx(c, melden_tx, &t);
}
