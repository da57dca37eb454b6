// Rows of the authorization matrix (../matrix.test.mjs) for documents, the Amt search and
// decisions (issue #6, helper "dok") — API and pages. Clerks (sachbearbeitung) of the owning
// authority work with documents and decisions; its admin sees that they exist (403) and alone
// writes templates and the offices' co-signing setting; everyone else gets 404 for objects of a
// tenant (other authority, coordinators, ministry, citizens) and 403 where there is no object
// (the search, the template list). Objects are made through the API by the clerks of A (own)
// and B (other); write rows get a fresh object per call. By design not 2xx for the clerk: an
// upload needs multipart/form-data (the matrix sends JSON → 400), and co-signing or sending
// back a draft that does not wait for co-signing is a conflict (409).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

// prettier-ignore
export const ROWS = [
  // method  route                                              tenant   anonym buerger sb     admin  koord  min    betrieb
  ['GET',    '/api/v1/vorgaenge/{id}/dokumente',                  'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge/{id}/dokumente',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/dokumente',                  'own',   401,   404,    400,   403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/dokumente',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}',                            'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}',                            'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}/versionen',                  'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}/versionen',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/dokumente/{id}/versionen',                  'own',   401,   404,    400,   403,   404,   404,   404],
  ['POST',   '/api/v1/dokumente/{id}/versionen',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}/versionen/{n}/inhalt',       'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/dokumente/{id}/versionen/{n}/inhalt',       'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/dokumente/{id}/final',                      'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/dokumente/{id}/final',                      'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/suche',                                     '-',     401,   403,    'ok',  403,   403,   403,   403],
  ['GET',    '/api/v1/bescheidvorlagen',                          '-',     401,   403,    'ok',  'ok',  403,   403,   403],
  ['POST',   '/api/v1/bescheidvorlagen',                          '-',     401,   403,    403,   'ok',  403,   403,   403],
  ['GET',    '/api/v1/bescheidvorlagen/{id}',                     'own',   401,   404,    'ok',  'ok',  404,   404,   404],
  ['GET',    '/api/v1/bescheidvorlagen/{id}',                     'other', 401,   404,    404,   404,   404,   404,   404],
  ['PUT',    '/api/v1/bescheidvorlagen/{id}',                     'own',   401,   404,    403,   'ok',  404,   404,   404],
  ['PUT',    '/api/v1/bescheidvorlagen/{id}',                     'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge/{id}/bescheide',                  'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/vorgaenge/{id}/bescheide',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/bescheid',                   'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/vorgaenge/{id}/bescheid',                   'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/bescheide/{id}',                            'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/bescheide/{id}',                            'other', 401,   404,    404,   404,   404,   404,   404],
  ['GET',    '/api/v1/bescheide/{id}/bescheid.pdf',               'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/api/v1/bescheide/{id}/bescheid.pdf',               'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/mitzeichnen',                'own',   401,   404,    409,   403,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/mitzeichnen',                'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/zurueckweisen',              'own',   401,   404,    409,   403,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/zurueckweisen',              'other', 401,   404,    404,   404,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/versenden',                  'own',   401,   404,    'ok',  403,   404,   404,   404],
  ['POST',   '/api/v1/bescheide/{id}/versenden',                  'other', 401,   404,    404,   404,   404,   404,   404],
  ['PUT',    '/api/v1/organisationseinheiten/{id}/mitzeichnung',  'own',   401,   404,    403,   'ok',  404,   404,   404],
  ['PUT',    '/api/v1/organisationseinheiten/{id}/mitzeichnung',  'other', 401,   404,    404,   404,   404,   404,   404],
  // --- pages ---
  ['GET',    '/amt/suche',                                        '-',     303,   403,    'ok',  403,   403,   403,   403],
  ['GET',    '/amt/bescheidvorlagen',                             '-',     303,   403,    'ok',  'ok',  403,   403,   403],
  ['GET',    '/amt/bescheidvorlagen/{id}',                        'own',   303,   404,    'ok',  'ok',  404,   404,   404],
  ['GET',    '/amt/bescheidvorlagen/{id}',                        'other', 303,   404,    404,   404,   404,   404,   404],
  ['GET',    '/amt/vorgaenge/{id}/dokumente',                     'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/vorgaenge/{id}/dokumente',                     'other', 303,   404,    404,   404,   404,   404,   404],
  ['GET',    '/amt/vorgaenge/{id}/bescheid',                      'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/vorgaenge/{id}/bescheid',                      'other', 303,   404,    404,   404,   404,   404,   404],
  ['GET',    '/amt/dokumente/{id}/versionen/{n}/inhalt',          'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/dokumente/{id}/versionen/{n}/inhalt',          'other', 303,   404,    404,   404,   404,   404,   404],
  ['GET',    '/amt/bescheide/{id}/bescheid.pdf',                  'own',   303,   404,    'ok',  403,   404,   404,   404],
  ['GET',    '/amt/bescheide/{id}/bescheid.pdf',                  'other', 303,   404,    404,   404,   404,   404,   404],
  // --- page forms without a CSRF token: refused for everyone ---
  ['POST',   '/amt/bescheidvorlagen',                             '-',     403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/bescheidvorlagen/{id}',                        'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/organisationseinheiten/{id}/mitzeichnung',     'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/vorgaenge/{id}/dokumente',                     'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/vorgaenge/{id}/bescheid',                      'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/dokumente/{id}/versionen',                     'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/dokumente/{id}/final',                         'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/bescheide/{id}/mitzeichnen',                   'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/bescheide/{id}/zurueckweisen',                 'own',   403,   403,    403,   403,   403,   403,   403],
  ['POST',   '/amt/bescheide/{id}/versenden',                     'own',   403,   403,    403,   403,   403,   403,   403],
];

const state = { plan: {}, oe: {}, akte: {}, vorlage: {} };

function clerk(ctx, tenant) {
  return tenant === 'other' ? ctx.acc.sbB : ctx.acc.sachbearbeitung;
}

function admin(ctx, tenant) {
  return tenant === 'other' ? ctx.acc.adminB : ctx.acc.behoerdenadmin;
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

/** A file plan subject, the first office and a file of the tenant's authority. */
async function setup(ctx, tenant) {
  if (state.akte[tenant]) return;
  const bid = tenant === 'other' ? ctx.B : ctx.A;
  const now = Math.floor(Date.now() / 1000);
  ctx.srv.sql(`INSERT INTO aktenplan (behoerde_id, kennzeichen, titel, is_aktiv, erstellt, geaendert) VALUES (${bid}, 'D.${tenant}', 'Matrix Dok', 1, ${now}, ${now})`);
  state.plan[tenant] = Number(ctx.srv.sql(`SELECT id FROM aktenplan WHERE behoerde_id = ${bid} AND kennzeichen = 'D.${tenant}'`).trim());
  state.oe[tenant] = Number(ctx.srv.sql(`SELECT id FROM organisationseinheit WHERE behoerde_id = ${bid} ORDER BY id LIMIT 1`).trim());
  state.akte[tenant] = (await call(ctx, clerk(ctx, tenant), 'POST', '/api/v1/akten', { aktenplan: state.plan[tenant], titel: 'Matrix Dok', oe_id: state.oe[tenant] })).id;
  state.vorlage[tenant] = (await call(ctx, admin(ctx, tenant), 'POST', '/api/v1/bescheidvorlagen', { name: `Matrix ${tenant}`, betreff: 'Matrix', text: 'Matrix {{heute}}' })).id;
}

async function vorgang(ctx, tenant) {
  await setup(ctx, tenant);
  return (await call(ctx, clerk(ctx, tenant), 'POST', '/api/v1/vorgaenge', { akte: state.akte[tenant], betreff: 'Matrix Dok' })).id;
}

async function dokument(ctx, tenant) {
  const v = await vorgang(ctx, tenant);
  const b = '----matrixdok' + crypto.randomBytes(6).toString('hex');
  const body = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="datei"; filename="m.txt"\r\n\r\nMatrix ${crypto.randomUUID()}\r\n--${b}--\r\n`);
  return (await call(ctx, clerk(ctx, tenant), 'POST', `/api/v1/vorgaenge/${v}/dokumente`, undefined, { headers: { 'Content-Type': `multipart/form-data; boundary=${b}` }, body })).id;
}

async function bescheid(ctx, tenant) {
  const v = await vorgang(ctx, tenant);
  return (await call(ctx, clerk(ctx, tenant), 'POST', `/api/v1/vorgaenge/${v}/bescheid`, { text: 'Matrix' })).id;
}

export async function prepare(ctx, method, route, tenant) {
  const isApi = route.startsWith('/api/');
  const json = (x) => (isApi ? JSON.stringify(x) : undefined);
  if (route === '/api/v1/suche') return { path: `${route}?q=Matrix` };
  if (route === '/amt/suche') return { path: `${route}?q=Matrix` };
  if (route === '/api/v1/bescheidvorlagen' && method === 'POST') {
    return { path: route, body: json({ name: `Matrix ${crypto.randomUUID()}`, betreff: 'Matrix', text: 'Matrix' }) };
  }
  if (route.includes('/bescheidvorlagen/{id}')) {
    await setup(ctx, tenant);
    return { path: route.replace('{id}', String(state.vorlage[tenant])), body: method === 'PUT' ? json({ name: `Matrix ${tenant}`, betreff: 'Matrix', text: 'Matrix {{heute}}' }) : undefined };
  }
  if (route.includes('/organisationseinheiten/{id}')) {
    await setup(ctx, tenant);
    return { path: route.replace('{id}', String(state.oe[tenant])), body: json({ mitzeichnung: false }) };
  }
  if (route.includes('/vorgaenge/{id}')) {
    const id = await vorgang(ctx, tenant);
    const body = route.endsWith('/bescheid') && method === 'POST' ? json({ text: 'Matrix' }) : method === 'POST' ? json({}) : undefined;
    return { path: route.replace('{id}', String(id)), body };
  }
  if (route.includes('/dokumente/{id}')) {
    const id = await dokument(ctx, tenant);
    return { path: route.replace('{id}', String(id)).replace('{n}', '1'), body: method === 'POST' ? json({}) : undefined };
  }
  if (route.includes('/bescheide/{id}')) {
    const id = await bescheid(ctx, tenant);
    return { path: route.replace('{id}', String(id)), body: method === 'POST' ? json({}) : undefined };
  }
  return undefined;
}
