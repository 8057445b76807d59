// libFuzzer harness for the search box: ParseQuery and RenderFts5Match on arbitrary bytes. The
// rendered MATCH expression is checked twice: lexically (outside double-quoted strings only
// ( ) * and the words AND, OR, NOT) and by SQLite itself, running it against an FTS5 table with
// the reference tokenizer, where any error (a syntax error above all) aborts.

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../unit/fts5_test_tokenizer.h"
#include "domain/text_analyzer.h"

namespace {

using namespace tawasul::domain;

void Check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s: %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
  }
}

// Outside strings: only ( ) * spaces and the operators we write.
bool OnlyOurSyntax(std::string_view match) {
  std::size_t i = 0;
  while (i < match.size()) {
    const char c = match[i];
    if (c == '"') {
      for (++i;; ++i) {
        if (i >= match.size()) return false;  // unterminated string
        if (match[i] == '"') {
          if (i + 1 < match.size() && match[i + 1] == '"') {
            ++i;
            continue;
          }
          ++i;
          break;
        }
      }
    } else if (c == '(' || c == ')' || c == '*' || c == ' ') {
      ++i;
    } else {
      std::size_t j = i;
      while (j < match.size() && match[j] >= 'A' && match[j] <= 'Z') ++j;
      const std::string_view word = match.substr(i, j - i);
      if (word != "AND" && word != "OR" && word != "NOT") return false;
      i = j;
    }
  }
  return true;
}

sqlite3* Database() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    Check(sqlite3_open(":memory:", &d) == SQLITE_OK, "open");
    Check(tawasul::testing::RegisterFts5TestTokenizer(d) == SQLITE_OK, "tokenizer");
    Check(sqlite3_exec(d,
                       "CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'tawasul');"
                       "INSERT INTO docs VALUES ('انقطاع الكهرباء في المدرسة ٢٦-٠٠٠٠١٢٣-٤');"
                       "INSERT INTO docs VALUES ('Streets AND roads NEAR the school');",
                       nullptr, nullptr, nullptr) == SQLITE_OK,
          "schema");
    return d;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Query query = ParseQuery(input);
  Check(query.clauses.size() <= kMaxQueryClauses, "clause limit");
  std::size_t terms = 0;
  for (const QueryClause& clause : query.clauses) {
    Check(!clause.terms.empty(), "no empty clause");
    terms += clause.terms.size();
  }
  Check(terms <= kMaxQueryTerms, "term limit");
  const std::optional<std::string> match = RenderFts5Match(query);
  Check(match.has_value() == query.HasPositive(), "nothing to match iff no positive clause");
  if (!match) return 0;
  Check(OnlyOurSyntax(*match), "only our syntax outside strings", *match);
  sqlite3* db = Database();
  sqlite3_stmt* stmt = nullptr;
  Check(sqlite3_prepare_v2(db, "SELECT rowid FROM docs WHERE docs MATCH ?", -1, &stmt, nullptr) ==
            SQLITE_OK,
        "prepare");
  sqlite3_bind_text(stmt, 1, match->data(), static_cast<int>(match->size()), SQLITE_STATIC);
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
  Check(rc == SQLITE_DONE, "FTS5 accepts the expression", *match);
  sqlite3_finalize(stmt);
  return 0;
}
