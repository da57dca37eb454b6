-- 0001: the official territory (Land, Regierungsbezirk, Region, Kreis, Verband, Gemeinde),
-- the service catalogue (Themenfeld, Lebenslage, OZG-Leistung, Leistung) and the offices
-- responsible for services (Behoerde, Organisationseinheit, Onlinedienst, Zustaendigkeit).
-- Booleans are INTEGER 0/1 and keys with leading zeros are TEXT in both dialects.

-- key/value facts about the installation, e.g. 'katalog_version' bumped by every import
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regierungsbezirk (
    ags       TEXT PRIMARY KEY,           -- 3 digits, e.g. '081'
    name      TEXT NOT NULL,
    sitz      TEXT,
    einwohner INTEGER
);

-- Regionalverband (BW only), 4-digit key
CREATE TABLE region (
    key                  TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    sitz                 TEXT,
    regierungsbezirk_ags TEXT REFERENCES regierungsbezirk (ags)
);

CREATE TABLE kreis (
    ags                  TEXT PRIMARY KEY,    -- 5 digits, e.g. '08115'
    name                 TEXT NOT NULL,
    typ                  TEXT NOT NULL,       -- 'Landkreis' or 'Stadtkreis'
    verwaltungssitz      TEXT,
    regierungsbezirk_ags TEXT NOT NULL REFERENCES regierungsbezirk (ags),
    region_key           TEXT REFERENCES region (key),
    einwohner            INTEGER,
    flaeche_km2          REAL
);
CREATE INDEX kreis_regierungsbezirk ON kreis (regierungsbezirk_ags, name);

-- Gemeindeverwaltungsverband, Verwaltungsgemeinschaft or 'Verbandsfreie Gemeinde'
CREATE TABLE verband (
    ars      TEXT PRIMARY KEY,               -- 9 digits
    name     TEXT NOT NULL,
    typ      TEXT,
    sitz     TEXT,
    kreis_ags TEXT REFERENCES kreis (ags)
);

CREATE TABLE gemeinde (
    ags                 TEXT PRIMARY KEY,    -- 8 digits, e.g. '08111000'
    ars                 TEXT NOT NULL UNIQUE, -- 12 digits
    name                TEXT NOT NULL,       -- official name with suffix ('Böblingen, Stadt')
    name_kurz           TEXT NOT NULL,       -- the name before the first comma
    name_norm           TEXT NOT NULL,       -- lower case, umlauts folded: for lookup by name
    typ                 TEXT,                -- Stadtkreis / Große Kreisstadt / Stadt / Kreisangehörige Gemeinde
    kreis_ags           TEXT NOT NULL REFERENCES kreis (ags),
    verband_ars         TEXT,
    einwohner           INTEGER NOT NULL DEFAULT 0,
    einwohner_maennlich INTEGER,
    flaeche_km2         REAL,
    plz                 TEXT,                -- postcode of the town hall
    plz_eindeutig       INTEGER NOT NULL DEFAULT 0,
    gebietsstand        TEXT
);
CREATE INDEX gemeinde_kreis ON gemeinde (kreis_ags, name_kurz, ags);
CREATE INDEX gemeinde_name ON gemeinde (name_norm, ags);
CREATE INDEX gemeinde_einwohner ON gemeinde (einwohner, ags);

-- every postcode known to belong (partly) to a municipality; the official file has one
CREATE TABLE gemeinde_plz (
    plz TEXT NOT NULL,
    ags TEXT NOT NULL REFERENCES gemeinde (ags) ON DELETE CASCADE,
    PRIMARY KEY (plz, ags)
);

CREATE TABLE themenfeld (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE lebenslage (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    themenfeld_id INTEGER REFERENCES themenfeld (id)
);

CREATE TABLE ozg_leistung (
    id            INTEGER PRIMARY KEY,       -- OZG-ID, e.g. 10000 Elterngeld
    name          TEXT NOT NULL,
    lebenslage_id INTEGER REFERENCES lebenslage (id),
    themenfeld_id INTEGER REFERENCES themenfeld (id),
    anzahl_leika  INTEGER
);

-- A Leistung: its id is the 14-digit LeiKa key, or 'n' + 12 hex digits of a hash of name and
-- OZG-ID for services outside the LeiKa. The descriptive columns come from the JSON format.
CREATE TABLE leistung (
    id                TEXT PRIMARY KEY,
    leika             TEXT UNIQUE,
    name              TEXT NOT NULL,
    typisierung       TEXT,
    ozg_id            INTEGER REFERENCES ozg_leistung (id),
    rechtsgrundlage   TEXT,                  -- from the catalogue
    kurztext          TEXT,
    volltext          TEXT,
    berechtigte       TEXT,                  -- who may apply
    unterlagen        TEXT,                  -- JSON array of strings
    kosten            TEXT,
    bearbeitungsdauer TEXT,
    fristen           TEXT,
    rechtsgrundlagen  TEXT,                  -- JSON array of strings (full description)
    suchbegriffe      TEXT,                  -- synonyms, space separated
    ebene             TEXT,                  -- 'gemeinde', 'kreis', 'land', 'bund'
    beliebtheit       INTEGER NOT NULL DEFAULT 0, -- rank boost for the most asked-for services
    suchtext          TEXT NOT NULL DEFAULT '',   -- normalized stems, written by the domain
    is_demo           INTEGER NOT NULL DEFAULT 0,
    aktualisiert      TEXT
);
CREATE INDEX leistung_ozg ON leistung (ozg_id);
CREATE INDEX leistung_name ON leistung (name, id);
CREATE INDEX leistung_beliebtheit ON leistung (beliebtheit DESC, id) WHERE beliebtheit > 0;

-- the search index over leistung.suchtext (stems); kept in sync by triggers
CREATE VIRTUAL TABLE leistung_fts USING fts5 (
    suchtext,
    content = 'leistung',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER leistung_fts_ai AFTER INSERT ON leistung BEGIN
    INSERT INTO leistung_fts (rowid, suchtext) VALUES (new.rowid, new.suchtext);
END;
CREATE TRIGGER leistung_fts_ad AFTER DELETE ON leistung BEGIN
    INSERT INTO leistung_fts (leistung_fts, rowid, suchtext) VALUES ('delete', old.rowid, old.suchtext);
END;
CREATE TRIGGER leistung_fts_au AFTER UPDATE OF suchtext ON leistung BEGIN
    INSERT INTO leistung_fts (leistung_fts, rowid, suchtext) VALUES ('delete', old.rowid, old.suchtext);
    INSERT INTO leistung_fts (rowid, suchtext) VALUES (new.rowid, new.suchtext);
END;

-- An authority. `schluessel` is a stable external key so that imports update, never duplicate.
CREATE TABLE behoerde (
    id           INTEGER PRIMARY KEY,
    schluessel   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    art          TEXT NOT NULL,              -- 'gemeinde', 'landratsamt', 'regierungspraesidium', 'land'
    gemeinde_ags TEXT REFERENCES gemeinde (ags),
    kreis_ags    TEXT REFERENCES kreis (ags),
    strasse      TEXT,
    plz          TEXT,
    ort          TEXT,
    telefon      TEXT,
    email        TEXT,
    webseite     TEXT,
    is_demo      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX behoerde_gemeinde ON behoerde (gemeinde_ags, id);
CREATE INDEX behoerde_kreis ON behoerde (kreis_ags, id);

CREATE TABLE organisationseinheit (
    id               INTEGER PRIMARY KEY,
    behoerde_id      INTEGER NOT NULL REFERENCES behoerde (id) ON DELETE CASCADE,
    schluessel       TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    strasse          TEXT,
    plz              TEXT,
    ort              TEXT,
    telefon          TEXT,
    email            TEXT,
    oeffnungszeiten  TEXT,                   -- one line per day range, e.g. 'Mo–Fr 8:00–12:00'
    is_demo          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX oe_behoerde ON organisationseinheit (behoerde_id, id);

CREATE TABLE onlinedienst (
    id          INTEGER PRIMARY KEY,
    schluessel  TEXT NOT NULL UNIQUE,
    oe_id       INTEGER NOT NULL REFERENCES organisationseinheit (id) ON DELETE CASCADE,
    leistung_id TEXT NOT NULL REFERENCES leistung (id),
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    reifegrad   INTEGER NOT NULL DEFAULT 0 CHECK (reifegrad BETWEEN 0 AND 4),
    seit        TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX onlinedienst_leistung ON onlinedienst (leistung_id, oe_id);

-- Which office is responsible for a Leistung in an area: gebiet_ags is a Gemeinde (8 digits),
-- a Kreis (5), a Regierungsbezirk (3) or the Land ('08').
CREATE TABLE zustaendigkeit (
    leistung_id     TEXT NOT NULL REFERENCES leistung (id),
    gebiet_ags      TEXT NOT NULL,
    oe_id           INTEGER NOT NULL REFERENCES organisationseinheit (id) ON DELETE CASCADE,
    onlinedienst_id INTEGER REFERENCES onlinedienst (id) ON DELETE SET NULL,
    is_demo         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (leistung_id, gebiet_ags, oe_id)
);
CREATE INDEX zustaendigkeit_oe ON zustaendigkeit (oe_id);
CREATE INDEX zustaendigkeit_gebiet ON zustaendigkeit (gebiet_ags, leistung_id);
