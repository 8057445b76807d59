#pragma once
// The citizen's receipt after sending the form, by POST/redirect/GET (issue 23): reloading it
// once submitted the case again. The POST that stores the case answers 303 to
// GET /submit/receipt and hands the receipt over in a cookie, sealed (encrypted and
// authenticated) with a key derived from the server's pepper, so that:
// - the access code, shown once, never appears in a URL, a log or the browser's history;
// - reloading the receipt, or switching its language, shows the same case again and creates
//   nothing;
// - the cookie is scoped to /submit/receipt, HttpOnly, SameSite=Strict, and expires after
//   kReceiptLifetime; a stale or forged one shows "no receipt here" with a link to tracking.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tawasul::web {

inline constexpr const char* kReceiptCookie = "tawasul_receipt";
inline constexpr std::chrono::seconds kReceiptLifetime{15 * 60};

struct Receipt {
  std::string reference;
  std::string access_code;
  std::int64_t attachments = 0;
  std::int64_t issued_at = 0;  // Unix seconds
};

// The cookie value for `r` (URL-safe base64 of nonce and sealed box).
std::string SealReceipt(std::string_view pepper, const Receipt& r);
// The receipt in `value`, or nullopt when it does not open with this server's key, is malformed
// or is older than kReceiptLifetime at `now_unix`.
std::optional<Receipt> OpenReceipt(std::string_view pepper, std::string_view value,
                                   std::int64_t now_unix);

}  // namespace tawasul::web
