// server.mjs — run the real rathaus binary for a test file.
//
// startServer() gives the test a server of its own: a fresh database on the chosen back-end,
// filled with the real BW data and the demo data (from a template that is built once per
// binary and back-end, then copied), `rathaus serve` on a free loopback port, and a wait for
// GET /healthz. stop() sends SIGTERM and fails when the server does not exit cleanly within
// 15 s, exits non-zero, or printed a sanitizer report — so ASan/UBSan findings fail the test
// file that caused them.
//
// Environment:
//   RATHAUS_BIN      binary under test (default: build/rathaus)
//   RATHAUS_SHARED   the shared/ folder with data/ (default: ../shared beside the repository)
//   RATHAUS_TEST_DB  sqlite (default) or pg; pg needs the libpq variables that pg_virtualenv
//                    sets (PGHOST, PGPORT, PGUSER, PGPASSWORD)
//   RATHAUS_TEST_OUT where databases and server logs go (default: tests/out)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeConnections } from './client.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.resolve(REPO, process.env.RATHAUS_BIN || 'build/rathaus');
export const SHARED = path.resolve(REPO, process.env.RATHAUS_SHARED || '../shared');
export const BACKEND = process.env.RATHAUS_TEST_DB || 'sqlite';
export const OUT = path.resolve(REPO, process.env.RATHAUS_TEST_OUT || 'tests/out');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const CLI_TIMEOUT_MS = 300_000;
const SANITIZER_RE = /ERROR: (AddressSanitizer|LeakSanitizer|ThreadSanitizer)|runtime error:|SUMMARY: \w+Sanitizer/;

let counter = 0;
const live = new Set();
// a test file that ends abruptly must not leave a server behind (it would keep the runner waiting)
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

function readLog(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(cmd, args, { env = {}, input } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: REPO,
    env: { ...process.env, RATHAUS_SHARED: SHARED, ...env },
    input,
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || SANITIZER_RE.test(out)) {
    const why = r.status === null ? `signal ${r.signal}` : `exit ${r.status}`;
    throw new Error(`${path.basename(cmd)} ${args.join(' ')}: ${why}\n${tail(out)}`);
  }
  return r.stdout;
}

function requireBinary() {
  if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN}: build it first (make)`);
}

function requirePg() {
  if (!process.env.PGHOST && !process.env.PGPORT) {
    throw new Error('RATHAUS_TEST_DB=pg needs a PostgreSQL server: run under pg_virtualenv');
  }
}

// ---- back-ends: how to name, create, copy and query a database ----

function pgQuery(db, sql) {
  return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-d', db, '-c', sql]);
}

const backends = {
  sqlite: {
    dsn: (name) => `sqlite:${name}`,
    newName(label) {
      const dir = path.join(OUT, 'db', `${label}-${process.pid}-${++counter}`);
      fs.mkdirSync(dir, { recursive: true });
      return path.join(dir, 'rathaus.db');
    },
    templateName: (key) => path.join(OUT, 'db', 'templates', `${key}.db`),
    templateExists: (name) => fs.existsSync(`${name}.done`),
    templateDone: (name) => fs.writeFileSync(`${name}.done`, ''),
    copy(template, name) {
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(template + suffix)) fs.copyFileSync(template + suffix, name + suffix);
      }
    },
    sql: (name, sql) =>
      run('sqlite3', ['-bail', '-cmd', '.timeout 10000', '-cmd', 'PRAGMA foreign_keys=ON', name, sql]),
  },
  pg: {
    dsn: (name) => `postgresql:///${name}`,
    newName: (label) => `rh_${label.replace(/\W/g, '_')}_${process.pid}_${++counter}`.toLowerCase(),
    templateName: (key) => `rh_tmpl_${key}`,
    templateExists: (name) =>
      pgQuery('postgres', `SELECT 1 FROM pg_database WHERE datname = '${name}'`).trim() === '1',
    templateDone: () => {},
    copy: (template, name) => pgQuery('postgres', `CREATE DATABASE "${name}" TEMPLATE "${template}"`),
    sql: (name, sql) => pgQuery(name, sql),
  },
};

function backend() {
  const b = backends[BACKEND];
  if (!b) throw new Error(`RATHAUS_TEST_DB must be sqlite or pg, not '${BACKEND}'`);
  if (BACKEND === 'pg') requirePg();
  return b;
}

/** Creates a database at DSN and fills it: schema, BW territory, service catalogue, demo. */
export function loadDatabase(dsn, { data = 'full' } = {}) {
  run(BIN, ['init', '--db', dsn]);
  if (data === 'empty') return;
  run(BIN, ['import', 'gemeinden', path.join(SHARED, 'data/bw-gemeinden.csv'), '--db', dsn]);
  run(BIN, ['import', 'leistungen', path.join(SHARED, 'data/ozg'), '--db', dsn]);
  run(BIN, ['demo', '--db', dsn]);
}

// one template per binary build, data folder, back-end and PostgreSQL cluster
function templateKey(data) {
  const st = fs.statSync(BIN);
  const pg = BACKEND === 'pg' ? `${process.env.PGHOST}:${process.env.PGPORT}` : '';
  return crypto
    .createHash('sha256')
    .update([BIN, st.size, st.mtimeMs, SHARED, BACKEND, pg, data].join('\0'))
    .digest('hex')
    .slice(0, 16);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Several test files (processes) may want the same template at once: the first takes a lock
// directory and builds it, the others wait. A lock whose owner died is taken over.
async function ensureTemplate(b, data) {
  const key = templateKey(data);
  const name = b.templateName(key);
  const lockDir = path.join(OUT, 'db', 'templates', `${BACKEND}-${key}.lock`);
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + CLI_TIMEOUT_MS;
  for (;;) {
    if (b.templateExists(name)) return name;
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readLog(path.join(lockDir, 'pid')));
      if (owner && !pidAlive(owner)) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await sleep(200);
    }
  }
  try {
    if (!b.templateExists(name)) {
      if (BACKEND === 'sqlite') fs.rmSync(name, { force: true });
      else pgQuery('postgres', `CREATE DATABASE "${name}"`);
      loadDatabase(b.dsn(name), { data });
      b.templateDone(name);
    }
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
  return name;
}

/** A new database of the chosen back-end, filled as `data` says ('full' or 'empty'). */
export async function freshDatabase(label = 'api', { data = 'full' } = {}) {
  requireBinary();
  const b = backend();
  const template = await ensureTemplate(b, data);
  const name = b.newName(label);
  b.copy(template, name);
  return {
    dsn: b.dsn(name),
    /** Runs SQL in this database (sqlite3 CLI or psql); returns its text output. */
    sql: (stmt) => b.sql(name, stmt),
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// one GET /healthz on a fresh connection (no keep-alive: nothing may outlive the check)
function healthy(base) {
  return new Promise((resolve) => {
    const req = http.get(`${base}/healthz`, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts `rathaus serve` on a fresh database. Returns { base, dsn, sql, log, pid, stop }:
 * base is 'http://127.0.0.1:PORT'; stop() must be awaited once (after() does it).
 */
export async function startServer({ label = 'api', data = 'full', env = {} } = {}) {
  const db = await freshDatabase(label, { data });
  const logDir = path.join(OUT, 'logs');
  fs.mkdirSync(logDir, { recursive: true });

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    const log = path.join(logDir, `server-${label}-${BACKEND}-${process.pid}-${++counter}.log`);
    const fd = fs.openSync(log, 'w');
    const child = spawn(BIN, ['serve', '--db', db.dsn, '--listen', listen], {
      cwd: REPO, // static assets are found relative to the repository (web/)
      env: { ...process.env, RATHAUS_SHARED: SHARED, ...env },
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    live.add(child);
    let exited = null;
    const exit = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        exited = { code, signal };
        live.delete(child);
        resolve(exited);
      }),
    );
    child.on('error', () => {});

    const base = `http://${listen}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!exited && Date.now() < deadline && !(await healthy(base))) await sleep(50);

    if (exited) {
      const text = readLog(log);
      if (attempt < 3 && /address already in use|EADDRINUSE|cannot (bind|listen)/i.test(text)) continue;
      throw new Error(`rathaus serve exited during start-up (${JSON.stringify(exited)}), log ${log}:\n${tail(text)}`);
    }
    if (Date.now() >= deadline) {
      child.kill('SIGKILL');
      await exit;
      throw new Error(`rathaus serve: no 200 from /healthz within ${START_TIMEOUT_MS} ms, log ${log}:\n${tail(readLog(log))}`);
    }

    let stopped = false;
    return {
      base,
      port,
      pid: child.pid,
      dsn: db.dsn,
      sql: db.sql,
      log,
      /** True while the process runs. */
      alive: () => !exited,
      /** SIGTERM, then checks: exited within 15 s, status 0, no sanitizer report in the log. */
      async stop() {
        if (stopped) return;
        stopped = true;
        closeConnections(); // idle keep-alive connections of the test client
        if (!exited) child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), STOP_TIMEOUT_MS)));
        const how = await Promise.race([exit, timeout]);
        clearTimeout(timer);
        if (how === 'timeout') {
          child.kill('SIGKILL');
          await exit;
          throw new Error(`rathaus serve did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM, log ${log}`);
        }
        const text = readLog(log);
        const m = SANITIZER_RE.exec(text);
        if (m) {
          const from = Math.max(0, text.lastIndexOf('\n', Math.max(0, m.index - 1)));
          throw new Error(`sanitizer report in ${log}:\n${text.slice(from, from + 6000)}`);
        }
        if (how.code !== 0) {
          throw new Error(`rathaus serve ended with ${JSON.stringify(how)} after SIGTERM, log ${log}:\n${tail(text)}`);
        }
      },
    };
  }
}
