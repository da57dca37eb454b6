/* konto_intern: what the account pages share — the state of one page (struct seite), running
 * a page with its access rule (konto_seite_ablauf()), reading the form and rendering, in
 * portal/konto.c with the route table; the handlers live in one file per use case. Internal
 * to src/portal/; the interface is portal/konto.h. */
#ifndef RATHAUS_PORTAL_KONTO_INTERN_H
#define RATHAUS_PORTAL_KONTO_INTERN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/auth.h"
#include "http/router.h"
#include "portal/konto.h"
#include "store/db.h"

/* What every account page holds while it runs. */
struct seite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form;
    size_t n_form;
};

/* Who may see a page: anyone, logged-in people, or someone between password and code. */
enum konto_zugang { KONTO_ALLE, KONTO_ANGEMELDET, KONTO_CODE_OFFEN };

/* The part of a page after konto_seite_ablauf() has begun it. */
typedef int (*konto_seite_fn)(struct http_req *r, struct http_resp *w, struct seite *s);

/* The handlers, by use case: konto_registrierung.c (register, confirm, invitation),
 * konto_anmeldung.c (log in and out, code, OpenID Connect), konto_passwort.c (forgotten
 * password), konto_uebersicht.c (the own account, sessions, export, deletion),
 * konto_mitarbeitende.c (staff of an authority). */
int portal_konto_registrieren(struct http_req *r, struct http_resp *w);
int portal_konto_registrieren_post(struct http_req *r, struct http_resp *w);
int portal_konto_bestaetigen(struct http_req *r, struct http_resp *w);
int portal_konto_bestaetigen_post(struct http_req *r, struct http_resp *w);
int portal_konto_anmelden(struct http_req *r, struct http_resp *w);
int portal_konto_anmelden_post(struct http_req *r, struct http_resp *w);
int portal_konto_code(struct http_req *r, struct http_resp *w);
int portal_konto_code_post(struct http_req *r, struct http_resp *w);
int portal_konto_abmelden_post(struct http_req *r, struct http_resp *w);
int portal_konto_vergessen(struct http_req *r, struct http_resp *w);
int portal_konto_vergessen_post(struct http_req *r, struct http_resp *w);
int portal_konto_passwort_neu(struct http_req *r, struct http_resp *w);
int portal_konto_passwort_neu_post(struct http_req *r, struct http_resp *w);
int portal_konto(struct http_req *r, struct http_resp *w);
int portal_konto_email_post(struct http_req *r, struct http_resp *w);
int portal_konto_passwort_post(struct http_req *r, struct http_resp *w);
int portal_konto_sitzungen(struct http_req *r, struct http_resp *w);
int portal_konto_sitzung_beenden_post(struct http_req *r, struct http_resp *w);
int portal_konto_export(struct http_req *r, struct http_resp *w);
int portal_konto_loeschen(struct http_req *r, struct http_resp *w);
int portal_konto_loeschen_post(struct http_req *r, struct http_resp *w);
int portal_konto_einladung(struct http_req *r, struct http_resp *w);
int portal_konto_einladung_post(struct http_req *r, struct http_resp *w);
int portal_konto_mitarbeitende(struct http_req *r, struct http_resp *w);
int portal_konto_mitarbeitende_post(struct http_req *r, struct http_resp *w);
int portal_konto_mitarbeitende_entfernen_post(struct http_req *r, struct http_resp *w);
int portal_konto_oidc_start(struct http_req *r, struct http_resp *w);
int portal_konto_oidc_rueckruf(struct http_req *r, struct http_resp *w);

/* Release what the page holds; again is harmless (a page may end early). */
void konto_seite_ende(struct seite *s);

/* The value of form field `name` and its length; NULL and 0 when absent. */
const char *konto_seite_feld(const struct seite *s, const char *name);

size_t konto_seite_feld_len(const struct seite *s, const char *name);

/* Render `tmpl` with `data` (stolen) and the page's CSRF token as status `status`. */
RH_MUST_CHECK int konto_seite_zeigen(struct http_req *r, struct http_resp *w, struct seite *s,
                                     const char *tmpl, const char *titel, json_t *data, int status);

/* A page with one message: `art` is "erfolg", "info" or "fehler". */
RH_MUST_CHECK int konto_seite_meldung(struct http_req *r, struct http_resp *w, struct seite *s,
                                      int status, const char *ueberschrift, const char *text,
                                      const char *art, const char *weiter, const char *weiter_text);

/* Run page `fn`: begin (for a form also parse the body and check the CSRF token), send
 * people without access `z` to the login page, or call fn; then end. The handler's result. */
RH_MUST_CHECK int konto_seite_ablauf(struct http_req *r, struct http_resp *w, bool is_post,
                                     enum konto_zugang z, konto_seite_fn fn);

/* Data for a form page with one error on field `f` (may be NULL) and the submitted e-mail. */
json_t *konto_seite_form_data(const struct feld_fehler *f, const char *email);

/* Set d[key] = v (stolen) and return d; on failure free d and return NULL. NULL d is passed
 * on. */
json_t *konto_seite_mit(json_t *d, const char *key, json_t *v);

/* The page's answer for a domain error: 404/403 pages, else the error for the server. */
RH_MUST_CHECK int konto_seite_verweigert(struct http_req *r, struct http_resp *w, struct seite *s,
                                         int rc);

#endif
