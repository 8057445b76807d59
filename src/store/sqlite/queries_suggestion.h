#pragma once
// SQLite statements of the suggestion outcomes (store/suggestion_store.h), a base of `Sql`.

namespace tawasul::store::sqlite {

struct q_suggestion {
  static constexpr const char kUpsertSuggestionOutcome[] =
      "INSERT INTO suggestion_outcomes(case_id, entity, category, submitted_at, stage, progress, "
      "accepted_at, implemented_at, declined_at, summary, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT(case_id) DO UPDATE SET entity = excluded.entity, category = excluded.category, "
      "stage = excluded.stage, progress = excluded.progress, accepted_at = excluded.accepted_at, "
      "implemented_at = excluded.implemented_at, declined_at = excluded.declined_at, "
      "summary = excluded.summary, updated_at = excluded.updated_at";
  static constexpr const char kImplementedSuggestions[] =
      "SELECT entity, category, submitted_at, implemented_at, summary FROM suggestion_outcomes "
      "WHERE stage = 'implemented' AND (?1 = '' OR entity = ?1) "
      "ORDER BY implemented_at DESC, case_id DESC LIMIT ?2 OFFSET ?3";
  static constexpr const char kCountSuggestionOutcomes[] =
      "SELECT count(*), "
      "coalesce(sum(CASE WHEN accepted_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN stage = 'implemented' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN stage = 'declined' THEN 1 ELSE 0 END), 0) "
      "FROM suggestion_outcomes WHERE (?1 = '' OR entity = ?1)";
  // The `?2`-th (0-based) shortest time to implementation: the median with ?2 = (n - 1) / 2.
  static constexpr const char kNthImplementationTime[] =
      "SELECT implemented_at - submitted_at FROM suggestion_outcomes "
      "WHERE stage = 'implemented' AND (?1 = '' OR entity = ?1) ORDER BY 1 LIMIT 1 OFFSET ?2";
};

}  // namespace tawasul::store::sqlite
