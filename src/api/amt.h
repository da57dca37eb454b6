/* api/amt: the Amt face's JSON API — the office inbox (/api/v1/posteingang), files
 * (/api/v1/akten), cases (/api/v1/vorgaenge) with notes, follow-ups, status and questions
 * to the applicant, and the caller's due follow-ups (/api/v1/wiedervorlagen). Thin handlers
 * over domain/eingang.h, domain/vorgang.h and domain/vermerk.h; staff authenticate with a
 * token or a session (api/konto.h). Errors: 400 naming the parameter, 401, 403, 404 (also
 * for another authority's ids), 409 for a change the state does not allow. */
#ifndef RATHAUS_API_AMT_H
#define RATHAUS_API_AMT_H

#include <jansson.h>

#include "domain/umfeld.h"
#include "http/router.h"
#include "store/vorgang.h"

extern const struct route amt_api_routes[];

int api_posteingang(struct http_req *r, struct http_resp *w);
int api_posteingang_create(struct http_req *r, struct http_resp *w);
int api_posteingang_eintrag(struct http_req *r, struct http_resp *w);
int api_posteingang_uebernehmen(struct http_req *r, struct http_resp *w);
int api_posteingang_zuweisen(struct http_req *r, struct http_resp *w);
int api_posteingang_weiterleiten(struct http_req *r, struct http_resp *w);
int api_akten(struct http_req *r, struct http_resp *w);
int api_akte_create(struct http_req *r, struct http_resp *w);
int api_akte(struct http_req *r, struct http_resp *w);
int api_vorgaenge(struct http_req *r, struct http_resp *w);
int api_vorgang_create(struct http_req *r, struct http_resp *w);
int api_vorgang(struct http_req *r, struct http_resp *w);
int api_vorgang_status(struct http_req *r, struct http_resp *w);
int api_vorgang_vermerk(struct http_req *r, struct http_resp *w);
int api_vorgang_wiedervorlage(struct http_req *r, struct http_resp *w);
int api_vorgang_rueckfrage(struct http_req *r, struct http_resp *w);
int api_wiedervorlagen(struct http_req *r, struct http_resp *w);
int api_wiedervorlage_erledigt(struct http_req *r, struct http_resp *w);

/* A case as JSON (NULL on OOM). */
json_t *api_amt_vorgang_json(const struct vorgang_row *v);
/* Answer a domain error: 409 for ERR_CONFLICT with an Amt text, the rest as
 * api_konto_fehler(). Returns ERR_OK when answered. */
RH_MUST_CHECK int api_amt_fehler(struct http_resp *w, int rc, const struct feld_fehler *f);

#endif
