// Request/response helpers shared by every handler: header and cookie look-up, URL decoding,
// and the Reply completion object.
//
// Reply's invariant: the sink runs at most once. A Reply is a shared handle; the last handle to
// go away without having been called answers 500 itself, so a handler that loses its reply (a
// bug) costs the client an error, not a hung connection.

#include "http/message.h"

#include <atomic>
#include <cctype>

namespace tawasul::http {

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& f : headers) {
    if (EqualsIgnoreCase(f.name, name)) return f.value;
  }
  return {};
}

std::string_view Request::PathParam(std::string_view name) const {
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  return {};
}

std::string Request::QueryParam(std::string_view name) const {
  for (auto& [k, v] : ParseUrlEncoded(query)) {
    if (k == name) return v;
  }
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  for (const auto& f : headers) {
    if (!EqualsIgnoreCase(f.name, "cookie")) continue;
    std::string_view rest = f.value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view part = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      auto eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      if (part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

void Response::Set(std::string_view name, std::string value) {
  for (auto& f : headers) {
    if (EqualsIgnoreCase(f.name, name)) {
      f.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

std::string_view Response::Get(std::string_view name) const {
  for (const auto& f : headers) {
    if (EqualsIgnoreCase(f.name, name)) return f.value;
  }
  return {};
}

struct Reply::State {
  Sink sink;
  std::string request_id;
  std::atomic<bool> done{false};
  ~State() {
    if (!done.exchange(true) && sink) {
      Response r;
      r.status = 500;
      r.Set("Content-Type", "application/problem+json");
      r.body = R"({"type":"about:blank","title":"Internal error","status":500,"request_id":")" +
               request_id + "\"}";
      sink(std::move(r));
    }
  }
};

Reply::Reply(Sink sink, std::string request_id) : state_(std::make_shared<State>()) {
  state_->sink = std::move(sink);
  state_->request_id = std::move(request_id);
}

void Reply::operator()(Response response) const {
  if (!state_ || state_->done.exchange(true)) return;
  state_->sink(std::move(response));
}

const std::string& Reply::RequestId() const {
  static const std::string kEmpty;
  return state_ ? state_->request_id : kEmpty;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string& out, bool form) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && form) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!s.empty()) {
    auto amp = s.find('&');
    std::string_view part = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string key, value;
    if (!PercentDecode(part.substr(0, eq), key, true)) continue;
    if (eq != std::string_view::npos && !PercentDecode(part.substr(eq + 1), value, true)) continue;
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace tawasul::http
