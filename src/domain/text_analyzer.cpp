// The text analyzer: one function turns complaint text into search terms, for the SQLite FTS5
// tokenizer, for the PostgreSQL index and for queries alike, so the two backends and the two
// sides of a search cannot disagree about what a word is (DESIGN.md §4, docs/search.md).
//
// Words, folding and clitics (the rules that say what a word is and how each is spelled once
// folded) are in text_folding.cpp with their essay; this file stems the folded words, joins
// digit groups, numbers the positions, and parses search box queries.
//
// Stems: Snowball (libstemmer) "arabic" for Arabic-script words, "english" for Latin words;
// other words are their own stem, as are numbers. Snowball's Arabic stemmer does not strip a
// pronoun-like suffix from a word it saw with the article, so المدرسه would stem to مدرسه but
// مدرسه to مدرس; we therefore hand it the word without its article and proclitics (ال, لل, بال,
// كال, and those after و/ف) when at least three letters remain, and "the school", "school", "in
// the school" meet. Snowball stemmers are not thread-safe: each thread creates its own on first
// use. Snowball is a light stemmer with known misses (سيارة/سيارات do not meet); the stem serves
// recall, and phrase and prefix queries give precision.
//
// Numbers: a run of digits is a term ("123"). Digits joined by single dashes or slashes, with
// nothing else between them but bidi marks (26-0000123-4, 3600-1234, 2026/11/30), give the whole
// digit string (2600001234) and, at the same position, after it, each piece, so a reference,
// phone number or date is found however it was written. Other separators (spaces, dots, commas)
// do not join: "3.5" is 3 and 5, never 35.
//
// No stopwords: FTS5 and PostgreSQL rank common words down anyway, phrases need every word, and
// the short Arabic words a stopword list removes include لا and غير, which reverse a complaint.

#include "domain/text_analyzer.h"

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>
#include <cstdint>

#include "domain/text_folding.h"

namespace tawasul::domain {
namespace {

using folding::ClampedLength;
using folding::CodePoints;
using folding::DecodeAt;
using folding::FoldDigits;
using folding::FoldLetters;
using folding::Run;
using folding::RunKind;
using folding::Segment;
using folding::StartsWith;
using folding::StripConjunction;

// Article and proclitics removed before stemming, longest first.
constexpr std::array<std::string_view, 10> kStemPrefixes = {"وبال", "فبال", "وكال", "فكال", "ولل",
                                                            "فلل",  "بال",  "كال",  "لل",   "ال"};

std::string_view StemInput(std::string_view term) {
  for (const std::string_view prefix : kStemPrefixes) {
    if (StartsWith(term, prefix) && CodePoints(term.substr(prefix.size())) >= 3) {
      return term.substr(prefix.size());
    }
  }
  return term;
}

bool IsLatinWord(std::string_view term) {
  bool latin = false;
  const std::int32_t length = ClampedLength(term);
  for (std::int32_t i = 0; i < length;) {
    const UChar32 c = DecodeAt(term, i, length);
    if (c < 0 || !(U_GET_GC_MASK(c) & U_GC_L_MASK)) continue;
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) != USCRIPT_LATIN) return false;
    latin = true;
  }
  return latin;
}

// Snowball stemmers of the calling thread (sb_stemmer is not thread-safe).
class Stemmers {
 public:
  Stemmers()
      : arabic_(sb_stemmer_new("arabic", "UTF_8")), english_(sb_stemmer_new("english", "UTF_8")) {}
  ~Stemmers() {
    sb_stemmer_delete(arabic_);
    sb_stemmer_delete(english_);
  }
  Stemmers(const Stemmers&) = delete;
  Stemmers& operator=(const Stemmers&) = delete;

  std::string Stem(RunKind kind, const std::string& term) {
    sb_stemmer* stemmer = nullptr;
    std::string_view input = term;
    if (kind == RunKind::kArabic) {
      stemmer = arabic_;
      input = StemInput(term);
    } else if (kind == RunKind::kOther && IsLatinWord(term)) {
      stemmer = english_;
    }
    if (stemmer == nullptr) return term;
    const sb_symbol* stem = sb_stemmer_stem(
        stemmer, reinterpret_cast<const sb_symbol*>(input.data()), static_cast<int>(input.size()));
    const int length = stem == nullptr ? 0 : sb_stemmer_length(stemmer);
    if (length <= 0) return term;
    return std::string(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(length));
  }

 private:
  sb_stemmer* arabic_;
  sb_stemmer* english_;
};

std::string Stem(RunKind kind, const std::string& term) {
  thread_local Stemmers stemmers;
  return stemmers.Stem(kind, term);
}

class TokenSink {
 public:
  explicit TokenSink(std::vector<Token>& tokens) : tokens_(tokens) {}

  // Emits `term` at the next position; false (and nothing emitted) when it is empty or too long.
  bool Emit(RunKind kind, std::string term, std::size_t begin, std::size_t end) {
    if (term.empty() || term.size() > kMaxTermBytes) return false;
    std::string stem = kind == RunKind::kDigit ? term : Stem(kind, term);
    tokens_.push_back(Token{std::move(term), std::move(stem), begin, end, next_position_++});
    return true;
  }

  // Emits digits at the position of the token emitted last (there must be one).
  void EmitColocated(std::string digits, std::size_t begin, std::size_t end) {
    std::string stem = digits;
    tokens_.push_back(Token{std::move(digits), std::move(stem), begin, end, next_position_ - 1});
  }

 private:
  std::vector<Token>& tokens_;
  std::size_t next_position_ = 0;
};

// A word run: fold, split again if folding produced separators (ligatures), strip clitics.
void EmitWord(TokenSink& sink, std::string_view original, std::size_t begin, std::size_t end) {
  const std::string folded = FoldLetters(original);
  for (const Run& part : Segment(folded)) {
    const std::string_view text =
        std::string_view(folded).substr(part.begin, part.end - part.begin);
    std::string term = part.kind == RunKind::kDigit ? FoldDigits(text) : std::string(text);
    if (part.kind == RunKind::kArabic) StripConjunction(term);
    sink.Emit(part.kind, std::move(term), begin, end);
  }
}

// In query mode a digit group gives only its joined form (what a document always has, whether
// it was written with dashes or without).
std::vector<Token> AnalyzeText(std::string_view text, bool query) {
  std::vector<Token> tokens;
  TokenSink sink(tokens);
  const std::vector<Run> runs = Segment(text);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    const std::string_view original = text.substr(run.begin, run.end - run.begin);
    if (run.kind != RunKind::kDigit) {
      EmitWord(sink, original, run.begin, run.end);
      continue;
    }
    std::size_t last = r;
    while (last + 1 < runs.size() && runs[last + 1].joined_to_previous) ++last;
    if (last == r) {
      sink.Emit(RunKind::kDigit, FoldDigits(original), run.begin, run.end);
      continue;
    }
    std::vector<std::string> pieces;
    std::string joined;
    for (std::size_t k = r; k <= last; ++k) {
      pieces.push_back(FoldDigits(text.substr(runs[k].begin, runs[k].end - runs[k].begin)));
      joined += pieces.back();
    }
    // The joined form first: FTS5 highlights a position with its first token's offsets, so a
    // hit on the group (or its first piece) highlights the whole reference.
    const std::size_t first = r;
    r = last;
    if (sink.Emit(RunKind::kDigit, std::move(joined), run.begin, runs[last].end)) {
      if (query) continue;
      sink.EmitColocated(std::move(pieces[0]), run.begin, run.end);
    } else {
      sink.Emit(RunKind::kDigit, std::move(pieces[0]), run.begin, run.end);
    }
    for (std::size_t k = first + 1; k <= last; ++k) {
      sink.Emit(RunKind::kDigit, std::move(pieces[k - first]), runs[k].begin, runs[k].end);
    }
  }
  return tokens;
}

// --- Query parsing ---------------------------------------------------------------------------

bool IsQuote(UChar32 c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x00AB || c == 0x00BB;
}

bool IsSpace(UChar32 c) { return c >= 0 && u_isUWhiteSpace(c); }

void AppendFts5String(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string RenderClause(const QueryClause& clause) {
  std::string tokens;
  for (std::size_t i = 0; i < clause.terms.size(); ++i) {
    if (i > 0) tokens.push_back(' ');
    const QueryTerm& t = clause.terms[i];
    tokens += clause.prefix && i + 1 == clause.terms.size() ? t.term : StemToken(t.stem);
  }
  std::string out;
  AppendFts5String(out, tokens);
  if (clause.prefix) out.push_back('*');
  return out;
}

}  // namespace

std::vector<Token> Analyze(std::string_view utf8) { return AnalyzeText(utf8, false); }

std::string StemToken(std::string_view stem) {
  std::string token(kStemMarker);
  token += stem;
  return token;
}

bool Query::HasPositive() const {
  for (const QueryClause& clause : clauses) {
    if (!clause.exclude) return true;
  }
  return false;
}

Query ParseQuery(std::string_view input) {
  Query query;
  std::size_t total_terms = 0;
  const std::int32_t length = ClampedLength(input);
  std::int32_t i = 0;
  const auto peek = [&](std::int32_t at) {
    return at < length ? DecodeAt(input, at, length) : U_SENTINEL;
  };
  const auto advance = [&] { DecodeAt(input, i, length); };
  while (i < length && query.clauses.size() < kMaxQueryClauses && total_terms < kMaxQueryTerms) {
    if (IsSpace(peek(i))) {
      advance();
      continue;
    }
    QueryClause clause;
    if (input[static_cast<std::size_t>(i)] == '-' && i + 1 < length && !IsSpace(peek(i + 1))) {
      clause.exclude = true;
      ++i;
    }
    std::int32_t begin = i;
    std::int32_t end = i;
    if (IsQuote(peek(i))) {  // a phrase, to the next quote or the end
      advance();
      begin = i;
      while (i < length && !IsQuote(peek(i))) advance();
      end = i;
      if (i < length) advance();
      while (i < length && input[static_cast<std::size_t>(i)] == '*') {
        clause.prefix = true;
        ++i;
      }
    } else {  // a word, to whitespace or a quote
      while (i < length && !IsSpace(peek(i)) && !IsQuote(peek(i))) advance();
      end = i;
      while (end > begin && input[static_cast<std::size_t>(end - 1)] == '*') {
        clause.prefix = true;
        --end;
      }
    }
    const std::string_view text =
        input.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
    bool cut = false;
    for (Token& token : AnalyzeText(text, true)) {
      if (total_terms == kMaxQueryTerms) {
        cut = true;  // the last term kept is not the typed prefix
        break;
      }
      clause.terms.push_back(QueryTerm{std::move(token.term), std::move(token.stem)});
      ++total_terms;
    }
    if (clause.terms.empty()) continue;
    if (cut || (clause.prefix && CodePoints(clause.terms.back().term) < kMinPrefixChars)) {
      clause.prefix = false;
    }
    query.clauses.push_back(std::move(clause));
  }
  return query;
}

std::optional<std::string> RenderFts5Match(const Query& query) {
  std::string positive;
  std::string negative;
  for (const QueryClause& clause : query.clauses) {
    if (clause.terms.empty()) continue;
    std::string& out = clause.exclude ? negative : positive;
    if (!out.empty()) out += clause.exclude ? " OR " : " AND ";
    out += RenderClause(clause);
  }
  if (positive.empty()) return std::nullopt;
  std::string match = "(" + positive + ")";
  if (!negative.empty()) match += " NOT (" + negative + ")";
  return match;
}

}  // namespace tawasul::domain
