/* amt: the face of the back office (Amt) — every authority's clerks work here: the start page
 * with their due follow-ups, the office inbox (Posteingang), files (Akten) and cases
 * (Vorgaenge) with notes, follow-ups and questions to the applicant. German, KERN UX, no
 * JavaScript; every form carries a CSRF token. Handlers are thin: resolve the caller
 * (http/auth.h), call the domain (which asks authz_check and writes the audit log) and render
 * the templates in html/templates/amt/.
 *
 * The layout is shared with the Amt pages of other modules (documents, search, decisions,
 * file plan, retention, audit log, forms). How another module renders a page inside it:
 *
 *     int dok_seite(struct http_req *r, struct http_resp *w)
 *     {
 *         struct aseite s;
 *         int rc = aseite_beginn(r, &s);          // or aseite_post() for a form POST
 *         if (rc != ERR_OK)
 *             return rc;
 *         if (s.auth.actor.konto_id <= 0)
 *             return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
 *         ... call the domain with s.c, &s.u, &s.auth.actor; on error:
 *             return aseite_fehler(r, w, &s, rc);   // 401 → login, 403, 404, 400 pages
 *         json_t *d = json_object();  ... fill it ...
 *         json_object_set_new(d, "tab_dokumente", json_true());  // case sub-pages
 *         return aseite_zeigen(r, w, &s, "amt/dok_liste", "Dokumente", d);
 *     }
 *
 * and the template (html/templates/amt/dok_liste.html) begins and ends like every Amt page:
 *
 *     {{> teile/kopf}}
 *     {{> amt/nav}}
 *     ... for a case's sub-page also {{> amt/vorgang_tabs}} (needs "vorgang": {"id",
 *     "aktenzeichen"} and one of tab_uebersicht / tab_dokumente / tab_bescheid true) ...
 *     <form method="post" action="..."><input type="hidden" name="csrf" value="{{csrf}}"> ...
 *     {{> teile/fuss}}
 *
 * aseite_zeigen() adds "csrf", "nav" (which links the caller may see: nav.sb, nav.admin) and
 * "titel". Routes: each module has its own route table; add it to src/cli/serve.c. */
#ifndef RATHAUS_AMT_AMT_H
#define RATHAUS_AMT_AMT_H

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/auth.h"
#include "http/router.h"

extern const struct route amt_routes[];

/* What every Amt page holds while it runs. */
struct aseite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form; /* POST: the url-encoded fields */
    size_t n_form;
};

/* Borrow a connection and resolve the caller (nobody: konto_id 0; API tokens are ignored). */
RH_MUST_CHECK int aseite_beginn(struct http_req *r, struct aseite *s);
/* Give the connection back (also done by aseite_zeigen and aseite_fehler). Accepts repeats. */
void aseite_ende(struct aseite *s);
/* POST pages with an url-encoded form: aseite_beginn, parse the form, check the CSRF token.
 * On a non-OK return the error page is written when w->status is set (then return ERR_OK
 * from the handler), else return rc to the server. */
RH_MUST_CHECK int aseite_post(struct http_req *r, struct http_resp *w, struct aseite *s);
/* Check the CSRF token `csrf` (e.g. from a multipart form); on failure the 403 page is
 * written and ERR_FORBIDDEN returned. */
RH_MUST_CHECK int aseite_csrf(struct http_req *r, struct http_resp *w, struct aseite *s,
                              const char *csrf);
/* A form field's value, or NULL. */
const char *aseite_feld(const struct aseite *s, const char *name);
/* A form field as a positive id; 0 when missing or not a number. */
int64_t aseite_feld_id(const struct aseite *s, const char *name);
/* Render `tmpl` with `data` (stolen) plus csrf, nav and the title; status 200,
 * Cache-Control: no-store. Releases the connection first. */
RH_MUST_CHECK int aseite_zeigen(struct http_req *r, struct http_resp *w, struct aseite *s,
                                const char *tmpl, const char *titel, json_t *data);
/* A short message page (amt/meldung) with `status`. */
RH_MUST_CHECK int aseite_meldung(struct http_req *r, struct http_resp *w, struct aseite *s,
                                 int status, const char *ueberschrift, const char *text);
/* Answer a domain error as a page: nobody → to the login; ERR_FORBIDDEN 403, ERR_NOTFOUND
 * 404, ERR_INVALID 400 pages; anything else is returned for the server (500). Releases the
 * connection. */
RH_MUST_CHECK int aseite_fehler(struct http_req *r, struct http_resp *w, struct aseite *s, int rc);
/* 303 See Other to `ort` (a path) after a successful POST. Releases the connection. */
RH_MUST_CHECK int aseite_weiter(struct http_resp *w, struct aseite *s, const char *ort);

/* "04.12.2026" / "04.12.2026, 17:03" in the request arena (German time). */
const char *amt_datum(struct http_req *r, int64_t t);
const char *amt_zeit(struct http_req *r, int64_t t);

/* Handlers (one file per entity). */
int amt_start(struct http_req *r, struct http_resp *w);
int amt_posteingang(struct http_req *r, struct http_resp *w);
int amt_posteingang_eintrag(struct http_req *r, struct http_resp *w);
int amt_posteingang_hochladen(struct http_req *r, struct http_resp *w);
int amt_posteingang_uebernehmen(struct http_req *r, struct http_resp *w);
int amt_posteingang_zuweisen(struct http_req *r, struct http_resp *w);
int amt_posteingang_weiterleiten(struct http_req *r, struct http_resp *w);
int amt_akten(struct http_req *r, struct http_resp *w);
int amt_akte_anlegen(struct http_req *r, struct http_resp *w);
int amt_akte(struct http_req *r, struct http_resp *w);
int amt_vorgang_anlegen(struct http_req *r, struct http_resp *w);
int amt_vorgang(struct http_req *r, struct http_resp *w);
int amt_vorgang_status(struct http_req *r, struct http_resp *w);
int amt_vorgang_vermerk(struct http_req *r, struct http_resp *w);
int amt_vorgang_wiedervorlage(struct http_req *r, struct http_resp *w);
int amt_vorgang_rueckfrage(struct http_req *r, struct http_resp *w);
int amt_wiedervorlage_erledigt(struct http_req *r, struct http_resp *w);

#endif
