// Rows of the authorization matrix (../matrix.test.mjs) for online applications added with
// issue 5's second round: the citizen's reply with attachments, the messages of a submission
// for the office, and the Amt pages of form definitions (office admins only).
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

import { REPO } from '../lib/server.mjs';

// prettier-ignore
export const ROWS = [
  ['POST',   '/api/v1/postfach/{id}/antwort',                      'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/zustellung/eingaenge/{id}/nachrichten',      'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/amt/formulare',                                     '-',      303  , 403  , 403  , 'ok' , 403  , 403  , 403],
  ['POST',   '/amt/formulare',                                     '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/amt/formulare/{id}',                                'own',    303  , 403  , 403  , 'ok' , 404  , 404  , 404],
  ['GET',    '/amt/formulare/{id}',                                'other',  303  , 403  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/amt/formulare/{id}/veroeffentlichen',               'own',    403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/amt/formulare/{id}/zurueckziehen',                  'own',    403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/postfach/{id}/antwort',                             'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
];

const formulare = {}; // tenant → id of a form definition uploaded by that authority's admin

async function formularVon(ctx, tenant) {
  if (formulare[tenant]) return formulare[tenant];
  const behoerde = tenant === 'other' ? ctx.B : ctx.A;
  const admin = tenant === 'other' ? ctx.acc.adminB : ctx.acc.behoerdenadmin;
  const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
  const r = await ctx.client.request('POST', `/api/v1/behoerden/${behoerde}/formulare`, {
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
    body: def,
  });
  assert.equal(r.status, 201, `uploading a form for the matrix: ${r.status} ${r.text}`);
  formulare[tenant] = r.json.id;
  return r.json.id;
}

export async function prepare(ctx, method, route, tenant) {
  if (route.startsWith('/amt/formulare/{id}')) {
    const id = tenant === 'none' ? 999999999 : await formularVon(ctx, tenant);
    return { path: route.replace('{id}', String(id)) };
  }
  if (route.includes('{id}')) return { path: route.replace('{id}', '999999999'), body: method === 'POST' && route.startsWith('/api/') ? '{}' : undefined };
  return undefined;
}
