#pragma once
// Attachments of a case (DESIGN.md §1, §7): what a citizen may attach, decided from the bytes
// themselves. A file's name and its declared Content-Type are the sender's claims and are never
// trusted: the media type is sniffed from the leading "magic" bytes, and only the types below
// are accepted. Names are kept only for display and download, after sanitising. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tawasul::domain {

inline constexpr std::size_t kMaxAttachments = 5;
inline constexpr std::size_t kMaxAttachmentBytes = 5 * 1024 * 1024;
inline constexpr std::size_t kMaxAttachmentNameBytes = 120;
// The `accept` attribute of the file input (a hint to browsers; the server decides).
inline constexpr std::string_view kAttachmentAccept =
    "image/jpeg,image/png,image/webp,image/gif,application/pdf,.jpg,.jpeg,.png,.webp,.gif,.pdf";

// "image/jpeg", "image/png", "image/webp", "image/gif" or "application/pdf" when the content
// starts with that format's signature; nullopt for anything else (HTML, scripts, SVG, archives,
// empty files...).
std::optional<std::string> SniffAttachmentType(std::string_view content);

// True for the image types above (the only ones that may be shown inline).
bool IsInlineImage(std::string_view media_type);

// A display name from a sender's file name: only the last path component (both / and \ count),
// no control characters, bidi overrides or invalid UTF-8, no leading dots or spaces, at most
// kMaxAttachmentNameBytes bytes (cut on a character boundary, keeping the extension when short).
// Falls back to "attachment" + the media type's extension when nothing is left.
std::string SanitizeAttachmentName(std::string_view name, std::string_view media_type);

// The value of a Content-Disposition header for a download: `attachment` (or `inline` when
// `inline_ok`) with an ASCII fallback `filename` and the exact name as RFC 8187 `filename*`.
std::string ContentDisposition(std::string_view name, bool inline_ok);

}  // namespace tawasul::domain
