#include "domain/lagebild_cache.h"

#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "domain/lagebild.h"

#define ENTRY_ARENA_CAP (64u * 1024 * 1024)

struct entry {
    char key[LAGEBILD_CACHE_KEY_MAX + 1]; /* "": a free slot */
    int64_t version;
    uint64_t used;
    struct arena *a; /* a picture: its copy lives here */
    struct lagebild lb;
    char *bytes; /* rendered bytes (malloc) */
    size_t n_bytes;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry plaetze[LAGEBILD_CACHE_PLAETZE];
static uint64_t tick, hits, misses;

static char *
dup(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

int
lagebild_kopieren(struct arena *a, const struct lagebild *src, struct lagebild *dst)
{
    struct lagebild lb = *src;
    lb.gemeinden = arena_alloc(a, (src->n_gemeinden + 1) * sizeof(*lb.gemeinden));
    lb.kreise = arena_alloc(a, (src->n_kreise + 1) * sizeof(*lb.kreise));
    lb.themenfelder = arena_alloc(a, (src->n_themenfelder + 1) * sizeof(*lb.themenfelder));
    lb.verlauf = arena_alloc(a, (src->n_verlauf + 1) * sizeof(*lb.verlauf));
    if (!lb.gemeinden || !lb.kreise || !lb.themenfelder || !lb.verlauf)
        return ERR_LIMIT;
    bool ok = true;
    lb.kreis_ags = lb.filter.kreis_ags = dup(a, src->filter.kreis_ags);
    lb.filter.rb_ags = dup(a, src->filter.rb_ags);
    ok = (!src->filter.kreis_ags || lb.kreis_ags) && (!src->filter.rb_ags || lb.filter.rb_ags);
    for (size_t i = 0; ok && i < src->n_gemeinden; i++) {
        const struct lagebild_gemeinde *s = &src->gemeinden[i];
        struct lagebild_gemeinde *d = &lb.gemeinden[i];
        *d = *s;
        d->ags = dup(a, s->ags);
        d->name = dup(a, s->name);
        d->kreis_ags = dup(a, s->kreis_ags);
        d->typ = dup(a, s->typ);
        ok = (!s->ags || d->ags) && (!s->name || d->name) && (!s->kreis_ags || d->kreis_ags) &&
             (!s->typ || d->typ);
    }
    for (size_t i = 0; ok && i < src->n_kreise; i++) {
        const struct lagebild_kreis *s = &src->kreise[i];
        struct lagebild_kreis *d = &lb.kreise[i];
        *d = *s;
        d->ags = dup(a, s->ags);
        d->name = dup(a, s->name);
        ok = (!s->ags || d->ags) && (!s->name || d->name);
    }
    for (size_t i = 0; ok && i < src->n_themenfelder; i++) {
        const struct lagebild_themenfeld *s = &src->themenfelder[i];
        struct lagebild_themenfeld *d = &lb.themenfelder[i];
        *d = *s;
        d->name = dup(a, s->name);
        ok = !s->name || d->name;
    }
    if (!ok)
        return ERR_LIMIT;
    if (src->n_verlauf)
        memcpy(lb.verlauf, src->verlauf, src->n_verlauf * sizeof(*lb.verlauf));
    *dst = lb;
    return ERR_OK;
}

static void
drop(struct entry *e)
{
    arena_free(e->a);
    free(e->bytes);
    memset(e, 0, sizeof(*e));
}

/* Under the lock: the valid entry for (key, version), or NULL (dropping a stale one). */
static struct entry *
find(const char *key, int64_t version)
{
    for (size_t i = 0; i < LAGEBILD_CACHE_PLAETZE; i++) {
        struct entry *e = &plaetze[i];
        if (!e->key[0] || strcmp(e->key, key) != 0)
            continue;
        if (e->version == version)
            return e;
        drop(e);
        return NULL;
    }
    return NULL;
}

/* Under the lock: the slot for `key` (its own, a free one or the least recently used),
 * emptied and keyed. */
static struct entry *
slot(const char *key, int64_t version)
{
    struct entry *e = NULL;
    for (size_t i = 0; i < LAGEBILD_CACHE_PLAETZE; i++) {
        struct entry *x = &plaetze[i];
        if (x->key[0] && strcmp(x->key, key) == 0) {
            e = x;
            break;
        }
        if (!e || (e->key[0] && (!x->key[0] || x->used < e->used)))
            e = x;
    }
    drop(e);
    memcpy(e->key, key, strlen(key) + 1);
    e->version = version;
    e->used = ++tick;
    return e;
}

static bool
key_ok(const char *key)
{
    return key && *key && strlen(key) <= LAGEBILD_CACHE_KEY_MAX;
}

bool
lagebild_cache_bild(const char *key, int64_t version, struct arena *a, struct lagebild *out)
{
    bool hit = false;
    if (!key_ok(key))
        return false;
    pthread_mutex_lock(&lock);
    struct entry *e = find(key, version);
    if (e && e->a && lagebild_kopieren(a, &e->lb, out) == ERR_OK) {
        e->used = ++tick;
        hit = true;
    }
    if (hit)
        hits++;
    else
        misses++;
    pthread_mutex_unlock(&lock);
    return hit;
}

void
lagebild_cache_bild_merken(const char *key, int64_t version, const struct lagebild *lb)
{
    if (!key_ok(key))
        return;
    /* the copy is made outside the lock */
    struct arena *a = arena_new(ENTRY_ARENA_CAP);
    struct lagebild kopie;
    if (!a)
        return;
    if (lagebild_kopieren(a, lb, &kopie) != ERR_OK) {
        arena_free(a);
        return;
    }
    pthread_mutex_lock(&lock);
    struct entry *e = slot(key, version);
    e->a = a;
    e->lb = kopie;
    pthread_mutex_unlock(&lock);
}

bool
lagebild_cache_bytes(const char *key, int64_t version, struct buf *out)
{
    bool hit = false;
    if (!key_ok(key))
        return false;
    pthread_mutex_lock(&lock);
    struct entry *e = find(key, version);
    if (e && e->bytes && buf_append(out, e->bytes, e->n_bytes) == ERR_OK) {
        e->used = ++tick;
        hit = true;
    }
    if (hit)
        hits++;
    else
        misses++;
    pthread_mutex_unlock(&lock);
    return hit;
}

void
lagebild_cache_bytes_merken(const char *key, int64_t version, const void *p, size_t n)
{
    if (!key_ok(key) || n > LAGEBILD_CACHE_BYTES_MAX)
        return;
    char *kopie = malloc(n ? n : 1);
    if (!kopie)
        return;
    if (n)
        memcpy(kopie, p, n);
    pthread_mutex_lock(&lock);
    struct entry *e = slot(key, version);
    e->bytes = kopie;
    e->n_bytes = n;
    pthread_mutex_unlock(&lock);
}

void
lagebild_cache_leeren(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < LAGEBILD_CACHE_PLAETZE; i++)
        drop(&plaetze[i]);
    pthread_mutex_unlock(&lock);
}

void
lagebild_cache_zaehler(uint64_t *h, uint64_t *m)
{
    pthread_mutex_lock(&lock);
    *h = hits;
    *m = misses;
    pthread_mutex_unlock(&lock);
}
