/* api/koordination: the Koordination endpoints of the JSON API — Umsetzung (who offers
 * which OZG-Leistung online) and the municipalities' reports, the Lagebild, support requests
 * (Anfragen), knowledge articles, events and reports for the ministry.
 *
 * Thin handlers: they authenticate (api/konto.h: Bearer token or session with CSRF), parse
 * and bound the parameters, call the domain (which asks authz_check) and write JSON, or CSV
 * with Accept: text/csv or ?format=csv. No response here ever carries personal data from
 * applications or files: the domain reads none. */
#ifndef RATHAUS_API_KOORDINATION_H
#define RATHAUS_API_KOORDINATION_H

#include "http/router.h"

extern const struct route koordination_api_routes[];

int api_umsetzung(struct http_req *r, struct http_resp *w);
int api_umsetzung_meldung(struct http_req *r, struct http_resp *w);
int api_lagebild(struct http_req *r, struct http_resp *w);
int api_gemeinde_stand(struct http_req *r, struct http_resp *w);
int api_gemeinde_baustein(struct http_req *r, struct http_resp *w);
int api_gemeinde_schritt(struct http_req *r, struct http_resp *w);
int api_gemeinde_eakte(struct http_req *r, struct http_resp *w);
int api_anfragen(struct http_req *r, struct http_resp *w);
int api_anfrage_create(struct http_req *r, struct http_resp *w);
int api_anfrage(struct http_req *r, struct http_resp *w);
int api_anfrage_patch(struct http_req *r, struct http_resp *w);
int api_anfrage_antwort(struct http_req *r, struct http_resp *w);
int api_anfrage_anlage_create(struct http_req *r, struct http_resp *w);
int api_anfrage_anlage(struct http_req *r, struct http_resp *w);
int api_anfrage_artikel(struct http_req *r, struct http_resp *w);
int api_artikel_liste(struct http_req *r, struct http_resp *w);
int api_artikel_create(struct http_req *r, struct http_resp *w);
int api_artikel(struct http_req *r, struct http_resp *w);
int api_artikel_update(struct http_req *r, struct http_resp *w);
int api_termine(struct http_req *r, struct http_resp *w);
int api_termin_create(struct http_req *r, struct http_resp *w);
int api_termin(struct http_req *r, struct http_resp *w);
int api_termin_anmelden(struct http_req *r, struct http_resp *w);
int api_termin_abmelden(struct http_req *r, struct http_resp *w);
int api_termin_absagen(struct http_req *r, struct http_resp *w);
int api_berichte(struct http_req *r, struct http_resp *w);
int api_foerderprogramm(struct http_req *r, struct http_resp *w);
int api_foerderprogramm_ausgabe(struct http_req *r, struct http_resp *w);

#endif
