-- docs/imports.md: a segment is the tenant's own word, any text of 1-64 characters (absent: Unsegmented),
-- no longer one of SMB, Mid-Market and Enterprise.
ALTER TABLE account DROP CONSTRAINT account_segment_check;
ALTER TABLE account ADD CONSTRAINT account_segment_check CHECK (length(segment) BETWEEN 1 AND 64);
