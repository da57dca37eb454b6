#include "formats/pdf_text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>

static cairo_status_t
schreiben(void *closure, const unsigned char *data, unsigned int len)
{
    struct pdf_text *p = closure;
    if (p->rc != ERR_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    p->rc = buf_append(p->out, data, len);
    return p->rc == ERR_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
fusszeile(struct pdf_text *p)
{
    char text[160];
    cairo_select_font_face(p->cr, PDF_SCHRIFT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, 8);
    cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    snprintf(text, sizeof(text), "%s – Seite %d", p->fuss, p->seite);
    cairo_move_to(p->cr, PDF_RAND, PDF_SEITE_H - 30);
    cairo_show_text(p->cr, text);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void
neue_seite(struct pdf_text *p)
{
    fusszeile(p);
    cairo_show_page(p->cr);
    p->seite++;
    p->y = PDF_RAND;
}

void
pdf_text_platz(struct pdf_text *p, double h)
{
    if (p->y + h > PDF_UNTEN)
        neue_seite(p);
}

static double
breite_von(struct pdf_text *p, const char *s, size_t n, char *line)
{
    cairo_text_extents_t ext;
    memcpy(line, s, n);
    line[n] = '\0';
    cairo_text_extents(p->cr, line, &ext);
    return ext.x_advance;
}

static void
zeile_zeigen(struct pdf_text *p, double x, double zeile, const char *line)
{
    pdf_text_platz(p, zeile);
    cairo_move_to(p->cr, x, p->y + zeile * 0.8);
    cairo_show_text(p->cr, line);
    p->y += zeile;
}

/* Measures once per word, so long texts stay cheap. */
void
pdf_text_absatz(struct pdf_text *p, double x, double breite, double zeile, const char *text)
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

void
pdf_text_schrift(struct pdf_text *p, const char *face, bool fett, double size)
{
    cairo_select_font_face(p->cr, face, CAIRO_FONT_SLANT_NORMAL,
                           fett ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

void
pdf_text_eintrag(struct pdf_text *p, double einzug, const char *label, const char *wert)
{
    pdf_text_platz(p, 28);
    pdf_text_schrift(p, PDF_SCHRIFT, true, 9);
    pdf_text_absatz(p, PDF_RAND + einzug, PDF_BREITE - einzug, 12, label);
    pdf_text_schrift(p, PDF_SCHRIFT, false, 10);
    pdf_text_absatz(p, PDF_RAND + einzug, PDF_BREITE - einzug, 13, wert[0] ? wert : "–");
    p->y += 4;
}

void
pdf_text_beginn(struct pdf_text *p, struct buf *out, const char *titel, int64_t zeitpunkt,
                const char *fuss)
{
    *p = (struct pdf_text){
        .out = out, .before = out->len, .rc = ERR_OK, .y = PDF_RAND, .seite = 1, .fuss = fuss};
    p->s = cairo_pdf_surface_create_for_stream(schreiben, p, PDF_SEITE_B, PDF_SEITE_H);
    p->cr = cairo_create(p->s);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_TITLE, titel);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATOR, "rathaus");
    char datum[32];
    time_t t = (time_t)zeitpunkt;
    struct tm tm;
    if (gmtime_r(&t, &tm) && strftime(datum, sizeof(datum), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
        cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATE_DATE, datum);
        cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_MOD_DATE, datum);
    }
}

int
pdf_text_ende(struct pdf_text *p)
{
    int rc;
    fusszeile(p);
    cairo_show_page(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->s);
    rc = cairo_surface_status(p->s) == CAIRO_STATUS_SUCCESS ? ERR_OK : ERR_IO;
    cairo_surface_destroy(p->s);
    if (p->rc != ERR_OK)
        rc = p->rc;
    if (rc != ERR_OK)
        p->out->len = p->before; /* the buffer is unchanged on failure */
    if (p->out->p)
        p->out->p[p->out->len] = '\0';
    return rc;
}
