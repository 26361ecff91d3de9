-- A health-model save has refused alert thresholds outside what their measure can take (health points
-- 0-100, a usage trend from -100 to 100 %, an NPS score 0-10, whole days up to ten years) since
-- AlertRule's ranges came in; a version saved before may still hold one (1e12 days), which made every
-- recalculation and the alert-rules page fail. Such a threshold is reset to its rule's default in the
-- stored versions, as V46 and V52 dropped segment weights the save refuses. The at-risk rule has none.
WITH rules (rule, lowest, highest, days, fallback) AS (
  VALUES ('health-drop', 0, 100, false, 15),
         ('usage-decline', -100, 100, false, -25),
         ('detractor', 0, 10, false, 6),
         ('renewal-risk', 0, 3650, true, 90),
         ('no-contact', 0, 3650, true, 60)
),
bad AS (
  SELECT h.tenant_id, h.version
    FROM health_model h, jsonb_array_elements(h.model -> 'alerts') AS a, rules r
   WHERE jsonb_typeof(h.model -> 'alerts') = 'array'
     AND a ->> 'rule' = r.rule
     AND a ? 'threshold' AND jsonb_typeof(a -> 'threshold') <> 'null'
     AND (jsonb_typeof(a -> 'threshold') <> 'number'
          OR (a ->> 'threshold')::numeric NOT BETWEEN r.lowest AND r.highest
          OR (r.days AND (a ->> 'threshold')::numeric <> round((a ->> 'threshold')::numeric)))
)
UPDATE health_model h
   SET model = jsonb_set(h.model, '{alerts}', (
         SELECT jsonb_agg(CASE
                  WHEN r.rule IS NOT NULL AND jsonb_typeof(a -> 'threshold') IS DISTINCT FROM 'null'
                       AND a ? 'threshold'
                       AND (jsonb_typeof(a -> 'threshold') <> 'number'
                            OR (a ->> 'threshold')::numeric NOT BETWEEN r.lowest AND r.highest
                            OR (r.days AND (a ->> 'threshold')::numeric <> round((a ->> 'threshold')::numeric)))
                  THEN jsonb_set(a, '{threshold}', to_jsonb(r.fallback::numeric))
                  ELSE a END ORDER BY e.ord)
           FROM jsonb_array_elements(h.model -> 'alerts') WITH ORDINALITY AS e(a, ord)
           LEFT JOIN rules r ON r.rule = e.a ->> 'rule'))
  FROM (SELECT DISTINCT tenant_id, version FROM bad) b
 WHERE h.tenant_id = b.tenant_id AND h.version = b.version;
