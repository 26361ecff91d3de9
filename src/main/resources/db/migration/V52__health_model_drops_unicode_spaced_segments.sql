-- An import now trims DEL, the C1 controls and Unicode's breaking spaces (U+3000, U+2003, ...) around a
-- value as it trimmed spaces, and a health-model save refuses segment weights whose segment has them
-- around it, as V46 did for spaces. Versions saved before still hold such segments and must read back
-- through the same check: those weights are dropped from the stored versions. An account could only
-- carry such a segment from an import before this change; its weights are the default ones from here on.
UPDATE health_model
   SET model = jsonb_set(model, '{segmentWeights}',
                         (SELECT coalesce(jsonb_object_agg(s.key, s.value), '{}'::jsonb)
                            FROM jsonb_each(model -> 'segmentWeights') AS s
                           WHERE s.key !~ '^[\u0001-\u0020\u007f-\u009f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]|[\u0001-\u0020\u007f-\u009f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]$'))
 WHERE jsonb_typeof(model -> 'segmentWeights') = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(model -> 'segmentWeights') AS s
                WHERE s.key ~ '^[\u0001-\u0020\u007f-\u009f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]|[\u0001-\u0020\u007f-\u009f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]$');
