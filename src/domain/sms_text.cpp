// SMS segment counting (GSM 03.38 / 3GPP TS 23.038, concatenation per TS 23.040).
//
// A text is sent in GSM-7 when every character is in the default alphabet or its extension
// table, otherwise in UCS-2 for the whole text (one Arabic letter is enough). One SMS carries
// 140 octets: 160 septets or 70 UTF-16 units. A longer text is split into parts that each lose 6
// octets to the concatenation header (UDH): 153 septets or 67 units per part.
//
// Invariants:
//   - an extension character (€ { } [ ] ~ ^ | \ and form feed) is an escape septet plus its own
//     septet: 2 units, and the two never land in different parts;
//   - a character outside the BMP is a surrogate pair in UTF-16: 2 units, never split either;
//   - a single SMS holds the whole text or nothing: if the text does not fit in 160 (70) units,
//     it is packed greedily into parts of 153 (67).
// The count is what administrators see next to a template, and what the operator is billed for.

#include "domain/sms_text.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <vector>

namespace tawasul::domain {
namespace {

constexpr int kGsmSingle = 160;
constexpr int kGsmPart = 153;
constexpr int kUcs2Single = 70;
constexpr int kUcs2Part = 67;

// GSM 03.38 default alphabet, as Unicode code points (0x1B, the escape, is not a character).
constexpr char32_t kGsmBasic[] = {
    U'@',  U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø',
    U'\r', U'Å', U'å', U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ',  U'Σ', U'Θ',
    U'Ξ',  U'Æ', U'æ', U'ß', U'É', U' ', U'!', U'"', U'#', U'¤', U'%',  U'&', U'\'',
    U'(',  U')', U'*', U'+', U',', U'-', U'.', U'/', U':', U';', U'<',  U'=', U'>',
    U'?',  U'¡', U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ',  U'ü', U'à',
};

// The extension table: each is sent as the escape septet followed by a second septet.
constexpr char32_t kGsmExtension[] = {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€'};

bool IsGsmBasic(char32_t c) {
  if ((c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z')) {
    return true;
  }
  for (char32_t g : kGsmBasic) {
    if (g == c) return true;
  }
  return false;
}

bool IsGsmExtension(char32_t c) {
  for (char32_t g : kGsmExtension) {
    if (g == c) return true;
  }
  return false;
}

// Packs characters of the given widths into parts of `part` units without splitting one.
int CountParts(const std::vector<int>& widths, int part) {
  int parts = 1;
  int used = 0;
  for (int w : widths) {
    if (used + w > part) {
      ++parts;
      used = 0;
    }
    used += w;
  }
  return parts;
}

}  // namespace

SmsSegments CountSmsSegments(std::string_view utf8) {
  std::vector<char32_t> chars;
  chars.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  bool gsm = true;
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) c = 0xFFFD;
    chars.push_back(static_cast<char32_t>(c));
    if (gsm && !IsGsmBasic(static_cast<char32_t>(c)) && !IsGsmExtension(static_cast<char32_t>(c))) {
      gsm = false;
    }
  }

  SmsSegments result;
  result.ucs2 = !gsm;
  if (chars.empty()) return result;
  std::vector<int> widths;
  widths.reserve(chars.size());
  for (char32_t c : chars) {
    const bool wide = gsm ? IsGsmExtension(c) : c > 0xFFFF;
    widths.push_back(wide ? 2 : 1);
    result.characters += widths.back();
  }
  const int single = gsm ? kGsmSingle : kUcs2Single;
  const int part = gsm ? kGsmPart : kUcs2Part;
  result.segments = result.characters <= single ? 1 : CountParts(widths, part);
  return result;
}

}  // namespace tawasul::domain
