"""OpenAPI fragment of the account endpoints (issue #4): konto, sessions, API tokens, staff.

tools/openapi.py merges it: paths.update(openapi_konto.paths), schemas.update(
openapi_konto.schemas) and components["securitySchemes"] = openapi_konto.security_schemes.
Self-contained (no imports from openapi.py) so either file can be read alone.
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


def lst(item):
    return obj({"items": {"type": "array", "items": item}, "next_cursor": S()})


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def p(name, desc):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "integer", "minimum": 1}}


def body(schema, desc):
    return {"required": True, "description": desc,
            "content": {"application/json": {"schema": ref(schema)}}}


security_schemes = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "API-Token (rh_…), mit `rathaus konto token` oder POST "
                              "/api/v1/tokens erstellt. Alternativ die Sitzung des Portals "
                              "(Cookie rathaus_sitzung); ändernde Anfragen brauchen dann den "
                              "CSRF-Token der Seite im Kopf X-CSRF-Token."},
}

# Every authenticated operation can answer these.
AUTH_ERRORS = {
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Token gültig, aber ohne dieses Recht (z. B. Umfang „lesen“)"),
    "405": problem("Methode nicht erlaubt"),
}


def op(method, summary, responses, tag, params=None, request=None, desc=None):
    r = dict(AUTH_ERRORS)
    r.update(responses)
    o = {"summary": summary, "tags": [tag], "security": [{"bearer": []}], "responses": r}
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


NO_CONTENT = {"description": "Erledigt"}

schemas = {
    "Rolle": obj({"rolle": {"enum": ["buerger", "sachbearbeitung", "behoerdenadmin",
                                      "koordination", "ministerium", "betrieb"]},
                  "behoerde_id": NINT, "oe_id": NINT, "kreis_ags": S()}),
    "Konto": obj({"id": INT, "email": STR, "art": {"enum": ["buerger", "personal"]},
                  "status": {"enum": ["unbestaetigt", "aktiv", "gesperrt"]}, "hat_totp": BOOL,
                  "rollen": {"type": "array", "items": ref("Rolle")}, "erstellt": INT}),
    "KontoExport": {
        "type": "object",
        "description": "Alle zum eigenen Konto gespeicherten Daten.",
        "properties": {
            "konto": obj({"id": INT, "email": STR, "art": STR, "status": STR, "erstellt": INT,
                          "geaendert": INT, "hat_passwort": BOOL, "hat_totp": BOOL}),
            "rollen": {"type": "array", "items": ref("Rolle")},
            "sitzungen": {"type": "array", "items": {"type": "object"}},
            "tokens": {"type": "array", "items": {"type": "object"}},
            "protokoll": {"type": "array", "items": {"type": "object"}},
            "nachrichten": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["konto", "rollen", "sitzungen", "tokens", "protokoll", "nachrichten"],
    },
    "Sitzung": obj({"id": INT, "erstellt": INT, "zuletzt": INT, "ablauf": INT,
                    "herkunft": S(), "geraet": S(), "aktuell": BOOL}),
    "ApiToken": obj({"id": INT, "name": STR, "scope": {"enum": ["lesen", "voll"]},
                     "anfang": STR, "erstellt": INT, "ablauf": INT, "widerrufen": NINT,
                     "zuletzt": NINT}),
    "ApiTokenNeu": {
        "allOf": [ref("ApiToken"),
                  obj({"token": {"type": "string", "pattern": "^rh_[A-Za-z0-9_-]{43}$",
                                 "description": "Nur in dieser Antwort sichtbar."}})],
    },
    "ApiTokenAnfrage": {
        "type": "object",
        "properties": {"name": {"type": "string", "maxLength": 100},
                       "scope": {"enum": ["lesen", "voll"]},
                       "tage": {"type": "integer", "minimum": 1, "maximum": 366,
                                "default": 30}},
        "required": ["scope"],
    },
    "Mitarbeiter": obj({"konto_id": INT, "email": STR, "status": STR,
                        "rollen": {"type": "array", "items": ref("Rolle")}}),
    "MitarbeiterEinladung": {
        "type": "object",
        "properties": {"email": {"type": "string", "maxLength": 254},
                       "rolle": {"enum": ["sachbearbeitung", "behoerdenadmin"]},
                       "oe_id": NINT},
        "required": ["email", "rolle"],
    },
    "MitarbeiterEingeladen": obj({"konto_id": INT, "behoerde_id": INT}),
}
schemas["SitzungListe"] = lst(ref("Sitzung"))
schemas["ApiTokenListe"] = lst(ref("ApiToken"))
schemas["MitarbeiterListe"] = lst(ref("Mitarbeiter"))

behoerde = p("id", "Kennung der Behörde")

paths = {
    "/api/v1/konto": merge(
        op("get", "Das eigene Konto mit Rollen und ihrem Geltungsbereich",
           {"200": ok("Konto")}, "Konto"),
        op("delete", "Das eigene Konto löschen",
           {"204": NO_CONTENT}, "Konto",
           desc="Sitzungen, Tokens, Rollen und Nachrichten werden gelöscht; eingereichte "
                "Anträge bleiben bei der Behörde; das Protokoll behält nur die Kontonummer.")),
    "/api/v1/konto/export": op("get", "Alle eigenen Daten als JSON", {"200": ok("KontoExport")},
                               "Konto"),
    "/api/v1/konto/sitzungen": op("get", "Die eigenen Sitzungen", {"200": ok("SitzungListe")},
                                  "Konto"),
    "/api/v1/konto/sitzungen/{id}": op("delete", "Eine eigene Sitzung beenden",
                                       {"204": NO_CONTENT, "400": problem("Ungültige Kennung"),
                                        "404": problem("Keine eigene Sitzung")}, "Konto",
                                       params=[p("id", "Nummer der Sitzung")]),
    "/api/v1/tokens": merge(
        op("get", "Die eigenen API-Tokens (ohne Geheimnis)", {"200": ok("ApiTokenListe")},
           "Konto"),
        op("post", "Ein API-Token erstellen; es wird nur in dieser Antwort gezeigt",
           {"201": ok("ApiTokenNeu", "Erstellt"), "400": problem("Ungültige Angaben")}, "Konto",
           request=body("ApiTokenAnfrage", "Name, Umfang und Gültigkeit"))),
    "/api/v1/tokens/{id}": op("delete", "Ein eigenes API-Token widerrufen",
                              {"204": NO_CONTENT, "400": problem("Ungültige Kennung"),
                               "404": problem("Kein eigenes Token")}, "Konto",
                              params=[p("id", "Kennung des Tokens")]),
    "/api/v1/behoerden/{id}/mitarbeitende": merge(
        op("get", "Mitarbeitende einer Behörde (nur für deren Administration)",
           {"200": ok("MitarbeiterListe"), "400": problem("Ungültige Kennung"),
            "404": problem("Unbekannt oder eine andere Behörde")}, "Behörden",
           params=[behoerde]),
        op("post", "Eine Person in die Behörde einladen (nur für deren Administration)",
           {"201": ok("MitarbeiterEingeladen", "Eingeladen"),
            "400": problem("Ungültige Angaben"),
            "404": problem("Unbekannt oder eine andere Behörde"),
            "409": problem("Rolle schon vorhanden oder Bürgerkonto")}, "Behörden",
           params=[behoerde], request=body("MitarbeiterEinladung", "E-Mail, Rolle, Büro"))),
    "/api/v1/behoerden/{id}/mitarbeitende/{konto_id}": op(
        "delete", "Eine Person aus der Behörde entfernen (nur für deren Administration)",
        {"204": NO_CONTENT, "400": problem("Ungültige Kennung"),
         "404": problem("Unbekannt oder eine andere Behörde"),
         "409": problem("Letzte Administration der Behörde")}, "Behörden",
        params=[behoerde, p("konto_id", "Kennung des Kontos")]),
}
