#pragma once
// HTTP messages as the rest of the program sees them: plain structs with no Beast types, so that
// handlers (src/api, src/web) compile without Boost and Beast stays in one translation unit.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tawasul::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

struct Field {
  std::string name;  // as received; compare case-insensitively
  std::string value;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// `s` without the spaces and tabs at either end (HTTP's optional white space, RFC 9110 §5.6.3).
std::string_view TrimOws(std::string_view s);

struct Request {
  Method method = Method::kGet;
  std::string target;    // raw request-target
  std::string path;      // percent-decoded path, without the query
  std::string raw_path;  // the path as sent (still percent-encoded); the router splits this one
  std::string query;     // raw query string (after '?'), not decoded
  std::vector<Field> headers;
  std::string body;
  std::string remote_address;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router

  // The first header of that name (case-insensitive), or "" when absent.
  std::string_view Header(std::string_view name) const;
  // A path parameter captured by the router ("{reference}" -> "reference"), or "".
  std::string_view PathParam(std::string_view name) const;
  // The decoded value of a query parameter, or "" when absent.
  std::string QueryParam(std::string_view name) const;
  // The value of a cookie, or "" when absent.
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Field> headers;
  std::string body;
  bool close = false;  // close the connection after sending

  // Replaces a header of that name, or adds it.
  void Set(std::string_view name, std::string value);
  void Add(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
  std::string_view Get(std::string_view name) const;
};

// Completes a request. Call it exactly once, from any thread; the session resumes on its own
// executor. If every copy is destroyed without a call, the client gets a 500 (never a hang).
class Reply {
 public:
  using Sink = std::function<void(Response)>;
  Reply() = default;
  explicit Reply(Sink sink, std::string request_id);
  void operator()(Response response) const;
  const std::string& RequestId() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// A handler reads the request and eventually calls the reply. The request stays valid until the
// reply is called; copy what an asynchronous continuation needs.
using Handler = std::function<void(const Request&, Reply)>;

// Percent-decodes a URL component; '+' becomes a space when form is true. nullopt-like: returns
// false when the encoding is broken.
bool PercentDecode(std::string_view in, std::string& out, bool form);
// Parses an application/x-www-form-urlencoded body or query string into ordered pairs.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view s);
// Escapes a string for inclusion in a URL query.
std::string UrlEncode(std::string_view s);

}  // namespace tawasul::http
