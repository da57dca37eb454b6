/* api: the JSON REST API under /api/v1 and the operational endpoints (/healthz, /metrics).
 * Thin handlers: parse and validate parameters, call the domain, write JSON. */
#ifndef RATHAUS_API_API_H
#define RATHAUS_API_API_H

#include "http/router.h"

extern const struct route api_routes[];

int api_healthz(struct http_req *r, struct http_resp *w);
int api_metrics(struct http_req *r, struct http_resp *w);
int api_openapi(struct http_req *r, struct http_resp *w);
int api_regierungsbezirke(struct http_req *r, struct http_resp *w);
int api_regierungsbezirk(struct http_req *r, struct http_resp *w);
int api_kreise(struct http_req *r, struct http_resp *w);
int api_kreis(struct http_req *r, struct http_resp *w);
int api_gemeinden(struct http_req *r, struct http_resp *w);
int api_gemeinde(struct http_req *r, struct http_resp *w);
int api_leistungen(struct http_req *r, struct http_resp *w);
int api_leistung(struct http_req *r, struct http_resp *w);
int api_zustaendigkeiten(struct http_req *r, struct http_resp *w);
int api_behoerden(struct http_req *r, struct http_resp *w);
int api_behoerde(struct http_req *r, struct http_resp *w);

/* Shared by the handlers: answer 400 for `err` == ERR_INVALID naming `param`, 404 for
 * ERR_NOTFOUND; returns the err for everything else (the server answers 500). */
RH_MUST_CHECK int api_fail(struct http_resp *w, int err, const char *param, const char *detail);

#endif
