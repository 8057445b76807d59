// multipart/form-data parsing; see multipart.h. The grammar followed is RFC 2046 §5.1.1 as
// RFC 7578 narrows it: the body is
//   [preamble CRLF] "--" boundary *WSP CRLF part *(CRLF "--" boundary *WSP CRLF part)
//   CRLF "--" boundary "--" [epilogue]
// and each part is a header block (lines "Name: value" ended by an empty line) and its data.

#include "http/multipart.h"

#include <cctype>

#include "http/message.h"

namespace tawasul::http {

namespace {

// Splits "type; a=1; b=\"x;y\"" into its type and parameters (keys lowercased, quoted values
// unescaped). Returns false when a quoted string is not closed.
struct Param {
  std::string key;
  std::string value;
};
bool SplitParams(std::string_view s, std::string& type, std::vector<Param>& params) {
  std::size_t i = 0;
  auto semi = s.find(';');
  type = std::string(TrimOws(s.substr(0, semi)));
  if (semi == std::string_view::npos) return true;
  i = semi + 1;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ';')) ++i;
    if (i >= s.size()) break;
    std::size_t k = i;
    while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
    Param p;
    for (char c : TrimOws(s.substr(k, i - k)))
      p.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '"') {
        ++i;
        bool closed = false;
        while (i < s.size()) {
          char c = s[i++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && i < s.size()) c = s[i++];
          p.value += c;
        }
        if (!closed) return false;
        while (i < s.size() && s[i] != ';') ++i;  // ignore anything after the quoted string
      } else {
        std::size_t v = i;
        while (i < s.size() && s[i] != ';') ++i;
        p.value = std::string(TrimOws(s.substr(v, i - v)));
      }
    }
    if (!p.key.empty()) params.push_back(std::move(p));
  }
  return true;
}

bool BoundaryChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// Reads one part's header block [begin, end) into `part`; false when malformed.
bool ParseHeaders(std::string_view block, MultipartPart& part) {
  bool has_disposition = false;
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view name = TrimOws(line.substr(0, colon));
    std::string_view value = TrimOws(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Content-Disposition")) {
      if (has_disposition) return false;
      has_disposition = true;
      std::string type;
      std::vector<Param> params;
      if (!SplitParams(value, type, params) || !EqualsIgnoreCase(type, "form-data")) return false;
      bool has_name = false;
      for (auto& p : params) {
        if (p.key == "name") {
          part.name = std::move(p.value);
          has_name = true;
        } else if (p.key == "filename") {
          part.filename = std::move(p.value);
        }
      }
      if (!has_name) return false;
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  return has_disposition;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  std::string type;
  std::vector<Param> params;
  if (!SplitParams(content_type, type, params) || !EqualsIgnoreCase(type, "multipart/form-data"))
    return std::nullopt;
  for (const auto& p : params) {
    if (p.key != "boundary") continue;
    if (p.value.empty() || p.value.size() > 70 || p.value.back() == ' ') return std::nullopt;
    for (char c : p.value)
      if (!BoundaryChar(c)) return std::nullopt;
    return p.value;
  }
  return std::nullopt;
}

MultipartResult ParseMultipart(std::string_view body, std::string_view boundary,
                               const MultipartLimits& limits) {
  MultipartResult result;
  auto fail = [&result](const char* error) {
    result.ok = false;
    result.error = error;
    result.parts.clear();
    return std::move(result);
  };
  if (boundary.empty() || boundary.size() > 70) return fail("malformed");
  const std::string delim = "--" + std::string(boundary);
  const std::string next_delim = "\r\n" + delim;
  std::size_t pos;
  if (body.substr(0, delim.size()) == delim) {
    pos = delim.size();
  } else {
    auto p = body.find(next_delim);
    if (p == std::string_view::npos) return fail("malformed");
    pos = p + next_delim.size();
  }
  for (;;) {
    // Just after a delimiter: "--" closes the body (the epilogue is ignored).
    if (body.substr(pos, 2) == "--") {
      result.ok = true;
      return result;
    }
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return fail("malformed");
    pos += 2;
    if (result.parts.size() >= limits.max_parts) return fail("too_many_parts");
    MultipartPart part;
    std::size_t data_start;
    if (body.substr(pos, 2) == "\r\n") {
      return fail("malformed");  // no Content-Disposition: not a form field
    } else {
      std::string_view window = body.substr(pos, limits.max_header_bytes + 4);
      auto end = window.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        return fail(window.size() > limits.max_header_bytes ? "header_too_large" : "malformed");
      }
      if (end > limits.max_header_bytes) return fail("header_too_large");
      if (!ParseHeaders(window.substr(0, end), part)) return fail("malformed");
      data_start = pos + end + 4;
    }
    auto data_end = body.find(next_delim, data_start);
    if (data_end == std::string_view::npos) return fail("malformed");  // no final boundary
    part.size = data_end - data_start;
    if (part.size > limits.max_part_bytes) {
      part.oversize = true;
    } else {
      part.data = std::string(body.substr(data_start, part.size));
    }
    result.parts.push_back(std::move(part));
    pos = data_end + next_delim.size();
  }
}

}  // namespace tawasul::http
