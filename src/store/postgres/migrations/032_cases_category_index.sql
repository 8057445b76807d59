-- compatible: yes
-- transaction: none
-- 032: an index for the Open311 request list of one service (GET requests.json?service_code=…,
-- store/postgres/queries_api_keys.h kPublicRequests: a category over a window of submission
-- times), built with CONCURRENTLY so that a live database keeps taking submissions while it is
-- built. This file runs outside the migrations' transaction (store/common/sql_store_ready.h,
-- docs/operations.md "GIN indexes and CONCURRENTLY"): its statements must be safe to run again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_category_submitted
  ON cases (category, submitted_at) WHERE category IS NOT NULL;
