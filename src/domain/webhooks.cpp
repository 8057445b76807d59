// Webhook events, bodies, URLs and sealed secrets (webhooks.h).

#include "domain/webhooks.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace tawasul::domain {

namespace {

void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium could not be initialised");
}

// The secretbox key: keyed BLAKE2b of a fixed label under the server secret, so that the key
// used here is never the one that hashes access codes (same secret, another purpose).
std::array<unsigned char, crypto_secretbox_KEYBYTES> SealKey(std::string_view server_secret) {
  if (server_secret.size() < crypto_generichash_KEYBYTES_MIN ||
      server_secret.size() > crypto_generichash_KEYBYTES_MAX) {
    throw std::invalid_argument("server secret must be 16..64 bytes");
  }
  static constexpr std::string_view kLabel = "tawasul webhook secret key v1";
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(kLabel.data()),
                     kLabel.size(), reinterpret_cast<const unsigned char*>(server_secret.data()),
                     server_secret.size());
  return key;
}

constexpr std::string_view kSealPrefix = "sb1:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHostChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
}

}  // namespace

bool IsWebhookKind(std::string_view kind) {
  return std::find(kWebhookKinds.begin(), kWebhookKinds.end(), kind) != kWebhookKinds.end();
}

std::string WebhookEventName(std::string_view kind) { return "case." + std::string(kind); }

std::string JoinWebhookKinds(const std::vector<std::string>& kinds) {
  std::string out;
  for (std::string_view k : kWebhookKinds) {
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) continue;
    if (!out.empty()) out += ',';
    out += k;
  }
  return out;
}

std::vector<std::string> SplitWebhookKinds(std::string_view joined) {
  std::vector<std::string> parts;
  while (!joined.empty()) {
    auto comma = joined.find(',');
    parts.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  std::vector<std::string> out;
  for (std::string_view k : kWebhookKinds) {
    if (std::find(parts.begin(), parts.end(), k) != parts.end()) out.emplace_back(k);
  }
  return out;
}

std::vector<std::string> AnnouncedKinds(const std::vector<OutboxMessage>& messages,
                                        const std::vector<std::string>& unsent) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& kind) {
    if (IsWebhookKind(kind) && std::find(out.begin(), out.end(), kind) == out.end()) {
      out.push_back(kind);
    }
  };
  for (const auto& m : messages) {
    if (m.channel != MessageChannel::kWebhook) add(m.kind);
  }
  for (const auto& k : unsent) add(k);
  return out;
}

std::string WebhookBody(std::string_view kind, std::string_view reference, std::string_view entity,
                        std::optional<CaseStatus> status, Instant at) {
  using nlohmann::json;
  // Built by hand to keep the documented key order (nlohmann's objects sort their keys).
  std::string out = "{\"event\":" + json(WebhookEventName(kind)).dump() +
                    ",\"reference\":" + json(std::string(reference)).dump() +
                    ",\"entity\":" + json(std::string(entity)).dump();
  if (status) out += ",\"status\":" + json(std::string(ToString(*status))).dump();
  std::string when = FormatRfc3339(at, 0);
  if (when.ends_with("+00:00")) when.replace(when.size() - 6, 6, "Z");
  out += ",\"at\":" + json(when).dump() + "}";
  return out;
}

bool IsWebhookUrl(std::string_view url) {
  if (url.size() > 2000) return false;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  for (char c : rest) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return false;
    }
  }
  const auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return false;
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (char c : authority.substr(1, close - 1)) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    }
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      port = after.substr(1);
      if (port.empty()) return false;
    }
  } else {
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty() || host.front() == '.' || host.front() == '-' || host.find("..") != host.npos)
      return false;
    if (!std::all_of(host.begin(), host.end(), IsHostChar)) return false;
  }
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) return false;
    const int n = std::stoi(std::string(port));
    if (n < 1 || n > 65535) return false;
  }
  return true;
}

std::string NewWebhookSecret() {
  EnsureSodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("whsec_") + hex;
}

std::string SealWebhookSecret(std::string_view server_secret, std::string_view secret) {
  EnsureSodium();
  const auto key = SealKey(server_secret);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nonce,
                        key.data());
  std::string hex(box.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(box.data()),
                 box.size());
  hex.pop_back();  // the terminating NUL
  return std::string(kSealPrefix) + hex;
}

std::optional<std::string> OpenWebhookSecret(std::string_view server_secret,
                                             std::string_view sealed) {
  EnsureSodium();
  if (!sealed.starts_with(kSealPrefix)) return std::nullopt;
  sealed.remove_prefix(kSealPrefix.size());
  std::string box(sealed.size() / 2, '\0');
  std::size_t length = 0;
  if (sealed.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                     sealed.size(), nullptr, &length, nullptr) != 0 ||
      length != box.size() ||
      box.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  const auto key = SealKey(server_secret);
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  const std::size_t cipher_size = box.size() - crypto_secretbox_NONCEBYTES;
  std::string out(cipher_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipher_size, nonce,
                                 key.data()) != 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace tawasul::domain
