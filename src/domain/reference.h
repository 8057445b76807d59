#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tawasul::domain {

// Damm check digit of a digit string (0 for the empty string).
// Precondition: `digits` holds only '0'..'9' (asserted).
int DammCheckDigit(std::string_view digits);

// True when a non-empty all-digit string ends with its correct Damm check digit.
// Non-digits and the empty string give false rather than asserting (this sees user input).
bool DammValid(std::string_view digits_with_check);

// A case reference: 2-digit year and a sequence within that year. The check digit is not stored;
// it is always derived from the canonical (7-digit minimum) form.
struct Reference {
  int year2 = 0;               // 0..99
  std::uint64_t sequence = 0;  // >= 1
  friend bool operator==(const Reference&, const Reference&) = default;
};

// Canonical display form "YY-NNNNNNN-C": sequence zero-padded to at least 7 digits, Damm check
// over the year and sequence digits. Preconditions (asserted): year2 0..99, sequence >= 1.
std::string FormatReference(Reference r);

// Parses user input: separators and invisible marks are ignored (whitespace, dash, '.', '/', '_',
// other punctuation, Arabic comma, U+200E/U+200F/U+061C...); ASCII, Arabic-Indic and Persian
// digits count. 10..20 digits with a valid Damm check and sequence >= 1, else nullopt.
std::optional<Reference> ParseReference(std::string_view input);

}  // namespace tawasul::domain
