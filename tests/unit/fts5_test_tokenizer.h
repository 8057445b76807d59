#pragma once
// A minimal FTS5 tokenizer over domain::Analyze, for tests and the query fuzzer: it checks that
// RenderFts5Match's output is valid FTS5 and finds what it should under the index-token contract
// of domain/text_analyzer.h. Documents: each token's term, then StemToken(stem) colocated with it;
// a digit group's first piece colocated with its joined form. Queries (built only by
// RenderFts5Match): tokens separated by spaces, passed through unchanged.

#include <sqlite3.h>

#include <new>
#include <string>
#include <string_view>

#include "domain/text_analyzer.h"

namespace tawasul::testing {

namespace fts5_test_tokenizer_detail {

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

inline int Create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

inline void Delete(Fts5Tokenizer*) {}

inline int Tokenize(Fts5Tokenizer*, void* context, int flags, const char* text, int length,
                    TokenCallback emit) {
  if (length <= 0) return SQLITE_OK;
  const std::string_view input(text, static_cast<std::size_t>(length));
  if (flags & FTS5_TOKENIZE_QUERY) {
    std::size_t i = 0;
    while (i < input.size()) {
      if (input[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t j = input.find(' ', i);
      if (j == std::string_view::npos) j = input.size();
      const int rc = emit(context, 0, text + i, static_cast<int>(j - i), static_cast<int>(i),
                          static_cast<int>(j));
      if (rc != SQLITE_OK) return rc;
      i = j;
    }
    return SQLITE_OK;
  }
  try {
    bool first = true;
    std::size_t previous = 0;
    for (const domain::Token& token : domain::Analyze(input)) {
      const int flag = !first && token.position == previous ? FTS5_TOKEN_COLOCATED : 0;
      int rc = emit(context, flag, token.term.data(), static_cast<int>(token.term.size()),
                    static_cast<int>(token.begin), static_cast<int>(token.end));
      if (rc != SQLITE_OK) return rc;
      const std::string stem = domain::StemToken(token.stem);
      rc = emit(context, FTS5_TOKEN_COLOCATED, stem.data(), static_cast<int>(stem.size()),
                static_cast<int>(token.begin), static_cast<int>(token.end));
      if (rc != SQLITE_OK) return rc;
      first = false;
      previous = token.position;
    }
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

}  // namespace fts5_test_tokenizer_detail

// Registers the tokenizer as "tawasul" on `db`; SQLITE_OK or an error code.
inline int RegisterFts5TestTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr) return SQLITE_ERROR;
  static fts5_tokenizer tokenizer = {fts5_test_tokenizer_detail::Create,
                                     fts5_test_tokenizer_detail::Delete,
                                     fts5_test_tokenizer_detail::Tokenize};
  return api->xCreateTokenizer(api, "tawasul", nullptr, &tokenizer, nullptr);
}

}  // namespace tawasul::testing
