-- 0006: the core of the Amt face (issue #6). Every submitted application has a row in its
-- office's inbox, made in the submission's transaction from now on (domain/eingang.h); this
-- gives the applications submitted before that their row, betreff the Leistung's name, and
-- a status that matches what happened to them since ('erledigt' when they were decided or
-- withdrawn). Times: the submission.
INSERT INTO eingang (behoerde_id, oe_id, art, antrag_id, betreff, leistung_id, status,
                     eingegangen, geaendert)
SELECT a.behoerde_id, a.oe_id, 'antrag', a.id, COALESCE(l.name, a.leistung_id), a.leistung_id,
       CASE WHEN a.status IN ('beschieden', 'zurueckgezogen') THEN 'erledigt' ELSE 'neu' END,
       COALESCE(a.eingereicht, a.geaendert), COALESCE(a.eingereicht, a.geaendert)
FROM antrag a LEFT JOIN leistung l ON l.id = a.leistung_id
WHERE a.status <> 'entwurf' AND a.eingereicht IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM eingang e WHERE e.antrag_id = a.id);

