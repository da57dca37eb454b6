/* api/koordination_csv: CSV (RFC 4180, UTF-8, CRLF, header line) for the tables of the
 * Koordination API, which the pages link to as their export. Cells that a spreadsheet would
 * read as a formula (starting with = + - @, tab or CR) get a leading apostrophe. All functions
 * append to a struct buf and return its status (ERR_LIMIT at its maximum). */
#ifndef RATHAUS_API_KOORDINATION_CSV_H
#define RATHAUS_API_KOORDINATION_CSV_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "util/buf.h"

/* One text cell (NULL: empty), preceded by a comma unless `first`. */
RH_MUST_CHECK int kcsv_text(struct buf *b, bool first, const char *s);
/* One number cell, preceded by a comma unless `first`. */
RH_MUST_CHECK int kcsv_int(struct buf *b, bool first, int64_t v);
/* End the line (CRLF). */
RH_MUST_CHECK int kcsv_eol(struct buf *b);
/* A whole header line from the comma-separated names `cols` (static text). */
RH_MUST_CHECK int kcsv_header(struct buf *b, const char *cols);

/* True when the client asked for CSV: ?format=csv, or an Accept header naming text/csv. */
bool kcsv_wanted(const struct http_req *r);

/* Answer 200 with `b`'s content as text/csv; charset=utf-8 and a Content-Disposition
 * attachment named `filename` (ASCII, no quotes). Frees `b` in every case. */
RH_MUST_CHECK int kcsv_respond(struct http_req *r, struct http_resp *w, struct buf *b,
                               const char *filename);

#endif
