/* koordination: the face of the e-government coordinators and the ministry — the Lagebild of
 * a district or the Land with a map and charts (SVG images drawn on the server), a
 * municipality's page with its gaps and who to ask, support requests (queue and detail, for
 * municipal staff their own), knowledge articles and events. German, KERN UX, no JavaScript;
 * every form that changes something carries a CSRF token. Handlers are thin: they resolve the
 * caller (http/auth.h), call the domain (which asks authz_check) and render the templates in
 * html/templates/koordination/. No page shows personal data from applications or files. */
#ifndef RATHAUS_KOORDINATION_KOORDINATION_H
#define RATHAUS_KOORDINATION_KOORDINATION_H

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/auth.h"
#include "http/router.h"

extern const struct route koordination_routes[];

/* What every page holds while it runs. */
struct kseite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form;
    size_t n_form;
};

/* Borrow a connection and resolve the caller (nobody: konto_id 0). */
RH_MUST_CHECK int kseite_beginn(struct http_req *r, struct kseite *s);
void kseite_ende(struct kseite *s);
/* POST pages: kseite_beginn, parse the form, check the CSRF token. On a non-OK return the
 * page is written when w->status is set (the handler returns ERR_OK), else rc is for the
 * server. */
RH_MUST_CHECK int kseite_post(struct http_req *r, struct http_resp *w, struct kseite *s);
/* A form field's value, or NULL. */
const char *kseite_feld(const struct kseite *s, const char *name);
/* Render `tmpl` with `data` (stolen) plus csrf, the navigation and the title; status 200 and
 * Cache-Control: no-store. Releases the connection first. */
RH_MUST_CHECK int kseite_zeigen(struct http_req *r, struct http_resp *w, struct kseite *s,
                                const char *tmpl, const char *titel, json_t *data);
/* Answer a domain error as a page: nobody logged in → to the login, 403/404 pages. Releases
 * the connection. Returns ERR_OK when answered. */
RH_MUST_CHECK int kseite_fehler(struct http_req *r, struct http_resp *w, struct kseite *s, int rc);

/* Handlers (one file per entity). */
int koord_lagebild(struct http_req *r, struct http_resp *w);
int koord_karte(struct http_req *r, struct http_resp *w);
int koord_diagramm(struct http_req *r, struct http_resp *w);
int koord_gemeinde(struct http_req *r, struct http_resp *w);
int koord_stand(struct http_req *r, struct http_resp *w);
int koord_stand_baustein(struct http_req *r, struct http_resp *w);
int koord_stand_schritt(struct http_req *r, struct http_resp *w);
int koord_stand_eakte(struct http_req *r, struct http_resp *w);
int koord_anfragen(struct http_req *r, struct http_resp *w);
int koord_anfrage_neu(struct http_req *r, struct http_resp *w);
int koord_anfrage_stellen(struct http_req *r, struct http_resp *w);
int koord_anfrage(struct http_req *r, struct http_resp *w);
int koord_anfrage_antworten(struct http_req *r, struct http_resp *w);
int koord_anfrage_status(struct http_req *r, struct http_resp *w);
int koord_wissen(struct http_req *r, struct http_resp *w);
int koord_artikel(struct http_req *r, struct http_resp *w);
int koord_artikel_neu(struct http_req *r, struct http_resp *w);
int koord_artikel_anlegen(struct http_req *r, struct http_resp *w);
int koord_termine(struct http_req *r, struct http_resp *w);
int koord_termin(struct http_req *r, struct http_resp *w);
int koord_termin_anmelden(struct http_req *r, struct http_resp *w);
int koord_termin_abmelden(struct http_req *r, struct http_resp *w);

#endif
