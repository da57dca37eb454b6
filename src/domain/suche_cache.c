#include "domain/suche_cache.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

struct entry {
    char *key; /* NULL: a free slot */
    void *val;
    size_t len;
    uint64_t hash, gen, used;
    time_t stored;
};

struct suche_cache {
    pthread_mutex_t lock;
    struct entry *e;
    size_t cap;
    int ttl_s;
    uint64_t tick, hits, misses;
};

int
suche_cache_new(size_t cap, int ttl_s, struct suche_cache **out)
{
    if (cap == 0 || cap > 4096 || ttl_s <= 0)
        return ERR_INVALID;
    struct suche_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return ERR_NOMEM;
    c->e = calloc(cap, sizeof(*c->e));
    if (!c->e || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->e);
        free(c);
        return ERR_NOMEM;
    }
    c->cap = cap;
    c->ttl_s = ttl_s;
    *out = c;
    return ERR_OK;
}

static void
drop(struct entry *e)
{
    free(e->key);
    free(e->val);
    memset(e, 0, sizeof(*e));
}

void
suche_cache_free(struct suche_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        drop(&c->e[i]);
    free(c->e);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void
suche_cache_clear(struct suche_cache *c)
{
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->cap; i++)
        drop(&c->e[i]);
    pthread_mutex_unlock(&c->lock);
}

/* FNV-1a, 64 bit. */
static uint64_t
hash_of(const char *key)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Under the lock: the slot holding `key`, or NULL. */
static struct entry *
find(struct suche_cache *c, uint64_t h, const char *key)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->e[i].key && c->e[i].hash == h && strcmp(c->e[i].key, key) == 0)
            return &c->e[i];
    return NULL;
}

bool
suche_cache_get(struct suche_cache *c, uint64_t gen, const char *key, struct buf *out)
{
    uint64_t h = hash_of(key);
    time_t now = time(NULL);
    bool hit = false;
    pthread_mutex_lock(&c->lock);
    struct entry *e = find(c, h, key);
    if (e && (e->gen != gen || now - e->stored >= c->ttl_s || now < e->stored)) {
        drop(e);
        e = NULL;
    }
    if (e && buf_append(out, e->val, e->len) == ERR_OK) {
        e->used = ++c->tick;
        hit = true;
    }
    if (hit)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void
suche_cache_put(struct suche_cache *c, uint64_t gen, const char *key, const void *val, size_t len)
{
    size_t klen = strlen(key);
    if (klen > SUCHE_CACHE_KEY_MAX || len > SUCHE_CACHE_VALUE_MAX)
        return;
    char *k = malloc(klen + 1);
    void *v = malloc(len ? len : 1);
    if (!k || !v) {
        free(k);
        free(v);
        return;
    }
    memcpy(k, key, klen + 1);
    if (len)
        memcpy(v, val, len);
    uint64_t h = hash_of(key);
    pthread_mutex_lock(&c->lock);
    struct entry *e = find(c, h, key);
    if (!e) {
        /* a free slot, else the least recently used */
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->e[i].key) {
                e = &c->e[i];
                break;
            }
            if (!e || c->e[i].used < e->used)
                e = &c->e[i];
        }
    }
    drop(e);
    *e = (struct entry){.key = k,
                        .val = v,
                        .len = len,
                        .hash = h,
                        .gen = gen,
                        .used = ++c->tick,
                        .stored = time(NULL)};
    pthread_mutex_unlock(&c->lock);
}

void
suche_cache_stats(struct suche_cache *c, uint64_t *hits, uint64_t *misses)
{
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *misses = c->misses;
    pthread_mutex_unlock(&c->lock);
}
