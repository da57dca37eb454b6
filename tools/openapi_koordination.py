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
        "kreis": S(), "gemeinden_anzahl": INT, "leistungen": INT,
        "gesamt": ref("LagebildZahlen"), "eakte": ref("EakteZahlen"),
        "gemeinden": {"type": "array", "items": obj({
            "ags": STR, "name": STR, "kreis": STR, "typ": S(), "einwohner": INT,
            "zahlen": ref("LagebildZahlen"),
            "eakte": {"enum": ["nicht_begonnen", "geplant", "pilot", "teilweise",
                               "flaechendeckend", "unbekannt"]}})},
        "kreise": {"type": "array", "items": obj({
            "ags": STR, "name": STR, "gemeinden": INT, "einwohner": INT,
            "zahlen": ref("LagebildZahlen"), "eakte": ref("EakteZahlen")})},
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
        [kreis, q("tabelle", "Tabelle der CSV-Ausgabe",
                  {"enum": ["gemeinden", "kreise", "themenfelder", "verlauf"]}), fmt],
        {"200": ok("Lagebild", csv=True)})},
}
