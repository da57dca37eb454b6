// kill-antrag.mjs — durability of submissions: SIGKILL the server while it accepts
// submissions under load, restart it, and check that every acknowledged receipt is there with
// a matching hash and that nothing half-written is visible.
//
//   node tests/crash/kill-antrag.mjs            (RATHAUS_BIN, RATHAUS_TEST_DB as in tests/api)
//   import { killTest } from '../crash/kill-antrag.mjs'   (tests/api/crash.test.mjs)
//
// What it does: a fresh database with the BW and demo data; an office admin publishes the dog
// registration form; a citizen prepares `drafts` complete applications through the API (every
// fourth with a PDF attachment). Then `concurrency` clients submit them at once, each with its
// own Idempotency-Key; as soon as `killAfter` receipts have come back (201), the server gets
// SIGKILL while the other submissions are in flight. After a restart on the same database:
//   - every acknowledged receipt is found (GET /api/v1/antraege/{id}) with the same number,
//     time and SHA-256, and the SHA-256 of the stored canonical content equals it;
//   - no half-written submission: each application is either a draft without receipt, or
//     submitted with exactly one receipt, one 'eingegangen' timeline row and its idempotency
//     key; the rows of every table agree;
//   - submitting the unacknowledged ones again with their keys completes each exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BACKEND, BIN, OUT, REPO, SHARED, freePort, freshDatabase, run } from '../api/lib/server.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n');

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** One HTTP request with its own agent; resolves { status, json } or rejects on a broken socket. */
function request(agent, base, method, p, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: p, headers, agent, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function healthy(base) {
  try {
    const r = await request(new http.Agent(), base, 'GET', '/healthz');
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Starts `rathaus serve`; returns { base, child, exited (promise), log }. */
async function serve(dsn, label) {
  const port = await freePort();
  const log = path.join(OUT, 'logs', `crash-${label}-${BACKEND}-${process.pid}-${port}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const fd = fs.openSync(log, 'w');
  const child = spawn(BIN, ['serve', '--db', dsn, '--listen', `127.0.0.1:${port}`, '--threads', '16'], {
    cwd: REPO,
    env: { ...process.env, RATHAUS_SHARED: SHARED },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(await healthy(base))) await sleep(50);
  assert.ok(await healthy(base), `rathaus serve did not start, log ${log}`);
  return { base, child, exited, log };
}

function konto(dsn, email, rolle, behoerde) {
  const args = ['konto', 'create', '--email', email, '--rolle', rolle, '--passwort-stdin', '--db', dsn];
  if (behoerde) args.push('--behoerde', String(behoerde));
  run(BIN, args, { input: 'crash-test-passwort-1\n' });
  return run(BIN, ['konto', 'token', '--email', email, '--db', dsn]).trim();
}

function antworten(i, sha) {
  const d = {
    vorname: `Person${i}`, familienname: 'Muster', geburtsdatum: '1980-05-17',
    anschrift: { strasse: 'Marktplatz', hausnummer: String(1 + (i % 90)), plz: '71032', ort: 'Böblingen' },
    hunde: [{ name: `Hund ${i}`, rasse: 'Mischling', geschlecht: i % 2 ? 'ruede' : 'huendin', haltung_seit: '2026-01-02', kampfhund: false }],
    ermaessigung: sha ? 'sozial' : 'keine', lastschrift: false, richtigkeit: true,
  };
  if (sha) d.nachweis_ermaessigung = [sha];
  return d;
}

function multipart(filename, data) {
  const boundary = 'crash' + crypto.randomBytes(8).toString('hex');
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="${filename}"\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** Rows of a query as arrays of strings; inhalt (compact JSON) never holds a newline. */
function rows(db, sql) {
  return db
    .sql(sql)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('|'));
}

export async function killTest({ drafts = 160, concurrency = 24, killAfter = 40, label = 'kill' } = {}) {
  const db = await freshDatabase(`crash-${label}`);
  let srv = await serve(db.dsn, `${label}-1`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 4 });
  const report = { drafts, acked: 0, unacked: 0, failed: 0 };
  try {
    // --- setup: a published form, a citizen, complete drafts
    const z = await request(agent, srv.base, 'GET', `/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
    const behoerde = z.json.items[0].behoerde_id;
    const adminToken = konto(db.dsn, 'admin@crash.example', 'behoerdenadmin', behoerde);
    const token = konto(db.dsn, 'buerger@crash.example', 'buerger');
    const auth = { Authorization: `Bearer ${token}` };
    const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'));
    let r = await request(agent, srv.base, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, {
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: def });
    assert.equal(r.status, 201, r.text);
    const ids = [];
    for (let i = 0; i < drafts; i++) {
      r = await request(agent, srv.base, 'POST', '/api/v1/antraege', {
        headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ leistung: HUND, ort: BOEBLINGEN }) });
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      let sha;
      if (i % 4 === 0) {
        const m = multipart(`nachweis-${i}.pdf`, Buffer.concat([PDF, Buffer.from(`% ${i}\n`)]));
        const up = await request(agent, srv.base, 'POST', `/api/v1/antraege/${id}/anlagen`, {
          headers: { ...auth, 'Content-Type': m.type }, body: m.body });
        assert.equal(up.status, 201, up.text);
        sha = up.json.sha256;
      }
      r = await request(agent, srv.base, 'PUT', `/api/v1/antraege/${id}/daten`, {
        headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(antworten(i, sha)) });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.vollstaendig, true, JSON.stringify(r.json.fehlend));
      ids.push(id);
    }

    // --- load, and SIGKILL in the middle of it
    const keys = new Map(ids.map((id) => [id, crypto.randomUUID()]));
    const acked = new Map();
    let killed = false;
    const queue = [...ids];
    async function worker() {
      while (queue.length && !killed) {
        const id = queue.shift();
        try {
          const res = await request(agent, srv.base, 'POST', `/api/v1/antraege/${id}/einreichen`, {
            headers: { ...auth, 'Idempotency-Key': keys.get(id) } });
          if (res.status === 201) {
            acked.set(id, res.json.eingangsbestaetigung);
            if (!killed && acked.size >= killAfter) {
              killed = true;
              srv.child.kill('SIGKILL');
            }
          } else {
            report.failed++;
          }
        } catch {
          /* the connection died with the server: not acknowledged */
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (!killed) srv.child.kill('SIGKILL');
    const how = await srv.exited;
    assert.equal(how.signal, 'SIGKILL', `the server ended by ${JSON.stringify(how)}, not by SIGKILL`);
    agent.destroy();
    report.acked = acked.size;

    // --- restart and check
    srv = await serve(db.dsn, `${label}-2`);
    const agent2 = new http.Agent({ keepAlive: true, maxSockets: concurrency + 4 });
    for (const [id, eb] of acked) {
      const res = await request(agent2, srv.base, 'GET', `/api/v1/antraege/${id}`, { headers: auth });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'eingegangen', `application ${id}`);
      assert.deepEqual(res.json.eingangsbestaetigung, eb, `receipt of application ${id} after the restart`);
    }
    const stored = rows(db, 'SELECT antrag_id, sha256, inhalt FROM eingangsbestaetigung ORDER BY antrag_id');
    for (const [antrag, sha, ...rest] of stored) {
      const inhalt = rest.join('|');
      assert.equal(crypto.createHash('sha256').update(inhalt, 'utf8').digest('hex'), sha, `hash of the content of ${antrag}`);
    }
    const konsistenz = () => {
      const [[nSub], [nEb], [nVerlauf], [nIdem], [nMsg], [nDraftEb]] = [
        "SELECT COUNT(*) FROM antrag WHERE status = 'eingegangen'",
        'SELECT COUNT(*) FROM eingangsbestaetigung',
        "SELECT COUNT(*) FROM antrag_status WHERE status = 'eingegangen'",
        'SELECT COUNT(*) FROM idempotenz',
        "SELECT COUNT(*) FROM nachricht WHERE art = 'eingangsbestaetigung'",
        "SELECT COUNT(*) FROM eingangsbestaetigung e JOIN antrag a ON a.id = e.antrag_id WHERE a.status = 'entwurf'",
      ].map((q) => rows(db, q)[0]);
      assert.equal(nEb, nSub, 'one receipt per submitted application');
      assert.equal(nVerlauf, nSub, "one 'eingegangen' row per submitted application");
      assert.equal(nIdem, nSub, 'one idempotency key per submitted application');
      assert.equal(nMsg, nSub, 'one receipt message per submitted application');
      assert.equal(nDraftEb, '0', 'no receipt for a draft');
      return Number(nSub);
    };
    const before = konsistenz();
    assert.ok(before >= acked.size, `${before} submitted in the database, ${acked.size} acknowledged`);

    // --- the unacknowledged ones, again with their keys: each completes exactly once
    const rest = ids.filter((id) => !acked.has(id));
    report.unacked = rest.length;
    for (const id of rest) {
      const res = await request(agent2, srv.base, 'POST', `/api/v1/antraege/${id}/einreichen`, {
        headers: { ...auth, 'Idempotency-Key': keys.get(id) } });
      assert.equal(res.status, 201, `retry of ${id}: ${res.text}`);
    }
    assert.equal(konsistenz(), ids.length);
    agent2.destroy();
    return report;
  } finally {
    if (srv.child.exitCode === null && srv.child.signalCode === null) {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  killTest()
    .then((r) => console.log(`kill test passed: ${JSON.stringify(r)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
