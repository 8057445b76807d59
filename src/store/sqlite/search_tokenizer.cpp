// The FTS5 tokenizer over the analyzer; see search_tokenizer.h.

#include "store/sqlite/search_tokenizer.h"

#include <sqlite3.h>

#include <new>
#include <string>
#include <string_view>

#include "domain/text_analyzer.h"
#include "store/store.h"

namespace tawasul::store::sqlite {

namespace {

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;  // stateless: the analyzer keeps its stemmers per thread
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int Tokenize(Fts5Tokenizer*, void* context, int flags, const char* text, int length,
             TokenCallback emit) {
  if (length <= 0) return SQLITE_OK;
  const std::string_view input(text, static_cast<std::size_t>(length));
  if (flags & FTS5_TOKENIZE_QUERY) {
    for (std::size_t i = 0; i < input.size();) {
      if (input[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t j = input.find(' ', i);
      if (j == std::string_view::npos) j = input.size();
      int rc = emit(context, 0, text + i, static_cast<int>(j - i), static_cast<int>(i),
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

}  // namespace

void RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    throw StoreError("SQLite without FTS5: " + std::string(sqlite3_errmsg(db)));
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (!api) throw StoreError("SQLite without FTS5");
  static fts5_tokenizer tokenizer = {Create, Delete, Tokenize};
  if (api->xCreateTokenizer(api, "tawasul", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    throw StoreError("cannot register the search tokenizer");
  }
}

}  // namespace tawasul::store::sqlite
