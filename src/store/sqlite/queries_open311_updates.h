#pragma once
// The SQLite statements of Open311 request updates (sql_store_open311_updates.h), named.

namespace tawasul::store::sqlite {

struct q_open311_updates {
  // Only the kinds domain::Open311UpdateStatus maps (domain/open311_updates.h; the unit test
  // open311_updates_test.cpp checks this list against it), never a body or an actor.
  static constexpr const char kRequestUpdates[] =
      "SELECT c.reference, e.seq, e.at, e.kind FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE e.at >= ?1 AND e.at < ?2 AND c.category IS NOT NULL AND e.kind IN ('reply', "
      "'request_info', 'answer', 'reject', 'transfer', 'extend', 'merge', 'citizen_reply', "
      "'reopen', 'info_timeout', 'close') ORDER BY e.at, c.reference, e.seq LIMIT ?3";
  static constexpr const char kLinkRequestKey[] =
      "INSERT INTO open311_request_keys(reference, api_key_id) VALUES (?1, ?2)";
  static constexpr const char kRequestKey[] =
      "SELECT api_key_id FROM open311_request_keys WHERE reference = ?1";
};

}  // namespace tawasul::store::sqlite
