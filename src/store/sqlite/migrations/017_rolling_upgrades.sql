-- compatible: yes
-- 017: rolling upgrades and readiness (issue 20, docs/operations.md "Rolling upgrades"). Each
-- migration records whether the binary before it can still run on the schema it leaves (the
-- file's "-- compatible: yes" line, as above: additive changes only); /readyz of an older node
-- reads it. write_probe takes the small write that /readyz tries while the disk is full; the
-- write is always rolled back, so the table stays empty.
ALTER TABLE schema_migrations ADD COLUMN compatible INTEGER NOT NULL DEFAULT 0;
CREATE TABLE write_probe (
  id     INTEGER PRIMARY KEY,
  filler BLOB NOT NULL
);
