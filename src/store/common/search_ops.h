#pragma once
// Staff search for both stores (templates over the backend's connection and SQL `Q`; see
// store/common/rows.h). Each backend indexes the same analyzer tokens at the same positions
// (SQLite: FTS5 with the "tawasul" tokenizer; PostgreSQL: a tsvector the node builds), renders the
// parsed query in its own syntax (Q::RenderMatch, Q::RenderFragment) and ranks in its own way
// (bm25; ts_rank_cd): the hits are the same, the scores are each backend's.
//
// Q provides, besides its statements: static void IndexCase(Conn&, id, reference, subject,
// description), static void ClearSearchIndex(Conn&), static std::optional<std::string>
// RenderMatch(const domain::Query&), static std::string RenderFragment(const std::string&),
// static std::optional<std::string> RenderAnyOf(const std::vector<std::string>& stems).

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "domain/search_text.h"
#include "store/common/rows.h"

namespace tawasul::store::common {

// One page of matches: by words first; when nothing matches by words and the query has a
// fragment, by the fragment (partial words). The work is bounded whatever the number of matches
// (docs/decisions.md 2026-12-04): at most q.count_cap + 1 matches are counted, and only the
// newest q.rank_window matches (by id: arrival order, the index's own order) are ranked; a page
// past that window lists the older matches newest first, unranked (score 0). Fewer matches than
// the window: every match ranked, as before. The fragment path has no ranking: newest first.
//
// Q's statements: kSearchCount/kSearchFragmentCount (?1 match, ?2..?6 filters, ?7 the count's
// LIMIT), kSearchPage (?7 limit, ?8 offset, ?9 the window), kSearchRest and kSearchFragmentPage
// (?7 limit, ?8 offset; newest first); the same with "All" for a query without filters.
template <class Q, class Conn>
SearchResult SearchOn(Conn& c, const SearchQuery& q) {
  SearchResult out;
  const std::int64_t cap = std::max<std::int64_t>(q.count_cap, 1);
  const std::int64_t window = std::clamp<std::int64_t>(q.rank_window, 1, cap);
  auto bind_filters = [&](auto& st, const std::string& match) {
    auto text = [&](int i, const std::string& v) {
      if (v.empty()) {
        st.BindNull(i);
      } else {
        st.Bind(i, v);
      }
    };
    st.Bind(1, match);
    text(2, q.entity);
    text(3, q.type);
    text(4, q.status);
    BindOptTime(st, 5, q.from);
    BindOptTime(st, 6, q.to);
  };
  std::vector<std::pair<std::string, double>> refs;
  auto page = [&](const char* sql, const std::string& match, std::int64_t limit,
                  std::int64_t offset, std::int64_t rank_window) {
    if (limit <= 0) return;
    auto st = c.Prepare(sql);
    bind_filters(st, match);
    st.Bind(7, limit).Bind(8, offset);
    if (rank_window > 0) st.Bind(9, rank_window);
    while (st.Step()) refs.emplace_back(st.Text(0), st.Double(1));
  };
  auto run = [&](const char* count_sql, const char* ranked_sql, const char* newest_sql,
                 const std::string& match) {
    std::int64_t counted = 0;
    {
      auto st = c.Prepare(count_sql);
      bind_filters(st, match);
      st.Bind(7, cap + 1);
      counted = st.Step() ? st.Int(0) : 0;
    }
    out.total = std::min(counted, cap);
    out.total_capped = counted > cap;
    if (out.total == 0) return false;
    const std::int64_t limit = q.limit, offset = q.offset;
    const std::int64_t end = std::min<std::int64_t>(offset + limit, out.total);
    if (ranked_sql && offset < window) {
      page(ranked_sql, match, std::min(end, window) - offset, offset, window);
    }
    const std::int64_t from = ranked_sql ? std::max(offset, window) : offset;
    if (from < end) page(newest_sql, match, end - from, from, 0);
    for (const auto& [ref, score] : refs) {
      if (auto rec = FindCaseWith(c, Q::kFindCase, ref)) out.hits.push_back({*rec, score});
    }
    return true;
  };
  // Without filters the backend may skip reading the cases' rows for every match (Q's "All"
  // statements: same parameters, the filters ignored; on SQLite the join then runs for the rows
  // of the page only).
  const bool filtered = !q.entity.empty() || !q.type.empty() || !q.status.empty() || q.from || q.to;
  if (auto match = Q::RenderMatch(q.query)) {
    if (filtered ? run(Q::kSearchCount, Q::kSearchPage, Q::kSearchRest, *match)
                 : run(Q::kSearchCountAll, Q::kSearchPageAll, Q::kSearchRestAll, *match)) {
      return out;
    }
  }
  if (!q.fragment.empty()) {
    const std::string fragment = Q::RenderFragment(q.fragment);
    out.partial_words =
        filtered ? run(Q::kSearchFragmentCount, nullptr, Q::kSearchFragmentPage, fragment)
                 : run(Q::kSearchFragmentCountAll, nullptr, Q::kSearchFragmentPageAll, fragment);
  }
  return out;
}

// Candidates sharing any word with the text, from the index (up to kSimilarCandidates by the
// backend's rank), re-ranked by the share of distinct stems they have in common.
template <class Q, class Conn>
std::vector<SearchHit> SimilarOn(Conn& c, const SimilarQuery& q) {
  constexpr int kSimilarCandidates = 50;
  std::vector<SearchHit> out;
  const auto stems = domain::DistinctStems(q.text);
  auto match = Q::RenderAnyOf(stems);
  if (!match) return out;
  std::vector<std::string> refs;
  {
    auto st = c.Prepare(Q::kSimilarCandidates);
    st.Bind(1, *match).Bind(2, q.entity).Bind(3, q.exclude_id).Bind(4, Secs(q.since));
    st.Bind(5, kSimilarCandidates);
    while (st.Step()) refs.push_back(st.Text(0));
  }
  for (const auto& ref : refs) {
    auto rec = FindCaseWith(c, Q::kFindCase, ref);
    if (!rec) continue;
    double score = domain::StemSimilarity(
        stems, domain::DistinctStems(rec->draft.subject + "\n" + rec->draft.description));
    out.push_back({std::move(*rec), score});
  }
  std::sort(out.begin(), out.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.record.id < b.record.id;
  });
  if (out.size() > static_cast<std::size_t>(q.limit)) out.resize(q.limit);
  return out;
}

// The search index is rebuilt when it was built by another analyzer version (or never, after
// the migration that created it), in pieces, each its own transaction on the writer, outside the
// migrations' transaction (sql_store.h Migrate): SearchIndexCurrentOn says whether it must be,
// Q::ClearSearchIndex starts it, IndexCasesAfterOn indexes the next `limit` cases by id, and
// MarkSearchIndexCurrentOn ends it. Until the mark, the stored version stays the old one, so a
// rebuild cut short starts over at the next open.
template <class Q, class Conn>
bool SearchIndexCurrentOn(Conn& c) {
  auto st = c.Prepare(Q::kSearchIndexVersion);
  return st.Step() && st.Int(0) == domain::kAnalyzerVersion;
}

// Indexes the cases with id > `after`, at most `limit`; returns the last id indexed (`after`
// when none was left) and adds their number to `indexed`.
template <class Q, class Conn>
std::int64_t IndexCasesAfterOn(Conn& c, std::int64_t after, std::int64_t limit,
                               std::int64_t& indexed) {
  std::vector<std::tuple<std::int64_t, std::string, std::string, std::string>> rows;
  {
    auto st = c.Prepare(Q::kCaseTextsAfter);
    st.Bind(1, after).Bind(2, limit);
    while (st.Step()) rows.emplace_back(st.Int(0), st.Text(1), st.Text(2), st.Text(3));
  }
  for (const auto& [id, reference, subject, description] : rows) {
    Q::IndexCase(c, id, reference, subject, description);
  }
  indexed += static_cast<std::int64_t>(rows.size());
  return rows.empty() ? after : std::get<0>(rows.back());
}

template <class Q, class Conn>
void MarkSearchIndexCurrentOn(Conn& c) {
  c.Prepare(Q::kSetSearchIndexVersion).Bind(1, domain::kAnalyzerVersion).Run();
}

}  // namespace tawasul::store::common
