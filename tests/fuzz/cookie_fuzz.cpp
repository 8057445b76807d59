// libFuzzer harness for cookies (http::Request::Cookie): the session and CSRF cookies are read
// from whatever Cookie headers a client sends.
// Input: the first byte picks how many Cookie headers the rest is split into (at NUL bytes); the
// names looked up are the session and CSRF cookies' and every name found in the headers.
// Invariants: a value never holds ';' and is a substring of one Cookie header, following its
// name and '='; the answer for a name is the first "name=value" of the first header holding
// one; a header built from clean pairs gives each pair's value back.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace {

using namespace tawasul::http;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// The cookie names in a header, as Cookie() would split them.
std::vector<std::string> Names(std::string_view value) {
  std::vector<std::string> names;
  while (!value.empty()) {
    auto semi = value.find(';');
    std::string_view part = value.substr(0, semi);
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos) names.emplace_back(part.substr(0, eq));
  }
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned headers = 1 + (data[0] & 3);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  Request request;
  request.headers.push_back({"Host", "example.org"});
  for (unsigned h = 0; h < headers && !rest.empty(); ++h) {
    auto nul = h + 1 < headers ? rest.find('\0') : std::string_view::npos;
    request.headers.push_back({h % 2 ? "cookie" : "Cookie", std::string(rest.substr(0, nul))});
    rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
  }

  std::vector<std::string> names = {"tawasul_session", "tawasul_csrf", "", " "};
  for (const auto& f : request.headers) {
    if (f.name == "Host") continue;
    for (auto& n : Names(f.value)) {
      if (names.size() < 64) names.push_back(std::move(n));
    }
  }
  for (const std::string& name : names) {
    const std::string value = request.Cookie(name);
    Check(value.find(';') == std::string::npos, "a value holds ';'");
    // The expected answer, found another way: the first header and first part with the name.
    std::string expected;
    bool found = false;
    for (const auto& f : request.headers) {
      if (f.name == "Host" || found) continue;
      std::string_view v = f.value;
      std::size_t at = 0;
      while (at <= v.size() && !found) {
        std::size_t end = v.find(';', at);
        if (end == std::string_view::npos) end = v.size();
        std::string_view part = v.substr(at, end - at);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=') {
          expected = std::string(part.substr(name.size() + 1));
          found = true;
        }
        at = end + 1;
      }
    }
    Check(value == expected, "the first name=value wins");
  }

  // Clean pairs built from the input come back.
  Request built;
  std::string header;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  for (std::size_t i = 0; i + 1 < bytes.size() && pairs.size() < 8; i += 2) {
    std::string name = "c" + std::to_string(pairs.size());
    std::string value;
    for (char c : bytes.substr(i, 2)) {
      if (c != ';' && c != ' ') value.push_back(c);
    }
    pairs.emplace_back(name, value);
    header += (header.empty() ? "" : "; ") + name + "=" + value;
  }
  built.headers.push_back({"Cookie", header});
  for (const auto& [name, value] : pairs) Check(built.Cookie(name) == value, "a clean pair");
  return 0;
}
