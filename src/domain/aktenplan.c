#include "domain/aktenplan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/protokoll.h"
#include "formats/aktenplan_csv.h"
#include "store/db.h"
#include "util/str.h"

int
aktenplan_behoerde(const struct actor *who, int64_t wunsch, int64_t *out)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (wunsch > 0) {
        *out = wunsch;
        return ERR_OK;
    }
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if ((z->rolle == ROLLE_SACHBEARBEITUNG || z->rolle == ROLLE_BEHOERDENADMIN) &&
            z->behoerde_id > 0) {
            *out = z->behoerde_id;
            return ERR_OK;
        }
    }
    return ERR_FORBIDDEN;
}

/* Readers: clerks (file access) and admins (plan management) of the authority. */
static int
darf_lesen(const struct actor *who, int64_t behoerde_id)
{
    struct authz_object o = {.behoerde_id = behoerde_id};
    int rc = authz_check(who, AUTHZ_AKTE_LESEN, &o);
    if (rc == ERR_OK)
        return rc;
    int rc2 = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &o);
    if (rc2 == ERR_OK || (rc2 == ERR_FORBIDDEN && who->is_read_only))
        return ERR_OK;
    return rc == ERR_FORBIDDEN || rc2 == ERR_FORBIDDEN ? ERR_FORBIDDEN : rc;
}

static int
darf_aendern(const struct actor *who, int64_t behoerde_id)
{
    struct authz_object o = {.behoerde_id = behoerde_id};
    return authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &o);
}

static int
nach_id(const void *x, const void *y)
{
    const struct aktenplan_row *const *a = x, *const *b = y;
    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

static const struct aktenplan_row *
finde_id(const struct aktenplan_row *const *idx, size_t n, int64_t id)
{
    struct aktenplan_row key = {.id = id};
    const struct aktenplan_row *k = &key;
    const struct aktenplan_row *const *hit = bsearch(&k, idx, n, sizeof(*idx), nach_id);
    return hit ? *hit : NULL;
}

/* Index of the rows by id (arena), for walking up the tree. */
static const struct aktenplan_row **
id_index(struct arena *a, const struct aktenplan_row *rows, size_t n)
{
    const struct aktenplan_row **idx = arena_alloc(a, (n ? n : 1) * sizeof(*idx));
    if (!idx)
        return NULL;
    for (size_t i = 0; i < n; i++)
        idx[i] = &rows[i];
    qsort(idx, n, sizeof(*idx), nach_id);
    return idx;
}

static void
effektiv(const struct aktenplan_row *const *idx, size_t n, const struct aktenplan_row *r,
         struct aktenplan_eintrag *e)
{
    const struct aktenplan_row *p = r;
    int tiefe = 0;
    e->row = *r;
    e->aufbewahrung_jahre = -1;
    e->archivwuerdigkeit = 0;
    for (size_t guard = 0; p && guard <= n; guard++) {
        if (e->aufbewahrung_jahre < 0 && p->aufbewahrung_jahre >= 0)
            e->aufbewahrung_jahre = p->aufbewahrung_jahre;
        if (!e->archivwuerdigkeit && p->archivwuerdigkeit)
            e->archivwuerdigkeit = p->archivwuerdigkeit;
        p = p->eltern_id > 0 ? finde_id(idx, n, p->eltern_id) : NULL;
        if (p)
            tiefe++;
    }
    e->tiefe = tiefe;
    e->is_geerbt_jahre = r->aufbewahrung_jahre < 0;
    e->is_geerbt_wuerdigkeit = !r->archivwuerdigkeit;
    if (e->aufbewahrung_jahre < 0)
        e->aufbewahrung_jahre = 0;
    if (!e->archivwuerdigkeit)
        e->archivwuerdigkeit = 'B';
}

/* Append the subtree under `eltern` (0: the roots) to out in depth-first order. */
static void
baum(const struct aktenplan_row *rows, size_t n, int64_t eltern, const struct aktenplan_row **out,
     size_t *k, int tiefe)
{
    if (tiefe > 64)
        return;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].eltern_id != eltern)
            continue;
        out[(*k)++] = &rows[i];
        baum(rows, n, rows[i].id, out, k, tiefe + 1);
    }
}

int
aktenplan_lesen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t behoerde_id,
                struct aktenplan_eintrag **out, size_t *n)
{
    struct aktenplan_row *rows = NULL;
    size_t n_rows = 0, k = 0;
    int rc = darf_lesen(who, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    rc = store_aktenplan_liste(c, a, behoerde_id, &rows, &n_rows);
    if (rc != ERR_OK)
        return rc;
    const struct aktenplan_row **idx = id_index(a, rows, n_rows);
    const struct aktenplan_row **ord = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*ord));
    struct aktenplan_eintrag *e = arena_zalloc(a, (n_rows ? n_rows : 1) * sizeof(*e));
    if (!idx || !ord || !e)
        return ERR_NOMEM;
    baum(rows, n_rows, 0, ord, &k, 0);
    /* pos[row index] = its place in ord (and e) */
    size_t *pos = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*pos));
    if (!pos)
        return ERR_NOMEM;
    for (size_t i = 0; i < n_rows; i++)
        pos[i] = SIZE_MAX;
    for (size_t i = 0; i < k; i++)
        pos[ord[i] - rows] = i;
    /* rows whose parent is missing or in a cycle: shown at the end rather than lost */
    for (size_t i = 0; i < n_rows && k < n_rows; i++)
        if (pos[i] == SIZE_MAX) {
            pos[i] = k;
            ord[k++] = &rows[i];
        }
    for (size_t i = 0; i < n_rows; i++)
        effektiv(idx, n_rows, ord[i], &e[i]);
    /* subtree sums: every entry adds its own files to itself and its ancestors */
    for (size_t i = 0; i < n_rows; i++) {
        const struct aktenplan_row *p = ord[i];
        for (size_t guard = 0; p && guard <= n_rows; guard++) {
            e[pos[p - rows]].n_akten_gesamt += ord[i]->n_akten;
            p = p->eltern_id > 0 ? finde_id(idx, n_rows, p->eltern_id) : NULL;
        }
    }
    *out = e;
    *n = n_rows;
    return ERR_OK;
}

int
aktenplan_eintrag_lesen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                        struct aktenplan_eintrag *out)
{
    struct aktenplan_row r;
    struct aktenplan_row *rows = NULL;
    size_t n_rows = 0;
    int rc = store_aktenplan_get(c, a, id, &r);
    if (rc != ERR_OK)
        return rc;
    rc = darf_lesen(who, r.behoerde_id);
    if (rc != ERR_OK)
        return rc;
    rc = store_aktenplan_liste(c, a, r.behoerde_id, &rows, &n_rows);
    if (rc != ERR_OK)
        return rc;
    const struct aktenplan_row **idx = id_index(a, rows, n_rows);
    if (!idx)
        return ERR_NOMEM;
    memset(out, 0, sizeof(*out));
    effektiv(idx, n_rows, &r, out);
    out->n_akten_gesamt = r.n_akten;
    return ERR_OK;
}

int
aktenplan_regeln(struct db_conn *c, struct arena *a, int64_t aktenplan_id, int *jahre,
                 char *wuerdigkeit, const char **kennzeichen)
{
    struct aktenplan_row r;
    struct aktenplan_row *rows = NULL;
    size_t n_rows = 0;
    struct aktenplan_eintrag e;
    int rc = store_aktenplan_get(c, a, aktenplan_id, &r);
    if (rc == ERR_OK)
        rc = store_aktenplan_liste(c, a, r.behoerde_id, &rows, &n_rows);
    if (rc != ERR_OK)
        return rc;
    const struct aktenplan_row **idx = id_index(a, rows, n_rows);
    if (!idx)
        return ERR_NOMEM;
    effektiv(idx, n_rows, &r, &e);
    *jahre = e.aufbewahrung_jahre;
    *wuerdigkeit = e.archivwuerdigkeit;
    if (kennzeichen)
        *kennzeichen = r.kennzeichen;
    return ERR_OK;
}

int
aktenplan_index_laden(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                      struct aktenplan_index *idx)
{
    int rc = store_aktenplan_liste(c, a, behoerde_id, &idx->rows, &idx->n);
    if (rc != ERR_OK)
        return rc;
    idx->by_id = id_index(a, idx->rows, idx->n);
    return idx->by_id ? ERR_OK : ERR_NOMEM;
}

bool
aktenplan_index_regeln(const struct aktenplan_index *idx, int64_t id, int *jahre, char *wuerdigkeit,
                       const char **kennzeichen, const char **titel)
{
    struct aktenplan_eintrag e;
    const struct aktenplan_row *r = finde_id(idx->by_id, idx->n, id);
    if (!r)
        return false;
    effektiv(idx->by_id, idx->n, r, &e);
    *jahre = e.aufbewahrung_jahre;
    *wuerdigkeit = e.archivwuerdigkeit;
    if (kennzeichen)
        *kennzeichen = r->kennzeichen;
    if (titel)
        *titel = r->titel;
    return true;
}

/* ---- import ---- */

/* A node of the merged plan: an existing entry, a row of the file, or both. */
struct knoten {
    const char *kz;
    const struct aktenplan_row *alt;   /* existing entry or NULL */
    const struct aktenplan_zeile *neu; /* row of the file or NULL */
    struct knoten *eltern;             /* resolved parent (NULL: top group) */
    int64_t id;                        /* database id once written */
    bool fertig;
};

static int
nach_kz(const void *x, const void *y)
{
    const struct knoten *a = x, *b = y;
    return strcmp(a->kz, b->kz);
}

static struct knoten *
finde_kz(struct knoten *k, size_t n, const char *kz)
{
    struct knoten key = {.kz = kz};
    return bsearch(&key, k, n, sizeof(*k), nach_kz);
}

struct import_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t behoerde_id;
    const char *name;
    const struct aktenplan_zeile *zeilen;
    size_t n_zeilen;
    bool is_demo;
    struct aktenplan_import_ergebnis erg;
    struct buf *err;
};

static bool
gleich_text(const char *a, const char *b)
{
    if (!a || !b)
        return !a == !b;
    return strcmp(a, b) == 0;
}

/* Resolve parents of the file's rows; problems go to t->err. */
static int
eltern_aufloesen(struct import_tx *t, struct knoten *k, size_t n, const struct aktenplan_row *alt,
                 size_t n_alt, const struct aktenplan_row *const *idx, bool *ok)
{
    char kand[AKTENPLAN_KZ_MAX + 1];
    int rc = ERR_OK;
    for (size_t i = 0; i < n && rc == ERR_OK; i++) {
        const struct aktenplan_zeile *z = k[i].neu;
        if (!z) {
            const struct aktenplan_row *p =
                k[i].alt->eltern_id > 0 ? finde_id(idx, n_alt, k[i].alt->eltern_id) : NULL;
            k[i].eltern = p ? finde_kz(k, n, p->kennzeichen) : NULL;
            continue;
        }
        if (z->eltern) {
            k[i].eltern = finde_kz(k, n, z->eltern);
            if (!k[i].eltern) {
                *ok = false;
                rc = buf_printf(t->err,
                                "%s:%zu: eltern '%s' steht weder in der Datei noch im Aktenplan\n",
                                t->name, z->zeile, z->eltern);
            }
            continue;
        }
        k[i].eltern = NULL;
        for (size_t j = 0; aktenplan_kennzeichen_vorfahr(z->kennzeichen, j, kand); j++) {
            struct knoten *p = finde_kz(k, n, kand);
            if (p) {
                k[i].eltern = p;
                break;
            }
        }
    }
    (void)alt;
    for (size_t i = 0; i < n && rc == ERR_OK; i++) {
        const struct knoten *p = k[i].eltern;
        size_t schritte = 0;
        while (p && p != &k[i] && schritte++ <= n)
            p = p->eltern;
        if (p) {
            *ok = false;
            rc = buf_printf(t->err, "%s:%zu: eltern von '%s' ergibt einen Kreis\n", t->name,
                            k[i].neu ? k[i].neu->zeile : (size_t)0, k[i].kz);
            if (rc == ERR_OK && !k[i].neu)
                break;
        }
    }
    return rc;
}

static int
knoten_schreiben(struct import_tx *t, struct db_conn *c, struct knoten *x)
{
    const struct aktenplan_zeile *z = x->neu;
    int64_t eltern_id = x->eltern ? x->eltern->id : 0;
    struct aktenplan_row r = {
        .behoerde_id = t->behoerde_id,
        .eltern_id = eltern_id,
        .kennzeichen = z->kennzeichen,
        .titel = z->titel,
        .beschreibung = z->beschreibung,
        .aufbewahrung_jahre = z->aufbewahrung_jahre,
        .archivwuerdigkeit = z->archivwuerdigkeit,
        .is_aktiv = true,
        .is_demo = t->is_demo,
        .erstellt = t->u->jetzt,
        .geaendert = t->u->jetzt,
    };
    if (!x->alt) {
        int rc = store_aktenplan_insert(c, &r);
        if (rc == ERR_OK) {
            x->id = r.id;
            t->erg.n_neu++;
        }
        return rc;
    }
    const struct aktenplan_row *o = x->alt;
    x->id = o->id;
    if (o->eltern_id == eltern_id && gleich_text(o->titel, z->titel) &&
        gleich_text(o->beschreibung, z->beschreibung) &&
        o->aufbewahrung_jahre == z->aufbewahrung_jahre &&
        o->archivwuerdigkeit == z->archivwuerdigkeit) {
        t->erg.n_unveraendert++;
        return ERR_OK;
    }
    r.id = o->id;
    r.is_aktiv = o->is_aktiv;
    t->erg.n_geaendert++;
    return store_aktenplan_update(c, &r);
}

static int
import_tx(struct db_conn *c, void *ctx)
{
    struct import_tx *t = ctx;
    struct arena *a = arena_new(1024 * 1024);
    struct aktenplan_row *alt = NULL;
    size_t n_alt = 0, n = 0;
    bool ok = true;
    int rc;

    if (!a)
        return ERR_NOMEM;
    memset(&t->erg, 0, sizeof(t->erg));
    rc = store_aktenplan_liste(c, a, t->behoerde_id, &alt, &n_alt);
    if (rc != ERR_OK)
        goto out;
    const struct aktenplan_row **idx = id_index(a, alt, n_alt);
    struct knoten *k = arena_zalloc(a, (n_alt + t->n_zeilen + 1) * sizeof(*k));
    if (!idx || !k) {
        rc = ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n_alt; i++)
        k[n++] = (struct knoten){.kz = alt[i].kennzeichen, .alt = &alt[i], .id = alt[i].id};
    qsort(k, n, sizeof(*k), nach_kz);
    size_t n_basis = n;
    for (size_t i = 0; i < t->n_zeilen; i++) {
        struct knoten *hit = finde_kz(k, n_basis, t->zeilen[i].kennzeichen);
        if (hit)
            hit->neu = &t->zeilen[i];
        else
            k[n++] = (struct knoten){.kz = t->zeilen[i].kennzeichen, .neu = &t->zeilen[i]};
    }
    qsort(k, n, sizeof(*k), nach_kz);
    rc = eltern_aufloesen(t, k, n, alt, n_alt, idx, &ok);
    if (rc == ERR_OK && !ok)
        rc = ERR_INVALID;
    /* write parents first: each pass writes the rows whose parent has an id */
    for (bool weiter = true; rc == ERR_OK && weiter;) {
        weiter = false;
        for (size_t i = 0; i < n && rc == ERR_OK; i++) {
            if (!k[i].neu || k[i].fertig || (k[i].eltern && !k[i].eltern->id))
                continue;
            rc = knoten_schreiben(t, c, &k[i]);
            k[i].fertig = true;
            weiter = true;
        }
    }
    if (rc == ERR_OK) {
        char detail[128];
        char bid[24];
        snprintf(detail, sizeof(detail), "{\"neu\":%lld,\"geaendert\":%lld,\"unveraendert\":%lld}",
                 (long long)t->erg.n_neu, (long long)t->erg.n_geaendert,
                 (long long)t->erg.n_unveraendert);
        snprintf(bid, sizeof(bid), "%lld", (long long)t->behoerde_id);
        struct protokoll_eintrag e = {.behoerde_id = t->behoerde_id,
                                      .konto_id = t->who->konto_id,
                                      .aktion = "aktenplan_importiert",
                                      .objekt_typ = "aktenplan",
                                      .objekt_id = bid,
                                      .detail = detail};
        rc = protokoll_schreiben(c, t->u, &e);
    }
out:
    arena_free(a);
    return rc;
}

int
aktenplan_import(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                 int64_t behoerde_id, const char *name, const char *data, size_t len, bool is_demo,
                 struct aktenplan_import_ergebnis *erg, struct buf *err)
{
    struct aktenplan_zeile *zeilen = NULL;
    size_t n = 0;
    int rc = darf_aendern(who, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64u * 1024 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = aktenplan_csv_parse(a, name, data, len, &zeilen, &n, err);
    if (rc == ERR_OK) {
        struct import_tx t = {u, who, behoerde_id, name, zeilen, n, is_demo, {0, 0, 0}, err};
        size_t err_len = err->len;
        rc = db_tx(c, import_tx, &t);
        if (rc == ERR_OK)
            *erg = t.erg;
        else if (rc != ERR_INVALID && err->len > err_len && err->p) {
            err->len = err_len; /* messages of a failed attempt only */
            err->p[err_len] = '\0';
        }
    }
    arena_free(a);
    return rc;
}

/* ---- single entry ---- */

struct aendern_tx {
    const struct umfeld *u;
    const struct actor *who;
    struct aktenplan_row *r;
};

static int
aendern_tx(struct db_conn *c, void *ctx)
{
    struct aendern_tx *t = ctx;
    char oid[24];
    int rc = store_aktenplan_update(c, t->r);
    if (rc != ERR_OK)
        return rc;
    snprintf(oid, sizeof(oid), "%lld", (long long)t->r->id);
    struct protokoll_eintrag e = {.behoerde_id = t->r->behoerde_id,
                                  .konto_id = t->who->konto_id,
                                  .aktion = t->r->is_aktiv ? "aktenplan_geaendert"
                                                           : "aktenplan_deaktiviert",
                                  .objekt_typ = "aktenplan",
                                  .objekt_id = oid,
                                  .detail = NULL};
    return protokoll_schreiben(c, t->u, &e);
}

static bool
zeile_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || !str_is_clean_utf8(s, n))
        return false;
    return !strchr(s, '\n') && !strchr(s, '\r');
}

int
aktenplan_aendern(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                  const struct aktenplan_aenderung *d, struct feld_fehler *f)
{
    struct aktenplan_row r;
    int rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = store_aktenplan_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = darf_aendern(who, r.behoerde_id);
    if (rc != ERR_OK)
        goto out;
    if (d->has_titel && !zeile_ok(d->titel, AKTENPLAN_TITEL_MAX)) {
        *f = (struct feld_fehler){"titel", "Der Titel ist eine Zeile mit 1 bis 200 Zeichen."};
        rc = ERR_INVALID;
        goto out;
    }
    if (d->has_beschreibung && d->beschreibung && d->beschreibung[0] &&
        (strlen(d->beschreibung) > AKTENPLAN_BESCHREIBUNG_MAX ||
         !str_is_clean_utf8(d->beschreibung, strlen(d->beschreibung)))) {
        *f = (struct feld_fehler){"beschreibung", "Die Beschreibung hat höchstens 2.000 Zeichen."};
        rc = ERR_INVALID;
        goto out;
    }
    if (d->has_jahre && (d->aufbewahrung_jahre < -1 || d->aufbewahrung_jahre > 200)) {
        *f = (struct feld_fehler){"aufbewahrung_jahre",
                                  "Die Aufbewahrung ist leer (geerbt) oder 0 bis 200 Jahre."};
        rc = ERR_INVALID;
        goto out;
    }
    if (d->has_wuerdigkeit && d->archivwuerdigkeit && !strchr("ABV", d->archivwuerdigkeit)) {
        *f = (struct feld_fehler){"archivwuerdigkeit",
                                  "Die Archivwürdigkeit ist leer (geerbt), A, B oder V."};
        rc = ERR_INVALID;
        goto out;
    }
    if (d->has_titel)
        r.titel = d->titel;
    if (d->has_beschreibung)
        r.beschreibung = d->beschreibung && d->beschreibung[0] ? d->beschreibung : NULL;
    if (d->has_jahre)
        r.aufbewahrung_jahre = d->aufbewahrung_jahre;
    if (d->has_wuerdigkeit)
        r.archivwuerdigkeit = d->archivwuerdigkeit;
    if (d->has_aktiv)
        r.is_aktiv = d->is_aktiv;
    r.geaendert = u->jetzt;
    struct aendern_tx t = {u, who, &r};
    rc = db_tx(c, aendern_tx, &t);
out:
    arena_free(a);
    return rc;
}
