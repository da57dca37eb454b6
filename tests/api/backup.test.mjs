// backup.test.mjs — `rathaus backup` while the server runs and writes, `rathaus restore` into
// an empty database, and a server on the restored copy answering like the original. SQLite
// only: for PostgreSQL the command explains the pg_dump way, which is asserted too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { connect } from './lib/client.mjs';
import { BACKEND, BIN, OUT, REPO, SHARED, run, startServer } from './lib/server.mjs';

let srv, api;
const dir = path.join(OUT, 'backup');

before(async () => {
  fs.mkdirSync(dir, { recursive: true });
  srv = await startServer({ label: 'backup' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

test('backup while serving, restore into an empty database, same answers', { skip: BACKEND !== 'sqlite' }, async () => {
  const file = path.join(dir, `sicherung-${process.pid}.db`);
  const target = path.join(dir, `wiederhergestellt-${process.pid}.db`);
  fs.rmSync(file, { force: true });
  fs.rmSync(target, { force: true });

  // requests keep running against the server while the backup is taken
  const load = Promise.all(Array.from({ length: 20 }, () => api.get('/api/v1/gemeinden?limit=100')));
  run(BIN, ['backup', '--db', srv.dsn, file]);
  await load;
  assert.ok(fs.statSync(file).size > 100000, 'the backup holds the data');

  run(BIN, ['restore', '--db', `sqlite:${target}`, file]);
  // the restored copy holds every Gemeinde: a re-import finds nothing new
  const child = spawnSync(BIN, ['import', 'gemeinden', path.join(SHARED, 'data/bw-gemeinden.csv'),
    '--db', `sqlite:${target}`], { cwd: REPO, encoding: 'utf8' });
  assert.equal(child.status, 0, 'a re-import into the restored database works: ' + child.stderr);
  assert.match(child.stdout, /1101 Gemeinden/);
  assert.match(child.stdout, /neu: 0,/, 'the restored database already held every Gemeinde');

  // restoring over a database with content is refused and changes nothing
  const again = spawnSync(BIN, ['restore', '--db', `sqlite:${target}`, file], { cwd: REPO, encoding: 'utf8' });
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /nicht leer/);
});

test('backup of a PostgreSQL database explains pg_dump', { skip: BACKEND !== 'pg' }, async () => {
  const r = spawnSync(BIN, ['backup', '--db', srv.dsn, path.join(dir, 'x.db')], { cwd: REPO, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /pg_dump/);
});
