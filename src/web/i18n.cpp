// Translations: the strings.*.json files of web/i18n, embedded at build time. Arabic is the
// reference text; English mirrors it. Keys are stable identifiers used by templates as {{t.key}}
// and by handlers through Text(); validation messages are keys "error.<code>".

#include "web/i18n.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "web/render.h"

namespace tawasul::web {

namespace {

// Every embedded file named strings.*.json: {"key": {"ar": "…", "en": "…"}, …}. One file per
// area of the site (public, errors, staff, admin, stats …) so that areas are edited apart;
// a key defined twice, or missing a language, is refused at first use (and by the unit tests).
struct Table {
  std::unordered_map<std::string, std::pair<std::string, std::string>> entries;
  kainjow::mustache::data ar{kainjow::mustache::data::type::object};
  kainjow::mustache::data en{kainjow::mustache::data::type::object};
};

const Table& Strings() {
  static const Table kTable = [] {
    Table t;
    for (std::string_view name : WebFileNames()) {
      if (!name.starts_with("strings.") || !name.ends_with(".json")) continue;
      auto doc = nlohmann::json::parse(*WebFile(name));
      for (const auto& [key, v] : doc.items()) {
        if (!v.is_object() || !v.contains("ar") || !v.contains("en") || !v["ar"].is_string() ||
            !v["en"].is_string()) {
          throw std::runtime_error(std::string(name) + ": " + key + " needs \"ar\" and \"en\"");
        }
        auto [it, fresh] = t.entries.emplace(
            key, std::pair{v["ar"].get<std::string>(), v["en"].get<std::string>()});
        if (!fresh) throw std::runtime_error(std::string(name) + ": " + key + " defined twice");
        t.ar.set(key, it->second.first);
        t.en.set(key, it->second.second);
      }
    }
    return t;
  }();
  return kTable;
}

}  // namespace

std::vector<std::string> StringKeys() {
  std::vector<std::string> keys;
  for (const auto& [k, v] : Strings().entries) keys.push_back(k);
  return keys;
}

LanguageChoice ChooseLanguage(const http::Request& request) {
  std::string q = request.QueryParam("lang");
  if (q == "ar") return {domain::Language::kArabic, true};
  if (q == "en") return {domain::Language::kEnglish, true};
  std::string cookie = request.Cookie("lang");
  if (cookie == "ar") return {domain::Language::kArabic, false};
  if (cookie == "en") return {domain::Language::kEnglish, false};
  // Accept-Language: the first of ar/en to appear wins (q-values are rarely needed for two).
  std::string_view al = request.Header("Accept-Language");
  for (std::size_t i = 0; i + 1 < al.size(); ++i) {
    bool start = i == 0 || al[i - 1] == ',' || al[i - 1] == ' ';
    if (!start) continue;
    std::string_view two = al.substr(i, 2);
    bool end = i + 2 == al.size() || al[i + 2] == '-' || al[i + 2] == ';' || al[i + 2] == ',';
    if (!end) continue;
    if (http::EqualsIgnoreCase(two, "ar")) return {domain::Language::kArabic, false};
    if (http::EqualsIgnoreCase(two, "en")) return {domain::Language::kEnglish, false};
  }
  return {domain::Language::kArabic, false};
}

const kainjow::mustache::data& Strings(domain::Language language) {
  return language == domain::Language::kArabic ? Strings().ar : Strings().en;
}

std::string Text(domain::Language language, std::string_view key) {
  const auto& entries = Strings().entries;
  auto it = entries.find(std::string(key));
  if (it == entries.end()) return {};
  return language == domain::Language::kArabic ? it->second.first : it->second.second;
}

std::string ErrorText(domain::Language language, std::string_view code) {
  std::string text = Text(language, "error." + std::string(code));
  if (!text.empty()) return text;
  return language == domain::Language::kArabic ? "قيمة غير صحيحة." : "Invalid value.";
}

std::string FormatDateTime(domain::Instant t, domain::Language language, const std::string& zone) {
  icu::Locale locale = language == domain::Language::kArabic ? icu::Locale("ar_BH@numbers=arab")
                                                             : icu::Locale("en_GB@numbers=latn");
  std::unique_ptr<icu::DateFormat> fmt(icu::DateFormat::createDateTimeInstance(
      icu::DateFormat::kLong, icu::DateFormat::kShort, locale));
  if (!fmt) return domain::FormatRfc3339(t, 0);
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  icu::UnicodeString out;
  fmt->format(static_cast<UDate>(t.time_since_epoch().count()) * 1000.0, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

namespace {
std::string FormatWith(icu::NumberFormat* fmt, double v) {
  if (!fmt) return std::to_string(v);
  icu::UnicodeString out;
  fmt->format(v, out);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}
icu::Locale NumberLocale(domain::Language language) {
  return language == domain::Language::kArabic ? icu::Locale("ar_BH@numbers=arab")
                                               : icu::Locale("en_GB@numbers=latn");
}
}  // namespace

std::string FormatCount(std::int64_t n, domain::Language language) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> fmt(
      icu::NumberFormat::createInstance(NumberLocale(language), status));
  if (U_FAILURE(status)) return std::to_string(n);
  return FormatWith(fmt.get(), static_cast<double>(n));
}

std::string FormatPercent(double share, domain::Language language) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> fmt(
      icu::NumberFormat::createPercentInstance(NumberLocale(language), status));
  if (U_FAILURE(status)) return std::to_string(share * 100) + "%";
  fmt->setMinimumFractionDigits(1);
  fmt->setMaximumFractionDigits(1);
  return FormatWith(fmt.get(), share);
}

}  // namespace tawasul::web
