#include "domain/suche.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "domain/cursor.h"
#include "domain/suche_cache.h"
#include "domain/suchtext.h"
#include "store/leistung.h"
#include "util/buf.h"
#include "util/log.h"

#define MAX_QUERY_LEN   200
#define MAX_TERMS       8
#define MAX_CANDIDATES  1000
#define VOCAB_RECHECK_S 1
#define CACHE_ENTRIES   512 /* ranked results and pages kept */
/* Every change of the catalogue tables moves the version (migration 0011), so entries need no
 * short life; an hour lets a rarely asked entry go even when the cache is not full. */
#define CACHE_TTL_S   3600
#define KATALOG_ARENA (256u * 1024 * 1024)

/* The stems of one Leistung's name, computed once per catalogue version for ranking. */
struct name_stems {
    char *id;
    char *stems; /* space separated */
};

struct suche {
    pthread_rwlock_t lock;
    pthread_mutex_t reload_lock;
    char **words; /* sorted, distinct stems; owned */
    size_t n_words;
    struct name_stems *names; /* sorted by id: each Leistung's name stems; owned */
    size_t n_names;
    char *version; /* katalog_stand the vocabulary was built from; owned */
    time_t checked_at;
    /* Every Leistung with the columns of a search candidate, sorted by id, and the arena
     * holding them: what a cached result points into. Replaced with the vocabulary. */
    struct arena *kat_arena;
    struct leistung *kat;
    size_t n_kat;
    uint64_t gen; /* counts reloads; cache entries of another generation are stale */
    struct suche_cache *cache;
};

int
suche_new(struct suche **out)
{
    struct suche *s = calloc(1, sizeof(*s));
    if (!s)
        return ERR_NOMEM;
    if (pthread_rwlock_init(&s->lock, NULL) != 0) {
        free(s);
        return ERR_NOMEM;
    }
    if (pthread_mutex_init(&s->reload_lock, NULL) != 0) {
        pthread_rwlock_destroy(&s->lock);
        free(s);
        return ERR_NOMEM;
    }
    int rc = suche_cache_new(CACHE_ENTRIES, CACHE_TTL_S, &s->cache);
    if (rc != ERR_OK) {
        pthread_mutex_destroy(&s->reload_lock);
        pthread_rwlock_destroy(&s->lock);
        free(s);
        return rc;
    }
    *out = s;
    return ERR_OK;
}

static void
free_words(char **words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

static void
free_names(struct name_stems *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i].id);
        free(names[i].stems);
    }
    free(names);
}

void
suche_free(struct suche *s)
{
    if (!s)
        return;
    free_words(s->words, s->n_words);
    free_names(s->names, s->n_names);
    free(s->version);
    arena_free(s->kat_arena);
    suche_cache_free(s->cache);
    pthread_rwlock_destroy(&s->lock);
    pthread_mutex_destroy(&s->reload_lock);
    free(s);
}

size_t
suche_distance(const char *a, size_t an, const char *b, size_t bn, size_t cap)
{
    size_t prev2[65], prev[65], cur[65];
    if (an > 64 || bn > 64)
        return cap + 1;
    if ((an > bn ? an - bn : bn - an) > cap)
        return cap + 1;
    for (size_t j = 0; j <= bn; j++)
        prev[j] = j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= bn; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > cap)
            return cap + 1;
        memcpy(prev2, prev, sizeof(size_t) * (bn + 1));
        memcpy(prev, cur, sizeof(size_t) * (bn + 1));
    }
    return prev[bn] > cap ? cap + 1 : prev[bn];
}

/* ---- vocabulary ---- */

struct vocab_build {
    char **words;
    size_t n, cap;
    struct name_stems *names;
    size_t n_names, cap_names;
};

static int
add_name(struct vocab_build *vb, const char *id, const char *name)
{
    struct buf b = BUF_INIT(8192);
    if (vb->n_names == vb->cap_names) {
        size_t ncap = vb->cap_names ? vb->cap_names * 2 : 1024;
        struct name_stems *nn = realloc(vb->names, ncap * sizeof(*nn));
        if (!nn)
            return ERR_NOMEM;
        vb->names = nn;
        vb->cap_names = ncap;
    }
    int rc = suchtext_build(name, strlen(name), &b);
    if (rc == ERR_OK) {
        char *i = strdup(id), *st = strdup(buf_cstr(&b));
        if (!i || !st) {
            free(i);
            free(st);
            rc = ERR_NOMEM;
        } else {
            vb->names[vb->n_names++] = (struct name_stems){i, st};
        }
    }
    buf_free(&b);
    return rc;
}

static int
add_words(void *ctx, const char *id, const char *name, const char *text)
{
    struct vocab_build *vb = ctx;
    const char *p = text;
    int rc = add_name(vb, id, name);
    if (rc != ERR_OK)
        return rc;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        size_t len = (size_t)(p - start);
        if (len == 0 || len > 63)
            continue;
        if (vb->n == vb->cap) {
            size_t ncap = vb->cap ? vb->cap * 2 : 4096;
            char **nw = realloc(vb->words, ncap * sizeof(*nw));
            if (!nw)
                return ERR_NOMEM;
            vb->words = nw;
            vb->cap = ncap;
        }
        vb->words[vb->n] = strndup(start, len);
        if (!vb->words[vb->n])
            return ERR_NOMEM;
        vb->n++;
    }
    return ERR_OK;
}

static int
cmp_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(((const struct name_stems *)a)->id, ((const struct name_stems *)b)->id);
}

static int
cmp_leistung_id(const void *a, const void *b)
{
    return strcmp(((const struct leistung *)a)->id, ((const struct leistung *)b)->id);
}

/* Reload the vocabulary when the catalogue changed; at most once a second. */
static int
refresh_vocab(struct suche *s, struct db_conn *c, struct arena *a)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&s->reload_lock);
    if (s->words && now - s->checked_at < VOCAB_RECHECK_S) {
        pthread_mutex_unlock(&s->reload_lock);
        return ERR_OK;
    }
    const char *version;
    int rc = store_meta_get(c, a, "katalog_stand", &version);
    if (rc != ERR_OK)
        goto out;
    if (!version)
        version = "";
    s->checked_at = now;
    if (s->words && s->version && strcmp(s->version, version) == 0)
        goto out;
    struct vocab_build vb = {0};
    struct arena *ka = arena_new(KATALOG_ARENA);
    struct leistung *kat = NULL;
    size_t n_kat = 0;
    rc = ka ? store_leistung_each_suchtext(c, add_words, &vb) : ERR_NOMEM;
    if (rc == ERR_OK)
        rc = store_leistung_alle_kurz(c, ka, &kat, &n_kat);
    char *v = strdup(version);
    if (rc != ERR_OK || !v) {
        free_words(vb.words, vb.n);
        free_names(vb.names, vb.n_names);
        free(v);
        arena_free(ka);
        rc = rc != ERR_OK ? rc : ERR_NOMEM;
        goto out;
    }
    if (n_kat)
        qsort(kat, n_kat, sizeof(*kat), cmp_leistung_id);
    if (vb.n)
        qsort(vb.words, vb.n, sizeof(*vb.words), cmp_words);
    if (vb.n_names)
        qsort(vb.names, vb.n_names, sizeof(*vb.names), cmp_names);
    size_t j = 0;
    for (size_t i = 0; i < vb.n; i++) {
        if (j && strcmp(vb.words[j - 1], vb.words[i]) == 0) {
            free(vb.words[i]);
            continue;
        }
        vb.words[j++] = vb.words[i];
    }
    pthread_rwlock_wrlock(&s->lock);
    free_words(s->words, s->n_words);
    free_names(s->names, s->n_names);
    free(s->version);
    s->words = vb.words;
    s->n_words = j;
    s->names = vb.names;
    s->n_names = vb.n_names;
    s->version = v;
    arena_free(s->kat_arena);
    s->kat_arena = ka;
    s->kat = kat;
    s->n_kat = n_kat;
    s->gen++;
    suche_cache_clear(s->cache);
    pthread_rwlock_unlock(&s->lock);
out:
    pthread_mutex_unlock(&s->reload_lock);
    return rc;
}

/* Under the read lock: is `t` a known stem or the prefix of one? */
static bool
vocab_knows(const struct suche *s, const char *t)
{
    size_t lo = 0, hi = s->n_words, len = strlen(t);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->words[mid], t) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_words && strncmp(s->words[lo], t, len) == 0;
}

/* Under the read lock: the nearest known stem to `t`, or NULL. */
static const char *
vocab_nearest(const struct suche *s, const char *t)
{
    size_t len = strlen(t);
    size_t cap = len <= 4 ? 0 : len <= 7 ? 1 : 2;
    const char *best = NULL;
    size_t best_d = cap + 1;
    if (cap == 0)
        return NULL;
    for (size_t i = 0; i < s->n_words; i++) {
        const char *w = s->words[i];
        size_t d = suche_distance(t, len, w, strlen(w), best_d - 1 < cap ? best_d - 1 : cap);
        if (d < best_d) {
            best_d = d;
            best = w;
            if (d == 1 && cap == 1)
                break;
        }
    }
    return best_d <= cap ? best : NULL;
}

/* Under the read lock: the cached name stems of Leistung `id`, or NULL. */
static const char *
cached_name_stems(const struct suche *s, const char *id)
{
    size_t lo = 0, hi = s->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->names[mid].id, id);
        if (c == 0)
            return s->names[mid].stems;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- ranking ---- */

static size_t
split_stems(struct arena *a, const char *text, const char **out, size_t max)
{
    size_t n = 0;
    const char *p = text;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p > start) {
            char *w = arena_strndup(a, start, (size_t)(p - start));
            if (!w)
                break;
            out[n++] = w;
        }
    }
    return n;
}

static bool
has_stem(const char *const *words, size_t n, const char *t, bool prefix)
{
    size_t len = strlen(t);
    for (size_t i = 0; i < n; i++)
        if (prefix ? strncmp(words[i], t, len) == 0 : strcmp(words[i], t) == 0)
            return true;
    return false;
}

static int64_t
score_of(struct arena *a, const struct leistung *l, const char *name_stems,
         const char *const *terms, size_t n_terms, bool is_local)
{
    const char *name_words[64], *all_words[256];
    size_t n_name = 0, n_all = 0;
    int64_t score = 0;
    size_t matched = 0;

    if (name_stems)
        n_name = split_stems(a, name_stems, name_words, 64);
    if (l->suchtext)
        n_all = split_stems(a, l->suchtext, all_words, 256);
    for (size_t i = 0; i < n_terms; i++) {
        int64_t s = 0;
        if (has_stem(name_words, n_name, terms[i], false))
            s = 3000;
        else if (has_stem(name_words, n_name, terms[i], true))
            s = 2000;
        else if (has_stem(all_words, n_all, terms[i], false))
            s = 1500;
        else if (has_stem(all_words, n_all, terms[i], true))
            s = 1000;
        if (s)
            matched++;
        score += s;
    }
    if (matched == n_terms)
        score += 2000;
    score += l->beliebtheit * 5; /* up to 5 points for the most asked-for */
    if (l->kurztext)
        score += 1000; /* a full description helps the person */
    if (is_local)
        score += 3000;             /* someone is responsible at the person's place */
    score -= (int64_t)n_name * 20; /* prefer the general service over its special cases */
    return score;
}

static int
cmp_treffer(const void *pa, const void *pb)
{
    const struct suche_treffer *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->leistung.id, b->leistung.id);
}

static bool
in_sorted(const char *const *ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ids[mid], id);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* ---- the result cache ----
 *
 * A ranked result is kept as a value of the cache: a header, then for each hit (best first)
 * the index of the Leistung in the snapshot s->kat and its score, then the corrected query
 * (korr_len bytes, 0 when nothing was corrected). Entries are tied to s->gen, so an index is
 * only ever read against the snapshot it was made from. */

struct kopf {
    uint32_t n, korr_len;
};

struct posten {
    uint32_t idx, reserved;
    int64_t score;
};

/* Under the read lock: the index of Leistung `id` in the snapshot, or -1. */
static int64_t
kat_index(const struct suche *s, const char *id)
{
    size_t lo = 0, hi = s->n_kat;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->kat[mid].id, id);
        if (c == 0)
            return (int64_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* A copy of `src` whose strings live in `a`. */
static int
copy_leistung(struct arena *a, const struct leistung *src, struct leistung *dst)
{
    *dst = *src;
    const char **f[] = {&dst->id,
                        &dst->leika,
                        &dst->name,
                        &dst->typisierung,
                        &dst->ozg_leistung,
                        &dst->lebenslage,
                        &dst->themenfeld,
                        &dst->rechtsgrundlage,
                        &dst->kurztext,
                        &dst->volltext,
                        &dst->berechtigte,
                        &dst->kosten,
                        &dst->bearbeitungsdauer,
                        &dst->fristen,
                        &dst->unterlagen,
                        &dst->rechtsgrundlagen,
                        &dst->suchbegriffe,
                        &dst->ebene,
                        &dst->suchtext};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (*f[i] && !(*f[i] = arena_strdup(a, *f[i])))
            return ERR_NOMEM;
    return ERR_OK;
}

static int
set_cursor(struct arena *a, int64_t score, const char *id, struct suche_page *out)
{
    char text[32];
    snprintf(text, sizeof(text), "%lld", (long long)score);
    const char *parts[2] = {text, id};
    out->next_cursor = cursor_encode(a, parts, 2);
    return out->next_cursor ? ERR_OK : ERR_NOMEM;
}

/* Answer from a cached ranking `v` (of generation `gen`). *is_done false: the snapshot moved
 * on meanwhile, compute afresh. */
static int
page_from_cache(struct suche *s, uint64_t gen, const struct buf *v, struct arena *a,
                int64_t after_score, const char *after_id, int64_t limit, struct suche_page *out,
                bool *is_done)
{
    struct kopf k;
    int rc = ERR_OK;
    *is_done = false;
    if (v->len < sizeof(k))
        return ERR_OK;
    memcpy(&k, v->p, sizeof(k));
    if (v->len != sizeof(k) + (size_t)k.n * sizeof(struct posten) + k.korr_len)
        return ERR_OK;
    const char *items = v->p + sizeof(k);
#define POSTEN(i, p) memcpy(&(p), items + (size_t)(i) * sizeof(struct posten), sizeof(p))
    pthread_rwlock_rdlock(&s->lock);
    if (s->gen != gen) {
        pthread_rwlock_unlock(&s->lock);
        return ERR_OK;
    }
    size_t start = 0;
    struct posten p;
    for (size_t i = 0; i < k.n; i++) {
        POSTEN(i, p);
        if (p.idx >= s->n_kat) {
            pthread_rwlock_unlock(&s->lock);
            return ERR_OK;
        }
    }
    if (after_id) {
        while (start < k.n) {
            POSTEN(start, p);
            if (!(p.score > after_score ||
                  (p.score == after_score && strcmp(s->kat[p.idx].id, after_id) <= 0)))
                break;
            start++;
        }
    }
    size_t n = k.n - start;
    bool more = n > (size_t)limit;
    if (more)
        n = (size_t)limit;
    struct suche_treffer *all = arena_alloc(a, (n ? n : 1) * sizeof(*all));
    if (!all)
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        POSTEN(start + i, p);
        all[i].score = p.score;
        rc = copy_leistung(a, &s->kat[p.idx], &all[i].leistung);
    }
    pthread_rwlock_unlock(&s->lock);
#undef POSTEN
    if (rc == ERR_OK && more)
        rc = set_cursor(a, all[n - 1].score, all[n - 1].leistung.id, out);
    if (rc == ERR_OK && k.korr_len &&
        !(out->korrigiert =
              arena_strndup(a, items + (size_t)k.n * sizeof(struct posten), k.korr_len)))
        rc = ERR_NOMEM;
    if (rc != ERR_OK)
        return rc;
    out->items = all;
    out->n = n;
    *is_done = true;
    return ERR_OK;
}

/* Keep the ranking `all` (n_all hits, best first) under `key` for generation `gen`. */
static void
remember(struct suche *s, uint64_t gen, const char *key, const struct suche_treffer *all,
         size_t n_all, const char *korr)
{
    struct kopf k = {(uint32_t)n_all, korr ? (uint32_t)strlen(korr) : 0};
    struct buf v = BUF_INIT(SUCHE_CACHE_VALUE_MAX);
    bool ok = n_all <= MAX_CANDIDATES && buf_append(&v, &k, sizeof(k)) == ERR_OK;
    pthread_rwlock_rdlock(&s->lock);
    ok = ok && s->gen == gen;
    for (size_t i = 0; ok && i < n_all; i++) {
        int64_t idx = kat_index(s, all[i].leistung.id);
        struct posten p = {(uint32_t)idx, 0, all[i].score};
        ok = idx >= 0 && buf_append(&v, &p, sizeof(p)) == ERR_OK;
    }
    pthread_rwlock_unlock(&s->lock);
    if (ok && k.korr_len)
        ok = buf_append(&v, korr, k.korr_len) == ERR_OK;
    if (ok)
        suche_cache_put(s->cache, gen, key, v.p, v.len);
    buf_free(&v);
}

int
suche_leistungen(struct suche *s, struct db_conn *c, struct arena *a, const char *query,
                 const struct gemeinde *ort, int64_t limit, const char *cursor,
                 struct suche_page *out, const char **bad_param)
{
    size_t qlen = query ? strlen(query) : 0;
    struct buf stems = BUF_INIT(4096);
    const char *terms[MAX_TERMS];
    size_t n_terms = 0;
    bool corrected = false;
    int64_t after_score = 0;
    const char *after_id = NULL;
    uint64_t gen;
    int rc;

    memset(out, 0, sizeof(*out));
    if (qlen == 0 || qlen > MAX_QUERY_LEN) {
        *bad_param = "q";
        return ERR_INVALID;
    }
    if (cursor) {
        char *parts[2];
        if (cursor_decode(a, cursor, 2, parts) != ERR_OK ||
            str_to_int64(str_from(parts[0]), INT64_MIN / 2, INT64_MAX / 2, &after_score) !=
                ERR_OK ||
            !leistung_is_id(parts[1])) {
            *bad_param = "cursor";
            return ERR_INVALID;
        }
        after_id = parts[1];
    }
    rc = suchtext_build(query, qlen, &stems);
    if (rc != ERR_OK) {
        buf_free(&stems);
        if (rc == ERR_INVALID)
            *bad_param = "q";
        return rc;
    }
    char *stem_text = arena_strdup(a, buf_cstr(&stems));
    buf_free(&stems);
    if (!stem_text)
        return ERR_NOMEM;
    n_terms = split_stems(a, stem_text, terms, MAX_TERMS);
    if (n_terms == 0)
        return ERR_OK; /* only stop words: nothing to find */

    rc = refresh_vocab(s, c, a);
    if (rc != ERR_OK)
        return rc;

    /* the stems and the place decide the ranking; the catalogue generation its freshness */
    const char *key = arena_printf(a, "s\x1f%s\x1f%s", stem_text, ort && ort->ags ? ort->ags : "");
    if (!key)
        return ERR_NOMEM;
    pthread_rwlock_rdlock(&s->lock);
    gen = s->gen;
    pthread_rwlock_unlock(&s->lock);
    struct buf hit = BUF_INIT(SUCHE_CACHE_VALUE_MAX);
    if (suche_cache_get(s->cache, gen, key, &hit)) {
        bool is_done;
        rc = page_from_cache(s, gen, &hit, a, after_score, after_id, limit, out, &is_done);
        buf_free(&hit);
        if (rc != ERR_OK || is_done)
            return rc;
        memset(out, 0, sizeof(*out));
    }
    buf_free(&hit);

    pthread_rwlock_rdlock(&s->lock);
    for (size_t i = 0; i < n_terms; i++) {
        if (vocab_knows(s, terms[i]))
            continue;
        const char *near = vocab_nearest(s, terms[i]);
        if (near) {
            terms[i] = arena_strdup(a, near);
            corrected = true;
            if (!terms[i]) {
                pthread_rwlock_unlock(&s->lock);
                return ERR_NOMEM;
            }
        }
    }
    pthread_rwlock_unlock(&s->lock);

    struct leistung *cand;
    size_t n_cand;
    rc = store_leistung_search(c, a, terms, n_terms, true, MAX_CANDIDATES, &cand, &n_cand);
    if (rc == ERR_OK && n_cand == 0 && n_terms > 1)
        rc = store_leistung_search(c, a, terms, n_terms, false, MAX_CANDIDATES, &cand, &n_cand);
    if (rc != ERR_OK)
        return rc;

    const char **local_ids = NULL;
    size_t n_local = 0;
    if (ort) {
        rc = store_leistung_ids_at(c, a, ort->ags, ort->kreis_ags, ort->regierungsbezirk_ags,
                                   &local_ids, &n_local);
        if (rc != ERR_OK)
            return rc;
    }
    struct suche_treffer *all = arena_alloc(a, (n_cand ? n_cand : 1) * sizeof(*all));
    if (!all)
        return ERR_NOMEM;
    pthread_rwlock_rdlock(&s->lock);
    for (size_t i = 0; i < n_cand; i++) {
        all[i].leistung = cand[i];
        all[i].score = score_of(a, &cand[i], cached_name_stems(s, cand[i].id), terms, n_terms,
                                n_local && in_sorted(local_ids, n_local, cand[i].id));
    }
    pthread_rwlock_unlock(&s->lock);
    qsort(all, n_cand, sizeof(*all), cmp_treffer);

    if (corrected) {
        struct buf k = BUF_INIT(1024);
        for (size_t i = 0; i < n_terms && rc == ERR_OK; i++)
            rc = buf_printf(&k, "%s%s", i ? " " : "", terms[i]);
        out->korrigiert = rc == ERR_OK ? arena_strdup(a, buf_cstr(&k)) : NULL;
        buf_free(&k);
        if (rc == ERR_OK && !out->korrigiert)
            rc = ERR_NOMEM;
        if (rc != ERR_OK)
            return rc;
    }
    remember(s, gen, key, all, n_cand, out->korrigiert);

    size_t start = 0;
    if (after_id) {
        while (start < n_cand &&
               (all[start].score > after_score ||
                (all[start].score == after_score && strcmp(all[start].leistung.id, after_id) <= 0)))
            start++;
    }
    size_t n = n_cand - start;
    if (n > (size_t)limit) {
        n = (size_t)limit;
        const struct suche_treffer *last = &all[start + n - 1];
        rc = set_cursor(a, last->score, last->leistung.id, out);
        if (rc != ERR_OK)
            return rc;
    }
    out->items = all + start;
    out->n = n;
    return ERR_OK;
}

int
suche_stand(struct suche *s, struct db_conn *c, struct arena *a, uint64_t *gen)
{
    int rc = refresh_vocab(s, c, a);
    if (rc != ERR_OK)
        return rc;
    pthread_rwlock_rdlock(&s->lock);
    *gen = s->gen;
    pthread_rwlock_unlock(&s->lock);
    return ERR_OK;
}

bool
suche_seite_holen(struct suche *s, uint64_t gen, const char *key, struct buf *out)
{
    char k[SUCHE_CACHE_KEY_MAX + 8];
    if (strlen(key) > SUCHE_CACHE_KEY_MAX)
        return false;
    snprintf(k, sizeof(k), "p\x1f%s", key);
    return suche_cache_get(s->cache, gen, k, out);
}

void
suche_seite_merken(struct suche *s, uint64_t gen, const char *key, const char *body, size_t len)
{
    char k[SUCHE_CACHE_KEY_MAX + 8];
    if (strlen(key) > SUCHE_CACHE_KEY_MAX)
        return;
    snprintf(k, sizeof(k), "p\x1f%s", key);
    suche_cache_put(s->cache, gen, k, body, len);
}

void
suche_cache_zahlen(struct suche *s, uint64_t *hits, uint64_t *misses)
{
    suche_cache_stats(s->cache, hits, misses);
}
