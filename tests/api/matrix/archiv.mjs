// Rows of the authorization matrix (../matrix.test.mjs) for the file plan, zdA, the hand-over
// to the archive (Aussonderung), the file export and the audit log (issue 6, helper "archiv").
// 'own' / '-' call without ?behoerde= (the caller's own authority); 'other' names authority B;
// 'none' uses an id that does not exist.

// prettier-ignore
export const ROWS = [
  ['GET',    '/api/v1/aktenplan',                          '-',      401  , 403  , 'ok' , 'ok' , 403  , 403  , 403],
  ['GET',    '/api/v1/aktenplan',                          'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/aktenplan',                          '-',      401  , 403  , 403  , 400  , 403  , 403  , 403],
  ['POST',   '/api/v1/aktenplan',                          'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/aktenplan/{id}',                     'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['PATCH',  '/api/v1/aktenplan/{id}',                     'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/vorgaenge/{id}/zda',                 'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/akten/{id}/zda',                     'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/akten/{id}/wiederaufnahme',          'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/akten/{id}/export',                  'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/aussonderung/faellig',               '-',      401  , 403  , 403  , 'ok' , 403  , 403  , 403],
  ['GET',    '/api/v1/aussonderung/faellig',               'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/aussonderung/export',                '-',      401  , 403  , 403  , 409  , 403  , 403  , 403],
  ['POST',   '/api/v1/aussonderung/loeschen',              '-',      401  , 403  , 403  , 400  , 403  , 403  , 403],
  ['GET',    '/api/v1/aussonderung',                       '-',      401  , 403  , 403  , 'ok' , 403  , 403  , 403],
  ['GET',    '/api/v1/aussonderung',                       'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/aussonderung/{id}',                  'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['POST',   '/api/v1/aussonderung/{id}/quittung',         'none',   401  , 404  , 404  , 404  , 404  , 404  , 404],
  ['GET',    '/api/v1/protokoll',                          '-',      401  , 403  , 403  , 'ok' , 403  , 403  , 403],
  ['GET',    '/api/v1/protokoll',                          'other',  401  , 404  , 404  , 404  , 404  , 404  , 404],
  // pages: admins edit the plan, clerks read it; Aussonderung and Protokoll for admins; forms
  // without a CSRF token are refused for everyone
  ['GET',    '/amt/aktenplan',                             '-',      303  , 403  , 'ok' , 'ok' , 403  , 403  , 403],
  ['POST',   '/amt/aktenplan',                             '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/amt/aktenplan/{id}',                        'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/amt/aussonderung',                          '-',      303  , 403  , 403  , 'ok' , 403  , 403  , 403],
  ['POST',   '/amt/aussonderung/export',                   '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/amt/aussonderung/loeschen',                 '-',      403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['POST',   '/amt/aussonderung/{id}/quittung',            'none',   403  , 403  , 403  , 403  , 403  , 403  , 403],
  ['GET',    '/amt/protokoll',                             '-',      303  , 403  , 403  , 'ok' , 403  , 403  , 403],
];

const MINE = new Set(ROWS.map(([m, r]) => `${m} ${r}`));

export async function prepare(ctx, method, route, tenant) {
  if (!MINE.has(`${method} ${route}`)) return undefined;
  let p = route.replace('{id}', '999999999');
  if (tenant === 'other') p += `?behoerde=${ctx.B}`;
  const body = method === 'GET' || !route.startsWith('/api/') ? undefined : '{}';
  return { path: p, body };
}
