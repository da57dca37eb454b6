/* Unit tests of domain/formular.h: definitions (parse, errors with JSONPath), answers (types,
 * rules, conditions, repeatable groups, errors with JSON Pointer), the JSON Schema, and the
 * demo definitions in demo/formulare/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/formular.h"
#include "tap.h"

#define HEUTE "2026-03-15"

/* A form with every type and rule, used by most tests. */
static const char test_def[] =
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"99110009104000\", \"titel\": \"Test\","
    " \"schritte\": ["
    "  {\"id\": \"eins\", \"titel\": \"Eins\", \"felder\": ["
    "    {\"id\": \"name\", \"typ\": \"text\", \"label\": \"Name\", \"pflicht\": true,"
    "     \"max_laenge\": 10},"
    "    {\"id\": \"plz_text\", \"typ\": \"text\", \"label\": \"Code\", \"muster\": \"[0-9]{3}\","
    "     \"muster_text\": \"Drei Ziffern.\"},"
    "    {\"id\": \"alter\", \"typ\": \"zahl\", \"label\": \"Alter\", \"ganzzahl\": true,"
    "     \"min\": 0, \"max\": 130},"
    "    {\"id\": \"geb\", \"typ\": \"datum\", \"label\": \"Geburt\", \"max\": \"heute\"},"
    "    {\"id\": \"art\", \"typ\": \"auswahl\", \"label\": \"Art\", \"pflicht\": true,"
    "     \"optionen\": [{\"wert\": \"a\", \"label\": \"A\"}, {\"wert\": \"b\", \"label\": "
    "\"B\"}]},"
    "    {\"id\": \"grund\", \"typ\": \"text\", \"label\": \"Grund\","
    "     \"sichtbar_wenn\": {\"feld\": \"art\", \"gleich\": \"b\"},"
    "     \"pflicht_wenn\": {\"feld\": \"art\", \"gleich\": \"b\"}}"
    "  ]},"
    "  {\"id\": \"zwei\", \"titel\": \"Zwei\", \"felder\": ["
    "    {\"id\": \"mail\", \"typ\": \"email\", \"label\": \"E-Mail\"},"
    "    {\"id\": \"tel\", \"typ\": \"telefon\", \"label\": \"Telefon\"},"
    "    {\"id\": \"iban\", \"typ\": \"iban\", \"label\": \"IBAN\"},"
    "    {\"id\": \"ja\", \"typ\": \"janein\", \"label\": \"Ja?\", \"pflicht\": true},"
    "    {\"id\": \"ok\", \"typ\": \"janein\", \"label\": \"OK\", \"bestaetigung\": true,"
    "     \"pflicht\": true},"
    "    {\"id\": \"farben\", \"typ\": \"auswahl\", \"mehrfach\": true, \"label\": \"Farben\","
    "     \"optionen\": [{\"wert\": \"rot\", \"label\": \"Rot\"}, {\"wert\": \"blau\","
    "     \"label\": \"Blau\"}]},"
    "    {\"id\": \"adr\", \"typ\": \"adresse\", \"label\": \"Anschrift\"},"
    "    {\"id\": \"doc\", \"typ\": \"datei\", \"label\": \"Nachweis\", \"max_anzahl\": 2},"
    "    {\"id\": \"tiere\", \"typ\": \"gruppe\", \"label\": \"Tiere\", \"wiederholbar\": true,"
    "     \"pflicht\": true,"
    "     \"min_anzahl\": 1, \"max_anzahl\": 3, \"felder\": ["
    "       {\"id\": \"tname\", \"typ\": \"text\", \"label\": \"Tiername\", \"pflicht\": true},"
    "       {\"id\": \"gefaehrlich\", \"typ\": \"janein\", \"label\": \"Gefährlich\"},"
    "       {\"id\": \"test\", \"typ\": \"datei\", \"label\": \"Wesenstest\","
    "        \"sichtbar_wenn\": {\"feld\": \"gefaehrlich\", \"gleich\": true},"
    "        \"pflicht_wenn\": {\"feld\": \"gefaehrlich\", \"gleich\": true}}"
    "     ]},"
    "    {\"id\": \"vertreter\", \"typ\": \"gruppe\", \"label\": \"Vertreter\", \"pflicht\": true,"
    "     \"felder\": ["
    "       {\"id\": \"vname\", \"typ\": \"text\", \"label\": \"Name des Vertreters\","
    "        \"pflicht\": true}]}"
    "  ]}"
    "]}";

static const char sha_a[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static struct formular *
parse_ok(struct arena *a, const char *text)
{
    struct formular *f = NULL;
    struct formular_fehler *fe = NULL;
    size_t n = 0;
    int rc = formular_parse(a, text, strlen(text), &f, &fe, &n);
    if (rc != ERR_OK)
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "  %s: %s\n", fe[i].pfad, fe[i].text);
    CHECK(rc == ERR_OK);
    return f;
}

/* The errors of definition `text`; true when one of them is at `pfad`. */
static bool
def_fehler_bei(const char *text, const char *pfad)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = NULL;
    struct formular_fehler *fe = NULL;
    size_t n = 0;
    bool found = false;
    int rc = formular_parse(a, text, strlen(text), &f, &fe, &n);
    CHECK(rc == ERR_INVALID || rc == ERR_LIMIT);
    for (size_t i = 0; rc != ERR_OK && i < n; i++)
        if (strcmp(fe[i].pfad, pfad) == 0)
            found = true;
    if (!found)
        for (size_t i = 0; rc != ERR_OK && i < n; i++)
            fprintf(stderr, "  (got %s: %s)\n", fe[i].pfad, fe[i].text);
    arena_free(a);
    return found;
}

/* Check answers `json` in mode `m`; returns the number of errors and, when `pfad` is given,
 * whether one is at it (*hit). *clean (may be NULL) gets the cleaned answers. */
static size_t
pruefe(const char *json, enum formular_pruefung m, size_t schritt, const char *pfad, bool *hit,
       json_t **clean)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = parse_ok(a, test_def);
    json_t *daten = json_loads(json, 0, NULL), *b = NULL;
    struct formular_fehler *fe = NULL;
    size_t n = 0;
    CHECK(daten != NULL);
    CHECK(f && formular_daten_pruefen(a, f, daten, m, schritt, HEUTE, &b, &fe, &n) == ERR_OK);
    if (hit) {
        *hit = false;
        for (size_t i = 0; i < n; i++)
            if (strcmp(fe[i].pfad, pfad) == 0)
                *hit = true;
        if (!*hit)
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "  (got %s: %s)\n", fe[i].pfad, fe[i].text);
    }
    if (clean)
        *clean = b;
    else
        json_decref(b);
    json_decref(daten);
    arena_free(a);
    return n;
}

static const char *gut = "{\"name\": \" Anna \", \"art\": \"a\", \"ja\": false, \"ok\": true,"
                         " \"tiere\": [{\"tname\": \"Bello\"}], \"vertreter\": {\"vname\": \"X\"}}";

static void
test_formular_parses_full_definition(void)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = parse_ok(a, test_def);
    CHECK(f && f->n_schritte == 2 && f->n_felder == 16);
    CHECK(f && strcmp(f->felder[0].id, "name") == 0 && f->felder[0].is_pflicht);
    CHECK(f && f->felder[5].sichtbar_wenn && f->felder[5].sichtbar_wenn->feld == 4);
    CHECK(f && f->felder[6].schritt == 1);
    CHECK(f && f->felder[14].n_felder == 3 && f->felder[14].is_wiederholbar);
    arena_free(a);
}

static void
test_formular_definition_errors_have_paths(void)
{
#define DEF(felder)                                                                                \
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"x\", \"titel\": \"T\", "                 \
    "\"schritte\": [{\"id\": \"s\", \"titel\": \"S\", \"felder\": [" felder "]}]}"
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"farbe\", \"label\": \"A\"}"),
                         "$.schritte[0].felder[0].typ"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\"},"
                             "{\"id\": \"a\", \"typ\": \"text\", \"label\": \"B\"}"),
                         "$.schritte[0].felder[1].id"));
    /* a condition may only name an earlier field */
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\","
                             " \"sichtbar_wenn\": {\"feld\": \"b\", \"gleich\": \"x\"}},"
                             "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\"}"),
                         "$.schritte[0].felder[0].sichtbar_wenn.feld"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\","
                             " \"muster\": \"\\\\d+\"}"),
                         "$.schritte[0].felder[0].muster"));
    {
        struct arena *a = arena_new(1 << 20);
        CHECK(parse_ok(a, DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\","
                              " \"muster\": \"[(]\\\\.\"}")) != NULL);
        arena_free(a);
    }
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\","
                             " \"muster\": \"[\\\\.]\"}"),
                         "$.schritte[0].felder[0].muster"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\","
                             " \"farbe\": 1}"),
                         "$.schritte[0].felder[0].farbe"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"auswahl\", \"label\": \"A\","
                             " \"optionen\": [{\"wert\": \"x\", \"label\": \"X\"}]},"
                             "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\","
                             " \"sichtbar_wenn\": {\"feld\": \"a\", \"gleich\": \"y\"}}"),
                         "$.schritte[0].felder[1].sichtbar_wenn.gleich"));
    CHECK(def_fehler_bei(
        DEF("{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\","
            " \"felder\": [{\"id\": \"Gross\", \"typ\": \"text\", \"label\": \"A\"}]}"),
        "$.schritte[0].felder[0].felder[0].id"));
    /* regression (fuzz): an option without a value, then a condition on that choice */
    CHECK(def_fehler_bei(DEF("{\"id\": \"a\", \"typ\": \"auswahl\", \"label\": \"A\","
                             " \"optionen\": [{\"label\": \"X\"}]},"
                             "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\","
                             " \"sichtbar_wenn\": {\"feld\": \"a\", \"gleich\": \"y\"}}"),
                         "$.schritte[0].felder[0].optionen[0].wert"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"z\", \"typ\": \"zahl\", \"label\": \"Z\", \"min\": 5,"
                             " \"max\": 1}"),
                         "$.schritte[0].felder[0].min"));
    CHECK(def_fehler_bei(DEF("{\"id\": \"d\", \"typ\": \"datei\", \"label\": \"D\","
                             " \"typen\": [\"application/x-msdownload\"]}"),
                         "$.schritte[0].felder[0].typen[0]"));
    CHECK(def_fehler_bei("{\"format\": \"x\"}", "$.format"));
    CHECK(def_fehler_bei("[1, 2", "$"));
    CHECK(def_fehler_bei("{\"format\": \"rathaus-formular/1\", \"leistung\": \"x\", "
                         "\"titel\": \"T\", \"schritte\": []}",
                         "$.schritte"));
#undef DEF
}

static void
test_formular_group_depth_is_bounded(void)
{
    char buf[4096];
    const char *g = "{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\", \"felder\": [";
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof(buf) - n,
                          "{\"format\": \"rathaus-formular/1\", \"leistung\": \"x\", "
                          "\"titel\": \"T\", \"schritte\": [{\"id\": \"s\", \"titel\": \"S\", "
                          "\"felder\": [");
    for (int i = 0; i < 6; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", g);
    n += (size_t)snprintf(buf + n, sizeof(buf) - n,
                          "{\"id\": \"t\", \"typ\": \"text\", "
                          "\"label\": \"T\"}");
    for (int i = 0; i < 6; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "]}");
    snprintf(buf + n, sizeof(buf) - n, "]}]}");
    CHECK(def_fehler_bei(buf, "$.schritte[0].felder[0].felder[0].felder[0].felder[0].felder[0]"));
}

static void
test_formular_accepts_good_answers_and_cleans_them(void)
{
    json_t *b = NULL;
    CHECK(pruefe(gut, FORMULAR_VOLLSTAENDIG, 0, NULL, NULL, &b) == 0);
    CHECK(b && strcmp(json_string_value(json_object_get(b, "name")), "Anna") == 0);
    CHECK(b && json_object_get(b, "grund") == NULL);
    json_decref(b);
}

static void
test_formular_reports_required_fields(void)
{
    bool hit;
    CHECK(pruefe("{}", FORMULAR_VOLLSTAENDIG, 0, "/name", &hit, NULL) >= 5);
    CHECK(hit);
    pruefe("{}", FORMULAR_VOLLSTAENDIG, 0, "/ok", &hit, NULL);
    CHECK(hit);
    pruefe("{}", FORMULAR_VOLLSTAENDIG, 0, "/tiere", &hit, NULL);
    CHECK(hit);
    /* a required plain group missing: its required field is named */
    pruefe("{}", FORMULAR_VOLLSTAENDIG, 0, "/vertreter/vname", &hit, NULL);
    CHECK(hit);
    /* a draft has no required rules */
    CHECK(pruefe("{}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    /* a step checks only its own required fields */
    CHECK(pruefe("{\"name\": \"A\", \"art\": \"a\"}", FORMULAR_SCHRITT, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"name\": \"A\", \"art\": \"a\"}", FORMULAR_SCHRITT, 1, "/ja", &hit, NULL) > 0);
    CHECK(hit);
    /* empty strings are no answers */
    pruefe("{\"name\": \"   \"}", FORMULAR_VOLLSTAENDIG, 0, "/name", &hit, NULL);
    CHECK(hit);
}

static void
test_formular_rejects_unknown_fields(void)
{
    bool hit;
    CHECK(pruefe("{\"name\": \"A\", \"hacker\": 1}", FORMULAR_ENTWURF, 0, "/hacker", &hit, NULL) ==
          1);
    CHECK(hit);
    CHECK(pruefe("{\"tiere\": [{\"tname\": \"B\", \"x\": 1}]}", FORMULAR_ENTWURF, 0, "/tiere/0/x",
                 &hit, NULL) == 1);
    CHECK(hit);
    CHECK(pruefe("[]", FORMULAR_ENTWURF, 0, "", &hit, NULL) == 1);
    CHECK(hit);
}

static void
test_formular_checks_types_patterns_ranges(void)
{
    bool hit;
    CHECK(pruefe("{\"name\": \"Elf Zeichen!\"}", FORMULAR_ENTWURF, 0, "/name", &hit, NULL) == 1);
    CHECK(hit);
    CHECK(pruefe("{\"name\": 5}", FORMULAR_ENTWURF, 0, "/name", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"plz_text\": \"12\"}", FORMULAR_ENTWURF, 0, "/plz_text", &hit, NULL) == 1);
    CHECK(hit);
    CHECK(pruefe("{\"plz_text\": \"123\"}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"plz_text\": \"1234\"}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 1);
    CHECK(pruefe("{\"alter\": 131}", FORMULAR_ENTWURF, 0, "/alter", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"alter\": 3.5}", FORMULAR_ENTWURF, 0, "/alter", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"alter\": \"3\"}", FORMULAR_ENTWURF, 0, "/alter", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"alter\": 30}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"art\": \"c\"}", FORMULAR_ENTWURF, 0, "/art", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"farben\": [\"blau\", \"rot\"]}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"farben\": [\"rot\", \"rot\"]}", FORMULAR_ENTWURF, 0, "/farben", &hit, NULL) ==
              1 &&
          hit);
    CHECK(pruefe("{\"farben\": [\"gelb\"]}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 1);
    CHECK(pruefe("{\"ja\": \"ja\"}", FORMULAR_ENTWURF, 0, "/ja", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"tel\": \"07031 663-0\"}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"tel\": \"anrufen\"}", FORMULAR_ENTWURF, 0, "/tel", &hit, NULL) == 1 && hit);
    CHECK(pruefe("{\"doc\": [\"xyz\"]}", FORMULAR_ENTWURF, 0, "/doc/0", &hit, NULL) == 1 && hit);
    json_t *b = NULL;
    char buf[256];
    snprintf(buf, sizeof(buf), "{\"doc\": \"%s\"}", sha_a);
    CHECK(pruefe(buf, FORMULAR_ENTWURF, 0, NULL, NULL, &b) == 0);
    CHECK(b && json_array_size(json_object_get(b, "doc")) == 1);
    json_decref(b);
    snprintf(buf, sizeof(buf), "{\"doc\": [\"%s\", \"%s\"]}", sha_a, sha_a);
    CHECK(pruefe(buf, FORMULAR_ENTWURF, 0, "/doc/1", &hit, NULL) == 1 && hit);
}

static void
test_formular_checks_dates(void)
{
    bool hit;
    CHECK(formular_datum_ok("2024-02-29"));
    CHECK(!formular_datum_ok("2023-02-29"));
    CHECK(!formular_datum_ok("2023-13-01"));
    CHECK(!formular_datum_ok("2023-1-01"));
    CHECK(!formular_datum_ok("15.03.2026"));
    CHECK(pruefe("{\"geb\": \"" HEUTE "\"}", FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"geb\": \"2026-03-16\"}", FORMULAR_ENTWURF, 0, "/geb", &hit, NULL) == 1);
    CHECK(hit);
    CHECK(pruefe("{\"geb\": \"2026-02-30\"}", FORMULAR_ENTWURF, 0, "/geb", &hit, NULL) == 1);
    CHECK(hit);
}

static void
test_formular_checks_iban_and_email(void)
{
    CHECK(formular_iban_ok("DE89 3704 0044 0532 0130 00"));
    CHECK(formular_iban_ok("de89370400440532013000"));
    CHECK(!formular_iban_ok("DE89 3704 0044 0532 0130 01"));
    CHECK(!formular_iban_ok("DE89 3704 0044 0532 0130 0"));
    CHECK(formular_iban_ok("AT611904300234573201"));
    CHECK(formular_iban_ok("GB29NWBK60161331926819"));
    CHECK(!formular_iban_ok("DE89-3704"));
    CHECK(!formular_iban_ok(""));
    CHECK(formular_email_ok("anna.muster@example.org"));
    CHECK(formular_email_ok("a+b@sub.example.de"));
    CHECK(!formular_email_ok("anna@localhost"));
    CHECK(!formular_email_ok("anna@@example.org"));
    CHECK(!formular_email_ok("anna muster@example.org"));
    CHECK(!formular_email_ok(".anna@example.org"));
    CHECK(!formular_email_ok("anna@example-.org"));
    CHECK(!formular_email_ok("anna@ex..org"));
    json_t *b = NULL;
    CHECK(pruefe("{\"iban\": \"de89 3704 0044 0532 0130 00\"}", FORMULAR_ENTWURF, 0, NULL, NULL,
                 &b) == 0);
    CHECK(b &&
          strcmp(json_string_value(json_object_get(b, "iban")), "DE89370400440532013000") == 0);
    json_decref(b);
    bool hit;
    CHECK(pruefe("{\"iban\": \"DE00370400440532013000\"}", FORMULAR_ENTWURF, 0, "/iban", &hit,
                 NULL) == 1 &&
          hit);
    CHECK(pruefe("{\"mail\": \"nein\"}", FORMULAR_ENTWURF, 0, "/mail", &hit, NULL) == 1 && hit);
}

static void
test_formular_conditions_show_and_require(void)
{
    bool hit;
    json_t *b = NULL;
    /* art = b makes grund visible and required */
    pruefe("{\"name\": \"A\", \"art\": \"b\", \"ja\": true, \"ok\": true, \"tiere\": "
           "[{\"tname\": \"B\"}], \"vertreter\": {\"vname\": \"X\"}}",
           FORMULAR_VOLLSTAENDIG, 0, "/grund", &hit, NULL);
    CHECK(hit);
    /* art = a hides it: its answer is dropped, not an error */
    CHECK(pruefe("{\"name\": \"A\", \"art\": \"a\", \"grund\": \"weil\", \"ja\": true, \"ok\": "
                 "true, \"tiere\": [{\"tname\": \"B\"}], \"vertreter\": {\"vname\": \"X\"}}",
                 FORMULAR_VOLLSTAENDIG, 0, NULL, NULL, &b) == 0);
    CHECK(b && json_object_get(b, "grund") == NULL);
    json_decref(b);
    /* inside a repeatable group, per item; the path names the item */
    pruefe("{\"tiere\": [{\"tname\": \"A\"}, {\"tname\": \"B\", \"gefaehrlich\": true}]}",
           FORMULAR_VOLLSTAENDIG, 0, "/tiere/1/test", &hit, NULL);
    CHECK(hit);
    pruefe("{\"tiere\": [{\"tname\": \"A\"}, {\"tname\": \"B\", \"gefaehrlich\": true}]}",
           FORMULAR_VOLLSTAENDIG, 0, "/tiere/0/test", &hit, NULL);
    CHECK(!hit);
}

static void
test_formular_repeatable_groups_are_bounded(void)
{
    bool hit;
    CHECK(pruefe("{\"tiere\": [{\"tname\": \"A\"}, {\"tname\": \"B\"}, {\"tname\": \"C\"}, "
                 "{\"tname\": \"D\"}]}",
                 FORMULAR_ENTWURF, 0, "/tiere", &hit, NULL) == 1);
    CHECK(hit);
    CHECK(pruefe("{\"tiere\": {\"tname\": \"A\"}}", FORMULAR_ENTWURF, 0, "/tiere", &hit, NULL) ==
          1);
    CHECK(hit);
    pruefe("{\"tiere\": [{}]}", FORMULAR_VOLLSTAENDIG, 0, "/tiere/0/tname", &hit, NULL);
    CHECK(hit);
}

static void
test_formular_addresses_must_be_complete(void)
{
    bool hit;
    CHECK(pruefe("{\"adr\": {\"strasse\": \"Marktplatz\", \"hausnummer\": \"1\", \"plz\": "
                 "\"71032\", \"ort\": \"Böblingen\"}}",
                 FORMULAR_ENTWURF, 0, NULL, NULL, NULL) == 0);
    CHECK(pruefe("{\"adr\": {\"strasse\": \"Marktplatz\", \"plz\": \"7103\"}}", FORMULAR_ENTWURF, 0,
                 "/adr/plz", &hit, NULL) == 1 &&
          hit);
    pruefe("{\"adr\": {\"strasse\": \"Marktplatz\"}}", FORMULAR_VOLLSTAENDIG, 0, "/adr/ort", &hit,
           NULL);
    CHECK(hit);
    pruefe("{\"adr\": {\"strasse\": \"Marktplatz\", \"land\": \"X\"}}", FORMULAR_ENTWURF, 0,
           "/adr/land", &hit, NULL);
    CHECK(hit);
    /* an optional address left empty is fine */
    pruefe("{\"adr\": {}}", FORMULAR_VOLLSTAENDIG, 0, "/adr/ort", &hit, NULL);
    CHECK(!hit);
}

static void
test_formular_lists_file_references(void)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = parse_ok(a, test_def);
    char buf[512];
    snprintf(buf, sizeof(buf),
             "{\"doc\": [\"%s\"], \"tiere\": [{\"tname\": \"A\"}, {\"tname\": "
             "\"B\", \"gefaehrlich\": true, \"test\": [\"%s\"]}]}",
             sha_a, sha_a);
    json_t *d = json_loads(buf, 0, NULL);
    struct formular_datei_ref *refs = NULL;
    size_t n = 0;
    CHECK(f && formular_dateien(a, f, d, &refs, &n) == ERR_OK);
    CHECK(n == 2);
    CHECK(n == 2 && strcmp(refs[1].pfad, "/tiere/1/test/0") == 0);
    CHECK(n == 2 && strcmp(refs[0].feld->id, "doc") == 0);
    json_decref(d);
    arena_free(a);
}

static void
test_formular_schema_has_rules(void)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = parse_ok(a, test_def);
    json_t *s = NULL;
    CHECK(f && formular_schema(f, "urn:test", &s) == ERR_OK);
    CHECK(s && strcmp(json_string_value(json_object_get(s, "$schema")),
                      "https://json-schema.org/draft/2020-12/schema") == 0);
    json_t *props = json_object_get(s, "properties");
    CHECK(json_object_size(props) == 16);
    CHECK(json_is_false(json_object_get(s, "additionalProperties")));
    CHECK(json_array_size(json_object_get(s, "required")) ==
          6);                                                 /* name art ja ok tiere vertreter */
    CHECK(json_array_size(json_object_get(s, "allOf")) == 2); /* grund: sichtbar + pflicht */
    json_t *tiere = json_object_get(props, "tiere");
    CHECK(strcmp(json_string_value(json_object_get(tiere, "type")), "array") == 0);
    CHECK(json_integer_value(json_object_get(tiere, "maxItems")) == 3);
    CHECK(strcmp(json_string_value(json_object_get(json_object_get(props, "plz_text"), "pattern")),
                 "^(?:[0-9]{3})$") == 0);
    json_decref(s);
    arena_free(a);
}

/* The folder of the repository, from this file's path (tests run in the build folder). */
static const char *
repo_datei(const char *rel)
{
    static char path[4096];
    const char *self = __FILE__;
    const char *end = strstr(self, "tests/unit/test_formular.c");
    int n = end ? (int)(end - self) : 0;
    snprintf(path, sizeof(path), "%.*s%s", n, self, rel);
    return path;
}

static void
test_formular_demo_definitions_are_valid(void)
{
    const char *namen[] = {"hund-anmelden", "meldebescheinigung", "gewerbe-anmelden",
                           "sondernutzung", "bewohnerparkausweis"};
    for (size_t i = 0; i < sizeof(namen) / sizeof(namen[0]); i++) {
        char rel[128];
        snprintf(rel, sizeof(rel), "demo/formulare/%s.json", namen[i]);
        FILE *fp = fopen(repo_datei(rel), "rb");
        CHECK(fp != NULL);
        if (!fp)
            continue;
        static char text[FORMULAR_MAX_BYTES];
        size_t n = fread(text, 1, sizeof(text) - 1, fp);
        fclose(fp);
        text[n] = '\0';
        struct arena *a = arena_new(1 << 24);
        struct formular *f = parse_ok(a, text);
        json_t *s = NULL;
        CHECK(f && formular_schema(f, NULL, &s) == ERR_OK);
        CHECK(f && f->n_schritte >= 2);
        json_decref(s);
        /* an empty application lists the required fields, and nothing else breaks */
        json_t *leer = json_object(), *b = NULL;
        struct formular_fehler *fe = NULL;
        size_t n_fe = 0;
        CHECK(f && formular_daten_pruefen(a, f, leer, FORMULAR_VOLLSTAENDIG, 0, HEUTE, &b, &fe,
                                          &n_fe) == ERR_OK);
        CHECK(n_fe >= 3);
        json_decref(b);
        json_decref(leer);
        arena_free(a);
    }
}

static void
test_formular_hund_complete_application(void)
{
    FILE *fp = fopen(repo_datei("demo/formulare/hund-anmelden.json"), "rb");
    CHECK(fp != NULL);
    if (!fp)
        return;
    static char text[FORMULAR_MAX_BYTES];
    size_t n = fread(text, 1, sizeof(text) - 1, fp);
    fclose(fp);
    text[n] = '\0';
    struct arena *a = arena_new(1 << 24);
    struct formular *f = parse_ok(a, text);
    json_t *d =
        json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:[{s:s, s:s, s:s, s:s, s:b}],"
                  " s:s, s:b, s:s, s:s, s:b, s:b}",
                  "anrede", "frau", "vorname", "Erika", "familienname", "Mustermann",
                  "geburtsdatum", "1980-05-17", "anschrift", "strasse", "Marktplatz", "hausnummer",
                  "1", "plz", "71032", "ort", "Böblingen", "hunde", "name", "Bello", "rasse",
                  "Mischling", "geschlecht", "ruede", "haltung_seit", "2026-01-02", "kampfhund", 0,
                  "ermaessigung", "keine", "lastschrift", 1, "kontoinhaber", "Erika Mustermann",
                  "iban", "DE89 3704 0044 0532 0130 00", "sepa_mandat", 1, "richtigkeit", 1);
    json_t *b = NULL;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    CHECK(f && d &&
          formular_daten_pruefen(a, f, d, FORMULAR_VOLLSTAENDIG, 0, HEUTE, &b, &fe, &n_fe) ==
              ERR_OK);
    for (size_t i = 0; i < n_fe; i++)
        fprintf(stderr, "  %s: %s\n", fe[i].pfad, fe[i].text);
    CHECK(n_fe == 0);
    json_decref(b);
    json_decref(d);
    arena_free(a);
}

int
main(void)
{
    TEST(test_formular_parses_full_definition);
    TEST(test_formular_definition_errors_have_paths);
    TEST(test_formular_group_depth_is_bounded);
    TEST(test_formular_accepts_good_answers_and_cleans_them);
    TEST(test_formular_reports_required_fields);
    TEST(test_formular_rejects_unknown_fields);
    TEST(test_formular_checks_types_patterns_ranges);
    TEST(test_formular_checks_dates);
    TEST(test_formular_checks_iban_and_email);
    TEST(test_formular_conditions_show_and_require);
    TEST(test_formular_repeatable_groups_are_bounded);
    TEST(test_formular_addresses_must_be_complete);
    TEST(test_formular_lists_file_references);
    TEST(test_formular_schema_has_rules);
    TEST(test_formular_demo_definitions_are_valid);
    TEST(test_formular_hund_complete_application);
    return tap_done();
}
