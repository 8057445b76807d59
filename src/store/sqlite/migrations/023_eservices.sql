-- compatible: yes
-- 023: the e-services catalogue (issue 18, docs/services.md). Adds to each service what its public
-- page shows (description, audience, fees, time to complete: each in Arabic and English), its sets
-- (channels, life events, related categories: codes joined by '|', sorted) and search keywords;
-- all defaulted, so older binaries keep reading the table. service_useful counts the anonymous
-- "was this page useful?" answers per service and day: counts only, nothing about who answered.
ALTER TABLE services ADD COLUMN description_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN audience_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN audience_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN fees_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN fees_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN time_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN time_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN channels TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN life_events TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN categories TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
CREATE TABLE service_useful (
  service     TEXT NOT NULL REFERENCES services(code),
  day         TEXT NOT NULL,
  useful_yes  INTEGER NOT NULL DEFAULT 0,
  useful_no   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service, day)
);
