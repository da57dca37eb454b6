#include "domain/protokoll.h"

#include <stdio.h>
#include <string.h>

#include <inttypes.h>
#include <sodium.h>

#include "domain/schluessel.h"
#include "store/db.h"
#include "store/protokoll.h"

static void
feld_text(crypto_hash_sha256_state *st, const char *s)
{
    char len[32];
    if (!s) {
        crypto_hash_sha256_update(st, (const unsigned char *)"~\n", 2);
        return;
    }
    size_t n = strlen(s);
    int k = snprintf(len, sizeof(len), "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

/* A number field; 0 stands for NULL where the column allows it (`nullable`). */
static void
feld_zahl(crypto_hash_sha256_state *st, int64_t v, bool nullable)
{
    char num[32];
    if (nullable && v == 0) {
        feld_text(st, NULL);
        return;
    }
    snprintf(num, sizeof(num), "%" PRId64, v);
    feld_text(st, num);
}

void
protokoll_hash(const char *vorher_hash, const struct protokoll_zeile *z,
               char out[PROTOKOLL_HASH_LEN + 1])
{
    static const char kopf[] = "\nrathaus-protokoll-v1\n";
    crypto_hash_sha256_state st;
    uint8_t h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)vorher_hash, strlen(vorher_hash));
    crypto_hash_sha256_update(&st, (const unsigned char *)kopf, sizeof(kopf) - 1);
    feld_zahl(&st, z->kette, false);
    feld_zahl(&st, z->folge, false);
    feld_zahl(&st, z->zeitpunkt, false);
    feld_zahl(&st, z->behoerde_id, true);
    feld_zahl(&st, z->konto_id, true);
    feld_text(&st, z->aktion);
    feld_text(&st, z->objekt_typ);
    feld_text(&st, z->objekt_id);
    feld_text(&st, z->herkunft);
    feld_text(&st, z->detail);
    crypto_hash_sha256_final(&st, h);
    schluessel_hex(h, sizeof(h), out);
}

int
protokoll_schreiben(struct db_conn *c, const struct umfeld *u, const struct protokoll_eintrag *e)
{
    char vorher[PROTOKOLL_HASH_LEN + 1], hash[PROTOKOLL_HASH_LEN + 1];
    int64_t kette = e->behoerde_id > 0 ? e->behoerde_id : 0;
    struct protokoll_zeile z = {
        .kette = kette,
        .zeitpunkt = u->jetzt,
        .behoerde_id = e->behoerde_id > 0 ? e->behoerde_id : 0,
        .konto_id = e->konto_id > 0 ? e->konto_id : 0,
        .aktion = e->aktion,
        .objekt_typ = e->objekt_typ,
        .objekt_id = e->objekt_id,
        .herkunft = u->herkunft,
        .detail = e->detail ? e->detail : "{}",
    };
    int rc = store_protokoll_kopf_weiter(c, kette, &z.folge, vorher);
    if (rc != ERR_OK)
        return rc;
    protokoll_hash(vorher, &z, hash);
    z.vorher_hash = vorher;
    z.hash = hash;
    rc = store_protokoll_insert(c, &z);
    if (rc == ERR_OK)
        rc = store_protokoll_kopf_hash(c, kette, hash);
    return rc;
}

static struct protokoll_eintrag
objekt_eintrag(int64_t behoerde_id, int64_t konto_id, const char *aktion, const char *typ,
               const char *oid, const char *detail)
{
    return (struct protokoll_eintrag){.behoerde_id = behoerde_id,
                                      .konto_id = konto_id,
                                      .aktion = aktion,
                                      .objekt_typ = typ,
                                      .objekt_id = oid,
                                      .detail = detail};
}

int
protokoll_objekt(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
                 const char *aktion, const char *typ, int64_t id, const char *detail)
{
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, id);
    struct protokoll_eintrag e = objekt_eintrag(behoerde_id, konto_id, aktion, typ, oid, detail);
    return protokoll_schreiben(c, u, &e);
}

struct lesen_tx {
    const struct umfeld *u;
    const struct protokoll_eintrag *e;
};

static int
lesen_tx(struct db_conn *c, void *ctx)
{
    struct lesen_tx *t = ctx;
    return protokoll_schreiben(c, t->u, t->e);
}

int
protokoll_lesen(struct db_conn *c, const struct umfeld *u, const struct protokoll_eintrag *e)
{
    struct lesen_tx t = {u, e};
    return db_tx_gruppe(c, lesen_tx, &t);
}

int
protokoll_objekt_gelesen(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id,
                         int64_t konto_id, const char *aktion, const char *typ, int64_t id,
                         const char *detail)
{
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, id);
    struct protokoll_eintrag e = objekt_eintrag(behoerde_id, konto_id, aktion, typ, oid, detail);
    return protokoll_lesen(c, u, &e);
}

struct pruef {
    char vorher[PROTOKOLL_HASH_LEN + 1];
    int64_t n, bruch;
};

static int
pruef_zeile(const struct protokoll_zeile *z, void *ctx)
{
    struct pruef *p = ctx;
    char h[PROTOKOLL_HASH_LEN + 1];
    if (z->folge != p->n + 1 || !z->vorher_hash || !z->hash ||
        strcmp(z->vorher_hash, p->vorher) != 0) {
        p->bruch = z->folge;
        return ERR_CONFLICT;
    }
    protokoll_hash(p->vorher, z, h);
    if (strcmp(h, z->hash) != 0) {
        p->bruch = z->folge;
        return ERR_CONFLICT;
    }
    memcpy(p->vorher, h, sizeof(h));
    p->n++;
    return ERR_OK;
}

int
protokoll_pruefen(struct db_conn *c, int64_t kette, int64_t *n_zeilen, int64_t *bruch)
{
    struct pruef p = {.n = 0, .bruch = 0};
    int64_t kopf_folge = 0;
    char kopf_hash[PROTOKOLL_HASH_LEN + 1];
    memset(p.vorher, '0', PROTOKOLL_HASH_LEN);
    p.vorher[PROTOKOLL_HASH_LEN] = '\0';

    int rc = store_protokoll_walk(c, kette, pruef_zeile, &p);
    if (rc == ERR_CONFLICT) {
        *bruch = p.bruch;
        return rc;
    }
    if (rc != ERR_OK)
        return rc;
    rc = store_protokoll_kopf(c, kette, &kopf_folge, kopf_hash);
    if (rc == ERR_NOTFOUND && p.n == 0) {
        *n_zeilen = 0;
        return ERR_OK;
    }
    if (rc != ERR_OK && rc != ERR_NOTFOUND)
        return rc;
    if (rc == ERR_NOTFOUND || kopf_folge != p.n || strcmp(kopf_hash, p.vorher) != 0) {
        *bruch = kopf_folge > p.n ? p.n + 1 : kopf_folge;
        return ERR_CONFLICT;
    }
    *n_zeilen = p.n;
    return ERR_OK;
}
