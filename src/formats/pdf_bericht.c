#include "formats/pdf_bericht.h"

#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#define SEITE_B 595.28 /* A4 in points */
#define SEITE_H 841.89
#define RAND    56.0

struct pdf {
    cairo_surface_t *s;
    cairo_t *cr;
    struct buf *out;
    int rc;
    double y;
};

static cairo_status_t
schreiben(void *closure, const unsigned char *data, unsigned int len)
{
    struct pdf *p = closure;
    if (p->rc == ERR_OK)
        p->rc = buf_append(p->out, data, len);
    return p->rc == ERR_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
neue_zeile(struct pdf *p, double hoehe)
{
    if (p->y + hoehe > SEITE_H - RAND) {
        cairo_show_page(p->cr);
        p->y = RAND;
    }
    p->y += hoehe;
}

/* Show `text` wrapped at the text width, breaking at spaces (or anywhere in long words). */
static void
absatz(struct pdf *p, const char *text, double size, bool fett)
{
    cairo_select_font_face(p->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           fett ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
    size_t len = strlen(text), pos = 0;
    char line[1024];
    while (pos < len) {
        size_t best = 0, i = pos;
        while (i < len && i - pos < sizeof(line) - 1) {
            size_t next = i + 1;
            while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
                next++;
            memcpy(line, text + pos, next - pos);
            line[next - pos] = '\0';
            cairo_text_extents_t ext;
            cairo_text_extents(p->cr, line, &ext);
            if (ext.x_advance > SEITE_B - 2 * RAND && best > 0)
                break;
            if (next == len || text[next] == ' ' || best == 0)
                best = next - pos;
            i = next;
        }
        if (best == 0)
            best = 1;
        memcpy(line, text + pos, best);
        line[best] = '\0';
        neue_zeile(p, size * 1.4);
        cairo_move_to(p->cr, RAND, p->y);
        cairo_show_text(p->cr, line);
        pos += best;
        while (pos < len && text[pos] == ' ')
            pos++;
    }
}

int
pdf_bericht(const char *titel, const struct pdf_zeile *z, size_t n, struct buf *out)
{
    struct pdf p = {.out = out, .rc = ERR_OK, .y = RAND};
    size_t before = out->len;
    p.s = cairo_pdf_surface_create_for_stream(schreiben, &p, SEITE_B, SEITE_H);
    p.cr = cairo_create(p.s);
    cairo_set_source_rgb(p.cr, 0.1, 0.1, 0.1);
    absatz(&p, titel, 16, true);
    p.y += 8;
    for (size_t i = 0; i < n && p.rc == ERR_OK; i++) {
        if (z[i].is_ueberschrift)
            p.y += 8;
        absatz(&p, z[i].text ? z[i].text : "", z[i].is_ueberschrift ? 12 : 10,
               z[i].is_ueberschrift);
    }
    cairo_destroy(p.cr);
    cairo_surface_finish(p.s);
    if (p.rc == ERR_OK && cairo_surface_status(p.s) != CAIRO_STATUS_SUCCESS)
        p.rc = ERR_IO;
    cairo_surface_destroy(p.s);
    if (p.rc != ERR_OK && out->p) {
        out->len = before;
        out->p[before] = '\0';
    }
    return p.rc;
}
