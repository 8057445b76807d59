// Signed case tokens; see case_token.h.

#include "domain/case_token.h"

#include <sodium.h>

#include <stdexcept>

namespace tawasul::domain {

namespace {

std::string Mac(std::string_view pepper, std::string_view purpose, std::string_view reference,
                std::string_view subject, std::int64_t expiry) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  // The key: SHA-256 of a label and the pepper, so this MAC never shares a key with the
  // access-code hash.
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
  std::string label = "tawasul case token v1|";
  label.append(pepper);
  crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(label.data()), label.size());
  std::string msg;
  msg.append(purpose).append("|").append(reference).append("|").append(subject).append("|");
  msg += std::to_string(expiry);
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), key);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex);
}

}  // namespace

std::string MakeCaseToken(std::string_view pepper, std::string_view purpose,
                          std::string_view reference, std::string_view subject,
                          std::int64_t now_unix, std::int64_t lifetime_seconds) {
  std::int64_t expiry = now_unix + lifetime_seconds;
  return std::to_string(expiry) + "." + Mac(pepper, purpose, reference, subject, expiry);
}

bool VerifyCaseToken(std::string_view pepper, std::string_view token, std::string_view purpose,
                     std::string_view reference, std::string_view subject, std::int64_t now_unix,
                     std::int64_t lifetime_seconds) {
  auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
  std::int64_t expiry = 0;
  for (char c : token.substr(0, dot)) {
    if (c < '0' || c > '9') return false;
    expiry = expiry * 10 + (c - '0');
  }
  if (expiry < now_unix || expiry > now_unix + lifetime_seconds) return false;
  std::string expected = Mac(pepper, purpose, reference, subject, expiry);
  std::string_view mac = token.substr(dot + 1);
  if (mac.size() != expected.size()) return false;
  return sodium_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

}  // namespace tawasul::domain
