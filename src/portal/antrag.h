/* portal/antrag: the citizen's pages of online applications — the entry page of a Leistung's
 * online form (/antrag/neu?leistung=ID&ort=AGS, where the demo's online services link), the
 * multi-step form with server-side checks and the KERN error summary, drafts saved at every
 * step (resumed from the account, or without one through the private link ?k=...), repeatable
 * groups with add/remove buttons, file uploads, the summary to check before sending, the
 * receipt and status page with timeline, PDF and withdrawal, the list of own applications and
 * the mailbox. No JavaScript; every POST form carries a CSRF token (http/auth.h) and a
 * request without a valid one changes nothing (403). Templates: html/templates/antrag/. */
#ifndef RATHAUS_PORTAL_ANTRAG_H
#define RATHAUS_PORTAL_ANTRAG_H

#include "http/router.h"

extern const struct route antrag_portal_routes[];

int portal_antrag_neu(struct http_req *r, struct http_resp *w);
int portal_antrag_anlegen(struct http_req *r, struct http_resp *w);
int portal_antrag_schritt(struct http_req *r, struct http_resp *w);
int portal_antrag_schritt_senden(struct http_req *r, struct http_resp *w);
int portal_antrag_pruefen(struct http_req *r, struct http_resp *w);
int portal_antrag_einreichen(struct http_req *r, struct http_resp *w);
int portal_antrag_status(struct http_req *r, struct http_resp *w);
int portal_antrag_pdf(struct http_req *r, struct http_resp *w);
int portal_antrag_zurueckziehen(struct http_req *r, struct http_resp *w);
int portal_antraege(struct http_req *r, struct http_resp *w);
int portal_postfach(struct http_req *r, struct http_resp *w);
int portal_postfach_nachricht(struct http_req *r, struct http_resp *w);
int portal_postfach_anlage(struct http_req *r, struct http_resp *w);
int portal_postfach_antwort(struct http_req *r, struct http_resp *w);

#endif
