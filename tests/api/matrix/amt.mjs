// Rows of the authorization matrix (../matrix.test.mjs) for the Amt core (issue #6): the
// office inbox, files, cases, notes, follow-ups, questions to the applicant — API and pages.
// Only clerks (sachbearbeitung) of the owning authority work here; the authority's admin sees
// the objects exist (403), everyone else gets 404 (other tenants, coordinators, ministry).
// Objects are made through the API by the clerks of A (own) and B (other); write rows get a
// fresh object per call. Two answers are not 2xx for the clerk by design: posting a document
// needs multipart/form-data (the matrix sends JSON → 400), and a question needs a case made
// from an application (the matrix's cases are made by hand → 409).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

// prettier-ignore
export const ROWS = [
  // method  route                                              tenant   anonym buerger sb     admin  koord  min    betrieb
  ['GET',    '/api/v1/posteingang',                              '-',     401,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/api/v1/posteingang',                              '-',     401,   404,    400,   404,   404,   404,   404],
  ['GET',    '/api/v1/posteingang/{id}',                         'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/posteingang/{id}',                         'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/uebernehmen',             'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/uebernehmen',             'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/zuweisen',                'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/zuweisen',                'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/weiterleiten',            'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/posteingang/{id}/weiterleiten',            'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/akten',                                    '-',     401,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/api/v1/akten',                                    '-',     401,   404,    'ok',  404,   404,   404,   404],
  ['GET',    '/api/v1/akten/{id}',                               'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/akten/{id}',                               'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge',                                '-',     401,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge',                                'own',   401,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge',                                'other', 401,   404,    400,   404,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge/{id}',                           'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge/{id}',                           'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/status',                    'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/status',                    'other', 401,   404,    404,   404,   404,   404,   404],
  ['PATCH',  '/api/v1/vorgaenge/{id}/status',                    'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['PATCH',  '/api/v1/vorgaenge/{id}/status',                    'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/vermerke',                  'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/vermerke',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/wiedervorlagen',            'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/wiedervorlagen',            'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/rueckfrage',                'own',   401,   404,    409,   403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/rueckfrage',                'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/wiedervorlagen',                           '-',     401,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/api/v1/wiedervorlagen/{id}/erledigt',             'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/wiedervorlagen/{id}/erledigt',             'other', 401,   404,    404,   404,   404,   404,   404],
  // --- the Amt pages (POST without a CSRF token: 403 for everyone) ---
  ['GET',    '/amt',                                             '-',     303,   404,    'ok',  'ok',   404,   404,   404],
  ['GET',    '/amt/posteingang',                                 '-',     303,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/amt/posteingang',                                 '-',     403,   403,    403,   403,   403,   403,   403],
  ['GET',    '/amt/posteingang/{id}',                            'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/posteingang/{id}',                            'other', 303,   404,    404,   404,   404,   404,   404],
  ['POST',   '/amt/posteingang/{id}/uebernehmen',                'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/posteingang/{id}/zuweisen',                   'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/posteingang/{id}/weiterleiten',               'own',   403,   403,    403,   403,   403,   403,   403],
  ['GET',    '/amt/akten',                                       '-',     303,   404,    'ok',  404,   404,   404,   404],
  ['POST',   '/amt/akten',                                       '-',     403,   403,    403,   403,   403,   403,   403],
  ['GET',    '/amt/akten/{id}',                                  'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/akten/{id}',                                  'other', 303,   404,    404,   404,   404,   404,   404],
  ['POST',   '/amt/akten/{id}/vorgaenge',                        'own',   403,   403,    403,   403,   403,   403,   403],
  ['GET',    '/amt/vorgaenge/{id}',                              'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/vorgaenge/{id}',                              'other', 303,   404,    404,   404,   404,   404,   404],
  ['POST',   '/amt/vorgaenge/{id}/status',                       'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/vorgaenge/{id}/vermerke',                     'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/vorgaenge/{id}/wiedervorlagen',               'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/vorgaenge/{id}/rueckfrage',                   'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/wiedervorlagen/{id}/erledigt',                'own',   403,   403,    403,   403,   403,   403,   403],
];

const state = { plan: {}, oe: {}, oe2: {}, akte: {} };

function clerk(ctx, tenant) {
  return tenant === 'other' ? ctx.acc.sbB : ctx.acc.sachbearbeitung;
}

async function call(ctx, who, method, p, json, extra = {}) {
  const headers = { Authorization: `Bearer ${who.token}`, ...extra.headers };
  let body = extra.body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const r = await ctx.client.request(method, p, { headers, body });
  assert.ok(r.status >= 200 && r.status < 300, `matrix setup ${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

/** The file plan subject, two offices and a file of the tenant's authority. */
async function setup(ctx, tenant) {
  if (state.akte[tenant]) return;
  const bid = tenant === 'other' ? ctx.B : ctx.A;
  const now = Math.floor(Date.now() / 1000);
  ctx.srv.sql(`INSERT INTO aktenplan (behoerde_id, kennzeichen, titel, is_aktiv, erstellt, geaendert) VALUES (${bid}, 'M.${tenant}', 'Matrix', 1, ${now}, ${now})`);
  state.plan[tenant] = Number(ctx.srv.sql(`SELECT id FROM aktenplan WHERE behoerde_id = ${bid} AND kennzeichen = 'M.${tenant}'`).trim());
  ctx.srv.sql(`INSERT INTO organisationseinheit (behoerde_id, schluessel, name) VALUES (${bid}, 'matrix-${tenant}-2', 'Matrix zwei')`);
  const oes = ctx.srv.sql(`SELECT id FROM organisationseinheit WHERE behoerde_id = ${bid} ORDER BY id`).trim().split('\n').map(Number);
  state.oe[tenant] = oes[0];
  state.oe2[tenant] = oes.at(-1);
  state.akte[tenant] = (await call(ctx, clerk(ctx, tenant), 'POST', '/api/v1/akten', { aktenplan: state.plan[tenant], titel: 'Matrix', oe_id: state.oe[tenant] })).id;
}

async function vorgang(ctx, tenant) {
  await setup(ctx, tenant);
  return (await call(ctx, clerk(ctx, tenant), 'POST', '/api/v1/vorgaenge', { akte: state.akte[tenant], betreff: 'Matrix' })).id;
}

async function eingang(ctx, tenant) {
  await setup(ctx, tenant);
  const b = '----matrix' + crypto.randomBytes(6).toString('hex');
  const body = Buffer.from(
    `--${b}\r\nContent-Disposition: form-data; name="betreff"\r\n\r\nMatrix\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="oe_id"\r\n\r\n${state.oe[tenant]}\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="datei"; filename="m.txt"\r\n\r\nMatrix ${crypto.randomUUID()}\r\n--${b}--\r\n`,
  );
  return (await call(ctx, clerk(ctx, tenant), 'POST', '/api/v1/posteingang', undefined, { headers: { 'Content-Type': `multipart/form-data; boundary=${b}` }, body })).id;
}

function inFuture(days) {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
}

export async function prepare(ctx, method, route, tenant) {
  const isApi = route.startsWith('/api/');
  if (route === '/api/v1/posteingang' && method === 'POST') return { path: route, body: '{}' };
  if (route === '/api/v1/akten' && method === 'POST') {
    await setup(ctx, 'own');
    return { path: route, body: JSON.stringify({ aktenplan: state.plan.own, titel: 'Matrix neu', oe_id: state.oe.own }) };
  }
  if (route === '/api/v1/vorgaenge' && method === 'POST') {
    await setup(ctx, tenant);
    return { path: route, body: JSON.stringify({ akte: state.akte[tenant], betreff: 'Matrix neu' }) };
  }
  if (route.includes('/posteingang/{id}')) {
    const id = await eingang(ctx, tenant);
    let body;
    if (route.endsWith('/uebernehmen')) body = { akte: state.akte[tenant] };
    if (route.endsWith('/zuweisen')) body = { konto_id: clerk(ctx, tenant).id };
    if (route.endsWith('/weiterleiten')) body = { oe_id: state.oe2[tenant], notiz: 'Matrix' };
    return { path: route.replace('{id}', String(id)), body: isApi && method === 'POST' ? JSON.stringify(body ?? {}) : undefined };
  }
  if (route.includes('/akten/{id}')) {
    await setup(ctx, tenant);
    return { path: route.replace('{id}', String(state.akte[tenant])) };
  }
  if (route.includes('/vorgaenge/{id}')) {
    const id = await vorgang(ctx, tenant);
    let body;
    if (route.endsWith('/status')) body = { status: 'in_bearbeitung' };
    if (route.endsWith('/vermerke') || route.endsWith('/rueckfrage')) body = { text: 'Matrix' };
    if (route.endsWith('/wiedervorlagen')) body = { datum: inFuture(2), grund: 'Matrix' };
    return { path: route.replace('{id}', String(id)), body: isApi && method !== 'GET' ? JSON.stringify(body ?? {}) : undefined };
  }
  if (route.includes('/wiedervorlagen/{id}')) {
    const v = await vorgang(ctx, tenant);
    const w = await call(ctx, clerk(ctx, tenant), 'POST', `/api/v1/vorgaenge/${v}/wiedervorlagen`, { datum: inFuture(2), grund: 'Matrix' });
    return { path: route.replace('{id}', String(w.id)), body: isApi ? '{}' : undefined };
  }
  return undefined;
}
