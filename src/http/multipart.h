#pragma once
// A small multipart/form-data parser (RFC 7578) of our own: the whole body is already in memory
// (bounded by the server's body limit), so this is one pass over a string_view with no
// allocation beyond the parts it returns. It is deliberately strict and bounded, since its input
// is whatever a stranger sends: a fixed number of parts, a fixed size of each part's header block,
// and a per-part data limit beyond which the part is kept only as "oversize" (its size, no data),
// so a caller can say "this file is too big" next to the field instead of failing the request.
// Anything malformed (no opening delimiter, a header block without its blank line, a missing
// final boundary, a part without a form-data name) is an error; it never throws.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::http {

struct MultipartPart {
  std::string name;                     // the form field's name
  std::optional<std::string> filename;  // present for file inputs (may be "": no file chosen)
  std::string content_type;             // as declared (never trusted), "" when absent
  std::string data;                     // empty when oversize
  std::size_t size = 0;                 // bytes of data as sent (also when oversize)
  bool oversize = false;                // size > MultipartLimits::max_part_bytes
};

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_header_bytes = 4096;           // one part's header block
  std::size_t max_part_bytes = 5 * 1024 * 1024;  // beyond: the part is marked oversize
};

struct MultipartResult {
  bool ok = false;
  std::string error;  // when !ok: "malformed", "too_many_parts", "header_too_large"
  std::vector<MultipartPart> parts;
};

// The boundary parameter of a multipart/form-data Content-Type (quoted or not), or nullopt when
// the media type is not multipart/form-data or the boundary is missing or invalid (1..70 chars).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Parses `body` delimited by `boundary`. See the essay above for what is refused.
MultipartResult ParseMultipart(std::string_view body, std::string_view boundary,
                               const MultipartLimits& limits = {});

}  // namespace tawasul::http
