/* antrag_intern: what the parts of the citizen's application pages share — the state of one
 * page (struct seite) and the helpers to begin and end it, read the form, build links and
 * render (portal/antrag.c, which also holds the route table and the entry page), used by
 * antrag_schritt.c (the steps of the form), antrag_status.c (summary, submitting, status,
 * receipt and withdrawal) and antrag_postfach.c (own applications and the mailbox). Internal
 * to src/portal/; the interface is portal/antrag.h. */
#ifndef RATHAUS_PORTAL_ANTRAG_INTERN_H
#define RATHAUS_PORTAL_ANTRAG_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/antrag.h"
#include "domain/formular.h"
#include "http/auth.h"
#include "http/multipart.h"
#include "portal/antrag.h"

/* What every page holds while it runs. */
struct seite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form;
    size_t n_form;
    struct multipart_teil *dateien; /* file parts of a multipart form */
    size_t n_dateien;
    const char *k; /* the resume secret from ?k=, or NULL */
    struct antrag_zugang z;
};

/* Begin a page: the connection, who asks (pages take no API tokens), the resume secret ?k=.
 * On failure nothing is held. */
RH_MUST_CHECK int antrag_seite_beginn(struct http_req *r, struct seite *s);

/* Release what the page holds; again is harmless. */
void antrag_seite_ende(struct seite *s);

/* The value of form field `name`, or NULL. */
const char *antrag_seite_feld(const struct seite *s, const char *name);

/* Whether someone is logged in. */
bool antrag_seite_angemeldet(const struct seite *s);

/* "/antrag/7/schritt/2" plus "?k=..." when reached by the resume link; in the arena. `fmt`
 * takes the id (PRId64) and, for a step, its number (%ld). */
const char *antrag_seite_url(struct http_req *r, const struct seite *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Render `tmpl` with `data` (stolen), the CSRF token and the login state; no caching. */
RH_MUST_CHECK int antrag_seite_zeigen(struct http_req *r, struct http_resp *w, struct seite *s,
                                      const char *tmpl, const char *titel, json_t *data,
                                      int status);

/* The answer page for a domain error; ERR_OK when written. */
RH_MUST_CHECK int antrag_seite_fehlerseite(struct http_req *r, struct http_resp *w, struct seite *s,
                                           int rc);

/* Form pages: begin, parse the body and check the CSRF token. ERR_OK to go on; otherwise the
 * answer page may be written (see antrag_seite_abbruch()). */
RH_MUST_CHECK int antrag_seite_post_beginn(struct http_req *r, struct http_resp *w,
                                           struct seite *s);

/* The handler's return value after antrag_seite_post_beginn() failed; ends the page. */
RH_MUST_CHECK int antrag_seite_abbruch(struct http_resp *w, struct seite *s, int rc);

/* The path parameter `name` as an id >= 1 into *out; ERR_INVALID otherwise. */
RH_MUST_CHECK int antrag_seite_id_param(struct http_req *r, const char *name, int64_t *out);

/* The list for the error summary: [{href: "#f-...", text}] (links into `seite_url` when
 * given, e.g. the step of each error on the summary page). */
json_t *antrag_seite_fehlerliste(struct http_req *r, const struct seite *s,
                                 const struct formular *f, int64_t id,
                                 const struct formular_fehler *fe, size_t n, bool mit_schritt);

/* [{sha256, dateiname, typ}] of the attachments; NULL when out of memory. */
json_t *antrag_seite_anlagen_json(const struct anlage *al, size_t n);

/* Read the application and its form, and check the step number. */
RH_MUST_CHECK int antrag_seite_laden(struct http_req *r, struct seite *s, int64_t id,
                                     struct antrag *an, struct formular **f);

#endif
