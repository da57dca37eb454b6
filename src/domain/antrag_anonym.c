#include "domain/antrag_anonym.h"

#include <stdio.h>
#include <string.h>

#include "domain/antrag.h"
#include "domain/schluessel.h"
#include "store/antrag.h"
#include "store/antrag_aufraeumen.h"
#include "store/db.h"
#include "store/konto.h"
#include "util/arena.h"
#include "util/log.h"

#define STUNDE 3600
#define BATCH  100

static void
drossel_key(const struct umfeld *u, char key[80])
{
    char h[SCHLUESSEL_HASH_LEN + 1];
    schluessel_hmac(u->geheimnis, u->herkunft, strlen(u->herkunft), h);
    snprintf(key, 80, "d:%s", h);
}

int
antrag_anonym_warten(struct db_conn *c, const struct umfeld *u, int64_t *warten)
{
    char key[80];
    int64_t n, zuletzt, bis;
    *warten = 0;
    if (!u->herkunft || !u->geheimnis)
        return ERR_OK;
    drossel_key(u, key);
    int rc = store_versuch_get(c, key, &n, &zuletzt, &bis);
    if (rc == ERR_OK && n >= ANTRAG_ANONYM_PRO_STUNDE && u->jetzt - zuletzt < STUNDE &&
        u->jetzt >= zuletzt)
        *warten = zuletzt + STUNDE - u->jetzt;
    return rc;
}

int
antrag_anonym_zaehlen(struct db_conn *c, const struct umfeld *u, int64_t *warten)
{
    char key[80];
    int64_t n, zuletzt, bis;
    if (!u->herkunft || !u->geheimnis)
        return ERR_OK;
    drossel_key(u, key);
    int rc = store_versuch_get(c, key, &n, &zuletzt, &bis);
    if (rc != ERR_OK)
        return rc;
    /* zuletzt: the start of the current window */
    if (u->jetzt - zuletzt >= STUNDE || u->jetzt < zuletzt) {
        n = 0;
        zuletzt = u->jetzt;
    }
    if (n >= ANTRAG_ANONYM_PRO_STUNDE) {
        if (warten)
            *warten = zuletzt + STUNDE - u->jetzt;
        return ERR_LIMIT;
    }
    return store_versuch_set(c, key, n + 1, zuletzt, 0);
}

struct loeschen_tx {
    struct arena *a;
    int64_t id, vor, behoerde_id, changes;
    struct anlage *al;
    size_t n_al;
};

static int
loeschen_tx(struct db_conn *c, void *ctx)
{
    struct loeschen_tx *t = ctx;
    struct antrag an;
    const char *hash;
    t->changes = 0;
    t->n_al = 0;
    int rc = store_antrag_get(c, t->a, t->id, &an, &hash);
    if (rc == ERR_NOTFOUND)
        return ERR_OK;
    if (rc == ERR_OK)
        rc = store_anlage_list(c, t->a, t->id, &t->al, &t->n_al);
    if (rc == ERR_OK)
        rc = store_entwurf_delete(c, t->id, t->vor, &t->changes);
    t->behoerde_id = an.behoerde_id;
    return rc;
}

struct blob_tx {
    int64_t behoerde_id, changes;
    const char *sha256;
};

static int
blob_tx(struct db_conn *c, void *ctx)
{
    struct blob_tx *t = ctx;
    return store_blob_delete_unbenutzt(c, t->behoerde_id, t->sha256, &t->changes);
}

static int
drossel_tx(struct db_conn *c, void *ctx)
{
    const int64_t *vor = ctx;
    return store_drossel_aufraeumen(c, "d:", *vor);
}

/* One batch: *n_kandidaten gets how many drafts were old enough. */
static int
batch(struct db_conn *c, struct arena *a, int64_t vor, size_t *n_kandidaten, int64_t *n_antraege,
      int64_t *n_blobs)
{
    int64_t *ids;
    size_t n;
    int rc = store_entwurf_alt_list(c, a, vor, BATCH, &ids, &n);
    if (rc != ERR_OK)
        return rc;
    *n_kandidaten = n;
    for (size_t i = 0; i < n; i++) {
        struct loeschen_tx t = {.a = a, .id = ids[i], .vor = vor};
        rc = db_tx(c, loeschen_tx, &t);
        if (rc != ERR_OK)
            return rc;
        if (t.changes == 0)
            continue;
        (*n_antraege)++;
        for (size_t k = 0; k < t.n_al; k++) {
            struct blob_tx b = {t.behoerde_id, 0, t.al[k].sha256};
            /* a blob something else still needs stays; that is not an error */
            if (db_tx(c, blob_tx, &b) == ERR_OK)
                *n_blobs += b.changes;
        }
    }
    return ERR_OK;
}

int
antrag_aufraeumen(struct db *db, int64_t jetzt, int64_t alter, int64_t *n_antraege,
                  int64_t *n_blobs)
{
    struct db_conn *c = NULL;
    int64_t na = 0, nb = 0, vor = jetzt - alter, tag = jetzt - 86400;
    struct arena *a = arena_new(4u * 1024 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = db_acquire(db, &c);
    for (int runde = 0; rc == ERR_OK && runde < 1000; runde++) {
        size_t n = 0;
        int64_t vorher = na;
        arena_reset(a);
        rc = batch(c, a, vor, &n, &na, &nb);
        if (n < BATCH || na == vorher)
            break; /* all done, or only drafts that changed meanwhile */
    }
    if (rc == ERR_OK)
        rc = db_tx(c, drossel_tx, &tag);
    if (c)
        db_release(c);
    arena_free(a);
    if (rc == ERR_OK && (na > 0 || nb > 0))
        log_info("cleanup: deleted %lld abandoned anonymous drafts and %lld blobs", (long long)na,
                 (long long)nb);
    if (rc == ERR_OK && n_antraege)
        *n_antraege = na;
    if (rc == ERR_OK && n_blobs)
        *n_blobs = nb;
    return rc;
}
