"""OpenAPI fragment of the Koordination endpoints (issue #7): Umsetzung, Meldungen, Lagebild,
Anfragen, Artikel, Termine, Berichte.

tools/openapi.py merges it: paths.update(openapi_koordination.paths) and
schemas.update(openapi_koordination.schemas); the operations use the security scheme
"bearer" of openapi_konto.py. Self-contained (no imports from openapi.py).
"""

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
NINT = {"type": ["integer", "null"]}
CSV = {"text/csv": {"schema": {"type": "string"}}}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def lst(item):
    return obj({"items": {"type": "array", "items": item}, "next_cursor": S()})


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def ok(schema, desc="OK", csv=False):
    content = {"application/json": {"schema": ref(schema)}}
    if csv:
        content.update(CSV)
    return {"description": desc, "content": content}


def q(name, desc, schema=None, required=False):
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": schema or STR}


def pid(name="id", desc="Kennung"):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "integer", "minimum": 1}}


def body(schema, desc):
    return {"required": True, "description": desc,
            "content": {"application/json": {"schema": ref(schema)}}}


ERRORS = {
    "400": problem("Ungültiger Parameter oder Inhalt"),
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Token gültig, aber ohne dieses Recht"),
    "404": problem("Unbekannt oder nicht sichtbar (z. B. Kreis einer anderen Koordination)"),
    "405": problem("Methode nicht erlaubt"),
}

SEC = [{"bearer": []}]


def op(summary, tag, params=None, responses=None, request=None):
    r = dict(ERRORS)
    r.update(responses or {})
    o = {"summary": summary, "tags": [tag], "security": SEC, "parameters": params or [],
         "responses": r}
    if request:
        o["requestBody"] = request
    return o


kreis = q("kreis", "Kreisschlüssel (5 Stellen); ohne: das ganze Land",
          {"type": "string", "pattern": "^[0-9]{5}$"})
fmt = q("format", "csv: die Tabelle als CSV (wie Accept: text/csv)", {"enum": ["csv", "json"]})

STUFEN = ["nicht_begonnen", "geplant", "pilot", "teilweise", "flaechendeckend", "unbekannt"]
GROESSEN = ["unter_5000", "5000_20000", "20000_100000", "ab_100000"]
ARTEN = ["portal", "formularserver", "bezahlplattform", "servicekonto", "fachverfahren",
         "eakte", "sonstiges"]
SCHRITTE = ["zustaendigkeit", "fachverfahren", "formular", "bezahlung", "test", "freigabe"]

schemas = {
    "UmsetzungZeile": {
        "type": "object",
        "description": "Eine Quelle (plattform oder meldung) einer Gemeinde × OZG-Leistung, "
                       "oder eine Lücke (quelle null, online false).",
        "properties": {
            "gemeinde": STR, "gemeinde_name": STR, "kreis": STR,
            "leistung": {"type": "integer", "description": "OZG-ID"},
            "leistung_name": S(), "themenfeld": S(), "lebenslage": S(),
            "online": BOOL, "reifegrad": {"type": "integer", "minimum": 0, "maximum": 4},
            "quelle": {"enum": ["plattform", "meldung", None]},
            "seit": S(), "onlinedienst": S(), "url": S(),
            "gemeldet_von": S(), "gemeldet_am": INT,
            "kreisweit": {"type": "boolean",
                          "description": "plattform: nur über eine kreisweite Zuständigkeit "
                                         "(z. B. das Landratsamt)"},
            "empfaengt": {"type": "boolean",
                          "description": "plattform: nimmt Anträge entgegen (ein "
                                         "veröffentlichtes Formular für eine zuständige Behörde "
                                         "oder eingereichte Anträge); dann Reifegrad mindestens 2"},
            "eingereicht": {"type": "integer", "minimum": 0,
                            "description": "plattform: Zahl der bei den zuständigen Behörden "
                                           "eingereichten Anträge (nur die Zahl)"},
        },
        "required": ["gemeinde", "gemeinde_name", "kreis", "leistung", "leistung_name",
                     "themenfeld", "lebenslage", "online", "reifegrad", "quelle", "seit",
                     "onlinedienst", "url"],
    },
    "UmsetzungListe": lst(ref("UmsetzungZeile")),
    "UmsetzungMeldungNeu": {
        "type": "object",
        "properties": {
            "gemeinde": {"type": "string", "pattern": "^[0-9]{8}$"},
            "leistung": {"type": "integer", "description": "OZG-ID"},
            "online": BOOL,
            "reifegrad": {"type": "integer", "minimum": 0, "maximum": 4},
            "seit": {"type": ["string", "null"], "format": "date"},
            "onlinedienst": S(), "url": S(),
        },
        "required": ["gemeinde", "leistung"],
    },
    "UmsetzungMeldung": obj({"gemeinde": STR, "leistung": INT, "online": BOOL,
                             "reifegrad": INT, "quelle": {"const": "meldung"}, "seit": S()}),
    "LagebildZahlen": obj({"zellen": INT, "online": INT, "plattform": INT, "meldung": INT,
                           "reifegrad3": INT, "anteil": NUM}),
    "EakteZahlen": obj({k: INT for k in ["nicht_begonnen", "geplant", "pilot", "teilweise",
                                          "flaechendeckend", "unbekannt"]}),
    "Lagebild": obj({
        "kreis": S(),
        "filter": obj({"regierungsbezirk": S(), "groesse": {"enum": GROESSEN + [None]},
                       "themenfeld": NINT}),
        "gemeinden_anzahl": INT, "leistungen": INT,
        "gesamt": ref("LagebildZahlen"), "eakte": ref("EakteZahlen"),
        "eakte_plattform": ref("EakteZahlen"),
        "gemeinden": {"type": "array", "items": obj({
            "ags": STR, "name": STR, "kreis": STR, "typ": S(), "einwohner": INT,
            "zahlen": ref("LagebildZahlen"),
            "eakte": {"enum": STUFEN},
            "eakte_plattform": {"enum": STUFEN}})},
        "kreise": {"type": "array", "items": obj({
            "ags": STR, "name": STR, "gemeinden": INT, "einwohner": INT,
            "zahlen": ref("LagebildZahlen"), "eakte": ref("EakteZahlen"),
            "eakte_plattform": ref("EakteZahlen")})},
        "themenfelder": {"type": "array", "items": obj({
            "id": INT, "name": STR, "leistungen": INT, "zahlen": ref("LagebildZahlen")})},
        "verlauf": {"type": "array", "items": obj({"jahr": INT, "quartal": INT,
                                                    "online": INT})},
    }),
}

paths = {
    "/api/v1/umsetzung": {"get": op(
        "Umsetzung: welche Gemeinde welche OZG-Leistung online anbietet (Plattform und "
        "Meldungen getrennt)", "Koordination",
        [kreis, q("gemeinde", "AGS (8 Stellen)", {"type": "string", "pattern": "^[0-9]{8}$"}),
         q("leistung", "OZG-ID", {"type": "integer", "minimum": 1}),
         q("luecken", "1: auch Zeilen für nicht angebotene OZG-Leistungen (mit kreis oder "
                      "gemeinde)"),
         q("limit", "Zeilen pro Seite (1–5000, Vorgabe 500)",
           {"type": "integer", "minimum": 1, "maximum": 5000}),
         q("cursor", "next_cursor der vorigen Seite"), fmt],
        {"200": ok("UmsetzungListe", csv=True)})},
    "/api/v1/umsetzung/meldungen": {"post": op(
        "Meldung einer Gemeinde: OZG-Leistung anderswo online (oder nicht mehr)",
        "Koordination", [], {"201": ok("UmsetzungMeldung", "Gespeichert")},
        body("UmsetzungMeldungNeu", "Die Meldung"))},
    "/api/v1/lagebild": {"get": op(
        "Lagebild: Fortschritt je Gemeinde, Kreis, Themenfeld und Quartal; E-Akte-Stufen",
        "Koordination",
        [kreis,
         q("regierungsbezirk", "Regierungsbezirk (3 Stellen, z. B. 081); mit kreis: dessen "
                               "eigener", {"type": "string", "pattern": "^[0-9]{3}$"}),
         q("groesse", "Größenklasse der Gemeinden nach Einwohnern", {"enum": GROESSEN}),
         q("themenfeld", "nur die OZG-Leistungen dieses Themenfelds",
           {"type": "integer", "minimum": 1}),
         q("tabelle", "Tabelle der CSV-Ausgabe",
           {"enum": ["gemeinden", "kreise", "themenfelder", "verlauf"]}), fmt],
        {"200": ok("Lagebild", csv=True)})},
}

# ---- Stand einer Gemeinde: Bausteine, Checklisten, E-Akte ----

ags = {"name": "ags", "in": "path", "required": True, "description": "Gemeindeschlüssel (AGS)",
       "schema": {"type": "string", "pattern": "^[0-9]{8}$"}}
DATUM = {"type": ["string", "null"], "format": "date"}

schemas.update({
    "GemeindeStand": obj({
        "gemeinde": STR, "name": STR, "kreis": STR, "kreis_name": STR,
        "darf_melden": {"type": "boolean", "description": "der Aufrufende darf melden"},
        "bausteine": {"type": "array", "items": obj({
            "art": {"enum": ARTEN}, "name": STR, "hersteller": S(), "seit": S(),
            "gemeldet_am": INT})},
        "checkliste": {"type": "array", "items": obj({
            "leistung": INT, "leistung_name": STR, "schritt": {"enum": SCHRITTE},
            "erledigt": BOOL, "notiz": S(), "geaendert": INT})},
        "eakte": obj({
            "gemeldet": {"oneOf": [{"type": "null"}, obj({
                "stufe": {"enum": STUFEN}, "seit": S(), "gemeldet_am": INT})]},
            "plattform": obj({"stufe": {"enum": STUFEN}, "aemter": INT,
                              "aemter_mit_akten": INT}),
        }),
        "blockiert": obj({
            "leistungen": {"type": "array", "items": obj({
                "leistung": INT, "leistung_name": STR,
                "offen": {"type": "array", "items": {"enum": SCHRITTE}}})},
            "fehlende_bausteine": {"type": "array", "items": {"enum": ARTEN}},
        }),
    }),
    "BausteinNeu": {"type": "object", "required": ["art", "name"], "properties": {
        "art": {"enum": ARTEN}, "name": STR, "hersteller": S(), "seit": DATUM}},
    "SchrittNeu": {"type": "object", "required": ["leistung", "schritt", "erledigt"],
                   "properties": {"leistung": {"type": "integer", "description": "OZG-ID"},
                                  "schritt": {"enum": SCHRITTE}, "erledigt": BOOL,
                                  "notiz": S()}},
    "EakteNeu": {"type": "object", "required": ["stufe"], "properties": {
        "stufe": {"enum": STUFEN[:-1]}, "seit": DATUM}},
})

paths.update({
    "/api/v1/umsetzung/gemeinden/{ags}": {"get": op(
        "Stand einer Gemeinde: Bausteine, Checklisten, E-Akte (gemeldet und aus der Nutzung "
        "der Plattform) und was den Start blockiert", "Koordination", [ags],
        {"200": ok("GemeindeStand")})},
    "/api/v1/umsetzung/gemeinden/{ags}/bausteine": {"post": op(
        "Baustein melden (eigene Gemeinde oder Koordination des Kreises)", "Koordination",
        [ags], {"201": ok("GemeindeStand", "Gespeichert")},
        body("BausteinNeu", "Der Baustein"))},
    "/api/v1/umsetzung/gemeinden/{ags}/checkliste": {"post": op(
        "Schritt einer Checkliste setzen", "Koordination", [ags],
        {"201": ok("GemeindeStand", "Gespeichert")}, body("SchrittNeu", "Der Schritt"))},
    "/api/v1/umsetzung/gemeinden/{ags}/eakte": {"post": op(
        "E-Akte-Stufe melden", "Koordination", [ags],
        {"201": ok("GemeindeStand", "Gespeichert")}, body("EakteNeu", "Die Stufe"))},
})

# ---- Anfragen ----

KATEGORIEN = ["ozg_leistung", "plattform", "eakte", "foerderung", "sonstiges"]
STATUS = ["neu", "in_bearbeitung", "wartet", "erledigt"]

schemas.update({
    "Anfrage": {
        "type": "object",
        "properties": {
            "id": INT, "behoerde_id": INT, "behoerde": STR, "kreis": STR,
            "kategorie": {"enum": KATEGORIEN}, "kategorie_name": STR,
            "betreff": STR, "text": STR, "status": {"enum": STATUS},
            "leistung": NINT, "zugewiesen": NINT,
            "erstellt": INT, "geaendert": INT, "faellig": INT, "erledigt_am": NINT,
            "antworten": {"type": "integer", "description": "Zahl der sichtbaren Antworten"},
        },
        "required": ["id", "behoerde_id", "behoerde", "kreis", "kategorie", "betreff", "text",
                     "status", "leistung", "zugewiesen", "erstellt", "geaendert", "faellig",
                     "erledigt_am", "antworten"],
    },
    "AnfrageListe": lst(ref("Anfrage")),
    "AnfrageDetail": {
        "allOf": [ref("Anfrage"), {
            "type": "object",
            "properties": {
                "antworten_liste": {"type": "array", "items": obj({
                    "id": INT, "von": {"enum": ["koordination", "kommune"]}, "intern": BOOL,
                    "text": STR, "erstellt": INT})},
                "anlagen": {"type": "array", "items": obj({
                    "id": INT, "name": STR, "typ": STR, "groesse": INT, "sha256": STR})},
                "artikel": {"type": "array", "items": INT},
                "darf_bearbeiten": BOOL,
            },
            "required": ["antworten_liste", "anlagen", "artikel", "darf_bearbeiten"],
        }],
    },
    "AnfrageNeu": {
        "type": "object",
        "properties": {"kategorie": {"enum": KATEGORIEN}, "betreff": STR, "text": STR,
                       "leistung": NINT, "behoerde_id": NINT},
        "required": ["kategorie", "betreff", "text"],
    },
    "AnfrageAenderung": {
        "type": "object",
        "properties": {"status": {"enum": STATUS}, "zugewiesen": NINT, "faellig": INT},
    },
    "AntwortNeu": {"type": "object", "properties": {"text": STR, "intern": BOOL},
                   "required": ["text"]},
    "Antwort": obj({"id": INT, "anfrage": INT, "intern": BOOL}),
    "AnlageNeu": {"type": "object",
                  "properties": {"name": STR, "inhalt": {"type": "string",
                                                         "contentEncoding": "base64"}},
                  "required": ["name", "inhalt"]},
    "Anlage": obj({"id": INT, "anfrage": INT, "groesse": INT}),
    "ArtikelVerknuepfung": obj({"artikel_id": INT}),
})

aid = pid("id", "Nummer der Anfrage")
paths.update({
    "/api/v1/anfragen": {
        "get": op("Anfragen, die der Aufrufer sehen darf, nach Fälligkeit (Koordination: die "
                  "des Kreises; Kommune: die eigenen)", "Anfragen",
                  [q("status", "Status", {"enum": STATUS}),
                   q("kategorie", "Kategorie", {"enum": KATEGORIEN}),
                   q("zugewiesen", "Kontonummer der zuständigen Koordination",
                     {"type": "integer", "minimum": 1}),
                   q("limit", "1–200", {"type": "integer", "minimum": 1, "maximum": 200}),
                   q("cursor", "next_cursor der vorigen Seite"), fmt],
                  {"200": ok("AnfrageListe", csv=True)}),
        "post": op("Anfrage einer Kommune an ihre Koordination stellen", "Anfragen", [],
                   {"201": ok("AnfrageDetail", "Gestellt")}, body("AnfrageNeu", "Die Anfrage")),
    },
    "/api/v1/anfragen/{id}": {
        "get": op("Eine Anfrage mit Antworten (interne Notizen nur für die Koordination)",
                  "Anfragen", [aid], {"200": ok("AnfrageDetail")}),
        "patch": op("Status, Zuweisung oder Fälligkeit ändern (Koordination)", "Anfragen", [aid],
                    {"200": ok("AnfrageDetail")}, body("AnfrageAenderung", "Die Änderung")),
    },
    "/api/v1/anfragen/{id}/antworten": {"post": op(
        "Antworten (Koordination auch als interne Notiz)", "Anfragen", [aid],
        {"201": ok("Antwort", "Gespeichert")}, body("AntwortNeu", "Die Antwort"))},
    "/api/v1/anfragen/{id}/anlagen": {"post": op(
        "Eine Datei anhängen (Base64; höchstens so groß, wie der Server Anfragen annimmt)",
        "Anfragen", [aid], {"201": ok("Anlage", "Gespeichert"),
                            "413": problem("Zu groß")}, body("AnlageNeu", "Die Datei"))},
    "/api/v1/anfragen/{id}/anlagen/{anlage_id}": {"get": op(
        "Eine Anlage herunterladen", "Anfragen", [aid, pid("anlage_id", "Nummer der Anlage")],
        {"200": {"description": "Die Datei",
                 "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}})},
    "/api/v1/anfragen/{id}/artikel": {"post": op(
        "Einen Wissensartikel mit der Anfrage verknüpfen (Koordination)", "Anfragen", [aid],
        {"204": {"description": "Verknüpft"}}, body("ArtikelVerknuepfung", "Der Artikel"))},
})

# ---- Wissen (Artikel) and Termine ----

TS = {"type": "string", "format": "date-time"}
ICS = {"text/calendar": {"schema": {"type": "string"}}}

schemas.update({
    "ArtikelKurz": obj({"id": INT, "titel": STR, "version": INT, "loesung": BOOL,
                        "tags": {"type": "array", "items": STR}, "erstellt": INT,
                        "geaendert": INT}),
    "ArtikelListe": lst(ref("ArtikelKurz")),
    "Artikel": {"allOf": [ref("ArtikelKurz"), obj({
        "text": {"type": "string", "description": "Markdown (CommonMark, ohne HTML)"},
        "versionen": {"type": "array", "items": obj({"version": INT, "titel": STR,
                                                      "erstellt": INT})}})]},
    "ArtikelNeu": {
        "type": "object",
        "properties": {"titel": STR, "text": {"type": "string", "description": "Markdown"},
                       "tags": {"type": "array", "items": STR, "maxItems": 10},
                       "loesung": BOOL,
                       "version": {"type": "integer", "minimum": 1,
                                   "description": "PUT: die Version, auf der die Änderung "
                                                  "beruht"}},
        "required": ["titel", "text"],
    },
    "Termin": {
        "type": "object",
        "properties": {
            "id": INT, "titel": STR,
            "art": {"enum": ["webinar", "netzwerktreffen", "schulung", "sonstiges"]},
            "beginn": TS, "ende": TS, "ort": S(), "beschreibung": S(), "kreis": S(),
            "kapazitaet": INT, "angemeldet": INT, "warteliste": INT, "frei": INT,
            "abgesagt": BOOL, "mein_status": {"enum": ["angemeldet", "warteliste", None]},
            "darf_verwalten": BOOL,
            "teilnehmende": {"type": "array", "description": "nur für die Veranstaltenden",
                             "items": obj({"email": STR, "behoerde": S(),
                                           "status": {"enum": ["angemeldet", "warteliste"]}})},
        },
        "required": ["id", "titel", "art", "beginn", "ende", "ort", "beschreibung", "kreis",
                     "kapazitaet", "angemeldet", "warteliste", "frei", "abgesagt"],
    },
    "TerminListe": lst(ref("Termin")),
    "TerminNeu": {
        "type": "object",
        "properties": {"titel": STR,
                       "beginn": {"type": ["string", "integer"],
                                  "description": "RFC 3339 mit Zeitzone oder Unix-Sekunden"},
                       "ende": {"type": ["string", "integer"]}, "ort": S(),
                       "kapazitaet": {"type": "integer", "minimum": 1, "maximum": 10000},
                       "art": {"enum": ["webinar", "netzwerktreffen", "schulung", "sonstiges"]},
                       "beschreibung": S(), "kreis": S()},
        "required": ["titel", "beginn", "ende", "kapazitaet"],
    },
    "Anmeldung": obj({"termin": INT, "status": {"enum": ["angemeldet", "warteliste"]}}),
})

tid = pid("id", "Nummer des Termins")
paths.update({
    "/api/v1/artikel": {
        "get": op("Wissensartikel suchen (alle Beschäftigten im Land)", "Wissen",
                  [q("q", "Suchwörter (höchstens 5 zählen)"), q("tag", "Schlagwort"),
                   q("limit", "1–100", {"type": "integer", "minimum": 1, "maximum": 100}),
                   q("cursor", "next_cursor der vorigen Seite")],
                  {"200": ok("ArtikelListe")}),
        "post": op("Artikel anlegen (Koordination)", "Wissen", [],
                   {"201": ok("Artikel", "Angelegt")}, body("ArtikelNeu", "Der Artikel")),
    },
    "/api/v1/artikel/{id}": {
        "get": op("Ein Artikel (aktuell oder ?version=)", "Wissen",
                  [pid("id", "Nummer des Artikels"),
                   q("version", "Version", {"type": "integer", "minimum": 1})],
                  {"200": ok("Artikel")}),
        "put": op("Neue Version eines Artikels (Koordination)", "Wissen",
                  [pid("id", "Nummer des Artikels")],
                  {"200": ok("Artikel"), "409": problem("Inzwischen geändert")},
                  body("ArtikelNeu", "Der Artikel mit der Version, auf der er beruht")),
    },
    "/api/v1/termine": {
        "get": op("Termine, die noch nicht vorbei sind", "Termine",
                  [q("ab", "Zeitpunkt (RFC 3339); Vorgabe: jetzt", TS),
                   q("limit", "1–100", {"type": "integer", "minimum": 1, "maximum": 100}),
                   q("cursor", "next_cursor der vorigen Seite")],
                  {"200": ok("TerminListe")}),
        "post": op("Termin anlegen (Koordination)", "Termine", [],
                   {"201": ok("Termin", "Angelegt")}, body("TerminNeu", "Der Termin")),
    },
    "/api/v1/termine/{id}.ics": {"get": op(
        "Der Termin als iCalendar-Datei (RFC 5545)", "Termine", [tid],
        {"200": {"description": "iCalendar", "content": ICS}})},
    "/api/v1/termine/{id}": {"get": op(
        "Ein Termin (Teilnehmende nur für die Veranstaltenden); mit der Endung .ics die "
        "Kalenderdatei", "Termine", [tid],
        {"200": {"description": "OK", "content": {"application/json": {
            "schema": ref("Termin")}, **ICS}}})},
    "/api/v1/termine/{id}/anmeldungen": {
        "post": op("Anmelden: angemeldet oder auf der Warteliste", "Termine", [tid],
                   {"201": ok("Anmeldung", "Angemeldet"),
                    "409": problem("Abgesagt oder vorbei")}),
        "delete": op("Eigene Anmeldung stornieren (der oder die Erste der Warteliste rückt "
                     "nach)", "Termine", [tid], {"204": {"description": "Storniert"}}),
    },
    "/api/v1/termine/{id}/absage": {"post": op(
        "Termin absagen (Veranstaltende)", "Termine", [tid], {"200": ok("Termin")})},
})

# ---- Berichte und Förderprogramm ----

schemas.update({
    "FoerderZeile": obj({"periode_id": INT, "periode": STR, "beginn": STR, "ende": STR,
                         "koordinator": STR, "kreis": S(), "verband": S(), "budget_cent": INT,
                         "ausgaben_cent": INT, "rest_cent": INT}),
    "FoerderListe": lst(ref("FoerderZeile")),
    "Bericht": obj({
        "kreis": S(), "von": STR, "bis": STR,
        "anfragen": obj({"gesamt": INT, "nach_kategorie_und_status": {
            "type": "array", "items": obj({"kategorie": STR, "status": STR, "anzahl": INT})}}),
        "gemeinden_unterstuetzt": INT,
        "termine": obj({"anzahl": INT, "teilnehmende": INT}),
        "umsetzung": obj({"gemeinden": INT, "zellen": INT, "online_zu_beginn": INT,
                          "online": INT, "plattform": INT, "reifegrad3": INT, "anteil": NUM}),
        "eakte": ref("EakteZahlen"),
        "foerderung": {"type": "array", "items": ref("FoerderZeile")},
    }),
    "AusgabeNeu": {"type": "object",
                   "properties": {"periode_id": INT, "kreis": STR, "datum": STR,
                                  "betrag_cent": INT, "zweck": STR},
                   "required": ["periode_id", "kreis", "datum", "betrag_cent", "zweck"]},
})

paths.update({
    "/api/v1/berichte": {"get": op(
        "Bericht für das Ministerium: Anfragen, Termine, Umsetzung, E-Akte, Förderung eines "
        "Kreises oder des Landes (CSV mit Accept: text/csv)", "Berichte",
        [kreis, q("von", "Beginn (JJJJ-MM-TT); Vorgabe: 1. Januar", {"type": "string",
                                                                   "format": "date"}),
         q("bis", "Ende (JJJJ-MM-TT, einschließlich); Vorgabe: heute",
           {"type": "string", "format": "date"}),
         q("format", "csv oder pdf (wie Accept: text/csv bzw. application/pdf)",
           {"enum": ["csv", "pdf", "json"]})],
        {"200": {"description": "OK", "content": {
            "application/json": {"schema": ref("Bericht")}, **CSV,
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})},
    "/api/v1/foerderprogramm": {"get": op(
        "Förderprogramm: Budget, Ausgaben und Rest je Periode und Stelle", "Berichte", [kreis],
        {"200": ok("FoerderListe")})},
    "/api/v1/foerderprogramm/ausgaben": {"post": op(
        "Eine Ausgabe der Stelle eines Kreises erfassen (Koordination)", "Berichte", [],
        {"204": {"description": "Erfasst"}}, body("AusgabeNeu", "Die Ausgabe"))},
})
