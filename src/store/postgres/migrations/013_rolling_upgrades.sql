-- compatible: yes
-- 013: rolling upgrades and readiness (issue 20, docs/operations.md "Rolling upgrades"). Each
-- migration records whether the binary before it can still run on the schema it leaves (the
-- file's "-- compatible: yes" line, as above: additive changes only); /readyz of an older node
-- reads it. write_probe takes the small write that /readyz tries while the disk is full; the
-- write is always rolled back, so the table stays empty (but for dead rows that vacuum removes).
ALTER TABLE schema_migrations ADD COLUMN compatible smallint NOT NULL DEFAULT 0;
CREATE TABLE write_probe (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  filler text NOT NULL
);
