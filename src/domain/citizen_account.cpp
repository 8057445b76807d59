// Citizen accounts: contact normalisation and one-time codes (citizen_account.h).
//
// Why 6 digits suffice: a code lives 10 minutes and dies after 5 wrong tries, and a contact gets
// at most 3 codes per 15 minutes, so an online guesser has at most 15 tries in 1e6 per quarter
// hour for one contact; the per-address limit of the code requests bounds it further. The hash
// is keyed by the server pepper (as access codes are) so that a stolen database cannot be
// brute-forced offline in the code's lifetime.

#include "domain/citizen_account.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "domain/access_code.h"
#include "domain/notifications.h"

namespace tawasul::domain {
namespace {

constexpr std::string_view kCodeDomainTag = "tawasul.one-time-code.v1";
constexpr std::size_t kMaxContactBytes = 254;  // RFC 5321's longest path

void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium could not be initialised");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Digits and a leading '+' of a phone number as typed; nullopt for any other character. Arabic-
// Indic (U+0660..) and Persian (U+06F0..) digits are two UTF-8 bytes: D9 A0..A9, DB B0..B9.
std::optional<std::string> PhoneDigits(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      out.push_back(static_cast<char>(c));
    } else if (c == '+' && out.empty()) {
      out.push_back('+');
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
      continue;
    } else if (i + 1 < s.size() && c == 0xD9 && static_cast<unsigned char>(s[i + 1]) >= 0xA0 &&
               static_cast<unsigned char>(s[i + 1]) <= 0xA9) {
      out.push_back(static_cast<char>('0' + (static_cast<unsigned char>(s[i + 1]) - 0xA0)));
      ++i;
    } else if (i + 1 < s.size() && c == 0xDB && static_cast<unsigned char>(s[i + 1]) >= 0xB0 &&
               static_cast<unsigned char>(s[i + 1]) <= 0xB9) {
      out.push_back(static_cast<char>('0' + (static_cast<unsigned char>(s[i + 1]) - 0xB0)));
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<Contact> NormalizePhone(std::string_view input) {
  auto digits = PhoneDigits(input);
  if (!digits) return std::nullopt;
  std::string_view d = *digits;
  if (d.rfind("+973", 0) == 0) {
    d.remove_prefix(4);
  } else if (d.rfind("00973", 0) == 0) {
    d.remove_prefix(5);
  } else if (d.size() == 11 && d.rfind("973", 0) == 0) {
    d.remove_prefix(3);
  }
  if (d.size() != 8 || d.find('+') != std::string_view::npos) return std::nullopt;
  // Bahrain's mobile ranges: 3xxxxxxx and 66xxxxxx (fixed lines, 17xxxxxx, receive no SMS).
  if (d[0] != '3' && d.substr(0, 2) != "66") return std::nullopt;
  return Contact{ContactKind::kPhone, "+973" + std::string(d)};
}

std::optional<Contact> NormalizeEmail(std::string_view s) {
  const auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';') {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return Contact{ContactKind::kEmail, std::move(out)};
}

}  // namespace

std::optional<Contact> NormalizeContact(std::string_view input) {
  const std::string_view s = Trim(input);
  if (s.empty() || s.size() > kMaxContactBytes) return std::nullopt;
  if (s.find('@') != std::string_view::npos) return NormalizeEmail(s);
  return NormalizePhone(s);
}

MessageChannel ChannelFor(ContactKind kind) {
  return kind == ContactKind::kPhone ? MessageChannel::kSms : MessageChannel::kEmail;
}

std::string MaskContact(const Contact& contact) {
  return contact.kind == ContactKind::kPhone ? MaskPhone(contact.value) : MaskEmail(contact.value);
}

std::string NewOneTimeCode() {
  EnsureSodium();
  std::string code;
  code.reserve(kOneTimeCodeDigits);
  for (std::size_t i = 0; i < kOneTimeCodeDigits; ++i) {
    code.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  }
  return code;
}

std::optional<std::string> NormalizeOneTimeCode(std::string_view input) {
  if (input.size() > 64) return std::nullopt;
  auto digits = PhoneDigits(Trim(input));
  if (!digits || digits->size() != kOneTimeCodeDigits || digits->front() == '+') {
    return std::nullopt;
  }
  return digits;
}

std::string HashOneTimeCode(std::string_view code, std::string_view salt, std::string_view pepper) {
  return KeyedSaltedHash("one-time code", kCodeDomainTag, pepper, salt, code);
}

bool CodeUsable(const OneTimeCodeState& code, Instant now) {
  return !code.used && now < code.expires_at && code.failures < kMaxCodeFailures;
}

bool OneTimeCodeMatches(std::string_view input, std::string_view salt, std::string_view pepper,
                        std::string_view stored_hash) {
  const auto code = NormalizeOneTimeCode(input);
  if (!code || stored_hash.size() != kAccessCodeHashBytes) return false;
  const std::string actual = HashOneTimeCode(*code, salt, pepper);
  return sodium_memcmp(actual.data(), stored_hash.data(), kAccessCodeHashBytes) == 0;
}

OutboxMessage SignInCodeMessage(const Contact& contact, Language language, Instant now,
                                std::string code) {
  OutboxMessage m;
  m.created_at = now;
  m.kind = "sign_in_code";
  m.recipient = "contact:" + contact.value;
  m.payload = nlohmann::json{{"minutes", kCodeLifetime.count() / 60}}.dump();
  m.channel = ChannelFor(contact.kind);
  m.language = language;
  m.masked = MaskContact(contact);
  m.essential = true;
  m.secret = std::move(code);
  return m;
}

}  // namespace tawasul::domain
