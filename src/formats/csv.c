#include "formats/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv {
    const char *name;
    const char *p;
    size_t len, pos;
    size_t line;     /* physical line at pos, 1-based */
    size_t rec_line; /* line where the current record starts */
    bool failed;
    struct buf data; /* the current record's fields, each followed by a NUL */
    size_t off[CSV_MAX_FIELDS], flen[CSV_MAX_FIELDS];
    size_t n_fields;
    struct buf head; /* header names, each followed by a NUL */
    size_t head_off[CSV_MAX_FIELDS];
    size_t n_head;
    char err[512];
};

int
csv_open(const char *name, const char *data, size_t len, struct csv **out)
{
    struct csv *r = calloc(1, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->name = name ? name : "-";
    r->p = data;
    r->len = data ? len : 0;
    r->line = 1;
    r->data = BUF_INIT(CSV_MAX_RECORD + CSV_MAX_FIELDS + 1);
    r->head = BUF_INIT(CSV_MAX_RECORD + CSV_MAX_FIELDS + 1);
    if (r->len >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    *out = r;
    return ERR_OK;
}

void
csv_free(struct csv *r)
{
    if (!r)
        return;
    buf_free(&r->data);
    buf_free(&r->head);
    free(r);
}

static int fail_at(struct csv *r, size_t line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static int
fail_at(struct csv *r, size_t line, const char *fmt, va_list ap)
{
    int n = snprintf(r->err, sizeof(r->err), "%s:%zu: ", r->name, line);
    if (n > 0 && (size_t)n < sizeof(r->err))
        vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
    r->failed = true;
    return ERR_INVALID;
}

static int fail_line(struct csv *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_line(struct csv *r, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_at(r, line, fmt, ap);
    va_end(ap);
    return rc;
}

int
csv_fail(struct csv *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_at(r, r->rec_line, fmt, ap);
    va_end(ap);
    return rc;
}

const char *
csv_error(const struct csv *r)
{
    return r->err;
}

/* Append p[0..n) to the current field, mapping a full buffer to a message. */
static int
field_append(struct csv *r, const char *p, size_t n)
{
    int rc = buf_append(&r->data, p, n);
    if (rc == ERR_LIMIT)
        return fail_line(r, r->rec_line, "Datensatz länger als %d Bytes", CSV_MAX_RECORD);
    return rc;
}

static size_t
count_lf(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

/* A quoted field; pos is just past the opening quote. Leaves pos after the closing quote. */
static int
read_quoted(struct csv *r)
{
    size_t open_line = r->line;

    for (;;) {
        const char *q = r->pos < r->len ? memchr(r->p + r->pos, '"', r->len - r->pos) : NULL;
        if (!q)
            return fail_line(r, open_line, "Anführungszeichen nicht geschlossen");
        size_t n = (size_t)(q - (r->p + r->pos));
        int rc = field_append(r, r->p + r->pos, n);
        if (rc != ERR_OK)
            return rc;
        r->line += count_lf(r->p + r->pos, n);
        r->pos += n + 1;
        if (r->pos < r->len && r->p[r->pos] == '"') {
            rc = field_append(r, "\"", 1);
            if (rc != ERR_OK)
                return rc;
            r->pos++;
            continue;
        }
        return ERR_OK;
    }
}

/* An unquoted field: up to ',', CR, LF or the end. */
static int
read_plain(struct csv *r)
{
    size_t start = r->pos;
    while (r->pos < r->len) {
        char c = r->p[r->pos];
        if (c == ',' || c == '\n' || c == '\r')
            break;
        if (c == '"')
            return fail_line(r, r->line, "Anführungszeichen in einem Feld ohne Anführungszeichen");
        r->pos++;
    }
    return field_append(r, r->p + start, r->pos - start);
}

/* After a field: ',' (more fields follow), a line end or the end of input (record done). */
static int
field_end(struct csv *r, bool *more)
{
    if (r->pos >= r->len) {
        *more = false;
        return ERR_OK;
    }
    char c = r->p[r->pos];
    if (c == ',') {
        r->pos++;
        *more = true;
        return ERR_OK;
    }
    if (c == '\n') {
        r->pos++;
        r->line++;
        *more = false;
        return ERR_OK;
    }
    if (c == '\r') {
        if (r->pos + 1 < r->len && r->p[r->pos + 1] == '\n') {
            r->pos += 2;
            r->line++;
            *more = false;
            return ERR_OK;
        }
        return fail_line(r, r->line, "Wagenrücklauf (CR) ohne Zeilenvorschub");
    }
    return fail_line(r, r->line, "unerwartetes Zeichen nach schließendem Anführungszeichen");
}

static int
read_record(struct csv *r)
{
    size_t start = r->pos;
    bool more = true;
    int rc;

    buf_reset(&r->data);
    r->n_fields = 0;
    while (more) {
        if (r->n_fields == CSV_MAX_FIELDS)
            return fail_line(r, r->rec_line, "mehr als %d Felder", CSV_MAX_FIELDS);
        size_t off = r->data.len;
        if (r->pos < r->len && r->p[r->pos] == '"') {
            r->pos++;
            rc = read_quoted(r);
        } else {
            rc = read_plain(r);
        }
        if (rc != ERR_OK)
            return rc;
        size_t n = r->data.len - off;
        if (n > CSV_MAX_FIELD)
            return fail_line(r, r->rec_line, "Feld %zu länger als %d Bytes", r->n_fields + 1,
                             CSV_MAX_FIELD);
        if (!str_is_clean_utf8(r->data.p ? r->data.p + off : "", n))
            return fail_line(r, r->rec_line, "ungültiges UTF-8 oder Steuerzeichen in Feld %zu",
                             r->n_fields + 1);
        rc = field_append(r, "", 1);
        if (rc != ERR_OK)
            return rc;
        r->off[r->n_fields] = off;
        r->flen[r->n_fields] = n;
        r->n_fields++;
        rc = field_end(r, &more);
        if (rc != ERR_OK)
            return rc;
        if (r->pos - start > CSV_MAX_RECORD)
            return fail_line(r, r->rec_line, "Datensatz länger als %d Bytes", CSV_MAX_RECORD);
    }
    return ERR_OK;
}

int
csv_next(struct csv *r, bool *has_row)
{
    if (r->failed)
        return ERR_INVALID;
    /* skip empty lines */
    for (;;) {
        if (r->pos >= r->len) {
            r->n_fields = 0;
            *has_row = false;
            return ERR_OK;
        }
        if (r->p[r->pos] == '\n') {
            r->pos++;
            r->line++;
        } else if (r->p[r->pos] == '\r' && r->pos + 1 < r->len && r->p[r->pos + 1] == '\n') {
            r->pos += 2;
            r->line++;
        } else {
            break;
        }
    }
    r->rec_line = r->line;
    int rc = read_record(r);
    if (rc != ERR_OK) {
        r->failed = true;
        r->n_fields = 0;
        return rc;
    }
    if (r->n_head && r->n_fields != r->n_head) {
        size_t n = r->n_fields;
        r->n_fields = 0;
        return fail_line(r, r->rec_line, "%zu Felder statt %zu wie in der Kopfzeile", n, r->n_head);
    }
    *has_row = true;
    return ERR_OK;
}

int
csv_read_header(struct csv *r)
{
    bool has = false;
    int rc = csv_next(r, &has);
    if (rc != ERR_OK)
        return rc;
    if (!has)
        return fail_line(r, r->line, "leere Datei, Kopfzeile fehlt");
    buf_reset(&r->head);
    for (size_t i = 0; i < r->n_fields; i++) {
        if (r->flen[i] == 0)
            return csv_fail(r, "Spalte %zu der Kopfzeile hat keinen Namen", i + 1);
        for (size_t k = 0; k < i; k++)
            if (r->flen[k] == r->flen[i] &&
                memcmp(r->data.p + r->off[k], r->data.p + r->off[i], r->flen[i]) == 0)
                return csv_fail(r, "Spalte '%s' doppelt in der Kopfzeile", r->data.p + r->off[i]);
        r->head_off[i] = r->head.len;
        rc = buf_append(&r->head, r->data.p + r->off[i], r->flen[i] + 1);
        if (rc != ERR_OK)
            return rc;
    }
    r->n_head = r->n_fields;
    return ERR_OK;
}

int
csv_col(const struct csv *r, const char *name)
{
    for (size_t i = 0; i < r->n_head; i++)
        if (strcmp(r->head.p + r->head_off[i], name) == 0)
            return (int)i;
    return -1;
}

int
csv_require_cols(struct csv *r, const char *const *names, size_t n, int *idx)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = csv_col(r, names[i]);
        if (idx[i] < 0)
            return csv_fail(r, "Spalte '%s' fehlt", names[i]);
    }
    return ERR_OK;
}

size_t
csv_n_cols(const struct csv *r)
{
    return r->n_head;
}

size_t
csv_n_fields(const struct csv *r)
{
    return r->n_fields;
}

struct str
csv_field(const struct csv *r, int i)
{
    if (i < 0 || (size_t)i >= r->n_fields)
        return (struct str){"", 0};
    return (struct str){r->data.p + r->off[i], r->flen[i]};
}

const char *
csv_cstr(const struct csv *r, int i)
{
    return csv_field(r, i).p;
}

size_t
csv_line(const struct csv *r)
{
    return r->rec_line;
}

const char *
csv_name(const struct csv *r)
{
    return r->name;
}

int
csv_read_file(const char *path, size_t max, struct buf *out, struct buf *err)
{
    FILE *f = NULL;
    int rc = ERR_OK;
    char chunk[64 * 1024];

    buf_reset(out);
    f = fopen(path, "rb");
    if (!f) {
        if (err)
            RH_IGNORE(buf_printf(err, "%s: kann nicht geöffnet werden: %s", path, strerror(errno)));
        return ERR_IO;
    }
    for (;;) {
        size_t n = fread(chunk, 1, sizeof(chunk), f);
        if (n > 0) {
            if (out->len + n > max) {
                if (err)
                    RH_IGNORE(buf_printf(err, "%s: Datei größer als %zu Bytes", path, max));
                rc = ERR_LIMIT;
                goto out;
            }
            rc = buf_append(out, chunk, n);
            if (rc != ERR_OK) {
                if (err)
                    RH_IGNORE(buf_printf(err, "%s: %s", path, err_name(rc)));
                goto out;
            }
        }
        if (n < sizeof(chunk)) {
            if (ferror(f)) {
                if (err)
                    RH_IGNORE(buf_printf(err, "%s: Lesefehler", path));
                rc = ERR_IO;
            }
            break;
        }
    }
out:
    fclose(f);
    if (rc != ERR_OK)
        buf_reset(out);
    return rc;
}
