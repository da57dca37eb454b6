-- 0002: accounts and roles, sessions, API tokens, login rate limits, the e-mail outbox, the
-- audit log (protokoll) and the one-time tokens for e-mail confirmation, password reset and
-- invitations. Times are INTEGER unix seconds (UTC). Secrets are never stored: sessions,
-- tokens and links keep only the hex SHA-256 of the random value the person holds; passwords
-- keep an argon2id string (libsodium crypto_pwhash_str).

-- An account: citizen or business ('buerger') or staff ('personal'). The e-mail is stored
-- lower-cased and is the login name. Personal data, but not tenant data: a staff account's
-- tenants are the behoerde_id of its roles.
CREATE TABLE konto (
    id                   INTEGER PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    art                  TEXT NOT NULL CHECK (art IN ('buerger', 'personal')),
    -- 'unbestaetigt' (e-mail not confirmed / invitation not taken up), 'aktiv', 'gesperrt'
    status               TEXT NOT NULL,
    passwort_hash        TEXT,               -- argon2id string; NULL: no password set (yet)
    totp_geheimnis       TEXT,               -- base32 TOTP secret (RFC 6238); NULL: none
    totp_letzter_schritt INTEGER NOT NULL DEFAULT 0, -- last accepted time step (no replay)
    oidc_issuer          TEXT,               -- external identity (OpenID Connect), if linked
    oidc_subject         TEXT,
    erstellt             INTEGER NOT NULL,
    geaendert            INTEGER NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
);

-- A role of an account and its scope: behoerde_id (and optionally one office, oe_id) for
-- sachbearbeitung and behoerdenadmin; kreis_ags (NULL: statewide) for koordination; nothing
-- for buerger, ministerium and betrieb.
CREATE TABLE konto_rolle (
    id          INTEGER PRIMARY KEY,
    behoerde_id INTEGER REFERENCES behoerde (id) ON DELETE CASCADE,
    konto_id    INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    rolle       TEXT NOT NULL CHECK (rolle IN ('buerger', 'sachbearbeitung', 'behoerdenadmin',
                                               'koordination', 'ministerium', 'betrieb')),
    oe_id       INTEGER REFERENCES organisationseinheit (id) ON DELETE CASCADE,
    kreis_ags   TEXT REFERENCES kreis (ags),
    erstellt    INTEGER NOT NULL
);
CREATE UNIQUE INDEX konto_rolle_eindeutig
    ON konto_rolle (konto_id, rolle, COALESCE(behoerde_id, 0), COALESCE(oe_id, 0),
                    COALESCE(kreis_ags, ''));
CREATE INDEX konto_rolle_behoerde ON konto_rolle (behoerde_id, konto_id);

-- A login session. The cookie holds a random id; only its SHA-256 (hex) is kept here.
-- stufe 1: password accepted, second factor outstanding (allows nothing but the code page).
CREATE TABLE sitzung (
    id            INTEGER PRIMARY KEY,       -- public number, to list and end sessions
    schluessel    TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the cookie value
    konto_id      INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    stufe         INTEGER NOT NULL DEFAULT 0,
    erstellt      INTEGER NOT NULL,
    zuletzt       INTEGER NOT NULL,          -- last use: idle expiry counts from here
    ablauf        INTEGER NOT NULL,          -- absolute expiry
    herkunft      TEXT,                      -- client address at login
    geraet        TEXT                       -- user agent at login, cut to 200 bytes
);
CREATE INDEX sitzung_konto ON sitzung (konto_id, id);

-- An API token (Authorization: Bearer). Only the SHA-256 of the token is kept; `anfang` is its
-- first characters, so people can tell their tokens apart. scope 'lesen' or 'voll'.
CREATE TABLE api_token (
    id             INTEGER PRIMARY KEY,
    schluessel     TEXT NOT NULL UNIQUE,
    konto_id       INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    scope          TEXT NOT NULL CHECK (scope IN ('lesen', 'voll')),
    anfang         TEXT NOT NULL,
    erstellt       INTEGER NOT NULL,
    ablauf         INTEGER NOT NULL,
    widerrufen     INTEGER,                  -- time of revocation, NULL while valid
    zuletzt        INTEGER
);
CREATE INDEX api_token_konto ON api_token (konto_id, id);

-- Failed logins per key: 'e:' + keyed hash of the e-mail (whether registered or not) and
-- 'a:' + keyed hash of the client address. Past a threshold the key is locked until
-- gesperrt_bis, for a time that doubles with every further failure.
CREATE TABLE anmeldeversuch (
    schluessel   TEXT PRIMARY KEY,
    fehlversuche INTEGER NOT NULL,
    zuletzt      INTEGER NOT NULL,
    gesperrt_bis INTEGER NOT NULL DEFAULT 0
);

-- E-mail to send. The sender (SMTP, when configured) sets gesendet; tests read this table.
CREATE TABLE postausgang (
    id          INTEGER PRIMARY KEY,
    behoerde_id INTEGER REFERENCES behoerde (id) ON DELETE SET NULL, -- sending tenant, if any
    konto_id    INTEGER REFERENCES konto (id) ON DELETE SET NULL,
    empfaenger  TEXT NOT NULL,
    betreff     TEXT NOT NULL,
    text        TEXT NOT NULL,
    erstellt    INTEGER NOT NULL,
    gesendet    INTEGER,
    versuche    INTEGER NOT NULL DEFAULT 0,
    fehler      TEXT
);
CREATE INDEX postausgang_offen ON postausgang (gesendet, id);

-- The audit log: append-only, one hash chain per authority (kette = behoerde_id) and one for
-- global events (kette = 0, behoerde_id NULL). hash = SHA-256 over the chain's previous hash
-- and the row's canonical fields (domain/protokoll.h); vorher_hash of a chain's first row is
-- 64 zeros. protokoll_kopf holds each chain's last hash and length, and serializes appends.
CREATE TABLE protokoll (
    id          INTEGER PRIMARY KEY,
    kette       INTEGER NOT NULL,
    folge       INTEGER NOT NULL,             -- 1, 2, ... within the chain
    zeitpunkt   INTEGER NOT NULL,
    behoerde_id INTEGER,                      -- NULL: a global event
    konto_id    INTEGER,                      -- the acting account, if any (no FK: kept on delete)
    aktion      TEXT NOT NULL,
    objekt_typ  TEXT,
    objekt_id   TEXT,
    herkunft    TEXT,                         -- client address as given
    detail      TEXT NOT NULL DEFAULT '{}',   -- JSON object, no personal data
    vorher_hash TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (kette, folge)
);
CREATE INDEX protokoll_behoerde ON protokoll (behoerde_id, id);
CREATE INDEX protokoll_konto ON protokoll (konto_id, id);

CREATE TABLE protokoll_kopf (
    kette       INTEGER PRIMARY KEY,
    letzte_folge INTEGER NOT NULL,
    letzter_hash TEXT NOT NULL
);

-- An invitation of a staff member (or an account made by the operator): the link lets the
-- person set a password (and, for staff, a TOTP secret).
CREATE TABLE einladung (
    schluessel  TEXT PRIMARY KEY,
    behoerde_id INTEGER REFERENCES behoerde (id) ON DELETE CASCADE,
    konto_id    INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    erstellt    INTEGER NOT NULL,
    ablauf      INTEGER NOT NULL,
    eingeloest  INTEGER
);
CREATE INDEX einladung_konto ON einladung (konto_id);

-- A link that confirms an e-mail address: a new account's, or the new address of a change.
CREATE TABLE email_bestaetigung (
    schluessel TEXT PRIMARY KEY,
    konto_id   INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    neue_email TEXT,                          -- NULL: confirms the account's own address
    erstellt   INTEGER NOT NULL,
    ablauf     INTEGER NOT NULL
);
CREATE INDEX email_bestaetigung_konto ON email_bestaetigung (konto_id);

CREATE TABLE passwort_reset (
    schluessel TEXT PRIMARY KEY,
    konto_id   INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    erstellt   INTEGER NOT NULL,
    ablauf     INTEGER NOT NULL
);
CREATE INDEX passwort_reset_konto ON passwort_reset (konto_id);

-- An OpenID Connect login in progress: state (hashed) → PKCE verifier and nonce.
CREATE TABLE oidc_anmeldung (
    schluessel TEXT PRIMARY KEY,
    verifier   TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    erstellt   INTEGER NOT NULL
);
