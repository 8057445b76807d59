#pragma once
// The FTS5 tokenizer "tawasul" over domain::Analyze, registered on every connection of the SQLite
// store (a MATCH on a reader tokenizes its query there too).
//
// Documents: at each word's position, its folded term, then StemToken(stem) colocated with it
// (and a digit group's first piece colocated with its joined form), with the original word's
// byte offsets, so highlights mark the original text. Queries are built only by
// domain::RenderFts5Match: index tokens separated by spaces, passed through unchanged.

struct sqlite3;

namespace tawasul::store::sqlite {

// Registers the tokenizer on `db`. Throws StoreError when FTS5 is unavailable.
void RegisterSearchTokenizer(sqlite3* db);

}  // namespace tawasul::store::sqlite
