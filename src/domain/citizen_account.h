#pragma once
// Optional citizen accounts without passwords (issue 16, docs/accounts.md): the pure rules.
//
// Invariants:
//  * A contact is stored and compared only in its normal form (NormalizeContact): an email in
//    lower case without surrounding space, a Bahrain mobile number as E.164 (+973 and 8 digits).
//    Two spellings of one address are one account, one rate limit.
//  * A one-time code is 6 decimal digits from libsodium's CSPRNG, shown only to its recipient and
//    stored only as a keyed hash (HashOneTimeCode: the access-code construction, with its own
//    domain tag and a random salt per code). It is valid for kCodeLifetime, once, and is void
//    after kMaxCodeFailures wrong tries; at most kMaxCodesPerWindow are issued per contact (or
//    per case, to recover access) per kCodeWindow.
//  * The contact and the code never appear in a log line: MaskContact is what may.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/case_rules.h"
#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::domain {

inline constexpr std::size_t kOneTimeCodeDigits = 6;
inline constexpr std::chrono::seconds kCodeLifetime = std::chrono::minutes(10);
inline constexpr int kMaxCodeFailures = 5;
inline constexpr int kMaxCodesPerWindow = 3;
inline constexpr std::chrono::seconds kCodeWindow = std::chrono::minutes(15);
inline constexpr std::chrono::seconds kCitizenSessionLifetime = std::chrono::hours(24 * 30);

enum class ContactKind { kEmail, kPhone };

struct Contact {
  ContactKind kind = ContactKind::kEmail;
  std::string value;  // the normal form: "name@example.com" or "+97336001234"
};

// The normal form of an email address or a Bahrain mobile number, or nullopt when `input` is
// neither. Email: trimmed, lower-cased, one '@' with text on both sides and a dot in the domain,
// no spaces. Phone: spaces, dashes, dots and brackets dropped, Arabic-Indic digits mapped; then
// "+973XXXXXXXX", "00973XXXXXXXX", "973XXXXXXXX" or the 8 digits alone, where the 8 digits are a
// mobile number (3xxxxxxx or 66xxxxxx).
std::optional<Contact> NormalizeContact(std::string_view input);

// The message channel that reaches a contact.
MessageChannel ChannelFor(ContactKind kind);

// "n***@example.com" or "+973 ****1234": for staff screens and the outbox's masked column.
std::string MaskContact(const Contact& contact);

// A fresh code of kOneTimeCodeDigits decimal digits, uniform (randombytes_uniform).
std::string NewOneTimeCode();

// The code as typed (spaces and dashes dropped, Arabic-Indic digits mapped), or nullopt unless
// exactly kOneTimeCodeDigits digits remain.
std::optional<std::string> NormalizeOneTimeCode(std::string_view input);

// Keyed BLAKE2b-256 of the normalised code with `salt` under the server pepper, tagged apart from
// access codes. Throws std::invalid_argument for a pepper of the wrong size (configuration bug).
std::string HashOneTimeCode(std::string_view code, std::string_view salt, std::string_view pepper);

// A stored code as the rules see it.
struct OneTimeCodeState {
  Instant expires_at{};
  int failures = 0;
  bool used = false;
};

// True while the code may still be tried: unused, not expired at `now`, fewer than
// kMaxCodeFailures wrong tries.
bool CodeUsable(const OneTimeCodeState& code, Instant now);

// Constant-time check of `input` (as typed) against a stored hash; false for malformed input.
bool OneTimeCodeMatches(std::string_view input, std::string_view salt, std::string_view pepper,
                        std::string_view stored_hash);

// True when one more code may be issued, given how many were issued in the last kCodeWindow.
inline bool MayIssueCode(int issued_in_window) { return issued_in_window < kMaxCodesPerWindow; }

// The "sign_in_code" message carrying `code` to `contact` (the code travels in the row's secret,
// cleared once the message is final; the recipient is "contact:" + the normal form).
OutboxMessage SignInCodeMessage(const Contact& contact, Language language, Instant now,
                                std::string code);

}  // namespace tawasul::domain
