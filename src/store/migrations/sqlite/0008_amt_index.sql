-- 0008: indexes for the Amt face's hot reads (bench/README.md has the numbers).
-- The inbox list (store/eingang.c) is one statement per filter combination; each needs an
-- index whose equality prefix and order fit: by time in the authority, in an office, in a
-- status (eingang_oe covers office and status together).
CREATE INDEX eingang_zeit ON eingang (behoerde_id, eingegangen, id);
CREATE INDEX eingang_oe_zeit ON eingang (behoerde_id, oe_id, eingegangen, id);
CREATE INDEX eingang_status_zeit ON eingang (behoerde_id, status, eingegangen, id);
-- The messages of an application on the case page.
CREATE INDEX nachricht_antrag ON nachricht (antrag_id, id);

-- The Amt search filters by authority and office inside the full-text index: each row's
-- column `bereich` holds the tokens 'b<behoerde_id> o<oe_id>' and the query ANDs the
-- searcher's scopes with them (store/akte_suchtext.c), so only the authority's hits are
-- looked up and ranked. The column is computed, never written; the index is rebuilt.
ALTER TABLE akte_suchtext ADD COLUMN bereich TEXT
    GENERATED ALWAYS AS ('b' || behoerde_id || ' o' || oe_id) VIRTUAL;
DROP TRIGGER akte_suchtext_ai;
DROP TRIGGER akte_suchtext_ad;
DROP TRIGGER akte_suchtext_au;
DROP TABLE akte_suchtext_fts;
CREATE VIRTUAL TABLE akte_suchtext_fts USING fts5 (
    titel, text, bereich, content = 'akte_suchtext', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER akte_suchtext_ai AFTER INSERT ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (rowid, titel, text, bereich)
        VALUES (new.id, new.titel, new.text, new.bereich);
END;
CREATE TRIGGER akte_suchtext_ad AFTER DELETE ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (akte_suchtext_fts, rowid, titel, text, bereich)
        VALUES ('delete', old.id, old.titel, old.text, old.bereich);
END;
CREATE TRIGGER akte_suchtext_au AFTER UPDATE ON akte_suchtext BEGIN
    INSERT INTO akte_suchtext_fts (akte_suchtext_fts, rowid, titel, text, bereich)
        VALUES ('delete', old.id, old.titel, old.text, old.bereich);
    INSERT INTO akte_suchtext_fts (rowid, titel, text, bereich)
        VALUES (new.id, new.titel, new.text, new.bereich);
END;
INSERT INTO akte_suchtext_fts (akte_suchtext_fts) VALUES ('rebuild');
