-- 030: Open311 request updates (issue 17; store/open311_update_store.h). Updates are read by
-- time (GET servicerequestupdates: case_events by `at`), and only the API key that created a
-- request may post a citizen's update to it (the link below, written after the case's commit).
-- compatible: yes
CREATE INDEX case_events_at ON case_events(at);
CREATE TABLE open311_request_keys (
  reference   TEXT PRIMARY KEY,
  api_key_id  INTEGER NOT NULL REFERENCES api_keys(id)
);
