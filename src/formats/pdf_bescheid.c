#include "formats/pdf_bescheid.h"

#include <stdio.h>

#include "formats/pdf_text.h"

static const char *
s_(const char *s)
{
    return s ? s : "";
}

int
pdf_bescheid(const struct pdf_bescheid_daten *d, struct buf *out)
{
    struct pdf_text p;
    char fuss[160], zeile[256];

    snprintf(fuss, sizeof(fuss), "%sBescheid %s", d->is_entwurf ? "ENTWURF – " : "",
             s_(d->aktenzeichen));
    pdf_text_beginn(&p, out, "Bescheid", d->zeitpunkt, fuss);

    pdf_text_schrift(&p, PDF_SCHRIFT, true, 13);
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 17, s_(d->behoerde));
    pdf_text_schrift(&p, PDF_SCHRIFT, false, 10);
    if (d->oe && *d->oe)
        pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 13, d->oe);
    if (d->anschrift && *d->anschrift)
        pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 13, d->anschrift);
    p.y += 24;
    snprintf(zeile, sizeof(zeile), "Aktenzeichen: %s", s_(d->aktenzeichen));
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 13, zeile);
    snprintf(zeile, sizeof(zeile), "Datum: %s", s_(d->datum));
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 13, zeile);
    p.y += 18;
    if (d->is_entwurf) {
        pdf_text_schrift(&p, PDF_SCHRIFT, true, 16);
        cairo_set_source_rgb(p.cr, 0.7, 0.1, 0.1);
        pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 20, "ENTWURF – nicht versandt");
        cairo_set_source_rgb(p.cr, 0, 0, 0);
        p.y += 6;
    }
    pdf_text_schrift(&p, PDF_SCHRIFT, true, 12);
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 16, s_(d->betreff));
    p.y += 10;
    pdf_text_schrift(&p, PDF_SCHRIFT, false, 10.5);
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 14.5, s_(d->text));
    p.y += 24;
    pdf_text_platz(&p, 40);
    pdf_text_schrift(&p, PDF_SCHRIFT, false, 9);
    pdf_text_absatz(&p, PDF_RAND, PDF_BREITE, 12,
                    d->is_mitgezeichnet
                        ? "Dieser Bescheid wurde elektronisch erstellt und im Vier-Augen-Prinzip "
                          "mitgezeichnet; er ist ohne Unterschrift gültig."
                        : "Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift "
                          "gültig.");
    return pdf_text_ende(&p);
}
