-- 026: Open311 request updates (issue 17; store/open311_update_store.h): only the API key that
-- created a request may post a citizen's update to it (the link below, written after the case's
-- commit). The index that reads updates by time is 027 (built CONCURRENTLY).
-- compatible: yes
CREATE TABLE open311_request_keys (
  reference   text PRIMARY KEY,
  api_key_id  bigint NOT NULL REFERENCES api_keys(id)
);
