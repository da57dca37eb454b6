-- 0010: the inbox counts per authority, office and status, kept by triggers in the same
-- transaction as every change of `eingang`. The inbox shows them on every page; counting the
-- rows instead cost time in proportion to the authority's whole inbox (bench/README.md).
-- Reading them now sums one row per office and status. Only counts: no personal data.
-- Statement triggers with transition tables: a multi-row INSERT (the generator's bulk loads)
-- changes each counter once per statement, not once per row, so a long transaction does not
-- pile up row versions of the same counter (see 0009).
CREATE TABLE eingang_zaehler (
    behoerde_id BIGINT NOT NULL,
    oe_id       BIGINT NOT NULL,
    status      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (behoerde_id, oe_id, status)
);

INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
SELECT behoerde_id, oe_id, status, COUNT(*) FROM eingang GROUP BY behoerde_id, oe_id, status;

CREATE FUNCTION eingang_zaehler_ai() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
        SELECT behoerde_id, oe_id, status, COUNT(*) FROM eingang_neu
        GROUP BY behoerde_id, oe_id, status
        ON CONFLICT (behoerde_id, oe_id, status) DO UPDATE SET n = eingang_zaehler.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE FUNCTION eingang_zaehler_ad() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE eingang_zaehler z SET n = z.n - d.k
        FROM (SELECT behoerde_id, oe_id, status, COUNT(*) AS k FROM eingang_alt
              GROUP BY behoerde_id, oe_id, status) d
        WHERE z.behoerde_id = d.behoerde_id AND z.oe_id = d.oe_id AND z.status = d.status;
    RETURN NULL;
END
$$;
CREATE FUNCTION eingang_zaehler_au() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
        SELECT behoerde_id, oe_id, status, SUM(d) FROM (
            SELECT behoerde_id, oe_id, status, 1 AS d FROM eingang_neu
            UNION ALL
            SELECT behoerde_id, oe_id, status, -1 AS d FROM eingang_alt) x
        GROUP BY behoerde_id, oe_id, status
        HAVING SUM(d) <> 0
        ON CONFLICT (behoerde_id, oe_id, status) DO UPDATE SET n = eingang_zaehler.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE TRIGGER eingang_zaehler_ai AFTER INSERT ON eingang
    REFERENCING NEW TABLE AS eingang_neu
    FOR EACH STATEMENT EXECUTE FUNCTION eingang_zaehler_ai();
CREATE TRIGGER eingang_zaehler_ad AFTER DELETE ON eingang
    REFERENCING OLD TABLE AS eingang_alt
    FOR EACH STATEMENT EXECUTE FUNCTION eingang_zaehler_ad();
CREATE TRIGGER eingang_zaehler_au AFTER UPDATE ON eingang
    REFERENCING OLD TABLE AS eingang_alt NEW TABLE AS eingang_neu
    FOR EACH STATEMENT EXECUTE FUNCTION eingang_zaehler_au();
