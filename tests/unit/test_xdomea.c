/* Tests of the xdomea 3.0.0 module (formats/xdomea.h): the hand-over message 0503 is valid
 * against the shared XSD in its edge cases (a file without cases, permanent retention, a
 * document without a version, an unknown file format, control characters and markup in
 * titles), the schema check refuses a broken message and a missing schema, and the archive's
 * answers 0506/0507 are read (a DOCTYPE refused). Needs ../shared (RATHAUS_SHARED). */
#include <stdio.h>
#include <string.h>

#include "formats/xdomea.h"
#include "tap.h"

static char xsd[1024];

static void
test_uuid_is_stable_and_well_formed(void)
{
    char a[XDOMEA_UUID_LEN + 1], b[XDOMEA_UUID_LEN + 1], c[XDOMEA_UUID_LEN + 1];
    xdomea_uuid("rathaus/akte/1/2", a);
    xdomea_uuid("rathaus/akte/1/2", b);
    xdomea_uuid("rathaus/akte/1/3", c);
    CHECK(strcmp(a, b) == 0 && strcmp(a, c) != 0);
    CHECK(xdomea_is_uuid(a) && a[14] == '8');
    CHECK(!xdomea_is_uuid("0b2f6d1e-1c2a-4a7b-9f00-123456789ab"));
    CHECK(!xdomea_is_uuid("0b2f6d1e_1c2a-4a7b-9f00-123456789abc"));
    CHECK(!xdomea_is_uuid(NULL));
}

static void
test_message_edge_cases_are_schema_valid(void)
{
    char u[6][XDOMEA_UUID_LEN + 1];
    for (int i = 0; i < 6; i++) {
        char seed[16];
        snprintf(seed, sizeof(seed), "t%d", i);
        xdomea_uuid(seed, u[i]);
    }
    char datei[128];
    snprintf(datei, sizeof(datei), "%s_plan.dwg", u[3]);
    struct xdomea_version v = {u[3], 2, 1735689600, datei, "plan \x01.dwg", "application/acad"};
    struct xdomea_dokument d[] = {{u[3], "Plan <alt> & \"neu\"", "sonstiges", 1735689600, &v},
                                  {u[4], "ohne Inhalt", "vermerk", 1735689600, NULL}};
    struct xdomea_vorgang vg = {
        u[2], "022/1-1", "Betreff\x02 mit Steuerzeichen", 1735689600, 1767225599, d, 2};
    struct xdomea_akte k[] = {
        {u[1], "022/1", "Akte", "022", "Schriftgut", 1704067200, 1767225599, 0, 'B', NULL, &vg, 1},
        {u[5], "022/2", "Leere Akte", "022", NULL, 1704067200, 1704067300, 10, 'A', "2034-12-31",
         NULL, 0},
    };
    struct xdomea_abgabe m = {u[0], 1767225600, "Stadt Böblingen", "demo-08115003", "Kreisarchiv",
                              k,    2};
    struct buf out = BUF_INIT(1 << 20), err = BUF_INIT(1 << 16);
    CHECK(xdomea_abgabe_schreiben(&m, &out) == ERR_OK);
    CHECK(strstr(buf_cstr(&out), "Plan &lt;alt&gt; &amp;") != NULL);
    CHECK(strstr(buf_cstr(&out), "<code>100</code>") != NULL);
    CHECK(xdomea_validieren(xsd, out.p, out.len, &err) == ERR_OK);
    if (err.len)
        fprintf(stderr, "%s", buf_cstr(&err));
    /* a broken message and a missing schema */
    buf_reset(&err);
    static const char kaputt[] = "<x:Aussonderung.Aussonderung.0503 "
                                 "xmlns:x=\"urn:xoev-de:xdomea:schema:3.0.0\"/>";
    CHECK(xdomea_validieren(xsd, kaputt, sizeof(kaputt) - 1, &err) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "Zeile") != NULL);
    CHECK(xdomea_validieren("/nirgends/xdomea.xsd", out.p, out.len, &err) == ERR_IO);
    struct xdomea_abgabe leer = m;
    leer.n_akten = 0;
    CHECK(xdomea_abgabe_schreiben(&leer, &out) == ERR_INVALID);
    buf_free(&out);
    buf_free(&err);
}

static void
test_receipts_are_read_and_doctype_refused(void)
{
    struct arena *a = arena_new(1 << 20);
    struct buf err = BUF_INIT(1 << 16);
    struct xdomea_quittung q;
    static const char q6[] =
        "<x:Aussonderung.AussonderungImportBestaetigen.0506 "
        "xmlns:x=\"urn:xoev-de:xdomea:schema:3.0.0\"><x:Kopf>"
        "<x:ProzessID>0b2f6d1e-1c2a-4a7b-9f00-123456789abc</x:ProzessID>"
        "<x:Nachrichtentyp listURI=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\" "
        "listVersionID=\"2.0\"><code>0506</code></x:Nachrichtentyp>"
        "<x:Erstellungszeitpunkt>2040-01-02T10:00:00Z</x:Erstellungszeitpunkt>"
        "<x:Absender><x:Institution><x:Name>A</x:Name></x:Institution></x:Absender>"
        "<x:Empfaenger><x:Institution><x:Name>B</x:Name></x:Institution></x:Empfaenger>"
        "</x:Kopf><x:AusgesondertesSGO><x:IDSGO>0b2f6d1e-1c2a-8a7b-9f00-123456789abd</x:IDSGO>"
        "<x:Erfolgreich>true</x:Erfolgreich></x:AusgesondertesSGO><x:AusgesondertesSGO>"
        "<x:IDSGO>0b2f6d1e-1c2a-8a7b-9f00-123456789abe</x:IDSGO><x:Erfolgreich>false"
        "</x:Erfolgreich></x:AusgesondertesSGO></x:Aussonderung.AussonderungImportBestaetigen."
        "0506>";
    CHECK(xdomea_quittung_lesen(a, q6, sizeof(q6) - 1, xsd, &q, &err) == ERR_OK);
    CHECK(q.nachrichtentyp == 506 && q.n == 2 && q.erfolgreich[0] && !q.erfolgreich[1]);
    CHECK(strcmp(q.prozess_id, "0b2f6d1e-1c2a-4a7b-9f00-123456789abc") == 0);
    static const char doctype[] = "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
    CHECK(xdomea_quittung_lesen(a, doctype, sizeof(doctype) - 1, NULL, &q, &err) == ERR_INVALID);
    static const char fremd[] = "<a xmlns=\"urn:xoev-de:xdomea:schema:3.0.0\"/>";
    CHECK(xdomea_quittung_lesen(a, fremd, sizeof(fremd) - 1, NULL, &q, &err) == ERR_INVALID);
    CHECK(xdomea_quittung_lesen(a, "<a", 2, NULL, &q, &err) == ERR_INVALID);
    buf_free(&err);
    arena_free(a);
}

int
main(void)
{
    snprintf(xsd, sizeof(xsd), "%s", tap_shared("schemas/xdomea/3.0.0/xdomea.xsd"));
    TEST(test_uuid_is_stable_and_well_formed);
    TEST(test_message_edge_cases_are_schema_valid);
    TEST(test_receipts_are_read_and_doctype_refused);
    return tap_done();
}
