#pragma once
// Image metadata removed before an attachment is stored (issue 21, docs/decisions.md
// 2026-12-07): a citizen's photo carries where and with what device it was taken (EXIF GPS,
// serial numbers, XMP, IPTC, comments), which staff do not need and must not receive.
//
// Invariants:
// - The image is decoded and encoded again in its own format with libvips (a maintained
//   library), writing no metadata at all: what is stored is only pixels, so no tag of the
//   original (known or not) survives.
// - The EXIF orientation is applied to the pixels first, so a photo still looks the right way
//   up once the tag is gone; an embedded colour profile is applied (to sRGB) for the same
//   reason. Animated GIF and WebP keep their frames.
// - A file whose leading bytes claim a format but that does not decode fully in it is refused
//   (kUndecodable); only the loader of the sniffed format is ever used. An image of more than
//   kMaxImagePixels (all frames together) is refused before its pixels are decoded, so a small
//   file cannot make the server allocate gigabytes.
// - libvips' operation cache is turned off: no decoded photo stays in memory after the call.

#include <cstdint>
#include <string>
#include <string_view>

namespace tawasul::service {

inline constexpr std::int64_t kMaxImagePixels = 50'000'000;

struct CleanedImage {
  enum class Error { kNone, kUndecodable, kTooManyPixels } error = Error::kNone;
  std::string bytes;  // the re-encoded image (kNone)
};

// True for the media types StripImageMetadata handles (the image types of domain/attachment.h).
bool IsCleanableImage(std::string_view media_type);

// Re-encodes `content` (of the sniffed `media_type`) without metadata. Thread-safe.
CleanedImage StripImageMetadata(std::string_view content, std::string_view media_type);

}  // namespace tawasul::service
