#pragma once
// Short-lived signed tokens that stand in for a citizen's access code once it has been proven
// (docs/decisions.md, 2026-12-04). The tracking page is reached by POSTing reference + code; the
// links and forms on that page must not repeat the code (it is shown once, ever, and must not
// sit in URLs, histories or logs), so they carry a token instead:
//   "<expiry unix seconds>.<hex HMAC-SHA256(key, purpose | reference | subject | expiry)>"
// The key is derived from the server's secret (the access-code pepper), so a token is valid on
// every node of one deployment and useless anywhere else. A token names its purpose ("dl" for an
// attachment download, "act" for the case page's forms) and what it opens, so a download link
// cannot be replayed as a form token or for another attachment.

#include <cstdint>
#include <string>
#include <string_view>

namespace tawasul::domain {

inline constexpr std::int64_t kCaseTokenSeconds = 60 * 60;  // one hour
// The "stop messages about this case" link in every message to a citizen ("stop"): a year.
inline constexpr std::int64_t kStopTokenSeconds = 366 * 24 * 60 * 60;

// A token for `purpose` on `reference` (canonical) and `subject` (e.g. an attachment id, or "")
// that expires at `now_unix` + `lifetime_seconds`.
std::string MakeCaseToken(std::string_view pepper, std::string_view purpose,
                          std::string_view reference, std::string_view subject,
                          std::int64_t now_unix, std::int64_t lifetime_seconds = kCaseTokenSeconds);

// True when `token` was made by MakeCaseToken with the same pepper, purpose, reference and
// subject, has not expired at `now_unix`, and expires no later than `lifetime_seconds` from then
// (a token cannot claim a longer life than its purpose allows). Constant-time comparison.
bool VerifyCaseToken(std::string_view pepper, std::string_view token, std::string_view purpose,
                     std::string_view reference, std::string_view subject, std::int64_t now_unix,
                     std::int64_t lifetime_seconds = kCaseTokenSeconds);

}  // namespace tawasul::domain
