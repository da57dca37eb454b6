"""OpenAPI fragment of the Amt core (issue #6): the office inbox (Posteingang), files (Akten),
cases (Vorgaenge) with notes, follow-ups, status and questions to the applicant, and the
clerk's follow-ups.

tools/openapi.py merges it (paths and schemas); the operations use the security scheme
"bearer" of openapi_konto.py. Self-contained (no imports from openapi.py).
"""

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NINT = {"type": ["integer", "null"]}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def lst(item, extra=None):
    props = {"items": {"type": "array", "items": item}, "next_cursor": S()}
    props.update(extra or {})
    return obj(props)


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def q(name, desc, schema=None):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or STR}


def pid(desc="Kennung"):
    return {"name": "id", "in": "path", "required": True, "description": desc,
            "schema": {"type": "integer", "minimum": 1}}


def body(schema, desc, media="application/json"):
    return {"required": True, "description": desc, "content": {media: {"schema": ref(schema)}}}


ERRORS = {
    "400": problem("Ungültiger Parameter oder Inhalt"),
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Angemeldet, aber ohne dieses Recht (z. B. Administration, Lese-Token)"),
    "404": problem("Unbekannt oder nicht sichtbar (andere Behörde, Koordination, Ministerium)"),
    "405": problem("Methode nicht erlaubt"),
}
CONFLICT = {"409": problem("Der Zustand lässt das nicht zu")}
SEC = [{"bearer": []}]
TAG = "Amt"


def op(summary, params=None, responses=None, request=None):
    r = dict(ERRORS)
    r.update(responses or {})
    o = {"summary": summary, "tags": [TAG], "security": SEC, "parameters": params or [],
         "responses": r}
    if request:
        o["requestBody"] = request
    return o


LIMIT = q("limit", "Einträge je Seite (1–100, Standard 50)",
          {"type": "integer", "minimum": 1, "maximum": 100})
CURSOR = q("cursor", "next_cursor der vorigen Seite")
OE = q("oe", "nur diese Organisationseinheit", {"type": "integer", "minimum": 1})
DATUM = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
VSTATUS = {"enum": ["offen", "in_bearbeitung", "rueckfrage", "beschieden", "zda"]}

schemas = {
    "AmtEingang": obj({
        "id": INT, "oe_id": INT, "oe": STR, "art": {"enum": ["antrag", "dokument"]},
        "betreff": STR,
        "status": {"enum": ["neu", "zugewiesen", "uebernommen", "weitergeleitet", "erledigt"]},
        "eingegangen": INT, "geaendert": INT, "antrag_id": NINT, "leistung": S(),
        "gemeinde": S(), "zugewiesen": NINT, "zugewiesen_email": S(), "vorgang_id": NINT,
        "vorgang_aktenzeichen": S(), "notiz": S(),
        "datei": {"oneOf": [{"type": "null"}, obj({"dateiname": STR, "typ": STR,
                                                   "sha256": STR, "groesse": INT})]},
    }),
    "AmtEingangListe": lst(ref("AmtEingang"), {"anzahl": obj({
        "neu": INT, "zugewiesen": INT, "uebernommen": INT, "weitergeleitet": INT,
        "erledigt": INT})}),
    "AmtAkte": obj({
        "id": INT, "aktenzeichen": STR, "titel": STR,
        "status": {"enum": ["offen", "zda", "ausgesondert"]}, "oe_id": INT, "oe": STR,
        "aktenplan_id": INT, "aktenplan_kennzeichen": STR, "aktenplan_titel": STR,
        "erstellt": INT, "geaendert": INT, "vorgaenge": INT}),
    "AmtAkteListe": lst(ref("AmtAkte")),
    "AmtAkteDetail": {"allOf": [ref("AmtAkte"), obj({
        "vorgaenge_liste": {"type": "array", "items": ref("AmtVorgang")}})]},
    "AmtVorgang": obj({
        "id": INT, "aktenzeichen": STR, "betreff": STR, "status": VSTATUS,
        "status_text": STR, "akte_id": INT, "akte_aktenzeichen": STR, "akte_titel": STR,
        "oe_id": INT, "oe": STR, "erstellt": INT, "geaendert": INT, "antrag_id": NINT,
        "leistung": S(), "bearbeitung": NINT, "bearbeitung_email": S()}),
    "AmtVorgangListe": lst(ref("AmtVorgang")),
    "AmtVermerk": obj({"id": INT, "text": STR, "erstellt": INT, "konto_id": NINT,
                       "konto_email": S()}),
    "AmtWiedervorlage": obj({
        "id": INT, "vorgang_id": INT, "vorgang_aktenzeichen": STR, "vorgang_betreff": STR,
        "datum": DATUM, "konto_id": INT, "grund": STR, "erstellt": INT, "erledigt": NINT}),
    "AmtWiedervorlageListe": lst(ref("AmtWiedervorlage"), {"offene_vorgaenge": INT}),
    "AmtVorgangDetail": {"allOf": [ref("AmtVorgang"), obj({
        "vermerke": {"type": "array", "items": ref("AmtVermerk")},
        "wiedervorlagen": {"type": "array", "items": ref("AmtWiedervorlage")},
        "dokumente": {"type": "array", "items": obj({
            "id": INT, "titel": STR, "art": STR, "version": INT, "final": BOOL,
            "geaendert": INT, "dateiname": S(), "typ": S(), "groesse": INT})},
        "antrag": {"oneOf": [{"type": "null"}, obj({
            "id": INT, "status": STR, "leistung": STR, "leistung_name": STR, "gemeinde": STR,
            "eingereicht": INT, "formular_version": INT, "daten": {"type": "object"},
            "eingangsnummer": S(),
            "verlauf": {"type": "array", "items": obj({"status": STR, "zeitpunkt": INT,
                                                       "bemerkung": S()})},
            "nachrichten": {"type": "array", "items": obj({
                "id": INT, "richtung": {"enum": ["an_buerger", "an_behoerde"]}, "art": STR,
                "betreff": STR, "text": STR, "erstellt": INT})}})]},
    })]},
    "AmtUebernahme": {"type": "object", "properties": {
        "akte": {"type": "integer", "minimum": 1},
        "aktenplan": {"type": "integer", "minimum": 1}, "titel": STR}},
    "AmtZuweisung": obj({"konto_id": {"type": "integer", "minimum": 1}}),
    "AmtWeiterleitung": obj({"oe_id": {"type": "integer", "minimum": 1}, "notiz": S()},
                            ["oe_id"]),
    "AmtWeitergeleitet": obj({"id": INT, "oe_id": INT, "status": STR}),
    "AmtDokumentEingang": {"type": "object", "required": ["datei", "betreff"], "properties": {
        "datei": {"type": "string", "format": "binary"}, "betreff": STR,
        "oe_id": {"type": "integer"}, "notiz": STR}},
    "AmtAkteNeu": obj({"aktenplan": {"type": "integer", "minimum": 1}, "titel": STR,
                       "oe_id": {"type": "integer", "minimum": 1}}, ["aktenplan", "titel"]),
    "AmtVorgangNeu": obj({"akte": {"type": "integer", "minimum": 1}, "betreff": STR}),
    "AmtStatus": obj({"status": VSTATUS, "bemerkung": S()}, ["status"]),
    "AmtText": obj({"text": STR}),
    "AmtVermerkNeu": obj({"id": INT, "vorgang_id": INT, "text": STR, "konto_id": INT,
                          "erstellt": INT}),
    "AmtWiedervorlageNeu": obj({"datum": STR, "grund": STR,
                                "konto_id": {"type": "integer", "minimum": 1}},
                               ["datum", "grund"]),
    "AmtWiedervorlageGesetzt": obj({"id": INT, "vorgang_id": INT, "datum": STR, "grund": STR,
                                    "konto_id": INT}),
    "AmtRueckfrage": obj({"nachricht_id": INT, "vorgang_id": INT, "status": STR}),
    "AmtErledigt": obj({"id": INT, "erledigt": BOOL, "zeitpunkt": INT}),
}

paths = {
    "/api/v1/posteingang": {
        "get": op("Posteingang der Organisationseinheiten, neueste zuerst, mit Anzahl je Status", [
            OE, q("status", "neu, zugewiesen, uebernommen, weitergeleitet, erledigt"),
            q("leistung", "Leistungsschlüssel"), q("von", "eingegangen ab (JJJJ-MM-TT)"),
            q("bis", "eingegangen bis einschließlich (JJJJ-MM-TT)"),
            q("bearbeitung", "ich, niemand oder eine Kontonummer"),
            q("sort", "neueste (Standard) oder aelteste", {"enum": ["neueste", "aelteste"]}),
            CURSOR, LIMIT], {"200": ok("AmtEingangListe")}),
        "post": op("Ein Dokument von Hand in den Posteingang legen (multipart/form-data)", [],
                   {"201": ok("AmtEingang", "Angelegt")},
                   body("AmtDokumentEingang", "datei, betreff, oe_id, notiz",
                        "multipart/form-data")),
    },
    "/api/v1/posteingang/{id}": {
        "get": op("Ein Eingang", [pid()], {"200": ok("AmtEingang")}),
    },
    "/api/v1/posteingang/{id}/uebernehmen": {
        "post": op("Übernehmen: Vorgang in einer Akte (akte) oder einer neuen Akte "
                   "(aktenplan, titel)", [pid()],
                   dict({"201": ok("AmtVorgang", "Vorgang angelegt")}, **CONFLICT),
                   body("AmtUebernahme", "Akte oder Aktenplan und Titel")),
    },
    "/api/v1/posteingang/{id}/zuweisen": {
        "post": op("Einer Person der Sachbearbeitung zuweisen", [pid()],
                   dict({"200": ok("AmtEingang")}, **CONFLICT),
                   body("AmtZuweisung", "Konto")),
    },
    "/api/v1/posteingang/{id}/weiterleiten": {
        "post": op("An eine andere Organisationseinheit der Behörde weiterleiten", [pid()],
                   dict({"200": ok("AmtWeitergeleitet")}, **CONFLICT),
                   body("AmtWeiterleitung", "Organisationseinheit und Notiz")),
    },
    "/api/v1/akten": {
        "get": op("Akten, neueste zuerst", [OE, q("status", "offen, zda, ausgesondert"),
                                            CURSOR, LIMIT], {"200": ok("AmtAkteListe")}),
        "post": op("Akte anlegen", [], {"201": ok("AmtAkte", "Angelegt")},
                   body("AmtAkteNeu", "Aktenplan, Titel, Organisationseinheit")),
    },
    "/api/v1/akten/{id}": {
        "get": op("Eine Akte mit ihren Vorgängen", [pid()], {"200": ok("AmtAkteDetail")}),
    },
    "/api/v1/vorgaenge": {
        "get": op("Vorgänge, neueste zuerst", [
            OE, q("status", "offen, in_bearbeitung, rueckfrage, beschieden, zda"),
            q("akte", "nur dieser Akte", {"type": "integer", "minimum": 1}),
            q("meine", "1: nur die eigenen", {"enum": ["0", "1"]}), CURSOR, LIMIT],
            {"200": ok("AmtVorgangListe")}),
        "post": op("Vorgang von Hand anlegen", [], {"201": ok("AmtVorgang", "Angelegt")},
                   body("AmtVorgangNeu", "Akte und Betreff")),
    },
    "/api/v1/vorgaenge/{id}": {
        "get": op("Ein Vorgang mit Vermerken, Wiedervorlagen, Dokumenten und Antrag", [pid()],
                  {"200": ok("AmtVorgangDetail")}),
    },
    "/api/v1/vorgaenge/{id}/status": {
        "post": op("Status setzen (auch im Antrag sichtbar)", [pid()],
                   dict({"200": ok("AmtVorgang")}, **CONFLICT), body("AmtStatus", "Status")),
        "patch": op("Status setzen (wie POST)", [pid()],
                    dict({"200": ok("AmtVorgang")}, **CONFLICT), body("AmtStatus", "Status")),
    },
    "/api/v1/vorgaenge/{id}/vermerke": {
        "post": op("Vermerk schreiben", [pid()],
                   dict({"201": ok("AmtVermerkNeu", "Angelegt")}, **CONFLICT),
                   body("AmtText", "Text")),
    },
    "/api/v1/vorgaenge/{id}/wiedervorlagen": {
        "post": op("Wiedervorlage setzen", [pid()],
                   {"201": ok("AmtWiedervorlageGesetzt", "Angelegt")},
                   body("AmtWiedervorlageNeu", "Datum, Grund, Konto")),
    },
    "/api/v1/vorgaenge/{id}/rueckfrage": {
        "post": op("Rückfrage an die antragstellende Person (Postfach)", [pid()],
                   dict({"201": ok("AmtRueckfrage", "Gesendet")}, **CONFLICT),
                   body("AmtText", "Text")),
    },
    "/api/v1/wiedervorlagen": {
        "get": op("Eigene offene Wiedervorlagen nach Datum", [CURSOR, LIMIT],
                  {"200": ok("AmtWiedervorlageListe")}),
    },
    "/api/v1/wiedervorlagen/{id}/erledigt": {
        "post": op("Wiedervorlage erledigen", [pid()],
                   dict({"200": ok("AmtErledigt")}, **CONFLICT)),
    },
}
