#include "domain/antrag_beleg.h"

#include <stdio.h>
#include <string.h>

#include "domain/antrag.h"
#include "domain/formular_verwaltung.h"
#include "domain/schluessel.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/antrag.h"
#include "store/antrag_aufraeumen.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

#define BATCH 100

struct speichern_tx {
    int64_t nachricht_id, behoerde_id, jetzt;
    const struct anlage *al;
    const void *p;
};

static int
speichern_tx(struct db_conn *c, void *ctx)
{
    struct speichern_tx *t = ctx;
    int rc = store_blob_put(c, t->behoerde_id, t->al->sha256, t->al->typ, t->p,
                            (size_t)t->al->groesse, t->jetzt);
    if (rc == ERR_OK)
        rc = store_nachricht_anlage_insert(c, t->nachricht_id, t->behoerde_id, t->al);
    return rc;
}

static int
sicherstellen(struct db_conn *c, struct arena *a, int64_t antrag_id, bool *neu)
{
    struct antrag an;
    struct eingangsbestaetigung eb;
    struct anlage *al;
    size_t n_al;
    int64_t mid = 0;
    int rc = store_antrag_get(c, a, antrag_id, &an, NULL);
    if (rc == ERR_OK && an.konto_id <= 0)
        return ERR_OK; /* no account, no mailbox */
    if (rc == ERR_OK)
        rc = store_nachricht_eingang(c, antrag_id, &mid);
    if (rc == ERR_OK)
        rc = store_nachricht_anlagen(c, a, mid, &al, &n_al);
    if (rc == ERR_NOTFOUND)
        return ERR_OK;
    if (rc != ERR_OK || n_al > 0)
        return rc;
    rc = store_eingang_get(c, a, antrag_id, &eb);
    struct formular_zeile zeile;
    struct formular *f = NULL;
    if (rc == ERR_OK)
        rc = formular_laden(c, a, an.formular_id, &zeile, &f);
    if (rc != ERR_OK)
        return rc == ERR_NOTFOUND ? ERR_OK : rc;
    struct buf pdf = BUF_INIT(16u * 1024 * 1024);
    char *sha = arena_alloc(a, SCHLUESSEL_HASH_LEN + 1);
    const char *name = arena_printf(a, "%s.pdf", eb.nummer);
    rc = sha && name ? pdf_eingangsbestaetigung(f, &an, &eb, &pdf) : ERR_NOMEM;
    if (rc == ERR_OK) {
        schluessel_hash(pdf.p, pdf.len, sha);
        struct anlage neu_al = {.sha256 = sha,
                                .dateiname = name,
                                .typ = "application/pdf",
                                .groesse = (int64_t)pdf.len};
        struct speichern_tx t = {mid, an.behoerde_id, eb.zeitpunkt, &neu_al, pdf.p};
        rc = db_tx(c, speichern_tx, &t);
        if (rc == ERR_OK && neu)
            *neu = true;
    }
    buf_free(&pdf);
    return rc;
}

int
antrag_beleg_sicherstellen(struct db_conn *c, int64_t antrag_id, bool *neu)
{
    struct arena *a = arena_new(32u * 1024 * 1024);
    if (neu)
        *neu = false;
    if (!a)
        return ERR_NOMEM;
    int rc = sicherstellen(c, a, antrag_id, neu);
    arena_free(a);
    return rc;
}

int
antrag_belege_nachholen(struct db *db, int64_t *n)
{
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1024 * 1024);
    int64_t gemacht = 0;
    if (!a)
        return ERR_NOMEM;
    int rc = db_acquire(db, &c);
    for (int runde = 0; rc == ERR_OK && runde < 100; runde++) {
        int64_t *ids;
        size_t k = 0, neu_hier = 0;
        arena_reset(a);
        rc = store_belege_offen(c, a, BATCH, &ids, &k);
        for (size_t i = 0; rc == ERR_OK && i < k; i++) {
            bool neu = false;
            rc = antrag_beleg_sicherstellen(c, ids[i], &neu);
            neu_hier += neu;
        }
        gemacht += (int64_t)neu_hier;
        if (k < BATCH || neu_hier == 0)
            break;
    }
    if (c)
        db_release(c);
    arena_free(a);
    if (gemacht > 0)
        log_info("made %lld missing receipt PDFs", (long long)gemacht);
    if (rc == ERR_OK && n)
        *n = gemacht;
    return rc;
}
