// SMS through an HTTP gateway described by a template file (format in sms.h and
// docs/notifications.md).
//
// Invariants:
//   - the template is checked once, at load: every placeholder is {{to}}, {{text}} or {{id}}, and
//     {{to}} and {{text}} are used somewhere; so Send never meets a placeholder it cannot fill;
//   - a value is escaped for the place it lands, once, and never re-read as template text: a
//     citizen's text holding "{{id}}" or a quote cannot change the request's shape (JSON-string
//     escaping in a JSON body, percent-encoding in a form body and the URL, CR/LF removed in a
//     header);
//   - Arabic travels as UTF-8: JSON escaping keeps it as is (no \u escapes), percent-encoding
//     encodes its bytes;
//   - nothing is logged; the result's detail is the HTTP status or the transport failure.

#include "notify/sms.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>

#include "domain/html_escape.h"
#include "notify/channel_support.h"

namespace tawasul::notify {
namespace {

using Escaper = std::function<std::string(const std::string&)>;

constexpr std::string_view kKnownPlaceholders[] = {"to", "text", "id"};

std::string Trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(begin, end - begin + 1));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Calls `on_placeholder(name)` for each {{name}} and `on_text(text)` for what lies between.
// Returns an error naming an unterminated placeholder, else "".
std::string ScanTemplate(std::string_view text,
                         const std::function<void(const std::string&)>& on_placeholder,
                         const std::function<void(std::string_view)>& on_text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find("{{", at);
    if (open == std::string_view::npos) {
      on_text(text.substr(at));
      break;
    }
    on_text(text.substr(at, open - at));
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return "unterminated placeholder \"" + std::string(text.substr(open, 20)) + "\"";
    }
    on_placeholder(Trim(text.substr(open + 2, close - open - 2)));
    at = close + 2;
  }
  return {};
}

bool IsHeaderName(std::string_view name) {
  static constexpr std::string_view kTokenExtras = "!#$%&'*+.^_`|~-";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kTokenExtras.find(c) != std::string_view::npos;
  });
}

bool IsHeaderLine(std::string_view line) {
  const auto colon = line.find(':');
  return colon != std::string_view::npos && IsHeaderName(line.substr(0, colon));
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    at = end + 1;
  }
  return lines;
}

std::string PercentEncode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string JsonStringContent(const std::string& value) {
  const std::string quoted =
      nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

Escaper BodyEscaper(const std::string& content_type) {
  const std::string type = Lower(content_type);
  if (type.find("json") != std::string::npos) return JsonStringContent;
  if (type.find("x-www-form-urlencoded") != std::string::npos) return PercentEncode;
  if (type.find("xml") != std::string::npos) {
    return [](const std::string& v) { return domain::HtmlEscape(v); };
  }
  return [](const std::string& value) { return value; };
}

std::string GuessContentType(const std::string& body) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  if (body[first] == '{' || body[first] == '[') return "application/json";
  if (body[first] == '<') return "application/xml";
  return "application/x-www-form-urlencoded";
}

struct Values {
  const std::string& to;
  const std::string& text;
  const std::string& id;
};

std::string Render(const std::string& text, const Values& values, const Escaper& escape) {
  std::string out;
  ScanTemplate(
      text,
      [&](const std::string& name) {
        out += escape(name == "to" ? values.to : name == "text" ? values.text : values.id);
      },
      [&](std::string_view literal) { out += literal; });
  return out;
}

// Splits the file into header lines and body; "" or an error naming the line.
std::string SplitTemplateFile(const std::string& file_text, SmsGatewayConfig& config) {
  const std::vector<std::string> lines = SplitLines(file_text);
  std::size_t body_start = 0;
  if (!lines.empty() && IsHeaderLine(lines[0])) {
    std::size_t i = 0;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
      if (!IsHeaderLine(lines[i])) {
        return "line " + std::to_string(i + 1) +
               " of the SMS gateway template is not a header (Name: value); end the headers with "
               "a blank line";
      }
      const auto colon = lines[i].find(':');
      const std::string name = lines[i].substr(0, colon);
      const std::string value = Trim(std::string_view(lines[i]).substr(colon + 1));
      if (Lower(name) == "content-type") {
        config.content_type = value;
      } else {
        config.headers.push_back(name + ": " + value);
      }
    }
    body_start = std::min(i + 1, lines.size());
  }
  for (std::size_t i = body_start; i < lines.size(); ++i) {
    if (i > body_start) config.body_template += '\n';
    config.body_template += lines[i];
  }
  while (!config.body_template.empty() &&
         (config.body_template.back() == '\n' || config.body_template.back() == '\r')) {
    config.body_template.pop_back();
  }
  if (config.content_type.empty()) config.content_type = GuessContentType(config.body_template);
  return {};
}

// Every placeholder known; {{to}} and {{text}} used. "" or the error.
std::string CheckPlaceholders(const SmsGatewayConfig& config) {
  std::vector<std::string> parts = {config.url, config.body_template};
  parts.insert(parts.end(), config.headers.begin(), config.headers.end());
  std::string unknown;
  bool uses_to = false;
  bool uses_text = false;
  for (const std::string& part : parts) {
    const std::string error = ScanTemplate(
        part,
        [&](const std::string& name) {
          const bool known = std::find(std::begin(kKnownPlaceholders), std::end(kKnownPlaceholders),
                                       name) != std::end(kKnownPlaceholders);
          if (!known && unknown.empty()) unknown = name;
          uses_to = uses_to || name == "to";
          uses_text = uses_text || name == "text";
        },
        [](std::string_view) {});
    if (!error.empty()) return error + " in the SMS gateway template";
    if (!unknown.empty()) {
      return "unknown placeholder {{" + unknown +
             "}} in the SMS gateway template (known: {{to}}, {{text}}, {{id}})";
    }
  }
  if (!uses_to) return "the SMS gateway template never uses {{to}}";
  if (!uses_text) return "the SMS gateway template never uses {{text}}";
  return {};
}

bool IsE164(const std::string& number) {
  return number.size() >= 8 && number.size() <= 16 && number[0] == '+' && number[1] != '0' &&
         std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string ProviderId(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object()) return {};
  for (const char* key : {"id", "message_id"}) {
    const auto it = parsed.find(key);
    if (it == parsed.end()) continue;
    std::string id = it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : "";
    id = internal::StripLineBreaks(id).substr(0, 128);
    if (!id.empty()) return id;
  }
  return {};
}

}  // namespace

SmsGatewayConfig LoadSmsGatewayConfig(const std::string& url, const std::string& template_file_text,
                                      std::string& error) {
  error.clear();
  SmsGatewayConfig config;
  config.url = url;
  // The URL may hold placeholders: check it as it will be sent, with sample values.
  const std::string sample = "0";
  const std::string sample_url = Render(url, Values{sample, sample, sample}, PercentEncode);
  if (!internal::IsHttpUrl(sample_url)) {
    error = "the SMS gateway URL must be http:// or https:// with a host";
  } else {
    error = SplitTemplateFile(template_file_text, config);
  }
  if (error.empty()) error = CheckPlaceholders(config);
  if (!error.empty()) return SmsGatewayConfig{};
  return config;
}

SmsSender::SmsSender(SmsGatewayConfig config) : config_(std::move(config)) {}

SendResult SmsSender::Send(const std::string& to_e164, const std::string& text,
                           const std::string& idempotency_key) {
  if (!IsE164(to_e164)) return {SendOutcome::kPermanentFailure, "invalid number", {}};
  const Values values{to_e164, text, idempotency_key};
  internal::HttpRequest request;
  request.method = config_.method.empty() ? "POST" : config_.method;
  request.url = Render(config_.url, values, PercentEncode);
  request.timeout_seconds = config_.timeout_seconds;
  for (const std::string& header : config_.headers) {
    request.headers.push_back(Render(header, values, internal::StripLineBreaks));
  }
  if (request.method != "GET") {
    if (!config_.content_type.empty()) {
      request.headers.push_back("Content-Type: " + config_.content_type);
    }
    request.body = Render(config_.body_template, values, BodyEscaper(config_.content_type));
  }
  const internal::HttpResponse response = internal::PerformHttp(request);
  SendResult result = internal::ClassifyHttp(response);
  if (result.outcome == SendOutcome::kSent) result.provider_id = ProviderId(response.body);
  return result;
}

}  // namespace tawasul::notify
