-- 0008: indexes for the Amt face's hot reads (bench/README.md has the numbers).
-- The inbox list (store/eingang.c) is one statement per filter combination; each needs an
-- index whose equality prefix and order fit: by time in the authority, in an office, in a
-- status (eingang_oe covers office and status together).
CREATE INDEX eingang_zeit ON eingang (behoerde_id, eingegangen, id);
CREATE INDEX eingang_oe_zeit ON eingang (behoerde_id, oe_id, eingegangen, id);
CREATE INDEX eingang_status_zeit ON eingang (behoerde_id, status, eingegangen, id);
-- The messages of an application on the case page.
CREATE INDEX nachricht_antrag ON nachricht (antrag_id, id);
