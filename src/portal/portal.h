/* portal: the citizens' face — the service finder and the pages of places and authorities.
 * Handlers are thin: validate the query, call the domain, fill a JSON document, render a
 * template (html/templates/portal/). */
#ifndef RATHAUS_PORTAL_PORTAL_H
#define RATHAUS_PORTAL_PORTAL_H

#include <jansson.h>

#include "http/router.h"

extern const struct route portal_routes[];

int portal_start(struct http_req *r, struct http_resp *w);
int portal_suche(struct http_req *r, struct http_resp *w);
int portal_leistung(struct http_req *r, struct http_resp *w);
int portal_regierungsbezirke(struct http_req *r, struct http_resp *w);
int portal_regierungsbezirk(struct http_req *r, struct http_resp *w);
int portal_kreis(struct http_req *r, struct http_resp *w);
int portal_gemeinde(struct http_req *r, struct http_resp *w);
int portal_behoerde(struct http_req *r, struct http_resp *w);

/* Render `tmpl` with `data` (stolen) as a 200 HTML page; adds "titel" and the demo flag. */
RH_MUST_CHECK int portal_render(struct http_req *r, struct http_resp *w, const char *tmpl,
                                const char *titel, json_t *data);
/* "612.663": an integer with German thousands separators, in the request arena. */
const char *portal_zahl(struct http_req *r, long long v);

#endif
