/* pdf_eingangsbestaetigung: the receipt of a submitted application as a PDF (cairo), with
 * the receipt number, the time, the SHA-256 over the canonical content, the responsible
 * office, every submitted answer under its label (steps, groups and repeated items in the
 * form's order; choices by their label) and the list of attachments with their hashes.
 *
 * The PDF is made from the stored receipt (the canonical content holds the answers exactly
 * as submitted) and the form version the application used, so it can be made again at any
 * time and shows the same. A4, DejaVu Sans (any sans-serif font fontconfig finds). Long texts
 * wrap, pages break. Thread-safe: one cairo surface per call. */
#ifndef RATHAUS_FORMATS_PDF_EINGANGSBESTAETIGUNG_H
#define RATHAUS_FORMATS_PDF_EINGANGSBESTAETIGUNG_H

#include "domain/antrag.h"
#include "domain/formular.h"
#include "util/buf.h"

/* Append the PDF of receipt `eb` of application `an` (form `f`) to `out`. ERR_INVALID when
 * eb->inhalt is not the canonical JSON; ERR_LIMIT past out's maximum; ERR_IO when cairo
 * fails. */
RH_MUST_CHECK int pdf_eingangsbestaetigung(const struct formular *f, const struct antrag *an,
                                           const struct eingangsbestaetigung *eb, struct buf *out);

/* Release the process-wide caches of cairo and fontconfig that the first PDF filled. Call
 * once at exit, after the last PDF (no thread may make one any more); LeakSanitizer reports
 * them otherwise. Cannot fail. */
void pdf_ende(void);

#endif
