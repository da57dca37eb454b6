#include "formats/pdf_eingangsbestaetigung.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>

#define SEITE_B 595.28 /* A4 in points */
#define SEITE_H 841.89
#define RAND    56.0
#define UNTEN   (SEITE_H - 60.0)
#define SCHRIFT "DejaVu Sans"
#define MONO    "DejaVu Sans Mono"

struct pdf {
    cairo_surface_t *s;
    cairo_t *cr;
    struct buf *out;
    int rc;
    double y;
    int seite;
    const char *kopf; /* the receipt number, repeated in each page's footer */
};

static cairo_status_t
schreiben(void *closure, const unsigned char *data, unsigned int len)
{
    struct pdf *p = closure;
    if (p->rc != ERR_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    p->rc = buf_append(p->out, data, len);
    return p->rc == ERR_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
fusszeile(struct pdf *p)
{
    char text[96];
    cairo_select_font_face(p->cr, SCHRIFT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, 8);
    cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    snprintf(text, sizeof(text), "Eingangsbestätigung %s – Seite %d", p->kopf, p->seite);
    cairo_move_to(p->cr, RAND, SEITE_H - 30);
    cairo_show_text(p->cr, text);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void
neue_seite(struct pdf *p)
{
    fusszeile(p);
    cairo_show_page(p->cr);
    p->seite++;
    p->y = RAND;
}

static void
platz(struct pdf *p, double h)
{
    if (p->y + h > UNTEN)
        neue_seite(p);
}

static double
breite_von(struct pdf *p, const char *s, size_t n, char *line)
{
    cairo_text_extents_t ext;
    memcpy(line, s, n);
    line[n] = '\0';
    cairo_text_extents(p->cr, line, &ext);
    return ext.x_advance;
}

static void
zeile_zeigen(struct pdf *p, double x, double zeile, const char *line)
{
    platz(p, zeile);
    cairo_move_to(p->cr, x, p->y + zeile * 0.8);
    cairo_show_text(p->cr, line);
    p->y += zeile;
}

/* Write `text` wrapped at spaces into width `breite` from x, in the current font, line
 * height `zeile`; a word longer than a line is cut between characters. Line breaks in the
 * text are kept. Measures once per word, so long texts stay cheap. */
static void
absatz(struct pdf *p, double x, double breite, double zeile, const char *text)
{
    char line[1024];
    const char *s = text;
    while (*s) {
        size_t fit = 0, n = 0;
        for (;;) {
            size_t k = n;
            while (s[k] && s[k] != ' ' && s[k] != '\n')
                k++;
            if (k >= sizeof(line) || breite_von(p, s, k, line) > breite)
                break;
            fit = k;
            if (s[k] != ' ')
                break;
            n = k + 1;
        }
        if (fit == 0 && *s != '\n' && *s != ' ') {
            /* one word wider than the line: as many characters as fit, at least one */
            size_t k = 0;
            for (;;) {
                size_t next = k + 1;
                while (s[next] && ((unsigned char)s[next] & 0xC0) == 0x80)
                    next++;
                if (next >= sizeof(line) || (k > 0 && breite_von(p, s, next, line) > breite))
                    break;
                k = next;
                if (!s[k] || s[k] == ' ' || s[k] == '\n')
                    break;
            }
            fit = k;
        }
        memcpy(line, s, fit);
        line[fit] = '\0';
        zeile_zeigen(p, x, zeile, line);
        s += fit;
        if (*s == ' ' || *s == '\n')
            s++;
    }
}

static void
schrift(struct pdf *p, const char *face, bool fett, double size)
{
    cairo_select_font_face(p->cr, face, CAIRO_FONT_SLANT_NORMAL,
                           fett ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

/* A label (bold) and its value below, indented by `einzug`. */
static void
eintrag(struct pdf *p, double einzug, const char *label, const char *wert)
{
    platz(p, 28);
    schrift(p, SCHRIFT, true, 9);
    absatz(p, RAND + einzug, SEITE_B - 2 * RAND - einzug, 12, label);
    schrift(p, SCHRIFT, false, 10);
    absatz(p, RAND + einzug, SEITE_B - 2 * RAND - einzug, 13, wert[0] ? wert : "–");
    p->y += 4;
}

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
felder(struct pdf *p, const struct formular_feld *fs, size_t n, const json_t *obj,
       const json_t *anlagen, double einzug, struct buf *b)
{
    for (size_t i = 0; i < n; i++) {
        const struct formular_feld *f = &fs[i];
        const json_t *v = json_object_get(obj, f->id);
        if (!v)
            continue;
        if (f->typ != FORMULAR_GRUPPE) {
            wert_text(f, v, anlagen, b);
            eintrag(p, einzug, f->label, buf_cstr(b));
            continue;
        }
        platz(p, 30);
        schrift(p, SCHRIFT, true, 10);
        absatz(p, RAND + einzug, SEITE_B - 2 * RAND - einzug, 14, f->label);
        if (f->is_wiederholbar) {
            size_t k;
            json_t *x;
            json_array_foreach(v, k, x)
            {
                char t[160];
                snprintf(t, sizeof(t), "%s %zu", f->label_eintrag ? f->label_eintrag : "Eintrag",
                         k + 1);
                platz(p, 30);
                schrift(p, SCHRIFT, true, 9);
                absatz(p, RAND + einzug + 10, SEITE_B - 2 * RAND - einzug - 10, 13, t);
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
    struct pdf p = {.out = out, .rc = ERR_OK, .y = RAND, .seite = 1, .kopf = eb->nummer};
    size_t before = out->len;
    char zeit[32], text[512];
    int rc;
    if (!json_is_object(daten) || !json_is_array(anlagen)) {
        json_decref(inhalt);
        return ERR_INVALID;
    }
    p.s = cairo_pdf_surface_create_for_stream(schreiben, &p, SEITE_B, SEITE_H);
    p.cr = cairo_create(p.s);
    cairo_pdf_surface_set_metadata(p.s, CAIRO_PDF_METADATA_TITLE, "Eingangsbestätigung");
    cairo_pdf_surface_set_metadata(p.s, CAIRO_PDF_METADATA_CREATOR, "rathaus");

    schrift(&p, SCHRIFT, true, 18);
    absatz(&p, RAND, SEITE_B - 2 * RAND, 24, "Eingangsbestätigung");
    schrift(&p, SCHRIFT, false, 12);
    absatz(&p, RAND, SEITE_B - 2 * RAND, 16, an->leistung_name ? an->leistung_name : f->titel);
    p.y += 10;
    antrag_zeit_text(eb->zeitpunkt, zeit);
    snprintf(text, sizeof(text), "%s, %s", an->oe_name ? an->oe_name : "",
             an->behoerde_name ? an->behoerde_name : "");
    eintrag(&p, 0, "Eingegangen bei", text);
    eintrag(&p, 0, "Nummer", eb->nummer);
    eintrag(&p, 0, "Eingegangen am", zeit);
    snprintf(text, sizeof(text), "%s (Version %lld)", f->titel, (long long)an->formular_version);
    eintrag(&p, 0, "Formular", text);
    platz(&p, 40);
    schrift(&p, SCHRIFT, true, 9);
    absatz(&p, RAND, SEITE_B - 2 * RAND, 12, "Prüfsumme (SHA-256) der übermittelten Daten");
    schrift(&p, MONO, false, 8.5);
    absatz(&p, RAND, SEITE_B - 2 * RAND, 12, eb->sha256);
    schrift(&p, SCHRIFT, false, 8);
    absatz(&p, RAND, SEITE_B - 2 * RAND, 10,
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
        platz(&p, 40);
        p.y += 6;
        schrift(&p, SCHRIFT, true, 13);
        absatz(&p, RAND, SEITE_B - 2 * RAND, 18, st->titel);
        felder(&p, f->felder + st->erstes, st->n_felder, daten, anlagen, 0, &b);
    }
    if (json_array_size(anlagen) > 0) {
        platz(&p, 40);
        p.y += 6;
        schrift(&p, SCHRIFT, true, 13);
        absatz(&p, RAND, SEITE_B - 2 * RAND, 18, "Anlagen");
        size_t i;
        json_t *x;
        json_array_foreach(anlagen, i, x)
        {
            snprintf(text, sizeof(text), "%s, %lld Byte\nSHA-256 %s",
                     json_string_value(json_object_get(x, "typ")),
                     (long long)json_integer_value(json_object_get(x, "groesse")),
                     json_string_value(json_object_get(x, "sha256")));
            eintrag(&p, 0, json_string_value(json_object_get(x, "dateiname")), text);
        }
    }
    fusszeile(&p);
    cairo_show_page(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.s);
    rc = cairo_surface_status(p.s) == CAIRO_STATUS_SUCCESS ? ERR_OK : ERR_IO;
    cairo_surface_destroy(p.s);
    if (p.rc != ERR_OK)
        rc = p.rc;
    if (rc != ERR_OK)
        out->len = before; /* the buffer is unchanged on failure */
    if (out->p)
        out->p[out->len] = '\0';
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
