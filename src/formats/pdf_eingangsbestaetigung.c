#include "formats/pdf_eingangsbestaetigung.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>

#include "formats/pdf_text.h"

static const char *
optionstext(const struct formular_feld *f, const char *wert)
{
    for (size_t i = 0; i < f->n_optionen; i++)
        if (strcmp(f->optionen[i].wert, wert) == 0)
            return f->optionen[i].label;
    return wert;
}

/* The file name of attachment `sha` in the canonical content's list. */
static const char *
dateiname(const json_t *anlagen, const char *sha)
{
    size_t i;
    json_t *x;
    json_array_foreach(anlagen, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "sha256")), sha) == 0)
            return json_string_value(json_object_get(x, "dateiname"));
    }
    return sha;
}

/* The value of answer `v` to field `f` as text into b (reset first). */
static void
wert_text(const struct formular_feld *f, const json_t *v, const json_t *anlagen, struct buf *b)
{
    int rc = ERR_OK;
    buf_reset(b);
    switch (f->typ) {
    case FORMULAR_JANEIN:
        rc = buf_puts(b, json_is_true(v) ? "Ja" : "Nein");
        break;
    case FORMULAR_ZAHL: {
        char n[64];
        double x = json_number_value(v);
        if (x == floor(x) && fabs(x) < 1e15)
            snprintf(n, sizeof(n), "%.0f", x);
        else
            snprintf(n, sizeof(n), "%g", x);
        for (char *c = n; *c; c++)
            if (*c == '.')
                *c = ',';
        rc = buf_printf(b, "%s%s%s", n, f->einheit ? " " : "", f->einheit ? f->einheit : "");
        break;
    }
    case FORMULAR_DATUM: {
        const char *s = json_string_value(v);
        if (s && strlen(s) == 10)
            rc = buf_printf(b, "%.2s.%.2s.%.4s", s + 8, s + 5, s);
        break;
    }
    case FORMULAR_AUSWAHL:
        if (json_is_array(v)) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x)
            {
                if (rc == ERR_OK)
                    rc = buf_printf(b, "%s%s", i ? "; " : "", optionstext(f, json_string_value(x)));
            }
        } else {
            rc = buf_puts(b, optionstext(f, json_string_value(v)));
        }
        break;
    case FORMULAR_ADRESSE: {
        const char *z = json_string_value(json_object_get(v, "zusatz"));
        rc = buf_printf(b, "%s %s%s%s\n%s %s", json_string_value(json_object_get(v, "strasse")),
                        json_string_value(json_object_get(v, "hausnummer")), z ? "\n" : "",
                        z ? z : "", json_string_value(json_object_get(v, "plz")),
                        json_string_value(json_object_get(v, "ort")));
        break;
    }
    case FORMULAR_DATEI: {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (rc == ERR_OK)
                rc = buf_printf(b, "%s%s", i ? "; " : "", dateiname(anlagen, json_string_value(x)));
        }
        break;
    }
    case FORMULAR_TEXT:
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN:
    case FORMULAR_GRUPPE:
        rc = buf_puts(b, json_is_string(v) ? json_string_value(v) : "");
        break;
    }
    if (rc != ERR_OK)
        buf_reset(b);
}

static void
felder(struct pdf_text *p, const struct formular_feld *fs, size_t n, const json_t *obj,
       const json_t *anlagen, double einzug, struct buf *b)
{
    for (size_t i = 0; i < n; i++) {
        const struct formular_feld *f = &fs[i];
        const json_t *v = json_object_get(obj, f->id);
        if (!v)
            continue;
        if (f->typ != FORMULAR_GRUPPE) {
            wert_text(f, v, anlagen, b);
            pdf_text_eintrag(p, einzug, f->label, buf_cstr(b));
            continue;
        }
        pdf_text_platz(p, 30);
        pdf_text_schrift(p, PDF_SCHRIFT, true, 10);
        pdf_text_absatz(p, PDF_RAND + einzug, PDF_SEITE_B - 2 * PDF_RAND - einzug, 14, f->label);
        if (f->is_wiederholbar) {
            size_t k;
            json_t *x;
            json_array_foreach(v, k, x)
            {
                char t[160];
                snprintf(t, sizeof(t), "%s %zu", f->label_eintrag ? f->label_eintrag : "Eintrag",
                         k + 1);
                pdf_text_platz(p, 30);
                pdf_text_schrift(p, PDF_SCHRIFT, true, 9);
                pdf_text_absatz(p, PDF_RAND + einzug + 10, PDF_SEITE_B - 2 * PDF_RAND - einzug - 10,
                                13, t);
                felder(p, f->felder, f->n_felder, x, anlagen, einzug + 20, b);
            }
        } else {
            felder(p, f->felder, f->n_felder, v, anlagen, einzug + 12, b);
        }
    }
}

int
pdf_eingangsbestaetigung(const struct formular *f, const struct antrag *an,
                         const struct eingangsbestaetigung *eb, struct buf *out)
{
    json_t *inhalt = json_loads(eb->inhalt, 0, NULL);
    json_t *daten = json_object_get(inhalt, "daten"), *anlagen = json_object_get(inhalt, "anlagen");
    struct buf b = BUF_INIT(64 * 1024);
    struct pdf_text p;
    char fuss[64];
    char zeit[32], text[512];
    int rc;
    if (!json_is_object(daten) || !json_is_array(anlagen)) {
        json_decref(inhalt);
        return ERR_INVALID;
    }
    /* the receipt's time, not the clock: the same receipt always gives the same bytes */
    snprintf(fuss, sizeof(fuss), "Eingangsbestätigung %s", eb->nummer);
    pdf_text_beginn(&p, out, "Eingangsbestätigung", eb->zeitpunkt, fuss);

    pdf_text_schrift(&p, PDF_SCHRIFT, true, 18);
    pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 24, "Eingangsbestätigung");
    pdf_text_schrift(&p, PDF_SCHRIFT, false, 12);
    pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 16,
                    an->leistung_name ? an->leistung_name : f->titel);
    p.y += 10;
    antrag_zeit_text(eb->zeitpunkt, zeit);
    snprintf(text, sizeof(text), "%s, %s", an->oe_name ? an->oe_name : "",
             an->behoerde_name ? an->behoerde_name : "");
    pdf_text_eintrag(&p, 0, "Eingegangen bei", text);
    pdf_text_eintrag(&p, 0, "Nummer", eb->nummer);
    pdf_text_eintrag(&p, 0, "Eingegangen am", zeit);
    snprintf(text, sizeof(text), "%s (Version %lld)", f->titel, (long long)an->formular_version);
    pdf_text_eintrag(&p, 0, "Formular", text);
    pdf_text_platz(&p, 40);
    pdf_text_schrift(&p, PDF_SCHRIFT, true, 9);
    pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 12,
                    "Prüfsumme (SHA-256) der übermittelten Daten");
    pdf_text_schrift(&p, PDF_MONO, false, 8.5);
    pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 12, eb->sha256);
    pdf_text_schrift(&p, PDF_SCHRIFT, false, 8);
    pdf_text_absatz(
        &p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 10,
        "Die Prüfsumme ist der SHA-256 über den kanonischen Inhalt des Antrags (JSON, Schlüssel "
        "sortiert, ohne Leerraum). Mit ihr lässt sich jederzeit prüfen, dass die Daten "
        "unverändert sind.");
    p.y += 12;

    for (size_t s = 0; s < f->n_schritte; s++) {
        const struct formular_schritt *st = &f->schritte[s];
        bool any = false;
        for (size_t i = st->erstes; i < st->erstes + st->n_felder && !any; i++)
            any = json_object_get(daten, f->felder[i].id) != NULL;
        if (!any)
            continue;
        pdf_text_platz(&p, 40);
        p.y += 6;
        pdf_text_schrift(&p, PDF_SCHRIFT, true, 13);
        pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 18, st->titel);
        felder(&p, f->felder + st->erstes, st->n_felder, daten, anlagen, 0, &b);
    }
    if (json_array_size(anlagen) > 0) {
        pdf_text_platz(&p, 40);
        p.y += 6;
        pdf_text_schrift(&p, PDF_SCHRIFT, true, 13);
        pdf_text_absatz(&p, PDF_RAND, PDF_SEITE_B - 2 * PDF_RAND, 18, "Anlagen");
        size_t i;
        json_t *x;
        json_array_foreach(anlagen, i, x)
        {
            snprintf(text, sizeof(text), "%s, %lld Byte\nSHA-256 %s",
                     json_string_value(json_object_get(x, "typ")),
                     (long long)json_integer_value(json_object_get(x, "groesse")),
                     json_string_value(json_object_get(x, "sha256")));
            pdf_text_eintrag(&p, 0, json_string_value(json_object_get(x, "dateiname")), text);
        }
    }
    rc = pdf_text_ende(&p);
    buf_free(&b);
    json_decref(inhalt);
    return rc;
}

void
pdf_ende(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
