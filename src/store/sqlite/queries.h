#pragma once
// Every SQL statement of the SQLite store, named. Connections cache prepared statements by the
// address of these constants, so each is parsed once per connection.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/text_analyzer.h"
#include "store/sqlite/queries_account.h"
#include "store/sqlite/queries_api_keys.h"
#include "store/sqlite/queries_eservice.h"
#include "store/sqlite/queries_idempotency.h"
#include "store/sqlite/queries_messages.h"
#include "store/sqlite/queries_mfa.h"
#include "store/sqlite/queries_news.h"
#include "store/sqlite/queries_open311_updates.h"
#include "store/sqlite/queries_suggestion.h"
#include "store/sqlite/queries_survey.h"

namespace tawasul::store::sqlite {

// The statements, as static members so that Sql (below) inherits every name.
struct q {
  static constexpr const char kSchemaVersion[] =
      "SELECT coalesce(max(version), 0) FROM schema_migrations";
  static constexpr const char kRecordMigration[] =
      "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)";
  // Rolling upgrades (sql_store_ready.h): migrations from kFirstCompatibilityMigration on
  // record whether the previous binary can run on the schema they leave.
  static constexpr int kFirstCompatibilityMigration = 17;
  static constexpr const char kMarkMigrationCompatible[] =
      "UPDATE schema_migrations SET compatible = 1 WHERE version = ?1";
  static constexpr const char kIncompatibleMigrationsAfter[] =
      "SELECT count(*) FROM schema_migrations WHERE version > ?1 AND compatible = 0";
  static constexpr const char kPageSize[] = "PRAGMA page_size";  // the quota (sqlite_store.cpp)
  // The write /readyz tries while the disk is full (always rolled back).
  static constexpr const char kWriteProbe[] =
      "INSERT INTO write_probe(filler) VALUES (randomblob(16384))";
  // Backup and restore (backup.cpp): what makes a file a Tawasul database, and its checks.
  static constexpr const char kBackupTawasulTables[] =
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
      "name IN ('schema_migrations', 'cases', 'case_events')";
  static constexpr const char kBackupCountCases[] = "SELECT count(*) FROM cases";
  static constexpr const char kBackupIntegrityCheck[] = "PRAGMA integrity_check(20)";
  static constexpr const char kBackupQuickCheck[] = "PRAGMA quick_check(20)";
  static constexpr const char kBackupJournalDelete[] = "PRAGMA journal_mode=DELETE";
  static constexpr const char kBackupBeginSnapshot[] = "BEGIN";  // deferred: a read snapshot
  static constexpr const char kBackupEndSnapshot[] = "COMMIT";

  static constexpr const char kNextSequence[] =
      "INSERT INTO sequences(name, value) VALUES (?1, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value";

  static constexpr const char kBumpSequence[] =
      "INSERT INTO sequences(name, value) VALUES (?1, ?2) "
      "ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)";

  static constexpr const char kInsertCase[] =
      "INSERT INTO cases(reference, type, status, entity, category, service, channel, language, "
      "subject, description, contact_name, contact_email, contact_phone, anonymous, lat, lon, "
      "address, access_hash, access_salt, submitted_at, first_response_due_at, due_at, clock, "
      "warn_at, notify) "
      "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''), ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, "
      "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) RETURNING id";
  // A whole imported case: the insert columns, then every lifecycle column. A reference already
  // stored is left alone (import is idempotent by reference).
  static constexpr const char kInsertFullCase[] =
      "INSERT INTO cases(reference, type, status, entity, category, service, channel, language, "
      "subject, description, contact_name, contact_email, contact_phone, anonymous, lat, lon, "
      "address, access_hash, access_salt, submitted_at, first_response_due_at, due_at, "
      "clock, first_response_at, answered_at, closed_at, cycle, "
      "extended_this_cycle, rated_this_answer, reopen_count, rating, paused_at, merged_into, "
      "first_response_breached, resolution_breached, warn_at, warned, escalated, assignee_id, "
      "notify) "
      "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''), ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, "
      "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, "
      "?32, nullif(?33, ''), ?34, ?35, ?36, ?37, ?38, nullif(?39, 0), ?40) ON CONFLICT(reference) "
      "DO "
      "NOTHING "
      "RETURNING id";
  static constexpr int kFullCaseNotifyParam = 40;  // kInsertFullCase's `notify`
  static constexpr const char kInsertEvent[] =
      "INSERT INTO case_events(case_id, seq, at, kind, public, actor, body, prev_hash, hash, data) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

// The columns ReadCaseRow reads, in its order.
#define TAWASUL_CASE_COLUMNS                                                                     \
  "SELECT id, reference, type, status, entity, coalesce(category, ''), coalesce(service, ''), "  \
  "channel, language, subject, description, contact_name, contact_email, contact_phone, "        \
  "anonymous, lat, lon, address, access_hash, access_salt, submitted_at, "                       \
  "first_response_due_at, due_at, first_response_at, answered_at, closed_at, "                   \
  "coalesce(assignee_id, 0), cycle, extended_this_cycle, rated_this_answer, reopen_count, "      \
  "rating, paused_at, coalesce(merged_into, ''), first_response_breached, resolution_breached, " \
  "clock, warn_at, warned, escalated, notify FROM cases "
  static constexpr const char kFindCase[] = TAWASUL_CASE_COLUMNS "WHERE reference = ?1";
  // One writer: reading the row inside the write transaction is enough to serialise changes.
  static constexpr const char* kFindCaseForUpdate = kFindCase;
  static constexpr const char kCaseEvents[] =
      "SELECT seq, at, kind, public, actor, body, data FROM case_events WHERE case_id = ?1 "
      "ORDER BY seq";
  static constexpr const char kLastEvent[] =
      "SELECT seq, hash FROM case_events WHERE case_id = ?1 ORDER BY seq DESC LIMIT 1";
  static constexpr const char kUpdateCase[] =
      "UPDATE cases SET status = ?2, entity = ?3, assignee_id = nullif(?4, 0), cycle = ?5, "
      "extended_this_cycle = ?6, rated_this_answer = ?7, reopen_count = ?8, rating = ?9, "
      "paused_at = ?10, merged_into = nullif(?11, ''), first_response_at = ?12, answered_at = ?13, "
      "closed_at = ?14, first_response_due_at = ?15, due_at = ?16, first_response_breached = ?17, "
      "resolution_breached = ?18, clock = ?19, warn_at = ?20, warned = ?21, escalated = ?22 "
      "WHERE id = ?1";
  // Scheduler look-ups; each matches a partial index of migration 003, so a tick reads only what
  // is due.
  static constexpr const char kDueResolution[] =
      "SELECT reference FROM cases INDEXED BY cases_resolution_due WHERE resolution_breached = 0 "
      "AND "
      "status IN ('received', "
      "'in_progress') AND due_at <= ?1 ORDER BY due_at LIMIT ?2";
  static constexpr const char kDueFirstResponse[] =
      "SELECT reference FROM cases INDEXED BY cases_first_response_due WHERE "
      "first_response_breached "
      "= 0 "
      "AND first_response_at IS NULL "
      "AND status IN ('received', 'in_progress') AND first_response_due_at <= ?1 "
      "ORDER BY first_response_due_at LIMIT ?2";
  static constexpr const char kDueWarning[] =
      "SELECT reference FROM cases INDEXED BY cases_warning_due WHERE warned = 0 AND warn_at IS "
      "NOT "
      "NULL AND status IN "
      "('received', 'in_progress') AND warn_at <= ?1 ORDER BY warn_at LIMIT ?2";
  static constexpr const char kDueEscalation[] =
      "SELECT reference FROM cases INDEXED BY cases_escalation_due WHERE resolution_breached = 1 "
      "AND "
      "escalated = 0 AND status IN "
      "('received', 'in_progress') AND due_at <= ?1 ORDER BY due_at LIMIT ?2";
  static constexpr const char kDueAutoClose[] =
      "SELECT reference FROM cases INDEXED BY cases_answered_at WHERE status = 'answered' "
      "AND answered_at <= ?1 "
      "ORDER BY answered_at LIMIT ?2";
  // Figures (migration 004). hist_merge is registered on the writer connection.
  static constexpr const char kUpsertFigures[] =
      "INSERT INTO figures(level, period, entity, category, type, channel, received, answered, "
      "answered_on_time, due, due_met, rated, rating_sum, rating_4_5, transferred, reopened, open, "
      "fr_hist, answer_hist) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
      "?15, ?16, ?17, ?18, ?19) ON CONFLICT(level, period, entity, category, type, channel) DO "
      "UPDATE SET received = received + excluded.received, answered = answered + "
      "excluded.answered, "
      "answered_on_time = answered_on_time + excluded.answered_on_time, due = due + excluded.due, "
      "due_met = due_met + excluded.due_met, rated = rated + excluded.rated, "
      "rating_sum = rating_sum + excluded.rating_sum, rating_4_5 = rating_4_5 + "
      "excluded.rating_4_5, "
      "transferred = transferred + excluded.transferred, reopened = reopened + excluded.reopened, "
      "open = open + excluded.open, fr_hist = hist_merge(fr_hist, excluded.fr_hist), "
      "answer_hist = hist_merge(answer_hist, excluded.answer_hist)";
  static constexpr const char kFigureRows[] =
      "SELECT period, entity, category, type, channel, received, answered, answered_on_time, due, "
      "due_met, rated, rating_sum, rating_4_5, transferred, reopened, open, fr_hist, answer_hist "
      "FROM figures WHERE level = ?1 AND period BETWEEN ?2 AND ?3 AND (?4 IS NULL OR entity = ?4) "
      "AND (?5 IS NULL OR type = ?5) AND (?6 IS NULL OR category = ?6) "
      "AND (?7 IS NULL OR channel = ?7)";
  // Running clocks past their due time (index cases_overdue): overdue now, and missed clocks.
  // One row per overdue clock (for day and month groups, which need each due day).
  static constexpr const char kOverdueNow[] =
      "SELECT entity, coalesce(category, ''), type, channel, due_at FROM cases "
      "INDEXED BY cases_overdue WHERE status IN ('received', 'in_progress') AND due_at < ?1 "
      "AND (?2 IS NULL OR entity = ?2) AND (?3 IS NULL OR type = ?3) "
      "AND (?4 IS NULL OR coalesce(category, '') = ?4) AND (?5 IS NULL OR channel = ?5)";
  // Overdue clocks counted in SQL, grouped by ?7 (0 none, 1 entity, 2 category, 3 type, 4
  // channel): (key, overdue now, of which due in [?8, ?9)). Served by the covering index.
  static constexpr const char kOverdueCounts[] =
      "SELECT CASE ?6 WHEN 1 THEN entity WHEN 2 THEN coalesce(category, '') WHEN 3 THEN type "
      "WHEN 4 THEN channel ELSE '' END AS k, count(*), sum(due_at >= ?7 AND due_at < ?8) "
      "FROM cases INDEXED BY cases_overdue WHERE status IN ('received', 'in_progress') "
      "AND due_at < ?1 AND (?2 IS NULL OR entity = ?2) AND (?3 IS NULL OR type = ?3) "
      "AND (?4 IS NULL OR coalesce(category, '') = ?4) AND (?5 IS NULL OR channel = ?5) GROUP BY k";
  static constexpr const char kDeleteFigures[] = "DELETE FROM figures";
  static constexpr const char kAllCases[] =
      TAWASUL_CASE_COLUMNS "WHERE id > ?1 ORDER BY id LIMIT ?2";
  static constexpr const char kEventsOfRange[] =
      "SELECT case_id, seq, at, kind, public, actor, body, data FROM case_events "
      "WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id, seq";
  static constexpr const char kOpenCases[] =
      "SELECT reference FROM cases WHERE status IN ('received', 'in_progress', 'awaiting_citizen') "
      "ORDER BY id";
  // The citizen's channel choice, changed by the "stop messages" link (docs/notifications.md).
  static constexpr const char kSetCaseNotify[] =
      "UPDATE cases SET notify = ?2 WHERE reference = ?1";
// Inbox: one statement for every filter combination (NULL = no filter), ordered by due time.
#define TAWASUL_INBOX_WHERE                                                  \
  " FROM cases WHERE (?1 IS NULL OR entity = ?1) "                           \
  "AND (CASE WHEN ?2 IS NULL THEN status <> 'closed' ELSE status = ?2 END) " \
  "AND (?3 IS NULL OR type = ?3) AND (?4 IS NULL OR category = ?4) "         \
  "AND (?5 IS NULL OR coalesce(assignee_id, -1) = ?5) "                      \
  "AND (?6 = 0 OR (due_at < ?7 AND status IN ('received', 'in_progress')))"
  static constexpr const char kInboxCount[] = "SELECT count(*)" TAWASUL_INBOX_WHERE;
  static constexpr const char kInboxPage[] =
      "SELECT reference" TAWASUL_INBOX_WHERE " ORDER BY due_at, id LIMIT ?8 OFFSET ?9";
#undef TAWASUL_INBOX_WHERE
  // The history audit and signed checkpoints (store/common/audit_ops.h, docs/audit.md).
  static constexpr const char kEventHashesOfRange[] =
      "SELECT case_id, seq, at, kind, public, actor, body, data, prev_hash, hash FROM case_events "
      "WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id, seq";
  static constexpr const char kAttachmentHashesOfRange[] =
      "SELECT case_id, sha256 FROM case_attachments WHERE case_id BETWEEN ?1 AND ?2 "
      "ORDER BY case_id, id";
  static constexpr const char kSaltsOfRange[] =
      "SELECT case_id, salts FROM case_submission_salts WHERE case_id BETWEEN ?1 AND ?2";
  static constexpr const char kInsertSalts[] =
      "INSERT INTO case_submission_salts(case_id, salts) VALUES (?1, ?2)";
  // Erasure of personal data (store/common/case_ops.h EraseFieldsTx, domain/erasure.h): a flag
  // per field (?2 subject, ?3 description, ?4..?6 contact name, email, phone, ?7 location),
  // ?8 the erasure time; retention's look-up matches the partial index of migration
  // 019 (?1 type, ?2 closed before, ?3 limit).
  static constexpr const char kEraseCaseFields[] =
      "UPDATE cases SET subject = CASE WHEN ?2 = 1 THEN '' ELSE subject END, "
      "description = CASE WHEN ?3 = 1 THEN '' ELSE description END, "
      "contact_name = CASE WHEN ?4 = 1 THEN '' ELSE contact_name END, "
      "contact_email = CASE WHEN ?5 = 1 THEN '' ELSE contact_email END, "
      "contact_phone = CASE WHEN ?6 = 1 THEN '' ELSE contact_phone END, "
      "lat = CASE WHEN ?7 = 1 THEN NULL ELSE lat END, "
      "lon = CASE WHEN ?7 = 1 THEN NULL ELSE lon END, "
      "address = CASE WHEN ?7 = 1 THEN NULL ELSE address END, erased_at = ?8 WHERE id = ?1";
  static constexpr const char kSaltsOfCase[] =
      "SELECT salts FROM case_submission_salts WHERE case_id = ?1";
  static constexpr const char kUpdateSalts[] =
      "UPDATE case_submission_salts SET salts = ?2 WHERE case_id = ?1";
  static constexpr const char kDeleteCaseAttachments[] =
      "DELETE FROM case_attachments WHERE case_id = ?1";
  static constexpr const char kRetentionDue[] =
      "SELECT reference FROM cases WHERE type = ?1 AND status = 'closed' AND closed_at < ?2 "
      "AND erased_at IS NULL ORDER BY closed_at, id LIMIT ?3";
  static constexpr const char kMaxEventId[] = "SELECT coalesce(max(id), 0) FROM case_events";
  // Each case's head among its events with id <= the cut-off: the event whose successor (by
  // seq) is absent or after the cut-off (the (case_id, seq) index answers the NOT EXISTS).
  static constexpr const char kChainHeads[] =
      "SELECT c.reference, e.seq, e.hash FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE e.id <= ?1 AND NOT EXISTS (SELECT 1 FROM case_events n WHERE n.case_id = "
      "e.case_id AND n.seq = e.seq + 1 AND n.id <= ?1)";
  static constexpr const char kInsertCheckpoint[] =
      "INSERT INTO audit_checkpoints(created_at, cases, event_cutoff, root, public_key, text) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
  static constexpr const char kInsertCheckpointLeaf[] =
      "INSERT INTO audit_checkpoint_leaves(checkpoint_id, reference, events, head) "
      "VALUES (?1, ?2, ?3, ?4)";
  static constexpr const char kPruneCheckpointLeaves[] =
      "DELETE FROM audit_checkpoint_leaves WHERE checkpoint_id <= coalesce((SELECT id FROM "
      "audit_checkpoints ORDER BY id DESC LIMIT 1 OFFSET ?1), 0)";
  static constexpr const char kFindCheckpoint[] =
      "SELECT id FROM audit_checkpoints WHERE root = ?1 AND event_cutoff = ?2 "
      "ORDER BY id DESC LIMIT 1";
  static constexpr const char kLastCheckpointAt[] = "SELECT max(created_at) FROM audit_checkpoints";
  static constexpr const char kCheckpointLeaves[] =
      "SELECT reference, events, head FROM audit_checkpoint_leaves WHERE checkpoint_id = ?1";
  // The append-only triggers `migrate` restores and `audit verify` checks (docs/audit.md).
  static constexpr const char kTriggerExists[] =
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1 "
      "AND sql LIKE '%RAISE(ABORT%'";
  static constexpr std::array<std::array<const char*, 2>, 4> kAppendOnlyTriggers = {{
      {"case_events_no_update",
       "DROP TRIGGER IF EXISTS case_events_no_update; CREATE TRIGGER case_events_no_update BEFORE "
       "UPDATE ON case_events "
       "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;"},
      {"case_events_no_delete",
       "DROP TRIGGER IF EXISTS case_events_no_delete; CREATE TRIGGER case_events_no_delete BEFORE "
       "DELETE ON case_events "
       "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;"},
      {"audit_checkpoints_no_update",
       "DROP TRIGGER IF EXISTS audit_checkpoints_no_update; CREATE TRIGGER "
       "audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints "
       "BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;"},
      {"audit_checkpoints_no_delete",
       "DROP TRIGGER IF EXISTS audit_checkpoints_no_delete; CREATE TRIGGER "
       "audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints "
       "BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;"},
  }};

  static constexpr const char kInsertSession[] =
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)";
  static constexpr const char kSessionUser[] =
      "SELECT u.id, u.email, u.password_hash, u.role, coalesce(u.entity, ''), u.name, u.active, "
      "u.failed_logins, u.locked_until FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2";
  static constexpr const char kRevokeSession[] =
      "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL";
  static constexpr const char kLoginFailure[] =
      "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN "
      "failed_logins + 1 >= ?3 THEN ?2 + ?4 ELSE locked_until END WHERE id = ?1";
  static constexpr const char kLoginReset[] =
      "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1";
  static constexpr const char kFindUserById[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users WHERE id = ?1";
  static constexpr const char kAllUsers[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users ORDER BY id";
  static constexpr const char kInsertUserWithId[] =
      "INSERT INTO users(id, email, password_hash, role, entity, name, created_at, active, "
      "failed_logins, locked_until) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8, ?9, ?10)";
  static constexpr const char kCountCases[] = "SELECT count(*) FROM cases";

  static constexpr const char kEntities[] =
      "SELECT code, name_ar, name_en FROM entities WHERE active = 1 ORDER BY code";
  static constexpr const char kCategories[] =
      "SELECT code, entity, name_ar, name_en, guidance_ar, guidance_en, types FROM categories "
      "WHERE active = 1 ORDER BY code";
  static constexpr const char kServices[] =
      "SELECT code, entity, name_ar, name_en, url FROM services WHERE active = 1 ORDER BY code";
  static constexpr const char kUpsertEntity[] =
      "INSERT INTO entities(code, name_ar, name_en) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en";
  static constexpr const char kUpsertCategory[] =
      "INSERT INTO categories(code, entity, name_ar, name_en, guidance_ar, guidance_en, types) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO UPDATE SET entity = "
      "excluded.entity, "
      "name_ar = excluded.name_ar, name_en = excluded.name_en, guidance_ar = excluded.guidance_ar, "
      "guidance_en = excluded.guidance_en, types = excluded.types";
  static constexpr const char kUpsertService[] =
      "INSERT INTO services(code, entity, name_ar, name_en, url) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(code) DO UPDATE SET entity = excluded.entity, name_ar = excluded.name_ar, "
      "name_en = excluded.name_en, url = excluded.url";

  static constexpr const char kCalendar[] = "SELECT time_zone, week FROM calendars WHERE code = ?1";
  static constexpr const char kHolidays[] =
      "SELECT start_date, end_date, kind, status, name_en, name_ar, note FROM holidays "
      "WHERE calendar = ?1 ORDER BY start_date";
  static constexpr const char kSpecialPeriods[] =
      "SELECT start_date, end_date, open_minute, close_minute, name_en, name_ar, note "
      "FROM special_periods WHERE calendar = ?1 ORDER BY start_date";
  static constexpr const char kUpsertCalendar[] =
      "INSERT INTO calendars(code, time_zone, week) VALUES (?1, ?2, ?3) ON CONFLICT(code) "
      "DO UPDATE SET time_zone = excluded.time_zone, week = excluded.week";
  static constexpr const char kDeleteHolidays[] = "DELETE FROM holidays WHERE calendar = ?1";
  static constexpr const char kDeleteSpecialPeriods[] =
      "DELETE FROM special_periods WHERE calendar = ?1";
  static constexpr const char kInsertHoliday[] =
      "INSERT INTO holidays(calendar, start_date, end_date, kind, status, name_en, name_ar, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  static constexpr const char kInsertSpecialPeriod[] =
      "INSERT INTO special_periods(calendar, start_date, end_date, open_minute, close_minute, "
      "name_en, name_ar, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

  static constexpr const char kTargets[] =
      "SELECT entity, type, category, first_response_unit, first_response_amount, resolution_unit, "
      "resolution_amount FROM sla_targets ORDER BY entity, type, category";
  static constexpr const char kDeleteTargets[] = "DELETE FROM sla_targets";
  static constexpr const char kInsertTarget[] =
      "INSERT INTO sla_targets(entity, type, category, first_response_unit, first_response_amount, "
      "resolution_unit, resolution_amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

  static constexpr const char kInsertUser[] =
      "INSERT INTO users(email, password_hash, role, entity, name, created_at) "
      "VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6) ON CONFLICT(email) DO NOTHING";
  static constexpr const char kFindUser[] =
      "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active, failed_logins, "
      "locked_until FROM users WHERE email = ?1";

// Search (migration 006; store/common/search_ops.h). ?1 is the MATCH expression.
#define TAWASUL_SEARCH_FILTER                                                                    \
  " AND (?2 IS NULL OR c.entity = ?2) AND (?3 IS NULL OR c.type = ?3) AND (?4 IS NULL OR "       \
  "c.status = ?4) AND (?5 IS NULL OR c.submitted_at >= ?5) AND (?6 IS NULL OR c.submitted_at < " \
  "?6)"
// Bounded whatever the number of matches (store/common/search_ops.h): the count stops at ?7 rows;
// the ranked page ranks only the newest ?9 matches (FTS5 walks its doclists in descending rowid
// order, so bm25 and the join run for those rows only); kSearchRest lists matches newest first.
#define TAWASUL_SEARCH_WORDS                                                      \
  " FROM cases_fts JOIN cases c ON c.id = cases_fts.rowid WHERE cases_fts MATCH " \
  "?1" TAWASUL_SEARCH_FILTER
  static constexpr const char kSearchCount[] =
      "SELECT count(*) FROM (SELECT 1" TAWASUL_SEARCH_WORDS " LIMIT ?7)";
  static constexpr const char kSearchPage[] =
      "SELECT reference, -score FROM (SELECT c.id AS id, c.reference AS reference, "
      "bm25(cases_fts, 2.0, 1.0) AS score" TAWASUL_SEARCH_WORDS
      " ORDER BY cases_fts.rowid DESC LIMIT ?9) ORDER BY score, id LIMIT ?7 OFFSET ?8";
  static constexpr const char kSearchRest[] = "SELECT c.reference, 0.0" TAWASUL_SEARCH_WORDS
                                              " ORDER BY cases_fts.rowid DESC LIMIT ?7 OFFSET ?8";
#undef TAWASUL_SEARCH_WORDS
// Partial words: newest first (by id, the same order on both backends).
#define TAWASUL_SEARCH_TRIGRAMS                                                               \
  " FROM cases_trigram JOIN cases c ON c.id = cases_trigram.rowid WHERE cases_trigram MATCH " \
  "?1" TAWASUL_SEARCH_FILTER
  static constexpr const char kSearchFragmentCount[] =
      "SELECT count(*) FROM (SELECT 1" TAWASUL_SEARCH_TRIGRAMS " LIMIT ?7)";
  static constexpr const char kSearchFragmentPage[] =
      "SELECT c.reference, 0.0" TAWASUL_SEARCH_TRIGRAMS
      " ORDER BY cases_trigram.rowid DESC LIMIT ?7 OFFSET ?8";
#undef TAWASUL_SEARCH_TRIGRAMS
  // The same without filters: the index alone walks the matches, the cases' rows are read for the
  // page only (?2..?6 are bound and ignored; every indexed rowid is a case).
  static constexpr const char kSearchCountAll[] =
      "SELECT count(*) FROM (SELECT 1 FROM cases_fts WHERE cases_fts MATCH ?1 LIMIT ?7)";
  static constexpr const char kSearchPageAll[] =
      "SELECT c.reference, -w.score FROM (SELECT rowid AS id, bm25(cases_fts, 2.0, 1.0) AS score "
      "FROM cases_fts WHERE cases_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?9) w JOIN cases c ON "
      "c.id = w.id ORDER BY w.score, w.id LIMIT ?7 OFFSET ?8";
  static constexpr const char kSearchRestAll[] =
      "SELECT c.reference, 0.0 FROM (SELECT rowid AS id FROM cases_fts WHERE cases_fts MATCH ?1 "
      "ORDER BY rowid DESC LIMIT ?7 OFFSET ?8) w JOIN cases c ON c.id = w.id ORDER BY w.id DESC";
  static constexpr const char kSearchFragmentCountAll[] =
      "SELECT count(*) FROM (SELECT 1 FROM cases_trigram WHERE cases_trigram MATCH ?1 LIMIT ?7)";
  static constexpr const char kSearchFragmentPageAll[] =
      "SELECT c.reference, 0.0 FROM (SELECT rowid AS id FROM cases_trigram WHERE cases_trigram "
      "MATCH ?1 ORDER BY rowid DESC LIMIT ?7 OFFSET ?8) w JOIN cases c ON c.id = w.id ORDER BY "
      "w.id DESC";
#undef TAWASUL_SEARCH_FILTER
  static constexpr const char kIndexWords[] =
      "INSERT INTO cases_fts(rowid, subject, description) VALUES (?1, ?2, ?3)";
  static constexpr const char kIndexFolded[] =
      "INSERT INTO cases_trigram(rowid, body) VALUES (?1, ?2)";
  static constexpr const char kUnindexWords[] =
      "INSERT INTO cases_fts(cases_fts, rowid, subject, description) VALUES ('delete', ?1, ?2, ?3)";
  static constexpr const char kUnindexFolded[] =
      "INSERT INTO cases_trigram(cases_trigram, rowid, body) VALUES ('delete', ?1, ?2)";
  static constexpr const char kSimilarCandidates[] =
      "SELECT c.reference FROM cases_fts JOIN cases c ON c.id = cases_fts.rowid WHERE cases_fts "
      "MATCH ?1 AND c.entity = ?2 AND c.id <> ?3 AND c.submitted_at >= ?4 AND c.status IN "
      "('received', 'in_progress', 'awaiting_citizen') ORDER BY bm25(cases_fts, 2.0, 1.0), c.id "
      "LIMIT ?5";
  static constexpr const char kSearchIndexVersion[] =
      "SELECT analyzer_version FROM search_index_state WHERE id = 1";
  static constexpr const char kSetSearchIndexVersion[] =
      "UPDATE search_index_state SET analyzer_version = ?1 WHERE id = 1";
  static constexpr const char kCaseTextsAfter[] =
      "SELECT id, reference, subject, description FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2";

#undef TAWASUL_CASE_COLUMNS

  // Attachments (attachments area; 008/004_attachments.sql).
  static constexpr const char kInsertAttachment[] =
      "INSERT INTO case_attachments(case_id, file_name, media_type, size, sha256, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static constexpr const char kCaseAttachments[] =
      "SELECT id, case_id, file_name, media_type, size, sha256, created_at FROM case_attachments "
      "WHERE case_id = ?1 ORDER BY id";

  // Routing models (007/003_routing.sql): the newest is the one in force.
  static constexpr const char kInsertRoutingModel[] =
      "INSERT INTO routing_models(trained_at, model, metrics) VALUES (?1, ?2, ?3)";
  static constexpr const char kLatestRoutingModel[] =
      "SELECT id, trained_at, model, metrics FROM routing_models WHERE id > ?1 ORDER BY id DESC "
      "LIMIT 1";

  // dashboard: open cases by assignee (Store::Workload).
  static constexpr const char kWorkload[] =
      "SELECT coalesce(c.assignee_id, 0), coalesce(u.name, ''), coalesce(u.email, ''), "
      "count(*), sum(CASE WHEN c.status IN ('received', 'in_progress') AND c.due_at < ?2 "
      "THEN 1 ELSE 0 END) FROM cases c LEFT JOIN users u ON u.id = c.assignee_id "
      "WHERE c.status IN ('received', 'in_progress', 'awaiting_citizen') "
      "AND (?1 IS NULL OR c.entity = ?1) "
      "GROUP BY coalesce(c.assignee_id, 0), u.name, u.email ORDER BY 4 DESC, 1";
  // admin (009/005_templates.sql; users): response templates and user administration.
  static constexpr const char kListTemplates[] =
      "SELECT id, entity, title_ar, title_en, body_ar, body_en, created_at, updated_at "
      "FROM response_templates WHERE (?1 = '' OR entity = ?1) ORDER BY entity, id";
  static constexpr const char kFindTemplate[] =
      "SELECT id, entity, title_ar, title_en, body_ar, body_en, created_at, updated_at "
      "FROM response_templates WHERE id = ?1";
  static constexpr const char kInsertTemplate[] =
      "INSERT INTO response_templates(entity, title_ar, title_en, body_ar, body_en, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id";
  static constexpr const char kUpdateTemplate[] =
      "UPDATE response_templates SET entity = ?2, title_ar = ?3, title_en = ?4, "
      "body_ar = ?5, body_en = ?6, updated_at = ?7 WHERE id = ?1 RETURNING id";
  static constexpr const char kDeleteTemplate[] =
      "DELETE FROM response_templates WHERE id = ?1 RETURNING id";
  static constexpr const char kAuditLog[] =
      "SELECT e.id, c.reference, c.entity, e.at, e.kind, e.public, e.actor, e.body "
      "FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE (?1 = '' OR e.actor = ?1) AND (?2 = '' OR e.kind = ?2) "
      "AND (?3 = '' OR c.entity = ?3) AND (?4 = '' OR c.reference = ?4) "
      "AND e.at >= ?5 AND e.at < ?6 ORDER BY e.id DESC LIMIT ?7 OFFSET ?8";
  static constexpr const char kAttachmentReferenced[] =
      "SELECT EXISTS (SELECT 1 FROM case_attachments WHERE sha256 = ?1)";
  static constexpr const char kInsertAdminChange[] =
      "INSERT INTO admin_changes(at, actor, area, action, subject, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static constexpr const char kAdminChanges[] =
      "SELECT id, at, actor, area, action, subject, detail FROM admin_changes "
      "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR area = ?2) AND at >= ?3 AND at < ?4 "
      "ORDER BY id DESC LIMIT ?5 OFFSET ?6";
  static constexpr const char kUpdateUserAdmin[] =
      "UPDATE users SET role = ?2, entity = NULLIF(?3, ''), name = ?4, active = ?5 "
      "WHERE id = ?1 RETURNING id";
};

class Connection;
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
  // The hooks of the shared store (store/common/sql_store.h): what differs on SQLite.
  static constexpr bool kHistogramsInUpsert = true;  // hist_merge (figures_ops.h)
  static std::vector<std::string_view> MigrationNames();
  static std::optional<std::string_view> MigrationFile(std::string_view name);
  static void BeginMigration(Connection&) {}  // one process: the writer is alone
  // A "-- transaction: none" migration (sql_store_ready.h); SQLite needs none so far.
  static void RunOutsideTransaction(Connection& c, std::string_view file);
  static void BeforeSearch(Connection&) {}
  static void AfterConfigChange(Connection&) {}      // one process: nobody else caches it
  static void AfterUsersImported(Connection&) {}     // INTEGER PRIMARY KEY continues by itself
  static void AfterWebhooksImported(Connection&) {}  // the same
  static void BeforeEventCutoff(Connection&) {}      // one writer: ids commit in order

  static void IndexCase(Connection& c, std::int64_t id, const std::string& reference,
                        const std::string& subject, const std::string& description);
  static void ClearSearchIndex(Connection& c);
  // Removes a case's entry (a contentless FTS5 row is deleted by giving its indexed values).
  static void UnindexCase(Connection& c, std::int64_t id, const std::string& reference,
                          const std::string& subject, const std::string& description);
  static std::optional<std::string> RenderMatch(const domain::Query& query);
  static std::string RenderFragment(const std::string& fragment);
  static std::optional<std::string> RenderAnyOf(const std::vector<std::string>& stems);
};
}  // namespace tawasul::store::sqlite
