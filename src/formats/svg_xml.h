/* svg_xml: the small XML writer behind the server-drawn SVG images of the Lagebild
 * (svg_karte.h, svg_diagramm.h): escaping of text and attribute values. Thread-safe. */
#ifndef RATHAUS_FORMATS_SVG_XML_H
#define RATHAUS_FORMATS_SVG_XML_H

#include "util/buf.h"
#include "util/err.h"

/* Append `s` escaped for XML text or a double-quoted attribute (& < > " ' and control
 * characters other than tab and newline are replaced). NULL appends nothing. */
RH_MUST_CHECK int svg_text(struct buf *out, const char *s);

/* Share in per mille as German percent text with one decimal ("42,5 %") into out[16]. */
void svg_prozent(int promille, char out[16]);

#endif
