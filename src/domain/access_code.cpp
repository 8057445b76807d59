// Access codes: the secret half of "reference + access code".
//
// A reference number is sequential and so guessable; the access code is what actually protects a
// case. It is 8 symbols from a 25-symbol alphabet, "34679ACDEFGHJKMNPQRTUVWXY": the digits and
// uppercase Latin letters without the groups people confuse when reading a code aloud, copying
// it from an SMS or typing it on a phone (0/O, 1/I/L, 2/Z, 5/S, 8/B). 25^8 is about 1.5e11
// (~37 bits), which, with the rate limits on tracking, puts online guessing out of reach.
// Each symbol is drawn with randombytes_uniform, which has no modulo bias.
//
// The code is shown to the citizen once and stored only as
//     BLAKE2b-256(key = pepper, message = domain tag || salt length (u64 LE) || salt || code)
// The salt is random per case, so equal codes hash differently; the pepper is a server secret
// kept outside the database, so a stolen database alone cannot be brute-forced offline despite
// the small code space (a slow password hash would not help at 37 bits; the key does).
// The domain tag keeps these hashes distinct from any other use of the same pepper.
//
// Normalisation forgives what users do to codes: lowercase, spaces or dashes in groups, bidi
// marks pasted from RTL text, Arabic-Indic or Persian digits from an Arabic keyboard. It does not
// guess at excluded look-alikes: "O" or "0" is rejected, never silently mapped.

#include "domain/access_code.h"

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace tawasul::domain {
namespace {

constexpr std::string_view kHashDomainTag = "tawasul.access-code.v1";
constexpr std::size_t kMaxInputBytes = 256;

static_assert(kAccessCodeHashBytes >= crypto_generichash_BYTES_MIN &&
              kAccessCodeHashBytes <= crypto_generichash_BYTES_MAX);
static_assert(kAccessCodePepperBytes >= crypto_generichash_KEYBYTES_MIN &&
              kAccessCodePepperBytes <= crypto_generichash_KEYBYTES_MAX);

// sodium_init() is idempotent and thread-safe, but calling it once through a function-local
// static keeps the hot path to a single load.
void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium could not be initialised");
}

constexpr bool InAlphabet(char c) { return kAccessCodeAlphabet.find(c) != std::string_view::npos; }

// Characters removed silently: whitespace, dashes of any kind, bidi and other format marks.
bool IsIgnorable(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  const auto type = u_charType(c);
  return type == U_SPACE_SEPARATOR || type == U_DASH_PUNCTUATION || type == U_FORMAT_CHAR;
}

}  // namespace

std::string NewAccessCode() {
  EnsureSodium();
  // One random buffer, rejection-sampled to stay uniform (a byte is used only when below the
  // largest multiple of the alphabet size): one getrandom call instead of one per symbol.
  constexpr unsigned kAlphabet = static_cast<unsigned>(kAccessCodeAlphabet.size());
  constexpr unsigned kLimit = 256 - 256 % kAlphabet;
  std::string code;
  code.reserve(kAccessCodeLength);
  unsigned char buf[32];
  while (code.size() < kAccessCodeLength) {
    randombytes_buf(buf, sizeof buf);
    for (unsigned char b : buf) {
      if (b >= kLimit) continue;
      code.push_back(kAccessCodeAlphabet[b % kAlphabet]);
      if (code.size() == kAccessCodeLength) break;
    }
  }
  return code;
}

std::optional<std::string> NormalizeAccessCode(std::string_view input) {
  if (input.size() > kMaxInputBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());
  const auto length = static_cast<std::int32_t>(input.size());
  std::string code;
  code.reserve(kAccessCodeLength);
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return std::nullopt;
    if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);
    if (c >= 'a' && c <= 'z') c = c - 'a' + 'A';
    if (c < 0x80 && InAlphabet(static_cast<char>(c))) {
      if (code.size() == kAccessCodeLength) return std::nullopt;
      code.push_back(static_cast<char>(c));
    } else if (!IsIgnorable(c)) {
      return std::nullopt;
    }
  }
  if (code.size() != kAccessCodeLength) return std::nullopt;
  return code;
}

std::string NewSalt() {
  EnsureSodium();
  std::string salt(kAccessCodeSaltBytes, '\0');
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

std::string KeyedSaltedHash(std::string_view what, std::string_view domain_tag,
                            std::string_view pepper, std::string_view salt,
                            std::string_view message) {
  if (pepper.size() < crypto_generichash_KEYBYTES_MIN ||
      pepper.size() > crypto_generichash_KEYBYTES_MAX) {
    throw std::invalid_argument(std::string(what) + " pepper must be 16..64 bytes");
  }
  EnsureSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(pepper.data()),
                          pepper.size(), kAccessCodeHashBytes);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain_tag.data()),
                            domain_tag.size());
  // The salt's length, so that no (salt, code) pair can be re-split into another one.
  std::array<unsigned char, 8> salt_length{};
  for (std::size_t i = 0; i < salt_length.size(); ++i) {
    salt_length[i] =
        static_cast<unsigned char>((static_cast<std::uint64_t>(salt.size()) >> (8 * i)) & 0xFF);
  }
  crypto_generichash_update(&state, salt_length.data(), salt_length.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(salt.data()),
                            salt.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                            message.size());
  std::string hash(kAccessCodeHashBytes, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(hash.data()), hash.size());
  return hash;
}

std::string HashAccessCode(std::string_view code, std::string_view salt, std::string_view pepper) {
  const std::optional<std::string> normalized = NormalizeAccessCode(code);
  const std::string_view message = normalized ? std::string_view{*normalized} : code;
  return KeyedSaltedHash("access code", kHashDomainTag, pepper, salt, message);
}

bool VerifyAccessCode(std::string_view code, std::string_view salt, std::string_view pepper,
                      std::string_view expected_hash) {
  const std::optional<std::string> normalized = NormalizeAccessCode(code);
  if (!normalized || expected_hash.size() != kAccessCodeHashBytes) return false;
  const std::string actual = HashAccessCode(*normalized, salt, pepper);
  return sodium_memcmp(actual.data(), expected_hash.data(), kAccessCodeHashBytes) == 0;
}

}  // namespace tawasul::domain
