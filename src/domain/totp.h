#pragma once
// Staff one-time codes (issue 16 item 3): TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits,
// the Unix epoch as T0) computed by liboath (oath-toolkit), and one-time recovery codes.
//
// Invariants:
//  * A code is accepted for the current step and one step either side (clock drift), never more.
//  * A step is accepted at most once per user, and never one at or before the last accepted step
//    (RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP after the
//    successful validation has been issued"). The store applies AcceptsStep atomically.
//  * Secrets are 160 bits from libsodium's CSPRNG (RFC 4226 §4 recommends 160).
//  * Recovery codes are 10 groups of 5+5 characters from an alphabet without look-alikes
//    (~49 bits each); only a keyed hash of the normalised code is kept.
// Pure functions (no I/O); the clock is a parameter.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::domain {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int kTotpWindow = 1;  // steps either side of now
inline constexpr int kRecoveryCodeCount = 10;

// A new random secret: 20 raw bytes.
std::string NewTotpSecret();

// RFC 4648 base32 without padding ("JBSWY3DPEHPK3PXP"), as authenticator apps take it.
std::string Base32(std::string_view raw);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// (Key Uri Format), issuer and account percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// The step of a Unix time (seconds / 30).
std::int64_t TotpStep(std::int64_t unix_seconds);

// The 6-digit code of `secret` at `unix_seconds` (liboath), "" on failure.
std::string TotpCode(std::string_view secret, std::int64_t unix_seconds);

// The step whose code `code` is, within kTotpWindow steps of `unix_seconds`; nullopt when the
// code is not six digits or matches no step of the window.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::int64_t unix_seconds,
                                      std::string_view code);

// The replay rule: a matched step is accepted only when it is after the last accepted one.
inline bool AcceptsStep(std::int64_t last_accepted_step, std::int64_t step) {
  return step > last_accepted_step;
}

// True for a six-digit string (spaces removed first by NormaliseOtp).
bool LooksLikeTotp(std::string_view code);

// The code as typed without spaces and hyphens, upper-cased (recovery codes are printed
// "ABCDE-FGHJK" and may be typed in lower case).
std::string NormaliseOtp(std::string_view typed);

// kRecoveryCodeCount new recovery codes, printed form "ABCDE-FGHJK".
std::vector<std::string> NewRecoveryCodes();

// The stored form of a recovery code: BLAKE2b-256 of the normalised code keyed by `pepper`
// (the server secret; hashed unkeyed when it is shorter than 16 bytes).
std::string RecoveryCodeHash(std::string_view pepper, std::string_view code);

}  // namespace tawasul::domain
