-- A health-model save now refuses a segment with spaces (or other characters up to U+0020) around it:
-- an import stores segments without them, so such weights never applied to any account. Versions saved
-- before the check still hold such segments, and reading them back (every page, API call and
-- recalculation reads the current version through the same checks) failed. Those weights are dropped
-- from the stored versions: nothing scored with them, so every figure stays what it was.
UPDATE health_model
   SET model = jsonb_set(model, '{segmentWeights}',
                         (SELECT coalesce(jsonb_object_agg(s.key, s.value), '{}'::jsonb)
                            FROM jsonb_each(model -> 'segmentWeights') AS s
                           WHERE s.key !~ '^[\u0001-\u0020]|[\u0001-\u0020]$'))
 WHERE jsonb_typeof(model -> 'segmentWeights') = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(model -> 'segmentWeights') AS s
                WHERE s.key ~ '^[\u0001-\u0020]|[\u0001-\u0020]$');
