/* antrag_zusammenfassung: the summary of all answers, readable, with links to their steps
 * (see portal/antrag_formular.h). */
#include <string.h>

#include <jansson.h>

#include "portal/antrag_formular_intern.h"

/* ---- the summary ---------------------------------------------------------------------- */

static const char *
wert_lesbar(struct arena *a, const struct formular_feld *f, const json_t *v, const json_t *anlagen)
{
    struct buf b = BUF_INIT(64 * 1024);
    int rc = ERR_OK;
    switch (f->typ) {
    case FORMULAR_JANEIN:
        rc = buf_puts(&b, json_is_true(v) ? "Ja" : "Nein");
        break;
    case FORMULAR_ZAHL:
        rc = buf_printf(&b, "%s%s%s", af_eingabe_text(a, v), f->einheit ? " " : "",
                        f->einheit ? f->einheit : "");
        break;
    case FORMULAR_DATUM: {
        const char *s = json_string_value(v);
        rc = s && strlen(s) == 10 ? buf_printf(&b, "%.2s.%.2s.%.4s", s + 8, s + 5, s)
                                  : buf_puts(&b, s ? s : "");
        break;
    }
    case FORMULAR_AUSWAHL:
        if (json_is_array(v)) {
            size_t i;
            json_t *e;
            json_array_foreach((json_t *)v, i, e)
            {
                if (rc == ERR_OK)
                    rc = buf_printf(&b, "%s%s", i ? "; " : "",
                                    af_optionstext(f, json_string_value(e)));
            }
        } else {
            rc = buf_puts(&b, af_optionstext(f, json_string_value(v)));
        }
        break;
    case FORMULAR_ADRESSE: {
        const char *z = json_string_value(json_object_get(v, "zusatz"));
        const char *s = json_string_value(json_object_get(v, "strasse")),
                   *h = json_string_value(json_object_get(v, "hausnummer")),
                   *p = json_string_value(json_object_get(v, "plz")),
                   *o = json_string_value(json_object_get(v, "ort"));
        rc = buf_printf(&b, "%s %s%s%s, %s %s", s ? s : "", h ? h : "", z ? ", " : "", z ? z : "",
                        p ? p : "", o ? o : "");
        break;
    }
    case FORMULAR_DATEI: {
        size_t i;
        json_t *e;
        json_array_foreach((json_t *)v, i, e)
        {
            const char *sha = json_string_value(e), *name = sha;
            size_t k;
            json_t *al;
            json_array_foreach((json_t *)anlagen, k, al)
            {
                if (sha && strcmp(json_string_value(json_object_get(al, "sha256")), sha) == 0)
                    name = json_string_value(json_object_get(al, "dateiname"));
            }
            if (rc == ERR_OK)
                rc = buf_printf(&b, "%s%s", i ? "; " : "", name ? name : "");
        }
        break;
    }
    default:
        rc = buf_puts(&b, af_eingabe_text(a, v));
        break;
    }
    const char *s = rc == ERR_OK ? arena_strdup(a, buf_cstr(&b)) : "";
    buf_free(&b);
    return s ? s : "";
}

static bool
eintraege(struct arena *a, json_t *list, const struct formular_feld *felder, size_t n,
          const json_t *obj, const json_t *anlagen, int tiefe, bool top, size_t schritt)
{
    for (size_t i = 0; i < n; i++) {
        const struct formular_feld *f = &felder[i];
        if (top && f->schritt != schritt)
            continue;
        const json_t *v = json_object_get(obj, f->id);
        if (!v)
            continue;
        if (f->typ != FORMULAR_GRUPPE) {
            if (json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "label", f->label, "wert",
                                                      wert_lesbar(a, f, v, anlagen), "tiefe",
                                                      tiefe)) != 0)
                return false;
            continue;
        }
        if (json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:b}", "label", f->label, "wert",
                                                  "", "tiefe", tiefe, "gruppe", 1)) != 0)
            return false;
        if (!f->is_wiederholbar) {
            if (!eintraege(a, list, f->felder, f->n_felder, v, anlagen, tiefe + 1, false, 0))
                return false;
            continue;
        }
        size_t k;
        json_t *e;
        json_array_foreach((json_t *)v, k, e)
        {
            const char *t =
                arena_printf(a, "%s %zu", f->label_eintrag ? f->label_eintrag : "Eintrag", k + 1);
            if (!t ||
                json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:b}", "label", t, "wert",
                                                      "", "tiefe", tiefe + 1, "gruppe", 1)) != 0 ||
                !eintraege(a, list, f->felder, f->n_felder, e, anlagen, tiefe + 2, false, 0))
                return false;
        }
    }
    return true;
}

json_t *
antrag_zusammenfassung(struct arena *a, const struct formular *f, const json_t *daten,
                       const json_t *anlagen)
{
    json_t *steps = json_array();
    for (size_t s = 0; steps && s < f->n_schritte; s++) {
        json_t *list = json_array();
        if (!list || !eintraege(a, list, f->felder, f->n_felder, daten, anlagen, 0, true, s)) {
            json_decref(list);
            json_decref(steps);
            return NULL;
        }
        json_t *st = json_pack("{s:s, s:I, s:I, s:o}", "titel", f->schritte[s].titel, "index",
                               (json_int_t)s, "nummer", (json_int_t)(s + 1), "eintraege", list);
        if (!st || json_array_append_new(steps, st) != 0) {
            json_decref(steps);
            return NULL;
        }
    }
    return steps;
}

size_t
antrag_schritt_von(const struct formular *f, const char *pfad)
{
    char seg[64];
    if (!pfad || pfad[0] != '/')
        return 0;
    const char *s = pfad + 1, *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len >= sizeof(seg))
        return 0;
    memcpy(seg, s, len);
    seg[len] = '\0';
    for (size_t i = 0; i < f->n_felder; i++)
        if (strcmp(f->felder[i].id, seg) == 0)
            return f->felder[i].schritt;
    return 0;
}
