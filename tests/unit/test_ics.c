/* Tests of formats/ics.h: RFC 5545 line ends, escaping and folding. */
#include <string.h>

#include "formats/ics.h"
#include "tap.h"

static void
test_ics_event_has_crlf_escaping_and_folding(void)
{
    struct buf b = BUF_INIT(1 << 16);
    struct ics_event e = {
        .uid = "termin-7@rathaus.example",
        .dtstamp = 1735689600,
        .beginn = 1736931600, /* 2025-01-15 09:00 UTC */
        .ende = 1736938800,
        .titel = "Netzwerktreffen; E-Akte, OZG\\Teil 2",
        .beschreibung = "Zeile 1\nZeile 2: Ümlaute äöü und ein sehr langer Text, der über die "
                        "Grenze von fünfundsiebzig Oktetten hinausgeht, damit gefaltet wird.",
        .ort = "Landratsamt Böblingen, Saal 1",
    };
    CHECK(ics_event(&b, &e) == ERR_OK);
    const char *s = buf_cstr(&b);
    CHECK(strncmp(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
    CHECK(strstr(s, "SUMMARY:Netzwerktreffen\\; E-Akte\\, OZG\\\\Teil 2\r\n") != NULL);
    CHECK(strstr(s, "DTSTART:20250115T090000Z\r\n") != NULL);
    CHECK(strstr(s, "DTEND:20250115T110000Z\r\n") != NULL);
    CHECK(strstr(s, "LOCATION:Landratsamt Böblingen\\, Saal 1\r\n") != NULL);
    CHECK(strstr(s, "DESCRIPTION:Zeile 1\\nZeile 2") != NULL);
    CHECK(strstr(s, "END:VEVENT\r\nEND:VCALENDAR\r\n") != NULL);
    /* every line ends in CRLF, none is longer than 75 octets, no bare LF */
    size_t len = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            CHECK(p > s && p[-1] == '\r');
            CHECK(len <= 76); /* 75 + the CR */
            len = 0;
        } else {
            len++;
        }
    }
    /* folding never splits a UTF-8 sequence: a continuation line never starts with one */
    for (const char *p = strstr(s, "\r\n "); p; p = strstr(p + 1, "\r\n "))
        CHECK(((unsigned char)p[3] & 0xC0) != 0x80);
    buf_free(&b);
}

static void
test_ics_rejects_bad_events_and_marks_cancelled(void)
{
    struct buf b = BUF_INIT(1 << 16);
    struct ics_event e = {.uid = "u", .titel = "t", .beginn = 10, .ende = 5};
    CHECK(ics_event(&b, &e) == ERR_INVALID);
    e.ende = 20;
    e.titel = "";
    CHECK(ics_event(&b, &e) == ERR_INVALID);
    e.titel = "t";
    e.is_abgesagt = true;
    CHECK(ics_event(&b, &e) == ERR_OK);
    CHECK(strstr(buf_cstr(&b), "STATUS:CANCELLED\r\n") != NULL);
    CHECK(strstr(buf_cstr(&b), "METHOD:CANCEL\r\n") != NULL);
    buf_free(&b);
}

int
main(void)
{
    TEST(test_ics_event_has_crlf_escaping_and_folding);
    TEST(test_ics_rejects_bad_events_and_marks_cancelled);
    return tap_done();
}
