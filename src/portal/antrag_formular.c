#include "portal/antrag_formular.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <math.h>

#include "portal/antrag_formular_intern.h"

/* ---- small helpers ------------------------------------------------------------------- */

static bool
put(json_t *o, const char *k, json_t *v)
{
    return v && json_object_set_new(o, k, v) == 0;
}

const char *
af_pfad_plus(struct arena *a, const char *prefix, const char *id)
{
    return prefix && *prefix ? arena_printf(a, "%s.%s", prefix, id) : arena_strdup(a, id);
}

/* "hunde.0.name" → "f-hunde-0-name" */
static const char *
html_id(struct arena *a, const char *pfad)
{
    char *s = arena_printf(a, "f-%s", pfad);
    for (char *q = s; q && *q; q++)
        if (*q == '.')
            *q = '-';
    return s;
}

/* "hunde.0.name" → "/hunde/0/name" */
static const char *
pointer(struct arena *a, const char *pfad)
{
    char *s = arena_printf(a, "/%s", pfad);
    for (char *q = s; q && *q; q++)
        if (*q == '.')
            *q = '/';
    return s;
}

static const char *
fehler_bei(struct arena *a, const struct formular_fehler *fe, size_t n, const char *pfad)
{
    const char *p = pointer(a, pfad);
    for (size_t i = 0; p && i < n; i++)
        if (fe[i].pfad && strcmp(fe[i].pfad, p) == 0)
            return fe[i].text;
    return NULL;
}

static void
zahl_text(double x, char *out, size_t len)
{
    if (x == floor(x) && fabs(x) < 1e15)
        snprintf(out, len, "%.0f", x);
    else
        snprintf(out, len, "%.10g", x);
    for (char *c = out; *c; c++)
        if (*c == '.')
            *c = ',';
}

/* A scalar answer as the text an input shows. */
const char *
af_eingabe_text(struct arena *a, const json_t *v)
{
    if (json_is_string(v))
        return arena_strdup(a, json_string_value(v));
    if (json_is_number(v)) {
        char n[64];
        zahl_text(json_number_value(v), n, sizeof(n));
        return arena_strdup(a, n);
    }
    return "";
}

const char *
af_optionstext(const struct formular_feld *f, const char *wert)
{
    for (size_t i = 0; wert && i < f->n_optionen; i++)
        if (strcmp(f->optionen[i].wert, wert) == 0)
            return f->optionen[i].label;
    return wert ? wert : "";
}

/* ---- condition hints ----------------------------------------------------------------- */

static int
wert_beschreiben(struct buf *b, const struct formular_feld *f, const struct formular_wert *w)
{
    switch (w->art) {
    case FORMULAR_WERT_BOOL:
        return buf_puts(b, w->b ? "Ja" : "Nein");
    case FORMULAR_WERT_ZAHL: {
        char n[64];
        zahl_text(w->zahl, n, sizeof(n));
        return buf_puts(b, n);
    }
    case FORMULAR_WERT_TEXT:
        return buf_printf(b, "„%s“",
                          f->typ == FORMULAR_AUSWAHL ? af_optionstext(f, w->text) : w->text);
    }
    return ERR_OK;
}

static int
beschreiben(struct buf *b, const struct formular_feld *felder, const struct formular_bedingung *c)
{
    int rc = ERR_OK;
    const struct formular_feld *f = NULL;
    switch (c->art) {
    case FORMULAR_BED_ALLE:
    case FORMULAR_BED_EINE:
        for (size_t i = 0; rc == ERR_OK && i < c->n_teile; i++) {
            if (i)
                rc = buf_puts(b, c->art == FORMULAR_BED_ALLE ? " und " : " oder ");
            if (rc == ERR_OK)
                rc = beschreiben(b, felder, &c->teile[i]);
        }
        return rc;
    case FORMULAR_BED_NICHT:
        rc = buf_puts(b, "nicht (");
        if (rc == ERR_OK)
            rc = beschreiben(b, felder, &c->teile[0]);
        return rc == ERR_OK ? buf_puts(b, ")") : rc;
    default:
        f = &felder[c->feld];
        break;
    }
    rc = buf_printf(b, "„%s“ ", f->label);
    if (rc != ERR_OK)
        return rc;
    switch (c->art) {
    case FORMULAR_BED_GLEICH:
        rc = buf_puts(b, "= ");
        break;
    case FORMULAR_BED_UNGLEICH:
        rc = buf_puts(b, "nicht ");
        break;
    case FORMULAR_BED_IN:
        rc = buf_puts(b, "eines von ");
        break;
    case FORMULAR_BED_AUSGEFUELLT:
        return buf_puts(b, c->ja ? "angegeben ist" : "nicht angegeben ist");
    default:
        break;
    }
    for (size_t i = 0; rc == ERR_OK && i < c->n_werte; i++) {
        if (i)
            rc = buf_puts(b, ", ");
        if (rc == ERR_OK)
            rc = wert_beschreiben(b, f, &c->werte[i]);
    }
    return rc;
}

/* Does condition `c` name a field of step `schritt` (top level)? */
static bool
nennt_schritt(const struct formular_feld *felder, const struct formular_bedingung *c,
              size_t schritt)
{
    if (c->art == FORMULAR_BED_ALLE || c->art == FORMULAR_BED_EINE ||
        c->art == FORMULAR_BED_NICHT) {
        for (size_t i = 0; i < c->n_teile; i++)
            if (nennt_schritt(felder, &c->teile[i], schritt))
                return true;
        return false;
    }
    return felder[c->feld].schritt == schritt;
}

static const char *
hinweis(struct arena *a, const struct formular_feld *felder, const struct formular_feld *f)
{
    struct buf b = BUF_INIT(2048);
    const struct formular_bedingung *c = f->pflicht_wenn ? f->pflicht_wenn : f->sichtbar_wenn;
    int rc = buf_puts(&b, f->pflicht_wenn ? "Nur nötig, wenn " : "Nur auszufüllen, wenn ");
    if (rc == ERR_OK)
        rc = beschreiben(&b, felder, c);
    if (rc == ERR_OK)
        rc = buf_puts(&b, ".");
    const char *s = rc == ERR_OK ? arena_strdup(a, buf_cstr(&b)) : NULL;
    buf_free(&b);
    return s;
}

/* ---- field views --------------------------------------------------------------------- */

struct ansicht {
    struct arena *a;
    const struct formular *f;
    size_t schritt;
    const json_t *anlagen;
    const struct formular_fehler *fe;
    size_t n_fe;
    bool nomem;
};

static json_t *container_ansicht(struct ansicht *x, const struct formular_feld *felder, size_t n,
                                 const json_t *obj, const char *prefix, bool top);

static json_t *
datei_ansicht(struct ansicht *x, const struct formular_feld *f, const json_t *v, json_t *o)
{
    json_t *list = json_array();
    size_t i;
    json_t *s;
    json_array_foreach((json_t *)v, i, s)
    {
        const char *sha = json_string_value(s), *name = sha, *typ = "";
        size_t k;
        json_t *al;
        json_array_foreach((json_t *)x->anlagen, k, al)
        {
            if (sha && strcmp(json_string_value(json_object_get(al, "sha256")), sha) == 0) {
                name = json_string_value(json_object_get(al, "dateiname"));
                typ = json_string_value(json_object_get(al, "typ"));
            }
        }
        if (sha && json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "sha256", sha,
                                                         "dateiname", name, "typ", typ)) != 0)
            x->nomem = true;
    }
    struct buf b = BUF_INIT(256);
    for (size_t t = 0; t < f->n_typen; t++) {
        const char *kurz = strcmp(f->typen[t], "application/pdf") == 0 ? "PDF"
                           : strcmp(f->typen[t], "image/jpeg") == 0    ? "JPEG"
                           : strcmp(f->typen[t], "image/png") == 0     ? "PNG"
                           : strcmp(f->typen[t], "image/tiff") == 0    ? "TIFF"
                                                                       : "Text";
        RH_IGNORE(buf_printf(&b, "%s%s", t ? ", " : "", kurz)); /* short: cannot reach 256 */
    }
    if (!put(o, "dateien", list) || !put(o, "typen", json_string(buf_cstr(&b))) ||
        !put(o, "max_kb", json_integer(f->max_groesse / 1024)) ||
        !put(o, "kann_mehr", json_boolean((int64_t)json_array_size(v) < f->max_anzahl)))
        x->nomem = true;
    buf_free(&b);
    return o;
}

static json_t *
feld_ansicht(struct ansicht *x, const struct formular_feld *felder, const struct formular_feld *f,
             const json_t *obj, const char *prefix, bool top)
{
    const char *pfad = af_pfad_plus(x->a, prefix, f->id);
    const json_t *v = json_object_get(obj, f->id);
    if (!pfad) {
        x->nomem = true;
        return NULL;
    }
    /* every key a template asks for is set, so that a lookup never falls through to an
     * enclosing group's or the page's value */
    static const char *const flags[] = {
        "ist_gruppe",       "ist_wiederholbar", "ist_radio",   "ist_mehrfach", "ist_janein",
        "ist_bestaetigung", "ist_liste",        "ist_adresse", "ist_datei",    "ist_mehrzeilig",
        "ist_eingabe",      "ist_zahl",         "ist_iban",    "ist_email",    "ist_telefon",
        "ist_kurz",         "pflicht",          "ja",          "nein",         "kann_mehr",
        "kann_neu"};
    static const char *const nulls[] = {
        "hilfe",     "fehler", "hinweis",     "einheit", "wert",          "optionen",
        "id_nein",   "teile",  "dateien",     "typen",   "max_kb",        "felder",
        "eintraege", "anzahl", "anzahl_name", "neu",     "label_eintrag", "eingabe_typ"};
    json_t *o = json_object();
    if (!o) {
        x->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (json_object_set_new(o, flags[i], json_false()) != 0)
            x->nomem = true;
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (json_object_set_new(o, nulls[i], json_null()) != 0)
            x->nomem = true;
    const char *fe = fehler_bei(x->a, x->fe, x->n_fe, pfad);
    if (!put(o, "id", json_string(html_id(x->a, pfad))) || !put(o, "name", json_string(pfad)) ||
        !put(o, "label", json_string(f->label)) ||
        (f->hilfe && !put(o, "hilfe", json_string(f->hilfe))) ||
        !put(o, "pflicht", json_boolean(f->is_pflicht)) ||
        (fe && !put(o, "fehler", json_string(fe))) ||
        (f->einheit && !put(o, "einheit", json_string(f->einheit))))
        x->nomem = true;
    if (f->sichtbar_wenn || f->pflicht_wenn) {
        bool same_page =
            !top || (f->sichtbar_wenn && nennt_schritt(felder, f->sichtbar_wenn, x->schritt)) ||
            (f->pflicht_wenn && nennt_schritt(felder, f->pflicht_wenn, x->schritt));
        if (same_page && !put(o, "hinweis", json_string(hinweis(x->a, felder, f))))
            x->nomem = true;
        if (!same_page && f->pflicht_wenn && formular_feld_pflicht(felder, f, obj) &&
            !put(o, "pflicht", json_true()))
            x->nomem = true;
    }
    const char *flag = NULL;
    switch (f->typ) {
    case FORMULAR_TEXT:
        flag = f->is_mehrzeilig ? "ist_mehrzeilig" : "ist_eingabe";
        if (!put(o, "wert", json_string(af_eingabe_text(x->a, v))) ||
            !put(o, "eingabe_typ", json_string("text")))
            x->nomem = true;
        break;
    case FORMULAR_ZAHL:
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN:
    case FORMULAR_DATUM: {
        flag = "ist_eingabe";
        const char *sub = f->typ == FORMULAR_ZAHL      ? "ist_zahl"
                          : f->typ == FORMULAR_EMAIL   ? "ist_email"
                          : f->typ == FORMULAR_TELEFON ? "ist_telefon"
                          : f->typ == FORMULAR_IBAN    ? "ist_iban"
                                                       : "ist_kurz";
        const char *typ = f->typ == FORMULAR_EMAIL     ? "email"
                          : f->typ == FORMULAR_TELEFON ? "tel"
                          : f->typ == FORMULAR_DATUM   ? "date"
                                                       : "text";
        if (!put(o, "wert", json_string(af_eingabe_text(x->a, v))) || !put(o, sub, json_true()) ||
            !put(o, "eingabe_typ", json_string(typ)) ||
            (f->typ == FORMULAR_ZAHL && !put(o, "ist_kurz", json_true())))
            x->nomem = true;
        break;
    }
    case FORMULAR_AUSWAHL: {
        flag = f->is_mehrfach ? "ist_mehrfach" : f->n_optionen > 8 ? "ist_liste" : "ist_radio";
        json_t *opts = json_array();
        for (size_t i = 0; opts && i < f->n_optionen; i++) {
            bool gew = false;
            if (json_is_array(v)) {
                size_t k;
                json_t *e;
                json_array_foreach((json_t *)v, k, e)
                {
                    if (json_is_string(e) && strcmp(json_string_value(e), f->optionen[i].wert) == 0)
                        gew = true;
                }
            } else {
                gew = json_is_string(v) && strcmp(json_string_value(v), f->optionen[i].wert) == 0;
            }
            const char *oid = i == 0 ? html_id(x->a, pfad)
                                     : arena_printf(x->a, "%s-%zu", html_id(x->a, pfad), i + 1);
            if (json_array_append_new(opts,
                                      json_pack("{s:s, s:s, s:b, s:s}", "wert", f->optionen[i].wert,
                                                "label", f->optionen[i].label, "gewaehlt", gew,
                                                "id", oid ? oid : "")) != 0)
                x->nomem = true;
        }
        if (!put(o, "optionen", opts))
            x->nomem = true;
        break;
    }
    case FORMULAR_JANEIN:
        flag = f->is_bestaetigung ? "ist_bestaetigung" : "ist_janein";
        if (!put(o, "ja", json_boolean(json_is_true(v))) ||
            !put(o, "nein", json_boolean(json_is_false(v))) ||
            !put(o, "id_nein", json_string(arena_printf(x->a, "%s-2", html_id(x->a, pfad)))))
            x->nomem = true;
        break;
    case FORMULAR_ADRESSE: {
        flag = "ist_adresse";
        static const struct {
            const char *key, *label;
            bool klein;
        } teile[] = {{"strasse", "Straße", false},
                     {"hausnummer", "Hausnummer", true},
                     {"zusatz", "Adresszusatz (optional)", false},
                     {"plz", "Postleitzahl", true},
                     {"ort", "Ort", false}};
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < sizeof(teile) / sizeof(teile[0]); i++) {
            const char *tp = arena_printf(x->a, "%s.%s", pfad, teile[i].key);
            const char *tf = tp ? fehler_bei(x->a, x->fe, x->n_fe, tp) : NULL;
            json_t *t =
                tp ? json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "id", html_id(x->a, tp),
                               "name", tp, "label", teile[i].label, "wert",
                               af_eingabe_text(x->a, json_object_get(v, teile[i].key)), "fehler",
                               tf ? json_string(tf) : json_null(), "klein", teile[i].klein,
                               "ist_plz", strcmp(teile[i].key, "plz") == 0)
                   : NULL;
            if (!t || json_array_append_new(arr, t) != 0)
                x->nomem = true;
        }
        if (!put(o, "teile", arr))
            x->nomem = true;
        break;
    }
    case FORMULAR_DATEI:
        flag = "ist_datei";
        datei_ansicht(x, f, json_is_array(v) ? v : NULL, o);
        break;
    case FORMULAR_GRUPPE:
        if (!f->is_wiederholbar) {
            flag = "ist_gruppe";
            if (!put(o, "felder",
                     container_ansicht(x, f->felder, f->n_felder, json_is_object(v) ? v : NULL,
                                       pfad, false)))
                x->nomem = true;
            break;
        }
        flag = "ist_wiederholbar";
        {
            json_t *items = json_array();
            size_t k = json_is_array(v) ? json_array_size(v) : 0;
            /* a required list starts with as many empty entries as it needs */
            if (k == 0 && (f->is_pflicht || f->min_anzahl > 0))
                k = f->min_anzahl > 1 ? (size_t)f->min_anzahl : 1;
            for (size_t i = 0; items && i < k; i++) {
                const char *ip = arena_printf(x->a, "%s.%zu", pfad, i);
                const char *titel = arena_printf(
                    x->a, "%s %zu", f->label_eintrag ? f->label_eintrag : "Eintrag", i + 1);
                json_t *felder_i = ip ? container_ansicht(x, f->felder, f->n_felder,
                                                          json_array_get(v, i), ip, false)
                                      : NULL;
                json_t *e = felder_i ? json_pack("{s:s, s:o, s:s, s:s}", "titel", titel, "felder",
                                                 felder_i, "weg", arena_printf(x->a, "weg:%s", ip),
                                                 "id", html_id(x->a, ip))
                                     : NULL;
                if (!e || json_array_append_new(items, e) != 0)
                    x->nomem = true;
            }
            if (!put(o, "eintraege", items) || !put(o, "anzahl", json_integer((json_int_t)k)) ||
                !put(o, "anzahl_name", json_string(arena_printf(x->a, "%s.anzahl", pfad))) ||
                !put(o, "neu", json_string(arena_printf(x->a, "neu:%s", pfad))) ||
                !put(o, "kann_neu", json_boolean((int64_t)k < f->max_anzahl_gruppe)) ||
                !put(o, "kann_weg", json_boolean(true)) ||
                !put(o, "label_eintrag",
                     json_string(f->label_eintrag ? f->label_eintrag : "Eintrag")))
                x->nomem = true;
        }
        break;
    }
    if (flag && !put(o, flag, json_true()))
        x->nomem = true;
    return o;
}

static json_t *
container_ansicht(struct ansicht *x, const struct formular_feld *felder, size_t n,
                  const json_t *obj, const char *prefix, bool top)
{
    json_t *arr = json_array();
    if (!arr) {
        x->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < n && !x->nomem; i++) {
        const struct formular_feld *f = &felder[i];
        if (top && f->schritt != x->schritt)
            continue;
        /* a field whose condition looks at earlier steps only: shown when it holds */
        if (top && f->sichtbar_wenn && !nennt_schritt(felder, f->sichtbar_wenn, x->schritt) &&
            !formular_feld_sichtbar(felder, f, obj))
            continue;
        json_t *v = feld_ansicht(x, felder, f, obj, prefix, top);
        if (!v || json_array_append_new(arr, v) != 0)
            x->nomem = true;
    }
    return arr;
}

json_t *
antrag_felder_ansicht(struct arena *a, const struct formular *f, size_t schritt,
                      const json_t *daten, const json_t *anlagen, const struct formular_fehler *fe,
                      size_t n_fe)
{
    struct ansicht x = {a, f, schritt, anlagen, fe, n_fe, false};
    json_t *r = container_ansicht(&x, f->felder, f->n_felder, daten, NULL, true);
    if (x.nomem) {
        json_decref(r);
        return NULL;
    }
    return r;
}
