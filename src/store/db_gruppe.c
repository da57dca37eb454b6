/* db_gruppe: group commit of small independent transactions (db_tx_gruppe in db.h).
 *
 * Leader and followers, no thread of its own: a caller links its job into the pool's queue;
 * if no batch is running it becomes the leader, takes every queued job (up to
 * GRUPPE_MAX_BATCH), runs them in one transaction on its own connection and commits once,
 * then marks them done and wakes the waiting callers. A caller whose job is still queued
 * when the batch ends becomes the next leader. The jobs' memory is on their callers' stacks;
 * each caller waits until its job is done, so a leader may use it. */
#include <pthread.h>

#include "store/db.h"
#include "store/db_backend.h"

/* Most jobs in one transaction: bounds how long one leader holds the write lock. */
#define GRUPPE_MAX_BATCH 256

struct db_gruppe_auftrag {
    db_tx_fn fn;
    void *ctx;
    int rc;
    bool fertig;
    struct db_gruppe_auftrag *next;
};

int
db_gruppe_init(struct db_gruppe *g)
{
    g->kopf = NULL;
    g->ende = &g->kopf;
    g->laeuft = false;
    g->n_batches = g->n_auftraege = 0;
    if (pthread_mutex_init(&g->mu, NULL) != 0)
        return ERR_NOMEM;
    if (pthread_cond_init(&g->cv, NULL) != 0) {
        pthread_mutex_destroy(&g->mu);
        return ERR_NOMEM;
    }
    return ERR_OK;
}

void
db_gruppe_destroy(struct db_gruppe *g)
{
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

size_t
db_gruppe_wartend(const struct db_gruppe *g)
{
    size_t n = 0;
    for (const struct db_gruppe_auftrag *j = g->kopf; j; j = j->next)
        n++;
    return n;
}

static int
batch_tx(struct db_conn *c, void *ctx)
{
    for (struct db_gruppe_auftrag *j = ctx; j; j = j->next) {
        int rc = j->fn(c, j->ctx);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

/* Run the batch `b` on `c`: all in one transaction, or each alone when that fails. */
static void
batch_ausfuehren(struct db_conn *c, struct db_gruppe_auftrag *b)
{
    if (b->next == NULL) {
        b->rc = db_tx(c, b->fn, b->ctx);
        return;
    }
    int rc = db_tx(c, batch_tx, b);
    for (struct db_gruppe_auftrag *j = b; j; j = j->next)
        j->rc = rc == ERR_OK ? ERR_OK : db_tx(c, j->fn, j->ctx);
}

int
db_tx_gruppe(struct db_conn *c, db_tx_fn fn, void *ctx)
{
    struct db_gruppe *g = db_gruppe_von(c);
    struct db_gruppe_auftrag self = {.fn = fn, .ctx = ctx, .rc = ERR_DB};

    pthread_mutex_lock(&g->mu);
    *g->ende = &self;
    g->ende = &self.next;
    while (!self.fertig) {
        if (g->laeuft) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        /* lead: take up to GRUPPE_MAX_BATCH jobs from the head; if ours is not among them,
         * the loop comes round again */
        struct db_gruppe_auftrag *b = g->kopf, *last = b;
        size_t n = 1;
        while (last->next && n < GRUPPE_MAX_BATCH) {
            last = last->next;
            n++;
        }
        g->kopf = last->next;
        if (g->kopf == NULL)
            g->ende = &g->kopf;
        last->next = NULL;
        g->laeuft = true;
        pthread_mutex_unlock(&g->mu);

        batch_ausfuehren(c, b);

        pthread_mutex_lock(&g->mu);
        for (struct db_gruppe_auftrag *j = b; j;) {
            struct db_gruppe_auftrag *next = j->next;
            j->fertig = true; /* after this its owner may return: do not touch j again */
            j = next;
        }
        g->n_batches++;
        g->n_auftraege += n;
        g->laeuft = false;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    return self.rc;
}
