// TOTP through liboath and recovery codes; see totp.h.

#include "domain/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

namespace tawasul::domain {

namespace {

// liboath asks for oath_init() once before use (it is a no-op after the first call).
void InitOath() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// 31 characters without the 0/O and 1/I/L look-alikes: ten of them make ~49 bits.
constexpr std::string_view kRecoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

}  // namespace

std::string NewTotpSecret() {
  std::string raw(20, '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

std::string Base32(std::string_view raw) {
  InitOath();
  char* out = nullptr;
  std::size_t len = 0;
  if (oath_base32_encode(raw.data(), raw.size(), &out, &len) != OATH_OK || !out) return {};
  std::string s(out, len);
  std::free(out);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string label = PercentEncode(issuer) + ":" + PercentEncode(account);
  return "otpauth://totp/" + label + "?secret=" + Base32(secret) +
         "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

std::int64_t TotpStep(std::int64_t unix_seconds) { return unix_seconds / kTotpStepSeconds; }

std::string TotpCode(std::string_view secret, std::int64_t unix_seconds) {
  InitOath();
  char otp[kTotpDigits + 1] = {};
  if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds),
                         kTotpStepSeconds, OATH_TOTP_DEFAULT_START_TIME, kTotpDigits,
                         otp) != OATH_OK) {
    return {};
  }
  return std::string(otp, kTotpDigits);
}

bool LooksLikeTotp(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::int64_t unix_seconds,
                                      std::string_view code) {
  if (!LooksLikeTotp(code)) return std::nullopt;
  InitOath();
  std::string otp(code);
  int position = 0;
  std::uint64_t counter = 0;
  int rc = oath_totp_validate3(secret.data(), secret.size(), static_cast<time_t>(unix_seconds),
                               kTotpStepSeconds, OATH_TOTP_DEFAULT_START_TIME, kTotpWindow,
                               &position, &counter, otp.c_str());
  if (rc < 0) return std::nullopt;  // OATH_INVALID_OTP or another error
  return static_cast<std::int64_t>(counter);
}

std::string NormaliseOtp(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::vector<std::string> NewRecoveryCodes() {
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string code;
    for (int j = 0; j < 10; ++j) {
      if (j == 5) code.push_back('-');
      code.push_back(kRecoveryAlphabet[randombytes_uniform(kRecoveryAlphabet.size())]);
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string RecoveryCodeHash(std::string_view pepper, std::string_view code) {
  std::string normal = NormaliseOtp(code);
  unsigned char out[32];
  const bool keyed = pepper.size() >= crypto_generichash_KEYBYTES_MIN;
  crypto_generichash(
      out, sizeof out, reinterpret_cast<const unsigned char*>(normal.data()), normal.size(),
      keyed ? reinterpret_cast<const unsigned char*>(pepper.data()) : nullptr,
      keyed ? std::min<std::size_t>(pepper.size(), crypto_generichash_KEYBYTES_MAX) : 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace tawasul::domain
