/* rahmen: the page frame the staff faces share (amt/seite.c, koordination/seite.c) —
 * borrowing a connection and resolving the caller, reading the fields of a posted form, and
 * rendering a page with its CSRF token, its navigation and Cache-Control: no-store.
 *
 * Each face keeps its own page struct (struct aseite, struct kseite) and passes its parts.
 * Nothing here owns memory: form fields live in the request arena, the connection is borrowed
 * from the pool until rahmen_ende(). Thread-safe as the request is. */
#ifndef RATHAUS_PORTAL_RAHMEN_H
#define RATHAUS_PORTAL_RAHMEN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/auth.h"
#include "http/request.h"
#include "store/db.h"

/* At most this many fields in a posted form. */
#define RAHMEN_MAX_FELDER 32

/* Fill *u, borrow a connection into *c and resolve the caller into *auth; nobody logged in
 * (and, with ohne_token, a caller with an API token: pages do not take them) is konto_id 0.
 * On an error nothing is held (*c NULL). */
RH_MUST_CHECK int rahmen_beginn(struct http_req *r, bool ohne_token, struct db_conn **c,
                                struct auth *auth, struct umfeld *u);

/* Give the connection back and set *c to NULL. Accepts repeats. */
void rahmen_ende(struct db_conn **c);

/* Parse the url-encoded body into *form, *n (in the request arena). ERR_OK or the error of
 * http_parse_urlencoded() (bad encoding, more than RAHMEN_MAX_FELDER fields). */
RH_MUST_CHECK int rahmen_formular(struct http_req *r, struct http_kv **form, size_t *n);

/* The value of form field `name`, or NULL. */
const char *rahmen_feld(const struct http_kv *form, size_t n, const char *name);

/* The face's navigation for the caller: which parts it may open (a new object, NULL on OOM). */
typedef json_t *(*rahmen_nav_fn)(const struct actor *who);

/* Render `tmpl` with `data` (stolen; NULL: ERR_NOMEM) plus "csrf" and "nav" (from `nav`) as a
 * 200 page with Cache-Control: no-store; the connection is given back (rahmen_ende) before
 * rendering. */
RH_MUST_CHECK int rahmen_zeigen(struct http_req *r, struct http_resp *w, struct db_conn **c,
                                const struct auth *auth, rahmen_nav_fn nav, const char *tmpl,
                                const char *titel, json_t *data);

#endif
