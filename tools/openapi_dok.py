"""OpenAPI fragment of the E-Akte documents, the Amt full-text search and decisions (issue #6,
helper "dok"): documents with immutable versions, their download, the search over files,
cases, notes and document texts, decision templates, decisions with co-signing, and the
offices' co-signing setting.

tools/openapi.py merges it (paths and schemas); the operations use the security scheme
"bearer" of openapi_konto.py. Self-contained.
"""

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
NINT = {"type": ["integer", "null"]}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def lst(item):
    return obj({"items": {"type": "array", "items": item}, "next_cursor": S()})


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def binary(mt, desc):
    return {"description": desc,
            "content": {mt: {"schema": {"type": "string", "format": "binary"}}}}


def q(name, desc, schema=None, required=False):
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": schema or STR}


def pid(name="id", desc="Kennung"):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "integer", "minimum": 1}}


def body(schema, desc):
    return {"required": True, "description": desc,
            "content": {"application/json": {"schema": ref(schema)}}}


def upload(desc, props):
    p = {"datei": {"type": "string", "format": "binary"}}
    p.update(props)
    return {"required": True, "description": desc,
            "content": {"multipart/form-data": {"schema": {
                "type": "object", "properties": p, "required": ["datei"]}}}}


ERRORS = {
    "400": problem("Ungültiger Parameter oder Inhalt"),
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Token gültig, aber ohne dieses Recht"),
    "404": problem("Unbekannt oder nicht sichtbar (z. B. Vorgang einer anderen Behörde)"),
    "405": problem("Methode nicht erlaubt"),
}
CONFLICT = problem("Im jetzigen Zustand nicht möglich (Endfassung, zdA, versandt, ...)")
INVALID = problem("Ungültige Angabe (Feld in parameter)")
TOO_BIG = problem("Zu groß oder zu viele")

SEC = [{"bearer": []}]


def op(summary, tag, params=None, responses=None, request=None):
    r = dict(ERRORS)
    r.update(responses or {})
    o = {"summary": summary, "tags": [tag], "security": SEC, "parameters": params or [],
         "responses": r}
    if request:
        o["requestBody"] = request
    return o


cursor = q("cursor", "Fortsetzung (next_cursor der vorigen Seite)")
limit = q("limit", "Einträge je Seite", {"type": "integer", "minimum": 1, "maximum": 200})

schemas = {
    "Dokument": obj({
        "id": INT, "vorgang_id": INT, "titel": STR,
        "art": {"enum": ["eingang", "bescheid", "schreiben", "vermerk", "sonstiges"]},
        "version": INT, "final": BOOL, "erstellt": INT, "geaendert": INT,
        "dateiname": S(), "typ": S(), "groesse": NINT, "sha256": S(),
        "text_status": {"enum": ["offen", "fertig", "fehler", "ohne", None]},
    }),
    "DokumentListe": lst(ref("Dokument")),
    "DokumentVersion": obj({
        "dokument_id": INT, "version": INT, "dateiname": STR, "typ": STR, "groesse": INT,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "erstellt": INT,
        "text_status": {"enum": ["offen", "fertig", "fehler", "ohne", None]},
        "text_fehler": S(), "inhalt": STR,
    }),
    "DokumentVersionListe": lst(ref("DokumentVersion")),
    "SuchTreffer": obj({
        "objekt_typ": {"enum": ["akte", "vorgang", "vermerk", "dokument"]},
        "objekt_id": INT, "vorgang_id": NINT, "akte_id": NINT, "titel": STR,
        "ausschnitt": STR, "treffer": {"type": "array", "items": STR}, "rang": NUM,
    }),
    "SuchErgebnis": lst(ref("SuchTreffer")),
    "BescheidVorlage": obj({
        "id": INT, "behoerde_id": INT, "oe_id": NINT, "leistung_id": S(), "name": STR,
        "betreff": STR, "text": STR, "demo": BOOL, "erstellt": INT, "geaendert": INT,
    }),
    "BescheidVorlageListe": lst(ref("BescheidVorlage")),
    "BescheidVorlageEingabe": obj({
        "name": STR, "betreff": STR, "text": STR, "oe_id": NINT, "leistung_id": S(),
        "behoerde_id": INT,
    }, ["name", "betreff", "text"]),
    "Bescheid": obj({
        "id": INT, "vorgang_id": INT, "vorlage_id": NINT, "betreff": STR, "text": STR,
        "status": {"enum": ["entwurf", "mitzeichnung", "versandt", "abgelehnt"]},
        "entworfen_von": INT, "mitgezeichnet_von": NINT, "mitgezeichnet": NINT,
        "dokument_id": NINT, "nachricht_id": NINT, "erstellt": INT, "versandt": NINT,
        "pdf": STR,
    }),
    "BescheidListe": lst(ref("Bescheid")),
    "BescheidEingabe": obj({"text": STR, "betreff": STR, "vorlage": INT}, []),
    "Mitzeichnung": obj({"organisationseinheit_id": INT, "mitzeichnung": BOOL}),
    "MitzeichnungEingabe": obj({"mitzeichnung": BOOL}),
}

T_DOK, T_SUCHE, T_BESCHEID = "E-Akte: Dokumente", "E-Akte: Suche", "E-Akte: Bescheide"

paths = {
    "/api/v1/vorgaenge/{id}/dokumente": {
        "get": op("Die Dokumente eines Vorgangs (älteste zuerst)", T_DOK,
                  [pid(), cursor, limit], {"200": ok("DokumentListe")}),
        "post": op("Ein Dokument hochladen (erste Version); Typ am Inhalt erkannt", T_DOK,
                   [pid()], {"201": ok("Dokument", "Angelegt"), "409": CONFLICT,
                             "413": TOO_BIG, "422": INVALID},
                   upload("multipart/form-data: datei, optional titel und art",
                          {"titel": STR, "art": STR})),
    },
    "/api/v1/dokumente/{id}": {
        "get": op("Ein Dokument mit den Angaben seiner neuesten Version", T_DOK, [pid()],
                  {"200": ok("Dokument")}),
    },
    "/api/v1/dokumente/{id}/versionen": {
        "get": op("Alle Versionen eines Dokuments", T_DOK, [pid()],
                  {"200": ok("DokumentVersionListe")}),
        "post": op("Eine neue Version hochladen (nicht bei Endfassung)", T_DOK, [pid()],
                   {"201": ok("DokumentVersion", "Angelegt"), "409": CONFLICT,
                    "413": TOO_BIG, "422": INVALID},
                   upload("multipart/form-data: datei", {})),
    },
    "/api/v1/dokumente/{id}/versionen/{n}/inhalt": {
        "get": op("Der Inhalt einer Version (wird protokolliert)", T_DOK,
                  [pid(), pid("n", "Versionsnummer")], {"200": binary("*/*", "Der Inhalt")}),
    },
    "/api/v1/dokumente/{id}/final": {
        "post": op("Ein Dokument als Endfassung markieren", T_DOK, [pid()],
                   {"200": ok("Dokument"), "409": CONFLICT}),
    },
    "/api/v1/suche": {
        "get": op("Volltextsuche über Akten, Vorgänge, Vermerke und Dokumenttexte", T_SUCHE,
                  [q("q", "Suchbegriffe (alle müssen vorkommen; auch als Wortanfang)",
                     {"type": "string", "maxLength": 200}, True),
                   cursor, q("limit", "Treffer je Seite",
                             {"type": "integer", "minimum": 1, "maximum": 100})],
                  {"200": ok("SuchErgebnis")}),
    },
    "/api/v1/bescheidvorlagen": {
        "get": op("Die Bescheidvorlagen der eigenen Behörde", T_BESCHEID,
                  [q("behoerde_id", "Behörde (ohne: die eigene)",
                     {"type": "integer", "minimum": 1})],
                  {"200": ok("BescheidVorlageListe")}),
        "post": op("Eine Bescheidvorlage anlegen (Behördenadministration)", T_BESCHEID, [],
                   {"201": ok("BescheidVorlage", "Angelegt"), "409": CONFLICT,
                    "422": INVALID},
                   body("BescheidVorlageEingabe", "Name, Betreff und Text mit Feldern")),
    },
    "/api/v1/bescheidvorlagen/{id}": {
        "get": op("Eine Bescheidvorlage", T_BESCHEID, [pid()], {"200": ok("BescheidVorlage")}),
        "put": op("Eine Bescheidvorlage ändern (Behördenadministration)", T_BESCHEID, [pid()],
                  {"200": ok("BescheidVorlage"), "409": CONFLICT, "422": INVALID},
                  body("BescheidVorlageEingabe", "Name, Betreff und Text mit Feldern")),
    },
    "/api/v1/vorgaenge/{id}/bescheide": {
        "get": op("Die Bescheide eines Vorgangs (neueste zuerst)", T_BESCHEID, [pid()],
                  {"200": ok("BescheidListe")}),
    },
    "/api/v1/vorgaenge/{id}/bescheid": {
        "post": op("Einen Bescheid entwerfen (freier Text oder Vorlage)", T_BESCHEID, [pid()],
                   {"201": ok("Bescheid", "Angelegt"), "409": CONFLICT, "422": INVALID},
                   body("BescheidEingabe",
                        "{\"text\"[, \"betreff\"]} oder {\"vorlage\": ID[, ...]}")),
    },
    "/api/v1/bescheide/{id}": {
        "get": op("Ein Bescheid", T_BESCHEID, [pid()], {"200": ok("Bescheid")}),
    },
    "/api/v1/bescheide/{id}/bescheid.pdf": {
        "get": op("Der Bescheid als PDF (ein Entwurf ist als solcher gekennzeichnet)",
                  T_BESCHEID, [pid()], {"200": binary("application/pdf", "PDF")}),
    },
    "/api/v1/bescheide/{id}/mitzeichnen": {
        "post": op("Mitzeichnen und versenden (nie durch die entwerfende Person)", T_BESCHEID,
                   [pid()], {"200": ok("Bescheid"), "409": CONFLICT}),
    },
    "/api/v1/bescheide/{id}/zurueckweisen": {
        "post": op("Einen Bescheid zur Überarbeitung zurückweisen", T_BESCHEID, [pid()],
                   {"200": ok("Bescheid"), "409": CONFLICT}),
    },
    "/api/v1/bescheide/{id}/versenden": {
        "post": op("Einen Entwurf versenden (ohne Mitzeichnungspflicht)", T_BESCHEID, [pid()],
                   {"200": ok("Bescheid"), "409": CONFLICT}),
    },
    "/api/v1/organisationseinheiten/{id}/mitzeichnung": {
        "put": op("Mitzeichnungspflicht einer Organisationseinheit setzen (Administration)",
                  T_BESCHEID, [pid()], {"200": ok("Mitzeichnung")},
                  body("MitzeichnungEingabe", "{\"mitzeichnung\": true|false}")),
    },
}
