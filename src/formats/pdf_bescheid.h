/* pdf_bescheid: a decision (Bescheid) as a PDF (cairo, through formats/pdf_text.h): the
 * authority and office at the top, date and file number, the subject in bold, the text with
 * its paragraphs, and at the end who co-signed. A draft carries "ENTWURF" above the subject
 * and in the footer. The same input gives the same bytes. Thread-safe. */
#ifndef RATHAUS_FORMATS_PDF_BESCHEID_H
#define RATHAUS_FORMATS_PDF_BESCHEID_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Strings borrowed; NULL counts as empty. */
struct pdf_bescheid_daten {
    const char *behoerde, *oe, *anschrift; /* anschrift: the authority's address, one line */
    const char *aktenzeichen, *datum;      /* datum: "04.12.2026" */
    const char *betreff, *text;
    bool is_entwurf, is_mitgezeichnet;
    int64_t zeitpunkt; /* for the metadata */
};

/* Append the PDF to `out`. ERR_LIMIT past out's maximum; ERR_IO when cairo fails; `out`
 * unchanged on failure. */
RH_MUST_CHECK int pdf_bescheid(const struct pdf_bescheid_daten *d, struct buf *out);

#endif
