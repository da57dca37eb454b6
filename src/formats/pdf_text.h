/* pdf_text: the small text-layout layer of rathaus' PDFs (cairo) — A4 pages, a sans-serif
 * font (DejaVu Sans, or what fontconfig finds), paragraphs wrapped at spaces (a word longer
 * than a line is cut between characters), page breaks, and a footer "<fuss> – Seite n" on
 * every page. Used by the receipt (pdf_eingangsbestaetigung.c) and the decision
 * (pdf_bescheid.c).
 *
 * Usage: pdf_text_beginn(), write with pdf_text_schrift() / pdf_text_absatz() /
 * pdf_text_eintrag(), then pdf_text_ende(), which always frees the cairo objects and returns
 * the result. The PDF is appended to `out`; on failure `out` is left as it was. One document
 * per struct; thread-safe (one surface per call). */
#ifndef RATHAUS_FORMATS_PDF_TEXT_H
#define RATHAUS_FORMATS_PDF_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>

#include "util/buf.h"
#include "util/err.h"

#define PDF_SEITE_B 595.28 /* A4 in points */
#define PDF_SEITE_H 841.89
#define PDF_RAND    56.0
#define PDF_UNTEN   (PDF_SEITE_H - 60.0)
#define PDF_BREITE  (PDF_SEITE_B - 2 * PDF_RAND)
#define PDF_SCHRIFT "DejaVu Sans"
#define PDF_MONO    "DejaVu Sans Mono"

struct pdf_text {
    cairo_surface_t *s;
    cairo_t *cr;
    struct buf *out;
    size_t before; /* out->len at the start */
    int rc;
    double y; /* where the next line starts */
    int seite;
    const char *fuss; /* borrowed until pdf_text_ende() */
};

/* Start a document titled `titel` whose metadata carry time `zeitpunkt` (unix seconds; the
 * same input gives the same bytes). `fuss` (borrowed) begins every page's footer. */
void pdf_text_beginn(struct pdf_text *p, struct buf *out, const char *titel, int64_t zeitpunkt,
                     const char *fuss);
/* Choose the font: `face` (PDF_SCHRIFT or PDF_MONO), bold or not, size in points. */
void pdf_text_schrift(struct pdf_text *p, const char *face, bool fett, double size);
/* Break the page when fewer than `h` points are left. */
void pdf_text_platz(struct pdf_text *p, double h);
/* `text` wrapped into width `breite` from x, line height `zeile`; its line breaks are kept. */
void pdf_text_absatz(struct pdf_text *p, double x, double breite, double zeile, const char *text);
/* A label (bold, 9 pt) and its value below (10 pt; "–" when empty), indented by `einzug`. */
void pdf_text_eintrag(struct pdf_text *p, double einzug, const char *label, const char *wert);
/* Finish: the last footer, the PDF into out. ERR_OK; ERR_LIMIT past out's maximum; ERR_IO
 * when cairo fails. */
RH_MUST_CHECK int pdf_text_ende(struct pdf_text *p);

#endif
