#pragma once
// PostgreSQL statements of the news items and comments (store/common/sql_store_news.h); a
// base of `Sql` (queries.h). The same names, in the same parameter order, as sqlite/queries_news.h.

namespace tawasul::store::postgres {

struct q_news {
  static constexpr const char kNewsInsertItem[] =
      "INSERT INTO news_items(entity, title_ar, title_en, summary_ar, summary_en, body_ar, "
      "body_en, published, comment_mode, created_at, updated_at, published_at) VALUES ($1, $2, "
      "$3, $4, $5, $6, $7, $8, $9, $10, $10, CASE WHEN $8::bigint = 1 THEN $10::bigint ELSE 0 END) "
      "RETURNING id";
  static constexpr const char kNewsUpdateItem[] =
      "UPDATE news_items SET entity = $2, title_ar = $3, title_en = $4, summary_ar = $5, "
      "summary_en = $6, body_ar = $7, body_en = $8, published = $9, comment_mode = $10, "
      "updated_at = $11, published_at = CASE WHEN published_at = 0 AND $9::bigint = 1 THEN "
      "$11::bigint ELSE "
      "published_at END WHERE id = $1 RETURNING id";
  static constexpr const char kNewsFindItem[] =
      "SELECT id, entity, title_ar, title_en, summary_ar, summary_en, body_ar, body_en, "
      "published, comment_mode, created_at, updated_at, published_at, (SELECT count(*) FROM "
      "news_comments c WHERE c.item_id = news_items.id AND c.state = 'published') FROM "
      "news_items WHERE id = $1";
  static constexpr const char kNewsList[] =
      "SELECT id, entity, title_ar, title_en, summary_ar, summary_en, body_ar, body_en, "
      "published, comment_mode, created_at, updated_at, published_at, (SELECT count(*) FROM "
      "news_comments c WHERE c.item_id = news_items.id AND c.state = 'published') FROM "
      "news_items WHERE ($1 = 0 OR published = 1) AND ($2 = '' OR entity = $2) ORDER BY CASE "
      "WHEN published_at = 0 THEN created_at ELSE published_at END DESC, id DESC LIMIT $3 "
      "OFFSET $4";
  static constexpr const char kNewsCount[] =
      "SELECT count(*) FROM news_items WHERE ($1 = 0 OR published = 1) AND ($2 = '' OR entity = "
      "$2)";
  static constexpr const char kNewsAddComment[] =
      "INSERT INTO news_comments(item_id, parent_id, depth, name, body, state, hide_reason, "
      "reports, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  static constexpr const char kNewsFindComment[] =
      "SELECT id, item_id, parent_id, depth, name, body, state, hide_reason, reports, "
      "created_at FROM news_comments WHERE id = $1";
  static constexpr const char kNewsComments[] =
      "SELECT id, item_id, parent_id, depth, name, body, state, hide_reason, reports, "
      "created_at FROM news_comments WHERE item_id = $1 ORDER BY id";
  static constexpr const char kNewsAddReport[] =
      "INSERT INTO news_reports(comment_id, reporter, reason, created_at) VALUES ($1, $2, $3, "
      "$4) ON CONFLICT DO NOTHING RETURNING comment_id";
  static constexpr const char kNewsCountReport[] =
      "UPDATE news_comments SET reports = reports + 1, state = CASE WHEN $2::bigint > 0 AND "
      "reports + 1 "
      ">= $2 THEN 'reported' ELSE state END WHERE id = $1 AND state = 'published' RETURNING "
      "state";
  static constexpr const char kNewsSetCommentState[] =
      "UPDATE news_comments SET state = $2, hide_reason = $3, reports = CASE WHEN $2 = "
      "'published' THEN 0 ELSE reports END WHERE id = $1 RETURNING id";
  static constexpr const char kNewsModerationQueue[] =
      "SELECT id, item_id, parent_id, depth, name, body, state, hide_reason, reports, "
      "created_at FROM news_comments WHERE state IN ('pending', 'reported', "
      "'hidden') ORDER BY id DESC LIMIT $1";
};

}  // namespace tawasul::store::postgres
