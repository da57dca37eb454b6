#include "domain/dokument_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "formats/textauszug.h"
#include "store/akte_suchtext.h"
#include "store/antrag.h"
#include "store/db.h"
#include "store/dokument.h"
#include "util/arena.h"
#include "util/log.h"

#define POLL_S 3 /* seconds between looks at the queue when it was empty */

static int64_t
jetzt(void)
{
    return (int64_t)time(NULL);
}

struct nehmen_tx {
    struct arena *a;
    struct dokument_text_auftrag *job;
    bool found, got;
};

static int
nehmen_tx(struct db_conn *c, void *ctx)
{
    struct nehmen_tx *t = ctx;
    t->found = t->got = false;
    int rc = store_dokument_text_naechster(c, t->a, DOKUMENT_TEXT_VERSUCHE, t->job, &t->found);
    if (rc == ERR_OK && t->found)
        rc = store_dokument_text_nehmen(c, t->job->version_id, t->job->versuche, jetzt(), &t->got);
    return rc;
}

struct ergebnis_tx {
    const struct dokument_text_auftrag *job;
    const char *status, *quelle, *text, *fehler;
};

static int
ergebnis_tx(struct db_conn *c, void *ctx)
{
    struct ergebnis_tx *t = ctx;
    int64_t now = jetzt();
    int rc = store_dokument_text_setzen(c, t->job->version_id, t->status, t->quelle, t->text,
                                        t->fehler, now);
    /* only the newest version speaks for the document in the search */
    if (rc == ERR_OK && strcmp(t->status, "fertig") == 0 &&
        t->job->version == t->job->aktuelle_version)
        rc = akte_suchtext_setzen(c, t->job->behoerde_id, t->job->oe_id, "dokument",
                                  t->job->dokument_id, t->job->akte_id, t->job->vorgang_id,
                                  t->job->titel, t->text, now);
    return rc;
}

/* Take one queued version and do it. *done false when the queue was empty. */
static int
eine(struct db *db, const atomic_bool *abbruch, bool *done, bool *ok)
{
    struct arena *a = arena_new(64 * 1024 * 1024);
    struct db_conn *c = NULL;
    struct dokument_text_auftrag job;
    struct nehmen_tx nt = {a, &job, false, false};
    struct buf text = BUF_INIT(TEXTAUSZUG_MAX_TEXT + 16);
    const void *p = NULL;
    size_t len = 0;
    const char *quelle = NULL;
    char grund[200] = "";
    int rc;

    *done = false;
    if (!a)
        return ERR_NOMEM;
    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        goto out;
    for (int i = 0; rc == ERR_OK && i < 5; i++) {
        rc = db_tx(c, nehmen_tx, &nt);
        if (rc != ERR_OK || !nt.found || nt.got)
            break;
        arena_reset(a); /* somebody else took it: look again */
    }
    if (rc != ERR_OK || !nt.found || !nt.got)
        goto out;
    *done = true;
    rc = store_blob_get(c, a, job.behoerde_id, job.sha256, &p, &len);
    db_release(c);
    c = NULL;
    if (rc != ERR_OK)
        goto out;
    int xrc = textauszug(job.typ, p, len, abbruch, &text, &quelle, grund, sizeof(grund));
    if (xrc == ERR_NOMEM) {
        rc = xrc;
        goto out;
    }
    if (abbruch && atomic_load(abbruch))
        goto out; /* stopped: stays queued */
    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        goto out;
    struct ergebnis_tx et = {&job, "fertig", quelle, buf_cstr(&text), NULL};
    if (xrc == ERR_INVALID)
        et = (struct ergebnis_tx){&job, "ohne", NULL, NULL, NULL};
    else if (xrc != ERR_OK)
        et = (struct ergebnis_tx){&job, "fehler", NULL, NULL, grund};
    rc = db_tx(c, ergebnis_tx, &et);
    *ok = xrc == ERR_OK;
    if (xrc != ERR_OK && xrc != ERR_INVALID)
        log_info("text of document version %lld failed (attempt %lld)", (long long)job.version_id,
                 (long long)job.versuche + 1);
out:
    if (c)
        db_release(c);
    buf_free(&text);
    arena_free(a);
    return rc;
}

int
dokument_texte_verarbeiten(struct db *db, size_t max, const atomic_bool *abbruch, size_t *n_fertig,
                           size_t *n_fehler)
{
    size_t fertig = 0, fehler = 0;
    int rc = ERR_OK;
    for (size_t i = 0; max == 0 || i < max; i++) {
        bool done = false, ok = false;
        if (abbruch && atomic_load(abbruch))
            break;
        rc = eine(db, abbruch, &done, &ok);
        if (rc != ERR_OK || !done)
            break;
        if (ok)
            fertig++;
        else
            fehler++;
    }
    if (n_fertig)
        *n_fertig = fertig;
    if (n_fehler)
        *n_fehler = fehler;
    return rc;
}

/* ---- the service thread ---- */

struct dokument_text_dienst {
    struct db *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_bool stop;
    bool angestossen;
};

static void *
dienst_main(void *arg)
{
    struct dokument_text_dienst *d = arg;
    while (!atomic_load(&d->stop)) {
        size_t n_fertig = 0, n_fehler = 0;
        int rc = dokument_texte_verarbeiten(d->db, 20, &d->stop, &n_fertig, &n_fehler);
        if (rc != ERR_OK)
            log_error("text extraction: %s", err_name(rc));
        if (rc == ERR_OK && n_fertig + n_fehler == 20)
            continue; /* more may be waiting */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += POLL_S;
        pthread_mutex_lock(&d->mu);
        while (!d->angestossen && !atomic_load(&d->stop))
            if (pthread_cond_timedwait(&d->cv, &d->mu, &until) == ETIMEDOUT)
                break;
        d->angestossen = false;
        pthread_mutex_unlock(&d->mu);
    }
    return NULL;
}

int
dokument_text_dienst_new(struct db *db, struct dokument_text_dienst **out)
{
    struct dokument_text_dienst *d = calloc(1, sizeof(*d));
    if (!d)
        return ERR_NOMEM;
    d->db = db;
    atomic_init(&d->stop, false);
    if (pthread_mutex_init(&d->mu, NULL) != 0) {
        free(d);
        return ERR_NOMEM;
    }
    if (pthread_cond_init(&d->cv, NULL) != 0) {
        pthread_mutex_destroy(&d->mu);
        free(d);
        return ERR_NOMEM;
    }
    if (pthread_create(&d->thread, NULL, dienst_main, d) != 0) {
        pthread_cond_destroy(&d->cv);
        pthread_mutex_destroy(&d->mu);
        free(d);
        return ERR_NOMEM;
    }
    *out = d;
    return ERR_OK;
}

void
dokument_text_dienst_anstossen(struct dokument_text_dienst *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->angestossen = true;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

void
dokument_text_dienst_free(struct dokument_text_dienst *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    atomic_store(&d->stop, true);
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    free(d);
}
