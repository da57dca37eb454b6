"""OpenAPI fragment of the file plan, zdA and retention, Aussonderung (xdomea hand-over), the
export of a whole file and the audit log (issue #6, helper "archiv").

tools/openapi.py merges `paths` and `schemas`; the operations use the security scheme
"bearer" of openapi_konto.py. Self-contained (no imports from openapi.py).
"""

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NINT = {"type": ["integer", "null"]}
WUERDIG = {"type": ["string", "null"], "enum": ["A", "B", "V", None]}
ZIP = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def fehlerliste(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("ArchivProblem")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def q(name, desc, schema=None):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or STR}


def pid(name="id", desc="Kennung"):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "integer", "minimum": 1}}


def body(schema, desc, required=True):
    return {"required": required, "description": desc,
            "content": {"application/json": {"schema": ref(schema)}}}


ERRORS = {
    "400": problem("Ungültiger Parameter oder Inhalt"),
    "401": problem("Kein, ein ungültiges, abgelaufenes oder widerrufenes Token"),
    "403": problem("Token gültig, aber ohne dieses Recht"),
    "404": problem("Unbekannt oder nicht sichtbar (andere Behörde)"),
    "405": problem("Methode nicht erlaubt"),
}
SEC = [{"bearer": []}]


def op(summary, params=None, responses=None, request=None, tag="Archiv"):
    r = dict(ERRORS)
    r.update(responses or {})
    o = {"summary": summary, "tags": [tag], "security": SEC, "parameters": params or [],
         "responses": r}
    if request:
        o["requestBody"] = request
    return o


behoerde = q("behoerde", "Behörde (Vorgabe: die Behörde der ersten Rolle)",
             {"type": "integer", "minimum": 1})
konflikt = problem("Der Zustand lässt das nicht zu")

paths = {
    "/api/v1/aktenplan": {
        "get": op("Aktenplan der Behörde als Baum (mit geerbten Werten und Aktenzahlen)",
                  [behoerde], {"200": ok("AktenplanListe")}, tag="Aktenplan"),
        "post": op("Aktenplan aus CSV importieren (docs/aktenplan.md); nur Behördenadmins",
                   [behoerde],
                   {"200": ok("AktenplanImport"),
                    "400": fehlerliste("Fehlerhafte Datei: DATEI:ZEILE: Grund je Fehler; "
                                       "nichts geändert"),
                    "413": fehlerliste("Zu viele Einträge oder zu groß")},
                   {"required": True, "description": "CSV (UTF-8, Komma, Kopfzeile)",
                    "content": {"text/csv": {"schema": {"type": "string"}}}},
                   tag="Aktenplan"),
    },
    "/api/v1/aktenplan/{id}": {
        "get": op("Ein Eintrag des Aktenplans", [pid()], {"200": ok("AktenplanEintrag")},
                  tag="Aktenplan"),
        "patch": op("Eintrag ändern oder deaktivieren; nur Behördenadmins", [pid()],
                    {"200": ok("AktenplanEintrag")}, body("AktenplanAenderung", "Änderungen"),
                    tag="Aktenplan"),
    },
    "/api/v1/vorgaenge/{id}/zda": {
        "post": op("Vorgang zu den Akten (zdA); schließt die Akte mit dem letzten Vorgang",
                   [pid()], {"200": ok("ZdaErgebnis"),
                             "409": problem("Offene Wiedervorlage oder schon zdA")},
                   body("ZdaBemerkung", "Optionale Bemerkung", required=False)),
    },
    "/api/v1/akten/{id}/zda": {
        "post": op("Akte zu den Akten (zdA): alle Vorgänge müssen zdA sein", [pid()],
                   {"200": ok("ZdaErgebnis"), "409": problem("Ein Vorgang ist noch offen")}),
    },
    "/api/v1/akten/{id}/wiederaufnahme": {
        "post": op("zdA-Akte vor Ablauf der Aufbewahrungsfrist wieder aufnehmen", [pid()],
                   {"200": ok("AkteStatus"), "409": problem("Nicht zdA oder Frist abgelaufen")}),
    },
    "/api/v1/akten/{id}/export": {
        "get": op("Die ganze Akte als ZIP (akte.json, protokoll.json, alle Versionen)",
                  [pid()], {"200": {"description": "ZIP-Archiv", "content": ZIP},
                            "409": problem("Schon ausgesondert"),
                            "413": problem("Zu groß")}),
    },
    "/api/v1/aussonderung/faellig": {
        "get": op("Akten, deren Aufbewahrungsfrist abgelaufen ist (Behördenadmins)",
                  [behoerde], {"200": ok("FaelligListe")}, tag="Aussonderung"),
    },
    "/api/v1/aussonderung/export": {
        "post": op("Abgabe an das Archiv: xdomea-3.0.0-Nachricht 0503 als ZIP (schemageprüft)",
                   [], {"200": {"description": "ZIP mit der Nachricht und den Primärdokumenten",
                                "headers": {"X-Aussonderung-Id": {"schema": STR}},
                                "content": ZIP},
                        "409": konflikt,
                        "413": problem("Zu groß"),
                        "500": fehlerliste("Erzeugte Nachricht nicht schemagültig"),
                        "503": fehlerliste("xdomea-Schema nicht verfügbar")},
                   body("AktenAuswahl", "Akten (Vorgabe: alle fälligen mit A oder B)",
                        required=False), tag="Aussonderung"),
    },
    "/api/v1/aussonderung/loeschen": {
        "post": op("Fällige Akten mit Archivwürdigkeit V vernichten (nach Bestätigung)", [],
                   {"200": ok("LoeschErgebnis"), "409": konflikt},
                   body("LoeschAuswahl", "Bestätigung und Akten (Vorgabe: alle fälligen mit V)"),
                   tag="Aussonderung"),
    },
    "/api/v1/aussonderung": {
        "get": op("Abgaben und Löschungen der Behörde", [behoerde],
                  {"200": ok("AussonderungListe")}, tag="Aussonderung"),
    },
    "/api/v1/aussonderung/{id}": {
        "get": op("Eine Aussonderung mit dem Nachweis der Akten", [pid()],
                  {"200": ok("AussonderungDetail")}, tag="Aussonderung"),
    },
    "/api/v1/aussonderung/{id}/quittung": {
        "post": op("Empfangsbestätigung des Archivs (xdomea 0506/0507 oder JSON); löscht die "
                   "abgegebenen Inhalte", [pid()],
                   {"200": ok("QuittungErgebnis"),
                    "400": fehlerliste("Bestätigung ungültig; nichts gelöscht"),
                    "409": konflikt, "413": fehlerliste("Zu groß"),
                    "503": fehlerliste("xdomea-Schema nicht verfügbar")},
                   {"required": True, "description": "XML-Nachricht oder JSON",
                    "content": {"application/xml": {"schema": {"type": "string"}},
                                "application/json": {"schema": ref("Quittung")}}},
                   tag="Aussonderung"),
    },
    "/api/v1/protokoll": {
        "get": op("Protokoll der Behörde (neueste zuerst) mit Prüfung der Hash-Kette",
                  [behoerde, q("cursor", "Fortsetzung"), q("aktion", "nur diese Aktion"),
                   q("von", "ab Zeitpunkt (Unix-Sekunden)", {"type": "integer"}),
                   q("bis", "bis Zeitpunkt (Unix-Sekunden)", {"type": "integer"}),
                   q("limit", "1–200", {"type": "integer", "minimum": 1, "maximum": 200})],
                  {"200": ok("ProtokollSeite")}, tag="Protokoll"),
    },
}

eintrag = obj({
    "id": INT, "behoerde_id": INT, "kennzeichen": STR, "titel": STR, "beschreibung": S(),
    "eltern_id": NINT, "aufbewahrung_jahre": NINT, "tiefe": INT,
    "archivwuerdigkeit": WUERDIG, "is_aktiv": BOOL, "is_demo": BOOL, "n_akten": INT,
    "n_akten_gesamt": INT, "erstellt": INT, "geaendert": INT, "is_geerbt_jahre": BOOL,
    "is_geerbt_wuerdigkeit": BOOL, "effektiv_aufbewahrung_jahre": INT,
    "effektiv_archivwuerdigkeit": WUERDIG})

faellig = obj({
    "akte_id": INT, "aktenzeichen": STR, "titel": STR, "status": STR, "zda_zeitpunkt": NINT,
    "aufbewahrung_bis": S(), "n_vorgaenge": INT, "n_dokumente": INT,
    "aufbewahrung_jahre": INT, "archivwuerdigkeit": WUERDIG, "aktenplan_kennzeichen": S(),
    "aktenplan_titel": S(), "in_abgabe": BOOL})

aussonderung = obj({
    "id": INT, "behoerde_id": INT, "art": {"enum": ["abgabe", "loeschung"]},
    "status": {"enum": ["exportiert", "quittiert", "geloescht"]}, "nachricht_kennung": S(),
    "sha256": S(), "erstellt": INT, "quittiert": NINT})

objekt = obj({
    "akte_id": INT, "aktenzeichen": STR, "titel": STR, "zda_zeitpunkt": NINT,
    "aufbewahrung_bis": S(), "archivwuerdigkeit": S(), "n_vorgaenge": INT,
    "n_dokumente": INT})

detail = dict(aussonderung)
detail["properties"] = dict(aussonderung["properties"])
detail["properties"]["akten"] = {"type": "array", "items": objekt}
detail["required"] = list(detail["properties"])

pruefung = obj({"ok": BOOL, "kette": INT, "eintraege": INT, "bruch_folge": INT,
                "bruch_id": NINT}, ["ok", "kette", "eintraege"])

eintrag_prot = obj({
    "id": INT, "folge": INT, "zeitpunkt": INT, "aktion": STR, "konto_id": NINT,
    "objekt_typ": S(), "objekt_id": S(), "detail": STR, "hash": STR})

schemas = {
    "AktenplanEintrag": eintrag,
    "AktenplanListe": obj({"items": {"type": "array", "items": ref("AktenplanEintrag")},
                           "next_cursor": S(), "behoerde_id": INT}),
    "AktenplanImport": obj({"behoerde_id": INT, "neu": INT, "geaendert": INT,
                            "unveraendert": INT}),
    "AktenplanAenderung": {"type": "object", "additionalProperties": False, "properties": {
        "titel": STR, "beschreibung": S(), "aufbewahrung_jahre": NINT,
        "archivwuerdigkeit": WUERDIG, "is_aktiv": BOOL}},
    "ArchivProblem": obj({"type": STR, "title": STR, "status": INT, "detail": STR,
                          "fehler": {"type": "array", "items": STR}}),
    "ZdaBemerkung": {"type": "object", "properties": {"bemerkung": S()}},
    "ZdaErgebnis": obj({"akte_id": INT, "akte_zda": BOOL, "aufbewahrung_bis": S()}),
    "AkteStatus": obj({"akte_id": INT, "status": STR}),
    "FaelligListe": obj({"items": {"type": "array", "items": faellig}, "next_cursor": S(),
                         "behoerde_id": INT}),
    "AktenAuswahl": {"type": "object", "properties": {
        "akten": {"type": "array", "items": INT, "maxItems": 500},
        "behoerde_id": INT}},
    "LoeschAuswahl": {"type": "object", "required": ["bestaetigung"], "properties": {
        "bestaetigung": BOOL, "akten": {"type": "array", "items": INT, "maxItems": 500},
        "behoerde_id": INT}},
    "LoeschErgebnis": obj({"id": INT, "art": STR, "status": STR, "akten": INT}),
    "Aussonderung": aussonderung,
    "AussonderungListe": obj({"items": {"type": "array", "items": ref("Aussonderung")},
                              "next_cursor": S()}),
    "AussonderungDetail": detail,
    "Quittung": obj({"nachricht_kennung": STR}),
    "QuittungErgebnis": obj({"id": INT, "status": STR, "akten_ausgesondert": INT}),
    "ProtokollSeite": obj({"items": {"type": "array", "items": eintrag_prot},
                           "next_cursor": S(), "pruefung": pruefung}),
}
