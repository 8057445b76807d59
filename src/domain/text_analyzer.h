#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::domain {

// Bump when the analyzer's output for some text changes: an index built by another version must
// be rebuilt (stores record the version beside their index).
inline constexpr int kAnalyzerVersion = 1;

// Folded words longer than this (in UTF-8 bytes, about 64 Arabic or 128 Latin letters) are not
// emitted: no word of either language is that long; base64, URLs and key-mashing are.
inline constexpr std::size_t kMaxTermBytes = 128;

// One word of analyzed text.
struct Token {
  std::string term;  // the folded word (docs/search.md); what a prefix query matches
  std::string stem;  // Snowball stem of `term` (arabic or english by script), else `term`
  // Byte offsets [begin, end) of the original word in the analyzed text (for highlights). A word
  // that folds into several terms (a ligature such as U+FDFA) gives them all the same offsets.
  std::size_t begin = 0;
  std::size_t end = 0;
  // Word position, from 0. Tokens come in position order; the only tokens that share a position
  // are a digit group's joined form and, right after it, the group's first piece (FTS5: emit the
  // piece with FTS5_TOKEN_COLOCATED; highlights then cover the whole group).
  std::size_t position = 0;
  friend bool operator==(const Token&, const Token&) = default;
};

// Analyzes text for indexing (and for highlights). Words are maximal runs of Arabic-script
// letters, of other letters, or of digits (a change between the three starts a new word);
// combining marks, format characters (ZWNJ, bidi marks) and tatweel continue a word, and an
// apostrophe between two non-Arabic letters stays inside it ("don't"). Each word is folded
// (NFKC_Casefold, Arabic folding, digits to ASCII, و/ف before ال removed) and stemmed. Digits
// joined by single dashes or slashes ("26-0000123-4") give the whole digit string ("2600001234")
// and then the pieces, the first at the same position. Invalid UTF-8 bytes separate words; text
// past the first 2 GiB is ignored. Thread-safe (each thread has its own stemmers). Never throws for
// any input (only std::bad_alloc).
// Invariants (fuzzed): every term and stem is non-empty, valid UTF-8, at most kMaxTermBytes,
// without whitespace, control characters or '"', and Analyze(term) is exactly one token with the
// same term and stem.
std::vector<Token> Analyze(std::string_view utf8);

// --- Index tokens --------------------------------------------------------------------------
// What a store indexes, identically on every backend: at each token's position, the token's
// `term` and StemToken(stem). A query word matches the StemToken of its own stem; a prefix query
// matches the start of a `term`. The marker keeps the two sets apart (a term never contains it).
inline constexpr std::string_view kStemMarker = "~";
std::string StemToken(std::string_view stem);

// --- Search box queries --------------------------------------------------------------------

// One analyzed word of a query.
struct QueryTerm {
  std::string term;
  std::string stem;
  friend bool operator==(const QueryTerm&, const QueryTerm&) = default;
};

// A word or a quoted phrase: its terms must appear at consecutive positions, in order. A single
// typed word may give several terms ("covid19" -> covid, 19), which then form a phrase too.
struct QueryClause {
  std::vector<QueryTerm> terms;  // never empty
  bool prefix = false;   // the last term matches any term that starts with it (typed "word*")
  bool exclude = false;  // typed with a leading '-': documents containing it are left out
  friend bool operator==(const QueryClause&, const QueryClause&) = default;
};

// A document matches when every clause that is not excluded matches and no excluded one does.
struct Query {
  std::vector<QueryClause> clauses;
  bool HasPositive() const;  // false: the query can match nothing (empty, or only exclusions)
};

inline constexpr std::size_t kMaxQueryClauses = 32;  // further clauses are ignored
inline constexpr std::size_t kMaxQueryTerms = 64;    // in all clauses together; the rest ignored
inline constexpr std::size_t kMinPrefixChars = 3;    // shorter "ab*" is the whole word "ab"

// Parses a search box: words separated by whitespace; "quoted phrases" (straight quotes, “ ”
// and « », all interchangeable; an unclosed quote runs to the end); a leading '-' excludes a
// word or phrase; a trailing '*' makes the word (or the phrase's last word) a prefix. Every other
// character is text for the analyzer: AND, OR, NOT, NEAR are words, and ( ) ^ : + { } are
// separators like any punctuation. A digit group is kept only in its joined form, so
// "26-0000123-4" finds "2600001234" and "26-0000123-4" alike. Never throws (only bad_alloc).
Query ParseQuery(std::string_view input);

// The FTS5 MATCH expression for `query`, or nullopt when it has no positive clause (run no
// search: it matches nothing). Every token is a double-quoted FTS5 string ('"' doubled, although
// tokens never contain one); outside strings there are only AND, NOT, OR, parentheses and '*':
//   ("~stem1" AND "~stem2 ~stem3" AND "~stem4 term5"*) NOT ("~stem6" OR "term7"*)
// Strings hold index tokens (StemToken of each stem; the plain term for a prefix) separated by
// one space, so the table's tokenizer must split query text on spaces and pass the tokens through
// unchanged (FTS5_TOKENIZE_QUERY), and analyze documents with Analyze (FTS5_TOKENIZE_DOCUMENT:
// term, then StemToken(stem) with FTS5_TOKEN_COLOCATED, at each position).
std::optional<std::string> RenderFts5Match(const Query& query);

}  // namespace tawasul::domain
