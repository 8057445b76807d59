// Open311 answers in XML or JSON (see open311_format.h).

#include "api/open311_format.h"

#include "domain/html_escape.h"
#include "domain/language.h"
#include "service/api_keys.h"
#include "service/case_service.h"

namespace tawasul::api {

namespace {

// Text as XML may hold it: without the control characters XML 1.0 forbids, and, when the text is
// not valid UTF-8 (an echoed field name or path), with its non-ASCII bytes as '?'.
std::string XmlText(const std::string& text) {
  const bool utf8 = domain::IsValidUtf8(text);
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out.push_back(!utf8 && c >= 0x80 ? '?' : ch);
  }
  return out;
}

void AppendXml(std::string& out, const OrderedJson& v, std::string_view name) {
  out += '<';
  out += name;
  out += '>';
  if (v.is_object()) {
    for (const auto& [key, item] : v.items()) AppendXml(out, item, key);
  } else if (v.is_array()) {
    std::string item_name = Open311ItemName(name);
    for (const auto& item : v) AppendXml(out, item, item_name);
  } else if (v.is_string()) {
    domain::AppendHtmlEscaped(out, XmlText(v.get_ref<const std::string&>()));
  } else if (!v.is_null()) {
    out += v.dump();  // numbers, true, false
  }
  out += "</";
  out += name;
  out += '>';
}

}  // namespace

std::optional<Open311Format> Open311FileFormat(std::string_view file, std::string* stem) {
  std::optional<Open311Format> format;
  std::size_t cut = 0;
  if (file.ends_with(".json")) {
    format = Open311Format::kJson;
    cut = 5;
  } else if (file.ends_with(".xml")) {
    format = Open311Format::kXml;
    cut = 4;
  }
  if (format && stem) *stem = std::string(file.substr(0, file.size() - cut));
  return format;
}

std::string Open311ItemName(std::string_view array) {
  if (array == "service_requests") return "request";
  if (array == "service_request_updates") return "request_update";
  if (array == "services") return "service";
  if (array == "endpoints") return "endpoint";
  if (array == "formats") return "format";
  if (array == "attributes") return "attribute";
  if (array == "values") return "value";
  if (array == "errors") return "error";
  return "item";
}

std::string Open311Xml(const OrderedJson& value, std::string_view root) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  AppendXml(out, value, root);
  return out;
}

http::Response Open311Answer(Open311Format format, std::string_view root, const OrderedJson& value,
                             int status) {
  http::Response r;
  r.status = status;
  if (format == Open311Format::kXml) {
    r.Set("Content-Type", "text/xml; charset=utf-8");
    r.body = Open311Xml(value, root);
  } else {
    r.Set("Content-Type", "application/json; charset=utf-8");
    // Invalid UTF-8 (only an echoed field name or path can hold it) becomes U+FFFD.
    r.body = value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  }
  return r;
}

http::Response Open311Error(Open311Format format, int status, const std::string& description) {
  OrderedJson errors = OrderedJson::array();
  errors.push_back({{"code", status}, {"description", description}});
  auto r = Open311Answer(format, "errors", errors, status);
  r.Set("Cache-Control", "no-store");
  return r;
}

domain::Language Open311Language(const http::Request& req) {
  std::string locale = req.QueryParam("locale");
  if (locale.starts_with("en")) return domain::Language::kEnglish;
  if (locale.starts_with("ar")) return domain::Language::kArabic;
  std::string_view al = req.Header("Accept-Language");
  for (std::size_t i = 0; i + 1 < al.size(); ++i) {
    bool start = i == 0 || al[i - 1] == ',' || al[i - 1] == ' ';
    if (!start) continue;
    std::string_view two = al.substr(i, 2);
    bool end = i + 2 == al.size() || al[i + 2] == '-' || al[i + 2] == ';' || al[i + 2] == ',';
    if (!end) continue;
    if (http::EqualsIgnoreCase(two, "ar")) return domain::Language::kArabic;
    if (http::EqualsIgnoreCase(two, "en")) return domain::Language::kEnglish;
  }
  return domain::Language::kArabic;
}

std::string Open311Time(const ApiContext& api, domain::Instant t) {
  return service::FormatTime(api.app, t);
}

bool Open311KeyAllowed(ApiContext& api, const std::string& key, domain::ApiScope scope,
                       Open311Format format, const http::Reply& reply, std::int64_t* key_id) {
  using Kind = service::ApiKeyGate::Outcome::Kind;
  auto outcome = api.api_keys.Check(key, scope, domain::Now());
  switch (outcome.kind) {
    case Kind::kAllowed:
      if (key_id) *key_id = outcome.key_id;
      return true;
    case Kind::kMissing:
      reply(Open311Error(format, 403, "api_key: an API key is required"));
      return false;
    case Kind::kRefused:
      reply(Open311Error(format, 403, "api_key: the API key is not valid"));
      return false;
    case Kind::kNoScope:
      reply(Open311Error(format, 403, "api_key: the API key does not allow this request"));
      return false;
    case Kind::kLimited: {
      auto r = Open311Error(format, 429, "api_key: too many requests with this key");
      r.Set("Retry-After", std::to_string(std::max(1, outcome.retry_after)));
      reply(std::move(r));
      return false;
    }
  }
  return false;
}

}  // namespace tawasul::api
