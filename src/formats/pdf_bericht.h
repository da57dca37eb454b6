/* pdf_bericht: a report for the ministry as a PDF (cairo): a title, then lines of text, each a
 * heading or a normal line; long lines wrap, pages break. A4, a sans-serif font found by
 * fontconfig. The caller composes the lines (api/koordination_bericht.c). Thread-safe: one
 * cairo surface per call. */
#ifndef RATHAUS_FORMATS_PDF_BERICHT_H
#define RATHAUS_FORMATS_PDF_BERICHT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct pdf_zeile {
    const char *text; /* UTF-8 */
    bool is_ueberschrift;
};

/* Append the PDF to `out`. ERR_LIMIT past out's maximum; ERR_IO when cairo fails. */
RH_MUST_CHECK int pdf_bericht(const char *titel, const struct pdf_zeile *z, size_t n,
                              struct buf *out);

#endif
