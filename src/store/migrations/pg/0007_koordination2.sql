-- 0007: Koordination, second part.
-- umsetzung_zelle holds one row per Gemeinde x OZG-Leistung that is online by any source (the
-- platform: an online service configured for a responsibility in the Gemeinde or its Kreis;
-- a municipality's report), with the sources, the highest Reifegrad and the earliest date.
-- It is kept by the triggers below in the same transaction as every change of its sources
-- (zustaendigkeit, onlinedienst, leistung, ozg_leistung, umsetzung_meldung, gemeinde), so it
-- can never go stale; the Lagebild counts it with two grouped queries (store/lagebild.c).
-- Each trigger recomputes the cells it touches from the view umsetzung_quelle: delete them,
-- insert them again from the sources. Only counts and dates: no personal data.

CREATE INDEX zustaendigkeit_dienst ON zustaendigkeit (onlinedienst_id)
    WHERE onlinedienst_id IS NOT NULL;
-- "receives submissions": submitted applications per authority and Leistung
CREATE INDEX antrag_eingereicht ON antrag (behoerde_id, leistung_id) WHERE eingereicht IS NOT NULL;

-- Every source of every online cell, at Gemeinde level (a Kreis-wide responsibility counts
-- for each Gemeinde of the Kreis). seit only when it looks like a date.
CREATE VIEW umsetzung_quelle AS
SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
       od.reifegrad AS reifegrad,
       CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
FROM zustaendigkeit z
JOIN gemeinde g ON g.ags = z.gebiet_ags
JOIN leistung l ON l.id = z.leistung_id
JOIN onlinedienst od ON od.id = z.onlinedienst_id
WHERE l.ozg_id IS NOT NULL
UNION ALL
SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
       CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
FROM zustaendigkeit z
JOIN gemeinde g ON g.kreis_ags = z.gebiet_ags
JOIN leistung l ON l.id = z.leistung_id
JOIN onlinedienst od ON od.id = z.onlinedienst_id
WHERE l.ozg_id IS NOT NULL
UNION ALL
SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
       CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
FROM umsetzung_meldung m
WHERE m.online = 1;

CREATE TABLE umsetzung_zelle (
    gemeinde_ags  TEXT NOT NULL,
    themenfeld_id BIGINT NOT NULL,        -- 0: the OZG-Leistung has none
    ozg_id        BIGINT NOT NULL,
    plattform     BIGINT NOT NULL,        -- 1: offered through the platform
    meldung       BIGINT NOT NULL,        -- 1: reported as online elsewhere
    reifegrad     BIGINT NOT NULL,        -- the highest of all sources
    seit          TEXT,                    -- the earliest known date, NULL: unknown
    PRIMARY KEY (gemeinde_ags, themenfeld_id, ozg_id)
);
CREATE INDEX umsetzung_zelle_seit ON umsetzung_zelle (seit);
CREATE INDEX umsetzung_zelle_ozg ON umsetzung_zelle (ozg_id, gemeinde_ags);

INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung, reifegrad, seit)
SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform), MAX(q.meldung),
       MAX(q.reifegrad), MIN(q.seit)
FROM umsetzung_quelle q JOIN ozg_leistung o ON o.id = q.ozg_id
GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;

-- The counts of umsetzung_zelle per Gemeinde x Themenfeld, kept by the triggers on
-- umsetzung_zelle below (same transaction): what the Lagebild reads for the whole Land
-- (about 15,000 rows instead of counting 120,000 cells on every call).
CREATE TABLE umsetzung_zahl (
    gemeinde_ags  TEXT NOT NULL,
    themenfeld_id BIGINT NOT NULL,
    online        BIGINT NOT NULL,
    plattform     BIGINT NOT NULL,
    meldung       BIGINT NOT NULL,
    reifegrad3    BIGINT NOT NULL,        -- online at Reifegrad 3 or 4
    PRIMARY KEY (gemeinde_ags, themenfeld_id)
);
INSERT INTO umsetzung_zahl (gemeinde_ags, themenfeld_id, online, plattform, meldung, reifegrad3)
SELECT gemeinde_ags, themenfeld_id, COUNT(*), SUM(plattform), SUM(meldung),
       SUM(CASE WHEN reifegrad >= 3 THEN 1 ELSE 0 END)
FROM umsetzung_zelle GROUP BY gemeinde_ags, themenfeld_id;

-- the counts follow every change of a cell
CREATE FUNCTION umsetzung_zahl_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO umsetzung_zahl (gemeinde_ags, themenfeld_id, online, plattform, meldung,
                                reifegrad3)
    VALUES (new.gemeinde_ags, new.themenfeld_id, 1, new.plattform, new.meldung,
            CASE WHEN new.reifegrad >= 3 THEN 1 ELSE 0 END)
    ON CONFLICT (gemeinde_ags, themenfeld_id) DO UPDATE SET
        online = umsetzung_zahl.online + 1,
        plattform = umsetzung_zahl.plattform + excluded.plattform,
        meldung = umsetzung_zahl.meldung + excluded.meldung,
        reifegrad3 = umsetzung_zahl.reifegrad3 + excluded.reifegrad3;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zahl_ins AFTER INSERT ON umsetzung_zelle
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zahl_ins();
CREATE FUNCTION umsetzung_zahl_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE umsetzung_zahl SET online = online - 1, plattform = plattform - old.plattform,
        meldung = meldung - old.meldung,
        reifegrad3 = reifegrad3 - CASE WHEN old.reifegrad >= 3 THEN 1 ELSE 0 END
    WHERE gemeinde_ags = old.gemeinde_ags AND themenfeld_id = old.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zahl_del AFTER DELETE ON umsetzung_zelle
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zahl_del();
CREATE FUNCTION umsetzung_zahl_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE umsetzung_zahl SET online = online - 1, plattform = plattform - old.plattform,
        meldung = meldung - old.meldung,
        reifegrad3 = reifegrad3 - CASE WHEN old.reifegrad >= 3 THEN 1 ELSE 0 END
    WHERE gemeinde_ags = old.gemeinde_ags AND themenfeld_id = old.themenfeld_id;
    INSERT INTO umsetzung_zahl (gemeinde_ags, themenfeld_id, online, plattform, meldung,
                                reifegrad3)
    VALUES (new.gemeinde_ags, new.themenfeld_id, 1, new.plattform, new.meldung,
            CASE WHEN new.reifegrad >= 3 THEN 1 ELSE 0 END)
    ON CONFLICT (gemeinde_ags, themenfeld_id) DO UPDATE SET
        online = umsetzung_zahl.online + 1,
        plattform = umsetzung_zahl.plattform + excluded.plattform,
        meldung = umsetzung_zahl.meldung + excluded.meldung,
        reifegrad3 = umsetzung_zahl.reifegrad3 + excluded.reifegrad3;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zahl_upd AFTER UPDATE ON umsetzung_zelle
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zahl_upd();

-- responsibilities: the cells of the area x the Leistung's OZG-Leistung, before and after
CREATE FUNCTION umsetzung_zelle_z_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND m.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_z_ins AFTER INSERT ON zustaendigkeit
    FOR EACH ROW
    WHEN (NEW.onlinedienst_id IS NOT NULL) EXECUTE FUNCTION umsetzung_zelle_z_ins();
CREATE FUNCTION umsetzung_zelle_z_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND m.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_z_del AFTER DELETE ON zustaendigkeit
    FOR EACH ROW
    WHEN (OLD.onlinedienst_id IS NOT NULL) EXECUTE FUNCTION umsetzung_zelle_z_del();
CREATE FUNCTION umsetzung_zelle_z_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = old.gebiet_ags OR kreis_ags = old.gebiet_ags) AND m.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = old.leistung_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND l.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT ags FROM gemeinde WHERE ags = new.gebiet_ags OR kreis_ags = new.gebiet_ags) AND m.ozg_id IN (SELECT ozg_id FROM leistung WHERE id = new.leistung_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_z_upd AFTER UPDATE ON zustaendigkeit
    FOR EACH ROW
    WHEN (OLD.onlinedienst_id IS NOT NULL OR NEW.onlinedienst_id IS NOT NULL) EXECUTE FUNCTION umsetzung_zelle_z_upd();

-- an online service's Reifegrad or date: the cells of every responsibility using it
CREATE FUNCTION umsetzung_zelle_od_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.onlinedienst_id = new.id) AND ozg_id IN (SELECT l.ozg_id FROM zustaendigkeit z JOIN leistung l ON l.id = z.leistung_id WHERE z.onlinedienst_id = new.id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.onlinedienst_id = new.id) AND l.ozg_id IN (SELECT l.ozg_id FROM zustaendigkeit z JOIN leistung l ON l.id = z.leistung_id WHERE z.onlinedienst_id = new.id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.onlinedienst_id = new.id) AND l.ozg_id IN (SELECT l.ozg_id FROM zustaendigkeit z JOIN leistung l ON l.id = z.leistung_id WHERE z.onlinedienst_id = new.id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.onlinedienst_id = new.id) AND m.ozg_id IN (SELECT l.ozg_id FROM zustaendigkeit z JOIN leistung l ON l.id = z.leistung_id WHERE z.onlinedienst_id = new.id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_od_upd AFTER UPDATE OF reifegrad, seit ON onlinedienst
    FOR EACH ROW
    WHEN (OLD.reifegrad IS DISTINCT FROM NEW.reifegrad OR OLD.seit IS DISTINCT FROM NEW.seit) EXECUTE FUNCTION umsetzung_zelle_od_upd();

-- a Leistung moved to another OZG-Leistung: both OZG-Leistungen where it is offered
CREATE FUNCTION umsetzung_zelle_l_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.leistung_id = new.id AND z.onlinedienst_id IS NOT NULL) AND ozg_id IN (SELECT old.ozg_id UNION ALL SELECT new.ozg_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.leistung_id = new.id AND z.onlinedienst_id IS NOT NULL) AND l.ozg_id IN (SELECT old.ozg_id UNION ALL SELECT new.ozg_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.leistung_id = new.id AND z.onlinedienst_id IS NOT NULL) AND l.ozg_id IN (SELECT old.ozg_id UNION ALL SELECT new.ozg_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT g.ags FROM zustaendigkeit z JOIN gemeinde g ON g.ags = z.gebiet_ags OR g.kreis_ags = z.gebiet_ags WHERE z.leistung_id = new.id AND z.onlinedienst_id IS NOT NULL) AND m.ozg_id IN (SELECT old.ozg_id UNION ALL SELECT new.ozg_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_l_upd AFTER UPDATE OF ozg_id ON leistung
    FOR EACH ROW
    WHEN (OLD.ozg_id IS DISTINCT FROM NEW.ozg_id) EXECUTE FUNCTION umsetzung_zelle_l_upd();

-- an OZG-Leistung's Themenfeld, an OZG-Leistung removed
CREATE FUNCTION umsetzung_zelle_o_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE umsetzung_zelle SET themenfeld_id = COALESCE(new.themenfeld_id, 0)
    WHERE ozg_id = new.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_o_upd AFTER UPDATE OF themenfeld_id ON ozg_leistung
    FOR EACH ROW
    WHEN (OLD.themenfeld_id IS DISTINCT FROM NEW.themenfeld_id) EXECUTE FUNCTION umsetzung_zelle_o_upd();
CREATE FUNCTION umsetzung_zelle_o_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE ozg_id = old.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_o_del AFTER DELETE ON ozg_leistung
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_o_del();

-- a municipality's report
CREATE FUNCTION umsetzung_zelle_m_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT new.gemeinde_ags) AND ozg_id IN (SELECT new.ozg_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.gemeinde_ags) AND l.ozg_id IN (SELECT new.ozg_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.gemeinde_ags) AND l.ozg_id IN (SELECT new.ozg_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT new.gemeinde_ags) AND m.ozg_id IN (SELECT new.ozg_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_m_ins AFTER INSERT ON umsetzung_meldung
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_m_ins();
CREATE FUNCTION umsetzung_zelle_m_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT old.gemeinde_ags) AND ozg_id IN (SELECT old.ozg_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.gemeinde_ags) AND l.ozg_id IN (SELECT old.ozg_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.gemeinde_ags) AND l.ozg_id IN (SELECT old.ozg_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT old.gemeinde_ags) AND m.ozg_id IN (SELECT old.ozg_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_m_del AFTER DELETE ON umsetzung_meldung
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_m_del();
CREATE FUNCTION umsetzung_zelle_m_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT old.gemeinde_ags) AND ozg_id IN (SELECT old.ozg_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.gemeinde_ags) AND l.ozg_id IN (SELECT old.ozg_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.gemeinde_ags) AND l.ozg_id IN (SELECT old.ozg_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT old.gemeinde_ags) AND m.ozg_id IN (SELECT old.ozg_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT new.gemeinde_ags) AND ozg_id IN (SELECT new.ozg_id);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.gemeinde_ags) AND l.ozg_id IN (SELECT new.ozg_id) AND z.gebiet_ags = g.ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN leistung l CROSS JOIN zustaendigkeit z
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.gemeinde_ags) AND l.ozg_id IN (SELECT new.ozg_id) AND z.gebiet_ags = g.kreis_ags
          AND z.leistung_id = l.id AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT new.gemeinde_ags) AND m.ozg_id IN (SELECT new.ozg_id)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_m_upd AFTER UPDATE ON umsetzung_meldung
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_m_upd();

-- a Gemeinde added, moved to another Kreis or removed: all its cells
CREATE FUNCTION umsetzung_zelle_g_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT new.ags);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.ags) AND z.gebiet_ags = g.ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.ags) AND z.gebiet_ags = g.kreis_ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT new.ags)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_g_ins AFTER INSERT ON gemeinde
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_g_ins();
CREATE FUNCTION umsetzung_zelle_g_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT old.ags);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.ags) AND z.gebiet_ags = g.ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT old.ags) AND z.gebiet_ags = g.kreis_ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT old.ags)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags IN (SELECT new.ags);
    INSERT INTO umsetzung_zelle (gemeinde_ags, themenfeld_id, ozg_id, plattform, meldung,
                                 reifegrad, seit)
    SELECT q.gemeinde_ags, COALESCE(o.themenfeld_id, 0), q.ozg_id, MAX(q.plattform),
           MAX(q.meldung), MAX(q.reifegrad), MIN(q.seit)
    FROM (
        SELECT g.ags AS gemeinde_ags, l.ozg_id AS ozg_id, 1 AS plattform, 0 AS meldung,
               od.reifegrad AS reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END AS seit
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.ags) AND z.gebiet_ags = g.ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT g.ags, l.ozg_id, 1, 0, od.reifegrad,
               CASE WHEN od.seit LIKE '____-__-__' THEN od.seit END
        FROM gemeinde g CROSS JOIN zustaendigkeit z CROSS JOIN leistung l
        CROSS JOIN onlinedienst od
        WHERE g.ags IN (SELECT new.ags) AND z.gebiet_ags = g.kreis_ags AND l.id = z.leistung_id
          AND l.ozg_id IS NOT NULL AND od.id = z.onlinedienst_id
        UNION ALL
        SELECT m.gemeinde_ags, m.ozg_id, 0, 1, m.reifegrad,
               CASE WHEN m.seit LIKE '____-__-__' THEN m.seit END
        FROM umsetzung_meldung m
        WHERE m.online = 1 AND m.gemeinde_ags IN (SELECT new.ags)
    ) q JOIN ozg_leistung o ON o.id = q.ozg_id
    GROUP BY q.gemeinde_ags, q.ozg_id, o.themenfeld_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_g_upd AFTER UPDATE OF ags, kreis_ags ON gemeinde
    FOR EACH ROW
    WHEN (OLD.ags IS DISTINCT FROM NEW.ags OR OLD.kreis_ags IS DISTINCT FROM NEW.kreis_ags) EXECUTE FUNCTION umsetzung_zelle_g_upd();
CREATE FUNCTION umsetzung_zelle_g_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM umsetzung_zelle WHERE gemeinde_ags = old.ags;
    RETURN NULL;
END
$$;
CREATE TRIGGER umsetzung_zelle_g_del AFTER DELETE ON gemeinde
    FOR EACH ROW EXECUTE FUNCTION umsetzung_zelle_g_del();
