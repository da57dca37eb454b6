// matrix.test.mjs — the separation promise as a table: every API route and every page × every
// role × own / other tenant → the expected answer, asserted over real HTTP against the real
// binary (on SQLite, or on PostgreSQL with RATHAUS_TEST_DB=pg).
//
// Reading the table: one row per route and tenant case; the columns are the callers —
// `anonym` (no token / no session), then one account per role: buerger, sachbearbeitung and
// behoerdenadmin of authority A, koordination of Kreis 08115, ministerium, betrieb.
//   'ok'  2xx            401  not logged in (API)     303  sent to the login page
//   403   no right        404  not found: another tenant's or another account's object
// `tenant`: '-' (no tenant), 'own' (authority A / the caller's own object) or 'other'
// (authority B / another account's object). API rows call with the role's API token; page
// rows with a logged-in session (TOTP for staff). Page forms (POST) are checked without a
// CSRF token: every caller gets 403 and nothing changes; what they do with one is tested in
// konto.test.mjs and the browser tests.
//
// The test reads every route table in src/ and fails when a route has no row here: adding a
// route means deciding who may call it. Rows of a later face live beside this file in
// tests/api/matrix/*.mjs: each exports ROWS (same columns) and may export
// `prepare(ctx, method, route, tenant, role)` that returns { path, body } for its own routes
// (ctx: srv, client, A, B, acc, fresh, makeAccount) or undefined to use the generic rules.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { connect } from './lib/client.mjs';
import { REPO, startServer } from './lib/server.mjs';
import { login, makeAccount, zweiBehoerden } from './konto-helfer.mjs';

const EXTENSION_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'matrix');
const EXTENSIONS = [];
for (const f of fs.readdirSync(EXTENSION_DIR).filter((x) => x.endsWith('.mjs')).sort()) {
  EXTENSIONS.push(await import(pathToFileURL(path.join(EXTENSION_DIR, f)).href));
}

const ROLES = ['anonym', 'buerger', 'sachbearbeitung', 'behoerdenadmin', 'koordination', 'ministerium', 'betrieb'];

// prettier-ignore
const MATRIX = [
  // method  route                                              tenant   anonym buerger sb     admin  koord  min    betrieb
  // --- the caller's own account (API) ---
  ['GET',    '/api/v1/konto',                                     '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['DELETE', '/api/v1/konto',                                     '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/konto/export',                              '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/konto/sitzungen',                           '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['DELETE', '/api/v1/konto/sitzungen/{id}',                      'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/tokens',                                    '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['POST',   '/api/v1/tokens',                                    '-',     401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['DELETE', '/api/v1/tokens/{id}',                               'own',   401,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['DELETE', '/api/v1/tokens/{id}',                               'other', 401,   404,    404,   404,   404,   404,   404],
  // --- staff of an authority: its admins only ---
  ['GET',    '/api/v1/behoerden/{id}/mitarbeitende',              'own',   401,   404,    403,   'ok',  404,   404,   404],
  ['GET',    '/api/v1/behoerden/{id}/mitarbeitende',              'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/behoerden/{id}/mitarbeitende',              'own',   401,   404,    403,   'ok',  404,   404,   404],
  ['POST',   '/api/v1/behoerden/{id}/mitarbeitende',              'other', 401,   404,    404,   404,   404,   404,   404],
  ['DELETE', '/api/v1/behoerden/{id}/mitarbeitende/{konto_id}',   'own',   401,   404,    403,   'ok',  404,   404,   404],
  ['DELETE', '/api/v1/behoerden/{id}/mitarbeitende/{konto_id}',   'other', 401,   404,    404,   404,   404,   404,   404],
  // --- public data (API): the same for everyone ---
  ['GET',    '/healthz',                                          '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/metrics',                                          '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/openapi.json',                              '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/regierungsbezirke',                         '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/regierungsbezirke/{ags}',                   '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/kreise',                                    '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/kreise/{ags}',                              '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/gemeinden',                                 '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/gemeinden/{ags}',                           '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/leistungen',                                '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/leistungen/{id}',                           '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/zustaendigkeiten',                          '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/behoerden',                                 '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/api/v1/behoerden/{id}',                            '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  // --- account pages ---
  ['GET',    '/konto',                                            '-',     303,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/registrieren',                               '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/anmelden',                                   '-',     'ok',  303,    303,   303,   303,   303,   303],
  ['GET',    '/konto/anmelden/code',                              '-',     303,   303,    303,   303,   303,   303,   303],
  ['GET',    '/konto/bestaetigen',                                '-',     404,   404,    404,   404,   404,   404,   404],
  ['GET',    '/konto/passwort-vergessen',                         '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/passwort-neu',                               '-',     404,   404,    404,   404,   404,   404,   404],
  ['GET',    '/konto/einladung',                                  '-',     404,   404,    404,   404,   404,   404,   404],
  ['GET',    '/konto/sitzungen',                                  '-',     303,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/export',                                     '-',     303,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/loeschen',                                   '-',     303,   'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/konto/behoerden/{id}/mitarbeitende',               'own',   303,   404,    403,   'ok',  404,   404,   404],
  ['GET',    '/konto/behoerden/{id}/mitarbeitende',               'other', 303,   404,    404,   404,   404,   404,   404],
  ['GET',    '/konto/oidc/start',                                 '-',     404,   404,    404,   404,   404,   404,   404], // no provider configured here
  ['GET',    '/konto/oidc/rueckruf',                              '-',     404,   404,    404,   404,   404,   404,   404],
  // --- account forms without a CSRF token: refused for everyone ---
  ['POST',   '/konto/registrieren',                               '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/bestaetigen',                                '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/anmelden',                                   '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/anmelden/code',                              '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/abmelden',                                   '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/passwort-vergessen',                         '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/passwort-neu',                               '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/email',                                      '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/passwort',                                   '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/sitzungen/{id}/beenden',                     '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/loeschen',                                   '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/einladung',                                  '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/behoerden/{id}/mitarbeitende',               'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/konto/behoerden/{id}/mitarbeitende/{konto_id}/entfernen', 'own', 403, 403, 403,  403,   403,   403,   403],
  // --- public pages ---
  ['GET',    '/',                                                 '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/leistungen',                                       '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/leistungen/{id}',                                  '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/regierungsbezirke',                                '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/regierungsbezirke/{ags}',                          '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/kreise/{ags}',                                     '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/gemeinden/{ags}',                                  '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  ['GET',    '/behoerden/{id}',                                   '-',     'ok',  'ok',   'ok',  'ok',  'ok',  'ok',  'ok'],
  // --- applications (API): citizens their own; staff of the responsible authority only through
  //     the delivery API; coordination and ministry never. 'none' rows use an id that does not
  //     exist; a POST/PUT with an empty JSON object is refused as bad input where the caller may
  //     call the route at all ---
  ['GET',    '/api/v1/leistungen/{id}/formular',                    '-',      'ok' , 'ok' , 'ok' , 'ok' , 'ok' , 'ok' , 'ok'],
  ['GET',    '/api/v1/antraege',                                    '-',      401  , 'ok' , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/api/v1/antraege',                                    '-',      401  , 400  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/api/v1/antraege/{id}',                               'own',    401  , 'ok' , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/antraege/{id}',                               'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['PUT',    '/api/v1/antraege/{id}/daten',                         'own',    401  , 'ok' , 404  , 404  , 404  , 404  , 404],
  ['PUT',    '/api/v1/antraege/{id}/daten',                         'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/antraege/{id}/anlagen',                       'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/antraege/{id}/anlagen/{sha256}',              'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['DELETE', '/api/v1/antraege/{id}/anlagen/{sha256}',              'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/antraege/{id}/einreichen',                    'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/antraege/{id}/zurueckziehen',                 'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/antraege/{id}/eingangsbestaetigung.pdf',      'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/antraege/{id}/nachrichten',                   'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/postfach',                                    '-',      401  , 'ok' , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/api/v1/postfach/{id}',                               'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/postfach/{id}/anlagen/{sha256}',              'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/behoerden/{id}/formulare',                    'own',    401  , 404  , 403  , 'ok' , 404  , 404  , 404],
  ['GET',    '/api/v1/behoerden/{id}/formulare',                    'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/behoerden/{id}/formulare',                    'own',    401  , 404  , 403  , 422  , 404  , 404  , 404],
  ['POST',   '/api/v1/behoerden/{id}/formulare',                    'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/formulare/{id}',                              'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/formulare/{id}/veroeffentlichen',             'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/formulare/{id}/zurueckziehen',                'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/zustellung/eingaenge',                        '-',      401  , 403  , 'ok' , 403  , 403  , 403  , 403],
  ['GET',    '/api/v1/zustellung/eingaenge/{id}',                   'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/zustellung/eingaenge/{id}/anlagen/{sha256}',  'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/zustellung/eingaenge/{id}/quittung',          'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/zustellung/eingaenge/{id}/status',            'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/zustellung/eingaenge/{id}/nachrichten',       'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  // --- coordination (API): figures for koordination and ministerium; support requests, knowledge
  //     and events for municipal staff too; never a citizen ---
  ['GET',    '/api/v1/umsetzung',                                   '-',      401  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['POST',   '/api/v1/umsetzung/meldungen',                         '-',      401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/lagebild',                                    '-',      401  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/api/v1/anfragen',                                    '-',      401  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['POST',   '/api/v1/anfragen',                                    '-',      401  , 403  , 400  , 400  , 403  , 403  , 403],
  ['GET',    '/api/v1/anfragen/{id}',                               'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['PATCH',  '/api/v1/anfragen/{id}',                               'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/anfragen/{id}/antworten',                     'none',   401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['POST',   '/api/v1/anfragen/{id}/anlagen',                       'none',   401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/anfragen/{id}/anlagen/{anlage_id}',           'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/anfragen/{id}/artikel',                       'none',   401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/artikel',                                     '-',      401  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['POST',   '/api/v1/artikel',                                     '-',      401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/artikel/{id}',                                'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['PUT',    '/api/v1/artikel/{id}',                                'none',   401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/termine',                                     '-',      401  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['POST',   '/api/v1/termine',                                     '-',      401  , 400  , 400  , 400  , 400  , 400  , 400],
  ['GET',    '/api/v1/termine/{id}',                                'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/termine/{id}/anmeldungen',                    'none',   401  , 403  , 404  , 404  , 404  , 404  , 403],
  ['DELETE', '/api/v1/termine/{id}/anmeldungen',                    'none',   401  , 403  , 404  , 404  , 404  , 404  , 403],
  ['POST',   '/api/v1/termine/{id}/absage',                         'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/berichte',                                    '-',      401  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/api/v1/foerderprogramm',                             '-',      401  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['POST',   '/api/v1/foerderprogramm/ausgaben',                    '-',      401  , 400  , 400  , 400  , 400  , 400  , 400],
  // --- coordination pages ---
  ['GET',    '/koordination',                                       '-',      303  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/koordination/karte.svg',                             '-',      303  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/koordination/diagramm/{name}',                       '-',      303  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/koordination/gemeinden/{ags}',                       '-',      303  , 403  , 403  , 403  , 'ok' , 'ok' , 403],
  ['GET',    '/koordination/anfragen',                              '-',      303  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['POST',   '/koordination/anfragen',                              '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/koordination/anfragen/neu',                          '-',      303  , 403  , 'ok' , 'ok' , 403  , 403  , 403],
  ['GET',    '/koordination/anfragen/{id}',                         'none',   303  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/koordination/anfragen/{id}/antworten',               'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/koordination/anfragen/{id}/status',                  'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/koordination/wissen',                                '-',      303  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['POST',   '/koordination/wissen',                                '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/koordination/wissen/neu',                            '-',      303  , 403  , 403  , 403  , 'ok' , 403  , 403],
  ['GET',    '/koordination/wissen/{id}',                           'none',   303  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/koordination/termine',                               '-',      303  , 403  , 'ok' , 'ok' , 'ok' , 'ok' , 403],
  ['GET',    '/koordination/termine/{id}',                          'none',   303  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/koordination/termine/{id}/anmeldung',                'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/koordination/termine/{id}/abmeldung',                'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  // --- application pages (forms without a CSRF token are refused for everyone) ---
  ['GET',    '/antrag/neu',                                         '-',      'ok' , 'ok' , 'ok' , 'ok' , 'ok' , 'ok' , 'ok'],
  ['POST',   '/antrag/neu',                                         '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/antraege',                                           '-',      303  , 'ok' , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/postfach',                                           '-',      303  , 'ok' , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/postfach/{id}',                                      'none',   303  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/postfach/{id}/anlagen/{sha256}',                     'none',   404  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/antrag/{id}',                                        'own',    401  , 'ok' , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/antrag/{id}',                                        'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/antrag/{id}/pruefen',                                'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/antrag/{id}/einreichen',                             'other',  403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/antrag/{id}/zurueckziehen',                          'other',  403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/antrag/{id}/eingangsbestaetigung.pdf',               'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/antrag/{id}/schritt/{n}',                            'own',    401  , 'ok' , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/antrag/{id}/schritt/{n}',                            'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/antrag/{id}/schritt/{n}',                            'other',  403  , 403  , 403  , 403  , 403  , 403  , 403],
];
for (const ext of EXTENSIONS) MATRIX.push(...ext.ROWS);

/** Every (method, pattern) of every route table in src/ (`{"GET", "/path", fn, FLAGS}`). */
function routesInSource() {
  const out = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.c')) {
        const text = fs.readFileSync(p, 'utf8');
        if (!/const struct route \w+\[\]/.test(text)) continue;
        for (const m of text.matchAll(/\{\s*"(GET|POST|PUT|DELETE|PATCH|HEAD)",\s*"([^"]+)",/g)) out.add(`${m[1]} ${m[2]}`);
      }
    }
  };
  walk(path.join(REPO, 'src'));
  return out;
}

let srv, client, A, B, antragOwn, antragOther;
const acc = {}; // role → account (shared, for rows that change nothing lasting)
const pages = {}; // role → logged-in Browser
let n = 0;

function fresh(role) {
  n++;
  const spec = {
    buerger: { rolle: 'buerger' },
    sachbearbeitung: { rolle: 'sachbearbeitung', behoerde: A },
    behoerdenadmin: { rolle: 'behoerdenadmin', behoerde: A },
    koordination: { rolle: 'koordination', kreis: '08115' },
    ministerium: { rolle: 'ministerium' },
    betrieb: { rolle: 'betrieb' },
  }[role];
  return makeAccount(srv.dsn, { email: `m${n}-${role}@matrix.example`, ...spec });
}

before(async () => {
  srv = await startServer({ label: 'matrix' });
  client = await connect(srv);
  [A, B] = await zweiBehoerden(client);
  for (const role of ROLES.slice(1)) acc[role] = fresh(role);
  // authority B has an admin and a clerk too: its data exists
  acc.adminB = makeAccount(srv.dsn, { email: 'admin-b@matrix.example', rolle: 'behoerdenadmin', behoerde: B });
  acc.sbB = makeAccount(srv.dsn, { email: 'sb-b@matrix.example', rolle: 'sachbearbeitung', behoerde: B });
  // a second admin of A, so that removing one never removes the last
  acc.admin2 = makeAccount(srv.dsn, { email: 'admin2-a@matrix.example', rolle: 'behoerdenadmin', behoerde: A });
  for (const role of ROLES.slice(1)) pages[role] = await login(client, acc[role]);
  // applications: a draft of the citizen (own) and one of another citizen (other)
  acc.buergerB = makeAccount(srv.dsn, { email: 'buerger-b@matrix.example', rolle: 'buerger' });
  antragOwn = await draft(acc.buerger);
  antragOther = await draft(acc.buergerB);
});

// A form for the dog registration is published by authority A's admin once; drafts need one.
let formPublished = false;
async function draft(who) {
  if (!formPublished) {
    // the authority responsible for dogs in Böblingen publishes its form
    const z = await client.json('/api/v1/zustaendigkeiten?leistung=99110009104000&ort=08115003');
    const zustaendig = z.items[0].behoerde_id;
    const admin = makeAccount(srv.dsn, { email: 'formular-admin@matrix.example', rolle: 'behoerdenadmin', behoerde: zustaendig });
    const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
    const r = await client.request('POST', `/api/v1/behoerden/${zustaendig}/formulare?veroeffentlichen=true`, {
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: def,
    });
    assert.equal(r.status, 201, `publishing the dog form: ${r.status}`);
    formPublished = true;
  }
  const r = await client.request('POST', '/api/v1/antraege', {
    headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ leistung: '99110009104000', ort: '08115003' }),
  });
  assert.equal(r.status, 201, `a draft: ${r.status}`);
  return r.json.id;
}

after(async () => {
  await srv?.stop();
});

const SAMPLE = {
  '{ags}': { '/api/v1/regierungsbezirke/{ags}': '081', '/regierungsbezirke/{ags}': '081', '/api/v1/kreise/{ags}': '08115', '/kreise/{ags}': '08115' },
};

/** The concrete request for a row: path, body, and the account that makes it. */
async function prepare(method, route, tenant, role) {
  const caller = role === 'anonym' ? null : ['DELETE /api/v1/konto'].includes(`${method} ${route}`) ? fresh(role) : acc[role];
  for (const ext of EXTENSIONS) {
    if (!ext.prepare || !ext.ROWS.some(([m, r]) => m === method && r === route)) continue;
    const got = await ext.prepare({ srv, client, A, B, acc, fresh, makeAccount }, method, route, tenant, role);
    if (got) return { path: got.path, body: got.body, caller };
  }
  let p = route;
  let body;
  const bid = tenant === 'other' ? B : A;
  p = p.replace('{id}/mitarbeitende', `${bid}/mitarbeitende`);
  if (route === '/api/v1/konto/sitzungen/{id}') {
    const s = srv.sql(`SELECT id FROM sitzung WHERE konto_id = ${acc.adminB.id} ORDER BY id DESC LIMIT 1`).trim();
    p = p.replace('{id}', s || '999999999');
  }
  if (route === '/api/v1/tokens/{id}') {
    let tid;
    if (tenant === 'own' && caller) {
      const r = await client.request('POST', '/api/v1/tokens', {
        headers: { Authorization: `Bearer ${caller.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ scope: 'lesen', tage: 1 }),
      });
      assert.equal(r.status, 201);
      tid = r.json.id;
    } else {
      tid = srv.sql(`SELECT id FROM api_token WHERE konto_id = ${acc.adminB.id} ORDER BY id LIMIT 1`).trim();
    }
    p = p.replace('{id}', String(tid));
  }
  if (route.endsWith('{konto_id}')) {
    // remove: own → a fresh clerk of A; other → the clerk of B
    const target = tenant === 'own' ? makeAccount(srv.dsn, { email: `ziel${++n}@matrix.example`, rolle: 'sachbearbeitung', behoerde: A }) : acc.sbB;
    p = p.replace('{konto_id}', String(target.id));
  }
  if (route === '/api/v1/behoerden/{id}/mitarbeitende' && method === 'POST') {
    body = JSON.stringify({ email: `neu${++n}@matrix.example`, rolle: 'sachbearbeitung' });
  }
  if (route === '/api/v1/tokens' && method === 'POST') body = JSON.stringify({ scope: 'lesen', tage: 1 });
  if (route === '/konto/sitzungen/{id}/beenden') p = p.replace('{id}', '1');
  for (const [k, v] of Object.entries(SAMPLE)) if (v[route]) p = p.replace(k, v[route]);
  // applications, mailbox, delivery, forms, coordination objects
  if (/^\/(api\/v1\/antraege|antrag)\/\{id\}/.test(route)) p = p.replace('{id}', String(tenant === 'other' ? antragOther : antragOwn));
  if (route.includes('{id}/formulare')) p = p.replace('{id}/formulare', `${bid}/formulare`);
  if (route === '/api/v1/leistungen/{id}/formular') p = p.replace('{id}', '99110009104000') + '?ort=08115003';
  p = p.replace('{sha256}', '0'.repeat(64)).replace('{n}', '1').replace('{anlage_id}', '999999999');
  if (/^\/(api\/v1\/)?(postfach|formulare|zustellung\/eingaenge|anfragen|artikel|termine)\/\{id\}/.test(route) ||
      /^\/koordination\/(anfragen|wissen|termine)\/\{id\}/.test(route)) p = p.replace('{id}', '999999999');
  if (route === '/koordination/gemeinden/{ags}') p = p.replace('{ags}', '08115003');
  if (route === '/koordination/diagramm/{name}') p = p.replace('{name}', 'themenfelder.svg');
  if (['/api/v1/umsetzung', '/api/v1/lagebild', '/api/v1/berichte'].includes(route)) p += '?kreis=08115';
  if (route === '/antrag/neu' && method === 'GET') p += '?leistung=99110009104000&ort=08115003';
  if (p.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(method) && body === undefined) body = '{}';
  p = p
    .replace('/api/v1/gemeinden/{ags}', '/api/v1/gemeinden/08115003')
    .replace('/gemeinden/{ags}', '/gemeinden/08115003')
    .replace('/api/v1/behoerden/{id}', `/api/v1/behoerden/${A}`)
    .replace('/behoerden/{id}', `/behoerden/${A}`);
  if (p.includes('/leistungen/{id}')) {
    const l = await client.json('/api/v1/leistungen?q=Personalausweis&limit=1');
    p = p.replace('{id}', encodeURIComponent(l.items[0].id));
  }
  if (route === '/api/v1/zustaendigkeiten') {
    const l = await client.json('/api/v1/leistungen?q=Personalausweis&limit=1');
    p = `${p}?leistung=${encodeURIComponent(l.items[0].id)}&ort=08115003`;
  }
  if (route === '/api/v1/behoerden') p += '?ort=08115';
  if (route === '/leistungen') p += '?q=Hund&ort=08115003';
  return { path: p, body, caller };
}

function matches(want, status) {
  return want === 'ok' ? status >= 200 && status < 300 : status === want;
}

test('every route in src/ has a row in the matrix', () => {
  const inMatrix = new Set(MATRIX.map(([m, r]) => `${m} ${r}`));
  const missing = [...routesInSource()].filter((r) => !inMatrix.has(r));
  assert.deepEqual(missing, [], `routes without a row in tests/api/matrix.test.mjs: ${missing.join(', ')}`);
  const stale = [...inMatrix].filter((r) => !routesInSource().has(r));
  assert.deepEqual(stale, [], `rows for routes that do not exist: ${stale.join(', ')}`);
});

describe('authorization matrix', () => {
  for (const [method, route, tenant, ...wants] of MATRIX) {
    test(`${method} ${route} (${tenant})`, async () => {
      const problems = [];
      const observed = [];
      for (let i = 0; i < ROLES.length; i++) {
        const role = ROLES[i];
        const { path: p, body, caller } = await prepare(method, route, tenant, role);
        const isApi = route.startsWith('/api/') || route === '/healthz' || route === '/metrics';
        let res;
        if (isApi) {
          const headers = {};
          if (caller) headers.Authorization = `Bearer ${caller.token}`;
          if (body) headers['Content-Type'] = 'application/json';
          res = await client.request(method, p, { headers, body });
        } else if (role === 'anonym') {
          res = await client.request(method, p, method === 'POST' ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'x=1' } : {});
        } else {
          res = await pages[role].request(method, p, method === 'POST' ? { form: { x: '1' } } : {});
        }
        if (process.env.MATRIX_OBSERVE) observed.push(res.status);
        if (!matches(wants[i], res.status)) problems.push(`${role}: want ${wants[i]}, got ${res.status} (${method} ${p})`);
        if (res.status === 303 && wants[i] === 303 && route !== '/konto/anmelden')
          assert.equal(res.headers.get('location'), '/konto/anmelden', `${role}: ${method} ${p} redirects to the login`);
      }
      if (process.env.MATRIX_OBSERVE) console.log(`OBSERVED ${method} ${route} ${tenant} ${observed.join(' ')}`);
      assert.deepEqual(problems, []);
    });
  }
});

test('forms refused for lack of a CSRF token changed nothing', () => {
  // the matrix sent every form without a token: no account was deleted, no e-mail changed
  for (const role of ROLES.slice(1)) {
    const row = srv.sql(`SELECT status FROM konto WHERE id = ${acc[role].id}`).trim();
    assert.equal(row, 'aktiv', `${role}'s account after the forms`);
  }
  const logouts = srv.sql("SELECT COUNT(*) FROM protokoll WHERE aktion = 'konto_geloescht' AND konto_id IN (" + ROLES.slice(1).map((r) => acc[r].id).join(',') + ')').trim();
  assert.equal(logouts, '0');
});
