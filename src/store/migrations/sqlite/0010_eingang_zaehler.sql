-- 0010: the inbox counts per authority, office and status, kept by triggers in the same
-- transaction as every change of `eingang`. The inbox shows them on every page; counting the
-- rows instead cost time in proportion to the authority's whole inbox (bench/README.md).
-- Reading them now sums one row per office and status. Only counts: no personal data.
CREATE TABLE eingang_zaehler (
    behoerde_id INTEGER NOT NULL,
    oe_id       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (behoerde_id, oe_id, status)
) WITHOUT ROWID;

INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
SELECT behoerde_id, oe_id, status, COUNT(*) FROM eingang GROUP BY behoerde_id, oe_id, status;

CREATE TRIGGER eingang_zaehler_ai AFTER INSERT ON eingang BEGIN
    INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
        VALUES (new.behoerde_id, new.oe_id, new.status, 1)
        ON CONFLICT (behoerde_id, oe_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER eingang_zaehler_ad AFTER DELETE ON eingang BEGIN
    UPDATE eingang_zaehler SET n = n - 1
        WHERE behoerde_id = old.behoerde_id AND oe_id = old.oe_id AND status = old.status;
END;
CREATE TRIGGER eingang_zaehler_au AFTER UPDATE OF behoerde_id, oe_id, status ON eingang
    WHEN old.behoerde_id IS NOT new.behoerde_id OR old.oe_id IS NOT new.oe_id
        OR old.status IS NOT new.status
BEGIN
    UPDATE eingang_zaehler SET n = n - 1
        WHERE behoerde_id = old.behoerde_id AND oe_id = old.oe_id AND status = old.status;
    INSERT INTO eingang_zaehler (behoerde_id, oe_id, status, n)
        VALUES (new.behoerde_id, new.oe_id, new.status, 1)
        ON CONFLICT (behoerde_id, oe_id, status) DO UPDATE SET n = n + 1;
END;
