#pragma once
// SqlStore's news operations (store/news_store.h), once for both backends. Included at the end
// of sql_store.h only. Times are Unix seconds; a comment's state and an item's comment mode are
// stored as their domain names (domain/news.h), read back leniently (an unknown name from a
// newer binary reads as the most careful value: closed, hidden).

#include "store/common/sql_store.h"

namespace tawasul::store::common {

namespace news_detail {

template <class St>
domain::NewsItem ReadNewsItem(const St& st) {
  domain::NewsItem n;
  n.id = st.Int(0);
  n.entity = st.Text(1);
  n.title_ar = st.Text(2);
  n.title_en = st.Text(3);
  n.summary_ar = st.Text(4);
  n.summary_en = st.Text(5);
  n.body_ar = st.Text(6);
  n.body_en = st.Text(7);
  n.published = st.Int(8) != 0;
  n.comment_mode = domain::ParseCommentMode(st.Text(9)).value_or(domain::CommentMode::kClosed);
  n.created_at = FromSecs(st.Int(10));
  n.updated_at = FromSecs(st.Int(11));
  n.published_at = FromSecs(st.Int(12));
  n.comments = st.Int(13);
  return n;
}

template <class St>
domain::NewsComment ReadNewsComment(const St& st) {
  domain::NewsComment c;
  c.id = st.Int(0);
  c.item_id = st.Int(1);
  c.parent_id = st.Int(2);
  c.depth = static_cast<int>(st.Int(3));
  c.name = st.Text(4);
  c.text = st.Text(5);
  c.state = domain::ParseCommentState(st.Text(6)).value_or(domain::CommentState::kHidden);
  c.hide_reason = st.Text(7);
  c.reports = static_cast<int>(st.Int(8));
  c.created_at = FromSecs(st.Int(9));
  return c;
}

}  // namespace news_detail

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::SaveNewsItem(const domain::NewsItem& n, domain::Instant now) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) {
    id = 0;
    // kNewsInsertItem takes no id; kNewsUpdateItem takes it first: the rest moves by one.
    const bool insert = n.id == 0;
    auto st = c.Prepare(insert ? Q::kNewsInsertItem : Q::kNewsUpdateItem);
    int i = 1;
    if (!insert) st.Bind(i++, n.id);
    st.Bind(i, n.entity)
        .Bind(i + 1, n.title_ar)
        .Bind(i + 2, n.title_en)
        .Bind(i + 3, n.summary_ar)
        .Bind(i + 4, n.summary_en)
        .Bind(i + 5, n.body_ar)
        .Bind(i + 6, n.body_en)
        .Bind(i + 7, n.published ? 1 : 0)
        .Bind(i + 8, std::string(domain::ToString(n.comment_mode)))
        .Bind(i + 9, Secs(now));
    if (st.Step()) id = st.Int(0);
  });
  return id;
}

template <class Q, class Conn>
std::optional<domain::NewsItem> SqlStore<Q, Conn>::FindNewsItem(std::int64_t id) {
  return Read([&](Conn& c) -> std::optional<domain::NewsItem> {
    auto st = c.Prepare(Q::kNewsFindItem);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return news_detail::ReadNewsItem(st);
  });
}

template <class Q, class Conn>
std::vector<domain::NewsItem> SqlStore<Q, Conn>::ListNews(bool published_only,
                                                          const std::string& entity, int limit,
                                                          int offset) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kNewsList);
    st.Bind(1, published_only ? 1 : 0).Bind(2, entity).Bind(3, limit).Bind(4, offset);
    std::vector<domain::NewsItem> out;
    while (st.Step()) out.push_back(news_detail::ReadNewsItem(st));
    return out;
  });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::CountNews(bool published_only, const std::string& entity) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kNewsCount);
    st.Bind(1, published_only ? 1 : 0).Bind(2, entity);
    return st.Step() ? st.Int(0) : std::int64_t{0};
  });
}

template <class Q, class Conn>
std::int64_t SqlStore<Q, Conn>::AddNewsComment(const domain::NewsComment& m) {
  std::int64_t id = 0;
  writer_->Run([&](Conn& c) {
    id = 0;
    auto st = c.Prepare(Q::kNewsAddComment);
    st.Bind(1, m.item_id)
        .Bind(2, m.parent_id)
        .Bind(3, m.depth)
        .Bind(4, m.name)
        .Bind(5, m.text)
        .Bind(6, std::string(domain::ToString(m.state)))
        .Bind(7, m.hide_reason)
        .Bind(8, m.reports)
        .Bind(9, Secs(m.created_at));
    if (st.Step()) id = st.Int(0);
  });
  return id;
}

template <class Q, class Conn>
std::optional<domain::NewsComment> SqlStore<Q, Conn>::FindNewsComment(std::int64_t id) {
  return Read([&](Conn& c) -> std::optional<domain::NewsComment> {
    auto st = c.Prepare(Q::kNewsFindComment);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return news_detail::ReadNewsComment(st);
  });
}

template <class Q, class Conn>
std::vector<domain::NewsComment> SqlStore<Q, Conn>::NewsComments(std::int64_t item_id) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kNewsComments);
    st.Bind(1, item_id);
    std::vector<domain::NewsComment> out;
    while (st.Step()) out.push_back(news_detail::ReadNewsComment(st));
    return out;
  });
}

template <class Q, class Conn>
NewsReportResult SqlStore<Q, Conn>::ReportNewsComment(std::int64_t id, const std::string& reporter,
                                                      const std::string& reason, int threshold,
                                                      domain::Instant now) {
  NewsReportResult result;
  writer_->Run([&](Conn& c) {
    result = {};  // the writer may run this again (sql_store.h)
    {
      auto find = c.Prepare(Q::kNewsFindComment);
      find.Bind(1, id);
      if (!find.Step() || find.Text(6) != domain::ToString(domain::CommentState::kPublished)) {
        return;
      }
    }
    result.found = true;
    {
      auto add = c.Prepare(Q::kNewsAddReport);
      add.Bind(1, id).Bind(2, reporter).Bind(3, reason).Bind(4, Secs(now));
      if (!add.Step()) return;  // this reporter reported it already
    }
    result.counted = true;
    auto count = c.Prepare(Q::kNewsCountReport);
    count.Bind(1, id).Bind(2, threshold);
    if (count.Step()) {
      result.hidden = count.Text(0) == domain::ToString(domain::CommentState::kReported);
    }
  });
  return result;
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::SetNewsCommentState(std::int64_t id, domain::CommentState state,
                                            const std::string& reason) {
  bool found = false;
  writer_->Run([&](Conn& c) {
    auto st = c.Prepare(Q::kNewsSetCommentState);
    st.Bind(1, id).Bind(2, std::string(domain::ToString(state))).Bind(3, reason);
    found = st.Step();
  });
  return found;
}

template <class Q, class Conn>
std::vector<domain::NewsComment> SqlStore<Q, Conn>::NewsModerationQueue(int limit) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kNewsModerationQueue);
    st.Bind(1, limit);
    std::vector<domain::NewsComment> out;
    while (st.Step()) out.push_back(news_detail::ReadNewsComment(st));
    return out;
  });
}

}  // namespace tawasul::store::common
