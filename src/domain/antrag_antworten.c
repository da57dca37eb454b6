/* antrag_antworten: saving the answers of a draft, checked as a draft or per step, with the
 * files they name (see domain/antrag.h). */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/antrag_intern.h"
#include "store/antrag.h"
#include "store/db.h"

/* ---- answers ------------------------------------------------------------------------- */

static int
fl_add(struct fehlerliste *l, const char *pfad, const char *label, const char *text)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct formular_fehler *ni = arena_alloc(l->a, cap * sizeof(*ni));
        if (!ni)
            return ERR_NOMEM;
        if (l->n)
            memcpy(ni, l->items, l->n * sizeof(*ni));
        l->items = ni;
        l->cap = cap;
    }
    char *id = arena_printf(l->a, "f%s", pfad);
    if (!id)
        return ERR_NOMEM;
    for (char *q = id; *q; q++)
        if (*q == '/')
            *q = '-';
    l->items[l->n++] = (struct formular_fehler){pfad, id, label, text};
    return ERR_OK;
}

int
antrag_fehler_anhaengen(struct fehlerliste *l, const struct formular_fehler *fe, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = fl_add(l, fe[i].pfad, fe[i].label, fe[i].text);
        if (rc != ERR_OK)
            return rc;
        l->items[l->n - 1].feld = fe[i].feld;
    }
    return ERR_OK;
}

bool
antrag_typ_erlaubt(const struct formular_feld *f, const char *typ)
{
    for (size_t i = 0; i < f->n_typen; i++)
        if (strcmp(f->typen[i], typ) == 0)
            return true;
    return false;
}

/* Check that every file named in cleaned answers `daten` is an attachment of `an` of a type
 * and size its field allows; add errors to `l`. */
int
antrag_dateien_pruefen(struct db_conn *c, struct arena *a, const struct antrag *an,
                       const struct formular *f, const json_t *daten, struct fehlerliste *l)
{
    struct formular_datei_ref *refs;
    size_t n;
    int rc = formular_dateien(a, f, daten, &refs, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct anlage al;
        rc = store_anlage_get(c, a, an->id, refs[i].sha256, &al);
        const char *text = NULL;
        if (rc == ERR_NOTFOUND) {
            text =
                arena_printf(a, "„%s“: Diese Datei wurde nicht hochgeladen.", refs[i].feld->label);
            rc = ERR_OK;
        } else if (rc == ERR_OK && !antrag_typ_erlaubt(refs[i].feld, al.typ)) {
            text = arena_printf(a, "„%s“: Dateien vom Typ %s sind hier nicht erlaubt.",
                                refs[i].feld->label, al.typ);
        } else if (rc == ERR_OK && al.groesse > refs[i].feld->max_groesse) {
            text = arena_printf(a, "„%s“: Die Datei ist größer als %lld KB.", refs[i].feld->label,
                                (long long)(refs[i].feld->max_groesse / 1024));
        } else {
            continue;
        }
        if (rc == ERR_OK)
            rc = text ? fl_add(l, refs[i].pfad, refs[i].feld->label, text) : ERR_NOMEM;
    }
    return rc;
}

/* Is `id` a top-level field of step `s`? */
static const struct formular_feld *
schritt_feld(const struct formular *f, size_t s, const char *id)
{
    if (s >= f->n_schritte)
        return NULL;
    const struct formular_schritt *st = &f->schritte[s];
    for (size_t i = st->erstes; i < st->erstes + st->n_felder; i++)
        if (strcmp(f->felder[i].id, id) == 0)
            return &f->felder[i];
    return NULL;
}

struct speichern_tx {
    int64_t id, schritt, jetzt;
    const char *text;
    int64_t changes;
};

static int
speichern_tx(struct db_conn *c, void *ctx)
{
    struct speichern_tx *t = ctx;
    return store_antrag_daten_set(c, t->id, t->text, t->schritt, t->jetzt, &t->changes);
}

int
antrag_daten_speichern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct antrag_zugang *z, int64_t id, const json_t *daten,
                       bool schritt_mischen, enum formular_pruefung pruefung, size_t schritt,
                       struct formular_fehler **fehler, size_t *n_fehler)
{
    struct antrag an;
    struct formular *f;
    json_t *neu = NULL, *b = NULL;
    struct fehlerliste l = {.a = a};
    struct formular_fehler *fe;
    size_t n_fe;
    char heute[11];
    char *text = NULL;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc != ERR_OK)
        return rc;
    if (!antrag_ist_entwurf(&an))
        return ERR_CONFLICT;
    rc = antrag_formular(c, a, &an, &f);
    if (rc != ERR_OK)
        return rc;
    if (!json_is_object(daten)) {
        rc = fl_add(&l, "", NULL, "Erwartet wird ein JSON-Objekt mit Antworten.");
        goto fertig;
    }
    if (schritt_mischen) {
        /* the other steps' answers stay; this step's are replaced */
        rc = antrag_daten_laden(c, a, id, &neu);
        if (rc != ERR_OK)
            goto out;
        if (schritt < f->n_schritte) {
            const struct formular_schritt *st = &f->schritte[schritt];
            for (size_t i = st->erstes; i < st->erstes + st->n_felder; i++)
                RH_IGNORE(json_object_del(neu, f->felder[i].id)); /* absent is fine */
        }
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)daten, key, v)
        {
            if (!schritt_feld(f, schritt, key)) {
                rc = fl_add(&l, formular_is_id(key) ? arena_printf(a, "/%s", key) : "/_", NULL,
                            "Dieses Feld gehört nicht zu diesem Schritt.");
                if (rc != ERR_OK)
                    goto out;
                continue;
            }
            if (json_object_set(neu, key, v) != 0) {
                rc = ERR_NOMEM;
                goto out;
            }
        }
    } else {
        neu = json_incref((json_t *)daten);
    }
    antrag_heute(u->jetzt, heute);
    rc = formular_daten_pruefen(a, f, neu, pruefung, schritt, heute, &b, &fe, &n_fe);
    if (rc == ERR_OK)
        rc = antrag_fehler_anhaengen(&l, fe, n_fe);
    if (rc == ERR_OK && n_fe == 0)
        rc = antrag_dateien_pruefen(c, a, &an, f, b, &l);
    if (rc != ERR_OK || l.n > 0)
        goto fertig;
    text = json_dumps(b, JSON_COMPACT);
    if (!text) {
        rc = ERR_NOMEM;
        goto out;
    }
    if (strlen(text) > ANTRAG_DATEN_MAX) {
        rc = fl_add(&l, "", NULL, "Die Antworten sind zusammen größer als 1 MB.");
        if (rc == ERR_OK)
            rc = ERR_LIMIT;
        goto out;
    }
    struct speichern_tx t = {id, (int64_t)schritt, u->jetzt, text, 0};
    rc = db_tx(c, speichern_tx, &t);
    if (rc == ERR_OK && t.changes == 0)
        rc = ERR_CONFLICT;
fertig:
    if (rc == ERR_OK && l.n > 0)
        rc = ERR_INVALID;
out:
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        *fehler = l.items;
        *n_fehler = l.n;
    }
    free(text);
    json_decref(b);
    json_decref(neu);
    return rc;
}
