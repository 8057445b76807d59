#pragma once
// Every SQL statement of the PostgreSQL store, named: the same statements as the SQLite store's
// (store/sqlite/queries.h) in PostgreSQL's dialect ($n parameters, casts where a parameter's type
// cannot be inferred, no INDEXED BY: the planner picks the partial indexes itself), plus what
// several nodes need. Connections prepare each once, by the address of these constants.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/text_analyzer.h"
#include "store/postgres/queries_account.h"
#include "store/postgres/queries_api_keys.h"
#include "store/postgres/queries_eservice.h"
#include "store/postgres/queries_idempotency.h"
#include "store/postgres/queries_messages.h"
#include "store/postgres/queries_mfa.h"
#include "store/postgres/queries_news.h"
#include "store/postgres/queries_open311_updates.h"
#include "store/postgres/queries_suggestion.h"
#include "store/postgres/queries_survey.h"

namespace tawasul::store::postgres {

// The statements, as static members so that Sql (below) inherits every name.
struct q {
  static constexpr const char kSchemaVersion[] =
      "SELECT coalesce(max(version), 0) FROM schema_migrations";
  static constexpr const char kRecordMigration[] =
      "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)";
  // Rolling upgrades (sql_store_ready.h): migrations from kFirstCompatibilityMigration on
  // record whether the previous binary can run on the schema they leave.
  static constexpr int kFirstCompatibilityMigration = 13;
  static constexpr const char kMarkMigrationCompatible[] =
      "UPDATE schema_migrations SET compatible = 1 WHERE version = $1";
  static constexpr const char kIncompatibleMigrationsAfter[] =
      "SELECT count(*) FROM schema_migrations WHERE version > $1 AND compatible = 0";
  // An index left INVALID by a failed CREATE INDEX CONCURRENTLY (Sql::RunOutsideTransaction).
  static constexpr const char kInvalidIndex[] =
      "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
      "WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace "
      "AND NOT i.indisvalid";
  // The write /readyz tries while the disk is full (always rolled back).
  static constexpr const char kWriteProbe[] =
      "INSERT INTO write_probe(filler) SELECT string_agg(md5(random()::text), '') FROM "
      "generate_series(1, 512)";

  static constexpr const char kNextSequence[] =
      "INSERT INTO sequences(name, value) VALUES ($1, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = sequences.value + 1 RETURNING value";

  static constexpr const char kBumpSequence[] =
      "INSERT INTO sequences(name, value) VALUES ($1, $2) "
      "ON CONFLICT(name) DO UPDATE SET value = greatest(sequences.value, excluded.value)";

  static constexpr const char kInsertCase[] =
      "INSERT INTO cases(reference, type, status, entity, category, service, channel, language, "
      "subject, description, contact_name, contact_email, contact_phone, anonymous, lat, lon, "
      "address, access_hash, access_salt, submitted_at, first_response_due_at, due_at, clock, "
      "warn_at, notify) "
      "VALUES ($1, $2, $3, $4, nullif($5::text, ''), nullif($6::text, ''), $7, $8, $9, $10, $11, "
      "$12, $13, $14, "
      "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) RETURNING id";
  // A whole imported case: the insert columns, then every lifecycle column. A reference already
  // stored is left alone (import is idempotent by reference).
  static constexpr const char kInsertFullCase[] =
      "INSERT INTO cases(reference, type, status, entity, category, service, channel, language, "
      "subject, description, contact_name, contact_email, contact_phone, anonymous, lat, lon, "
      "address, access_hash, access_salt, submitted_at, first_response_due_at, due_at, "
      "clock, first_response_at, answered_at, closed_at, cycle, "
      "extended_this_cycle, rated_this_answer, reopen_count, rating, paused_at, merged_into, "
      "first_response_breached, resolution_breached, warn_at, warned, escalated, assignee_id, "
      "search_vector, search_folded, notify) "
      "VALUES ($1, $2, $3, $4, nullif($5::text, ''), nullif($6::text, ''), $7, $8, $9, $10, $11, "
      "$12, $13, $14, "
      "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, "
      "$32, nullif($33::text, ''), $34, $35, $36, $37, $38, nullif($39::bigint, 0), "
      "$40::tsvector, $41::text, $42) ON CONFLICT(reference) DO NOTHING "
      "RETURNING id";
  static constexpr int kFullCaseNotifyParam = 42;  // kInsertFullCase's `notify`
#define TAWASUL_INSERT_EVENTS_HEAD                                                               \
  "INSERT INTO case_events(case_id, seq, at, kind, public, actor, body, prev_hash, hash, data) " \
  "VALUES "
  static constexpr const char kInsertEvent[] =
      TAWASUL_INSERT_EVENTS_HEAD "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  // Sql::InsertEventsSql appends the rows of several events to this.
  static constexpr const char kInsertEventsHead[] = TAWASUL_INSERT_EVENTS_HEAD;
#undef TAWASUL_INSERT_EVENTS_HEAD

// The columns ReadCaseRow reads, in its order.
#define TAWASUL_CASE_COLUMNS                                                                     \
  "SELECT id, reference, type, status, entity, coalesce(category, ''), coalesce(service, ''), "  \
  "channel, language, subject, description, contact_name, contact_email, contact_phone, "        \
  "anonymous, lat, lon, address, access_hash, access_salt, submitted_at, "                       \
  "first_response_due_at, due_at, first_response_at, answered_at, closed_at, "                   \
  "coalesce(assignee_id, 0), cycle, extended_this_cycle, rated_this_answer, reopen_count, "      \
  "rating, paused_at, coalesce(merged_into, ''), first_response_breached, resolution_breached, " \
  "clock, warn_at, warned, escalated, notify FROM cases "
  static constexpr const char kFindCase[] = TAWASUL_CASE_COLUMNS "WHERE reference = $1";
  // Locks the row until COMMIT: changes to one case from any node are serialised.
  static constexpr const char kFindCaseForUpdate[] =
      TAWASUL_CASE_COLUMNS "WHERE reference = $1 FOR UPDATE";
  static constexpr const char kCaseEvents[] =
      "SELECT seq, at, kind, public, actor, body, data FROM case_events WHERE case_id = $1 "
      "ORDER BY seq";
  static constexpr const char kLastEvent[] =
      "SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1";
  static constexpr const char kUpdateCase[] =
      "UPDATE cases SET status = $2, entity = $3, assignee_id = nullif($4::bigint, 0), cycle = $5, "
      "extended_this_cycle = $6, rated_this_answer = $7, reopen_count = $8, rating = $9, "
      "paused_at = $10, merged_into = nullif($11::text, ''), first_response_at = $12, answered_at "
      "= "
      "$13, "
      "closed_at = $14, first_response_due_at = $15, due_at = $16, first_response_breached = $17, "
      "resolution_breached = $18, clock = $19, warn_at = $20, warned = $21, escalated = $22 "
      "WHERE id = $1";
  // Scheduler look-ups; each matches a partial index of migration 003, so a tick reads only what
  // is due.
  static constexpr const char kDueResolution[] =
      "SELECT reference FROM cases WHERE resolution_breached = 0 AND "
      "status IN ('received', "
      "'in_progress') AND due_at <= $1 ORDER BY due_at LIMIT $2";
  static constexpr const char kDueFirstResponse[] =
      "SELECT reference FROM cases WHERE first_response_breached "
      "= 0 "
      "AND first_response_at IS NULL "
      "AND status IN ('received', 'in_progress') AND first_response_due_at <= $1 "
      "ORDER BY first_response_due_at LIMIT $2";
  static constexpr const char kDueWarning[] =
      "SELECT reference FROM cases WHERE warned = 0 AND warn_at IS NOT "
      "NULL AND status IN "
      "('received', 'in_progress') AND warn_at <= $1 ORDER BY warn_at LIMIT $2";
  static constexpr const char kDueEscalation[] =
      "SELECT reference FROM cases WHERE resolution_breached = 1 AND "
      "escalated = 0 AND status IN "
      "('received', 'in_progress') AND due_at <= $1 ORDER BY due_at LIMIT $2";
  static constexpr const char kDueAutoClose[] =
      "SELECT reference FROM cases WHERE status = 'answered' "
      "AND answered_at <= $1 "
      "ORDER BY answered_at LIMIT $2";
  static constexpr const char kFigureRows[] =
      "SELECT period, entity, category, type, channel, received, answered, answered_on_time, due, "
      "due_met, rated, rating_sum, rating_4_5, transferred, reopened, open, fr_hist, answer_hist "
      "FROM figures WHERE level = $1 AND period BETWEEN $2 AND $3 AND ($4::text IS NULL OR entity "
      "= "
      "$4::text) "
      "AND ($5::text IS NULL OR type = $5::text) AND ($6::text IS NULL OR category = $6::text) "
      "AND ($7::text IS NULL OR channel = $7::text)";
  // Running clocks past their due time (index cases_overdue): overdue now, and missed clocks.
  // One row per overdue clock (for day and month groups, which need each due day).
  static constexpr const char kOverdueNow[] =
      "SELECT entity, coalesce(category, ''), type, channel, due_at FROM cases "
      "WHERE status IN ('received', 'in_progress') AND due_at < $1 "
      "AND ($2::text IS NULL OR entity = $2::text) AND ($3::text IS NULL OR type = $3::text) "
      "AND ($4::text IS NULL OR coalesce(category, '') = $4::text) AND ($5::text IS NULL OR "
      "channel "
      "= $5::text)";
  // Overdue clocks counted in SQL, grouped by $7 (0 none, 1 entity, 2 category, 3 type, 4
  // channel): (key, overdue now, of which due in [$8, $9)). Served by the covering index.
  static constexpr const char kOverdueCounts[] =
      "SELECT CASE $6::int WHEN 1 THEN entity WHEN 2 THEN coalesce(category, '') WHEN 3 THEN type "
      "WHEN 4 THEN channel ELSE '' END AS k, count(*), count(*) FILTER (WHERE due_at >= $7::bigint "
      "AND due_at < $8::bigint) "
      "FROM cases WHERE status IN ('received', 'in_progress') "
      "AND due_at < $1 AND ($2::text IS NULL OR entity = $2::text) AND ($3::text IS NULL OR type = "
      "$3::text) "
      "AND ($4::text IS NULL OR coalesce(category, '') = $4::text) AND ($5::text IS NULL OR "
      "channel "
      "= $5::text) GROUP BY k";
  static constexpr const char kDeleteFigures[] = "DELETE FROM figures";
  static constexpr const char kAllCases[] =
      TAWASUL_CASE_COLUMNS "WHERE id > $1 ORDER BY id LIMIT $2";
  static constexpr const char kEventsOfRange[] =
      "SELECT case_id, seq, at, kind, public, actor, body, data FROM case_events "
      "WHERE case_id BETWEEN $1 AND $2 ORDER BY case_id, seq";
  static constexpr const char kOpenCases[] =
      "SELECT reference FROM cases WHERE status IN ('received', 'in_progress', 'awaiting_citizen') "
      "ORDER BY id";
// Inbox: one statement for every filter combination (NULL = no filter), ordered by due time.
#define TAWASUL_INBOX_WHERE                                                                  \
  " FROM cases WHERE ($1::text IS NULL OR entity = $1::text) "                               \
  "AND (CASE WHEN $2::text IS NULL THEN status <> 'closed' ELSE status = $2::text END) "     \
  "AND ($3::text IS NULL OR type = $3::text) AND ($4::text IS NULL OR category = $4::text) " \
  "AND ($5::bigint IS NULL OR coalesce(assignee_id, -1) = $5::bigint) "                      \
  "AND ($6::int = 0 OR (due_at < $7::bigint AND status IN ('received', 'in_progress')))"
  static constexpr const char kInboxCount[] = "SELECT count(*)" TAWASUL_INBOX_WHERE;
  static constexpr const char kInboxPage[] =
      "SELECT reference" TAWASUL_INBOX_WHERE " ORDER BY due_at, id LIMIT $8 OFFSET $9";
#undef TAWASUL_INBOX_WHERE
  // The history audit and signed checkpoints (store/common/audit_ops.h, docs/audit.md).
  static constexpr const char kEventHashesOfRange[] =
      "SELECT case_id, seq, at, kind, public, actor, body, data, prev_hash, hash FROM case_events "
      "WHERE case_id BETWEEN $1 AND $2 ORDER BY case_id, seq";
  static constexpr const char kAttachmentHashesOfRange[] =
      "SELECT case_id, sha256 FROM case_attachments WHERE case_id BETWEEN $1 AND $2 "
      "ORDER BY case_id, id";
  static constexpr const char kSaltsOfRange[] =
      "SELECT case_id, salts FROM case_submission_salts WHERE case_id BETWEEN $1 AND $2";
  static constexpr const char kInsertSalts[] =
      "INSERT INTO case_submission_salts(case_id, salts) VALUES ($1, $2)";
  // Erasure of personal data (store/common/case_ops.h EraseFieldsTx, domain/erasure.h): a flag
  // per field ($2 subject, $3 description, $4..$6 contact name, email, phone, $7 location),
  // $8 the erasure time; retention's look-up matches the partial index of migration
  // 015 ($1 type, $2 closed before, $3 limit).
  static constexpr const char kEraseCaseFields[] =
      "UPDATE cases SET subject = CASE WHEN $2::int = 1 THEN '' ELSE subject END, "
      "description = CASE WHEN $3::int = 1 THEN '' ELSE description END, "
      "contact_name = CASE WHEN $4::int = 1 THEN '' ELSE contact_name END, "
      "contact_email = CASE WHEN $5::int = 1 THEN '' ELSE contact_email END, "
      "contact_phone = CASE WHEN $6::int = 1 THEN '' ELSE contact_phone END, "
      "lat = CASE WHEN $7::int = 1 THEN NULL ELSE lat END, "
      "lon = CASE WHEN $7::int = 1 THEN NULL ELSE lon END, "
      "address = CASE WHEN $7::int = 1 THEN NULL ELSE address END, erased_at = $8 WHERE id = $1";
  static constexpr const char kSaltsOfCase[] =
      "SELECT salts FROM case_submission_salts WHERE case_id = $1";
  static constexpr const char kUpdateSalts[] =
      "UPDATE case_submission_salts SET salts = $2 WHERE case_id = $1";
  static constexpr const char kDeleteCaseAttachments[] =
      "DELETE FROM case_attachments WHERE case_id = $1";
  static constexpr const char kRetentionDue[] =
      "SELECT reference FROM cases WHERE type = $1 AND status = 'closed' AND closed_at < $2 "
      "AND erased_at IS NULL ORDER BY closed_at, id LIMIT $3";
  static constexpr const char kMaxEventId[] = "SELECT coalesce(max(id), 0) FROM case_events";
  // Each case's head among its events with id <= the cut-off: the event whose successor (by
  // seq) is absent or after the cut-off (the (case_id, seq) index answers the NOT EXISTS).
  static constexpr const char kChainHeads[] =
      "SELECT c.reference, e.seq, e.hash FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE e.id <= $1 AND NOT EXISTS (SELECT 1 FROM case_events n WHERE n.case_id = "
      "e.case_id AND n.seq = e.seq + 1 AND n.id <= $1)";
  static constexpr const char kInsertCheckpoint[] =
      "INSERT INTO audit_checkpoints(created_at, cases, event_cutoff, root, public_key, text) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  static constexpr const char kInsertCheckpointLeaf[] =
      "INSERT INTO audit_checkpoint_leaves(checkpoint_id, reference, events, head) "
      "VALUES ($1, $2, $3, $4)";
  static constexpr const char kPruneCheckpointLeaves[] =
      "DELETE FROM audit_checkpoint_leaves WHERE checkpoint_id <= coalesce((SELECT id FROM "
      "audit_checkpoints ORDER BY id DESC LIMIT 1 OFFSET $1), 0)";
  static constexpr const char kFindCheckpoint[] =
      "SELECT id FROM audit_checkpoints WHERE root = $1 AND event_cutoff = $2 "
      "ORDER BY id DESC LIMIT 1";
  static constexpr const char kLastCheckpointAt[] = "SELECT max(created_at) FROM audit_checkpoints";
  static constexpr const char kCheckpointLeaves[] =
      "SELECT reference, events, head FROM audit_checkpoint_leaves WHERE checkpoint_id = $1";
  // The append-only triggers `migrate` restores and `audit verify` checks (docs/audit.md); the
  // trigger functions are re-created too (dropping one with CASCADE drops its triggers).
  // Present means: enabled, and its function still raises (not replaced by one that does not).
  static constexpr const char kTriggerExists[] =
      "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = $1 "
      "AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND p.prosrc LIKE '%RAISE EXCEPTION%'";
#define TAWASUL_PG_APPEND_ONLY_FN(table)             \
  "CREATE OR REPLACE FUNCTION " table                \
  "_append_only() RETURNS trigger LANGUAGE plpgsql " \
  "AS $$ BEGIN RAISE EXCEPTION '" table " is append-only'; END $$; "
  static constexpr std::array<std::array<const char*, 2>, 4> kAppendOnlyTriggers = {{
      {"case_events_no_update",
       TAWASUL_PG_APPEND_ONLY_FN(
           "case_events") "DROP TRIGGER IF EXISTS case_events_no_update ON case_events; CREATE "
                          "TRIGGER case_events_no_update BEFORE "
                          "UPDATE ON case_events FOR EACH ROW EXECUTE "
                          "FUNCTION case_events_append_only()"},
      {"case_events_no_delete",
       TAWASUL_PG_APPEND_ONLY_FN(
           "case_events") "DROP TRIGGER IF EXISTS case_events_no_delete ON case_events; CREATE "
                          "TRIGGER case_events_no_delete BEFORE "
                          "DELETE ON case_events FOR EACH ROW EXECUTE "
                          "FUNCTION case_events_append_only()"},
      {"audit_checkpoints_no_update",
       TAWASUL_PG_APPEND_ONLY_FN(
           "audit_checkpoints") "DROP TRIGGER IF EXISTS audit_checkpoints_no_update ON "
                                "audit_checkpoints; CREATE TRIGGER audit_checkpoints_no_update "
                                "BEFORE UPDATE ON audit_checkpoints FOR "
                                "EACH ROW EXECUTE FUNCTION "
                                "audit_checkpoints_append_only()"},
      {"audit_checkpoints_no_delete",
       TAWASUL_PG_APPEND_ONLY_FN(
           "audit_checkpoints") "DROP TRIGGER IF EXISTS audit_checkpoints_no_delete ON "
                                "audit_checkpoints; CREATE TRIGGER audit_checkpoints_no_delete "
                                "BEFORE DELETE ON audit_checkpoints FOR "
                                "EACH ROW EXECUTE FUNCTION "
                                "audit_checkpoints_append_only()"},
  }};
#undef TAWASUL_PG_APPEND_ONLY_FN

  static constexpr const char kInsertSession[] =
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
  static constexpr const char kSessionUser[] =
      "SELECT u.id, u.email, u.password_hash, u.role, coalesce(u.entity, ''), u.name, u.active, "
      "u.failed_logins, u.locked_until FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2";
  static constexpr const char kRevokeSession[] =
      "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";
  static constexpr const char kLoginFailure[] =
      "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN "
      "failed_logins + 1 >= $3::int THEN $2::bigint + $4::bigint ELSE locked_until END WHERE id = "
      "$1";
  static constexpr const char kLoginReset[] =
      "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1";
  static constexpr const char kFindUserById[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users WHERE id = $1";
  static constexpr const char kAllUsers[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users ORDER BY id";
  static constexpr const char kInsertUserWithId[] =
      "INSERT INTO users(id, email, password_hash, role, entity, name, created_at, active, "
      "failed_logins, locked_until) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, "
      "nullif($5::text, ''), $6, $7, $8, $9, $10)";
  // After users were inserted with their ids, new ones continue after the largest.
  static constexpr const char kResyncUserIds[] =
      "SELECT setval(pg_get_serial_sequence('users', 'id'), greatest((SELECT max(id) FROM users), "
      "1))";
  static constexpr const char kCountCases[] = "SELECT count(*) FROM cases";

  static constexpr const char kEntities[] =
      "SELECT code, name_ar, name_en FROM entities WHERE active = 1 ORDER BY code";
  static constexpr const char kCategories[] =
      "SELECT code, entity, name_ar, name_en, guidance_ar, guidance_en, types FROM categories "
      "WHERE active = 1 ORDER BY code";
  static constexpr const char kServices[] =
      "SELECT code, entity, name_ar, name_en, url FROM services WHERE active = 1 ORDER BY code";
  static constexpr const char kUpsertEntity[] =
      "INSERT INTO entities(code, name_ar, name_en) VALUES ($1, $2, $3) "
      "ON CONFLICT(code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en";
  static constexpr const char kUpsertCategory[] =
      "INSERT INTO categories(code, entity, name_ar, name_en, guidance_ar, guidance_en, types) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(code) DO UPDATE SET entity = "
      "excluded.entity, "
      "name_ar = excluded.name_ar, name_en = excluded.name_en, guidance_ar = excluded.guidance_ar, "
      "guidance_en = excluded.guidance_en, types = excluded.types";
  static constexpr const char kUpsertService[] =
      "INSERT INTO services(code, entity, name_ar, name_en, url) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT(code) DO UPDATE SET entity = excluded.entity, name_ar = excluded.name_ar, "
      "name_en = excluded.name_en, url = excluded.url";

  static constexpr const char kCalendar[] = "SELECT time_zone, week FROM calendars WHERE code = $1";
  static constexpr const char kHolidays[] =
      "SELECT start_date, end_date, kind, status, name_en, name_ar, note FROM holidays "
      "WHERE calendar = $1 ORDER BY start_date";
  static constexpr const char kSpecialPeriods[] =
      "SELECT start_date, end_date, open_minute, close_minute, name_en, name_ar, note "
      "FROM special_periods WHERE calendar = $1 ORDER BY start_date";
  static constexpr const char kUpsertCalendar[] =
      "INSERT INTO calendars(code, time_zone, week) VALUES ($1, $2, $3) ON CONFLICT(code) "
      "DO UPDATE SET time_zone = excluded.time_zone, week = excluded.week";
  static constexpr const char kDeleteHolidays[] = "DELETE FROM holidays WHERE calendar = $1";
  static constexpr const char kDeleteSpecialPeriods[] =
      "DELETE FROM special_periods WHERE calendar = $1";
  static constexpr const char kInsertHoliday[] =
      "INSERT INTO holidays(calendar, start_date, end_date, kind, status, name_en, name_ar, note) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  static constexpr const char kInsertSpecialPeriod[] =
      "INSERT INTO special_periods(calendar, start_date, end_date, open_minute, close_minute, "
      "name_en, name_ar, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  static constexpr const char kTargets[] =
      "SELECT entity, type, category, first_response_unit, first_response_amount, resolution_unit, "
      "resolution_amount FROM sla_targets ORDER BY entity, type, category";
  static constexpr const char kDeleteTargets[] = "DELETE FROM sla_targets";
  static constexpr const char kInsertTarget[] =
      "INSERT INTO sla_targets(entity, type, category, first_response_unit, first_response_amount, "
      "resolution_unit, resolution_amount) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  static constexpr const char kInsertUser[] =
      "INSERT INTO users(email, password_hash, role, entity, name, created_at) "
      "VALUES ($1, $2, $3, nullif($4::text, ''), $5, $6) ON CONFLICT DO NOTHING";
  static constexpr const char kFindUser[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users WHERE lower(email) = lower($1)";

  // Figures: counters are added under the row lock the upsert takes; the histograms it returns are
  // merged by the writer and written back (PostgreSQL has no hist_merge).
  static constexpr const char kUpsertFigures[] =
      "INSERT INTO figures AS f(level, period, entity, category, type, channel, received, "
      "answered, answered_on_time, due, due_met, rated, rating_sum, rating_4_5, transferred, "
      "reopened, open) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
      "$16, $17) ON CONFLICT (level, period, entity, category, type, channel) DO UPDATE SET "
      "received = f.received + excluded.received, answered = f.answered + excluded.answered, "
      "answered_on_time = f.answered_on_time + excluded.answered_on_time, due = f.due + "
      "excluded.due, due_met = f.due_met + excluded.due_met, rated = f.rated + excluded.rated, "
      "rating_sum = f.rating_sum + excluded.rating_sum, rating_4_5 = f.rating_4_5 + "
      "excluded.rating_4_5, transferred = f.transferred + excluded.transferred, reopened = "
      "f.reopened + excluded.reopened, open = f.open + excluded.open RETURNING fr_hist, "
      "answer_hist";
  static constexpr const char kSetFigureHistograms[] =
      "UPDATE figures SET fr_hist = $7, answer_hist = $8 WHERE level = $1 AND period = $2 AND "
      "entity = $3 AND category = $4 AND type = $5 AND channel = $6";
  // Coordination between nodes.
  static constexpr const char kTryLeader[] = "SELECT pg_try_advisory_lock($1::bigint)";
  static constexpr const char kConfigVersion[] = "SELECT version FROM config_version WHERE id = 1";
  static constexpr const char kBumpConfigVersion[] =
      "UPDATE config_version SET version = version + 1 WHERE id = 1";
  // The citizen's channel choice, changed by the "stop messages" link (docs/notifications.md).
  static constexpr const char kSetCaseNotify[] =
      "UPDATE cases SET notify = $2 WHERE reference = $1";
  static constexpr const char kResyncWebhookIds[] =
      "SELECT setval(pg_get_serial_sequence('webhooks', 'id'), greatest((SELECT max(id) FROM "
      "webhooks), 1))";

// Search (migration 002; store/common/search_ops.h). $1 is the tsquery, or the LIKE pattern.
#define TAWASUL_SEARCH_FILTER                                                                   \
  " AND ($2::text IS NULL OR c.entity = $2::text) AND ($3::text IS NULL OR c.type = $3::text) " \
  "AND ($4::text IS NULL OR c.status = $4::text) AND ($5::bigint IS NULL OR c.submitted_at >= " \
  "$5::bigint) AND ($6::bigint IS NULL OR c.submitted_at < $6::bigint)"
  // Bounded whatever the number of matches (store/common/search_ops.h): the count stops at $7 rows;
  // the ranked page computes ts_rank_cd for the newest $9 matches only (the subquery passes the
  // vectors up untouched); kSearchRest lists matches newest first.
  static constexpr const char kSearchCount[] =
      "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.search_vector @@ "
      "$1::tsquery" TAWASUL_SEARCH_FILTER " LIMIT $7) m";
  static constexpr const char kSearchPage[] =
      "SELECT w.reference, ts_rank_cd(w.search_vector, $1::tsquery) AS score FROM (SELECT c.id, "
      "c.reference, c.search_vector FROM cases c WHERE c.search_vector @@ "
      "$1::tsquery" TAWASUL_SEARCH_FILTER
      " ORDER BY c.id DESC LIMIT $9) w ORDER BY score DESC, w.id LIMIT $7 OFFSET $8";
  static constexpr const char kSearchRest[] =
      "SELECT c.reference, 0.0::float8 FROM cases c WHERE c.search_vector @@ "
      "$1::tsquery" TAWASUL_SEARCH_FILTER " ORDER BY c.id DESC LIMIT $7 OFFSET $8";
  // Partial words: newest first (by id, the same order on both backends).
  static constexpr const char kSearchFragmentCount[] =
      "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.search_folded LIKE "
      "$1::text" TAWASUL_SEARCH_FILTER " LIMIT $7) m";
  static constexpr const char kSearchFragmentPage[] =
      "SELECT c.reference, 0.0::float8 FROM cases c WHERE c.search_folded LIKE "
      "$1::text" TAWASUL_SEARCH_FILTER " ORDER BY c.id DESC LIMIT $7 OFFSET $8";
#undef TAWASUL_SEARCH_FILTER
  static constexpr const char kIndexCase[] =
      "UPDATE cases SET search_vector = $2::tsvector, search_folded = $3 WHERE id = $1";
  static constexpr const char kSimilarCandidates[] =
      "SELECT c.reference FROM cases c WHERE c.search_vector @@ $1::tsquery AND c.entity = $2 AND "
      "c.id <> $3 AND c.submitted_at >= $4 AND c.status IN ('received', 'in_progress', "
      "'awaiting_citizen') ORDER BY ts_rank_cd(c.search_vector, $1::tsquery) DESC, c.id LIMIT $5";
  static constexpr const char kSearchIndexVersion[] =
      "SELECT analyzer_version FROM search_index_state WHERE id = 1";
  static constexpr const char kSetSearchIndexVersion[] =
      "UPDATE search_index_state SET analyzer_version = $1 WHERE id = 1";
  static constexpr const char kCaseTextsAfter[] =
      "SELECT id, reference, subject, description FROM cases WHERE id > $1 ORDER BY id LIMIT $2";

#undef TAWASUL_CASE_COLUMNS

  // Attachments (attachments area; 008/004_attachments.sql).
  static constexpr const char kInsertAttachment[] =
      "INSERT INTO case_attachments(case_id, file_name, media_type, size, sha256, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)";
  static constexpr const char kCaseAttachments[] =
      "SELECT id, case_id, file_name, media_type, size, sha256, created_at FROM case_attachments "
      "WHERE case_id = $1 ORDER BY id";

  // Routing models (007/003_routing.sql): the newest is the one in force.
  static constexpr const char kInsertRoutingModel[] =
      "INSERT INTO routing_models(trained_at, model, metrics) VALUES ($1, $2::jsonb, $3::jsonb)";
  static constexpr const char kLatestRoutingModel[] =
      "SELECT id, trained_at, model::text, metrics::text FROM routing_models WHERE id > $1 "
      "ORDER BY id DESC LIMIT 1";

  // dashboard: open cases by assignee (Store::Workload).
  static constexpr const char kWorkload[] =
      "SELECT coalesce(c.assignee_id, 0), coalesce(u.name, ''), coalesce(u.email, ''), "
      "count(*)::bigint, sum(CASE WHEN c.status IN ('received', 'in_progress') AND c.due_at < "
      "$2::bigint THEN 1 ELSE 0 END)::bigint FROM cases c LEFT JOIN users u ON u.id = "
      "c.assignee_id "
      "WHERE c.status IN ('received', 'in_progress', 'awaiting_citizen') "
      "AND ($1::text IS NULL OR c.entity = $1::text) "
      "GROUP BY coalesce(c.assignee_id, 0), u.name, u.email ORDER BY 4 DESC, 1";
  // admin (009/005_templates.sql; users): response templates and user administration.
  static constexpr const char kListTemplates[] =
      "SELECT id, entity, title_ar, title_en, body_ar, body_en, created_at, updated_at "
      "FROM response_templates WHERE ($1 = '' OR entity = $1) ORDER BY entity, id";
  static constexpr const char kFindTemplate[] =
      "SELECT id, entity, title_ar, title_en, body_ar, body_en, created_at, updated_at "
      "FROM response_templates WHERE id = $1";
  static constexpr const char kInsertTemplate[] =
      "INSERT INTO response_templates(entity, title_ar, title_en, body_ar, body_en, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
  static constexpr const char kUpdateTemplate[] =
      "UPDATE response_templates SET entity = $2, title_ar = $3, title_en = $4, "
      "body_ar = $5, body_en = $6, updated_at = $7 WHERE id = $1 RETURNING id";
  static constexpr const char kDeleteTemplate[] =
      "DELETE FROM response_templates WHERE id = $1 RETURNING id";
  static constexpr const char kAuditLog[] =
      "SELECT e.id, c.reference, c.entity, e.at, e.kind, e.public, e.actor, e.body "
      "FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE ($1 = '' OR e.actor = $1) AND ($2 = '' OR e.kind = $2) "
      "AND ($3 = '' OR c.entity = $3) AND ($4 = '' OR c.reference = $4) "
      "AND e.at >= $5 AND e.at < $6 ORDER BY e.id DESC LIMIT $7 OFFSET $8";
  static constexpr const char kAttachmentReferenced[] =
      "SELECT EXISTS (SELECT 1 FROM case_attachments WHERE sha256 = $1)::int";
  static constexpr const char kInsertAdminChange[] =
      "INSERT INTO admin_changes(at, actor, area, action, subject, detail) "
      "VALUES ($1, $2, $3, $4, $5, $6)";
  static constexpr const char kAdminChanges[] =
      "SELECT id, at, actor, area, action, subject, detail FROM admin_changes "
      "WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR area = $2) AND at >= $3 AND at < $4 "
      "ORDER BY id DESC LIMIT $5 OFFSET $6";
  static constexpr const char kUpdateUserAdmin[] =
      "UPDATE users SET role = $2, entity = NULLIF($3, ''), name = $4, active = $5 "
      "WHERE id = $1 RETURNING id";
};

class Connection;
class Statement;
// The statements the shared operations (store/common) use, by name, and the backend's part of
// search (search_ops.cpp).
struct Sql : q,
             q_messages,
             q_mfa,
             q_eservice,
             q_account,
             q_suggestion,
             q_api_keys,
             q_news,
             q_idempotency,
             q_open311_updates,
             q_survey {
  // The hooks of the shared store (store/common/sql_store.h): what differs on PostgreSQL
  // (pg_store.cpp).
  static constexpr bool kHistogramsInUpsert = false;  // merged under the row lock
  static std::vector<std::string_view> MigrationNames();
  static std::optional<std::string_view> MigrationFile(std::string_view name);
  static void BeginMigration(Connection& c);  // two nodes starting together: one migrates
  // A "-- transaction: none" migration (sql_store_ready.h): statement by statement, under the
  // migration lock held for the session, after dropping an invalid index a failed
  // CREATE INDEX CONCURRENTLY left behind.
  static void RunOutsideTransaction(Connection& c, std::string_view file);
  static void BeforeSearch(Connection& c);           // a custom plan for each query's words
  static void AfterConfigChange(Connection& c);      // other nodes reload (config_version)
  static void AfterUsersImported(Connection& c);     // the id sequence continues after them
  static void AfterWebhooksImported(Connection& c);  // the same for webhooks
  static void BeforeEventCutoff(Connection& c);      // waits for in-flight event inserts

  static void IndexCase(Connection& c, std::int64_t id, const std::string& reference,
                        const std::string& subject, const std::string& description);
  static void ClearSearchIndex(Connection&) {}  // IndexCase overwrites a case's entry
  static void UnindexCase(Connection&, std::int64_t, const std::string&, const std::string&,
                          const std::string&) {}  // likewise
  // Imports write a case's search columns in its INSERT (kInsertFullCase $40, $41) rather than
  // by a second statement (common::InsertFullCase); events go kMaxEventRows to a statement
  // (common::AppendEvents): fewer round trips a case (docs/decisions.md 2026-12-04).
  static constexpr bool kIndexOnInsert = true;
  static void BindSearchColumns(Statement& st, int first, const std::string& reference,
                                const std::string& subject, const std::string& description);
  static constexpr std::size_t kMaxEventRows = 16;
  static constexpr std::size_t kEventColumns = 10;       // the parameters of one kInsertEvent row
  static const char* InsertEventsSql(std::size_t rows);  // rows 1..kMaxEventRows
  static std::optional<std::string> RenderMatch(const domain::Query& query);
  static std::string RenderFragment(const std::string& fragment);
  static std::optional<std::string> RenderAnyOf(const std::vector<std::string>& stems);
  // Without filters: the same statements (a custom plan drops the NULL filters).
  static constexpr const char* kSearchCountAll = q::kSearchCount;
  static constexpr const char* kSearchPageAll = q::kSearchPage;
  static constexpr const char* kSearchRestAll = q::kSearchRest;
  static constexpr const char* kSearchFragmentCountAll = q::kSearchFragmentCount;
  static constexpr const char* kSearchFragmentPageAll = q::kSearchFragmentPage;
};
}  // namespace tawasul::store::postgres
