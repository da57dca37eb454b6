// bench/antrag.mjs — acknowledged durable submissions per second over loopback, against the
// machine's raw SQLite commit rate at the same durability, in one run. Not a test.
//
//   node bench/antrag.mjs        (RATHAUS_BIN, BENCH_DRAFTS=1500, BENCH_CONNECTIONS=64)
//
// A fresh SQLite database with all BW and demo data; `rathaus serve --threads 32`; the dog
// registration form published; a citizen's complete drafts prepared through the API (not
// timed) — half of them with a 100 KB PDF attached. Timed: POST /api/v1/antraege/{id}/einreichen
// with an Idempotency-Key for every draft, BENCH_CONNECTIONS at a time; a 201 comes only after
// the submission's transaction is committed (SQLite WAL, synchronous=FULL). Group commit (the
// submission queue, domain/antrag_einreichung.h) puts the submissions that arrive together into
// one transaction. The limit in the same run: the sqlite3 CLI committing one ~230-byte row per
// transaction at synchronous=FULL (as bench/run.sh). Target: submissions/s ≥ 1× that rate.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { BIN, OUT, REPO, SHARED, freePort, freshDatabase, run } from '../tests/api/lib/server.mjs';

const DRAFTS = Number(process.env.BENCH_DRAFTS || 1500);
const CONNS = Number(process.env.BENCH_CONNECTIONS || 64);
const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const outDir = path.join(OUT, 'bench');
fs.mkdirSync(outDir, { recursive: true });

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function request(agent, base, method, p, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: p, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function sqliteCommitsPerSecond(n = 2000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rathaus-commits-'));
  const row = 'x'.repeat(200);
  let sql = 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;\nCREATE TABLE t (id INTEGER PRIMARY KEY, behoerde_id INTEGER, payload TEXT);\n';
  for (let i = 0; i < n; i++) sql += `BEGIN; INSERT INTO t (behoerde_id, payload) VALUES (${i}, '${row}'); COMMIT;\n`;
  const t0 = process.hrtime.bigint();
  execFileSync('sqlite3', [path.join(dir, 'c.db')], { input: sql });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(dir, { recursive: true, force: true });
  return n / secs;
}

async function main() {
  const db = await freshDatabase('bench-antrag');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = path.join(outDir, 'antrag-server.log');
  const fd = fs.openSync(log, 'w');
  const child = spawn(BIN, ['serve', '--db', db.dsn, '--listen', `127.0.0.1:${port}`, '--threads', '32'], {
    cwd: REPO, env: { ...process.env, RATHAUS_SHARED: SHARED }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNS });
  try {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await request(agent, base, 'GET', '/healthz')).status === 200) break;
      } catch {
        /* not up yet */
      }
      await sleep(50);
    }
    const z = await request(agent, base, 'GET', `/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
    const behoerde = z.json.items[0].behoerde_id;
    const konto = (email, rolle, b) => {
      const args = ['konto', 'create', '--email', email, '--rolle', rolle, '--passwort-stdin', '--db', db.dsn];
      if (b) args.push('--behoerde', String(b));
      run(BIN, args, { input: 'bench-passwort-123\n' });
      return run(BIN, ['konto', 'token', '--email', email, '--db', db.dsn]).trim();
    };
    const admin = konto('admin@bench.example', 'behoerdenadmin', behoerde);
    const token = konto('buerger@bench.example', 'buerger');
    const auth = { Authorization: `Bearer ${token}` };
    let r = await request(agent, base, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, {
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json')) });
    if (r.status !== 201) throw new Error(r.text);

    // drafts: [plain ids], [ids with a 100 KB attachment]
    const prepare = async (i, mitAnlage) => {
      const a = await request(agent, base, 'POST', '/api/v1/antraege', {
        headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ leistung: HUND, ort: BOEBLINGEN }) });
      const daten = {
        vorname: `P${i}`, familienname: 'Muster', geburtsdatum: '1980-05-17',
        anschrift: { strasse: 'Marktplatz', hausnummer: '1', plz: '71032', ort: 'Böblingen' },
        hunde: [{ name: `Hund ${i}`, rasse: 'Mischling', geschlecht: 'ruede', haltung_seit: '2026-01-02', kampfhund: false }],
        ermaessigung: 'keine', lastschrift: false, richtigkeit: true,
      };
      if (mitAnlage) {
        const boundary = 'bench' + crypto.randomBytes(6).toString('hex');
        const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${i}\n`), crypto.randomBytes(100 * 1024 - 20), Buffer.from('\n%%EOF\n')]);
        const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="anlage-${i}.pdf"\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
        const up = await request(agent, base, 'POST', `/api/v1/antraege/${a.json.id}/anlagen`, {
          headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body });
        if (up.status !== 201) throw new Error(up.text);
        daten.ermaessigung = 'sozial';
        daten.nachweis_ermaessigung = [up.json.sha256];
      }
      const p = await request(agent, base, 'PUT', `/api/v1/antraege/${a.json.id}/daten`, {
        headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(daten) });
      if (p.status !== 200 || !p.json.vollstaendig) throw new Error(p.text);
      return a.json.id;
    };
    const half = Math.floor(DRAFTS / 2);
    const plain = [], mit = [];
    const jobs = [];
    for (let i = 0; i < DRAFTS; i++) jobs.push(i);
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (jobs.length) {
        const i = jobs.shift();
        (i < half ? plain : mit).push(await prepare(i, i >= half));
      }
    }));

    const submit = async (ids) => {
      const queue = [...ids];
      let ok = 0;
      const lat = [];
      const t0 = process.hrtime.bigint();
      await Promise.all(Array.from({ length: CONNS }, async () => {
        while (queue.length) {
          const id = queue.shift();
          const s = process.hrtime.bigint();
          const res = await request(agent, base, 'POST', `/api/v1/antraege/${id}/einreichen`, {
            headers: { ...auth, 'Idempotency-Key': crypto.randomUUID() } });
          lat.push(Number(process.hrtime.bigint() - s) / 1e6);
          if (res.status === 201) ok++;
        }
      }));
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      lat.sort((a, b) => a - b);
      return { ok, n: ids.length, perSec: ok / secs, p50: lat[Math.floor(lat.length * 0.5)], p99: lat[Math.floor(lat.length * 0.99)] };
    };
    const ohne = await submit(plain);
    const mitA = await submit(mit);
    const raw = sqliteCommitsPerSecond();
    const fmt = (x) => Math.round(x).toLocaleString('en-US');
    const ratio = (x) => `${(x / raw).toFixed(2)}×`;
    const table = [
      `# Submissions (${os.cpus().length} cores, ${CONNS} connections, SQLite WAL synchronous=FULL)`,
      '',
      '| what | acknowledged/s | p50 ms | p99 ms | vs. raw SQLite commits/s | target ≥ 1× |',
      '| --- | --- | --- | --- | --- | --- |',
      `| submit, no attachment (${ohne.ok}/${ohne.n}) | ${fmt(ohne.perSec)} | ${ohne.p50.toFixed(1)} | ${ohne.p99.toFixed(1)} | ${ratio(ohne.perSec)} | ${ohne.perSec >= raw ? '✓' : '✗'} |`,
      `| submit, 100 KB attachment (${mitA.ok}/${mitA.n}) | ${fmt(mitA.perSec)} | ${mitA.p50.toFixed(1)} | ${mitA.p99.toFixed(1)} | ${ratio(mitA.perSec)} | ${mitA.perSec >= raw ? '✓' : '✗'} |`,
      `| limit: sqlite3, one row per commit | ${fmt(raw)} | | | 1.00× | |`,
      '',
    ].join('\n');
    console.log(table);
    fs.writeFileSync(path.join(outDir, 'antrag.md'), table);
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
