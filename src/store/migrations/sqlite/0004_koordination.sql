-- 0004: Koordination — what the e-government coordinators and the ministry work with.
-- Reports of the municipalities (which OZG-Leistung they offer online elsewhere, their
-- building blocks, onboarding checklists, E-Akte stage), support requests (Anfragen) with
-- replies, knowledge articles with versions and tags, events with registrations and a waiting
-- list, and the funding programme (periods, budget per coordinator position, expenses).
-- What the platform itself offers online is NOT stored here: it is derived live from
-- zustaendigkeit and onlinedienst (domain/umsetzung.h), so it can never go stale.
-- None of these tables holds personal data from applications or files; konto_id columns name
-- the staff account that acted and are never shown to coordinators or the ministry.
-- Times are INTEGER unix seconds (UTC); dates a person gives are TEXT 'YYYY-MM-DD'.

-- The Lagebild reads every responsibility with an online service of an area in one range
-- scan of this covering index (domain/umsetzung.h), with no lookup into zustaendigkeit.
CREATE INDEX zustaendigkeit_online ON zustaendigkeit (gebiet_ags, leistung_id, onlinedienst_id)
    WHERE onlinedienst_id IS NOT NULL;

-- A funded coordinator position: one per Landkreis (kreis_ags) or at a municipal association
-- (verband: 'gemeindetag', 'staedtetag', 'landkreistag'; statewide).
CREATE TABLE koordinator (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,                -- 'E-Government-Koordination Landkreis Böblingen'
    kreis_ags TEXT REFERENCES kreis (ags),
    verband   TEXT CHECK (verband IN ('gemeindetag', 'staedtetag', 'landkreistag')),
    email     TEXT,                         -- the position's functional mailbox
    CHECK ((kreis_ags IS NULL) <> (verband IS NULL))
);
CREATE UNIQUE INDEX koordinator_kreis ON koordinator (kreis_ags) WHERE kreis_ags IS NOT NULL;
CREATE UNIQUE INDEX koordinator_verband ON koordinator (verband) WHERE verband IS NOT NULL;

-- A municipality's report that it offers an OZG-Leistung online outside this platform (or
-- that it no longer does: online = 0). The newest report per (gemeinde, OZG-Leistung) counts.
CREATE TABLE umsetzung_meldung (
    gemeinde_ags      TEXT NOT NULL REFERENCES gemeinde (ags),
    ozg_id            INTEGER NOT NULL REFERENCES ozg_leistung (id),
    online            INTEGER NOT NULL CHECK (online IN (0, 1)),
    reifegrad         INTEGER NOT NULL DEFAULT 0 CHECK (reifegrad BETWEEN 0 AND 4),
    seit              TEXT,                 -- online since, as reported
    onlinedienst_name TEXT,                 -- e.g. the vendor's portal service
    url               TEXT,
    behoerde_id       INTEGER REFERENCES behoerde (id) ON DELETE SET NULL, -- who reported
    konto_id          INTEGER,              -- the reporting staff account (no FK: kept on delete)
    gemeldet_am       INTEGER NOT NULL,
    PRIMARY KEY (gemeinde_ags, ozg_id)
);
CREATE INDEX umsetzung_meldung_ozg ON umsetzung_meldung (ozg_id, gemeinde_ags);

-- Building blocks a municipality uses: portal, form server, payment platform, service
-- account, specialist procedures (fachverfahren) with their vendors, E-Akte product.
CREATE TABLE baustein (
    id           INTEGER PRIMARY KEY,
    gemeinde_ags TEXT NOT NULL REFERENCES gemeinde (ags),
    art          TEXT NOT NULL CHECK (art IN ('portal', 'formularserver', 'bezahlplattform',
                                              'servicekonto', 'fachverfahren', 'eakte',
                                              'sonstiges')),
    name         TEXT NOT NULL,
    hersteller   TEXT,
    seit         TEXT,
    behoerde_id  INTEGER REFERENCES behoerde (id) ON DELETE SET NULL,
    konto_id     INTEGER,
    gemeldet_am  INTEGER NOT NULL,
    UNIQUE (gemeinde_ags, art, name)
);

-- Onboarding checklist of one OZG-Leistung at one municipality: which steps are done.
-- schritt: 'zustaendigkeit', 'fachverfahren', 'formular', 'bezahlung', 'test', 'freigabe'.
CREATE TABLE checkliste (
    gemeinde_ags TEXT NOT NULL REFERENCES gemeinde (ags),
    ozg_id       INTEGER NOT NULL REFERENCES ozg_leistung (id),
    schritt      TEXT NOT NULL,
    erledigt     INTEGER NOT NULL DEFAULT 0 CHECK (erledigt IN (0, 1)),
    notiz        TEXT,
    konto_id     INTEGER,
    geaendert    INTEGER NOT NULL,
    PRIMARY KEY (gemeinde_ags, ozg_id, schritt)
);

-- The E-Akte stage of a municipality as reported (the newest row per gemeinde counts; the
-- history stays for the reports over time).
-- stufe: 'nicht_begonnen', 'geplant', 'pilot', 'teilweise' (in some offices), 'flaechendeckend'.
CREATE TABLE eakte_stufe (
    id           INTEGER PRIMARY KEY,
    gemeinde_ags TEXT NOT NULL REFERENCES gemeinde (ags),
    stufe        TEXT NOT NULL CHECK (stufe IN ('nicht_begonnen', 'geplant', 'pilot',
                                                'teilweise', 'flaechendeckend')),
    seit         TEXT,
    behoerde_id  INTEGER REFERENCES behoerde (id) ON DELETE SET NULL,
    konto_id     INTEGER,
    gemeldet_am  INTEGER NOT NULL
);
CREATE INDEX eakte_stufe_gemeinde ON eakte_stufe (gemeinde_ags, gemeldet_am, id);

-- A support request of a municipality's staff to the coordinators of its district. Tenant
-- data of the requesting authority (behoerde_id); routed by kreis_ags.
-- kategorie: 'ozg_leistung', 'plattform', 'eakte', 'foerderung', 'sonstiges'.
-- status: 'neu', 'in_bearbeitung', 'wartet' (on the municipality), 'erledigt'.
CREATE TABLE anfrage (
    id                  INTEGER PRIMARY KEY,
    behoerde_id         INTEGER NOT NULL REFERENCES behoerde (id) ON DELETE CASCADE,
    kreis_ags           TEXT NOT NULL REFERENCES kreis (ags),
    kategorie           TEXT NOT NULL CHECK (kategorie IN ('ozg_leistung', 'plattform', 'eakte',
                                                           'foerderung', 'sonstiges')),
    betreff             TEXT NOT NULL,
    text                TEXT NOT NULL,
    ozg_id              INTEGER REFERENCES ozg_leistung (id),
    status              TEXT NOT NULL DEFAULT 'neu'
                        CHECK (status IN ('neu', 'in_bearbeitung', 'wartet', 'erledigt')),
    erstellt_konto_id   INTEGER,
    zugewiesen_konto_id INTEGER,
    erstellt            INTEGER NOT NULL,
    geaendert           INTEGER NOT NULL,
    faellig             INTEGER NOT NULL,   -- erstellt + the category's service level
    erledigt_am         INTEGER
);
CREATE INDEX anfrage_behoerde ON anfrage (behoerde_id, id);
CREATE INDEX anfrage_kreis ON anfrage (kreis_ags, status, faellig, id);

-- A reply to a request; is_intern: a note among coordinators, never shown to the municipality.
CREATE TABLE anfrage_antwort (
    id          INTEGER PRIMARY KEY,
    anfrage_id  INTEGER NOT NULL REFERENCES anfrage (id) ON DELETE CASCADE,
    behoerde_id INTEGER NOT NULL,           -- the request's tenant, for filtering
    konto_id    INTEGER,
    von_koordination INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL,
    is_intern   INTEGER NOT NULL DEFAULT 0 CHECK (is_intern IN (0, 1)),
    erstellt    INTEGER NOT NULL
);
CREATE INDEX anfrage_antwort_anfrage ON anfrage_antwort (anfrage_id, id);

-- Attachments of a request (bytes inline; at most a few MB each, checked by the domain).
CREATE TABLE anfrage_anlage (
    id          INTEGER PRIMARY KEY,
    anfrage_id  INTEGER NOT NULL REFERENCES anfrage (id) ON DELETE CASCADE,
    behoerde_id INTEGER NOT NULL,
    name        TEXT NOT NULL,
    typ         TEXT NOT NULL,
    groesse     INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    inhalt      BLOB NOT NULL,
    erstellt    INTEGER NOT NULL
);
CREATE INDEX anfrage_anlage_anfrage ON anfrage_anlage (anfrage_id, id);

-- A knowledge article or reusable solution (loesung = 1), Markdown; the current version is
-- copied into artikel, every version is kept in artikel_version.
CREATE TABLE artikel (
    id        INTEGER PRIMARY KEY,
    titel     TEXT NOT NULL,
    text      TEXT NOT NULL,
    version   INTEGER NOT NULL DEFAULT 1,
    loesung   INTEGER NOT NULL DEFAULT 0 CHECK (loesung IN (0, 1)),
    suchtext  TEXT NOT NULL DEFAULT '',    -- lower-cased title, tags and text, for search
    konto_id  INTEGER,
    erstellt  INTEGER NOT NULL,
    geaendert INTEGER NOT NULL
);
CREATE INDEX artikel_geaendert ON artikel (geaendert, id);

CREATE TABLE artikel_version (
    artikel_id INTEGER NOT NULL REFERENCES artikel (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    titel      TEXT NOT NULL,
    text       TEXT NOT NULL,
    konto_id   INTEGER,
    erstellt   INTEGER NOT NULL,
    PRIMARY KEY (artikel_id, version)
);

CREATE TABLE artikel_tag (
    artikel_id INTEGER NOT NULL REFERENCES artikel (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (artikel_id, tag)
);
CREATE INDEX artikel_tag_tag ON artikel_tag (tag, artikel_id);

-- Which articles a request links to.
CREATE TABLE anfrage_artikel (
    anfrage_id INTEGER NOT NULL REFERENCES anfrage (id) ON DELETE CASCADE,
    artikel_id INTEGER NOT NULL REFERENCES artikel (id) ON DELETE CASCADE,
    PRIMARY KEY (anfrage_id, artikel_id)
);

-- An event: webinar, network meeting, training. belegt counts the confirmed registrations
-- (kept by the domain in the same transaction), so that capacity is checked atomically.
CREATE TABLE termin (
    id          INTEGER PRIMARY KEY,
    titel       TEXT NOT NULL,
    beschreibung TEXT,
    art         TEXT NOT NULL DEFAULT 'sonstiges'
                CHECK (art IN ('webinar', 'netzwerktreffen', 'schulung', 'sonstiges')),
    beginn      INTEGER NOT NULL,
    ende        INTEGER NOT NULL,
    ort         TEXT,                       -- a place or a link
    kapazitaet  INTEGER NOT NULL CHECK (kapazitaet >= 0),
    belegt      INTEGER NOT NULL DEFAULT 0,
    kreis_ags   TEXT REFERENCES kreis (ags), -- NULL: for the whole Land
    konto_id    INTEGER,                    -- the organiser
    abgesagt    INTEGER NOT NULL DEFAULT 0 CHECK (abgesagt IN (0, 1)),
    erstellt    INTEGER NOT NULL,
    geaendert   INTEGER NOT NULL,
    CHECK (ende >= beginn)
);
CREATE INDEX termin_beginn ON termin (beginn, id);

-- A registration: 'angemeldet', 'warteliste' (in order of id) or 'storniert'.
CREATE TABLE anmeldung (
    id          INTEGER PRIMARY KEY,
    termin_id   INTEGER NOT NULL REFERENCES termin (id) ON DELETE CASCADE,
    konto_id    INTEGER NOT NULL REFERENCES konto (id) ON DELETE CASCADE,
    behoerde_id INTEGER REFERENCES behoerde (id) ON DELETE SET NULL,
    status      TEXT NOT NULL CHECK (status IN ('angemeldet', 'warteliste', 'storniert')),
    erstellt    INTEGER NOT NULL,
    geaendert   INTEGER NOT NULL,
    UNIQUE (termin_id, konto_id)
);
CREATE INDEX anmeldung_termin ON anmeldung (termin_id, status, id);

-- The funding programme: periods, the budget per funded position, expenses.
CREATE TABLE foerderperiode (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    beginn TEXT NOT NULL,
    ende   TEXT NOT NULL,
    CHECK (ende >= beginn)
);

CREATE TABLE budget (
    periode_id     INTEGER NOT NULL REFERENCES foerderperiode (id) ON DELETE CASCADE,
    koordinator_id INTEGER NOT NULL REFERENCES koordinator (id) ON DELETE CASCADE,
    betrag_cent    INTEGER NOT NULL CHECK (betrag_cent >= 0),
    PRIMARY KEY (periode_id, koordinator_id)
);

CREATE TABLE ausgabe (
    id             INTEGER PRIMARY KEY,
    periode_id     INTEGER NOT NULL REFERENCES foerderperiode (id) ON DELETE CASCADE,
    koordinator_id INTEGER NOT NULL REFERENCES koordinator (id) ON DELETE CASCADE,
    datum          TEXT NOT NULL,
    betrag_cent    INTEGER NOT NULL CHECK (betrag_cent > 0),
    zweck          TEXT NOT NULL,
    konto_id       INTEGER,
    erstellt       INTEGER NOT NULL
);
CREATE INDEX ausgabe_koordinator ON ausgabe (koordinator_id, periode_id, datum);
