/* api/antrag: the JSON API of online applications — a Leistung's current form with its JSON
 * Schema; drafts, answers, attachments (multipart/form-data), submission with an
 * Idempotency-Key and the receipt (JSON and PDF); status timeline and withdrawal; the mailbox;
 * the forms of an authority for its office admins (upload, list, preview, publish, retire);
 * and the delivery API for specialist systems (api/zustellung.c).
 *
 * Authentication and CSRF as in api/konto.h (api_aufruf_beginn): a citizen's program uses the
 * citizen's API token. Authorization is the domain's (domain/antrag.h, zustellung.h,
 * formular_verwaltung.h). Answers that break the form's rules get 422 with
 * {"fehler": [{"feld": JSON Pointer, "text": German}]}; an invalid form definition 422 with
 * JSONPaths in "feld". Handlers are thin: parse, call the domain, write JSON. */
#ifndef RATHAUS_API_ANTRAG_H
#define RATHAUS_API_ANTRAG_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "http/router.h"

struct nachricht;

extern const struct route antrag_api_routes[];

int api_leistung_formular(struct http_req *r, struct http_resp *w);
int api_antraege(struct http_req *r, struct http_resp *w);
int api_antrag_create(struct http_req *r, struct http_resp *w);
int api_antrag_get(struct http_req *r, struct http_resp *w);
int api_antrag_daten(struct http_req *r, struct http_resp *w);
int api_antrag_anlage_create(struct http_req *r, struct http_resp *w);
int api_antrag_anlage_get(struct http_req *r, struct http_resp *w);
int api_antrag_anlage_delete(struct http_req *r, struct http_resp *w);
int api_antrag_einreichen(struct http_req *r, struct http_resp *w);
int api_antrag_zurueckziehen(struct http_req *r, struct http_resp *w);
int api_antrag_pdf(struct http_req *r, struct http_resp *w);
int api_antrag_nachricht(struct http_req *r, struct http_resp *w);
int api_postfach(struct http_req *r, struct http_resp *w);
int api_postfach_nachricht(struct http_req *r, struct http_resp *w);
int api_postfach_anlage(struct http_req *r, struct http_resp *w);
int api_formulare(struct http_req *r, struct http_resp *w);
int api_formular_create(struct http_req *r, struct http_resp *w);
int api_formular_get(struct http_req *r, struct http_resp *w);
int api_formular_veroeffentlichen(struct http_req *r, struct http_resp *w);
int api_formular_zurueckziehen(struct http_req *r, struct http_resp *w);

/* api/zustellung.c */
int api_zustellung_eingaenge(struct http_req *r, struct http_resp *w);
int api_zustellung_eingang(struct http_req *r, struct http_resp *w);
int api_zustellung_anlage(struct http_req *r, struct http_resp *w);
int api_zustellung_quittung(struct http_req *r, struct http_resp *w);
int api_zustellung_status(struct http_req *r, struct http_resp *w);
int api_zustellung_nachricht(struct http_req *r, struct http_resp *w);
int api_zustellung_nachrichten(struct http_req *r, struct http_resp *w);
int api_postfach_antwort(struct http_req *r, struct http_resp *w);

/* Shared with api/zustellung.c: 422 with the error list; returns ERR_OK when written. */
RH_MUST_CHECK int api_antrag_fehlerliste(struct http_resp *w, const char *title, const char *detail,
                                         const void *fehler, size_t n);
/* Reply bytes p[0..len) of media type `typ` as a download named `name` (may be NULL). */
RH_MUST_CHECK int api_antrag_datei(struct http_req *r, struct http_resp *w, const char *typ,
                                   const char *name, const void *p, size_t len);

/* A message as JSON (new reference; NULL on no memory): with text, attachments and the link
 * to the receipt's PDF when `mit_text`. */
json_t *api_nachricht_json(const struct nachricht *m, bool mit_text);

/* 429 problem+json with Retry-After: `warten` seconds (<= 0: an hour), German `text` (may be
 * NULL). Returns ERR_OK when written. */
RH_MUST_CHECK int api_zu_viele(struct http_req *r, struct http_resp *w, int64_t warten,
                               const char *text);

#endif
