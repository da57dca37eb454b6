// cursor.test.mjs — cursors stay correct while rows are inserted: paging through all
// Gemeinden while new ones appear before and after the current position (by name and by
// AGS) must return every existing Gemeinde exactly once. OFFSET paging fails this; keyset
// paging passes. Rows are inserted with SQL beside the running server (sqlite3 or psql).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { connect, withParam } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ label: 'cursor' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

let serial = 0;
function insertGemeinden() {
  const rows = [];
  for (const [prefix, kreis] of [
    ['Aaa', '08111'], // sorts first by name, early by AGS
    ['Zzz', '08437'], // sorts last by name and by AGS
  ]) {
    const n = ++serial;
    const ags = `${kreis}${String(900 + n).padStart(3, '0')}`;
    const name = `${prefix} Testort ${n}`;
    rows.push(
      `('${ags}', '${kreis}0000${String(900 + n).padStart(3, '0')}', '${name}', '${name}', '${name.toLowerCase()}', ` +
        `'Kreisangehörige Gemeinde', '${kreis}', ${n})`,
    );
  }
  srv.sql(
    'INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, typ, kreis_ags, einwohner) VALUES ' +
      rows.join(', ') +
      ';',
  );
}

test('paging through /api/v1/gemeinden while Gemeinden are inserted', async () => {
  const before = new Set((await api.all('/api/v1/gemeinden?limit=100')).map((x) => x.ags));
  assert.equal(before.size, 1101);

  const seen = [];
  let url = '/api/v1/gemeinden?limit=37';
  for (let page = 0; page < 100; page++) {
    const body = await api.json(url);
    seen.push(...body.items.map((x) => x.ags));
    if (body.next_cursor === null) break;
    insertGemeinden();
    url = withParam('/api/v1/gemeinden?limit=37', 'cursor', body.next_cursor);
  }
  assert.ok(serial > 0, 'no rows were inserted');
  const counts = new Map();
  for (const a of seen) counts.set(a, (counts.get(a) || 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([a]) => a);
  const missing = [...before].filter((a) => !counts.has(a));
  assert.deepEqual(twice, [], 'Gemeinden returned twice');
  assert.deepEqual(missing, [], 'existing Gemeinden skipped');
});
