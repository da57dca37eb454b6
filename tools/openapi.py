#!/usr/bin/env python3
"""Writes src/api/openapi.json, the OpenAPI 3.1 document of the API.

The document is generated from the tables below so that schemas stay consistent; the output
is committed and embedded in the binary. Run: python3 tools/openapi.py > src/api/openapi.json
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

S = lambda: {"type": ["string", "null"]}
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}


def obj(props, required=None):
    return {"type": "object", "properties": props, "required": required or list(props)}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def lst(item):
    return obj({"items": {"type": "array", "items": item}, "next_cursor": S()})


schemas = {
    "Problem": {
        "type": "object",
        "properties": {"type": STR, "title": STR, "status": INT, "detail": STR, "parameter": STR},
        "required": ["type", "title", "status"],
    },
    "Regierungsbezirk": obj({"ags": STR, "name": STR, "sitz": S(), "einwohner": INT,
                             "anzahl_kreise": INT, "anzahl_gemeinden": INT}),
    "Kreis": obj({"ags": STR, "name": STR, "typ": STR, "verwaltungssitz": S(),
                  "regierungsbezirk_ags": STR, "regierungsbezirk": STR, "region": S(),
                  "einwohner": INT, "anzahl_gemeinden": INT, "flaeche_km2": NUM}),
    "Gemeinde": obj({"ags": {"type": "string", "pattern": "^[0-9]{8}$"}, "ars": STR, "name": STR,
                     "name_kurz": STR, "typ": S(), "plz": S(), "kreis_ags": STR, "kreis": STR,
                     "regierungsbezirk_ags": STR, "regierungsbezirk": STR, "verband_ars": S(),
                     "verband": S(), "einwohner": INT, "flaeche_km2": NUM}),
    "Onlinedienst": obj({"name": STR, "url": STR, "reifegrad": {"type": "integer", "minimum": 0,
                                                                 "maximum": 4}, "seit": S()}),
    "Stelle": obj({"organisationseinheit_id": INT, "organisationseinheit": STR, "behoerde_id": INT,
                   "behoerde": STR, "gebiet_ags": STR, "strasse": S(), "plz": S(), "ort": S(),
                   "telefon": S(), "email": S(), "webseite": S(),
                   "oeffnungszeiten": {"type": "array", "items": STR},
                   "onlinedienst": {"oneOf": [ref("Onlinedienst"), {"type": "null"}]},
                   "demo": BOOL}),
    "Leistung": {
        "type": "object",
        "properties": {"id": STR, "leika": S(), "name": STR, "ozg_id": {"type": ["integer", "null"]},
                       "ozg_leistung": S(), "themenfeld": S(), "lebenslage": S(), "ebene": S(),
                       "kurztext": S(), "demo": BOOL, "score": INT,
                       "zustaendig": {"type": "array", "items": ref("Stelle")}},
        "required": ["id", "leika", "name", "ozg_id", "ozg_leistung", "kurztext", "demo"],
    },
    "LeistungVoll": {
        "type": "object",
        "properties": {"id": STR, "leika": S(), "name": STR, "ozg_id": {"type": ["integer", "null"]},
                       "ozg_leistung": S(), "themenfeld": S(), "lebenslage": S(), "ebene": S(),
                       "kurztext": S(), "demo": BOOL, "typisierung": S(), "volltext": S(),
                       "berechtigte": S(), "unterlagen": {"type": "array", "items": STR},
                       "kosten": S(), "bearbeitungsdauer": S(), "fristen": S(),
                       "rechtsgrundlage": S(), "rechtsgrundlagen": {"type": "array", "items": STR},
                       "zustaendig": {"type": "array", "items": ref("Stelle")},
                       "ort": ref("Gemeinde")},
        "required": ["id", "name", "kurztext", "berechtigte", "unterlagen", "kosten",
                     "bearbeitungsdauer", "rechtsgrundlagen"],
    },
    "Organisationseinheit": obj({"id": INT, "name": STR, "strasse": S(), "plz": S(), "ort": S(),
                                 "telefon": S(), "email": S(),
                                 "oeffnungszeiten": {"type": "array", "items": STR}}),
    "Behoerde": obj({"id": INT, "name": STR, "art": STR, "gemeinde_ags": S(), "kreis_ags": S(),
                     "strasse": S(), "plz": S(), "ort": S(), "telefon": S(), "email": S(),
                     "webseite": S(), "demo": BOOL,
                     "organisationseinheiten": {"type": "array",
                                                "items": ref("Organisationseinheit")}}),
}

schemas["RegierungsbezirkListe"] = lst(ref("Regierungsbezirk"))
schemas["KreisListe"] = lst(ref("Kreis"))
schemas["GemeindeListe"] = lst(ref("Gemeinde"))
schemas["BehoerdeListe"] = lst(ref("Behoerde"))
schemas["LeistungListe"] = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": ref("Leistung")}, "next_cursor": S(),
                   "ort": ref("Gemeinde"), "korrigiert": STR},
    "required": ["items", "next_cursor"],
}
schemas["ZustaendigkeitListe"] = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": ref("Stelle")}, "next_cursor": S(),
                   "ort": ref("Gemeinde"), "leistung": ref("Leistung")},
    "required": ["items", "next_cursor", "ort", "leistung"],
}


def problem(desc):
    return {"description": desc,
            "content": {"application/problem+json": {"schema": ref("Problem")}}}


def ok(schema, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}


def q(name, desc, required=False, schema=None):
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": schema or STR}


def p(name, desc, schema=None):
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": schema or STR}


limit = q("limit", "Einträge pro Seite (1–100)", schema={"type": "integer", "minimum": 1,
                                                          "maximum": 100})
cursor = q("cursor", "next_cursor der vorigen Seite")
errors = {"400": problem("Ungültiger Parameter"), "405": problem("Methode nicht erlaubt")}


def op(summary, params, responses, tag):
    r = dict(responses)
    r.update(errors)
    return {"get": {"summary": summary, "tags": [tag], "parameters": params, "responses": r}}


paths = {
    "/healthz": {"get": {"summary": "Lebenszeichen: 200 nur solange die Datenbank antwortet",
                         "tags": ["Betrieb"],
                         "responses": {
                             "200": {"description": "OK", "content": {"application/json": {
                                 "schema": obj({"status": {"const": "ok"}})}}},
                             "503": {"description": "Datenbank antwortet nicht",
                                     "content": {"application/json": {
                                         "schema": obj({"status": STR})}}}}}},
    "/metrics": {"get": {"summary": "Metriken im Prometheus-Textformat", "tags": ["Betrieb"],
                         "responses": {"200": {"description": "OK", "content": {
                             "text/plain": {"schema": STR}}}}}},
    "/api/v1/openapi.json": {"get": {"summary": "Dieses Dokument", "tags": ["Betrieb"],
                                     "responses": {"200": {"description": "OK", "content": {
                                         "application/json": {"schema": {"type": "object"}}}}}}},
    "/api/v1/regierungsbezirke": op("Alle Regierungsbezirke", [],
                                    {"200": ok("RegierungsbezirkListe")}, "Gebiete"),
    "/api/v1/regierungsbezirke/{ags}": op("Ein Regierungsbezirk",
                                          [p("ags", "Schlüssel, 3 Ziffern (z. B. 081)")],
                                          {"200": ok("Regierungsbezirk"),
                                           "404": problem("Unbekannt")}, "Gebiete"),
    "/api/v1/kreise": op("Alle Stadt- und Landkreise",
                         [q("regierungsbezirk", "nur Kreise dieses Regierungsbezirks")],
                         {"200": ok("KreisListe")}, "Gebiete"),
    "/api/v1/kreise/{ags}": op("Ein Kreis", [p("ags", "Kreisschlüssel, 5 Ziffern")],
                               {"200": ok("Kreis"), "404": problem("Unbekannt")}, "Gebiete"),
    "/api/v1/gemeinden": op("Gemeinden, seitenweise",
                            [q("q", "Namensanfang"), q("kreis", "Kreisschlüssel (5 Ziffern)"),
                             q("sort", "name, einwohner oder ags; mit - absteigend"), limit,
                             cursor],
                            {"200": ok("GemeindeListe")}, "Gebiete"),
    "/api/v1/gemeinden/{ags}": op("Eine Gemeinde",
                                  [p("ags", "Amtlicher Gemeindeschlüssel, 8 Ziffern")],
                                  {"200": ok("Gemeinde"), "404": problem("Unbekannt")}, "Gebiete"),
    "/api/v1/leistungen": op("Leistungen suchen (gerankt) oder den Katalog blättern",
                             [q("q", "Suchbegriff, 1–200 Zeichen; Tippfehler und Wortformen "
                                     "werden erkannt"),
                              q("ort", "Gemeinde (AGS, PLZ oder Name): Zuständige Stellen dazu"),
                              limit, cursor],
                             {"200": ok("LeistungListe"), "404": problem("Ort unbekannt")},
                             "Leistungen"),
    "/api/v1/leistungen/{id}": op("Eine Leistung mit voller Beschreibung",
                                  [p("id", "LeiKa-Schlüssel oder eigene Kennung"),
                                   q("ort", "Gemeinde (AGS, PLZ oder Name)")],
                                  {"200": ok("LeistungVoll"), "404": problem("Unbekannt")},
                                  "Leistungen"),
    "/api/v1/zustaendigkeiten": op("Zuständige Stellen einer Leistung an einem Ort",
                                   [q("leistung", "Kennung der Leistung", True),
                                    q("ort", "AGS, PLZ oder Name der Gemeinde", True)],
                                   {"200": ok("ZustaendigkeitListe"),
                                    "404": problem("Leistung oder Ort unbekannt")}, "Leistungen"),
    "/api/v1/behoerden": op("Behörden eines Ortes mit ihren Organisationseinheiten",
                            [q("ort", "AGS einer Gemeinde (8) oder eines Kreises (5)", True)],
                            {"200": ok("BehoerdeListe"), "404": problem("Ort unbekannt")},
                            "Behörden"),
    "/api/v1/behoerden/{id}": op("Eine Behörde", [p("id", "Kennung", {"type": "integer"})],
                                 {"200": ok("Behoerde"), "404": problem("Unbekannt")},
                                 "Behörden"),
}

# The paths of later issues live in their own modules beside this one (tools/openapi_*.py,
# each with `paths`, `schemas` and optionally `security_schemes`), merged in name order.
security_schemes = {}
_here = os.path.dirname(os.path.abspath(__file__))
for name in sorted(f[:-3] for f in os.listdir(_here) if f.startswith("openapi_") and f.endswith(".py")):
    mod = __import__(name)
    paths.update(mod.paths)
    schemas.update(mod.schemas)
    security_schemes.update(getattr(mod, "security_schemes", {}))

doc = {
    "openapi": "3.1.0",
    "info": {"title": "rathaus API", "version": "1.0.0",
             "description": "Die JSON-API von rathaus, der offenen E-Government-Plattform für "
                            "Land und Kommunen. Listen liefern {items, next_cursor}; Fehler sind "
                            "application/problem+json (RFC 9457) mit deutschem Titel."},
    "servers": [{"url": "/"}],
    "paths": paths,
    "components": {"schemas": schemas},
}
if security_schemes:
    doc["components"]["securitySchemes"] = security_schemes
print(json.dumps(doc, ensure_ascii=False, indent=1))
