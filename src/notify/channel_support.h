#pragma once

// Internal to src/notify: what the three channels share (libcurl, libsodium, header hygiene).
// Not for other layers.

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

#include "notify/send_result.h"

namespace tawasul::notify::internal {

// curl_global_init once per process (a function-local static: thread-safe), then a fresh easy
// handle; nullptr only if libcurl cannot allocate one.
struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
EasyHandle NewEasyHandle();

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
// Appends to `list`; false when libcurl could not allocate.
bool SlistAppend(Slist& list, const std::string& line);

// Options every handle of ours gets: no signals (thread safety), no redirects, connect and total
// timeouts of `timeout_seconds`, only the given protocols ("http,https" or "smtp,smtps").
void SetCommonOptions(CURL* handle, int timeout_seconds, const char* protocols);

// A failure before or outside any protocol answer: connection refused, time-out, DNS, TLS...
// Always temporary: the same message may well go through later.
SendResult TransportFailure(CURLcode code);

// Scheme is http or https and a host is present (parsed by libcurl's URL API).
bool IsHttpUrl(const std::string& url);

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value", already free of CR and LF
  std::string body;
  int timeout_seconds = 10;
};
struct HttpResponse {
  CURLcode code = CURLE_OK;
  long status = 0;   // 0 when no HTTP answer arrived
  std::string body;  // at most the first 64 KiB
};
HttpResponse PerformHttp(const HttpRequest& request);

// 2xx sent; 408, 429, 5xx (and anything else that is not a 4xx) temporary; other 4xx permanent.
// A transport failure is classified by TransportFailure.
SendResult ClassifyHttp(const HttpResponse& response);

// sodium_init once per process (before BuildMime's hashes and base64, and the webhook HMAC).
void EnsureSodium();

// Removes CR, LF and NUL: what goes into a header line can never start another.
std::string StripLineBreaks(std::string value);

}  // namespace tawasul::notify::internal
