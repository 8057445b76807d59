// Message texts in force and the checks of an edit (message_texts.h).

#include "service/message_texts.h"

#include "domain/intake.h"
#include "domain/sms_text.h"
#include "store/message_store.h"

namespace tawasul::service {

namespace {

std::string Key(std::string_view kind, std::string_view channel, std::string_view language) {
  std::string k(kind);
  k += '/';
  k += channel;
  k += '/';
  k += language;
  return k;
}

constexpr int kMaxSmsSegments = 6;

}  // namespace

std::optional<domain::MessageText> MessageTexts::Get(std::string_view kind,
                                                     domain::MessageChannel channel,
                                                     domain::Language language) {
  auto builtin = domain::DefaultMessageText(kind, channel, language);
  if (!builtin) return std::nullopt;
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  if (!valid_ || now - loaded_ >= max_age_) {
    std::map<std::string, domain::MessageText> edited;
    for (const auto& row : store_.Messages().CurrentMessageTemplates()) {
      edited[Key(row.kind, row.channel, row.language)] = {row.subject, row.body};
    }
    edited_ = std::move(edited);
    loaded_ = now;
    valid_ = true;
  }
  auto it = edited_.find(Key(kind, domain::ToString(channel), domain::LanguageCode(language)));
  if (it == edited_.end()) return builtin;
  domain::MessageText t = it->second;
  if (t.subject.empty()) t.subject = builtin->subject;
  return t;
}

void MessageTexts::Invalidate() {
  std::lock_guard lock(mu_);
  valid_ = false;
}

std::vector<TemplateProblem> CheckMessageTemplate(std::string_view kind,
                                                  domain::MessageChannel channel,
                                                  const domain::MessageText& text) {
  std::vector<TemplateProblem> out;
  const bool email = channel == domain::MessageChannel::kEmail;
  if (email) {
    if (text.subject.empty()) {
      out.push_back({"subject", "required", ""});
    } else if (domain::Utf8Length(text.subject) > 200) {
      out.push_back({"subject", "too_long", "200"});
    } else if (auto bad = domain::CheckTemplate(kind, text.subject)) {
      out.push_back({"subject", "unknown_placeholder", *bad});
    }
  }
  if (text.body.empty()) {
    out.push_back({"body", "required", ""});
  } else if (domain::Utf8Length(text.body) > 5000) {
    out.push_back({"body", "too_long", "5000"});
  } else if (auto bad = domain::CheckTemplate(kind, text.body)) {
    out.push_back({"body", "unknown_placeholder", *bad});
  } else if (!email) {
    auto sample = domain::RenderTemplate(text.body, SampleValues(kind, domain::Language::kArabic));
    if (domain::CountSmsSegments(sample).segments > kMaxSmsSegments) {
      out.push_back({"body", "too_long", std::to_string(kMaxSmsSegments) + " SMS"});
    }
  }
  return out;
}

std::map<std::string, std::string> SampleValues(std::string_view kind, domain::Language language) {
  const bool ar = language == domain::Language::kArabic;
  std::map<std::string, std::string> v = {
      {"reference", "26-0001234-7"},
      {"track_url", "https://tawasul.example/track/26-0001234-7"},
      {"staff_url", "https://tawasul.example/staff/cases/26-0001234-7"},
      {"entity", ar ? "وزارة الأشغال" : "Ministry of Works"},
      {"due_date", "2026-12-21"},
      {"access_code", kind == "received" ? "7XEX3WEE" : ""},
      {"question", ar ? "ما رقم العقار؟" : "What is the property number?"},
      {"answer",
       ar ? "أصلحنا الحفرة وأعدنا رصف الطريق." : "We filled the pothole and resurfaced the road."},
      {"reason", ""},
      {"stage", ar ? "قيد التنفيذ (40٪)" : "in progress (40%)"},
      {"detail", ar ? "2026-12-01: بدأ العمل في الموقع" : "2026-12-01: work started on site"},
      // The daily digest (a staff message about an entity, not a case).
      {"digest_date", "2026-12-07"},
      {"new_cases", "4"},
      {"open", "37"},
      {"due_soon", "6"},
      {"past_due", "2"},
      {"waiting", "3"},
      {"inbox_url", "https://tawasul.example/staff/"},
  };
  return v;
}

}  // namespace tawasul::service
