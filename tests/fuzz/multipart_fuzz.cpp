// libFuzzer harness for the multipart/form-data parser (http/multipart.h) and what the
// submission form does with its parts (domain/attachment.h). The first input byte picks small
// limits so that the part-count, header-size and oversize paths are reached; the rest is the
// body, parsed with a fixed boundary and also searched for a Content-Type line to parse as one.
// Invariants: a failed parse returns no parts; parts respect the limits; an oversize part keeps
// no data and a kept part's size is its data's; sanitised names hold no path separator or
// control character and stay within the length limit.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/attachment.h"
#include "http/multipart.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using namespace tawasul;
  const std::uint8_t knob = data[0];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  http::MultipartLimits limits;
  limits.max_parts = 1 + (knob & 7);
  limits.max_header_bytes = 16 + ((knob >> 3) & 3) * 64;
  limits.max_part_bytes = (knob >> 5) * 16;
  // The boundary: fixed, or taken from the input's first line when it looks like a header.
  std::string boundary = "B";
  if (auto eol = body.find('\n'); eol != std::string_view::npos && eol < 200) {
    if (auto b = http::MultipartBoundary(body.substr(0, eol))) boundary = *b;
  }
  auto r = http::ParseMultipart(body, boundary, limits);
  if (!r.ok) Check(r.parts.empty(), "failed parse returned parts");
  Check(r.parts.size() <= limits.max_parts, "more parts than the limit");
  for (const auto& p : r.parts) {
    if (p.oversize) {
      Check(p.data.empty() && p.size > limits.max_part_bytes, "oversize part kept data");
    } else {
      Check(p.data.size() == p.size && p.size <= limits.max_part_bytes, "part size mismatch");
    }
    auto type = domain::SniffAttachmentType(p.data);
    std::string name =
        domain::SanitizeAttachmentName(p.filename.value_or(p.name), type.value_or(""));
    Check(!name.empty(), "empty sanitised name");
    Check(name.size() <= domain::kMaxAttachmentNameBytes, "sanitised name too long");
    for (unsigned char c : name) {
      Check(c != '/' && c != '\\' && c >= 0x20 && c != 0x7F, "path or control in a name");
    }
    std::string cd = domain::ContentDisposition(name, type && domain::IsInlineImage(*type));
    Check(cd.find('\r') == std::string::npos && cd.find('\n') == std::string::npos,
          "line break in Content-Disposition");
  }
  return 0;
}
