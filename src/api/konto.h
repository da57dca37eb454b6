/* api/konto: the account endpoints of the JSON API — the caller's own account, its export
 * and deletion, sessions, API tokens (api/token.c) and the staff of an authority
 * (api/mitarbeitende.c) — and the helpers they share to authenticate a request.
 *
 * Every handler resolves the caller (http/auth.h) and leaves the decision to the domain,
 * which asks authz_check(): no token, or an invalid, expired or revoked one → 401 with
 * WWW-Authenticate: Bearer; a valid one without the right → 403; another tenant's or
 * account's object → 404. A browser session may call the API too; then requests that change
 * something need the page's CSRF token in the header X-CSRF-Token. */
#ifndef RATHAUS_API_KONTO_H
#define RATHAUS_API_KONTO_H

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/auth.h"
#include "http/router.h"

extern const struct route konto_api_routes[];

int api_konto_get(struct http_req *r, struct http_resp *w);
int api_konto_export(struct http_req *r, struct http_resp *w);
int api_konto_delete(struct http_req *r, struct http_resp *w);
int api_sitzungen(struct http_req *r, struct http_resp *w);
int api_sitzung_delete(struct http_req *r, struct http_resp *w);
int api_tokens(struct http_req *r, struct http_resp *w);
int api_token_create(struct http_req *r, struct http_resp *w);
int api_token_delete(struct http_req *r, struct http_resp *w);
int api_mitarbeitende(struct http_req *r, struct http_resp *w);
int api_mitarbeitende_invite(struct http_req *r, struct http_resp *w);
int api_mitarbeitende_delete(struct http_req *r, struct http_resp *w);

/* What an authenticated handler holds: a borrowed connection, the caller, the circumstances. */
struct api_aufruf {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
};

/* Borrow a connection and resolve the caller; nobody logged in is answered 401 here. A
 * request that changes something (not GET/HEAD) with a session cookie must carry a valid
 * X-CSRF-Token, else 403. On a non-OK return the response is written (or the error is one
 * for the server to answer) and nothing is held. On ERR_OK call api_aufruf_ende(). */
RH_MUST_CHECK int api_aufruf_beginn(struct http_req *r, struct http_resp *w, struct api_aufruf *x);
void api_aufruf_ende(struct api_aufruf *x);

/* The start most handlers share: api_aufruf_beginn(), then the path parameter "id" into *id
 * (skipped for id NULL; a bad one is answered 400), then the JSON body into *body (skipped
 * for body NULL; a new reference, the handler decrefs it). On ERR_OK call api_aufruf_ende();
 * on an error nothing is held, and a handler returns `w->status ? ERR_OK : rc`. Handlers that
 * answer a bad id before the login (400 before 401) call api_id_param() first, id NULL. */
RH_MUST_CHECK int api_aufruf_start(struct http_req *r, struct http_resp *w, struct api_aufruf *x,
                                   int64_t *id, json_t **body);

/* Answer an error of the domain: 401/403/404/409 as problem+json (the 401 with
 * WWW-Authenticate), ERR_INVALID as 400 naming `f`'s field (f may be NULL). Returns ERR_OK
 * when it answered, else `rc` for the server to answer (500). */
RH_MUST_CHECK int api_konto_fehler(struct http_resp *w, int rc, const struct feld_fehler *f);

/* The request body as a JSON object (*out, new reference). On bad input the 400 is written
 * and ERR_INVALID returned. */
RH_MUST_CHECK int api_json_body(struct http_req *r, struct http_resp *w, json_t **out);

/* Parse path parameter `name` as a positive id; 400 written on failure (ERR_INVALID). */
RH_MUST_CHECK int api_id_param(struct http_req *r, struct http_resp *w, const char *name,
                               int64_t *out);

#endif
