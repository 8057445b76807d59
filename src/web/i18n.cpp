// Translations of the public pages. Arabic is the reference text; English mirrors it. Keys are
// stable identifiers used by templates as {{t.key}}; a key missing from one language is a bug
// caught by the unit tests (every key has both).

#include "web/i18n.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>

namespace tawasul::web {

namespace {

struct Entry {
  const char* key;
  const char* ar;
  const char* en;
};

constexpr Entry kStrings[] = {
    {"service_name", "تواصل", "Tawasul"},
    {"service_tagline", "النظام الوطني للمقترحات والشكاوى",
     "The national suggestions and complaints system"},
    {"skip", "انتقل إلى المحتوى", "Skip to content"},
    {"nav_home", "الرئيسية", "Home"},
    {"nav_submit", "تقديم ملاحظة", "Submit"},
    {"nav_track", "متابعة ملاحظة", "Track"},
    {"other_lang", "English", "العربية"},
    {"other_lang_code", "en", "ar"},
    {"home_title", "صوتك يصل إلى الجهة المسؤولة", "Your voice reaches the responsible entity"},
    {"home_intro",
     "أرسل مقترحاً أو شكوى أو استفساراً أو إشادة إلى أي جهة حكومية. تصل ملاحظتك إلى الجهة المختصة، "
     "وتلتزم الجهة بالرد خلال عدد معلن من أيام العمل، ويمكنك متابعتها في أي وقت برقم المرجع ورمز "
     "الدخول.",
     "Send a suggestion, complaint, inquiry or compliment to any government entity. It goes to the "
     "entity responsible, which must answer within a published number of working days, and you can "
     "follow it at any time with its reference number and access code."},
    {"home_submit_cta", "قدّم ملاحظة جديدة", "Submit a new case"},
    {"home_track_cta", "تابع ملاحظة سابقة", "Track a case"},
    {"home_how", "كيف يعمل تواصل", "How Tawasul works"},
    {"home_step1", "اختر نوع الملاحظة والفئة، واكتب التفاصيل.",
     "Choose the type and category, and write the details."},
    {"home_step2", "تحصل فوراً على رقم مرجع ورمز دخول.",
     "You get a reference number and an access code at once."},
    {"home_step3", "تصل ملاحظتك إلى الجهة المختصة وتُحسب مهلة الرد بأيام العمل.",
     "Your case reaches the responsible entity; the answer is due within working days."},
    {"home_step4", "تابع الحالة والرد في أي وقت.", "Follow its status and the answer at any time."},
    {"home_entities", "الجهات المشاركة", "Participating entities"},
    {"home_figures", "أداء الجهات هذا العام", "This year's figures"},
    {"home_received", "ملاحظة وردت", "cases received"},
    {"home_answered", "ملاحظة أُجيب عنها", "cases answered"},
    {"home_compliance", "من المهل التي حلّت التُزم بها", "of deadlines that fell due were met"},
    {"home_on_time", "من الردود صدرت في موعدها", "of answers were on time"},
    {"submit_title", "تقديم ملاحظة", "Submit a case"},
    {"submit_intro", "الحقول المعلّمة بـ * مطلوبة. لا تكتب معلومات سرية أو أرقام بطاقات مصرفية.",
     "Fields marked * are required. Do not write secrets or card numbers."},
    {"field_type", "نوع الملاحظة", "Type"},
    {"type_complaint", "شكوى", "Complaint"},
    {"type_suggestion", "مقترح", "Suggestion"},
    {"type_inquiry", "استفسار", "Inquiry"},
    {"type_compliment", "إشادة", "Compliment"},
    {"field_category", "الفئة", "Category"},
    {"choose_category", "اختر الفئة", "Choose a category"},
    {"field_subject", "الموضوع", "Subject"},
    {"field_description", "التفاصيل", "Details"},
    {"hint_description", "اذكر ما حدث ومتى وأين، وما الذي تطلبه.",
     "Say what happened, when and where, and what you ask for."},
    {"contact_legend", "بيانات التواصل", "How to reach you"},
    {"contact_hint", "أدخل البريد الإلكتروني أو رقم الهاتف على الأقل.",
     "Give at least an email or a phone number."},
    {"field_name", "الاسم", "Name"},
    {"field_email", "البريد الإلكتروني", "Email"},
    {"field_phone", "رقم الهاتف", "Phone number"},
    {"field_anonymous", "إخفاء هويتي عن موظفي الجهة", "Hide my identity from the entity's staff"},
    {"send", "إرسال", "Send"},
    {"errors_title", "يرجى تصحيح ما يلي:", "Please correct the following:"},
    {"submitted_title", "تم استلام ملاحظتك", "Your case has been received"},
    {"submitted_keep", "احتفظ برقم المرجع ورمز الدخول: يظهر الرمز مرة واحدة فقط ولا يمكن استرجاعه.",
     "Keep the reference number and access code: the code is shown only once and cannot be "
     "recovered."},
    {"reference", "رقم المرجع", "Reference number"},
    {"access_code", "رمز الدخول", "Access code"},
    {"entity", "الجهة", "Entity"},
    {"category", "الفئة", "Category"},
    {"status", "الحالة", "Status"},
    {"submitted_at", "تاريخ التقديم", "Submitted"},
    {"first_response_due", "موعد الرد الأول", "First response due"},
    {"due_at", "موعد الرد النهائي", "Answer due"},
    {"print", "اطبع هذه الصفحة", "Print this page"},
    {"track_this", "تابع هذه الملاحظة", "Track this case"},
    {"track_title", "متابعة ملاحظة", "Track a case"},
    {"track_intro", "أدخل رقم المرجع ورمز الدخول اللذين حصلت عليهما عند التقديم.",
     "Enter the reference number and access code you received when you submitted."},
    {"track_not_found", "لم نجد ملاحظة بهذا الرقم والرمز. تحقق منهما وحاول مرة أخرى.",
     "No case matches this reference and access code. Check them and try again."},
    {"track_rate_limited", "محاولات كثيرة غير ناجحة. يرجى المحاولة بعد دقيقة.",
     "Too many unsuccessful attempts. Please try again in a minute."},
    {"track_button", "عرض الملاحظة", "Show the case"},
    {"timeline", "سجل الملاحظة", "History"},
    {"status_received", "مستلمة", "Received"},
    {"status_in_progress", "قيد المعالجة", "In progress"},
    {"status_awaiting_citizen", "بانتظار ردك", "Awaiting your reply"},
    {"status_answered", "تم الرد", "Answered"},
    {"status_closed", "مغلقة", "Closed"},
    {"event_received", "استُلمت الملاحظة", "Case received"},
    {"by_system", "النظام", "System"},
    {"by_entity", "الجهة", "Entity"},
    {"by_citizen", "أنت", "You"},
    {"error_title", "تعذر إكمال الطلب", "The request could not be completed"},
    {"csrf_failed", "انتهت صلاحية النموذج أو لم يُرسل من هذا الموقع. يرجى إعادة المحاولة.",
     "The form expired or was not sent from this site. Please try again."},
    {"busy", "الخدمة مشغولة الآن. لم يُحفظ شيء؛ يرجى المحاولة بعد لحظات.",
     "The service is busy right now. Nothing was saved; please try again in a moment."},
    {"not_found_page", "الصفحة غير موجودة.", "Page not found."},
    {"footer", "هيئة المعلومات والحكومة الإلكترونية — خدمة تواصل",
     "Information & eGovernment Authority — Tawasul service"},
};

constexpr Entry kErrors[] = {
    {"required", "هذا الحقل مطلوب.", "This field is required."},
    {"too_short", "النص قصير جداً.", "This is too short."},
    {"too_long", "النص طويل جداً.", "This is too long."},
    {"invalid_email", "البريد الإلكتروني غير صحيح.", "This email address is not valid."},
    {"invalid_phone", "رقم الهاتف غير صحيح.", "This phone number is not valid."},
    {"invalid_characters", "يحتوي النص على رموز غير مسموح بها.",
     "This contains characters that are not allowed."},
    {"type_not_allowed", "هذه الفئة لا تقبل هذا النوع من الملاحظات.",
     "This category does not accept this type."},
    {"unknown", "قيمة غير معروفة.", "Unknown value."},
    {"invalid_value", "قيمة غير صحيحة.", "Invalid value."},
    {"mismatch", "القيمة لا تتوافق مع الفئة.", "This does not match the category."},
    {"not_allowed", "غير مسموح.", "Not allowed."},
};

kainjow::mustache::data BuildStrings(bool ar) {
  kainjow::mustache::data d;
  for (const auto& e : kStrings) d.set(e.key, ar ? e.ar : e.en);
  return d;
}

}  // namespace

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
  static const kainjow::mustache::data kAr = BuildStrings(true);
  static const kainjow::mustache::data kEn = BuildStrings(false);
  return language == domain::Language::kArabic ? kAr : kEn;
}

std::string Text(domain::Language language, std::string_view key) {
  for (const auto& e : kStrings) {
    if (key == e.key) return language == domain::Language::kArabic ? e.ar : e.en;
  }
  return {};
}

std::string ErrorText(domain::Language language, std::string_view code) {
  for (const auto& e : kErrors) {
    if (code == e.key) return language == domain::Language::kArabic ? e.ar : e.en;
  }
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
