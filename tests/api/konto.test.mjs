// konto.test.mjs — accounts over real HTTP against the real binary: the API of the own
// account, API tokens (shown once, hashed, revocable, expiring, read-only scope), staff
// management, the citizen's flows through the forms (register, confirm from the outbox, log
// in and out, reset, change, sessions, export, delete), CSRF, rate limits, bad input, and the
// audit log they leave.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';
import { Browser, linkToken, login, makeAccount, sqlRows, totp, zweiBehoerden } from './konto-helfer.mjs';

let srv, client, A, B;

before(async () => {
  srv = await startServer({ label: 'konto' });
  client = await connect(srv);
  [A, B] = await zweiBehoerden(client);
});

after(async () => {
  await srv?.stop();
});

function api(token, method, path, json) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  return client.request(method, path, { headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

describe('API: own account and tokens', () => {
  test('GET /api/v1/konto shows the caller with roles and scope', async () => {
    const a = makeAccount(srv.dsn, { email: 'sb@konto.example', rolle: 'sachbearbeitung', behoerde: A });
    const res = await api(a.token, 'GET', '/api/v1/konto');
    assert.equal(res.status, 200);
    assert.equal(res.json.id, a.id);
    assert.equal(res.json.email, 'sb@konto.example');
    assert.deepEqual(res.json.rollen, [{ rolle: 'sachbearbeitung', behoerde_id: A, oe_id: null, kreis_ags: null }]);
  });

  test('no token, a malformed, unknown, revoked or expired token → 401 problem+json', async () => {
    const a = makeAccount(srv.dsn, { email: 'rev@konto.example', rolle: 'buerger' });
    for (const auth of [undefined, 'Bearer', 'Bearer rh_kurz', `Bearer rh_${'A'.repeat(43)}`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const res = await client.request('GET', '/api/v1/konto', { headers: auth ? { Authorization: auth } : {} });
      assertProblem(res, 401);
      assert.match(res.headers.get('www-authenticate') || '', /^Bearer/);
    }
    const list = await api(a.token, 'GET', '/api/v1/tokens');
    const id = list.json.items[0].id;
    assert.equal((await api(a.token, 'DELETE', `/api/v1/tokens/${id}`)).status, 204);
    assertProblem(await api(a.token, 'GET', '/api/v1/konto'), 401);
    // expiry: the same check, with the expiry moved into the past
    const b = makeAccount(srv.dsn, { email: 'exp@konto.example', rolle: 'buerger' });
    srv.sql(`UPDATE api_token SET ablauf = 1 WHERE konto_id = ${b.id}`);
    assertProblem(await api(b.token, 'GET', '/api/v1/konto'), 401);
  });

  test('POST /api/v1/tokens shows the token once and stores only its hash', async () => {
    const a = makeAccount(srv.dsn, { email: 'tok@konto.example', rolle: 'buerger' });
    const res = await api(a.token, 'POST', '/api/v1/tokens', { name: 'Skript', scope: 'lesen', tage: 7 });
    assert.equal(res.status, 201);
    assert.match(res.json.token, /^rh_[A-Za-z0-9_-]{43}$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.ok(res.json.ablauf - res.json.erstellt === 7 * 86400);
    const stored = srv.sql(`SELECT COUNT(*) FROM api_token WHERE schluessel = '${res.json.token}' OR anfang = '${res.json.token}'`).trim();
    assert.equal(stored, '0', 'the token text is in the database');
    const list = await api(a.token, 'GET', '/api/v1/tokens');
    assert.ok(list.json.items.every((t) => !('token' in t)));
    // the read-only token reads but does not write
    assert.equal((await api(res.json.token, 'GET', '/api/v1/konto')).status, 200);
    assertProblem(await api(res.json.token, 'DELETE', '/api/v1/konto'), 403);
    assertProblem(await api(res.json.token, 'POST', '/api/v1/tokens', { scope: 'voll' }), 403);
    // bad input: German problem naming the field
    assertProblem(await api(a.token, 'POST', '/api/v1/tokens', { scope: 'alles' }), 400, { parameter: 'scope' });
    assertProblem(await api(a.token, 'POST', '/api/v1/tokens', { scope: 'voll', tage: 1000 }), 400, { parameter: 'tage' });
    assertProblem(await api(a.token, 'POST', '/api/v1/tokens', { scope: 'voll', name: 'x'.repeat(101) }), 400, { parameter: 'name' });
    const bad = await client.request('POST', '/api/v1/tokens', {
      headers: { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' },
      body: '{"scope": "voll", "scope": "lesen"}',
    });
    assertProblem(bad, 400);
    const raw = await client.request('POST', '/api/v1/tokens', {
      headers: { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    });
    assertProblem(raw, 400);
  });

  test('another account’s token cannot be revoked: 404', async () => {
    const a = makeAccount(srv.dsn, { email: 'x1@konto.example', rolle: 'buerger' });
    const b = makeAccount(srv.dsn, { email: 'x2@konto.example', rolle: 'buerger' });
    const bid = (await api(b.token, 'GET', '/api/v1/tokens')).json.items[0].id;
    assertProblem(await api(a.token, 'DELETE', `/api/v1/tokens/${bid}`), 404);
    assert.equal((await api(b.token, 'GET', '/api/v1/konto')).status, 200);
  });

  test('GET /api/v1/konto/export holds all own data and no secrets', async () => {
    const a = makeAccount(srv.dsn, { email: 'exp2@konto.example', rolle: 'buerger' });
    const res = await api(a.token, 'GET', '/api/v1/konto/export');
    assert.equal(res.status, 200);
    assert.equal(res.json.konto.email, 'exp2@konto.example');
    assert.ok(res.json.tokens.length >= 1);
    assert.ok(res.json.protokoll.some((e) => e.aktion === 'token_erstellt'));
    assert.doesNotMatch(res.text, /argon2|rh_[A-Za-z0-9_-]{43}/);
  });

  test('DELETE /api/v1/konto deletes the account; the audit log keeps the number', async () => {
    const a = makeAccount(srv.dsn, { email: 'weg@konto.example', rolle: 'buerger' });
    assert.equal((await api(a.token, 'DELETE', '/api/v1/konto')).status, 204);
    assertProblem(await api(a.token, 'GET', '/api/v1/konto'), 401);
    assert.equal(srv.sql(`SELECT COUNT(*) FROM konto WHERE id = ${a.id}`).trim(), '0');
    assert.equal(srv.sql(`SELECT COUNT(*) FROM protokoll WHERE konto_id = ${a.id} AND aktion = 'konto_geloescht'`).trim(), '1');
  });
});

describe('API: staff of an authority', () => {
  test('an admin invites, lists and removes staff of the own authority only', async () => {
    const admin = makeAccount(srv.dsn, { email: 'admin@a.example', rolle: 'behoerdenadmin', behoerde: A });
    makeAccount(srv.dsn, { email: 'admin@b.example', rolle: 'behoerdenadmin', behoerde: B });
    const inv = await api(admin.token, 'POST', `/api/v1/behoerden/${A}/mitarbeitende`, { email: 'Neu@A.example', rolle: 'sachbearbeitung' });
    assert.equal(inv.status, 201);
    assert.equal(srv.sql("SELECT COUNT(*) FROM postausgang WHERE empfaenger = 'neu@a.example'").trim(), '1');
    assert.match(srv.sql("SELECT text FROM postausgang WHERE empfaenger = 'neu@a.example'"), /\/konto\/einladung\?t=/);
    const list = await api(admin.token, 'GET', `/api/v1/behoerden/${A}/mitarbeitende`);
    assert.ok(list.json.items.some((m) => m.email === 'neu@a.example' && m.rollen[0].rolle === 'sachbearbeitung'));
    assertProblem(await api(admin.token, 'GET', `/api/v1/behoerden/${B}/mitarbeitende`), 404);
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${B}/mitarbeitende`, { email: 'x@b.example', rolle: 'sachbearbeitung' }), 404);
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${A}/mitarbeitende`, { email: 'kein-at', rolle: 'sachbearbeitung' }), 400, { parameter: 'email' });
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${A}/mitarbeitende`, { email: 'y@a.example', rolle: 'betrieb' }), 400, { parameter: 'rolle' });
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${A}/mitarbeitende`, { email: 'a'.repeat(250) + '@a.example', rolle: 'sachbearbeitung' }), 400, { parameter: 'email' });
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${A}/mitarbeitende`, { rolle: 'sachbearbeitung' }), 400, { parameter: 'email' });
    assertProblem(await api(admin.token, 'DELETE', `/api/v1/behoerden/${A}/mitarbeitende/${admin.id}`), 409);
    assert.equal((await api(admin.token, 'DELETE', `/api/v1/behoerden/${A}/mitarbeitende/${inv.json.konto_id}`)).status, 204);
    const entries = sqlRows(srv, `SELECT aktion FROM protokoll WHERE behoerde_id = ${A} ORDER BY folge`).map((r) => r[0]);
    assert.ok(entries.includes('rolle_zugewiesen') && entries.includes('rolle_entzogen'));
  });
});

describe('pages: the citizen’s account', () => {
  test('register, confirm via the outbox link, log in, change, sessions, export, log out, delete', async () => {
    const b = new Browser(client);
    let res = await b.submit('/konto/registrieren', '/konto/registrieren', { email: 'buerger@web.example', passwort: 'mein-passwort-1' });
    assert.equal(res.status, 200);
    assert.match(res.text, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
    // not yet confirmed
    res = await b.submit('/konto/anmelden', '/konto/anmelden', { email: 'buerger@web.example', passwort: 'mein-passwort-1' });
    assert.equal(res.status, 403);
    const t = linkToken(srv, 'buerger@web.example');
    res = await b.submit(`/konto/bestaetigen?t=${t}`, '/konto/bestaetigen', { t });
    assert.equal(res.status, 200);
    assert.match(res.text, /bestätigt/);
    const acc = { email: 'buerger@web.example', password: 'mein-passwort-1' };
    const before = b.cookies.get('rathaus_sitzung');
    const s = await login(client, acc);
    assert.notEqual(s.cookies.get('rathaus_sitzung'), before);
    res = await s.get('/konto');
    assert.equal(res.status, 200);
    assert.match(res.text, /buerger@web\.example/);
    // cookie attributes
    const lb = new Browser(client);
    const csrf = await lb.csrf('/konto/anmelden');
    res = await lb.request('POST', '/konto/anmelden', { form: { csrf, email: acc.email, passwort: acc.password } });
    assert.match(res.headers.get('set-cookie'), /rathaus_sitzung=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    // sessions: two, end the other one
    res = await s.get('/konto/sitzungen');
    assert.equal((res.text.match(/\/beenden"/g) || []).length, 2);
    const other = sqlRows(srv, `SELECT id FROM sitzung WHERE konto_id = (SELECT id FROM konto WHERE email = '${acc.email}') ORDER BY id DESC LIMIT 1`)[0][0];
    res = await s.submit('/konto/sitzungen', `/konto/sitzungen/${other}/beenden`, {});
    assert.equal(res.status, 303);
    assert.equal((await lb.get('/konto')).status, 303, 'the ended session is gone');
    // export
    res = await s.get('/konto/export');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), /attachment/);
    assert.equal(JSON.parse(res.text).konto.email, acc.email);
    // password change: wrong old password → German message at the field
    res = await s.submit('/konto', '/konto/passwort', { passwort_alt: 'falsch-falsch', passwort_neu: 'neues-passwort-2' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Das Passwort ist nicht richtig/);
    assert.match(res.text, /href="#passwort_alt"/);
    res = await s.submit('/konto', '/konto/passwort', { passwort_alt: acc.password, passwort_neu: 'neues-passwort-2' });
    assert.equal(res.status, 200);
    acc.password = 'neues-passwort-2';
    // e-mail change, confirmed from the new address
    res = await s.submit('/konto', '/konto/email', { neue_email: 'neu@web.example', passwort: acc.password });
    assert.equal(res.status, 200);
    const t2 = linkToken(srv, 'neu@web.example');
    res = await s.submit(`/konto/bestaetigen?t=${t2}`, '/konto/bestaetigen', { t: t2 });
    assert.equal(res.status, 200);
    acc.email = 'neu@web.example';
    // log out
    res = await s.submit('/konto', '/konto/abmelden', {});
    assert.equal(res.status, 303);
    assert.equal((await s.get('/konto')).status, 303);
    // delete with the password
    const s2 = await login(client, acc);
    res = await s2.submit('/konto/loeschen', '/konto/loeschen', { passwort: 'falsch-falsch' });
    assert.equal(res.status, 400);
    res = await s2.submit('/konto/loeschen', '/konto/loeschen', { passwort: acc.password });
    assert.equal(res.status, 200);
    assert.equal(srv.sql(`SELECT COUNT(*) FROM konto WHERE email = '${acc.email}'`).trim(), '0');
  });

  test('password reset through the outbox link; the reply never tells whether an address exists', async () => {
    makeAccount(srv.dsn, { email: 'reset@web.example', rolle: 'buerger', password: 'altes-passwort-1' });
    const b = new Browser(client);
    const known = await b.submit('/konto/passwort-vergessen', '/konto/passwort-vergessen', { email: 'reset@web.example' });
    const unknown = await b.submit('/konto/passwort-vergessen', '/konto/passwort-vergessen', { email: 'niemand@web.example' });
    assert.equal(known.status, unknown.status);
    const strip = (t) => t.replace(/value="[^"]*"/g, '');
    assert.equal(strip(known.text), strip(unknown.text));
    const t = linkToken(srv, 'reset@web.example');
    let res = await b.submit(`/konto/passwort-neu?t=${t}`, '/konto/passwort-neu', { t, passwort: 'kurz' });
    assert.equal(res.status, 400);
    assert.match(res.text, /mindestens 10 Zeichen/);
    res = await b.submit(`/konto/passwort-neu?t=${t}`, '/konto/passwort-neu', { t, passwort: 'neues-passwort-9' });
    assert.equal(res.status, 200);
    assert.equal((await b.get(`/konto/passwort-neu?t=${t}`)).status, 404, 'the link works once');
    await login(client, { email: 'reset@web.example', password: 'neues-passwort-9' });
  });

  test('login failures: same answer for unknown addresses, lock with a growing delay, audit log', async () => {
    makeAccount(srv.dsn, { email: 'lock@web.example', rolle: 'buerger', password: 'richtiges-pw-1' });
    const b = new Browser(client);
    const wrong = await b.submit('/konto/anmelden', '/konto/anmelden', { email: 'lock@web.example', passwort: 'falsches-pw-1' });
    const unknown = await b.submit('/konto/anmelden', '/konto/anmelden', { email: 'nobody@web.example', passwort: 'falsches-pw-1' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const strip = (t) => t.replace(/value="[^"]*"/g, '');
    assert.equal(strip(wrong.text), strip(unknown.text));
    for (let i = 0; i < 4; i++) await b.submit('/konto/anmelden', '/konto/anmelden', { email: 'lock@web.example', passwort: 'falsches-pw-1' });
    const locked = await b.submit('/konto/anmelden', '/konto/anmelden', { email: 'lock@web.example', passwort: 'richtiges-pw-1' });
    assert.equal(locked.status, 429);
    assert.match(locked.text, /Zu viele Anmeldeversuche/);
    const fails = srv.sql("SELECT COUNT(*) FROM protokoll WHERE aktion = 'anmeldung_fehlgeschlagen'").trim();
    assert.ok(Number(fails) >= 6);
  });

  test('bad input gets a German message at the field', async () => {
    const b = new Browser(client);
    let res = await b.submit('/konto/registrieren', '/konto/registrieren', { email: `${'a'.repeat(300)}@web.example`, passwort: 'gutes-passwort-1' });
    assert.equal(res.status, 400);
    assert.match(res.text, /zu lang/);
    assert.match(res.text, /href="#email"/);
    assert.match(res.text, /aria-invalid="true"/);
    res = await b.submit('/konto/registrieren', '/konto/registrieren', { email: '', passwort: '' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Bitte geben Sie Ihre E-Mail-Adresse ein/);
    // invalid UTF-8 in a form: a German 400 page, nothing stored
    const csrf = await b.csrf('/konto/registrieren');
    res = await b.request('POST', '/konto/registrieren', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `csrf=${csrf}&email=a%FF%40web.example&passwort=gutes-passwort-1`,
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /ungültige Zeichen/);
  });

  test('a form without a valid CSRF token gets 403 and changes nothing', async () => {
    const acc = makeAccount(srv.dsn, { email: 'csrf@web.example', rolle: 'buerger' });
    const s = await login(client, acc);
    let res = await s.request('POST', '/konto/loeschen', { form: { passwort: acc.password } });
    assert.equal(res.status, 403);
    res = await s.request('POST', '/konto/loeschen', { form: { csrf: 'A'.repeat(43), passwort: acc.password } });
    assert.equal(res.status, 403);
    // a token of another session does not work either
    const other = new Browser(client);
    const foreign = await other.csrf('/konto/anmelden');
    res = await s.request('POST', '/konto/loeschen', { form: { csrf: foreign, passwort: acc.password } });
    assert.equal(res.status, 403);
    assert.equal(srv.sql(`SELECT status FROM konto WHERE id = ${acc.id}`).trim(), 'aktiv');
    // API with the session cookie: changes need X-CSRF-Token
    res = await s.request('DELETE', '/api/v1/konto');
    assertProblem(res, 403);
    assert.equal(srv.sql(`SELECT status FROM konto WHERE id = ${acc.id}`).trim(), 'aktiv');
  });
});

describe('pages: staff', () => {
  test('staff log in with password and TOTP; the invitation sets both up', async () => {
    const admin = makeAccount(srv.dsn, { email: 'chef@a.example', rolle: 'behoerdenadmin', behoerde: A });
    const s = await login(client, admin);
    let res = await s.submit(`/konto/behoerden/${A}/mitarbeitende`, `/konto/behoerden/${A}/mitarbeitende`, { email: 'neue@a.example', rolle: 'sachbearbeitung', oe_id: '' });
    assert.equal(res.status, 200);
    assert.match(res.text, /neue@a\.example/);
    const t = linkToken(srv, 'neue@a.example');
    const b = new Browser(client);
    res = await b.get(`/konto/einladung?t=${t}`);
    assert.equal(res.status, 200);
    const secret = /id="totp-schluessel">([A-Z2-7]{32})</.exec(res.text)[1];
    const csrf = /name="csrf" value="([^"]+)"/.exec(res.text)[1];
    res = await b.request('POST', '/konto/einladung', { form: { csrf, t, passwort: 'neue-passwort-1', geheimnis: secret, code: '000000' } });
    assert.equal(res.status, 400);
    assert.match(res.text, /Code ist nicht richtig/);
    res = await b.request('POST', '/konto/einladung', { form: { csrf, t, passwort: 'neue-passwort-1', geheimnis: secret, code: totp(secret) } });
    assert.equal(res.status, 200);
    // the login needs the code: the password alone gives a session that can do nothing
    const nb = new Browser(client);
    res = await nb.submit('/konto/anmelden', '/konto/anmelden', { email: 'neue@a.example', passwort: 'neue-passwort-1' });
    assert.equal(res.headers.get('location'), '/konto/anmelden/code');
    assert.equal((await nb.get('/konto')).status, 303);
    res = await nb.submit('/konto/anmelden/code', '/konto/anmelden/code', { code: '12' });
    assert.equal(res.status, 400);
    res = await nb.submit('/konto/anmelden/code', '/konto/anmelden/code', { code: '999999' });
    assert.equal(res.status, 401);
  });
});
