// Segmenting and folding for the text analyzer (text_analyzer.cpp): where the words of a text
// are, and the one spelling each word is indexed and searched under. Everything here is a pure
// function of its input, the same on every thread and in every store, and never throws (only
// std::bad_alloc). Stemming, numbers and queries are in text_analyzer.cpp.
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
// the stem is computed without them (text_analyzer.cpp, "Stems").

#include "domain/text_folding.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>

namespace tawasul::domain::folding {
namespace {

enum class CharClass { kSeparator, kArabicLetter, kOtherLetter, kDigit, kContinue, kApostrophe };

void AppendUtf8(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, c);
  out.append(buffer, static_cast<std::size_t>(length));
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

constexpr std::string_view kWaw = "و";
constexpr std::string_view kFa = "ف";
constexpr std::string_view kAl = "ال";
constexpr std::string_view kWaalid = "والد";
// What follows والد in its common forms (father, mother, parents, with pronouns), folded.
constexpr std::array<std::string_view, 17> kWaalidEndings = {"",   "ه",  "ي",   "ين",  "ان", "ا",
                                                             "يه", "ك",  "كم",  "ها",  "هم", "تي",
                                                             "ته", "تك", "تها", "تهم", "ات"};

}  // namespace

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

}  // namespace tawasul::domain::folding
