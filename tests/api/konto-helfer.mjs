// konto-helfer.mjs — what the account tests share: accounts made with `rathaus konto`, TOTP
// codes (RFC 6238), a cookie jar for the web pages, logins through the real login forms, and
// the e-mail outbox read from the database.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

import { BIN, run } from './lib/server.mjs';

/** Base32 (RFC 4648) to bytes. */
export function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP code of `secret` (base32) at unix time `t` (seconds). */
export function totp(secret, t = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const off = h[h.length - 1] & 15;
  return String((h.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Waits until a new 30-second TOTP step has begun since `lastStep` (replay protection). */
export async function nextStep(lastStep) {
  while (Math.floor(Date.now() / 30_000) <= lastStep) await new Promise((r) => setTimeout(r, 250));
}

/**
 * Creates an account with `rathaus konto create` (password set, active); returns
 * { id, email, password, totp (secret for staff), token (API token, scope `scope`) }.
 */
export function makeAccount(dsn, { email, rolle, behoerde, kreis, scope = 'voll', password = 'test-passwort-123' }) {
  const args = ['konto', 'create', '--email', email, '--rolle', rolle, '--passwort-stdin', '--db', dsn];
  if (behoerde) args.push('--behoerde', String(behoerde));
  if (kreis) args.push('--kreis', kreis);
  const out = run(BIN, args, { input: `${password}\n` });
  const id = Number(/^konto (\d+)$/m.exec(out)?.[1]);
  assert.ok(id > 0, `konto create printed no id: ${out}`);
  const secret = /^totp ([A-Z2-7]+)$/m.exec(out)?.[1];
  const token = run(BIN, ['konto', 'token', '--email', email, '--scope', scope, '--db', dsn]).trim();
  assert.match(token, /^rh_[A-Za-z0-9_-]{43}$/);
  return { id, email, password, totp: secret, token, rolle };
}

/** Rows of an SQL query on the test database, as arrays of strings (| separated output). */
export function sqlRows(srv, stmt) {
  return srv
    .sql(stmt)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('|'));
}

/** The token after "t=" in the newest e-mail to `email`. */
export function linkToken(srv, email) {
  const safe = email.replace(/'/g, "''");
  const text = srv.sql(`SELECT text FROM postausgang WHERE empfaenger = '${safe}' ORDER BY id DESC LIMIT 1`);
  const m = /[?&]t=([A-Za-z0-9_-]{43})/.exec(text);
  assert.ok(m, `no link in the last e-mail to ${email}: ${text}`);
  return m[1];
}

/** A cookie jar over a Client: keeps the cookies the server sets, sends them back. */
export class Browser {
  constructor(client) {
    this.client = client;
    this.cookies = new Map();
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res) {
    const raw = res.headers.get('set-cookie');
    if (!raw) return;
    for (const c of raw.split(/,\s*(?=[A-Za-z_]+=)/)) {
      const [pair, ...attrs] = c.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (attrs.some((a) => /^max-age=0$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { headers = {}, body, form } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.header();
    if (form) {
      body = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await this.client.request(method, path, { headers: h, body });
    this.take(res);
    return res;
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  /** GET a page and return its CSRF token (the hidden field `csrf`). */
  async csrf(path) {
    const res = await this.get(path);
    assert.equal(res.status, 200, `GET ${path} → ${res.status}`);
    const m = /name="csrf" value="([^"]+)"/.exec(res.text);
    assert.ok(m, `GET ${path}: no CSRF field`);
    return m[1];
  }

  /** Sends a form from page `from` (its CSRF token included) to `action`. */
  async submit(from, action, fields) {
    const csrf = await this.csrf(from);
    return this.request('POST', action, { form: { csrf, ...fields } });
  }
}

/** Logs `acc` in through the forms (password, then the TOTP code for staff). */
export async function login(client, acc) {
  const b = new Browser(client);
  let res = await b.submit('/konto/anmelden', '/konto/anmelden', { email: acc.email, passwort: acc.password });
  assert.equal(res.status, 303, `login of ${acc.email}: ${res.status} ${res.text.slice(0, 300)}`);
  if (res.headers.get('location') === '/konto/anmelden/code') {
    assert.ok(acc.totp, `${acc.email} needs a TOTP secret`);
    res = await b.submit('/konto/anmelden/code', '/konto/anmelden/code', { code: totp(acc.totp) });
    assert.equal(res.status, 303, `TOTP step of ${acc.email}: ${res.status} ${res.text.slice(0, 300)}`);
  }
  assert.equal(res.headers.get('location'), '/konto');
  assert.ok(b.cookies.has('rathaus_sitzung'));
  return b;
}

/** Two authorities (ids) of the demo data in Landkreis Böblingen. */
export async function zweiBehoerden(client) {
  const res = await client.json('/api/v1/behoerden?ort=08115');
  const ids = res.items.map((b) => b.id);
  assert.ok(ids.length >= 2, 'the demo data has fewer than two authorities in 08115');
  return [ids[0], ids[1]];
}
