#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tawasul::domain {

// 25 symbols: digits and uppercase Latin letters minus the look-alike groups 0/O, 1/I/L, 2/Z,
// 5/S, 8/B. 25^8 ~ 1.5e11 codes (~37 bits). Changing it invalidates no stored hash, only input.
inline constexpr std::string_view kAccessCodeAlphabet = "34679ACDEFGHJKMNPQRTUVWXY";
inline constexpr std::size_t kAccessCodeLength = 8;
inline constexpr std::size_t kAccessCodeSaltBytes = 16;
inline constexpr std::size_t kAccessCodeHashBytes = 32;
inline constexpr std::size_t kAccessCodePepperBytes = 32;

// A fresh code of kAccessCodeLength symbols drawn uniformly (libsodium CSPRNG).
// Throws std::runtime_error only if libsodium cannot initialise (infrastructure failure).
std::string NewAccessCode();

// Normalises user input: ASCII uppercase, drops whitespace, dashes and bidi marks, maps
// Arabic-Indic/Persian digits to ASCII. nullopt unless exactly 8 alphabet symbols remain.
std::optional<std::string> NormalizeAccessCode(std::string_view input);

// kAccessCodeSaltBytes random bytes, one per case.
std::string NewSalt();

// Keyed BLAKE2b-256 (crypto_generichash) of the normalised code and the salt, keyed by the server
// pepper (16..64 bytes, 32 expected; otherwise throws std::invalid_argument: a configuration
// bug). `code` is normalised first when it can be. Returns kAccessCodeHashBytes raw bytes.
std::string HashAccessCode(std::string_view code, std::string_view salt, std::string_view pepper);
// The keyed hash behind HashAccessCode and the other short secrets (one-time codes): BLAKE2b
// keyed by `pepper` (16..64 bytes, else std::invalid_argument naming `what`) over `domain_tag`,
// the salt's length (8 bytes, little-endian), the salt and `message`; kAccessCodeHashBytes long.
// A distinct tag per kind of secret keeps one kind's hash from ever matching another's.
std::string KeyedSaltedHash(std::string_view what, std::string_view domain_tag,
                            std::string_view pepper, std::string_view salt,
                            std::string_view message);

// True when `code` (user input, normalised here) hashes to `expected_hash`; the comparison is
// constant time. Malformed codes or hashes of the wrong size give false.
bool VerifyAccessCode(std::string_view code, std::string_view salt, std::string_view pepper,
                      std::string_view expected_hash);

}  // namespace tawasul::domain
