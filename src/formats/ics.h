/* ics: iCalendar (RFC 5545) for the events of the coordination network — one VEVENT per file,
 * lines ending in CRLF and folded at 75 octets (never inside a UTF-8 sequence), TEXT values
 * escaped (backslash, semicolon, comma, newline), times in UTC. Thread-safe; no state. */
#ifndef RATHAUS_FORMATS_ICS_H
#define RATHAUS_FORMATS_ICS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct ics_event {
    const char *uid;          /* globally unique, e.g. "termin-12@rathaus.example" */
    int64_t dtstamp;          /* unix seconds: when the file was made */
    int64_t beginn, ende;     /* unix seconds */
    const char *titel;        /* SUMMARY */
    const char *beschreibung; /* DESCRIPTION, may be NULL */
    const char *ort;          /* LOCATION, may be NULL */
    const char *url;          /* URL of the event page, may be NULL */
    int64_t sequence;         /* bumped on every change */
    bool is_abgesagt;         /* STATUS:CANCELLED */
};

/* Append a VCALENDAR with the event to `out`. ERR_INVALID for a missing uid/title or an end
 * before the beginning; ERR_LIMIT at the buffer's maximum. */
RH_MUST_CHECK int ics_event(struct buf *out, const struct ics_event *e);

/* Append `s` escaped as an RFC 5545 TEXT value (no folding). Cannot fail but for ERR_LIMIT. */
RH_MUST_CHECK int ics_escape(struct buf *out, const char *s);

#endif
