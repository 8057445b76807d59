-- compatible: yes
-- transaction: none
-- 027: an index for Open311's updates of a window (GET servicerequestupdates: case_events by
-- `at`, store/postgres/queries_open311_updates.h kRequestUpdates), built with CONCURRENTLY so that
-- a live database keeps taking writes while it is built (case_events is the largest table). This
-- file runs outside the migrations' transaction (store/common/sql_store_ready.h,
-- docs/operations.md "GIN indexes and CONCURRENTLY"): its statements must be safe to run again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_events_at ON case_events (at);
