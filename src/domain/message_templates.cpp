// The built-in message texts and the `{{name}}` template language (message_templates.h). The
// Arabic follows the glossary of docs/glossary.md (ملاحظة for a case, رقم المرجع, رمز الدخول).
// SMS texts are short: Arabic SMS travel as UCS-2, 70 characters a part (domain/sms_text.h).

#include "domain/message_templates.h"

#include <algorithm>
#include <array>

namespace tawasul::domain {

namespace {

struct KindInfo {
  std::string_view kind;
  bool citizen;
  std::vector<std::string_view> placeholders;
};

const std::vector<KindInfo>& Kinds() {
  static const std::vector<KindInfo> kinds = {
      {"received", true, {"reference", "track_url", "entity", "due_date", "access_code"}},
      {"info_requested", true, {"reference", "track_url", "entity", "question"}},
      {"answered", true, {"reference", "track_url", "entity", "answer"}},
      {"reopened", true, {"reference", "track_url", "entity", "due_date"}},
      {"transferred", true, {"reference", "track_url", "entity", "due_date"}},
      {"closed", true, {"reference", "track_url", "entity", "answer", "survey_url"}},
      {"rate_reminder", true, {"reference", "track_url", "entity", "rate_by"}},
      {"sign_in_code", true, {"sign_in_code", "minutes"}},
      {"recovery_code", true, {"reference", "track_url", "sign_in_code", "minutes"}},
      {"suggestion_outcome", true, {"reference", "track_url", "entity", "stage", "detail"}},
      {"assigned", false, {"reference", "staff_url", "entity"}},
      {"warning", false, {"reference", "staff_url", "entity", "due_date"}},
      {"breach", false, {"reference", "staff_url", "entity", "due_date"}},
      {"escalation", false, {"reference", "staff_url", "entity", "due_date"}},
      {"digest",
       false,
       {"entity", "digest_date", "new_cases", "open", "due_soon", "past_due", "waiting",
        "inbox_url"}},
  };
  return kinds;
}

const KindInfo* FindKind(std::string_view kind) {
  for (const auto& k : Kinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

struct Builtin {
  std::string_view kind;
  std::string_view subject_ar, body_ar, sms_ar;
  std::string_view subject_en, body_en, sms_en;
};

// clang-format off
constexpr std::array<Builtin, 15> kBuiltins = {{
    {"received",
     "استلمنا ملاحظتك {{reference}}",
     "شكرًا لتواصلك معنا.\n\nاستلمنا ملاحظتك ورقمها المرجعي {{reference}}، وأحلناها إلى {{entity}}.\nالموعد المتوقع للرد: {{due_date}}.\n\nرمز الدخول: {{access_code}}\nتابع ملاحظتك: {{track_url}}",
     "تواصل: استلمنا ملاحظتك {{reference}}\nرمز الدخول {{access_code}}\nالرد المتوقع {{due_date}}\n{{track_url}}",
     "We received your case {{reference}}",
     "Thank you for contacting us.\n\nWe received your case, reference {{reference}}, and sent it to {{entity}}.\nExpected answer by: {{due_date}}.\n\nAccess code: {{access_code}}\nFollow your case: {{track_url}}",
     "Tawasul: case {{reference}} received\nAccess code {{access_code}}\nAnswer expected {{due_date}}\n{{track_url}}"},
    {"info_requested",
     "نحتاج معلومات إضافية عن ملاحظتك {{reference}}",
     "تطلب {{entity}} معلومات إضافية عن ملاحظتك {{reference}}:\n\n{{question}}\n\nأرسل ردك من صفحة المتابعة: {{track_url}}\nتتوقف مدة الرد حتى يصلنا ردك.",
     "تواصل: نحتاج معلومات إضافية عن ملاحظتك {{reference}}. رد عبر {{track_url}}",
     "More information needed on your case {{reference}}",
     "{{entity}} needs more information about your case {{reference}}:\n\n{{question}}\n\nReply from the tracking page: {{track_url}}\nThe time to answer is paused until we hear from you.",
     "Tawasul: more information needed on case {{reference}}. Reply at {{track_url}}"},
    {"answered",
     "تم الرد على ملاحظتك {{reference}}",
     "ردت {{entity}} على ملاحظتك {{reference}}:\n\n{{answer}}\n\nقيّم الرد أو أعد فتح الملاحظة من صفحة المتابعة: {{track_url}}",
     "تواصل: تم الرد على ملاحظتك {{reference}}. اقرأ الرد: {{track_url}}",
     "Your case {{reference}} has been answered",
     "{{entity}} answered your case {{reference}}:\n\n{{answer}}\n\nRate the answer or reopen the case from the tracking page: {{track_url}}",
     "Tawasul: case {{reference}} answered. Read it at {{track_url}}"},
    {"reopened",
     "أعيد فتح ملاحظتك {{reference}}",
     "أعيد فتح ملاحظتك {{reference}} لدى {{entity}}.\nالموعد المتوقع للرد: {{due_date}}.\n\nتابع ملاحظتك: {{track_url}}",
     "تواصل: أعيد فتح ملاحظتك {{reference}}. الرد المتوقع {{due_date}}.",
     "Your case {{reference}} was reopened",
     "Your case {{reference}} was reopened with {{entity}}.\nExpected answer by: {{due_date}}.\n\nFollow your case: {{track_url}}",
     "Tawasul: case {{reference}} reopened. Answer expected {{due_date}}."},
    {"transferred",
     "أحيلت ملاحظتك {{reference}} إلى {{entity}}",
     "أحيلت ملاحظتك {{reference}} إلى {{entity}}، الجهة المختصة بموضوعها.\nالموعد المتوقع للرد: {{due_date}}.\n\nتابع ملاحظتك: {{track_url}}",
     "تواصل: أحيلت ملاحظتك {{reference}} إلى {{entity}}. الرد المتوقع {{due_date}}.",
     "Your case {{reference}} was transferred to {{entity}}",
     "Your case {{reference}} was transferred to {{entity}}, which is responsible for its subject.\nExpected answer by: {{due_date}}.\n\nFollow your case: {{track_url}}",
     "Tawasul: case {{reference}} transferred to {{entity}}. Answer expected {{due_date}}."},
    {"closed",
     "أغلقت ملاحظتك {{reference}}",
     "أغلقت ملاحظتك {{reference}} لدى {{entity}}.\n\n{{answer}}\n\nتفاصيل الملاحظة: {{track_url}}\n\nأخبرنا برأيك في معالجة ملاحظتك (استبيان قصير، مرة واحدة): {{survey_url}}",
     "تواصل: أغلقت ملاحظتك {{reference}}. {{track_url}}",
     "Your case {{reference}} is closed",
     "Your case {{reference}} with {{entity}} is closed.\n\n{{answer}}\n\nDetails: {{track_url}}\n\nTell us how we handled it (a short survey, usable once): {{survey_url}}",
     "Tawasul: case {{reference}} closed. {{track_url}}"},
    {"rate_reminder",
     "قيّم الرد على ملاحظتك {{reference}}",
     "ردت {{entity}} على ملاحظتك {{reference}}، ولم تقيّم الرد بعد.\nيمكنك تقييم الرد أو إعادة فتح الملاحظة حتى {{rate_by}}.\n\nقيّم الرد: {{track_url}}",
     "تواصل: قيّم الرد على ملاحظتك {{reference}} قبل {{rate_by}}: {{track_url}}",
     "Rate the answer to your case {{reference}}",
     "{{entity}} answered your case {{reference}} and you have not rated the answer yet.\nYou can rate the answer or reopen the case until {{rate_by}}.\n\nRate the answer: {{track_url}}",
     "Tawasul: rate the answer to case {{reference}} before {{rate_by}}: {{track_url}}"},
    {"sign_in_code",
     "رمز التحقق: {{sign_in_code}}",
     "رمز التحقق لتسجيل الدخول إلى تواصل: {{sign_in_code}}\nيصلح مرة واحدة خلال {{minutes}} دقائق. لا تشاركه مع أحد.\n\nإن لم تطلب هذا الرمز فتجاهل هذه الرسالة.",
     "تواصل: رمز التحقق {{sign_in_code}}، يصلح {{minutes}} دقائق. لا تشاركه مع أحد.",
     "Your code: {{sign_in_code}}",
     "Your code to sign in to Tawasul: {{sign_in_code}}\nIt works once, within {{minutes}} minutes. Do not share it with anyone.\n\nIf you did not ask for this code, ignore this message.",
     "Tawasul: your code is {{sign_in_code}}, valid {{minutes}} minutes. Do not share it."},
    {"recovery_code",
     "رمز استعادة الوصول إلى الملاحظة {{reference}}: {{sign_in_code}}",
     "طُلب استعادة الوصول إلى ملاحظتك {{reference}} في تواصل.\nرمز التحقق: {{sign_in_code}}\nيصلح مرة واحدة خلال {{minutes}} دقائق. لا تشاركه مع أحد. بعد إدخاله يصدر رمز متابعة جديد ويتوقف الرمز القديم.\n\nإن لم تطلب هذا الرمز فتجاهل هذه الرسالة: لا يتغير شيء.",
     "تواصل: رمز استعادة الوصول إلى الملاحظة {{reference}} هو {{sign_in_code}}، يصلح {{minutes}} دقائق. لا تشاركه مع أحد.",
     "Code to recover access to case {{reference}}: {{sign_in_code}}",
     "Someone asked to recover access to your case {{reference}} on Tawasul.\nYour code: {{sign_in_code}}\nIt works once, within {{minutes}} minutes. Do not share it with anyone. Once it is entered, a new access code is issued and the old one stops working.\n\nIf you did not ask for this code, ignore this message: nothing changes.",
     "Tawasul: code {{sign_in_code}} recovers access to case {{reference}}, valid {{minutes}} minutes. Do not share it."},
    {"suggestion_outcome",
     "ما الجديد في مقترحك {{reference}}",
     "سجّلت {{entity}} ما صار إليه مقترحك {{reference}}: {{stage}}.\n\n{{detail}}\n\nتابع مقترحك: {{track_url}}",
     "تواصل: مقترحك {{reference}}: {{stage}}. {{track_url}}",
     "News of your suggestion {{reference}}",
     "{{entity}} recorded what became of your suggestion {{reference}}: {{stage}}.\n\n{{detail}}\n\nFollow your suggestion: {{track_url}}",
     "Tawasul: your suggestion {{reference}}: {{stage}}. {{track_url}}"},
    {"assigned",
     "أسندت إليك الملاحظة {{reference}}",
     "أسندت إليك الملاحظة {{reference}} ({{entity}}).\n\n{{staff_url}}",
     "أسندت إليك الملاحظة {{reference}}.",
     "Case {{reference}} assigned to you",
     "Case {{reference}} ({{entity}}) was assigned to you.\n\n{{staff_url}}",
     "Case {{reference}} assigned to you."},
    {"warning",
     "اقترب موعد الرد على الملاحظة {{reference}}",
     "مضى 75٪ من مدة الرد على الملاحظة {{reference}} ({{entity}}). الموعد: {{due_date}}.\n\n{{staff_url}}",
     "اقترب موعد الرد على الملاحظة {{reference}}: {{due_date}}.",
     "Case {{reference}} is nearing its due time",
     "75% of the time to answer case {{reference}} ({{entity}}) has passed. Due: {{due_date}}.\n\n{{staff_url}}",
     "Case {{reference}} due {{due_date}}."},
    {"breach",
     "تجاوزت الملاحظة {{reference}} موعد الرد",
     "تجاوزت الملاحظة {{reference}} ({{entity}}) موعد الرد المحدد {{due_date}}.\n\n{{staff_url}}",
     "تجاوزت الملاحظة {{reference}} موعد الرد.",
     "Case {{reference}} is overdue",
     "Case {{reference}} ({{entity}}) passed its due time {{due_date}}.\n\n{{staff_url}}",
     "Case {{reference}} is overdue."},
    {"escalation",
     "تصعيد: الملاحظة {{reference}} متأخرة",
     "ما زالت الملاحظة {{reference}} لدى {{entity}} بلا رد بعد تجاوز موعدها {{due_date}}، فصُعّدت إلى الإدارة المركزية.\n\n{{staff_url}}",
     "تصعيد: الملاحظة {{reference}} متأخرة.",
     "Escalation: case {{reference}} is overdue",
     "Case {{reference}} at {{entity}} is still unanswered after its due time {{due_date}} and was escalated to central administration.\n\n{{staff_url}}",
     "Escalation: case {{reference}} is overdue."},
    {"digest",
     "الملخص اليومي لـ{{entity}}: {{digest_date}}",
     "ملخص ملاحظات {{entity}} ليوم {{digest_date}}:\n\nملاحظات جديدة أمس: {{new_cases}}\nملاحظات مفتوحة الآن: {{open}}\nيحين موعدها خلال يومي عمل: {{due_soon}}\nتجاوزت موعد الرد: {{past_due}}\nبانتظار رد المواطن: {{waiting}}\n\nصندوق الملاحظات: {{inbox_url}}",
     "تواصل: {{entity}}: {{open}} مفتوحة، {{past_due}} متأخرة، {{new_cases}} جديدة أمس.",
     "Daily digest for {{entity}}: {{digest_date}}",
     "Cases at {{entity}} on {{digest_date}}:\n\nNew yesterday: {{new_cases}}\nOpen now: {{open}}\nDue within 2 working days: {{due_soon}}\nPast due: {{past_due}}\nWaiting for the citizen: {{waiting}}\n\nInbox: {{inbox_url}}",
     "Tawasul: {{entity}}: {{open}} open, {{past_due}} past due, {{new_cases}} new yesterday."},
}};
// clang-format on

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

}  // namespace

const std::vector<std::string_view>& MessageKinds() {
  static const std::vector<std::string_view> kinds = [] {
    std::vector<std::string_view> out;
    for (const auto& k : Kinds()) out.push_back(k.kind);
    return out;
  }();
  return kinds;
}

bool IsCitizenMessage(std::string_view kind) {
  const auto* k = FindKind(kind);
  return k && k->citizen;
}

std::vector<std::string_view> PlaceholdersFor(std::string_view kind) {
  const auto* k = FindKind(kind);
  return k ? k->placeholders : std::vector<std::string_view>{};
}

std::optional<MessageText> DefaultMessageText(std::string_view kind, MessageChannel channel,
                                              Language language) {
  for (const auto& b : kBuiltins) {
    if (b.kind != kind) continue;
    const bool ar = language == Language::kArabic;
    MessageText t;
    t.subject = std::string(ar ? b.subject_ar : b.subject_en);
    if (channel == MessageChannel::kSms) {
      t.body = std::string(ar ? b.sms_ar : b.sms_en);
    } else {
      t.body = std::string(ar ? b.body_ar : b.body_en);
    }
    return t;
  }
  return std::nullopt;
}

std::string_view StopMessagesLine(Language language) {
  return language == Language::kArabic ? "لإيقاف الرسائل عن هذه الملاحظة:"
                                       : "To stop messages about this case:";
}

std::optional<std::string> CheckTemplate(std::string_view kind, std::string_view text) {
  const auto allowed = PlaceholdersFor(kind);
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find("{{", i);
    auto stray_close = text.find("}}", i);
    if (stray_close != std::string_view::npos && stray_close < open) {
      return std::string(text.substr(stray_close, 2));
    }
    if (open == std::string_view::npos) break;
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return std::string(text.substr(open, 12));
    std::string_view name = text.substr(open + 2, close - open - 2);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
      return "{{" + std::string(name) + "}}";
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return std::string(name);
    }
    i = close + 2;
  }
  return std::nullopt;
}

std::string RenderTemplate(std::string_view text,
                           const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    auto line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    std::string rendered;
    bool any_placeholder = false, any_value = false;
    std::size_t i = 0;
    while (i < line.size()) {
      auto open = line.find("{{", i);
      auto close = open == std::string_view::npos ? open : line.find("}}", open + 2);
      if (close == std::string_view::npos) break;
      rendered.append(line.substr(i, open - i));
      any_placeholder = true;
      auto it = values.find(std::string(line.substr(open + 2, close - open - 2)));
      if (it != values.end() && !it->second.empty()) {
        rendered += it->second;
        any_value = true;
      }
      i = close + 2;
    }
    rendered.append(line.substr(std::min(i, line.size())));
    // A line whose every placeholder is empty says nothing ("Access code: "): it is dropped.
    if (!any_placeholder || any_value) {
      out += rendered;
      if (line_end < text.size()) out += '\n';
    }
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace tawasul::domain
