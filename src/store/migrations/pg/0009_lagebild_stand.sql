-- 0009_lagebild_stand: the version stamp of the Lagebild (domain/lagebild_cache.h).
-- One row; every change of a table the Lagebild reads gives it a new random value in the SAME
-- transaction (triggers below), so a cached Lagebild is valid exactly while the stamp it was
-- computed under is the current one. Random rather than +1: a rolled-back transaction cannot
-- leave a stamp that a later, different change reuses, and two databases do not share stamps.
-- Tables: umsetzung_zelle, umsetzung_zahl (kept by the triggers of 0007 from onlinedienst,
-- zustaendigkeit, umsetzung_meldung, leistung, ozg_leistung, gemeinde), gemeinde, kreis,
-- ozg_leistung, themenfeld, lebenslage, eakte_stufe, organisationseinheit, behoerde; akte and
-- vorgang only where an office gets its first or loses its last file or case (the E-Akte stage
-- derived from platform use), so that filing cases does not contend for the one row.
-- On PostgreSQL the stamp moves once per transaction (tx: the transaction that set it):
-- updating one row again and again inside one transaction grows its chain of row versions, and
-- the bulk loads (122,000 cells, each a statement of the 0007 triggers) would slow down
-- quadratically. A reader inside the writing transaction sees its own tx there and bypasses the
-- cache (store_ums_stand), so a picture read half-way through a transaction is never kept.
CREATE TABLE lagebild_stand (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    tx BIGINT
);
-- random() gives 52 random bits; enough for an equality check
INSERT INTO lagebild_stand (id, version) VALUES (1, floor((random() - 0.5) * 9.0e18)::bigint);
CREATE FUNCTION lagebild_stand_neu() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lagebild_stand SET version = floor((random() - 0.5) * 9.0e18)::bigint,
        tx = txid_current() WHERE id = 1 AND tx IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$$;
CREATE TRIGGER lagebild_stand_umsetzung_zelle AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON umsetzung_zelle
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_umsetzung_zahl AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON umsetzung_zahl
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_gemeinde AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gemeinde
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_kreis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kreis
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_ozg_leistung AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ozg_leistung
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_themenfeld AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON themenfeld
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_lebenslage AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lebenslage
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_eakte_stufe AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eakte_stufe
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_organisationseinheit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisationseinheit
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE TRIGGER lagebild_stand_behoerde AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON behoerde
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE FUNCTION lagebild_stand_akte() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF tg_op = 'UPDATE' AND old.behoerde_id IS NOT DISTINCT FROM new.behoerde_id
       AND old.oe_id IS NOT DISTINCT FROM new.oe_id THEN
        RETURN NULL;
    END IF;
    IF tg_op = 'INSERT' AND EXISTS (SELECT 1 FROM akte x WHERE x.behoerde_id = new.behoerde_id
                                     AND x.oe_id = new.oe_id AND x.id < new.id) THEN
        RETURN NULL;
    END IF;
    IF tg_op = 'DELETE' AND EXISTS (SELECT 1 FROM akte x WHERE x.behoerde_id = old.behoerde_id
                                     AND x.oe_id = old.oe_id) THEN
        RETURN NULL;
    END IF;
    UPDATE lagebild_stand SET version = floor((random() - 0.5) * 9.0e18)::bigint,
        tx = txid_current() WHERE id = 1 AND tx IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$$;
CREATE TRIGGER lagebild_stand_akte AFTER INSERT OR UPDATE OR DELETE ON akte
    FOR EACH ROW EXECUTE FUNCTION lagebild_stand_akte();
CREATE TRIGGER lagebild_stand_akte_truncate AFTER TRUNCATE ON akte
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
CREATE FUNCTION lagebild_stand_vorgang() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF tg_op = 'UPDATE' AND old.behoerde_id IS NOT DISTINCT FROM new.behoerde_id
       AND old.oe_id IS NOT DISTINCT FROM new.oe_id THEN
        RETURN NULL;
    END IF;
    IF tg_op = 'INSERT' AND EXISTS (SELECT 1 FROM vorgang x WHERE x.behoerde_id = new.behoerde_id
                                     AND x.oe_id = new.oe_id AND x.id < new.id) THEN
        RETURN NULL;
    END IF;
    IF tg_op = 'DELETE' AND EXISTS (SELECT 1 FROM vorgang x WHERE x.behoerde_id = old.behoerde_id
                                     AND x.oe_id = old.oe_id) THEN
        RETURN NULL;
    END IF;
    UPDATE lagebild_stand SET version = floor((random() - 0.5) * 9.0e18)::bigint,
        tx = txid_current() WHERE id = 1 AND tx IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$$;
CREATE TRIGGER lagebild_stand_vorgang AFTER INSERT OR UPDATE OR DELETE ON vorgang
    FOR EACH ROW EXECUTE FUNCTION lagebild_stand_vorgang();
CREATE TRIGGER lagebild_stand_vorgang_truncate AFTER TRUNCATE ON vorgang
    FOR EACH STATEMENT EXECUTE FUNCTION lagebild_stand_neu();
