/* antrag_formular_lesen: reading a posted step of the form into answers, finding fields by
 * their path, and adding and removing entries of repeated groups (see
 * portal/antrag_formular.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <math.h>

#include "portal/antrag_formular_intern.h"

/* ---- reading a posted form ----------------------------------------------------------- */

struct leser {
    struct arena *a;
    const struct http_kv *form;
    size_t n;
    bool nomem;
};

static const char *
erster(const struct leser *l, const char *name, bool *da)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->form[i].name, name) == 0) {
            *da = true;
            return l->form[i].value;
        }
    }
    *da = false;
    return NULL;
}

static json_t *
zahl_lesen(const char *s)
{
    char buf[64];
    size_t k = 0;
    for (; *s && k < sizeof(buf) - 1; s++) {
        if (*s == ' ')
            continue;
        buf[k++] = *s == ',' ? '.' : *s;
    }
    buf[k] = '\0';
    if (k == 0)
        return NULL;
    /* digits, one sign in front, one decimal point: nothing strtod would read otherwise
     * (hex, inf, nan, exponents) */
    for (size_t i = 0; i < k; i++)
        if (!((buf[i] >= '0' && buf[i] <= '9') || buf[i] == '.' || (i == 0 && buf[i] == '-')))
            return NULL;
    char *end;
    double x = strtod(buf, &end);
    if (*end || !isfinite(x))
        return NULL;
    if (x == floor(x) && fabs(x) < 9e15)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *container_lesen(struct leser *l, const struct formular_feld *felder, size_t n,
                               const char *prefix, bool top, size_t schritt);

static json_t *
feld_lesen(struct leser *l, const struct formular_feld *f, const char *pfad)
{
    bool da = false;
    const char *v;
    switch (f->typ) {
    case FORMULAR_TEXT:
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN:
    case FORMULAR_DATUM:
        v = erster(l, pfad, &da);
        return da ? json_string(v) : NULL;
    case FORMULAR_ZAHL:
        v = erster(l, pfad, &da);
        if (!da)
            return NULL;
        {
            /* not a number: kept as the text, so the check reports it */
            json_t *z = zahl_lesen(v);
            return z ? z : json_string(v);
        }
    case FORMULAR_AUSWAHL:
        if (!f->is_mehrfach) {
            v = erster(l, pfad, &da);
            return da ? json_string(v) : NULL;
        } else {
            json_t *arr = json_array();
            for (size_t i = 0; arr && i < l->n; i++)
                if (strcmp(l->form[i].name, pfad) == 0)
                    json_array_append_new(arr, json_string(l->form[i].value));
            return arr;
        }
    case FORMULAR_JANEIN:
        v = erster(l, pfad, &da);
        if (!da)
            return NULL;
        if (strcmp(v, "ja") == 0)
            return json_true();
        if (strcmp(v, "nein") == 0 && !f->is_bestaetigung)
            return json_false();
        return json_string(v); /* reported by the check */
    case FORMULAR_ADRESSE: {
        static const char *const keys[] = {"strasse", "hausnummer", "zusatz", "plz", "ort"};
        json_t *o = json_object();
        for (size_t i = 0; o && i < 5; i++) {
            const char *tp = arena_printf(l->a, "%s.%s", pfad, keys[i]);
            v = tp ? erster(l, tp, &da) : NULL;
            if (tp && da && json_object_set_new(o, keys[i], json_string(v)) != 0)
                l->nomem = true;
        }
        return o;
    }
    case FORMULAR_DATEI: {
        const char *weg = arena_printf(l->a, "%s.entfernen", pfad);
        json_t *arr = json_array();
        for (size_t i = 0; arr && weg && i < l->n; i++) {
            if (strcmp(l->form[i].name, pfad) != 0 || !l->form[i].value[0])
                continue;
            bool entfernt = false;
            for (size_t k = 0; k < l->n && !entfernt; k++)
                entfernt = strcmp(l->form[k].name, weg) == 0 &&
                           strcmp(l->form[k].value, l->form[i].value) == 0;
            bool doppelt = false;
            size_t j;
            json_t *e;
            json_array_foreach(arr, j, e)
            {
                if (strcmp(json_string_value(e), l->form[i].value) == 0)
                    doppelt = true;
            }
            if (!entfernt && !doppelt)
                json_array_append_new(arr, json_string(l->form[i].value));
        }
        return arr;
    }
    case FORMULAR_GRUPPE:
        if (!f->is_wiederholbar)
            return container_lesen(l, f->felder, f->n_felder, pfad, false, 0);
        {
            const char *an = arena_printf(l->a, "%s.anzahl", pfad);
            int64_t k = 0;
            v = an ? erster(l, an, &da) : NULL;
            if (!da || str_to_int64(str_from(v), 0, f->max_anzahl_gruppe, &k) != ERR_OK)
                return NULL;
            json_t *arr = json_array();
            for (int64_t i = 0; arr && i < k; i++) {
                const char *ip = arena_printf(l->a, "%s.%lld", pfad, (long long)i);
                json_t *e = ip ? container_lesen(l, f->felder, f->n_felder, ip, false, 0) : NULL;
                if (!e || json_array_append_new(arr, e) != 0)
                    l->nomem = true;
            }
            return arr;
        }
    }
    return NULL;
}

static json_t *
container_lesen(struct leser *l, const struct formular_feld *felder, size_t n, const char *prefix,
                bool top, size_t schritt)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < n && !l->nomem; i++) {
        if (top && felder[i].schritt != schritt)
            continue;
        const char *pfad = af_pfad_plus(l->a, prefix, felder[i].id);
        json_t *v = pfad ? feld_lesen(l, &felder[i], pfad) : NULL;
        if (!pfad)
            l->nomem = true;
        if (v && json_object_set_new(o, felder[i].id, v) != 0)
            l->nomem = true;
    }
    if (!o)
        l->nomem = true;
    return o;
}

int
antrag_formular_lesen(struct arena *a, const struct formular *f, size_t schritt,
                      const struct http_kv *form, size_t n, json_t **out)
{
    struct leser l = {a, form, n, false};
    json_t *o = container_lesen(&l, f->felder, f->n_felder, NULL, true, schritt);
    if (l.nomem) {
        json_decref(o);
        return ERR_NOMEM;
    }
    *out = o;
    return ERR_OK;
}

/* ---- paths ------------------------------------------------------------------------- */

/* Walk dotted path `pfad` through the fields of step `schritt`; *idx_out gets a final index
 * when the path ends with one (or -1). Returns the field the path names. */
static const struct formular_feld *
feld_an(const struct formular *f, size_t schritt, const char *pfad, long *idx_out)
{
    const struct formular_feld *felder = f->felder, *cur = NULL;
    size_t n = f->n_felder;
    bool top = true;
    char seg[64];
    const char *s = pfad;
    *idx_out = -1;
    while (s && *s) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (len == 0 || len >= sizeof(seg))
            return NULL;
        memcpy(seg, s, len);
        seg[len] = '\0';
        s = dot ? dot + 1 : NULL;
        if (cur && cur->typ == FORMULAR_GRUPPE && cur->is_wiederholbar && *idx_out < 0) {
            int64_t k;
            if (str_to_int64(str_from(seg), 0, FORMULAR_MAX_WIEDERHOL, &k) != ERR_OK)
                return NULL;
            *idx_out = (long)k;
            felder = cur->felder;
            n = cur->n_felder;
            continue;
        }
        const struct formular_feld *next = NULL;
        for (size_t i = 0; i < n && !next; i++)
            if ((!top || felder[i].schritt == schritt) && strcmp(felder[i].id, seg) == 0)
                next = &felder[i];
        if (!next)
            return NULL;
        top = false;
        cur = next;
        *idx_out = -1;
        if (cur->typ == FORMULAR_GRUPPE && !cur->is_wiederholbar) {
            felder = cur->felder;
            n = cur->n_felder;
        }
    }
    return cur;
}

const struct formular_feld *
antrag_datei_feld(const struct formular *f, size_t schritt, const char *pfad)
{
    long idx;
    const struct formular_feld *x = feld_an(f, schritt, pfad, &idx);
    return x && x->typ == FORMULAR_DATEI && idx < 0 ? x : NULL;
}

/* The JSON value at dotted path `pfad` in `daten` (creating nothing), or NULL. */
static json_t *
wert_an(json_t *daten, const char *pfad)
{
    json_t *cur = daten;
    char seg[64];
    const char *s = pfad;
    while (cur && s && *s) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (len == 0 || len >= sizeof(seg))
            return NULL;
        memcpy(seg, s, len);
        seg[len] = '\0';
        s = dot ? dot + 1 : NULL;
        if (json_is_array(cur)) {
            int64_t k;
            if (str_to_int64(str_from(seg), 0, FORMULAR_MAX_WIEDERHOL, &k) != ERR_OK)
                return NULL;
            cur = json_array_get(cur, (size_t)k);
        } else {
            cur = json_object_get(cur, seg);
        }
    }
    return cur;
}

int
antrag_gruppe_aendern(const struct formular *f, size_t schritt, json_t *daten, const char *aktion)
{
    long idx;
    if (strncmp(aktion, "neu:", 4) == 0) {
        const struct formular_feld *g = feld_an(f, schritt, aktion + 4, &idx);
        if (!g || g->typ != FORMULAR_GRUPPE || !g->is_wiederholbar || idx >= 0)
            return ERR_INVALID;
        json_t *arr = wert_an(daten, aktion + 4);
        if (!arr) {
            /* create the list in its parent */
            const char *last = strrchr(aktion + 4, '.');
            json_t *parent = daten;
            if (last) {
                size_t plen = (size_t)(last - (aktion + 4));
                char pp[256];
                if (plen >= sizeof(pp))
                    return ERR_INVALID;
                memcpy(pp, aktion + 4, plen);
                pp[plen] = '\0';
                parent = wert_an(daten, pp);
            }
            if (!json_is_object(parent))
                return ERR_INVALID;
            arr = json_array();
            if (!arr || json_object_set_new(parent, g->id, arr) != 0)
                return ERR_NOMEM;
        }
        if (!json_is_array(arr) || (int64_t)json_array_size(arr) >= g->max_anzahl_gruppe)
            return ERR_INVALID;
        return json_array_append_new(arr, json_object()) == 0 ? ERR_OK : ERR_NOMEM;
    }
    if (strncmp(aktion, "weg:", 4) == 0) {
        const struct formular_feld *g = feld_an(f, schritt, aktion + 4, &idx);
        if (!g || g->typ != FORMULAR_GRUPPE || !g->is_wiederholbar || idx < 0)
            return ERR_INVALID;
        const char *last = strrchr(aktion + 4, '.');
        char pp[256];
        size_t plen = (size_t)(last - (aktion + 4));
        if (plen >= sizeof(pp))
            return ERR_INVALID;
        memcpy(pp, aktion + 4, plen);
        pp[plen] = '\0';
        json_t *arr = wert_an(daten, pp);
        if (!json_is_array(arr) || (size_t)idx >= json_array_size(arr))
            return ERR_INVALID;
        return json_array_remove(arr, (size_t)idx) == 0 ? ERR_OK : ERR_INVALID;
    }
    return ERR_INVALID;
}
