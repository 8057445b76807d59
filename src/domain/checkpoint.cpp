// Merkle root, checkpoint text and Ed25519 signature (see checkpoint.h and docs/audit.md).

#include "domain/checkpoint.h"

#include <sodium.h>
#include <algorithm>
#include <charconv>
#include <map>

namespace tawasul::domain {

namespace {

void AppendField(std::string& buf, std::string_view field) {
  std::uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) buf.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  buf.append(field);
}

std::string Blake(std::string_view in) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(in.data()), in.size(),
                     nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

constexpr std::string_view kMagic = "tawasul-checkpoint 1";

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

std::string ToHex(std::string_view raw) {
  std::string out(raw.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  out.pop_back();
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string LeafHash(const ChainLeaf& leaf) {
  std::string buf(1, '\x00');
  AppendField(buf, leaf.reference);
  AppendField(buf, std::to_string(leaf.events));
  AppendField(buf, leaf.head);
  return Blake(buf);
}

std::string MerkleRoot(std::vector<ChainLeaf> leaves) {
  if (leaves.empty()) return Blake(std::string(1, '\x02'));
  std::sort(leaves.begin(), leaves.end(),
            [](const ChainLeaf& a, const ChainLeaf& b) { return a.reference < b.reference; });
  std::vector<std::string> level;
  level.reserve(leaves.size());
  for (const auto& l : leaves) level.push_back(LeafHash(l));
  while (level.size() > 1) {
    std::vector<std::string> up;
    up.reserve(level.size() / 2 + 1);
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
      up.push_back(Blake(std::string(1, '\x01') + level[i] + level[i + 1]));
    }
    if (level.size() % 2 == 1) up.push_back(level.back());
    level = std::move(up);
  }
  return level.front();
}

std::string CheckpointBody(const Checkpoint& c) {
  std::string out(kMagic);
  out += "\ncreated_at: " + FormatRfc3339(c.created_at, 0);
  out += "\ncases: " + std::to_string(c.cases);
  out += "\nevent_cutoff: " + std::to_string(c.event_cutoff);
  out += "\nroot: " + c.root;
  out += "\npublic_key: " + c.public_key + "\n";
  return out;
}

std::string FormatCheckpoint(const Checkpoint& c) {
  return CheckpointBody(c) + "signature: " + c.signature + "\n";
}

std::optional<Checkpoint> ParseCheckpoint(std::string_view text) {
  std::map<std::string, std::string, std::less<>> fields;
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (first) {
      if (line != kMagic) return std::nullopt;
      first = false;
      continue;
    }
    if (line.empty()) continue;
    std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    fields.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  auto get = [&](std::string_view k) -> const std::string* {
    auto it = fields.find(k);
    return it == fields.end() ? nullptr : &it->second;
  };
  const std::string *at = get("created_at"), *cases = get("cases"), *cut = get("event_cutoff"),
                    *root = get("root"), *key = get("public_key"), *sig = get("signature");
  if (!at || !cases || !cut || !root || !key || !sig) return std::nullopt;
  Checkpoint c;
  auto when = ParseRfc3339(*at);
  auto n = ParseInt(*cases);
  auto k = ParseInt(*cut);
  if (!when || !n || !k) return std::nullopt;
  c.created_at = *when;
  c.cases = *n;
  c.event_cutoff = *k;
  c.root = *root;
  c.public_key = *key;
  c.signature = *sig;
  auto raw_root = FromHex(c.root);
  auto raw_key = FromHex(c.public_key);
  auto raw_sig = FromHex(c.signature);
  if (!raw_root || raw_root->size() != 32 || !raw_key ||
      raw_key->size() != crypto_sign_PUBLICKEYBYTES || !raw_sig ||
      raw_sig->size() != crypto_sign_BYTES) {
    return std::nullopt;
  }
  return c;
}

void SignCheckpoint(Checkpoint& c, std::string_view secret_key, std::string_view public_key) {
  c.public_key = ToHex(public_key);
  const std::string body = CheckpointBody(c);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(body.data()),
                       body.size(), reinterpret_cast<const unsigned char*>(secret_key.data()));
  c.signature = ToHex(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

bool CheckpointSignatureValid(const Checkpoint& c, std::string_view public_key_hex) {
  if (public_key_hex != c.public_key) return false;
  auto key = FromHex(public_key_hex);
  auto sig = FromHex(c.signature);
  if (!key || key->size() != crypto_sign_PUBLICKEYBYTES || !sig ||
      sig->size() != crypto_sign_BYTES) {
    return false;
  }
  const std::string body = CheckpointBody(c);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(body.data()),
                                     body.size(),
                                     reinterpret_cast<const unsigned char*>(key->data())) == 0;
}

}  // namespace tawasul::domain
