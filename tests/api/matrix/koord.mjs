// Rows of the authorization matrix (../matrix.test.mjs) for the Koordination routes added
// with issue 7's second round: a municipality's building blocks, checklists and E-Akte stage
// (its own staff and the coordinators of its Kreis write; the ministry reads) and the page.
// 'own' is the Gemeinde of authority A (the matrix's staff), 'other' that of authority B.

// prettier-ignore
export const ROWS = [
  ['GET',    '/api/v1/umsetzung/gemeinden/{ags}',                  'own',    401  , 404  , 'ok' , 'ok' , 'ok' , 'ok' , 404],
  ['GET',    '/api/v1/umsetzung/gemeinden/{ags}',                  'other',  401  , 404  , 404  , 404  , 'ok' , 'ok' , 404],
  ['POST',   '/api/v1/umsetzung/gemeinden/{ags}/bausteine',        'own',    401  , 404  , 400  , 400  , 400  , 403  , 404],
  ['POST',   '/api/v1/umsetzung/gemeinden/{ags}/bausteine',        'other',  401  , 404  , 404  , 404  , 400  , 403  , 404],
  ['POST',   '/api/v1/umsetzung/gemeinden/{ags}/checkliste',       'own',    401  , 404  , 400  , 400  , 400  , 403  , 404],
  ['POST',   '/api/v1/umsetzung/gemeinden/{ags}/eakte',            'own',    401  , 404  , 400  , 400  , 400  , 403  , 404],
  ['GET',    '/koordination/gemeinden/{ags}/stand',                'own',    303  , 404  , 'ok' , 'ok' , 'ok' , 'ok' , 404],
  ['GET',    '/koordination/gemeinden/{ags}/stand',                'other',  303  , 404  , 404  , 404  , 'ok' , 'ok' , 404],
  ['POST',   '/koordination/gemeinden/{ags}/bausteine',            'own',    403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/koordination/gemeinden/{ags}/checkliste',           'own',    403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/koordination/gemeinden/{ags}/eakte',                'own',    403  , 403  , 403  , 403  , 403  , 403  , 403],
];

const gemeinde = {};

function gemeindeVon(ctx, tenant) {
  if (!gemeinde[tenant]) {
    const bid = tenant === 'other' ? ctx.B : ctx.A;
    gemeinde[tenant] = ctx.srv.sql(`SELECT gemeinde_ags FROM behoerde WHERE id = ${bid}`).trim() || '08115003';
  }
  return gemeinde[tenant];
}

export async function prepare(ctx, method, route, tenant) {
  if (!route.includes('/gemeinden/{ags}')) return null;
  const p = route.replace('{ags}', gemeindeVon(ctx, tenant));
  return { path: p, body: p.startsWith('/api/') && method === 'POST' ? '{}' : undefined };
}
