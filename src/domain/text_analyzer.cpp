// The text analyzer: one function turns complaint text into search terms, for the SQLite FTS5
// tokenizer, for the PostgreSQL index and for queries alike, so the two backends and the two
// sides of a search cannot disagree about what a word is (DESIGN.md §4, docs/search.md).
//
// Words. A word is a maximal run of Arabic-script letters, of other letters, or of digits; a
// change from one to another starts a new word ("شارع12" is شارع and 12, "iPhoneالجديد" is iphone
// and الجديد), so the stemmer chosen by script sees one script. Combining marks (harakat), format
// characters (ZWNJ inside Persian words, the bidi marks RTL fields insert, the soft hyphen) and
// tatweel never end a word; an apostrophe stays inside a word between two non-Arabic letters
// (don't, street's: the English stemmer knows what to do with them). Everything else, including
// invalid UTF-8 and U+200B ZERO WIDTH SPACE, separates words. The rule is ours rather than ICU's
// UAX #29 word breaker, which would keep "شارع12" and "covid19" whole and needs per-thread
// iterators; the offsets we report are plain byte offsets into the caller's UTF-8.
//
// Folding, per word: ICU NFKC_Casefold (presentation forms and ligatures to letters, fullwidth to
// ASCII, case folded, default-ignorable characters removed); then Arabic folding: harakat
// (U+064B..065F, which include the combining madda and hamza), the superscript alef, Quranic
// annotation marks and tatweel are removed; أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Persian
// ی -> ي, ک -> ك; every decimal digit (Arabic-Indic, Persian, fullwidth...) becomes ASCII; the
// right single quote becomes an apostrophe; remaining format characters go. Removing a mark can
// in rare cases leave text that is no longer normalized, so folding repeats until it is stable
// (Analyze(term) == term is an invariant the fuzzer checks). A ligature that folds into several
// words (ﷺ) gives several terms.
//
// Clitics: و or ف directly before ال is removed ("والمدرسة", "فالمدرسة" -> "المدرسه") when at
// least two letters follow ال, so والد, والي and فالح keep their first letter; the forms of والد
// (father, parents) are kept whole, or "والدين" (parents) would become "الدين" (the religion).
// ب, ك and ل are not removed from the word (they begin too many words: بال، بالون، كالسيوم), but
// the stem is computed without them, see below.
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
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <limits>

namespace tawasul::domain {
namespace {

enum class RunKind { kArabic, kOther, kDigit };

enum class CharClass { kSeparator, kArabicLetter, kOtherLetter, kDigit, kContinue, kApostrophe };

// A word candidate: bytes [begin, end) of the segmented text.
struct Run {
  RunKind kind = RunKind::kOther;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool joined_to_previous = false;  // a digit run after a digit run and one dash or slash
};

// U8_NEXT indexes with int32_t; longer text is analyzed in its first 2 GiB.
std::int32_t ClampedLength(std::string_view s) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  return static_cast<std::int32_t>(s.size() > kMax ? kMax : s.size());
}

UChar32 DecodeAt(std::string_view s, std::int32_t& i, std::int32_t length) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  UChar32 c = 0;
  U8_NEXT(bytes, i, length, c);
  return c;
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, c);
  out.append(buffer, static_cast<std::size_t>(length));
}

std::size_t CodePoints(std::string_view s) {
  std::size_t count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

CharClass Classify(UChar32 c) {
  if (c < 0 || c == 0x200B) return CharClass::kSeparator;  // invalid byte, zero width space
  if (c == 0x0640) return CharClass::kContinue;            // tatweel
  if (c == '\'' || c == 0x2019) return CharClass::kApostrophe;
  const std::uint32_t mask = U_GET_GC_MASK(c);
  if (mask & U_GC_ND_MASK) return CharClass::kDigit;
  if (mask & (U_GC_M_MASK | U_GC_CF_MASK)) return CharClass::kContinue;
  if (mask & U_GC_L_MASK) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_ARABIC ? CharClass::kArabicLetter
                                                           : CharClass::kOtherLetter;
  }
  return CharClass::kSeparator;
}

// Dashes and slashes that join the digit pieces of a reference, phone number or date.
bool IsDigitJoiner(UChar32 c) {
  return c == '-' || c == '/' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x2215 ||
         c == 0xFE58 || c == 0xFE63 || c == 0xFF0D || c == 0xFF0F;
}

// Splits `s` into runs (see the top of this file).
std::vector<Run> Segment(std::string_view s) {
  std::vector<Run> runs;
  const std::int32_t length = ClampedLength(s);
  bool in_run = false;
  Run current;
  // Since the last run ended: how many digit joiners, and whether anything else came.
  int gap_joiners = 0;
  bool gap_clean = true;
  const auto close_run = [&] {
    if (!in_run) return;
    runs.push_back(current);
    in_run = false;
    gap_joiners = 0;
    gap_clean = true;
  };
  for (std::int32_t i = 0; i < length;) {
    const auto start = static_cast<std::size_t>(i);
    const UChar32 c = DecodeAt(s, i, length);
    const auto end = static_cast<std::size_t>(i);
    const CharClass cls = Classify(c);
    switch (cls) {
      case CharClass::kArabicLetter:
      case CharClass::kOtherLetter:
      case CharClass::kDigit: {
        const RunKind kind = cls == CharClass::kArabicLetter  ? RunKind::kArabic
                             : cls == CharClass::kOtherLetter ? RunKind::kOther
                                                              : RunKind::kDigit;
        if (in_run && current.kind == kind) {
          current.end = end;
          break;
        }
        const bool joined = !in_run && kind == RunKind::kDigit && !runs.empty() &&
                            runs.back().kind == RunKind::kDigit && gap_joiners == 1 && gap_clean;
        close_run();
        current = Run{kind, start, end, joined};
        in_run = true;
        break;
      }
      case CharClass::kContinue: {
        // Format characters (bidi marks, ZWNJ) do not move a word's end: offsets cover what is
        // seen. Around a dash they keep digits joined; stray marks do not.
        const bool format = U_GET_GC_MASK(c) & U_GC_CF_MASK;
        if (in_run) {
          if (!format) current.end = end;
        } else if (!format) {
          gap_clean = false;
        }
        break;
      }
      case CharClass::kApostrophe:
        if (in_run && current.kind == RunKind::kOther && i < length) {
          std::int32_t next = i;
          if (Classify(DecodeAt(s, next, length)) == CharClass::kOtherLetter) {
            current.end = end;
            break;
          }
        }
        close_run();
        gap_clean = false;
        break;
      case CharClass::kSeparator:
        close_run();
        if (IsDigitJoiner(c)) {
          ++gap_joiners;
        } else {
          gap_clean = false;
        }
        break;
    }
  }
  close_run();
  return runs;
}

// Harakat, superscript alef, small high letters and Quranic annotation marks (all combining).
bool IsArabicMark(UChar32 c) {
  return (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) ||
         (c >= 0x06E7 && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED) ||
         (c >= 0x08D3 && c <= 0x08E1) || (c >= 0x08E3 && c <= 0x08FF);
}

// The Arabic letter folding of one code point; U_SENTINEL removes it.
UChar32 FoldCodePoint(UChar32 c) {
  switch (c) {
    case 0x0622:  // آ
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0671:  // ٱ
      return 0x0627;
    case 0x0649:  // ى
    case 0x0626:  // ئ
    case 0x06CC:  // ی
      return 0x064A;
    case 0x0629:  // ة
      return 0x0647;
    case 0x0624:  // ؤ
      return 0x0648;
    case 0x06A9:  // ک
      return 0x0643;
    case 0x0640:  // tatweel
      return U_SENTINEL;
    case 0x2019:
      return '\'';
    default:
      break;
  }
  if (IsArabicMark(c)) return U_SENTINEL;
  const std::uint32_t mask = U_GET_GC_MASK(c);
  if (mask & U_GC_CF_MASK) return U_SENTINEL;
  if (mask & U_GC_ND_MASK) return '0' + u_charDigitValue(c);
  return c;
}

std::string FoldCodePoints(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const std::int32_t length = ClampedLength(s);
  for (std::int32_t i = 0; i < length;) {
    const UChar32 c = DecodeAt(s, i, length);
    if (c < 0) continue;
    const UChar32 folded = FoldCodePoint(c);
    if (folded != U_SENTINEL) AppendUtf8(out, folded);
  }
  return out;
}

const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return normalizer;
}

// NFKC_Casefold, then Arabic folding, until stable (usually one round).
std::string FoldLetters(std::string_view word) {
  bool ascii = true;
  for (const char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {  // NFKC_Casefold of ASCII is lower case
    std::string out(word);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  const icu::Normalizer2* normalizer = NfkcCasefold();
  std::string current(word);
  for (int round = 0; round < 4; ++round) {
    if (normalizer != nullptr) {
      std::string normalized;
      icu::StringByteSink<std::string> sink(&normalized);
      UErrorCode status = U_ZERO_ERROR;
      normalizer->normalizeUTF8(0, icu::StringPiece(current.data(), ClampedLength(current)), sink,
                                nullptr, status);
      if (U_SUCCESS(status)) current = std::move(normalized);
    }
    std::string folded = FoldCodePoints(current);
    const bool stable = folded == current;
    current = std::move(folded);
    if (stable || normalizer == nullptr) break;
    UErrorCode status = U_ZERO_ERROR;
    if (normalizer->isNormalizedUTF8(icu::StringPiece(current.data(), ClampedLength(current)),
                                     status) &&
        U_SUCCESS(status)) {
      break;
    }
  }
  return current;
}

std::string FoldDigits(std::string_view run) {
  std::string out;
  const std::int32_t length = ClampedLength(run);
  for (std::int32_t i = 0; i < length;) {
    const UChar32 c = DecodeAt(run, i, length);
    if (c >= 0 && (U_GET_GC_MASK(c) & U_GC_ND_MASK)) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
    }
  }
  return out;
}

constexpr std::string_view kWaw = "و";
constexpr std::string_view kFa = "ف";
constexpr std::string_view kAl = "ال";
constexpr std::string_view kWaalid = "والد";
// What follows والد in its common forms (father, mother, parents, with pronouns), folded.
constexpr std::array<std::string_view, 17> kWaalidEndings = {"",   "ه",  "ي",   "ين",  "ان", "ا",
                                                             "يه", "ك",  "كم",  "ها",  "هم", "تي",
                                                             "ته", "تك", "تها", "تهم", "ات"};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// و/ف directly before ال, as a conjunction (see the top of this file).
void StripConjunction(std::string& term) {
  if (!StartsWith(term, kWaw) && !StartsWith(term, kFa)) return;
  const std::string_view rest = std::string_view(term).substr(kWaw.size());
  if (!StartsWith(rest, kAl) || CodePoints(rest) < 4) return;
  if (StartsWith(term, kWaalid)) {
    const std::string_view ending = std::string_view(term).substr(kWaalid.size());
    for (const std::string_view e : kWaalidEndings) {
      if (ending == e) return;
    }
  }
  term.erase(0, kWaw.size());
}

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
