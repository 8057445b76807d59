-- 015: erasure of personal data (issue 21 item 7, issue 20 item 4; domain/erasure.h,
-- docs/audit.md §2). erased_at: when the personal fields of a case were erased (NULL: never),
-- so retention finds the closed cases still holding personal data through a small partial index
-- instead of reading every case.
ALTER TABLE cases ADD COLUMN erased_at bigint;
CREATE INDEX cases_retention ON cases(type, closed_at) WHERE status = 'closed' AND erased_at IS NULL;
