-- 0005: the Amt face's electronic files (E-Akte). The file plan (aktenplan), files (akte),
-- cases (vorgang), documents with immutable versions (dokument, dokument_version), notes
-- (vermerk), follow-ups (wiedervorlage), the office inbox (eingang), decision templates and
-- decisions with co-signing (bescheid_vorlage, bescheid), the extracted text of documents and
-- the search index over all of it (akte_suchtext), and the record of what was handed over to
-- the archive or deleted (aussonderung, aussonderung_objekt).
-- Every row carries behoerde_id, the authority owning it (the tenant), and its keys and indexes
-- lead with it. Times are INTEGER unix seconds (UTC); calendar dates are TEXT 'YYYY-MM-DD'.

-- Whether an office requires a second person to co-sign (Mitzeichnung) a decision.
ALTER TABLE organisationseinheit ADD COLUMN mitzeichnung INTEGER NOT NULL DEFAULT 0;

-- The file plan of an authority: a tree of subjects. kennzeichen is the subject's number as
-- the plan writes it ('0', '02', '02.3', '1.2.3'), unique in the authority. aufbewahrung_jahre:
-- retention in years after zdA (NULL: inherited from the parent; 0: keep permanently until
-- evaluated). archivwuerdigkeit: 'A' to be archived, 'B' to be evaluated, 'V' to be destroyed
-- (NULL: inherited).
CREATE TABLE aktenplan (
    id                 INTEGER PRIMARY KEY,
    behoerde_id        INTEGER NOT NULL REFERENCES behoerde (id) ON DELETE CASCADE,
    eltern_id          INTEGER REFERENCES aktenplan (id),
    kennzeichen        TEXT NOT NULL,
    titel              TEXT NOT NULL,
    beschreibung       TEXT,
    aufbewahrung_jahre INTEGER CHECK (aufbewahrung_jahre BETWEEN 0 AND 200),
    archivwuerdigkeit  TEXT CHECK (archivwuerdigkeit IN ('A', 'B', 'V')),
    is_aktiv           INTEGER NOT NULL DEFAULT 1,   -- 0: closed for new files, kept for old
    is_demo            INTEGER NOT NULL DEFAULT 0,
    erstellt           INTEGER NOT NULL,
    geaendert          INTEGER NOT NULL,
    UNIQUE (behoerde_id, kennzeichen)
);
CREATE INDEX aktenplan_eltern ON aktenplan (behoerde_id, eltern_id);

-- A file (Akte) filed under a subject of the plan. aktenzeichen: kennzeichen + '/' + a running
-- number per subject ('02.3/17'), unique in the authority. status 'offen', 'zda' (closed, the
-- retention runs from zda_zeitpunkt to aufbewahrung_bis), 'ausgesondert' (handed over or
-- deleted; only the record in aussonderung_objekt remains of its content).
CREATE TABLE akte (
    id                INTEGER PRIMARY KEY,
    behoerde_id       INTEGER NOT NULL REFERENCES behoerde (id),
    oe_id             INTEGER NOT NULL REFERENCES organisationseinheit (id),
    aktenplan_id      INTEGER NOT NULL REFERENCES aktenplan (id),
    laufnummer        INTEGER NOT NULL,
    aktenzeichen      TEXT NOT NULL,
    titel             TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'offen' CHECK (status IN ('offen', 'zda', 'ausgesondert')),
    konto_id          INTEGER,                  -- who created it (no FK: kept)
    erstellt          INTEGER NOT NULL,
    geaendert         INTEGER NOT NULL,
    zda_zeitpunkt     INTEGER,
    aufbewahrung_bis  TEXT,                     -- date the retention ends (NULL: open / permanent)
    UNIQUE (behoerde_id, aktenzeichen),
    UNIQUE (aktenplan_id, laufnummer)
);
CREATE INDEX akte_oe ON akte (behoerde_id, oe_id, id);
CREATE INDEX akte_faellig ON akte (behoerde_id, status, aufbewahrung_bis);

-- A case (Vorgang) in a file. antrag_id: the application it was made from (at most one case
-- per application). status mirrors the work: 'offen', 'in_bearbeitung', 'rueckfrage',
-- 'beschieden', 'zda'. bearbeitung_konto_id: the clerk who took it (NULL: nobody yet).
CREATE TABLE vorgang (
    id                    INTEGER PRIMARY KEY,
    behoerde_id           INTEGER NOT NULL REFERENCES behoerde (id),
    oe_id                 INTEGER NOT NULL REFERENCES organisationseinheit (id),
    akte_id               INTEGER NOT NULL REFERENCES akte (id),
    laufnummer            INTEGER NOT NULL,     -- per file
    aktenzeichen          TEXT NOT NULL,        -- the file's + '-' + laufnummer ('02.3/17-4')
    betreff               TEXT NOT NULL,
    antrag_id             INTEGER UNIQUE REFERENCES antrag (id),
    leistung_id           TEXT,
    status                TEXT NOT NULL DEFAULT 'offen'
                          CHECK (status IN ('offen', 'in_bearbeitung', 'rueckfrage', 'beschieden', 'zda')),
    bearbeitung_konto_id  INTEGER,
    konto_id              INTEGER,              -- who created it
    erstellt              INTEGER NOT NULL,
    geaendert             INTEGER NOT NULL,
    zda_zeitpunkt         INTEGER,
    UNIQUE (akte_id, laufnummer),
    UNIQUE (behoerde_id, aktenzeichen)
);
CREATE INDEX vorgang_oe ON vorgang (behoerde_id, oe_id, status, id);
CREATE INDEX vorgang_bearbeitung ON vorgang (behoerde_id, bearbeitung_konto_id, status);

-- The inbox of an office: incoming applications (antrag_id) and documents posted by the
-- delivery API or uploaded by hand (sha256 of a blob). status 'neu', 'zugewiesen' (a clerk
-- was set), 'uebernommen' (a case was made: vorgang_id), 'weitergeleitet' (moved to another
-- office; the row moves with it and keeps the note), 'erledigt'.
CREATE TABLE eingang (
    id                    INTEGER PRIMARY KEY,
    behoerde_id           INTEGER NOT NULL REFERENCES behoerde (id),
    oe_id                 INTEGER NOT NULL REFERENCES organisationseinheit (id),
    art                   TEXT NOT NULL CHECK (art IN ('antrag', 'dokument')),
    antrag_id             INTEGER UNIQUE REFERENCES antrag (id),
    sha256                TEXT,
    dateiname             TEXT,
    typ                   TEXT,
    groesse               INTEGER,
    betreff               TEXT NOT NULL,
    leistung_id           TEXT,
    status                TEXT NOT NULL DEFAULT 'neu'
                          CHECK (status IN ('neu', 'zugewiesen', 'uebernommen', 'weitergeleitet', 'erledigt')),
    zugewiesen_konto_id   INTEGER,
    vorgang_id            INTEGER REFERENCES vorgang (id),
    notiz                 TEXT,                 -- the forwarding note, if any
    eingegangen           INTEGER NOT NULL,
    geaendert             INTEGER NOT NULL,
    CHECK ((art = 'antrag') = (antrag_id IS NOT NULL)),
    CHECK ((art = 'dokument') = (sha256 IS NOT NULL)),
    FOREIGN KEY (behoerde_id, sha256) REFERENCES blob (behoerde_id, sha256)
);
CREATE INDEX eingang_oe ON eingang (behoerde_id, oe_id, status, eingegangen DESC, id DESC);

-- A document of a case. Its content lives in versions; aktuelle_version is the newest.
-- art: 'eingang' (from the application or inbox), 'bescheid', 'schreiben', 'vermerk',
-- 'sonstiges'. is_final: marked final (Endfassung), no further versions.
CREATE TABLE dokument (
    id                 INTEGER PRIMARY KEY,
    behoerde_id        INTEGER NOT NULL REFERENCES behoerde (id),
    vorgang_id         INTEGER NOT NULL REFERENCES vorgang (id),
    titel              TEXT NOT NULL,
    art                TEXT NOT NULL DEFAULT 'sonstiges'
                       CHECK (art IN ('eingang', 'bescheid', 'schreiben', 'vermerk', 'sonstiges')),
    aktuelle_version   INTEGER NOT NULL DEFAULT 0,
    is_final           INTEGER NOT NULL DEFAULT 0,
    konto_id           INTEGER,
    erstellt           INTEGER NOT NULL,
    geaendert          INTEGER NOT NULL
);
CREATE INDEX dokument_vorgang ON dokument (behoerde_id, vorgang_id, id);

-- One immutable version of a document: a blob (content-addressed by SHA-256) under a name.
CREATE TABLE dokument_version (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL,
    dokument_id  INTEGER NOT NULL REFERENCES dokument (id),
    version      INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    dateiname    TEXT NOT NULL,
    typ          TEXT NOT NULL,
    groesse      INTEGER NOT NULL,
    konto_id     INTEGER,
    erstellt     INTEGER NOT NULL,
    UNIQUE (dokument_id, version),
    FOREIGN KEY (behoerde_id, sha256) REFERENCES blob (behoerde_id, sha256)
);
CREATE TRIGGER dokument_version_unveraenderlich BEFORE UPDATE ON dokument_version BEGIN
    SELECT RAISE(ABORT, 'dokument_version is immutable');
END;

-- The text of a document version for the search: from the bytes (text/plain), pdftotext, or
-- OCR (tesseract) for scans without text. status 'offen' (waiting for the background worker),
-- 'fertig', 'fehler' (with the reason in fehler), 'ohne' (nothing to extract).
CREATE TABLE dokument_text (
    version_id   INTEGER PRIMARY KEY REFERENCES dokument_version (id),
    behoerde_id  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('offen', 'fertig', 'fehler', 'ohne')),
    quelle       TEXT CHECK (quelle IN ('text', 'pdftotext', 'ocr')),
    text         TEXT,
    fehler       TEXT,
    versuche     INTEGER NOT NULL DEFAULT 0,
    geaendert    INTEGER NOT NULL
);
CREATE INDEX dokument_text_offen ON dokument_text (status, version_id);

-- A note (Vermerk) in a case. Never changed; a correction is a new note.
CREATE TABLE vermerk (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL REFERENCES behoerde (id),
    vorgang_id   INTEGER NOT NULL REFERENCES vorgang (id),
    text         TEXT NOT NULL,
    konto_id     INTEGER,
    erstellt     INTEGER NOT NULL
);
CREATE INDEX vermerk_vorgang ON vermerk (behoerde_id, vorgang_id, id);

-- A follow-up (Wiedervorlage): on datum the case comes back to konto_id (the clerk who set it
-- or the one it was set for). erledigt: when it was done.
CREATE TABLE wiedervorlage (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL REFERENCES behoerde (id),
    vorgang_id   INTEGER NOT NULL REFERENCES vorgang (id),
    konto_id     INTEGER NOT NULL,
    datum        TEXT NOT NULL,
    grund        TEXT NOT NULL,
    erstellt     INTEGER NOT NULL,
    erledigt     INTEGER
);
CREATE INDEX wiedervorlage_konto ON wiedervorlage (behoerde_id, konto_id, erledigt, datum);
CREATE INDEX wiedervorlage_vorgang ON wiedervorlage (behoerde_id, vorgang_id, id);

-- A decision template of an authority (for one office and/or Leistung, or for all). text has
-- fields in double braces ({{antrag.name}}, {{vorgang.aktenzeichen}}, {{heute}}) filled when a
-- decision is drafted from it.
CREATE TABLE bescheid_vorlage (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL REFERENCES behoerde (id) ON DELETE CASCADE,
    oe_id        INTEGER REFERENCES organisationseinheit (id),
    leistung_id  TEXT,
    name         TEXT NOT NULL,
    betreff      TEXT NOT NULL,
    text         TEXT NOT NULL,
    is_demo      INTEGER NOT NULL DEFAULT 0,
    erstellt     INTEGER NOT NULL,
    geaendert    INTEGER NOT NULL,
    UNIQUE (behoerde_id, name)
);

-- A decision (Bescheid) of a case. status 'entwurf', 'mitzeichnung' (waiting for the second
-- person), 'versandt' (sent to the citizen's Postfach and filed as dokument_id),
-- 'abgelehnt' (the co-signer sent it back; a new draft follows).
CREATE TABLE bescheid (
    id                    INTEGER PRIMARY KEY,
    behoerde_id           INTEGER NOT NULL REFERENCES behoerde (id),
    vorgang_id            INTEGER NOT NULL REFERENCES vorgang (id),
    vorlage_id            INTEGER REFERENCES bescheid_vorlage (id),
    betreff               TEXT NOT NULL,
    text                  TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('entwurf', 'mitzeichnung', 'versandt', 'abgelehnt')),
    konto_id              INTEGER NOT NULL,     -- who drafted it
    mitzeichnung_konto_id INTEGER,              -- who co-signed (never the drafter)
    mitzeichnung_zeitpunkt INTEGER,
    dokument_id           INTEGER REFERENCES dokument (id),
    nachricht_id          INTEGER REFERENCES nachricht (id),
    erstellt              INTEGER NOT NULL,
    versandt              INTEGER
);
CREATE INDEX bescheid_vorgang ON bescheid (behoerde_id, vorgang_id, id);

-- The search index of the Amt face: one row per searchable thing (a file's or case's
-- metadata, a note, a document version's text), with the office that may see it.
-- objekt_typ 'akte', 'vorgang', 'vermerk', 'dokument'; vorgang_id / akte_id locate the hit.
CREATE TABLE akte_suchtext (
    id           INTEGER PRIMARY KEY,
    behoerde_id  INTEGER NOT NULL,
    oe_id        INTEGER NOT NULL,
    objekt_typ   TEXT NOT NULL,
    objekt_id    INTEGER NOT NULL,
    akte_id      INTEGER,
    vorgang_id   INTEGER,
    titel        TEXT NOT NULL,
    text         TEXT NOT NULL,
    geaendert    INTEGER NOT NULL,
    UNIQUE (objekt_typ, objekt_id)
);
CREATE INDEX akte_suchtext_behoerde ON akte_suchtext (behoerde_id, oe_id);
CREATE VIRTUAL TABLE akte_suchtext_fts USING fts5 (
    titel, text, content = 'akte_suchtext', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER akte_suchtext_ai AFTER INSERT ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (rowid, titel, text) VALUES (new.id, new.titel, new.text);
END;
CREATE TRIGGER akte_suchtext_ad AFTER DELETE ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (akte_suchtext_fts, rowid, titel, text)
        VALUES ('delete', old.id, old.titel, old.text);
END;
CREATE TRIGGER akte_suchtext_au AFTER UPDATE ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (akte_suchtext_fts, rowid, titel, text)
        VALUES ('delete', old.id, old.titel, old.text);
    INSERT INTO akte_suchtext_fts (rowid, titel, text) VALUES (new.id, new.titel, new.text);
END;

-- A hand-over to the archive or a deletion (Aussonderung). art 'abgabe' (xdomea message to the
-- archive; status 'exportiert' until the archive's receipt, then 'quittiert') or 'loeschung'
-- (destroyed after the retention, status 'geloescht'). nachricht_kennung: the xdomea message
-- id (a UUID); sha256: of the exported zip.
CREATE TABLE aussonderung (
    id                 INTEGER PRIMARY KEY,
    behoerde_id        INTEGER NOT NULL REFERENCES behoerde (id),
    art                TEXT NOT NULL CHECK (art IN ('abgabe', 'loeschung')),
    status             TEXT NOT NULL CHECK (status IN ('exportiert', 'quittiert', 'geloescht')),
    nachricht_kennung  TEXT,
    sha256             TEXT,
    konto_id           INTEGER,
    erstellt           INTEGER NOT NULL,
    quittiert          INTEGER
);
CREATE INDEX aussonderung_behoerde ON aussonderung (behoerde_id, id);

-- What an Aussonderung contained: kept after the file itself is gone.
CREATE TABLE aussonderung_objekt (
    aussonderung_id  INTEGER NOT NULL REFERENCES aussonderung (id),
    behoerde_id      INTEGER NOT NULL,
    akte_id          INTEGER NOT NULL,
    aktenzeichen     TEXT NOT NULL,
    titel            TEXT NOT NULL,
    zda_zeitpunkt    INTEGER,
    aufbewahrung_bis TEXT,
    archivwuerdigkeit TEXT,
    n_vorgaenge      INTEGER NOT NULL,
    n_dokumente      INTEGER NOT NULL,
    PRIMARY KEY (aussonderung_id, akte_id)
);
