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
CREATE TABLE lagebild_stand (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO lagebild_stand (id, version) VALUES (1, random());
CREATE TRIGGER lagebild_stand_umsetzung_zelle_ins AFTER INSERT ON umsetzung_zelle
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_umsetzung_zelle_upd AFTER UPDATE ON umsetzung_zelle
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_umsetzung_zelle_del AFTER DELETE ON umsetzung_zelle
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_umsetzung_zahl_ins AFTER INSERT ON umsetzung_zahl
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_umsetzung_zahl_upd AFTER UPDATE ON umsetzung_zahl
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_umsetzung_zahl_del AFTER DELETE ON umsetzung_zahl
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_gemeinde_ins AFTER INSERT ON gemeinde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_gemeinde_upd AFTER UPDATE ON gemeinde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_gemeinde_del AFTER DELETE ON gemeinde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_kreis_ins AFTER INSERT ON kreis
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_kreis_upd AFTER UPDATE ON kreis
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_kreis_del AFTER DELETE ON kreis
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_ozg_leistung_ins AFTER INSERT ON ozg_leistung
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_ozg_leistung_upd AFTER UPDATE ON ozg_leistung
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_ozg_leistung_del AFTER DELETE ON ozg_leistung
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_themenfeld_ins AFTER INSERT ON themenfeld
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_themenfeld_upd AFTER UPDATE ON themenfeld
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_themenfeld_del AFTER DELETE ON themenfeld
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_lebenslage_ins AFTER INSERT ON lebenslage
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_lebenslage_upd AFTER UPDATE ON lebenslage
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_lebenslage_del AFTER DELETE ON lebenslage
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_eakte_stufe_ins AFTER INSERT ON eakte_stufe
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_eakte_stufe_upd AFTER UPDATE ON eakte_stufe
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_eakte_stufe_del AFTER DELETE ON eakte_stufe
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_organisationseinheit_ins AFTER INSERT ON organisationseinheit
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_organisationseinheit_upd AFTER UPDATE ON organisationseinheit
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_organisationseinheit_del AFTER DELETE ON organisationseinheit
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_behoerde_ins AFTER INSERT ON behoerde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_behoerde_upd AFTER UPDATE ON behoerde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_behoerde_del AFTER DELETE ON behoerde
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_akte_ins AFTER INSERT ON akte
    WHEN NOT EXISTS (SELECT 1 FROM akte x WHERE x.behoerde_id = new.behoerde_id
                     AND x.oe_id = new.oe_id AND x.id < new.id)
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_akte_del AFTER DELETE ON akte
    WHEN NOT EXISTS (SELECT 1 FROM akte x WHERE x.behoerde_id = old.behoerde_id
                     AND x.oe_id = old.oe_id)
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_akte_upd AFTER UPDATE OF behoerde_id, oe_id ON akte
    WHEN old.behoerde_id IS NOT new.behoerde_id OR old.oe_id IS NOT new.oe_id
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_vorgang_ins AFTER INSERT ON vorgang
    WHEN NOT EXISTS (SELECT 1 FROM vorgang x WHERE x.behoerde_id = new.behoerde_id
                     AND x.oe_id = new.oe_id AND x.id < new.id)
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_vorgang_del AFTER DELETE ON vorgang
    WHEN NOT EXISTS (SELECT 1 FROM vorgang x WHERE x.behoerde_id = old.behoerde_id
                     AND x.oe_id = old.oe_id)
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
CREATE TRIGGER lagebild_stand_vorgang_upd AFTER UPDATE OF behoerde_id, oe_id ON vorgang
    WHEN old.behoerde_id IS NOT new.behoerde_id OR old.oe_id IS NOT new.oe_id
    BEGIN UPDATE lagebild_stand SET version = random() WHERE id = 1; END;
