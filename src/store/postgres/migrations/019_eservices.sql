-- compatible: yes
-- 019: the e-services catalogue (issue 18, docs/services.md). Adds to each service what its public
-- page shows (description, audience, fees, time to complete: each in Arabic and English), its sets
-- (channels, life events, related categories: codes joined by '|', sorted) and search keywords;
-- all defaulted, so older binaries keep reading the table. service_useful counts the anonymous
-- "was this page useful?" answers per service and day: counts only, nothing about who answered.
ALTER TABLE services ADD COLUMN description_ar text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN description_en text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN audience_ar text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN audience_en text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN fees_ar text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN fees_en text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN time_ar text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN time_en text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN channels text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN life_events text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN categories text NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN keywords text NOT NULL DEFAULT '';
CREATE TABLE service_useful (
  service     text NOT NULL REFERENCES services(code),
  day         text NOT NULL,
  useful_yes  bigint NOT NULL DEFAULT 0,
  useful_no   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (service, day)
);
