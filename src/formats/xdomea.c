#include "formats/xdomea.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <pthread.h>
#include <sodium.h>

#define NS "urn:xoev-de:xdomea:schema:3.0.0"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init_libxml(void)
{
    xmlInitParser();
}

void
xdomea_uuid(const char *seed, char out[XDOMEA_UUID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[crypto_hash_sha256_BYTES];
    size_t k = 0;
    crypto_hash_sha256(h, (const unsigned char *)seed, strlen(seed));
    h[6] = (uint8_t)((h[6] & 0x0F) | 0x80); /* version 8: custom */
    h[8] = (uint8_t)((h[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        out[k++] = hex[h[i] >> 4];
        out[k++] = hex[h[i] & 15];
    }
    out[k] = '\0';
}

bool
xdomea_is_uuid(const char *s)
{
    if (!s || strlen(s) != XDOMEA_UUID_LEN)
        return false;
    for (size_t i = 0; i < XDOMEA_UUID_LEN; i++) {
        bool strich = i == 8 || i == 13 || i == 18 || i == 23;
        char ch = s[i];
        if (strich ? ch != '-'
                   : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                       (ch >= 'A' && ch <= 'F')))
            return false;
    }
    return true;
}

void
xdomea_abgabe_dateiname(const char *prozess_id, char *out, size_t max)
{
    snprintf(out, max, "%s_Aussonderung.Aussonderung.0503.xml", prozess_id);
}

/* ---- writing ---- */

struct w {
    xmlTextWriterPtr x;
    int fail;
};

static const xmlChar *
X(const char *s)
{
    return (const xmlChar *)s;
}

/* Copy of s with C0 controls other than tab/LF/CR replaced by spaces (XML 1.0 forbids them). */
static char *
sauber(const char *s)
{
    size_t n = strlen(s);
    char *p = xmlMalloc(n + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        p[i] = (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ? ' ' : (char)ch;
    }
    p[n] = '\0';
    return p;
}

static void
start(struct w *w, const char *name)
{
    if (!w->fail && xmlTextWriterStartElementNS(w->x, X("xdomea"), X(name), NULL) < 0)
        w->fail = 1;
}

static void
ende(struct w *w)
{
    if (!w->fail && xmlTextWriterEndElement(w->x) < 0)
        w->fail = 1;
}

static void
text(struct w *w, const char *name, const char *v)
{
    if (w->fail || !v)
        return;
    char *s = sauber(v);
    if (!s || xmlTextWriterWriteElementNS(w->x, X("xdomea"), X(name), NULL, X(s)) < 0)
        w->fail = 1;
    xmlFree(s);
}

static void
datum(struct w *w, const char *name, int64_t t, bool mit_zeit)
{
    char b[32];
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm)) {
        w->fail = 1;
        return;
    }
    strftime(b, sizeof(b), mit_zeit ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d", &tm);
    text(w, name, b);
}

/* A code element (xoev-code:Code): <name listURI=.. listVersionID=..><code>v</code></name>. */
static void
code(struct w *w, const char *name, const char *uri, const char *version, const char *v)
{
    start(w, name);
    if (!w->fail && uri && xmlTextWriterWriteAttribute(w->x, X("listURI"), X(uri)) < 0)
        w->fail = 1;
    if (!w->fail && xmlTextWriterWriteAttribute(w->x, X("listVersionID"), X(version)) < 0)
        w->fail = 1;
    if (!w->fail && xmlTextWriterWriteElement(w->x, X("code"), X(v)) < 0)
        w->fail = 1;
    ende(w);
}

static void
identifikation(struct w *w, const char *uuid)
{
    start(w, "Identifikation");
    text(w, "ID", uuid);
    ende(w);
}

/* The Dateiformat code (code list Dateiformat 1.0) of a media type or file name. */
static const char *
format_code(const char *typ, const char *name)
{
    static const struct {
        const char *typ, *endung, *code;
    } t[] = {
        {"application/pdf", ".pdf", "018"},
        {"image/png", ".png", "019"},
        {"image/jpeg", ".jpg", "011"},
        {"image/tiff", ".tif", "023"},
        {"text/plain", ".txt", "045"},
        {"text/csv", ".csv", "002"},
        {"text/html", ".html", "008"},
        {"application/xml", ".xml", "030"},
        {"text/xml", ".xml", "030"},
        {"application/vnd.oasis.opendocument.text", ".odt", "015"},
        {"application/vnd.oasis.opendocument.spreadsheet", ".ods", "014"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "035"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "036"},
        {"application/msword", ".doc", "003"},
        {"message/rfc822", ".eml", "006"},
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (typ && strcmp(typ, t[i].typ) == 0)
            return t[i].code;
    for (size_t i = 0; dot && i < sizeof(t) / sizeof(t[0]); i++)
        if (strcasecmp(dot, t[i].endung) == 0)
            return t[i].code;
    return "100";
}

static void
dokument(struct w *w, const struct xdomea_dokument *d)
{
    start(w, "Dokument");
    identifikation(w, d->uuid);
    start(w, "AllgemeineMetadaten");
    text(w, "Betreff", d->titel);
    ende(w);
    text(w, "Typ", d->art);
    if (d->version) {
        const struct xdomea_version *v = d->version;
        char nr[24];
        snprintf(nr, sizeof(nr), "%lld", (long long)v->nummer);
        const char *fc = format_code(v->typ, v->dateiname_original);
        start(w, "Version");
        text(w, "Nummer", nr);
        start(w, "Format");
        code(w, "Name", "urn:xoev-de:xdomea:codeliste:dateiformat", "1.0", fc);
        if (strcmp(fc, "100") == 0)
            text(w, "SonstigerName", v->typ);
        text(w, "Version", "unbekannt");
        start(w, "Primaerdokument");
        text(w, "Dateiname", v->datei);
        text(w, "DateinameOriginal", v->dateiname_original);
        datum(w, "DatumUhrzeit", v->erstellt, true);
        ende(w);
        ende(w);
        ende(w);
    }
    ende(w);
}

static void
vorgang(struct w *w, const struct xdomea_vorgang *v)
{
    start(w, "Vorgang");
    identifikation(w, v->uuid);
    start(w, "AllgemeineMetadaten");
    text(w, "Betreff", v->betreff);
    text(w, "Kennzeichen", v->aktenzeichen);
    ende(w);
    if (v->zda) {
        text(w, "ZdA", "true");
        datum(w, "ZdADatum", v->zda, false);
    }
    start(w, "Laufzeit");
    datum(w, "Beginn", v->erstellt, false);
    if (v->zda)
        datum(w, "Ende", v->zda, false);
    ende(w);
    for (size_t i = 0; i < v->n_dokumente; i++)
        dokument(w, &v->dokumente[i]);
    ende(w);
}

static void
akte(struct w *w, const struct xdomea_akte *k)
{
    char jahre[16], art[2] = {k->archivwuerdigkeit, 0};
    snprintf(jahre, sizeof(jahre), "%d", k->aufbewahrung_jahre);
    start(w, "Schriftgutobjekt");
    start(w, "Akte");
    identifikation(w, k->uuid);
    start(w, "AllgemeineMetadaten");
    text(w, "Betreff", k->titel);
    text(w, "Kennzeichen", k->aktenzeichen);
    start(w, "Aktenplaneinheit");
    text(w, "Kennzeichen", k->plan_kennzeichen);
    text(w, "Inhaltsangabe", k->plan_titel);
    ende(w);
    ende(w);
    start(w, "ArchivspezifischeMetadaten");
    start(w, "Aufbewahrungsdauer");
    if (k->aufbewahrung_jahre > 0)
        text(w, "AnzahlJahre", jahre);
    else
        text(w, "Unbefristet", "1"); /* fixed value in the schema */
    ende(w);
    start(w, "Aussonderungsart");
    code(w, "Aussonderungsart", "urn:xoev-de:xdomea:codeliste:aussonderungsart", "1.0", art);
    ende(w);
    text(w, "Aufbewahrungsende", k->aufbewahrung_bis);
    ende(w);
    start(w, "Laufzeit");
    datum(w, "Beginn", k->erstellt, false);
    if (k->zda)
        datum(w, "Ende", k->zda, false);
    ende(w);
    start(w, "Akteninhalt");
    for (size_t i = 0; i < k->n_vorgaenge; i++)
        vorgang(w, &k->vorgaenge[i]);
    ende(w);
    if (k->zda) {
        text(w, "ZdA", "true");
        datum(w, "ZdADatum", k->zda, false);
    }
    ende(w);
    ende(w);
}

static void
kontakt(struct w *w, const char *element, const char *schluessel, const char *name)
{
    start(w, element);
    if (schluessel) {
        start(w, "Behoerdenkennung");
        code(w, "Behoerdenschluessel", "urn:rathaus:behoerde", "1", schluessel);
        ende(w);
    }
    start(w, "Institution");
    text(w, "Name", name);
    ende(w);
    ende(w);
}

int
xdomea_abgabe_schreiben(const struct xdomea_abgabe *m, struct buf *out)
{
    struct w w = {0};
    xmlBufferPtr xb;
    int rc = ERR_OK;

    if (!m->prozess_id || !m->absender_name || !m->empfaenger_name || m->n_akten == 0)
        return ERR_INVALID;
    pthread_once(&init_once, init_libxml);
    xb = xmlBufferCreate();
    if (!xb)
        return ERR_NOMEM;
    w.x = xmlNewTextWriterMemory(xb, 0);
    if (!w.x) {
        xmlBufferFree(xb);
        return ERR_NOMEM;
    }
    xmlTextWriterSetIndent(w.x, 1);
    if (xmlTextWriterStartDocument(w.x, NULL, "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElementNS(w.x, X("xdomea"), X("Aussonderung.Aussonderung.0503"), X(NS)) <
            0)
        w.fail = 1;
    start(&w, "Kopf");
    text(&w, "ProzessID", m->prozess_id);
    code(&w, "Nachrichtentyp", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0", "0503");
    datum(&w, "Erstellungszeitpunkt", m->erstellt, true);
    kontakt(&w, "Absender", m->absender_schluessel, m->absender_name);
    kontakt(&w, "Empfaenger", NULL, m->empfaenger_name);
    start(&w, "SendendesSystem");
    text(&w, "Produktname", "rathaus");
    ende(&w);
    text(&w, "Importbestaetigung", "1");
    text(&w, "RueckmeldungArchivkennung", "false");
    text(&w, "Empfangsbestaetigung", "true");
    ende(&w);
    for (size_t i = 0; i < m->n_akten; i++)
        akte(&w, &m->akten[i]);
    ende(&w);
    if (!w.fail && xmlTextWriterEndDocument(w.x) < 0)
        w.fail = 1;
    xmlFreeTextWriter(w.x); /* flushes into xb */
    if (w.fail)
        rc = ERR_NOMEM;
    else
        rc = buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    xmlBufferFree(xb);
    return rc;
}

/* ---- validation ---- */

struct fehler_ctx {
    struct buf *err;
    int n;
};

static void
fehler_sammeln(void *ctx, const xmlError *e)
{
    struct fehler_ctx *f = ctx;
    if (!e || f->n++ >= 5 || !f->err)
        return;
    size_t len = e->message ? strlen(e->message) : 0;
    while (len && (e->message[len - 1] == '\n'))
        len--;
    RH_IGNORE(buf_printf(f->err, "Zeile %d: %.*s\n", e->line, (int)(len > 300 ? 300 : len),
                         e->message ? e->message : "?"));
}

static void
fehler_cb(void *ctx, xmlErrorPtr e)
{
    fehler_sammeln(ctx, e);
}

static int
schema_laden(const char *xsd_pfad, struct fehler_ctx *fc, xmlSchemaPtr *out)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_pfad);
    if (!pc)
        return ERR_NOMEM;
    xmlSchemaSetParserStructuredErrors(pc, fehler_cb, fc);
    *out = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    return *out ? ERR_OK : ERR_IO;
}

static int
validieren_doc(const char *xsd_pfad, xmlDocPtr doc, struct buf *err)
{
    struct fehler_ctx fc = {err, 0};
    xmlSchemaPtr schema = NULL;
    int rc = access(xsd_pfad, R_OK) == 0 ? schema_laden(xsd_pfad, &fc, &schema) : ERR_IO;
    if (rc != ERR_OK) {
        RH_IGNORE(buf_printf(err, "das xdomea-Schema '%s' ist nicht lesbar\n", xsd_pfad));
        return rc;
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        xmlSchemaFree(schema);
        return ERR_NOMEM;
    }
    xmlSchemaSetValidStructuredErrors(vc, fehler_cb, &fc);
    int v = xmlSchemaValidateDoc(vc, doc);
    rc = v == 0 ? ERR_OK : v > 0 ? ERR_INVALID : ERR_NOMEM;
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    return rc;
}

static int
lesen(const char *xml, size_t len, struct buf *err, xmlDocPtr *out)
{
    if (len > XDOMEA_QUITTUNG_MAX * 64u || len > (size_t)INT32_MAX)
        return ERR_LIMIT;
    /* no network, no DTD loading, no entity substitution, errors not printed */
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "nachricht.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        RH_IGNORE(buf_puts(err, "die Nachricht ist kein wohlgeformtes XML\n"));
        return ERR_INVALID;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        RH_IGNORE(buf_puts(err, "eine DOCTYPE-Deklaration ist nicht erlaubt\n"));
        return ERR_INVALID;
    }
    *out = doc;
    return ERR_OK;
}

int
xdomea_validieren(const char *xsd_pfad, const char *xml, size_t len, struct buf *err)
{
    xmlDocPtr doc = NULL;
    pthread_once(&init_once, init_libxml);
    int rc = lesen(xml, len, err, &doc);
    if (rc != ERR_OK)
        return rc;
    rc = validieren_doc(xsd_pfad, doc, err);
    xmlFreeDoc(doc);
    return rc;
}

/* ---- the archive's answer ---- */

static bool
ist(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, NS) == 0 && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
kind(const xmlNode *n, const char *name)
{
    for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (ist(k, name))
            return k;
    return NULL;
}

/* The trimmed text of element n, in the arena; NULL when missing or out of memory. */
static const char *
inhalt(struct arena *a, const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *p = (const char *)t;
    size_t len = strlen(p);
    while (len && strchr(" \t\r\n", p[len - 1]))
        len--;
    while (len && strchr(" \t\r\n", *p)) {
        p++;
        len--;
    }
    char *r = len <= 256 ? arena_strndup(a, p, len) : NULL;
    xmlFree(t);
    return r;
}

int
xdomea_quittung_lesen(struct arena *a, const char *xml, size_t len, const char *xsd_pfad,
                      struct xdomea_quittung *out, struct buf *err)
{
    xmlDocPtr doc = NULL;
    struct xdomea_quittung q = {0};
    size_t cap = 0;
    int rc;

    if (len > XDOMEA_QUITTUNG_MAX)
        return ERR_LIMIT;
    pthread_once(&init_once, init_libxml);
    rc = lesen(xml, len, err, &doc);
    if (rc != ERR_OK)
        return rc;
    if (xsd_pfad)
        rc = validieren_doc(xsd_pfad, doc, err);
    if (rc != ERR_OK)
        goto out;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (ist(root, "Aussonderung.AussonderungImportBestaetigen.0506"))
        q.nachrichtentyp = 506;
    else if (ist(root, "Aussonderung.AussonderungEmpfangBestaetigen.0507"))
        q.nachrichtentyp = 507;
    if (!q.nachrichtentyp) {
        RH_IGNORE(buf_puts(err, "erwartet wird Aussonderung.AussonderungImportBestaetigen.0506 "
                                "oder Aussonderung.AussonderungEmpfangBestaetigen.0507\n"));
        rc = ERR_INVALID;
        goto out;
    }
    q.prozess_id = inhalt(a, kind(kind(root, "Kopf"), "ProzessID"));
    if (!xdomea_is_uuid(q.prozess_id)) {
        RH_IGNORE(buf_puts(err, "Kopf/ProzessID fehlt oder ist keine UUID\n"));
        rc = ERR_INVALID;
        goto out;
    }
    for (const xmlNode *k = root->children; q.nachrichtentyp == 506 && k; k = k->next) {
        if (!ist(k, "AusgesondertesSGO"))
            continue;
        const char *id = inhalt(a, kind(k, "IDSGO"));
        const char *ok = inhalt(a, kind(k, "Erfolgreich"));
        if (!xdomea_is_uuid(id) || !ok) {
            RH_IGNORE(buf_puts(err, "AusgesondertesSGO braucht IDSGO (UUID) und Erfolgreich\n"));
            rc = ERR_INVALID;
            goto out;
        }
        if (q.n >= 10000) {
            rc = ERR_LIMIT;
            goto out;
        }
        if (q.n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            const char **ni = arena_alloc(a, ncap * sizeof(*ni));
            bool *ne = arena_alloc(a, ncap * sizeof(*ne));
            if (!ni || !ne) {
                rc = ERR_NOMEM;
                goto out;
            }
            if (q.n) {
                memcpy(ni, q.ids, q.n * sizeof(*ni));
                memcpy(ne, q.erfolgreich, q.n * sizeof(*ne));
            }
            q.ids = ni;
            q.erfolgreich = ne;
            cap = ncap;
        }
        q.ids[q.n] = id;
        q.erfolgreich[q.n] = strcmp(ok, "true") == 0 || strcmp(ok, "1") == 0;
        q.n++;
    }
    *out = q;
out:
    xmlFreeDoc(doc);
    return rc;
}
