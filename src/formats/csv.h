/* csv: a strict RFC 4180 reader over a memory buffer, for the importers in formats/.
 *
 * Accepted: fields separated by ',', records ended by LF or CRLF (the last one may lack
 * it), quoted fields with ',' and line breaks inside and '""' for a quote, a UTF-8 byte order
 * mark at the very start (skipped). Lines that are completely empty are skipped.
 * Rejected, with "FILE:LINE: reason" (German) in csv_error(): an unterminated quote, a
 * character after a closing quote, a quote inside an unquoted field, a lone CR, invalid UTF-8
 * or a control character other than tab/LF/CR in a field, more than CSV_MAX_FIELDS fields, a
 * field longer than CSV_MAX_FIELD, a record longer than CSV_MAX_RECORD, and, once a header was
 * read, a record whose field count differs from the header's.
 *
 * LINE is the physical line (1-based) where the offending record starts, or for an error
 * inside a field the line where it was found. The reader borrows the input bytes, which must
 * outlive it; it owns the current record's field copies (valid until the next csv_next()).
 * One reader is used by one thread. */
#ifndef RATHAUS_FORMATS_CSV_H
#define RATHAUS_FORMATS_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

#define CSV_MAX_FIELD  (64 * 1024)        /* bytes in one field, after unquoting */
#define CSV_MAX_FIELDS 256                /* fields in one record */
#define CSV_MAX_RECORD (1024 * 1024)      /* bytes of one record as written in the file */
#define CSV_MAX_FILE   (32 * 1024 * 1024) /* the largest file an importer reads */

struct csv;

/* A reader over data[0..len). `name` (borrowed, must outlive the reader) is the file name
 * used in messages. Returns ERR_NOMEM or ERR_OK with *out set; free with csv_free(). */
RH_MUST_CHECK int csv_open(const char *name, const char *data, size_t len, struct csv **out);
/* Accepts NULL. */
void csv_free(struct csv *r);

/* Read the next record. ERR_OK with *has_row true for a record, false at the end;
 * ERR_INVALID for malformed input (message in csv_error()), ERR_NOMEM. After an error the
 * reader stays failed. */
RH_MUST_CHECK int csv_next(struct csv *r, bool *has_row);

/* Read the first record as the header: it fixes the field count of every later record and the
 * names for csv_col(). ERR_INVALID for an empty file, an empty or duplicate column name. */
RH_MUST_CHECK int csv_read_header(struct csv *r);
/* Index of the header column `name`, or -1. Cannot fail. */
int csv_col(const struct csv *r, const char *name);
/* Look up every name in names[0..n) into idx[0..n); ERR_INVALID "Spalte 'x' fehlt" for the
 * first one missing. */
RH_MUST_CHECK int csv_require_cols(struct csv *r, const char *const *names, size_t n, int *idx);
/* Number of header columns; 0 before csv_read_header(). Cannot fail. */
size_t csv_n_cols(const struct csv *r);

/* Fields of the current record. An index out of range (or -1) gives the empty field. The bytes
 * are NUL-terminated and borrowed until the next csv_next(). Cannot fail. */
size_t csv_n_fields(const struct csv *r);
struct str csv_field(const struct csv *r, int i);
const char *csv_cstr(const struct csv *r, int i);

/* Line (1-based) where the current record starts. Cannot fail. */
size_t csv_line(const struct csv *r);
/* The file name passed to csv_open(). Cannot fail. */
const char *csv_name(const struct csv *r);

/* Record a validation error of the current record, as "FILE:LINE: " + the formatted reason,
 * and return ERR_INVALID (for `return csv_fail(r, ...)`). */
RH_MUST_CHECK int csv_fail(struct csv *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The last error message, "" when there was none. Borrowed until the reader is freed. */
const char *csv_error(const struct csv *r);

/* Read the whole file at `path` into `out` (replacing its contents). ERR_IO when it cannot be
 * opened or read, ERR_LIMIT when larger than `max` bytes, ERR_NOMEM. On failure a German
 * message "PATH: reason" is appended to `err` (may be NULL). Used by every importer. */
RH_MUST_CHECK int csv_read_file(const char *path, size_t max, struct buf *out, struct buf *err);

#endif
