/* formular_daten: checking answers against a form definition (see formular.h) — the walk over
 * containers, conditions and repeated groups, and the files the answers name; single values
 * are checked in formular_werte.c. One pass over each container in document order: conditions
 * only look at earlier fields of the same container, whose cleaned values are already in the
 * output object. */
#include <stdarg.h>
#include <string.h>

#include <jansson.h>

#include "domain/formular_daten_intern.h"

/* ---- errors and paths ----------------------------------------------------------------- */

void
fd_fehler(struct dctx *d, const char *pfad, const struct formular_feld *f, const char *fmt, ...)
{
    va_list ap;
    if (d->n_fe > FORMULAR_MAX_FEHLER)
        return;
    if (d->n_fe == FORMULAR_MAX_FEHLER) {
        d->fe[d->n_fe++] = (struct formular_fehler){
            "", NULL, NULL, "Weitere Fehler sind nicht aufgeführt: bitte prüfen Sie alle Angaben."};
        return;
    }
    va_start(ap, fmt);
    char *text = arena_vprintf(d->a, fmt, ap);
    va_end(ap);
    /* the html id: "f" then the pointer's parts joined by '-' */
    char *id = arena_printf(d->a, "f%s", pfad);
    if (!text || !id) {
        d->nomem = true;
        return;
    }
    for (char *q = id; *q; q++)
        if (*q == '/')
            *q = '-';
    d->fe[d->n_fe++] = (struct formular_fehler){pfad, id, f ? f->label : NULL, text};
}

/* A JSON Pointer one step down: `pfad` + "/" + key (ids and indexes need no escaping). */
const char *
fd_unter(struct dctx *d, const char *pfad, const char *key)
{
    const char *s = arena_printf(d->a, "%s/%s", pfad, key);
    if (!s)
        d->nomem = true;
    return s ? s : pfad;
}

const char *
fd_unter_idx(struct dctx *d, const char *pfad, size_t i)
{
    const char *s = arena_printf(d->a, "%s/%zu", pfad, i);
    if (!s)
        d->nomem = true;
    return s ? s : pfad;
}

/* ---- conditions ---------------------------------------------------------------------- */

static bool
wert_gleich(const struct formular_wert *w, const json_t *v)
{
    switch (w->art) {
    case FORMULAR_WERT_TEXT:
        return json_is_string(v) && strcmp(json_string_value(v), w->text) == 0;
    case FORMULAR_WERT_ZAHL:
        return json_is_number(v) && json_number_value(v) == w->zahl;
    case FORMULAR_WERT_BOOL:
        return json_is_boolean(v) && json_is_true(v) == w->b;
    }
    return false;
}

/* Whether answer `v` (cleaned; may be NULL) matches one of werte (a multiple choice matches
 * when one of its items does). */
static bool
trifft(const struct formular_bedingung *b, const json_t *v)
{
    if (!v)
        return false;
    for (size_t i = 0; i < b->n_werte; i++) {
        if (json_is_array(v)) {
            size_t k;
            json_t *e;
            json_array_foreach(v, k, e) if (wert_gleich(&b->werte[i], e)) return true;
        } else if (wert_gleich(&b->werte[i], v)) {
            return true;
        }
    }
    return false;
}

static bool
gilt(const struct formular_bedingung *b, const struct formular_feld *felder, const json_t *obj)
{
    const json_t *v = NULL;
    switch (b->art) {
    case FORMULAR_BED_ALLE:
        for (size_t i = 0; i < b->n_teile; i++)
            if (!gilt(&b->teile[i], felder, obj))
                return false;
        return true;
    case FORMULAR_BED_EINE:
        for (size_t i = 0; i < b->n_teile; i++)
            if (gilt(&b->teile[i], felder, obj))
                return true;
        return false;
    case FORMULAR_BED_NICHT:
        return !gilt(&b->teile[0], felder, obj);
    case FORMULAR_BED_GLEICH:
    case FORMULAR_BED_UNGLEICH:
    case FORMULAR_BED_IN:
    case FORMULAR_BED_AUSGEFUELLT:
        break;
    }
    if (obj)
        v = json_object_get(obj, felder[b->feld].id);
    switch (b->art) {
    case FORMULAR_BED_GLEICH:
    case FORMULAR_BED_IN:
        return trifft(b, v);
    case FORMULAR_BED_UNGLEICH:
        return !trifft(b, v);
    case FORMULAR_BED_AUSGEFUELLT:
        return (v != NULL) == b->ja;
    default:
        return false;
    }
}

bool
formular_feld_sichtbar(const struct formular_feld *felder, const struct formular_feld *feld,
                       const json_t *container)
{
    return !feld->sichtbar_wenn || gilt(feld->sichtbar_wenn, felder, container);
}

bool
formular_feld_pflicht(const struct formular_feld *felder, const struct formular_feld *feld,
                      const json_t *container)
{
    if (!formular_feld_sichtbar(felder, feld, container))
        return false;
    return feld->is_pflicht || (feld->pflicht_wenn && gilt(feld->pflicht_wenn, felder, container));
}

/* Whether the required rules apply to top-level field `f` in this check. */
static bool
pflicht_hier(const struct dctx *d, const struct formular_feld *f, bool top)
{
    switch (d->pruefung) {
    case FORMULAR_ENTWURF:
        return false;
    case FORMULAR_SCHRITT:
        return top ? f->schritt == d->schritt : d->in_schritt;
    case FORMULAR_VOLLSTAENDIG:
        return true;
    }
    return true;
}

static json_t *
gruppe_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
            bool pflicht, bool regeln, bool *leer)
{
    *leer = false;
    if (!f->is_wiederholbar) {
        /* an optional group left empty is no answer: forget what its required fields said */
        bool gl = false;
        size_t n_fe = d->n_fe, n_pf = d->n_pflicht;
        json_t *r = fd_container(d, f->felder, f->n_felder, v, pfad, false, &gl);
        if (gl && !pflicht && d->n_fe - n_fe == d->n_pflicht - n_pf) {
            d->n_fe = n_fe;
            d->n_pflicht = n_pf;
            json_decref(r);
            *leer = true;
            return NULL;
        }
        return r;
    }
    if (!json_is_array(v)) {
        fd_fehler(d, pfad, f, "„%s“: Erwartet wird eine Liste von Einträgen.", f->label);
        return NULL;
    }
    size_t k = json_array_size(v);
    if ((int64_t)k > f->max_anzahl_gruppe) {
        fd_fehler(d, pfad, f, "„%s“: Höchstens %lld Einträge.", f->label,
                  (long long)f->max_anzahl_gruppe);
        return NULL;
    }
    json_t *r = json_array();
    if (!r) {
        d->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < k; i++) {
        bool gl = false;
        json_t *e = fd_container(d, f->felder, f->n_felder, json_array_get(v, i),
                                 fd_unter_idx(d, pfad, i), false, &gl);
        if (!e)
            e = json_object(); /* keep positions stable for the error paths */
        if (!e || json_array_append_new(r, e) != 0)
            d->nomem = true;
    }
    if (k == 0) {
        json_decref(r);
        *leer = true;
        return NULL;
    }
    if (regeln && (int64_t)k < f->min_anzahl) {
        fd_fehler(d, pfad, f, "„%s“: Bitte geben Sie mindestens %lld %s an.", f->label,
                  (long long)f->min_anzahl, f->min_anzahl == 1 ? "Eintrag" : "Einträge");
        d->n_pflicht++;
    }
    return r;
}

/* Check the answers `obj` of a container of fields felder[0..n) at `pfad`; returns the cleaned
 * object (new reference; NULL on OOM or when obj is not an object) and *leer when no field
 * is answered. */
json_t *
fd_container(struct dctx *d, const struct formular_feld *felder, size_t n, const json_t *obj,
             const char *pfad, bool top, bool *leer)
{
    *leer = true;
    if (!json_is_object(obj)) {
        if (!json_is_null(obj) && obj)
            fd_fehler(d, pfad[0] ? pfad : "", NULL, "Erwartet wird ein Objekt mit Antworten.");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        size_t i;
        for (i = 0; i < n; i++)
            if (strcmp(felder[i].id, key) == 0)
                break;
        if (i == n) {
            const char *p = formular_is_id(key) ? fd_unter(d, pfad, key) : fd_unter(d, pfad, "_");
            fd_fehler(d, p, NULL, "Das Feld „%.40s“ gibt es im Formular nicht.",
                      str_is_clean_utf8(key, strlen(key)) ? key : "?");
        }
    }
    json_t *r = json_object();
    if (!r) {
        d->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < n && !d->nomem; i++) {
        const struct formular_feld *f = &felder[i];
        if (!formular_feld_sichtbar(felder, f, r))
            continue;
        if (top)
            d->in_schritt = d->pruefung != FORMULAR_SCHRITT || f->schritt == d->schritt;
        bool regeln = pflicht_hier(d, f, top);
        bool pflicht = regeln && formular_feld_pflicht(felder, f, r);
        const char *p = fd_unter(d, pfad, f->id);
        json_t *a = json_object_get(obj, f->id);
        if (json_is_null(a))
            a = NULL;
        bool is_leer = true;
        json_t *c = NULL;
        if (a && f->typ == FORMULAR_GRUPPE)
            c = gruppe_wert(d, f, a, p, pflicht, regeln, &is_leer);
        else if (a && f->typ == FORMULAR_ADRESSE && !json_is_null(a))
            c = fd_adresse_wert(d, f, a, p, pflicht, regeln, &is_leer);
        else if (a)
            c = fd_einzelwert(d, f, a, p, &is_leer);
        if (c) {
            *leer = false;
            if (json_object_set_new(r, f->id, c) != 0)
                d->nomem = true;
            continue;
        }
        if (!is_leer)
            *leer = false; /* answered, but wrongly: the error is reported */
        if (!is_leer || !pflicht)
            continue;
        d->n_pflicht++;
        switch (f->typ) {
        case FORMULAR_AUSWAHL:
        case FORMULAR_JANEIN:
            if (f->is_bestaetigung)
                fd_fehler(d, p, f, "Bitte bestätigen Sie: „%s“.", f->label);
            else
                fd_fehler(d, p, f, "„%s“: Bitte wählen Sie aus.", f->label);
            break;
        case FORMULAR_DATEI:
            fd_fehler(d, p, f, "„%s“: Bitte laden Sie eine Datei hoch.", f->label);
            break;
        case FORMULAR_GRUPPE:
            if (f->is_wiederholbar) {
                fd_fehler(d, p, f, "„%s“: Bitte geben Sie mindestens %lld %s an.", f->label,
                          (long long)(f->min_anzahl > 1 ? f->min_anzahl : 1),
                          f->min_anzahl > 1 ? "Einträge" : "Eintrag");
                break;
            }
            /* a required plain group: check its fields as if it were empty */
            d->n_pflicht--;
            {
                bool gl;
                json_t *leer_obj = json_object();
                json_t *x = leer_obj
                                ? fd_container(d, f->felder, f->n_felder, leer_obj, p, false, &gl)
                                : NULL;
                json_decref(x);
                json_decref(leer_obj);
            }
            break;
        case FORMULAR_ADRESSE: {
            bool gl;
            json_t *leer_obj = json_object();
            d->n_pflicht--; /* adresse_wert counts each missing part */
            json_t *x = leer_obj ? fd_adresse_wert(d, f, leer_obj, p, true, true, &gl) : NULL;
            json_decref(x);
            json_decref(leer_obj);
            break;
        }
        default:
            fd_fehler(d, p, f, "„%s“: Bitte füllen Sie dieses Feld aus.", f->label);
            break;
        }
    }
    return r;
}

int
formular_daten_pruefen(struct arena *a, const struct formular *f, const json_t *daten,
                       enum formular_pruefung pruefung, size_t schritt, const char *heute,
                       json_t **bereinigt, struct formular_fehler **fehler_out, size_t *n_fehler)
{
    struct dctx d = {.a = a, .pruefung = pruefung, .schritt = schritt, .heute = heute};
    bool leer;
    d.fe = arena_zalloc(a, (FORMULAR_MAX_FEHLER + 1) * sizeof(*d.fe));
    if (!d.fe)
        return ERR_NOMEM;
    json_t *r = fd_container(&d, f->felder, f->n_felder, daten, "", true, &leer);
    if (d.nomem) {
        json_decref(r);
        return ERR_NOMEM;
    }
    if (!r && !(r = json_object()))
        return ERR_NOMEM;
    *bereinigt = r;
    *fehler_out = d.fe;
    *n_fehler = d.n_fe;
    return ERR_OK;
}

/* ---- file references ---------------------------------------------------------------- */

struct refs {
    struct arena *a;
    struct formular_datei_ref *items;
    size_t n, cap;
};

static int
refs_add(struct refs *r, const char *sha, const struct formular_feld *f, const char *pfad)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct formular_datei_ref *n = arena_alloc(r->a, cap * sizeof(*n));
        if (!n)
            return ERR_NOMEM;
        if (r->n)
            memcpy(n, r->items, r->n * sizeof(*n));
        r->items = n;
        r->cap = cap;
    }
    const char *s = arena_strdup(r->a, sha);
    if (!s)
        return ERR_NOMEM;
    r->items[r->n++] = (struct formular_datei_ref){s, f, pfad};
    return ERR_OK;
}

static int
refs_container(struct refs *r, const struct formular_feld *felder, size_t n, const json_t *obj,
               const char *pfad)
{
    if (!json_is_object(obj))
        return ERR_OK;
    for (size_t i = 0; i < n; i++) {
        const struct formular_feld *f = &felder[i];
        json_t *v = json_object_get(obj, f->id);
        if (!v)
            continue;
        const char *p = arena_printf(r->a, "%s/%s", pfad, f->id);
        if (!p)
            return ERR_NOMEM;
        int rc = ERR_OK;
        if (f->typ == FORMULAR_DATEI && json_is_array(v)) {
            size_t k;
            json_t *e;
            json_array_foreach(v, k, e) if (json_is_string(e) && rc == ERR_OK)
            {
                const char *pk = arena_printf(r->a, "%s/%zu", p, k);
                rc = pk ? refs_add(r, json_string_value(e), f, pk) : ERR_NOMEM;
            }
        } else if (f->typ == FORMULAR_GRUPPE && f->is_wiederholbar && json_is_array(v)) {
            size_t k;
            json_t *e;
            json_array_foreach(v, k, e) if (rc == ERR_OK)
            {
                const char *pk = arena_printf(r->a, "%s/%zu", p, k);
                rc = pk ? refs_container(r, f->felder, f->n_felder, e, pk) : ERR_NOMEM;
            }
        } else if (f->typ == FORMULAR_GRUPPE) {
            rc = refs_container(r, f->felder, f->n_felder, v, p);
        }
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

int
formular_dateien(struct arena *a, const struct formular *f, const json_t *daten,
                 struct formular_datei_ref **out, size_t *n)
{
    struct refs r = {.a = a};
    int rc = refs_container(&r, f->felder, f->n_felder, daten, "");
    if (rc != ERR_OK)
        return rc;
    *out = r.items;
    *n = r.n;
    return ERR_OK;
}
