-- Upheld appeals of confirmed violations: the violation stays confirmed in the record, marked appealed,
-- and counts as a false positive in the precision figures; the ledger reverses its penalty.
ALTER TABLE review_violations ADD COLUMN appealed_by text;
ALTER TABLE review_violations ADD COLUMN appealed_at timestamptz;
