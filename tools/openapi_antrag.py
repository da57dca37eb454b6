"""OpenAPI fragment of online applications (issue #5): a Leistung's form and its JSON Schema,
drafts, answers, attachments, submission with receipt, the mailbox, the forms of an authority
and the delivery API for specialist systems (modelled on FIT-Connect).

tools/openapi.py merges it: paths.update(openapi_antrag.paths), schemas.update(
openapi_antrag.schemas). Self-contained (no imports from openapi.py) so either file can be read
alone. The security scheme "bearer" comes from openapi_konto.py.
"""

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NINT = {"type": ["integer", "null"]}
SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
ANY_OBJ = {"type": "object"}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def fehlerliste(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("FehlerListe")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def binary(mt, desc):
    return {"description": desc,
            "content": {mt: {"schema": {"type": "string", "format": "binary"}}}}


def p(name, desc, schema=None):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": schema or {"type": "integer", "minimum": 1}}


def q(name, desc, schema=None):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or STR}


def body(schema, desc):
    return {"required": True, "description": desc,
            "content": {"application/json": {"schema": ref(schema)}}}


AUTH_ERRORS = {
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Token gültig, aber ohne dieses Recht"),
    "405": problem("Methode nicht erlaubt"),
}


def op(method, summary, responses, tag, params=None, request=None, desc=None, auth=True):
    r = dict(AUTH_ERRORS) if auth else {"405": problem("Methode nicht erlaubt")}
    r.update(responses)
    o = {"summary": summary, "tags": [tag], "responses": r}
    if auth:
        o["security"] = [{"bearer": []}]
    if desc:
        o["description"] = desc
    if params:
        o["parameters"] = params
    if request:
        o["requestBody"] = request
    return {method: o}


def merge(*ops):
    out = {}
    for o in ops:
        out.update(o)
    return out


STATUS = {"enum": ["entwurf", "eingegangen", "in_bearbeitung", "rueckfrage", "beschieden",
                   "zurueckgezogen"]}

schemas = {
    "FehlerListe": {
        "type": "object",
        "description": "422: jede Angabe, die gegen die Regeln verstößt, mit ihrer Stelle "
                       "(JSON Pointer in die Antworten, JSONPath in eine Formulardefinition).",
        "properties": {"type": STR, "title": STR, "status": {"const": 422}, "detail": STR,
                       "fehler": {"type": "array",
                                  "items": obj({"feld": STR, "text": STR})}},
        "required": ["type", "title", "status", "fehler"],
    },
    "Formular": {
        "type": "object",
        "description": "Eine Formulardefinition (docs/formular.md, Format rathaus-formular/1) "
                       "mit dem JSON Schema (Entwurf 2020-12) ihrer Antworten; gegen dieses "
                       "Schema sind die Daten der Zustellung gültig.",
        "properties": {"id": INT, "leistung": STR, "version": INT, "behoerde_id": NINT,
                       "status": {"enum": ["entwurf", "veroeffentlicht", "zurueckgezogen"]},
                       "sha256": SHA, "definition": ANY_OBJ,
                       "schema": {"type": "object",
                                  "properties": {"$schema": {
                                      "const": "https://json-schema.org/draft/2020-12/schema"}},
                                  "required": ["$schema", "type", "properties"]}},
        "required": ["id", "leistung", "version", "status", "sha256", "definition", "schema"],
    },
    "FormularZeile": obj({"id": INT, "leistung": STR, "behoerde_id": NINT, "version": INT,
                          "status": {"enum": ["entwurf", "veroeffentlicht", "zurueckgezogen"]},
                          "titel": STR, "sha256": SHA, "erstellt": INT,
                          "veroeffentlicht": NINT, "zurueckgezogen": NINT}),
    "AntragNeu": {
        "type": "object",
        "properties": {"leistung": {"type": "string", "description": "Kennung der Leistung"},
                       "ort": {"type": "string", "pattern": "^[0-9]{8}$",
                               "description": "Gemeindeschlüssel (AGS) des Wohn- oder "
                                              "Betriebsorts: bestimmt die zuständige Stelle"}},
        "required": ["leistung", "ort"],
        "additionalProperties": False,
    },
    "Antrag": obj({
        "id": INT, "status": STATUS, "status_text": STR,
        "leistung": obj({"id": STR, "name": STR}),
        "gemeinde": obj({"ags": STR, "name": STR}),
        "zustaendig": obj({"behoerde_id": INT, "behoerde": STR, "organisationseinheit_id": INT,
                           "organisationseinheit": STR}),
        "formular": obj({"id": INT, "version": INT}),
        "erstellt": INT, "geaendert": INT, "eingereicht": NINT, "schritt": INT}),
    "AntragAnlage": obj({"sha256": SHA, "dateiname": STR,
                   "typ": {"type": "string", "description": "am Inhalt erkannt (libmagic)"},
                   "groesse": INT}),
    "Eingangsbestaetigung": obj({
        "nummer": {"type": "string", "pattern": "^EB-[0-9]{10}$"},
        "zeitpunkt": INT,
        "sha256": dict(SHA, description="SHA-256 über den kanonischen Inhalt des Antrags "
                                        "(JSON, Schlüssel sortiert, ohne Leerraum)")}),
    "Verlaufseintrag": obj({"status": STATUS, "status_text": STR, "zeitpunkt": INT,
                            "bemerkung": S()}),
    "Daten": {"type": "object",
              "description": "Die Antworten, nach Feldkennung (docs/formular.md)"},
    "DatenGespeichert": obj({
        "daten": ref("Daten"), "vollstaendig": BOOL,
        "fehlend": {"type": "array", "items": obj({"feld": STR, "text": STR}),
                    "description": "Was vor dem Einreichen noch fehlt oder nicht passt"}}),
    "Eingereicht": obj({"antrag": INT, "eingangsbestaetigung": ref("Eingangsbestaetigung")}),
    "Nachricht": obj({"id": INT, "antrag": NINT,
                      "richtung": {"enum": ["an_buerger", "an_behoerde"]},
                      "art": {"enum": ["nachricht", "eingangsbestaetigung", "rueckfrage",
                                       "bescheid"]},
                      "betreff": STR, "behoerde": STR, "erstellt": INT, "gelesen": NINT}),
    "NachrichtNeu": {"type": "object",
                     "properties": {"betreff": {"type": "string", "maxLength": 200},
                                    "text": {"type": "string", "maxLength": 20000}},
                     "required": ["betreff", "text"]},
    "Postfach": obj({"items": {"type": "array", "items": ref("Nachricht")},
                     "ungelesen": INT, "naechste_vor": S()}),
    "Eingang": obj({"id": INT, "nummer": STR, "sha256": SHA, "leistung": STR,
                    "behoerde_id": INT, "organisationseinheit_id": INT, "eingereicht": INT,
                    "formular": obj({"id": INT, "version": INT}), "status": STATUS}),
    "EingangListe": obj({"items": {"type": "array", "items": ref("Eingang")},
                         "naechste_nach": S()}),
    "EingangVoll": obj({
        "antrag": obj({"id": INT, "leistung": STR, "status": STATUS, "behoerde": INT,
                       "organisationseinheit": INT, "gemeinde": STR, "eingereicht": INT}),
        "daten": ref("Daten"),
        "anlagen": {"type": "array", "items": ref("AntragAnlage")},
        "eingangsbestaetigung": ref("Eingangsbestaetigung"),
        "formular": obj({"id": INT, "version": INT}),
        "quittiert": NINT}),
    "ZustellungQuittung": obj({"id": INT, "quittiert": BOOL, "schon_quittiert": BOOL}),
    "StatusNeu": {
        "type": "object",
        "properties": {"status": {"enum": ["in_bearbeitung", "rueckfrage", "beschieden"]},
                       "bemerkung": {"type": "string", "maxLength": 500},
                       "betreff": {"type": "string", "maxLength": 200},
                       "text": {"type": "string", "maxLength": 20000}},
        "required": ["status"],
    },
    "StatusGesetzt": obj({"id": INT, "status": STR}),
    "Erstellt": obj({"id": INT}),
}
schemas["AntragVoll"] = {
    "allOf": [ref("Antrag"),
              obj({"verlauf": {"type": "array", "items": ref("Verlaufseintrag")},
                   "anlagen": {"type": "array", "items": ref("AntragAnlage")},
                   "daten": ref("Daten"),
                   "eingangsbestaetigung": {"oneOf": [ref("Eingangsbestaetigung"),
                                                      {"type": "null"}]}})]}
schemas["AntragListe"] = obj({"items": {"type": "array", "items": ref("Antrag")},
                              "next_cursor": S()})
schemas["NachrichtVoll"] = {
    "allOf": [ref("Nachricht"),
              obj({"text": STR, "anlagen": {"type": "array", "items": ref("AntragAnlage")},
                   "eingangsbestaetigung_pdf": dict(S(), description="Bei einer "
                                                    "Eingangsbestätigung: der Pfad ihres PDF")})]}
schemas["NachrichtVollListe"] = obj({"items": {"type": "array", "items": ref("NachrichtVoll")},
                                     "next_cursor": S()})
schemas["FormularZeileListe"] = obj({"items": {"type": "array", "items": ref("FormularZeile")},
                                     "next_cursor": S()})
schemas["FormularVoll"] = {"allOf": [ref("Formular"), ref("FormularZeile")]}

antrag = p("id", "Kennung des Antrags")
sha = p("sha256", "SHA-256 der Anlage (hex)", {"type": "string", "pattern": "^[0-9a-f]{64}$"})
NF = problem("Unbekannt oder nicht sichtbar")
BAD = problem("Ungültige Anfrage")
CONFLICT = problem("Nicht (mehr) möglich: schon eingereicht, beschieden oder zurückgezogen")

paths = {
    "/api/v1/leistungen/{id}/formular": op(
        "get", "Das aktuelle Online-Formular einer Leistung mit dem JSON Schema der Antworten",
        {"200": ok("Formular"), "400": BAD,
         "404": problem("Kein Formular, Leistung oder Ort unbekannt")}, "Anträge",
        params=[p("id", "Kennung der Leistung", STR),
                q("ort", "AGS der Gemeinde: das Formular der dort zuständigen Behörde")],
        auth=False),
    "/api/v1/antraege": merge(
        op("get", "Die eigenen Anträge, neueste zuerst", {"200": ok("AntragListe")}, "Anträge"),
        op("post", "Einen Antrag (Entwurf) anlegen; er geht an die für den Ort zuständige Stelle",
           {"201": ok("Antrag", "Angelegt"), "400": BAD,
            "404": problem("Leistung, Ort, zuständige Stelle oder Formular fehlt"),
            "422": problem("Ungültige Leistung oder ungültiger Ort")}, "Anträge",
           request=body("AntragNeu", "Leistung und Ort"))),
    "/api/v1/antraege/{id}": op(
        "get", "Ein eigener Antrag mit Statusverlauf, Anlagen, Antworten und Eingangsbestätigung",
        {"200": ok("AntragVoll"), "400": BAD, "404": NF}, "Anträge", params=[antrag]),
    "/api/v1/antraege/{id}/daten": op(
        "put", "Die Antworten eines Entwurfs speichern (ersetzt alle)",
        {"200": ok("DatenGespeichert"), "400": BAD, "404": NF, "409": CONFLICT,
         "413": problem("Antworten größer als 1 MB"),
         "422": fehlerliste("Antworten verletzen die Regeln des Formulars; nichts gespeichert")},
        "Anträge", params=[antrag], request=body("Daten", "Die Antworten als JSON-Objekt")),
    "/api/v1/antraege/{id}/anlagen": op(
        "post", "Eine Anlage hochladen (multipart/form-data: datei, optional feld)",
        {"201": ok("AntragAnlage", "Gespeichert (oder schon vorhanden)"), "400": BAD, "404": NF,
         "409": CONFLICT, "413": problem("Zu groß oder zu viele Anlagen"),
         "422": problem("Leer, falscher Typ (am Inhalt erkannt) oder unbekanntes Feld")},
        "Anträge", params=[antrag],
        request={"required": True,
                 "content": {"multipart/form-data": {"schema": {
                     "type": "object",
                     "properties": {"datei": {"type": "string", "format": "binary"},
                                    "feld": {"type": "string",
                                             "description": "Kennung des Dateifelds"}},
                     "required": ["datei"]}}}}),
    "/api/v1/antraege/{id}/anlagen/{sha256}": merge(
        op("get", "Eine Anlage herunterladen",
           {"200": binary("*/*", "Der Inhalt"), "400": BAD, "404": NF}, "Anträge",
           params=[antrag, sha]),
        op("delete", "Eine Anlage aus dem Entwurf entfernen",
           {"204": {"description": "Entfernt"}, "400": BAD, "404": NF, "409": CONFLICT},
           "Anträge", params=[antrag, sha])),
    "/api/v1/antraege/{id}/einreichen": op(
        "post", "Den Antrag einreichen: Antwort erst, wenn er dauerhaft gespeichert ist",
        {"201": ok("Eingereicht", "Eingegangen (oder mit demselben Schlüssel schon zuvor)"),
         "400": BAD, "404": NF, "409": CONFLICT,
         "422": fehlerliste("Unvollständig oder ungültig: nichts eingereicht")}, "Anträge",
        params=[antrag,
                {"name": "Idempotency-Key", "in": "header", "required": False,
                 "description": "Derselbe Schlüssel bei einer Wiederholung liefert dieselbe "
                                "Eingangsbestätigung (Kopf Idempotent-Replayed: true).",
                 "schema": {"type": "string", "minLength": 1, "maxLength": 200}}]),
    "/api/v1/antraege/{id}/zurueckziehen": op(
        "post", "Den Antrag zurückziehen, solange er nicht beschieden ist",
        {"200": ok("Antrag"), "400": BAD, "404": NF, "409": CONFLICT}, "Anträge",
        params=[antrag]),
    "/api/v1/antraege/{id}/eingangsbestaetigung.pdf": op(
        "get", "Die Eingangsbestätigung als PDF mit allen übermittelten Angaben",
        {"200": binary("application/pdf", "PDF"), "400": BAD,
         "404": problem("Unbekannt oder noch nicht eingereicht")}, "Anträge", params=[antrag]),
    "/api/v1/antraege/{id}/nachrichten": op(
        "post", "Der Stelle zu einem eingereichten Antrag schreiben",
        {"201": ok("Erstellt", "Gesendet"), "400": BAD, "404": NF, "409": CONFLICT,
         "422": problem("Betreff oder Text fehlt oder ist zu lang")}, "Postfach",
        params=[antrag], request=body("NachrichtNeu", "Betreff und Text")),
    "/api/v1/postfach": op(
        "get", "Das eigene Postfach, neueste zuerst",
        {"200": ok("Postfach"), "400": BAD}, "Postfach",
        params=[q("limit", "1–100 (Vorgabe 50)", {"type": "integer"}),
                q("vor", "nur Nachrichten vor dieser Kennung (naechste_vor)",
                  {"type": "integer"})]),
    "/api/v1/postfach/{id}": op(
        "get", "Eine eigene Nachricht lesen (wird als gelesen markiert)",
        {"200": ok("NachrichtVoll"), "400": BAD, "404": NF}, "Postfach",
        params=[p("id", "Kennung der Nachricht")]),
    "/api/v1/postfach/{id}/anlagen/{sha256}": op(
        "get", "Eine Anlage einer eigenen Nachricht",
        {"200": binary("*/*", "Der Inhalt"), "400": BAD, "404": NF}, "Postfach",
        params=[p("id", "Kennung der Nachricht"), sha]),
    "/api/v1/behoerden/{id}/formulare": merge(
        op("get", "Die Formulare der Behörde und des Landes (Administration der Behörde)",
           {"200": ok("FormularZeileListe"), "400": BAD, "404": NF}, "Formulare",
           params=[p("id", "Kennung der Behörde"), q("leistung", "nur diese Leistung")]),
        op("post", "Eine Formulardefinition hochladen (neue Version; geprüft)",
           {"201": ok("FormularZeile", "Gespeichert"), "400": BAD, "404": NF,
            "413": problem("Definition zu groß"),
            "422": fehlerliste("Ungültige Definition: Fehler mit JSONPath")}, "Formulare",
           params=[p("id", "Kennung der Behörde"),
                   q("veroeffentlichen", "true: sofort veröffentlichen",
                     {"enum": ["true", "false"]})],
           request={"required": True, "content": {"application/json": {"schema": ANY_OBJ}}})),
    "/api/v1/formulare/{id}": op(
        "get", "Eine Formulardefinition zur Vorschau, mit JSON Schema",
        {"200": ok("FormularVoll"), "400": BAD, "404": NF}, "Formulare",
        params=[p("id", "Kennung des Formulars")]),
    "/api/v1/formulare/{id}/veroeffentlichen": op(
        "post", "Ein Formular veröffentlichen: neue Anträge nutzen es",
        {"200": ok("FormularZeile"), "400": BAD, "404": NF,
         "409": problem("Zurückgezogen: als neue Version hochladen")}, "Formulare",
        params=[p("id", "Kennung des Formulars")]),
    "/api/v1/formulare/{id}/zurueckziehen": op(
        "post", "Ein Formular zurückziehen (begonnene Anträge behalten es)",
        {"200": ok("FormularZeile"), "400": BAD, "404": NF}, "Formulare",
        params=[p("id", "Kennung des Formulars")]),
    "/api/v1/zustellung/eingaenge": op(
        "get", "Neue, noch nicht quittierte Anträge der eigenen Behörde(n) (Fachverfahren)",
        {"200": ok("EingangListe"), "400": BAD, "404": NF}, "Zustellung",
        params=[q("behoerde", "nur diese Behörde", {"type": "integer"}),
                q("nach", "nur Anträge mit größerer Kennung (naechste_nach)",
                  {"type": "integer"}),
                q("limit", "1–100 (Vorgabe 50)", {"type": "integer"})],
        desc="Wie FIT-Connect: abholen, Daten und Anlagen laden, quittieren. Nicht quittierte "
             "Anträge bleiben in der Liste."),
    "/api/v1/zustellung/eingaenge/{id}": op(
        "get", "Ein eingereichter Antrag mit Daten (gültig gegen das Schema des Formulars)",
        {"200": ok("EingangVoll"), "400": BAD, "404": NF}, "Zustellung", params=[antrag]),
    "/api/v1/zustellung/eingaenge/{id}/anlagen/{sha256}": op(
        "get", "Eine eingereichte Anlage",
        {"200": binary("*/*", "Der Inhalt"), "400": BAD, "404": NF}, "Zustellung",
        params=[antrag, sha]),
    "/api/v1/zustellung/eingaenge/{id}/quittung": op(
        "post", "Den Empfang quittieren (danach nicht mehr in der Liste)",
        {"200": ok("ZustellungQuittung"), "400": BAD, "404": NF}, "Zustellung", params=[antrag]),
    "/api/v1/zustellung/eingaenge/{id}/status": op(
        "post", "Status setzen und optional eine Nachricht oder den Bescheid ins Postfach senden",
        {"200": ok("StatusGesetzt"), "400": BAD, "404": NF, "409": CONFLICT,
         "422": problem("Ungültiger Status oder Text")}, "Zustellung", params=[antrag],
        request=body("StatusNeu", "Status, Bemerkung, Nachricht")),
    "/api/v1/zustellung/eingaenge/{id}/nachrichten": merge(op(
        "get", "Die Nachrichten zu einem eingereichten Antrag, in beide Richtungen, mit Anlagen",
        {"200": ok("NachrichtVollListe"), "400": BAD, "404": NF}, "Zustellung", params=[antrag],
        desc="Auch die Antworten der antragstellenden Person mit ihren Anlagen; die Anlagen "
             "lädt /api/v1/zustellung/eingaenge/{id}/anlagen/{sha256}."), op(
        "post", "Eine Nachricht mit Anlagen (z. B. den Bescheid als PDF) ins Postfach senden",
        {"201": ok("Erstellt", "Gesendet"), "400": BAD, "404": NF,
         "409": problem("Antrag ohne Konto: kein Postfach"),
         "413": problem("Zu groß oder zu viele Dateien"),
         "422": problem("Ungültige Art, Text oder Datei (Typ am Inhalt erkannt)")}, "Zustellung",
        params=[antrag],
        request={"required": True,
                 "content": {"multipart/form-data": {"schema": {
                     "type": "object",
                     "properties": {"art": {"enum": ["nachricht", "rueckfrage", "bescheid"]},
                                    "betreff": {"type": "string", "maxLength": 200},
                                    "text": {"type": "string", "maxLength": 20000},
                                    "datei": {"type": "array", "maxItems": 10,
                                              "items": {"type": "string", "format": "binary"}}},
                     "required": ["betreff", "text"]}}}})),
    "/api/v1/postfach/{id}/antwort": op(
        "post", "Auf eine eigene Nachricht antworten, mit Anlagen (an die zuständige Stelle)",
        {"201": ok("Erstellt", "Gesendet"), "400": BAD, "404": NF,
         "409": problem("Der Antrag ist noch nicht eingereicht"),
         "413": problem("Eine Datei größer als 5 MB oder mehr als 10 Dateien"),
         "422": problem("Text fehlt oder ist zu lang, oder eine Datei ist kein PDF, JPEG oder "
                        "PNG (am Inhalt erkannt)")}, "Postfach",
        params=[p("id", "Kennung der Nachricht, auf die geantwortet wird")],
        desc="Ohne Betreff lautet er „Antwort: “ und der Betreff der Nachricht. Wie bei Anlagen "
             "eines Antrags wird der Typ jeder Datei an ihrem Inhalt erkannt.",
        request={"required": True,
                 "content": {"multipart/form-data": {"schema": {
                     "type": "object",
                     "properties": {"betreff": {"type": "string", "maxLength": 200},
                                    "text": {"type": "string", "maxLength": 20000},
                                    "datei": {"type": "array", "maxItems": 10,
                                              "items": {"type": "string", "format": "binary"}}},
                     "required": ["text"]}}}}),
}
