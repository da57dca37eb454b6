/* formular_schema: the JSON Schema (draft 2020-12) of the answers to a form (see formular.h).
 *
 * It describes cleaned, complete answers as formular_daten_pruefen(FORMULAR_VOLLSTAENDIG)
 * leaves them: an object per container with only the form's fields (additionalProperties
 * false), no empty strings or lists, answers of hidden fields absent. Conditions become
 * if/then/else in an allOf of the container. Only standard keywords are used (ajv's strict
 * mode accepts it with ajv-formats for "date" and "email"); date bounds are told in the
 * description, as JSON Schema cannot compare dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "domain/formular.h"

/* Set key to v (stolen) on o; false on failure (then o is unchanged and v released). */
static bool
put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

/* An integer when the number is one (1 rather than 1.0). */
static json_t *
zahl_json(double x)
{
    if (x == floor(x) && fabs(x) < 9e15)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *
wert_json(const struct formular_wert *w)
{
    switch (w->art) {
    case FORMULAR_WERT_TEXT:
        return json_string(w->text);
    case FORMULAR_WERT_ZAHL:
        return zahl_json(w->zahl);
    case FORMULAR_WERT_BOOL:
        return json_boolean(w->b);
    }
    return NULL;
}

static json_t *
required_eins(const char *id)
{
    return json_pack("{s:[s]}", "required", id);
}

static json_t *
bedingung_schema(const struct formular_bedingung *b, const struct formular_feld *felder)
{
    json_t *arr, *r;
    switch (b->art) {
    case FORMULAR_BED_ALLE:
    case FORMULAR_BED_EINE:
        arr = json_array();
        for (size_t i = 0; arr && i < b->n_teile; i++) {
            json_t *t = bedingung_schema(&b->teile[i], felder);
            if (!t || json_array_append_new(arr, t) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        }
        if (!arr)
            return NULL;
        return json_pack("{s:o}", b->art == FORMULAR_BED_ALLE ? "allOf" : "anyOf", arr);
    case FORMULAR_BED_NICHT:
        r = bedingung_schema(&b->teile[0], felder);
        return r ? json_pack("{s:o}", "not", r) : NULL;
    case FORMULAR_BED_AUSGEFUELLT:
        r = required_eins(felder[b->feld].id);
        if (!b->ja && r)
            r = json_pack("{s:o}", "not", r);
        return r;
    case FORMULAR_BED_GLEICH:
    case FORMULAR_BED_UNGLEICH:
    case FORMULAR_BED_IN:
        break;
    }
    const struct formular_feld *f = &felder[b->feld];
    json_t *werte = json_array();
    for (size_t i = 0; werte && i < b->n_werte; i++) {
        if (json_array_append_new(werte, wert_json(&b->werte[i])) != 0) {
            json_decref(werte);
            werte = NULL;
        }
    }
    if (!werte)
        return NULL;
    json_t *passt = json_pack("{s:o}", "enum", werte);
    if (passt && f->typ == FORMULAR_AUSWAHL && f->is_mehrfach)
        passt = json_pack("{s:o}", "contains", passt);
    r = passt ? json_pack("{s:[s], s:{s:o}}", "required", f->id, "properties", f->id, passt) : NULL;
    if (r && b->art == FORMULAR_BED_UNGLEICH)
        r = json_pack("{s:o}", "not", r);
    return r;
}

static json_t *container_schema(const struct formular_feld *felder, size_t n);

static json_t *
text_schema(const struct formular_feld *f)
{
    json_t *s = json_pack("{s:s, s:I, s:I}", "type", "string", "minLength",
                          (json_int_t)(f->min_laenge > 1 ? f->min_laenge : 1), "maxLength",
                          (json_int_t)f->max_laenge);
    if (s && f->muster) {
        char buf[620];
        int k = snprintf(buf, sizeof(buf), "^(?:%s)$", f->muster);
        if (k < 0 || (size_t)k >= sizeof(buf) || !put(s, "pattern", json_string(buf))) {
            json_decref(s);
            return NULL;
        }
    }
    return s;
}

static json_t *
auswahl_schema(const struct formular_feld *f)
{
    json_t *one = json_array();
    for (size_t i = 0; one && i < f->n_optionen; i++) {
        json_t *o =
            json_pack("{s:s, s:s}", "const", f->optionen[i].wert, "title", f->optionen[i].label);
        if (!o || json_array_append_new(one, o) != 0) {
            json_decref(one);
            one = NULL;
        }
    }
    if (!one)
        return NULL;
    json_t *s = json_pack("{s:s, s:o}", "type", "string", "oneOf", one);
    if (s && f->is_mehrfach)
        s = json_pack("{s:s, s:o, s:i, s:b}", "type", "array", "items", s, "minItems", 1,
                      "uniqueItems", 1);
    return s;
}

static json_t *
feld_schema(const struct formular_feld *f)
{
    json_t *s = NULL;
    char beschreibung[200] = "";
    switch (f->typ) {
    case FORMULAR_TEXT:
        s = text_schema(f);
        break;
    case FORMULAR_ZAHL:
        s = json_pack("{s:s}", "type", f->is_ganzzahl ? "integer" : "number");
        if (s && f->has_min && !put(s, "minimum", zahl_json(f->min)))
            goto fail;
        if (s && f->has_max && !put(s, "maximum", zahl_json(f->max)))
            goto fail;
        break;
    case FORMULAR_DATUM:
        s = json_pack("{s:s, s:s, s:s}", "type", "string", "format", "date", "pattern",
                      "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        if (f->datum_min || f->datum_max) {
            int k = snprintf(beschreibung, sizeof(beschreibung), "Datum%s%s%s%s.",
                             f->datum_min ? " frühestens " : "", f->datum_min ? f->datum_min : "",
                             f->datum_max ? " spätestens " : "", f->datum_max ? f->datum_max : "");
            if (k < 0 || (size_t)k >= sizeof(beschreibung))
                beschreibung[0] = '\0';
        }
        break;
    case FORMULAR_AUSWAHL:
        s = auswahl_schema(f);
        break;
    case FORMULAR_JANEIN:
        s = f->is_bestaetigung ? json_pack("{s:s, s:b}", "type", "boolean", "const", 1)
                               : json_pack("{s:s}", "type", "boolean");
        break;
    case FORMULAR_EMAIL:
        s = json_pack("{s:s, s:s, s:i}", "type", "string", "format", "email", "maxLength", 254);
        break;
    case FORMULAR_TELEFON:
        s = json_pack("{s:s, s:s}", "type", "string", "pattern", "^\\+?[0-9 ()/-]{3,30}$");
        break;
    case FORMULAR_IBAN:
        s = json_pack("{s:s, s:s}", "type", "string", "pattern",
                      "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$");
        break;
    case FORMULAR_ADRESSE:
        s = json_pack("{s:s, s:b, s:{s:{s:s, s:i, s:i}, s:{s:s, s:i, s:i}, s:{s:s, s:i, s:i}, "
                      "s:{s:s, s:s}, s:{s:s, s:i, s:i}}, s:[s, s, s, s]}",
                      "type", "object", "additionalProperties", 0, "properties", "strasse", "type",
                      "string", "minLength", 1, "maxLength", 100, "hausnummer", "type", "string",
                      "minLength", 1, "maxLength", 10, "zusatz", "type", "string", "minLength", 1,
                      "maxLength", 100, "plz", "type", "string", "pattern", "^[0-9]{5}$", "ort",
                      "type", "string", "minLength", 1, "maxLength", 100, "required", "strasse",
                      "hausnummer", "plz", "ort");
        break;
    case FORMULAR_DATEI:
        s = json_pack("{s:s, s:{s:s, s:s}, s:i, s:I, s:b}", "type", "array", "items", "type",
                      "string", "pattern", "^[0-9a-f]{64}$", "minItems", 1, "maxItems",
                      (json_int_t)f->max_anzahl, "uniqueItems", 1);
        snprintf(beschreibung, sizeof(beschreibung),
                 "SHA-256 (hex) der Anlagen; höchstens %lld Byte je Datei.",
                 (long long)f->max_groesse);
        break;
    case FORMULAR_GRUPPE:
        s = container_schema(f->felder, f->n_felder);
        if (s && !f->is_wiederholbar && !put(s, "minProperties", json_integer(1)))
            goto fail;
        if (s && f->is_wiederholbar)
            s = json_pack("{s:s, s:o, s:I, s:I}", "type", "array", "items", s, "minItems",
                          (json_int_t)(f->min_anzahl > 1 ? f->min_anzahl : 1), "maxItems",
                          (json_int_t)f->max_anzahl_gruppe);
        break;
    }
    if (!s)
        return NULL;
    if (!put(s, "title", json_string(f->label)))
        goto fail;
    if (f->hilfe || beschreibung[0]) {
        char *text = NULL;
        size_t hl = f->hilfe ? strlen(f->hilfe) : 0, bl = strlen(beschreibung);
        json_t *d;
        if (f->hilfe && bl) {
            text = malloc(hl + bl + 2);
            if (!text)
                goto fail;
            memcpy(text, f->hilfe, hl);
            text[hl] = ' ';
            memcpy(text + hl + 1, beschreibung, bl + 1);
            d = json_string(text);
            free(text);
        } else {
            d = json_string(f->hilfe ? f->hilfe : beschreibung);
        }
        if (!put(s, "description", d))
            goto fail;
    }
    return s;
fail:
    json_decref(s);
    return NULL;
}

/* if/then/else rules of a conditional field, appended to `all`. */
static bool
regeln(json_t *all, const struct formular_feld *felder, const struct formular_feld *f)
{
    if (f->sichtbar_wenn) {
        json_t *cond = bedingung_schema(f->sichtbar_wenn, felder);
        json_t *r =
            cond ? json_pack("{s:o, s:{s:o}}", "if", cond, "else", "not", required_eins(f->id))
                 : NULL;
        if (r && f->is_pflicht && !put(r, "then", required_eins(f->id))) {
            json_decref(r);
            return false;
        }
        if (!r || json_array_append_new(all, r) != 0)
            return false;
    }
    if (f->pflicht_wenn) {
        json_t *cond = bedingung_schema(f->pflicht_wenn, felder);
        if (cond && f->sichtbar_wenn)
            cond =
                json_pack("{s:[o, o]}", "allOf", bedingung_schema(f->sichtbar_wenn, felder), cond);
        json_t *r = cond ? json_pack("{s:o, s:o}", "if", cond, "then", required_eins(f->id)) : NULL;
        if (!r || json_array_append_new(all, r) != 0)
            return false;
    }
    return true;
}

static json_t *
container_schema(const struct formular_feld *felder, size_t n)
{
    json_t *props = json_object(), *req = json_array(), *all = json_array();
    json_t *s = NULL;
    if (!props || !req || !all)
        goto out;
    for (size_t i = 0; i < n; i++) {
        const struct formular_feld *f = &felder[i];
        if (!put(props, f->id, feld_schema(f)))
            goto out;
        if (f->is_pflicht && !f->sichtbar_wenn && json_array_append_new(req, json_string(f->id)))
            goto out;
        if (!regeln(all, felder, f))
            goto out;
    }
    s = json_pack("{s:s, s:b, s:O}", "type", "object", "additionalProperties", 0, "properties",
                  props);
    if (s && json_array_size(req) > 0 && !put(s, "required", json_incref(req)))
        goto fail;
    if (s && json_array_size(all) > 0 && !put(s, "allOf", json_incref(all)))
        goto fail;
out:
    json_decref(props);
    json_decref(req);
    json_decref(all);
    return s;
fail:
    json_decref(s);
    s = NULL;
    goto out;
}

int
formular_schema(const struct formular *f, const char *id, json_t **out)
{
    json_t *s = container_schema(f->felder, f->n_felder);
    if (!s)
        return ERR_NOMEM;
    if (!put(s, "$schema", json_string("https://json-schema.org/draft/2020-12/schema")) ||
        !put(s, "title", json_string(f->titel)) || (id && !put(s, "$id", json_string(id)))) {
        json_decref(s);
        return ERR_NOMEM;
    }
    *out = s;
    return ERR_OK;
}
