-- 0003: online applications. Form definitions (formular, versioned per Leistung), the
-- applications (antrag) with their answers, attachments and content-addressed blobs, the status
-- timeline, receipts (eingangsbestaetigung), idempotency keys of submissions, the mailbox
-- (nachricht) and the acknowledgements of the delivery API (zustellung_quittung).
-- Every row with personal data carries behoerde_id, the responsible authority (the tenant),
-- and its keys and indexes lead with it. Times are INTEGER unix seconds (UTC).

-- A form definition (docs/formular.md, format rathaus-formular/1). behoerde_id NULL: for the
-- whole Land (imported by the operator); else an authority's own form for the Leistung, which
-- takes precedence for applications routed to it. Only 'veroeffentlicht' ones are used for new
-- applications; an application keeps the version it was started with.
CREATE TABLE formular (
    id              INTEGER PRIMARY KEY,
    leistung_id     TEXT NOT NULL REFERENCES leistung (id),
    behoerde_id     INTEGER REFERENCES behoerde (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('entwurf', 'veroeffentlicht', 'zurueckgezogen')),
    titel           TEXT NOT NULL,
    definition      TEXT NOT NULL,          -- the JSON text as checked
    sha256          TEXT NOT NULL,          -- hex SHA-256 of definition
    erstellt        INTEGER NOT NULL,
    veroeffentlicht INTEGER,
    zurueckgezogen  INTEGER,
    UNIQUE (leistung_id, version)
);
CREATE INDEX formular_behoerde ON formular (behoerde_id, leistung_id, version);

-- An application: a draft until submitted. behoerde_id / oe_id: the office responsible for
-- the Leistung at the applicant's place (gemeinde_ags), found when the draft is made.
-- konto_id NULL: an anonymous draft, reachable only through the private resume link whose
-- secret's hex SHA-256 is fortsetzung.
CREATE TABLE antrag (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL REFERENCES behoerde (id),
    oe_id        INTEGER NOT NULL REFERENCES organisationseinheit (id),
    konto_id     INTEGER REFERENCES konto (id) ON DELETE SET NULL,
    formular_id  INTEGER NOT NULL REFERENCES formular (id),
    leistung_id  TEXT NOT NULL,
    gemeinde_ags TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('entwurf', 'eingegangen', 'in_bearbeitung',
                                                 'rueckfrage', 'beschieden', 'zurueckgezogen')),
    fortsetzung  TEXT UNIQUE,
    schritt      INTEGER NOT NULL DEFAULT 0,  -- the step the person was last on (portal)
    revision     INTEGER NOT NULL DEFAULT 0,  -- counts changes of answers and attachments
    erstellt     INTEGER NOT NULL,
    geaendert    INTEGER NOT NULL,
    eingereicht  INTEGER
);
CREATE INDEX antrag_behoerde ON antrag (behoerde_id, status, id);
CREATE INDEX antrag_konto ON antrag (konto_id, id);

-- The answers of an application (JSON object, cleaned by the form's rules). Changed only while
-- the application is a draft.
CREATE TABLE antrag_daten (
    antrag_id   INTEGER PRIMARY KEY REFERENCES antrag (id) ON DELETE CASCADE,
    behoerde_id INTEGER NOT NULL,
    daten       TEXT NOT NULL,
    geaendert   INTEGER NOT NULL
);

-- File contents, content-addressed per tenant and never changed: a second upload of the same
-- bytes finds the row that is there. Kept in the database so that backups hold them.
CREATE TABLE blob (
    behoerde_id INTEGER NOT NULL REFERENCES behoerde (id),
    sha256      TEXT NOT NULL,              -- hex SHA-256 of inhalt
    groesse     INTEGER NOT NULL,
    typ         TEXT NOT NULL,              -- media type found by content (libmagic)
    inhalt      BLOB NOT NULL,
    erstellt    INTEGER NOT NULL,
    PRIMARY KEY (behoerde_id, sha256)
);
CREATE TRIGGER blob_unveraenderlich BEFORE UPDATE ON blob BEGIN
    SELECT RAISE(ABORT, 'blob is immutable');
END;

-- An attachment of an application: a blob under the name the person gave it.
CREATE TABLE anlage (
    id          INTEGER PRIMARY KEY,
    behoerde_id INTEGER NOT NULL,
    antrag_id   INTEGER NOT NULL REFERENCES antrag (id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL,
    dateiname   TEXT NOT NULL,
    typ         TEXT NOT NULL,
    groesse     INTEGER NOT NULL,
    erstellt    INTEGER NOT NULL,
    UNIQUE (antrag_id, sha256),
    FOREIGN KEY (behoerde_id, sha256) REFERENCES blob (behoerde_id, sha256)
);
CREATE INDEX anlage_behoerde ON anlage (behoerde_id, antrag_id);

-- The status timeline: one row per change (eingegangen, in_bearbeitung, rueckfrage,
-- beschieden, zurueckgezogen); the draft's creation is the first row ('entwurf').
CREATE TABLE antrag_status (
    id          INTEGER PRIMARY KEY,
    behoerde_id INTEGER NOT NULL,
    antrag_id   INTEGER NOT NULL REFERENCES antrag (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    zeitpunkt   INTEGER NOT NULL,
    konto_id    INTEGER,                    -- who changed it, if anyone (no FK: kept)
    bemerkung   TEXT
);
CREATE INDEX antrag_status_antrag ON antrag_status (antrag_id, id);

-- The receipt of a submitted application. inhalt is the canonical JSON of what was submitted
-- (domain/antrag.h), sha256 its hex SHA-256: anyone holding the text can check the hash.
CREATE TABLE eingangsbestaetigung (
    antrag_id   INTEGER PRIMARY KEY REFERENCES antrag (id) ON DELETE CASCADE,
    behoerde_id INTEGER NOT NULL,
    nummer      TEXT NOT NULL UNIQUE,
    zeitpunkt   INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    inhalt      TEXT NOT NULL
);
CREATE INDEX eingangsbestaetigung_behoerde ON eingangsbestaetigung (behoerde_id, antrag_id);

-- Idempotency keys of submissions: the same key for the same application answers the same
-- receipt again instead of submitting twice.
CREATE TABLE idempotenz (
    antrag_id   INTEGER NOT NULL REFERENCES antrag (id) ON DELETE CASCADE,
    schluessel  TEXT NOT NULL,              -- the client's Idempotency-Key (at most 200 bytes)
    behoerde_id INTEGER NOT NULL,
    erstellt    INTEGER NOT NULL,
    PRIMARY KEY (antrag_id, schluessel)
);

-- The mailbox: messages between an office and a citizen's account, about an application.
-- richtung 'an_buerger' (from the office: receipts, questions, decisions) or 'an_behoerde'.
CREATE TABLE nachricht (
    id          INTEGER PRIMARY KEY,
    behoerde_id INTEGER NOT NULL REFERENCES behoerde (id),
    konto_id    INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    antrag_id   INTEGER REFERENCES antrag (id) ON DELETE SET NULL,
    richtung    TEXT NOT NULL CHECK (richtung IN ('an_buerger', 'an_behoerde')),
    art         TEXT NOT NULL CHECK (art IN ('nachricht', 'eingangsbestaetigung', 'rueckfrage',
                                              'bescheid')),
    betreff     TEXT NOT NULL,
    text        TEXT NOT NULL,
    erstellt    INTEGER NOT NULL,
    gelesen     INTEGER                     -- when the recipient first opened it
);
CREATE INDEX nachricht_konto ON nachricht (konto_id, id);
CREATE INDEX nachricht_behoerde ON nachricht (behoerde_id, id);

CREATE TABLE nachricht_anlage (
    nachricht_id INTEGER NOT NULL REFERENCES nachricht (id) ON DELETE CASCADE,
    behoerde_id  INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    dateiname    TEXT NOT NULL,
    typ          TEXT NOT NULL,
    groesse      INTEGER NOT NULL,
    PRIMARY KEY (nachricht_id, sha256),
    FOREIGN KEY (behoerde_id, sha256) REFERENCES blob (behoerde_id, sha256)
);

-- The delivery API: a specialist system acknowledged that it took over the submission.
-- Unacknowledged submissions stay listed.
CREATE TABLE zustellung_quittung (
    antrag_id   INTEGER PRIMARY KEY REFERENCES antrag (id) ON DELETE CASCADE,
    behoerde_id INTEGER NOT NULL,
    konto_id    INTEGER,                    -- the staff account whose token acknowledged
    zeitpunkt   INTEGER NOT NULL
);
CREATE INDEX zustellung_quittung_behoerde ON zustellung_quittung (behoerde_id, antrag_id);
