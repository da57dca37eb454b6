/* amt/dok: the Amt pages for documents of a case (list, versions, upload, final, download),
 * decisions (draft from a template or free text, PDF preview, co-sign, send back, send), the
 * decision templates and the offices' co-signing setting (admins), and the full-text search.
 * Inside the Amt layout (amt/amt.h); German, no JavaScript, CSRF on every form. Shared by
 * amt/dokument.c, amt/bescheid.c and amt/suche.c. */
#ifndef RATHAUS_AMT_DOK_H
#define RATHAUS_AMT_DOK_H

#include "amt/amt.h"
#include "http/router.h"

extern const struct route amt_dok_routes[];

int amt_dokumente(struct http_req *r, struct http_resp *w);
int amt_dokument_hochladen(struct http_req *r, struct http_resp *w);
int amt_dokument_version(struct http_req *r, struct http_resp *w);
int amt_dokument_final(struct http_req *r, struct http_resp *w);
int amt_dokument_inhalt(struct http_req *r, struct http_resp *w);
int amt_bescheide(struct http_req *r, struct http_resp *w);
int amt_bescheid_entwerfen(struct http_req *r, struct http_resp *w);
int amt_bescheid_pdf(struct http_req *r, struct http_resp *w);
int amt_bescheid_mitzeichnen(struct http_req *r, struct http_resp *w);
int amt_bescheid_zurueckweisen(struct http_req *r, struct http_resp *w);
int amt_bescheid_versenden(struct http_req *r, struct http_resp *w);
int amt_bescheidvorlagen(struct http_req *r, struct http_resp *w);
int amt_bescheidvorlage_anlegen(struct http_req *r, struct http_resp *w);
int amt_bescheidvorlage(struct http_req *r, struct http_resp *w);
int amt_bescheidvorlage_aendern(struct http_req *r, struct http_resp *w);
int amt_oe_mitzeichnung(struct http_req *r, struct http_resp *w);
int amt_suche_seite(struct http_req *r, struct http_resp *w);

/* A message page with `status`, a German heading and text, and a link back to `zurueck`
 * (a path, may be NULL). Releases the connection. */
RH_MUST_CHECK int amt_dok_meldung(struct http_req *r, struct http_resp *w, struct aseite *s,
                                  int status, const char *ueberschrift, const char *text,
                                  const char *zurueck);

#endif
