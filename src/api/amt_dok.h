/* api/amt_dok: the E-Akte endpoints for documents and their versions, the full-text search
 * and decisions (Bescheide) with their templates and co-signing.
 *
 * Thin handlers: they authenticate (api/konto.h: Bearer token or session with CSRF), parse
 * and bound the parameters (multipart for uploads), call the domain (domain/dokument.h,
 * domain/amt_suche.h, domain/bescheid.h; access through amt_zugriff and authz) and write
 * JSON or the file bytes. */
#ifndef RATHAUS_API_AMT_DOK_H
#define RATHAUS_API_AMT_DOK_H

#include "http/router.h"

extern const struct route amt_dok_api_routes[];

int api_dokumente(struct http_req *r, struct http_resp *w);
int api_dokument_create(struct http_req *r, struct http_resp *w);
int api_dokument(struct http_req *r, struct http_resp *w);
int api_dokument_versionen(struct http_req *r, struct http_resp *w);
int api_dokument_version_create(struct http_req *r, struct http_resp *w);
int api_dokument_inhalt(struct http_req *r, struct http_resp *w);
int api_dokument_final(struct http_req *r, struct http_resp *w);
int api_amt_suche(struct http_req *r, struct http_resp *w);
int api_bescheidvorlagen(struct http_req *r, struct http_resp *w);
int api_bescheidvorlage_create(struct http_req *r, struct http_resp *w);
int api_bescheidvorlage(struct http_req *r, struct http_resp *w);
int api_bescheidvorlage_update(struct http_req *r, struct http_resp *w);
int api_bescheid_create(struct http_req *r, struct http_resp *w);
int api_bescheide(struct http_req *r, struct http_resp *w);
int api_bescheid(struct http_req *r, struct http_resp *w);
int api_bescheid_pdf(struct http_req *r, struct http_resp *w);
int api_bescheid_mitzeichnen(struct http_req *r, struct http_resp *w);
int api_bescheid_zurueckweisen(struct http_req *r, struct http_resp *w);
int api_bescheid_versenden(struct http_req *r, struct http_resp *w);
int api_oe_mitzeichnung(struct http_req *r, struct http_resp *w);

/* Shared by the handlers of this face: map a domain error (with an optional field error)
 * to a problem document. ERR_OK when answered, else rc for the server (500). */
RH_MUST_CHECK int api_amt_dok_fehler(struct http_resp *w, int rc, const char *feld,
                                     const char *text);

#endif
