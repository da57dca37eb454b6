#include "formats/ics.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int
ics_escape(struct buf *out, const char *s)
{
    int rc = ERR_OK;
    for (const char *p = s; rc == ERR_OK && p && *p; p++) {
        switch (*p) {
        case '\\':
            rc = buf_puts(out, "\\\\");
            break;
        case ';':
            rc = buf_puts(out, "\\;");
            break;
        case ',':
            rc = buf_puts(out, "\\,");
            break;
        case '\n':
            rc = buf_puts(out, "\\n");
            break;
        case '\r':
            break; /* CRLF in the text becomes one \n */
        default:
            /* other control characters are not allowed in TEXT */
            if ((unsigned char)*p < 0x20 && *p != '\t')
                break;
            rc = buf_putc(out, *p);
        }
    }
    return rc;
}

/* Append one content line `line` folded at 75 octets, continuation lines starting with a
 * space, never splitting a UTF-8 sequence; ends with CRLF. */
static int
put_line(struct buf *out, const char *line, size_t len)
{
    size_t pos = 0, width = 75;
    int rc = ERR_OK;
    while (rc == ERR_OK && len - pos > width) {
        size_t cut = pos + width;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--; /* do not split a multi-byte character */
        rc = buf_append(out, line + pos, cut - pos);
        if (rc == ERR_OK)
            rc = buf_puts(out, "\r\n ");
        pos = cut;
        width = 74; /* the leading space counts */
    }
    if (rc == ERR_OK)
        rc = buf_append(out, line + pos, len - pos);
    if (rc == ERR_OK)
        rc = buf_puts(out, "\r\n");
    return rc;
}

/* A property "NAME:value" with the value escaped as TEXT (escape = true) or as given. */
static int
prop(struct buf *out, const char *name, const char *value, bool escape)
{
    struct buf line = BUF_INIT(out->max ? out->max : 1024 * 1024);
    int rc = buf_puts(&line, name);
    if (rc == ERR_OK)
        rc = buf_putc(&line, ':');
    if (rc == ERR_OK)
        rc = escape ? ics_escape(&line, value) : buf_puts(&line, value);
    if (rc == ERR_OK)
        rc = put_line(out, buf_cstr(&line), line.len);
    buf_free(&line);
    return rc;
}

static void
utc(int64_t t, char out[17])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

int
ics_event(struct buf *out, const struct ics_event *e)
{
    char stamp[17], start[17], end[17], seq[24];
    if (!e->uid || !*e->uid || !e->titel || !*e->titel || e->ende < e->beginn)
        return ERR_INVALID;
    utc(e->dtstamp, stamp);
    utc(e->beginn, start);
    utc(e->ende, end);
    int n = snprintf(seq, sizeof(seq), "%lld", (long long)e->sequence);
    if (n < 0 || (size_t)n >= sizeof(seq))
        return ERR_LIMIT;
    size_t before = out->len;
    int rc = put_line(out, "BEGIN:VCALENDAR", 15);
    if (rc == ERR_OK)
        rc = put_line(out, "VERSION:2.0", 11);
    if (rc == ERR_OK)
        rc = prop(out, "PRODID", "-//rathaus//Koordination//DE", false);
    if (rc == ERR_OK)
        rc = put_line(out, "CALSCALE:GREGORIAN", 18);
    if (rc == ERR_OK)
        rc = put_line(out, e->is_abgesagt ? "METHOD:CANCEL" : "METHOD:PUBLISH",
                      e->is_abgesagt ? 13 : 14);
    if (rc == ERR_OK)
        rc = put_line(out, "BEGIN:VEVENT", 12);
    if (rc == ERR_OK)
        rc = prop(out, "UID", e->uid, true);
    if (rc == ERR_OK)
        rc = prop(out, "DTSTAMP", stamp, false);
    if (rc == ERR_OK)
        rc = prop(out, "DTSTART", start, false);
    if (rc == ERR_OK)
        rc = prop(out, "DTEND", end, false);
    if (rc == ERR_OK)
        rc = prop(out, "SEQUENCE", seq, false);
    if (rc == ERR_OK)
        rc = prop(out, "SUMMARY", e->titel, true);
    if (rc == ERR_OK && e->beschreibung && *e->beschreibung)
        rc = prop(out, "DESCRIPTION", e->beschreibung, true);
    if (rc == ERR_OK && e->ort && *e->ort)
        rc = prop(out, "LOCATION", e->ort, true);
    if (rc == ERR_OK && e->url && *e->url && !strpbrk(e->url, "\r\n"))
        rc = prop(out, "URL", e->url, false);
    if (rc == ERR_OK)
        rc = prop(out, "STATUS", e->is_abgesagt ? "CANCELLED" : "CONFIRMED", false);
    if (rc == ERR_OK)
        rc = put_line(out, "END:VEVENT", 10);
    if (rc == ERR_OK)
        rc = put_line(out, "END:VCALENDAR", 13);
    if (rc != ERR_OK && out->p) {
        out->len = before;
        out->p[before] = '\0';
    }
    return rc;
}
