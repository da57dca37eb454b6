-- 0011: meta 'katalog_stand' moves with EVERY change of a table that the service finder's
-- caches are made from (domain/suche.h: the vocabulary, the catalogue columns, ranked results
-- and the rendered public pages), in the same transaction, whoever writes. Before, the caches
-- followed 'katalog_version', which only the importers bump (it stays: the imports report it),
-- and lived at most 10 s to bound what they could miss. A change counter, nothing more: its
-- value says nothing about how many rows changed. No row is seeded, so a new database stays
-- empty for restore (store/backup.c) until its first change.
CREATE TRIGGER katalog_stand_leistung_ai AFTER INSERT ON leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_leistung_au AFTER UPDATE ON leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_leistung_ad AFTER DELETE ON leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_ozg_leistung_ai AFTER INSERT ON ozg_leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_ozg_leistung_au AFTER UPDATE ON ozg_leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_ozg_leistung_ad AFTER DELETE ON ozg_leistung BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_lebenslage_ai AFTER INSERT ON lebenslage BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_lebenslage_au AFTER UPDATE ON lebenslage BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_lebenslage_ad AFTER DELETE ON lebenslage BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_themenfeld_ai AFTER INSERT ON themenfeld BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_themenfeld_au AFTER UPDATE ON themenfeld BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_themenfeld_ad AFTER DELETE ON themenfeld BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_zustaendigkeit_ai AFTER INSERT ON zustaendigkeit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_zustaendigkeit_au AFTER UPDATE ON zustaendigkeit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_zustaendigkeit_ad AFTER DELETE ON zustaendigkeit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_behoerde_ai AFTER INSERT ON behoerde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_behoerde_au AFTER UPDATE ON behoerde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_behoerde_ad AFTER DELETE ON behoerde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_organisationseinheit_ai AFTER INSERT ON organisationseinheit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_organisationseinheit_au AFTER UPDATE ON organisationseinheit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_organisationseinheit_ad AFTER DELETE ON organisationseinheit BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_onlinedienst_ai AFTER INSERT ON onlinedienst BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_onlinedienst_au AFTER UPDATE ON onlinedienst BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_onlinedienst_ad AFTER DELETE ON onlinedienst BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_gemeinde_ai AFTER INSERT ON gemeinde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_gemeinde_au AFTER UPDATE ON gemeinde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_gemeinde_ad AFTER DELETE ON gemeinde BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_kreis_ai AFTER INSERT ON kreis BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_kreis_au AFTER UPDATE ON kreis BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_kreis_ad AFTER DELETE ON kreis BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_regierungsbezirk_ai AFTER INSERT ON regierungsbezirk BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_regierungsbezirk_au AFTER UPDATE ON regierungsbezirk BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
CREATE TRIGGER katalog_stand_regierungsbezirk_ad AFTER DELETE ON regierungsbezirk BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT);
END;
