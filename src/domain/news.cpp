// News items and comments: the pure rules (see news.h).

#include "domain/news.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace tawasul::domain {

namespace {

constexpr std::array<std::string_view, 3> kModeNames = {"open", "premoderated", "closed"};
constexpr std::array<std::string_view, 4> kStateNames = {"published", "pending", "reported",
                                                         "hidden"};

// Decodes the code point at `s[i]` (valid UTF-8 assumed: IsValidUtf8 first) and advances `i`.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  return cp;
}

// ASCII digits of `n` as Arabic-Indic digits (U+0660..U+0669).
std::string ArabicDigits(std::int64_t n) {
  std::string out;
  for (char c : std::to_string(n)) {
    out += "\xD9";
    out += static_cast<char>(0xA0 + (c - '0'));
  }
  return out;
}

// The Arabic words for a count of a unit: one, two (dual), few (plural: 3..10), many
// (accusative singular: 11..99) and hundreds (genitive singular: 100, 101, 102, 200, ...), chosen
// by the last two digits as Arabic grammar does.
struct ArabicUnit {
  std::string_view one, two, few, many, hundreds;
};

std::string ArabicCount(std::int64_t n, const ArabicUnit& u) {
  if (n == 1) return std::string(u.one);
  if (n == 2) return std::string(u.two);
  const std::int64_t r = n % 100;
  std::string_view word = (r >= 3 && r <= 10) ? u.few : r >= 11 ? u.many : u.hundreds;
  return ArabicDigits(n) + " " + std::string(word);
}

}  // namespace

std::string_view ToString(CommentMode m) { return kModeNames[static_cast<std::size_t>(m)]; }

std::optional<CommentMode> ParseCommentMode(std::string_view s) {
  for (std::size_t i = 0; i < kModeNames.size(); ++i) {
    if (kModeNames[i] == s) return static_cast<CommentMode>(i);
  }
  return std::nullopt;
}

std::string_view ToString(CommentState s) { return kStateNames[static_cast<std::size_t>(s)]; }

std::optional<CommentState> ParseCommentState(std::string_view s) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == s) return static_cast<CommentState>(i);
  }
  return std::nullopt;
}

const std::vector<std::string_view>& ReportReasons() {
  static const std::vector<std::string_view> kReasons = {"spam", "offensive", "off_topic"};
  return kReasons;
}

const std::vector<std::string_view>& HideReasons() {
  static const std::vector<std::string_view> kReasons = {"spam", "offensive", "off_topic",
                                                         "personal_data"};
  return kReasons;
}

std::size_t CharCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool HasForbiddenCharacters(std::string_view s, bool multiline) {
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, i);
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      if (!multiline) return true;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  }
  return false;
}

namespace {

void CheckText(std::vector<NewsFieldError>& errors, const char* field, std::string_view value,
               std::size_t max, bool multiline) {
  if (value.empty()) {
    errors.push_back({field, "required"});
  } else if (!IsValidUtf8(value) || HasForbiddenCharacters(value, multiline)) {
    errors.push_back({field, "invalid_characters"});
  } else if (CharCount(value) > max) {
    errors.push_back({field, "too_long"});
  }
}

}  // namespace

std::vector<NewsFieldError> CheckNewsItem(const NewsItem& item) {
  std::vector<NewsFieldError> errors;
  CheckText(errors, "title_ar", item.title_ar, kMaxNewsTitleChars, false);
  CheckText(errors, "title_en", item.title_en, kMaxNewsTitleChars, false);
  CheckText(errors, "summary_ar", item.summary_ar, kMaxNewsSummaryChars, true);
  CheckText(errors, "summary_en", item.summary_en, kMaxNewsSummaryChars, true);
  CheckText(errors, "body_ar", item.body_ar, kMaxNewsBodyChars, true);
  CheckText(errors, "body_en", item.body_en, kMaxNewsBodyChars, true);
  return errors;
}

std::vector<NewsFieldError> CheckComment(std::string_view name, std::string_view text) {
  std::vector<NewsFieldError> errors;
  CheckText(errors, "name", name, kMaxDisplayNameChars, false);
  CheckText(errors, "text", text, kMaxCommentChars, true);
  return errors;
}

std::optional<int> ReplyDepth(int parent_depth) {
  if (parent_depth < 0 || parent_depth >= kMaxCommentDepth) return std::nullopt;
  return parent_depth + 1;
}

bool HiddenByReports(int reports, int threshold) { return threshold > 0 && reports >= threshold; }

std::vector<const NewsComment*> ThreadOrder(const std::vector<NewsComment>& comments,
                                            bool newest_first) {
  std::map<std::int64_t, std::vector<const NewsComment*>> children;  // by parent id, oldest first
  std::vector<const NewsComment*> sorted;
  for (const auto& c : comments) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(),
            [](const NewsComment* a, const NewsComment* b) { return a->id < b->id; });
  for (const auto* c : sorted) {
    if (c->state != CommentState::kPending) children[c->parent_id].push_back(c);
  }
  std::vector<const NewsComment*> out;
  std::function<void(const NewsComment*)> visit = [&](const NewsComment* c) {
    out.push_back(c);
    if (auto it = children.find(c->id); it != children.end() && c->depth < kMaxCommentDepth) {
      for (const auto* r : it->second) visit(r);
    }
  };
  auto top = children[0];
  if (newest_first) std::reverse(top.begin(), top.end());
  for (const auto* c : top) visit(c);
  return out;
}

std::string ElapsedWords(std::int64_t seconds, Language language) {
  const bool ar = language == Language::kArabic;
  if (seconds < 60) return ar ? "الآن" : "just now";
  struct Step {
    std::int64_t n;
    std::string_view en;
    ArabicUnit ar;
  };
  const std::int64_t minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86400;
  Step step;
  if (minutes < 60) {
    step = {minutes, "minute", {"دقيقة", "دقيقتين", "دقائق", "دقيقة", "دقيقة"}};
  } else if (hours < 24) {
    step = {hours, "hour", {"ساعة", "ساعتين", "ساعات", "ساعة", "ساعة"}};
  } else if (days < 30) {
    step = {days, "day", {"يوم", "يومين", "أيام", "يومًا", "يوم"}};
  } else if (days < 365) {
    step = {days / 30, "month", {"شهر", "شهرين", "أشهر", "شهرًا", "شهر"}};
  } else {
    step = {days / 365, "year", {"سنة", "سنتين", "سنوات", "سنة", "سنة"}};
  }
  if (ar) return "قبل " + ArabicCount(step.n, step.ar);
  return std::to_string(step.n) + " " + std::string(step.en) + (step.n == 1 ? "" : "s") + " ago";
}

}  // namespace tawasul::domain
