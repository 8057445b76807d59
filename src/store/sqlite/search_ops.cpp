// SQLite's part of search (store/common/search_ops.h): FTS5 for words, FTS5 trigrams for partial
// words. The word index is fed the original text (the "tawasul" tokenizer analyses it, so
// highlights could use its offsets); the trigram index the analyzer's folded text.

#include "domain/search_text.h"
#include "store/sqlite/db.h"
#include "store/sqlite/queries.h"

namespace tawasul::store::sqlite {

void Sql::IndexCase(Connection& c, std::int64_t id, const std::string& reference,
                    const std::string& subject, const std::string& description) {
  c.Prepare(q::kIndexWords).Bind(1, id).Bind(2, subject).Bind(3, description).Run();
  c.Prepare(q::kIndexFolded)
      .Bind(1, id)
      .Bind(2, domain::FoldedCaseText(reference, subject, description))
      .Run();
}

void Sql::UnindexCase(Connection& c, std::int64_t id, const std::string& reference,
                      const std::string& subject, const std::string& description) {
  c.Prepare(q::kUnindexWords).Bind(1, id).Bind(2, subject).Bind(3, description).Run();
  c.Prepare(q::kUnindexFolded)
      .Bind(1, id)
      .Bind(2, domain::FoldedCaseText(reference, subject, description))
      .Run();
}

void Sql::ClearSearchIndex(Connection& c) {
  c.Exec(
      "INSERT INTO cases_fts(cases_fts) VALUES ('delete-all');"
      "INSERT INTO cases_trigram(cases_trigram) VALUES ('delete-all');");
}

std::optional<std::string> Sql::RenderMatch(const domain::Query& query) {
  return domain::RenderFts5Match(query);
}

std::string Sql::RenderFragment(const std::string& fragment) {
  // One FTS5 string (its '"' doubled): the trigram tokenizer matches it as a substring.
  std::string out = "\"";
  for (char ch : fragment) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

std::optional<std::string> Sql::RenderAnyOf(const std::vector<std::string>& stems) {
  std::string out;
  for (std::size_t i = 0; i < stems.size() && i < domain::kMaxQueryTerms; ++i) {
    if (!out.empty()) out += " OR ";
    out += RenderFragment(domain::StemToken(stems[i]));  // one quoted FTS5 string
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace tawasul::store::sqlite
