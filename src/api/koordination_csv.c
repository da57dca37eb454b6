#include "api/koordination_csv.h"

#include <string.h>

int
kcsv_text(struct buf *b, bool first, const char *s)
{
    int rc = first ? ERR_OK : buf_putc(b, ',');
    if (rc != ERR_OK || !s)
        return rc;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    bool formula =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    if (quote || formula)
        rc = buf_putc(b, '"');
    if (rc == ERR_OK && formula)
        rc = buf_putc(b, '\'');
    for (const char *p = s; rc == ERR_OK && *p; p++) {
        rc = buf_putc(b, *p);
        if (rc == ERR_OK && *p == '"')
            rc = buf_putc(b, '"');
    }
    if (rc == ERR_OK && (quote || formula))
        rc = buf_putc(b, '"');
    return rc;
}

int
kcsv_int(struct buf *b, bool first, int64_t v)
{
    return buf_printf(b, first ? "%lld" : ",%lld", (long long)v);
}

int
kcsv_eol(struct buf *b)
{
    return buf_puts(b, "\r\n");
}

int
kcsv_header(struct buf *b, const char *cols)
{
    int rc = buf_puts(b, cols);
    return rc == ERR_OK ? kcsv_eol(b) : rc;
}

bool
kcsv_wanted(const struct http_req *r)
{
    const char *f = http_query(r, "format");
    if (f)
        return strcmp(f, "csv") == 0;
    const char *acc = http_header(r, "Accept");
    return acc && strstr(acc, "text/csv") != NULL;
}

int
kcsv_respond(struct http_req *r, struct http_resp *w, struct buf *b, const char *filename)
{
    const char *disp = arena_printf(r->arena, "attachment; filename=\"%s\"", filename);
    int rc = disp ? ERR_OK : ERR_NOMEM;
    if (rc == ERR_OK)
        rc = http_resp_text(w, 200, "text/csv; charset=utf-8", b->p ? b->p : "", b->len);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Content-Disposition", disp);
    buf_free(b);
    return rc;
}
