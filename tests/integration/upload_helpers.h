// Helpers of the upload tests (attachments_test.cpp, upload_screen_test.cpp): a multipart body
// for POST /submit with files in its `attachments` input, and a count of the files stored.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "integration/server.h"

namespace tawasul_test {

struct FilePart {
  std::string filename;
  std::string content_type;
  std::string data;
};

inline const std::string kBoundary = "----TawasulTestBoundary7MA4YWxk";

inline std::string MultipartBody(const Fields& fields, const std::vector<FilePart>& files) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
            v + "\r\n";
  }
  for (const auto& f : files) {
    body += "--" + kBoundary +
            "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" + f.filename +
            "\"\r\nContent-Type: " + f.content_type + "\r\n\r\n" + f.data + "\r\n";
  }
  body += "--" + kBoundary + "--\r\n";
  return body;
}

// Regular files under `dir` (0 when it does not exist).
inline std::size_t CountFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

// A real 1×1 PNG (it decodes; the upload screen re-encodes it).
inline const std::string& TinyPng() {
  static const std::string png(
      "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\r"
      "IDATx\xda\x63\xfc\xcf\xc0\x50\x0f\0\x04\x85\x01\x80\x84\xa9\x8c\x21\0\0\0\0IEND\xae\x42"
      "\x60\x82",
      70);
  return png;
}

}  // namespace tawasul_test
