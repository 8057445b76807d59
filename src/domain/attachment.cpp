// Content sniffing and name sanitising for attachments; see attachment.h.

#include "domain/attachment.h"

#include <cctype>
#include <cstdint>

namespace tawasul::domain {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The byte length of the valid UTF-8 sequence at s[i], or 0 when invalid.
std::size_t Utf8SequenceAt(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool Unwanted(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||  // controls
         (cp >= 0x200B && cp <= 0x200F) ||                        // zero-width, LRM/RLM
         (cp >= 0x202A && cp <= 0x202E) ||                        // bidi embeddings/overrides
         (cp >= 0x2066 && cp <= 0x2069) ||                        // bidi isolates
         cp == 0xFEFF || cp == '"' || cp == '<' || cp == '>' || cp == ':' || cp == '*' ||
         cp == '?' || cp == '|';
}

std::string_view ExtensionOf(std::string_view media_type) {
  if (media_type == "image/jpeg") return ".jpg";
  if (media_type == "image/png") return ".png";
  if (media_type == "image/webp") return ".webp";
  if (media_type == "image/gif") return ".gif";
  if (media_type == "application/pdf") return ".pdf";
  return "";
}

}  // namespace

std::optional<std::string> SniffAttachmentType(std::string_view c) {
  if (StartsWith(c, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(c, std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (StartsWith(c, "GIF87a") || StartsWith(c, "GIF89a")) return "image/gif";
  if (c.size() >= 12 && StartsWith(c, "RIFF") && c.substr(8, 4) == "WEBP") return "image/webp";
  if (StartsWith(c, "%PDF-")) return "application/pdf";
  return std::nullopt;
}

bool IsInlineImage(std::string_view t) {
  return t == "image/jpeg" || t == "image/png" || t == "image/webp" || t == "image/gif";
}

std::string SanitizeAttachmentName(std::string_view name, std::string_view media_type) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string clean;
  for (std::size_t i = 0; i < name.size();) {
    std::uint32_t cp = 0;
    std::size_t n = Utf8SequenceAt(name, i, cp);
    if (n == 0) {
      ++i;  // invalid byte: dropped
      continue;
    }
    if (!Unwanted(cp)) clean.append(name.substr(i, n));
    i += n;
  }
  std::size_t lead = 0;
  while (lead < clean.size() && (clean[lead] == '.' || clean[lead] == ' ')) ++lead;
  clean.erase(0, lead);
  while (!clean.empty() && (clean.back() == ' ' || clean.back() == '.')) clean.pop_back();
  if (clean.size() > kMaxAttachmentNameBytes) {
    // Keep a short extension; cut the stem on a character boundary.
    std::string ext;
    auto dot = clean.rfind('.');
    if (dot != std::string::npos && clean.size() - dot <= 10) ext = clean.substr(dot);
    std::size_t keep = kMaxAttachmentNameBytes - ext.size();
    while (keep > 0 && (static_cast<unsigned char>(clean[keep]) & 0xC0) == 0x80) --keep;
    clean = clean.substr(0, keep) + ext;
  }
  if (clean.empty()) clean = "attachment" + std::string(ExtensionOf(media_type));
  return clean;
}

std::string ContentDisposition(std::string_view name, bool inline_ok) {
  static const char* kHex = "0123456789ABCDEF";
  std::string ascii, encoded;
  for (unsigned char c : name) {
    bool plain = std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_';
    ascii += c < 0x80 && plain ? static_cast<char>(c) : '_';
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  if (ascii.empty()) ascii = "attachment";
  return std::string(inline_ok ? "inline" : "attachment") + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + encoded;
}

}  // namespace tawasul::domain
