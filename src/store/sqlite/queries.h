#pragma once
// Every SQL statement of the SQLite store, named. Connections cache prepared statements by the
// address of these constants, so each is parsed once per connection.

namespace tawasul::store::sqlite::q {

inline constexpr const char kSchemaVersion[] =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
inline constexpr const char kRecordMigration[] =
    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)";

inline constexpr const char kNextSequence[] =
    "INSERT INTO sequences(name, value) VALUES (?1, 1) "
    "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value";

inline constexpr const char kInsertCase[] =
    "INSERT INTO cases(reference, type, status, entity, category, service, channel, language, "
    "subject, description, contact_name, contact_email, contact_phone, anonymous, lat, lon, "
    "address, access_hash, access_salt, submitted_at, first_response_due_at, due_at) "
    "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
inline constexpr const char kInsertEvent[] =
    "INSERT INTO case_events(case_id, seq, at, kind, public, actor, body, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

inline constexpr const char kFindCase[] =
    "SELECT id, reference, type, status, entity, coalesce(category, ''), coalesce(service, ''), "
    "channel, language, subject, description, contact_name, contact_email, contact_phone, "
    "anonymous, lat, lon, address, access_hash, access_salt, submitted_at, "
    "first_response_due_at, due_at, first_response_at, answered_at, closed_at "
    "FROM cases WHERE reference = ?1";
inline constexpr const char kCaseEvents[] =
    "SELECT seq, at, kind, public, actor, body FROM case_events WHERE case_id = ?1 ORDER BY seq";
inline constexpr const char kCountCases[] = "SELECT count(*) FROM cases";

inline constexpr const char kEntities[] =
    "SELECT code, name_ar, name_en FROM entities WHERE active = 1 ORDER BY code";
inline constexpr const char kCategories[] =
    "SELECT code, entity, name_ar, name_en, guidance_ar, guidance_en, types FROM categories "
    "WHERE active = 1 ORDER BY code";
inline constexpr const char kServices[] =
    "SELECT code, entity, name_ar, name_en, url FROM services WHERE active = 1 ORDER BY code";
inline constexpr const char kUpsertEntity[] =
    "INSERT INTO entities(code, name_ar, name_en) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en";
inline constexpr const char kUpsertCategory[] =
    "INSERT INTO categories(code, entity, name_ar, name_en, guidance_ar, guidance_en, types) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code) DO UPDATE SET entity = excluded.entity, "
    "name_ar = excluded.name_ar, name_en = excluded.name_en, guidance_ar = excluded.guidance_ar, "
    "guidance_en = excluded.guidance_en, types = excluded.types";
inline constexpr const char kUpsertService[] =
    "INSERT INTO services(code, entity, name_ar, name_en, url) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(code) DO UPDATE SET entity = excluded.entity, name_ar = excluded.name_ar, "
    "name_en = excluded.name_en, url = excluded.url";

inline constexpr const char kCalendar[] = "SELECT time_zone, week FROM calendars WHERE code = ?1";
inline constexpr const char kHolidays[] =
    "SELECT start_date, end_date, kind, status, name_en, name_ar, note FROM holidays "
    "WHERE calendar = ?1 ORDER BY start_date";
inline constexpr const char kSpecialPeriods[] =
    "SELECT start_date, end_date, open_minute, close_minute, name_en, name_ar, note "
    "FROM special_periods WHERE calendar = ?1 ORDER BY start_date";
inline constexpr const char kUpsertCalendar[] =
    "INSERT INTO calendars(code, time_zone, week) VALUES (?1, ?2, ?3) ON CONFLICT(code) "
    "DO UPDATE SET time_zone = excluded.time_zone, week = excluded.week";
inline constexpr const char kDeleteHolidays[] = "DELETE FROM holidays WHERE calendar = ?1";
inline constexpr const char kDeleteSpecialPeriods[] =
    "DELETE FROM special_periods WHERE calendar = ?1";
inline constexpr const char kInsertHoliday[] =
    "INSERT INTO holidays(calendar, start_date, end_date, kind, status, name_en, name_ar, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
inline constexpr const char kInsertSpecialPeriod[] =
    "INSERT INTO special_periods(calendar, start_date, end_date, open_minute, close_minute, "
    "name_en, name_ar, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

inline constexpr const char kInsertUser[] =
    "INSERT INTO users(email, password_hash, role, entity, name, created_at) "
    "VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6) ON CONFLICT(email) DO NOTHING";
inline constexpr const char kFindUser[] =
    "SELECT id, email, password_hash, role, coalesce(entity, ''), name, active FROM users "
    "WHERE email = ?1";

}  // namespace tawasul::store::sqlite::q
