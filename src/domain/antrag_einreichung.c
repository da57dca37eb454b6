#include "domain/antrag_einreichung.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <magic.h>
#include <pthread.h>

#include "domain/antrag_anonym.h"
#include "domain/antrag_beleg.h"
#include "domain/eingang.h"
#include "domain/postfach.h"
#include "store/antrag.h"
#include "store/db.h"
#include "util/log.h"

#define MAGIC_POOL 8
#define BELEG_MAX  4096 /* receipt PDFs waiting; beyond, the scan makes them */

struct einreichung {
    struct db *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t arbeit; /* jobs arrived, or stop */
    pthread_cond_t fertig; /* some jobs are done */
    pthread_cond_t wecken; /* stop the cleanup thread */
    pthread_t aufraeumer;
    bool has_aufraeumer;
    /* receipt PDFs to make: application ids, and whether a scan is needed */
    pthread_cond_t beleg_arbeit;
    pthread_t beleger;
    bool has_beleger, beleg_scan;
    int64_t belege[BELEG_MAX];
    size_t n_belege;
    struct einreichung_auftrag *kopf, *ende;
    bool stop;
    uint64_t n_batches, n_jobs;
    /* libmagic handles not in use */
    pthread_mutex_t magic_mu;
    magic_t magic[MAGIC_POOL];
    size_t n_magic;
};

int
einreichung_schreiben(struct db_conn *c, struct einreichung_auftrag *j)
{
    int64_t changes = 0;
    int rc = store_antrag_einreichen(c, j->antrag_id, j->revision, j->jetzt, &changes);
    j->wiederholt = false;
    if (rc != ERR_OK)
        return rc;
    if (changes == 0) {
        /* not a draft (any more), or changed since it was checked: a repeat with the same
         * key finds the receipt; anything else is a conflict */
        bool found = false;
        if (j->schluessel)
            rc = store_idempotenz_get(c, j->antrag_id, j->schluessel, &found);
        if (rc != ERR_OK)
            return rc;
        j->wiederholt = found;
        j->rc = found ? ERR_OK : ERR_CONFLICT;
        return ERR_OK;
    }
    struct eingangsbestaetigung eb = {.antrag_id = j->antrag_id,
                                      .nummer = j->nummer,
                                      .zeitpunkt = j->jetzt,
                                      .sha256 = j->sha256,
                                      .inhalt = j->inhalt};
    rc = store_antrag_verlauf_insert(c, j->behoerde_id, j->antrag_id, "eingegangen", j->jetzt,
                                     j->konto_id, NULL);
    if (rc == ERR_OK)
        rc = store_eingang_insert(c, j->behoerde_id, &eb);
    if (rc == ERR_OK) /* the office's inbox row commits with the submission (domain/eingang.h) */
        rc = posteingang_bei_einreichung(c, j->antrag_id, j->jetzt);
    if (rc == ERR_OK && j->schluessel)
        rc = store_idempotenz_insert(c, j->antrag_id, j->schluessel, j->behoerde_id, j->jetzt);
    if (rc == ERR_OK && j->konto_id > 0) {
        int64_t mid;
        rc = postfach_an_buerger(c, j->behoerde_id, j->konto_id, j->antrag_id,
                                 "eingangsbestaetigung", j->betreff, j->text, j->jetzt, &mid);
    }
    if (rc == ERR_OK)
        j->rc = ERR_OK;
    return rc;
}

static int
einzeln_tx(struct db_conn *c, void *ctx)
{
    return einreichung_schreiben(c, ctx);
}

/* Run one job in a transaction of its own (retried on ERR_BUSY by db_tx). */
static int
einzeln(struct db_conn *c, struct einreichung_auftrag *j)
{
    j->rc = ERR_DB;
    int rc = db_tx(c, einzeln_tx, j);
    if (rc != ERR_OK)
        j->rc = rc;
    return j->rc;
}

/* Run jobs[0..n) in one transaction; on any failure each alone. */
static void
batch(struct einreichung *e, struct einreichung_auftrag **jobs, size_t n)
{
    struct db_conn *c;
    int rc = db_acquire(e->db, &c);
    if (rc != ERR_OK) {
        for (size_t i = 0; i < n; i++)
            jobs[i]->rc = rc;
        return;
    }
    if (n > 1) {
        rc = db_begin(c);
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            jobs[i]->rc = ERR_DB;
            rc = einreichung_schreiben(c, jobs[i]);
        }
        if (rc == ERR_OK)
            rc = db_commit(c);
        else
            db_rollback(c);
        if (rc != ERR_OK)
            log_warn("group commit of %zu submissions failed (%s): retrying one by one", n,
                     err_name(rc));
    }
    if (n == 1 || rc != ERR_OK) {
        for (size_t i = 0; i < n; i++)
            RH_IGNORE(einzeln(c, jobs[i])); /* the result is in jobs[i]->rc */
    }
    db_release(c);
}

static void *
committer(void *arg)
{
    struct einreichung *e = arg;
    struct einreichung_auftrag *jobs[EINREICHUNG_MAX_BATCH];
    pthread_mutex_lock(&e->mu);
    for (;;) {
        while (!e->kopf && !e->stop)
            pthread_cond_wait(&e->arbeit, &e->mu);
        if (!e->kopf)
            break; /* stop, and nothing left */
        size_t n = 0;
        while (e->kopf && n < EINREICHUNG_MAX_BATCH) {
            jobs[n++] = e->kopf;
            e->kopf = e->kopf->next;
        }
        if (!e->kopf)
            e->ende = NULL;
        pthread_mutex_unlock(&e->mu);

        batch(e, jobs, n);

        pthread_mutex_lock(&e->mu);
        e->n_batches++;
        e->n_jobs += n;
        for (size_t i = 0; i < n; i++) {
            /* a new receipt in a mailbox: its PDF is made next, off the durable path */
            if (jobs[i]->rc == ERR_OK && !jobs[i]->wiederholt && jobs[i]->konto_id > 0) {
                if (e->n_belege < BELEG_MAX)
                    e->belege[e->n_belege++] = jobs[i]->antrag_id;
                else
                    e->beleg_scan = true;
                pthread_cond_signal(&e->beleg_arbeit);
            }
            jobs[i]->done = true;
        }
        pthread_cond_broadcast(&e->fertig);
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* The receipt-PDF worker: makes the PDFs of the ids queued by the committer; a scan when the
 * queue overflowed. On stop, what is left is made by the next start's scan. */
static void *
beleger(void *arg)
{
    struct einreichung *e = arg;
    int64_t ids[64];
    struct db_conn *c = NULL;
    /* background work: requests come first (Linux: a thread's own nice value) */
    if (setpriority(PRIO_PROCESS, (id_t)gettid(), 10) != 0)
        log_warn("cannot lower the priority of the receipt PDF thread");
    pthread_mutex_lock(&e->mu);
    for (;;) {
        while (!e->stop && e->n_belege == 0 && !e->beleg_scan)
            pthread_cond_wait(&e->beleg_arbeit, &e->mu);
        if (e->stop)
            break;
        size_t n = 0;
        while (e->n_belege > 0 && n < 64)
            ids[n++] = e->belege[--e->n_belege];
        bool scan = e->beleg_scan && e->n_belege == 0;
        if (scan)
            e->beleg_scan = false;
        pthread_mutex_unlock(&e->mu);
        int rc = db_acquire(e->db, &c);
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            int brc = antrag_beleg_sicherstellen(c, ids[i], NULL);
            if (brc != ERR_OK) /* a reader makes it on demand, the next scan too */
                log_warn("cannot make the receipt PDF of application %lld (%s)", (long long)ids[i],
                         err_name(brc));
        }
        if (rc == ERR_OK)
            db_release(c);
        if (rc == ERR_OK && scan)
            rc = antrag_belege_nachholen(e->db, NULL);
        if (rc != ERR_OK)
            log_warn("receipt PDFs: %s", err_name(rc));
        pthread_mutex_lock(&e->mu);
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* The background cleanup of abandoned anonymous drafts (domain/antrag_anonym.h): once at
 * start, then every ANTRAG_AUFRAEUMEN_INTERVALL seconds until the queue stops. */
static void *
aufraeumer(void *arg)
{
    struct einreichung *e = arg;
    pthread_mutex_lock(&e->mu);
    while (!e->stop) {
        pthread_mutex_unlock(&e->mu);
        int rc =
            antrag_aufraeumen(e->db, (int64_t)time(NULL), ANTRAG_ENTWURF_AUFBEWAHRUNG, NULL, NULL);
        if (rc != ERR_OK)
            log_warn("cleanup of anonymous drafts failed (%s)", err_name(rc));
        /* receipt PDFs a crash or an overflow left undone */
        rc = antrag_belege_nachholen(e->db, NULL);
        if (rc != ERR_OK)
            log_warn("making missing receipt PDFs failed (%s)", err_name(rc));
        pthread_mutex_lock(&e->mu);
        struct timespec bis;
        clock_gettime(CLOCK_REALTIME, &bis);
        bis.tv_sec += ANTRAG_AUFRAEUMEN_INTERVALL;
        while (!e->stop && pthread_cond_timedwait(&e->wecken, &e->mu, &bis) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

int
einreichung_new(struct db *db, struct einreichung **out)
{
    struct einreichung *e = calloc(1, sizeof(*e));
    if (!e)
        return ERR_NOMEM;
    e->db = db;
    pthread_mutex_init(&e->mu, NULL);
    pthread_mutex_init(&e->magic_mu, NULL);
    pthread_cond_init(&e->arbeit, NULL);
    pthread_cond_init(&e->fertig, NULL);
    pthread_cond_init(&e->wecken, NULL);
    pthread_cond_init(&e->beleg_arbeit, NULL);
    if (pthread_create(&e->thread, NULL, committer, e) != 0) {
        pthread_cond_destroy(&e->beleg_arbeit);
        pthread_cond_destroy(&e->wecken);
        pthread_cond_destroy(&e->fertig);
        pthread_cond_destroy(&e->arbeit);
        pthread_mutex_destroy(&e->magic_mu);
        pthread_mutex_destroy(&e->mu);
        free(e);
        return ERR_NOMEM;
    }
    /* without these threads the queue still works: readers make a missing PDF on demand,
     * the CLI cleans up */
    e->has_beleger = pthread_create(&e->beleger, NULL, beleger, e) == 0;
    if (!e->has_beleger)
        log_warn("cannot start the receipt PDF thread");
    e->has_aufraeumer = pthread_create(&e->aufraeumer, NULL, aufraeumer, e) == 0;
    if (!e->has_aufraeumer)
        log_warn("cannot start the cleanup thread");
    *out = e;
    return ERR_OK;
}

void
einreichung_free(struct einreichung *e)
{
    if (!e)
        return;
    pthread_mutex_lock(&e->mu);
    e->stop = true;
    pthread_cond_signal(&e->arbeit);
    pthread_cond_broadcast(&e->wecken);
    pthread_cond_broadcast(&e->beleg_arbeit);
    pthread_mutex_unlock(&e->mu);
    pthread_join(e->thread, NULL);
    if (e->has_aufraeumer)
        pthread_join(e->aufraeumer, NULL);
    if (e->has_beleger)
        pthread_join(e->beleger, NULL);
    for (size_t i = 0; i < e->n_magic; i++)
        magic_close(e->magic[i]);
    pthread_cond_destroy(&e->beleg_arbeit);
    pthread_cond_destroy(&e->wecken);
    pthread_cond_destroy(&e->fertig);
    pthread_cond_destroy(&e->arbeit);
    pthread_mutex_destroy(&e->magic_mu);
    pthread_mutex_destroy(&e->mu);
    free(e);
}

int
einreichung_ausfuehren(struct einreichung *e, struct db *db, struct einreichung_auftrag *j)
{
    j->rc = ERR_DB;
    j->done = false;
    j->next = NULL;
    if (!e) {
        struct db_conn *c;
        int rc = db_acquire(db, &c);
        if (rc != ERR_OK)
            return rc;
        rc = einzeln(c, j);
        db_release(c);
        return rc;
    }
    pthread_mutex_lock(&e->mu);
    if (e->ende)
        e->ende->next = j;
    else
        e->kopf = j;
    e->ende = j;
    pthread_cond_signal(&e->arbeit);
    while (!j->done)
        pthread_cond_wait(&e->fertig, &e->mu);
    pthread_mutex_unlock(&e->mu);
    return j->rc;
}

void
einreichung_zaehler(struct einreichung *e, uint64_t *n_batches, uint64_t *n_jobs)
{
    *n_batches = *n_jobs = 0;
    if (!e)
        return;
    pthread_mutex_lock(&e->mu);
    *n_batches = e->n_batches;
    *n_jobs = e->n_jobs;
    pthread_mutex_unlock(&e->mu);
}

/* ---- content types ------------------------------------------------------------------- */

static magic_t
magic_neu(void)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
    if (!m)
        return NULL;
    if (magic_load(m, NULL) != 0) {
        log_error("cannot load the libmagic database");
        magic_close(m);
        return NULL;
    }
    return m;
}

int
einreichung_dateityp(struct einreichung *e, const void *p, size_t len, char *out, size_t out_len)
{
    magic_t m = NULL;
    int rc = ERR_OK;
    if (e) {
        pthread_mutex_lock(&e->magic_mu);
        if (e->n_magic > 0)
            m = e->magic[--e->n_magic];
        pthread_mutex_unlock(&e->magic_mu);
    }
    if (!m && !(m = magic_neu()))
        return ERR_IO;
    const char *t = magic_buffer(m, p, len);
    if (!t) {
        rc = ERR_IO;
    } else {
        size_t n = strcspn(t, "; ");
        if (n + 1 > out_len) {
            rc = ERR_LIMIT;
        } else {
            memcpy(out, t, n);
            out[n] = '\0';
        }
    }
    if (e) {
        pthread_mutex_lock(&e->magic_mu);
        if (e->n_magic < MAGIC_POOL) {
            e->magic[e->n_magic++] = m;
            m = NULL;
        }
        pthread_mutex_unlock(&e->magic_mu);
    }
    if (m)
        magic_close(m);
    return rc;
}
