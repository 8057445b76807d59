#pragma once
// The Idempotency-Key header of POST /api/v1/cases (IETF draft-ietf-httpapi-idempotency-key-
// header; docs/api.md "Idempotency-Key"): its syntax and the values stored for it.
//
// Invariants:
// - A key is 1..255 printable ASCII characters (0x20..0x7E), given bare or as a Structured
//   Fields string ("..."; the quotes are not part of the key).
// - Keys are scoped by who sends them (`principal`: "" anonymous, "staff:ID", "citizen:ID"), so
//   two clients choosing the same key never see each other's answers.
// - Only a keyed hash of (principal, key) is stored, and the response is sealed under a second
//   key derived from the same pair: the database and the server secret together still do not
//   reveal a stored access code without the Idempotency-Key the client chose.
// Pure: no I/O (libsodium only computes).

#include <optional>
#include <string>
#include <string_view>

namespace tawasul::domain {

inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// The key of a header value, or nullopt when it is empty, longer than 255 characters or holds
// anything but printable ASCII.
std::optional<std::string> ParseIdempotencyKey(std::string_view header);

// The stored look-up key: BLAKE2b keyed by `pepper` over the principal and the key (32 bytes).
std::string IdempotencyKeyHash(std::string_view pepper, std::string_view principal,
                               std::string_view key);
// The fingerprint of a request body (32 bytes); `canonical` is the body in one canonical form.
std::string IdempotencyBodyHash(std::string_view canonical);

// `response` sealed under a key derived from (pepper, principal, key), and opened again
// (nullopt when it does not authenticate).
std::string SealIdempotentResponse(std::string_view pepper, std::string_view principal,
                                   std::string_view key, std::string_view response);
std::optional<std::string> OpenIdempotentResponse(std::string_view pepper,
                                                  std::string_view principal, std::string_view key,
                                                  std::string_view sealed);

}  // namespace tawasul::domain
