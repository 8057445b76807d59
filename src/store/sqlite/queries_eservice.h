#pragma once
// SQLite statements of the e-services catalogue (store/common/sql_store_eservice.h); a base of
// `Sql` (queries.h). The same names, in the same parameter order, as postgres/queries_eservice.h.

namespace tawasul::store::sqlite {

struct q_eservice {
  static constexpr const char kLoadEServices[] =
      "SELECT code, entity, name_ar, name_en, url, description_ar, description_en, audience_ar, "
      "audience_en, fees_ar, fees_en, time_ar, time_en, channels, life_events, categories, "
      "keywords, active FROM services ORDER BY code";
  static constexpr const char kUpsertEService[] =
      "INSERT INTO services(code, entity, name_ar, name_en, url, description_ar, description_en, "
      "audience_ar, audience_en, fees_ar, fees_en, time_ar, time_en, channels, life_events, "
      "categories, keywords, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
      "?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT(code) DO UPDATE SET entity = excluded.entity, "
      "name_ar = excluded.name_ar, name_en = excluded.name_en, url = excluded.url, "
      "description_ar = excluded.description_ar, description_en = excluded.description_en, "
      "audience_ar = excluded.audience_ar, audience_en = excluded.audience_en, "
      "fees_ar = excluded.fees_ar, fees_en = excluded.fees_en, time_ar = excluded.time_ar, "
      "time_en = excluded.time_en, channels = excluded.channels, "
      "life_events = excluded.life_events, categories = excluded.categories, "
      "keywords = excluded.keywords, active = excluded.active";
  static constexpr const char kAddUsefulVote[] =
      "INSERT INTO service_useful(service, day, useful_yes, useful_no) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(service, day) DO UPDATE SET useful_yes = useful_yes + excluded.useful_yes, "
      "useful_no = useful_no + excluded.useful_no";
  static constexpr const char kUsefulTotals[] =
      "SELECT service, sum(useful_yes), sum(useful_no) FROM service_useful GROUP BY service";
};

}  // namespace tawasul::store::sqlite
