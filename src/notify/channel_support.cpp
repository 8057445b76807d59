// What the three channels share: libcurl as they use it, libsodium's initialisation.
//
// Invariants:
//   - one easy handle per send, never shared: senders may run on any number of threads at once
//     (curl_global_init runs once, before the first handle, from a function-local static);
//   - CURLOPT_NOSIGNAL on every handle (timeouts without SIGALRM, safe in threads), redirects off
//     (a gateway that redirects is misconfigured; following it could send a signed body or a
//     citizen's number elsewhere), and only the channel's own protocols are allowed;
//   - nothing here logs: bodies and recipients are personal data, and the result's `detail` is
//     built from codes only.

#include "notify/channel_support.h"

#include <sodium.h>

#include <algorithm>
#include <cstddef>

namespace tawasul::notify::internal {
namespace {

constexpr std::size_t kMaxResponseBody = 64 * 1024;
constexpr const char* kUserAgent = "Tawasul-Notify/1";

bool GlobalInit() {
  static const bool kReady = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return kReady;
}

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  const std::size_t room = kMaxResponseBody - std::min(kMaxResponseBody, body->size());
  body->append(data, std::min(bytes, room));
  return bytes;  // the rest is read and dropped: answering less would abort the transfer
}

SendResult Temporary(std::string detail) {
  return SendResult{SendOutcome::kTemporaryFailure, std::move(detail), {}};
}

}  // namespace

EasyHandle NewEasyHandle() {
  if (!GlobalInit()) return nullptr;
  return EasyHandle(curl_easy_init());
}

bool SlistAppend(Slist& list, const std::string& line) {
  curl_slist* appended = curl_slist_append(list.get(), line.c_str());
  if (appended == nullptr) return false;
  static_cast<void>(list.release());  // curl_slist_append returned the same list, extended
  list.reset(appended);
  return true;
}

void SetCommonOptions(CURL* handle, int timeout_seconds, const char* protocols) {
  const long timeout = std::max(1, timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, protocols);
}

SendResult TransportFailure(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return Temporary("connect refused");
    case CURLE_OPERATION_TIMEDOUT:
      return Temporary("timeout");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Temporary("dns");
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return Temporary("tls");
    case CURLE_USE_SSL_FAILED:
      return Temporary("starttls unavailable");
    case CURLE_LOGIN_DENIED:
      return Temporary("auth denied");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return Temporary("connection lost");
    case CURLE_OUT_OF_MEMORY:
      return Temporary("out of memory");
    default:
      return Temporary("curl " + std::to_string(static_cast<int>(code)));
  }
}

bool IsHttpUrl(const std::string& url) {
  if (url.find_first_of(" \t\r\n") != std::string::npos) return false;
  // libcurl's parser forgives "https:///path" and "http:/host"; a registered URL must not need
  // forgiving: "<scheme>://" and then the host.
  const auto separator = url.find("://");
  if (separator == std::string::npos || separator + 3 >= url.size() || url[separator + 3] == '/') {
    return false;
  }
  if (!GlobalInit()) return false;
  CURLU* parsed = curl_url();
  if (parsed == nullptr) return false;
  bool valid = false;
  if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    if (curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
      const std::string s = scheme;
      valid = (s == "http" || s == "https") && host[0] != '\0';
    }
    curl_free(scheme);
    curl_free(host);
  }
  curl_url_cleanup(parsed);
  return valid;
}

HttpResponse PerformHttp(const HttpRequest& request) {
  HttpResponse response;
  EasyHandle handle = NewEasyHandle();
  Slist headers;
  bool headers_ok = handle != nullptr;
  for (const std::string& header : request.headers) {
    headers_ok = headers_ok && SlistAppend(headers, header);
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  headers_ok = headers_ok && SlistAppend(headers, "Expect:");
  if (!headers_ok) {
    response.code = CURLE_OUT_OF_MEMORY;
    return response;
  }
  CURL* h = handle.get();
  SetCommonOptions(h, request.timeout_seconds, "http,https");
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, kUserAgent);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST")
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  response.code = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

SendResult ClassifyHttp(const HttpResponse& response) {
  if (response.code != CURLE_OK) return TransportFailure(response.code);
  const long status = response.status;
  SendResult result;
  result.detail = "http " + std::to_string(status);
  if (status >= 200 && status < 300) {
    result.outcome = SendOutcome::kSent;
  } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
    result.outcome = SendOutcome::kPermanentFailure;
  } else {
    result.outcome = SendOutcome::kTemporaryFailure;
  }
  return result;
}

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; the static keeps later calls to one load. It
  // cannot fail where the binary starts at all (access codes need it too).
  static const bool kReady = sodium_init() >= 0;
  static_cast<void>(kReady);
}

std::string StripLineBreaks(std::string value) {
  std::erase_if(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  return value;
}

}  // namespace tawasul::notify::internal

namespace tawasul::notify {

const char* OutcomeName(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kSent:
      return "sent";
    case SendOutcome::kTemporaryFailure:
      return "temporary failure";
    case SendOutcome::kPermanentFailure:
      return "permanent failure";
  }
  return "unknown";
}

}  // namespace tawasul::notify
