// PostgreSQL's part of search (store/common/search_ops.h): the node analyses the text with the
// same analyzer as SQLite's tokenizer and stores the tokens as a tsvector literal — each word's
// term and StemToken(stem) at the word's position (+1: tsvector positions start at 1), the
// subject weighted A and the description B, one position apart so that no phrase spans both,
// as no FTS5 phrase spans two columns. Queries become tsquery literals with the same tokens:
// a phrase is <->, a prefix is :*, an exclusion is !. Lexemes are quoted, so nothing typed is
// ever tsquery syntax. Partial words: LIKE on the folded text, served by a trigram index.

#include <algorithm>
#include <vector>

#include "domain/search_text.h"
#include "store/postgres/db.h"
#include "store/postgres/queries.h"

namespace tawasul::store::postgres {

namespace {

constexpr std::size_t kMaxPosition = 16383;  // PostgreSQL's largest tsvector position

// A quoted tsvector/tsquery lexeme.
void AppendLexeme(std::string& out, std::string_view lexeme) {
  out.push_back('\'');
  for (char ch : lexeme) {
    if (ch == '\'' || ch == '\\') out.push_back(ch == '\'' ? '\'' : '\\');
    out.push_back(ch);
  }
  out.push_back('\'');
}

// Appends `text`'s tokens from position `base`; returns the position after the last one.
std::size_t AppendTokens(std::string& out, std::string_view text, std::size_t base, char weight) {
  std::size_t next = base;
  for (const auto& t : domain::Analyze(text)) {
    const std::size_t pos = std::min(base + t.position + 1, kMaxPosition);
    for (const std::string& lexeme : {t.term, domain::StemToken(t.stem)}) {
      if (!out.empty()) out.push_back(' ');
      AppendLexeme(out, lexeme);
      out.push_back(':');
      out += std::to_string(pos);
      out.push_back(weight);
    }
    next = std::max(next, pos);
  }
  return next;
}

}  // namespace

namespace {

std::string SearchVector(const std::string& subject, const std::string& description) {
  std::string vector;
  const std::size_t after_subject = AppendTokens(vector, subject, 0, 'A');
  AppendTokens(vector, description, after_subject + 1, 'B');
  return vector;
}

}  // namespace

void Sql::IndexCase(Connection& c, std::int64_t id, const std::string& reference,
                    const std::string& subject, const std::string& description) {
  c.Prepare(q::kIndexCase)
      .Bind(1, id)
      .Bind(2, SearchVector(subject, description))
      .Bind(3, domain::FoldedCaseText(reference, subject, description))
      .Run();
}

void Sql::BindSearchColumns(Statement& st, int first, const std::string& reference,
                            const std::string& subject, const std::string& description) {
  st.Bind(first, SearchVector(subject, description))
      .Bind(first + 1, domain::FoldedCaseText(reference, subject, description));
}

const char* Sql::InsertEventsSql(std::size_t rows) {
  // One statement text per row count, built once; the connection prepares each by its address.
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out(kMaxEventRows + 1);
    for (std::size_t n = 1; n <= kMaxEventRows; ++n) {
      std::string& sql = out[n];
      sql = q::kInsertEventsHead;
      for (std::size_t r = 0; r < n; ++r) {
        sql += r ? ", (" : "(";
        for (std::size_t k = 1; k <= kEventColumns; ++k) {
          if (k > 1) sql += ", ";
          sql += '$';  // (not "$" + ...: GCC 12 warns falsely, -Wrestrict, PR 105329)
          sql += std::to_string(r * kEventColumns + k);
        }
        sql += ")";
      }
    }
    return out;
  }();
  return texts.at(std::clamp<std::size_t>(rows, 1, kMaxEventRows)).c_str();
}

std::optional<std::string> Sql::RenderMatch(const domain::Query& query) {
  if (!query.HasPositive()) return std::nullopt;
  std::string positive, negative;
  for (const auto& clause : query.clauses) {
    std::string phrase;
    for (std::size_t i = 0; i < clause.terms.size(); ++i) {
      if (i) phrase += " <-> ";
      const bool prefix = clause.prefix && i + 1 == clause.terms.size();
      AppendLexeme(phrase, prefix ? clause.terms[i].term : domain::StemToken(clause.terms[i].stem));
      if (prefix) phrase += ":*";
    }
    std::string& side = clause.exclude ? negative : positive;
    if (!side.empty()) side += clause.exclude ? " | " : " & ";
    side += "(" + phrase + ")";
  }
  if (negative.empty()) return positive;
  return "(" + positive + ") & !(" + negative + ")";
}

std::optional<std::string> Sql::RenderAnyOf(const std::vector<std::string>& stems) {
  std::string out;
  for (std::size_t i = 0; i < stems.size() && i < domain::kMaxQueryTerms; ++i) {
    if (!out.empty()) out += " | ";
    AppendLexeme(out, domain::StemToken(stems[i]));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string Sql::RenderFragment(const std::string& fragment) {
  std::string out = "%";
  for (char ch : fragment) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('%');
  return out;
}

}  // namespace tawasul::store::postgres
