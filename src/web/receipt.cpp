// Sealed receipts; see receipt.h.

#include "web/receipt.h"

#include <sodium.h>

#include <vector>

namespace tawasul::web {

namespace {

// A key for receipts only, derived from the pepper (a different purpose, a different key).
void ReceiptKey(std::string_view pepper, unsigned char key[crypto_secretbox_KEYBYTES]) {
  static constexpr std::string_view kPurpose = "tawasul receipt cookie v1";
  crypto_generichash(key, crypto_secretbox_KEYBYTES,
                     reinterpret_cast<const unsigned char*>(kPurpose.data()), kPurpose.size(),
                     reinterpret_cast<const unsigned char*>(pepper.data()),
                     std::min<std::size_t>(pepper.size(), crypto_generichash_KEYBYTES_MAX));
}

// Fields joined by '\n' (none may hold one: references and codes are ASCII letters and digits).
std::string Encode(const Receipt& r) {
  return r.reference + "\n" + r.access_code + "\n" + std::to_string(r.attachments) + "\n" +
         std::to_string(r.issued_at);
}

bool ParseInt(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::string SealReceipt(std::string_view pepper, const Receipt& r) {
  unsigned char key[crypto_secretbox_KEYBYTES];
  ReceiptKey(pepper, key);
  const std::string plain = Encode(r);
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        box.data(), key);
  sodium_memzero(key, sizeof key);
  std::string out(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), box.data(), box.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<Receipt> OpenReceipt(std::string_view pepper, std::string_view value,
                                   std::int64_t now_unix) {
  if (value.empty() || value.size() > 1024) return std::nullopt;
  std::vector<unsigned char> box(value.size());
  std::size_t len = 0;
  if (sodium_base642bin(box.data(), box.size(), value.data(), value.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  unsigned char key[crypto_secretbox_KEYBYTES];
  ReceiptKey(pepper, key);
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const int opened = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                                box.data() + crypto_secretbox_NONCEBYTES,
                                                len - crypto_secretbox_NONCEBYTES, box.data(), key);
  sodium_memzero(key, sizeof key);
  if (opened != 0) return std::nullopt;
  Receipt r;
  std::string_view rest = plain;
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    auto nl = rest.find('\n');
    if ((nl == std::string_view::npos) != (i == 3)) return std::nullopt;
    parts[i] = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  r.reference = std::string(parts[0]);
  r.access_code = std::string(parts[1]);
  if (!ParseInt(parts[2], r.attachments) || !ParseInt(parts[3], r.issued_at)) return std::nullopt;
  if (now_unix < r.issued_at || now_unix - r.issued_at > kReceiptLifetime.count()) {
    return std::nullopt;
  }
  return r;
}

}  // namespace tawasul::web
