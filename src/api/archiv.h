/* api/archiv: the JSON API of the file plan (Aktenplan), zdA and retention, the hand-over to
 * the archive (Aussonderung, xdomea), the export of a whole file and the audit log. Thin
 * handlers over domain/aktenplan.h, domain/archiv.h and domain/akte_export.h; zip answers are
 * application/zip with a Content-Disposition file name. */
#ifndef RATHAUS_API_ARCHIV_H
#define RATHAUS_API_ARCHIV_H

#include <jansson.h>

#include "http/router.h"
#include "util/buf.h"

extern const struct route archiv_api_routes[];

int api_aktenplan(struct http_req *r, struct http_resp *w);
int api_aktenplan_import(struct http_req *r, struct http_resp *w);
int api_aktenplan_eintrag(struct http_req *r, struct http_resp *w);
int api_aktenplan_patch(struct http_req *r, struct http_resp *w);
int api_vorgang_zda(struct http_req *r, struct http_resp *w);
int api_akte_zda(struct http_req *r, struct http_resp *w);
int api_akte_wiederaufnahme(struct http_req *r, struct http_resp *w);
int api_akte_export(struct http_req *r, struct http_resp *w);
int api_aussonderung_faellig(struct http_req *r, struct http_resp *w);
int api_aussonderung_export(struct http_req *r, struct http_resp *w);
int api_aussonderung_liste(struct http_req *r, struct http_resp *w);
int api_aussonderung_get(struct http_req *r, struct http_resp *w);
int api_aussonderung_quittung(struct http_req *r, struct http_resp *w);
int api_aussonderung_loeschen(struct http_req *r, struct http_resp *w);
int api_protokoll(struct http_req *r, struct http_resp *w);

/* Shared by the handlers of this face. */

/* The path of xdomea.xsd: $RATHAUS_SHARED (default ../shared) + XDOMEA_XSD_RELATIV, in the
 * request arena; NULL when out of memory. */
const char *archiv_xsd_pfad(struct http_req *r);
/* Answer with the zip in `zip` (taken over: emptied) as `dateiname`. */
RH_MUST_CHECK int archiv_zip_antwort(struct http_req *r, struct http_resp *w, struct buf *zip,
                                     const char *dateiname);
/* A problem document with the lines of `fehler` as the array "fehler". */
RH_MUST_CHECK int archiv_problem(struct http_resp *w, int status, const char *title,
                                 const char *detail, const char *fehler);
/* ?behoerde= as an id (0 when absent); 400 written on a bad value (ERR_INVALID). */
RH_MUST_CHECK int archiv_behoerde_param(struct http_req *r, struct http_resp *w, int64_t *out);

#endif
