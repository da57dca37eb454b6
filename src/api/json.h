/* api/json: small helpers shared by the API handlers to write JSON and problem documents. */
#ifndef RATHAUS_API_JSON_H
#define RATHAUS_API_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "http/request.h"

/* Serialize `doc` (stolen: decref'd here) as the response body with `status`.
 * ERR_NOMEM when doc is NULL (a failed build upstream). */
RH_MUST_CHECK int api_json(struct http_resp *w, int status, json_t *doc);

/* An RFC 9457 problem document: type "about:blank" unless given, German title, detail, and
 * the offending parameter name (may be NULL). */
RH_MUST_CHECK int api_problem(struct http_resp *w, int status, const char *title,
                              const char *detail, const char *parameter);

/* A 400 problem naming `parameter`, with `detail` in German. */
RH_MUST_CHECK int api_bad_param(struct http_resp *w, const char *parameter, const char *detail);

/* A json string from text that may be NULL (→ json null). Never returns NULL unless OOM. */
json_t *api_str(const char *s);

/* Parse ?limit= (default `def`, 1..max) and ?cursor= (opaque, may be NULL). On bad input the
 * 400 response is written and ERR_INVALID returned. */
RH_MUST_CHECK int api_paging(struct http_req *r, struct http_resp *w, int64_t def, int64_t max,
                             int64_t *limit, const char **cursor);

/* Member `key` of a request body object: its text, NULL when it is missing or null; a member
 * of another type sets *bad_type and gives NULL. The text is borrowed from `o`. */
const char *api_member_text(json_t *o, const char *key, bool *bad_type);

/* Member `key` as an id: 0 when missing or null, -1 when not an integer >= 1. */
int64_t api_member_id(json_t *o, const char *key);

/* {"items": items, "next_cursor": next_cursor or null}; `items` is stolen. NULL on OOM. */
json_t *api_list(json_t *items, const char *next_cursor);

#endif
