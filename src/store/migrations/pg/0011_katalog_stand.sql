-- 0011: meta 'katalog_stand' moves with EVERY change of a table that the service finder's
-- caches are made from (domain/suche.h: the vocabulary, the catalogue columns, ranked results
-- and the rendered public pages), in the same transaction, whoever writes. Before, the caches
-- followed 'katalog_version', which only the importers bump (it stays: the imports report it),
-- and lived at most 10 s to bound what they could miss. A change counter, nothing more: its
-- value says nothing about how many rows changed. No row is seeded, so a new database stays
-- empty for restore (store/backup.c) until its first change.
-- On PostgreSQL once per statement, so a bulk import does not pile up row versions of meta.
CREATE FUNCTION katalog_stand_neu() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO meta (key, value) VALUES ('katalog_stand', '1') ON CONFLICT (key)
        DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT);
    RETURN NULL;
END
$$;
CREATE TRIGGER katalog_stand_leistung AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON leistung
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_ozg_leistung AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ozg_leistung
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_lebenslage AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lebenslage
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_themenfeld AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON themenfeld
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_zustaendigkeit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zustaendigkeit
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_behoerde AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON behoerde
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_organisationseinheit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisationseinheit
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_onlinedienst AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON onlinedienst
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_gemeinde AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gemeinde
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_kreis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kreis
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
CREATE TRIGGER katalog_stand_regierungsbezirk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regierungsbezirk
    FOR EACH STATEMENT EXECUTE FUNCTION katalog_stand_neu();
