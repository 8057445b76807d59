// Submission validation.
//
// Rules (docs/API.md and DESIGN.md §2):
//  * Unknown fields are errors (code "unknown_field"): a typo such as "descripton" must not be
//    silently dropped from a citizen's complaint.
//  * Text is trimmed, then measured in Unicode characters. Control characters and bidirectional
//    overrides are refused, except newlines and tabs in the description and address.
//  * type is required; a category routes the case to its entity; without a category, an entity
//    is required; both given and disagreeing is an error.
//  * channel defaults to "web"; phone, counter and email are for staff entering a case on a
//    citizen's behalf; open311 for staff or an integrator's API key with scope submit.
//  * An email or a phone is required unless the caller is a signed-in citizen; phones are stored
//    E.164 (libphonenumber, default region BH).
//  * language is ar|en, detected from subject + description when absent.
// The function collects every error before returning, so a form shows all of them at once.

#include "domain/intake.h"

#include <phonenumbers/phonenumberutil.h>

namespace tawasul::domain {

namespace {

// Decodes one UTF-8 code point at s[i]; returns -1 when invalid.
int DecodeUtf8(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return -1;
  int cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (cc & 0x3f);
  }
  i += len;
  return cp;
}

bool IsSpace(int cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// True when the text has a control character (C0, DEL, C1) other than those allowed, or a
// bidirectional embedding, override or isolate (U+202A..U+202E, U+2066..U+2069): those make the
// text staff read differ from the text stored ("Trojan Source"). The marks LRM/RLM (U+200E,
// U+200F), which Arabic keyboards insert, stay allowed.
bool HasControl(std::string_view s, bool allow_newlines) {
  std::size_t i = 0;
  while (i < s.size()) {
    int cp = DecodeUtf8(s, i);
    if (cp < 0) return true;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
    if ((cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) &&
        !(allow_newlines && (cp == '\n' || cp == '\r' || cp == '\t')))
      return true;
  }
  return false;
}

class Checker {
 public:
  // Starts from the input's format errors: they are listed first, and a field they name is not
  // reported again as missing.
  explicit Checker(const std::vector<FieldError>& format_errors) : errors(format_errors) {}

  std::vector<FieldError> errors;

  void Add(std::string field, std::string code, std::string message) {
    errors.push_back({std::move(field), std::move(code), std::move(message)});
  }

  // An optional text, trimmed; nullopt when absent.
  static std::optional<std::string> String(const std::optional<std::string>& v) {
    if (!v) return std::nullopt;
    return TrimText(*v);
  }

  // A required/optional text with length limits (in characters) and control-character checks.
  std::string Text(const std::optional<std::string>& given, const std::string& path, bool required,
                   std::size_t min, std::size_t max, bool allow_newlines) {
    auto v = String(given);
    if (!v || v->empty()) {
      if (required && !HasError(path)) Add(path, "required", path + " is required");
      return {};
    }
    if (HasControl(*v, allow_newlines)) {
      Add(path, "invalid_characters", path + " contains control characters");
      return {};
    }
    std::size_t n = Utf8Length(*v);
    if (n < min) {
      Add(path, "too_short", path + " must have at least " + std::to_string(min) + " characters");
    } else if (n > max) {
      Add(path, "too_long", path + " must have at most " + std::to_string(max) + " characters");
    }
    return *v;
  }

  bool HasError(const std::string& field) const {
    for (const auto& e : errors) {
      if (e.field == field) return true;
    }
    return false;
  }
};

}  // namespace

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

std::string TrimText(std::string_view s) {
  std::size_t begin = 0, end = s.size();
  while (begin < end) {
    std::size_t i = begin;
    int cp = DecodeUtf8(s, i);
    if (cp < 0 || !IsSpace(cp)) break;
    begin = i;
  }
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) --start;
    std::size_t i = start;
    int cp = DecodeUtf8(s, i);
    if (cp < 0 || !IsSpace(cp)) break;
    end = start;
  }
  return std::string(s.substr(begin, end - begin));
}

bool IsPlausibleEmail(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return false;
  auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos) return false;
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '@' || c == '"' || c == '(' || c == ')' || c == ',' ||
        c == ':' || c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\')
      return false;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  // Domain: dot-separated labels of letters, digits and hyphens (or UTF-8 for IDN), no empty
  // label, no leading/trailing hyphen, a final label of at least two characters.
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      std::string_view label = domain.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
      if (i == domain.size() && label.size() < 2) return false;
      label_start = i + 1;
      continue;
    }
    auto u = static_cast<unsigned char>(domain[i]);
    if (!(std::isalnum(u) || domain[i] == '-' || u >= 0x80)) return false;
  }
  return true;
}

std::string NormalizePhone(std::string_view phone, const std::string& default_region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(std::string(phone), default_region, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return {};
  if (!util->IsValidNumber(number)) return {};
  std::string out;
  util->Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

namespace {

using Input = SubmissionInput;

void CheckType(Checker& ck, const Input& in, CaseDraft& d) {
  if (auto t = Checker::String(in.type)) {
    if (auto parsed = ParseCaseType(*t)) {
      d.type = *parsed;
    } else {
      ck.Add("type", "invalid_value", "type must be complaint, suggestion, inquiry or compliment");
    }
  } else if (!ck.HasError("type")) {
    ck.Add("type", "required", "type is required");
  }
}

// The category routes the case to its entity; without one, the entity is required.
void CheckRouting(Checker& ck, const Input& in, const Catalogue& cat, CaseDraft& d) {
  auto category = Checker::String(in.category);
  auto entity = Checker::String(in.entity);
  if (category && !category->empty()) {
    if (const Category* c = cat.FindCategory(*category)) {
      d.category = c->code;
      d.entity = c->entity;
      if (!ck.HasError("type") && in.type && !c->Allows(d.type)) {
        ck.Add("category", "type_not_allowed", "this category does not accept this type");
      }
      if (entity && !entity->empty() && *entity != c->entity) {
        ck.Add("entity", "mismatch", "entity does not match the category's entity");
      }
    } else {
      ck.Add("category", "unknown", "unknown category");
    }
  } else if (entity && !entity->empty()) {
    if (cat.FindEntity(*entity)) {
      d.entity = *entity;
    } else {
      ck.Add("entity", "unknown", "unknown entity");
    }
  } else if (!ck.HasError("category") && !ck.HasError("entity")) {
    ck.Add("category", "required", "category (or entity) is required");
  }
}

// After subject and description: without a language, it is detected from them.
void CheckLanguage(Checker& ck, const Input& in, CaseDraft& d) {
  if (auto l = Checker::String(in.language)) {
    if (auto parsed = ParseLanguage(*l)) {
      d.language = *parsed;
    } else {
      ck.Add("language", "invalid_value", "language must be ar or en");
    }
  } else {
    d.language = DetectLanguage(d.subject + " " + d.description);
  }
}

void CheckChannel(Checker& ck, const Input& in, const IntakeContext& ctx, CaseDraft& d) {
  if (auto ch = Checker::String(in.channel)) {
    if (auto parsed = ParseChannel(*ch)) {
      d.channel = *parsed;
      bool staff_only = *parsed == Channel::kPhone || *parsed == Channel::kCounter ||
                        *parsed == Channel::kEmail || *parsed == Channel::kOpen311;
      // Open311 requests come with an integrator's key (service/api_keys.h) instead.
      bool keyed = *parsed == Channel::kOpen311 && ctx.caller_has_api_key;
      if (staff_only && !ctx.caller_is_staff && !keyed) {
        ck.Add("channel", "not_allowed", "only staff may enter cases for this channel");
      }
    } else {
      ck.Add("channel", "invalid_value", "unknown channel");
    }
  }
}

void CheckService(Checker& ck, const Input& in, const Catalogue& cat, CaseDraft& d) {
  if (auto s = Checker::String(in.service); s && !s->empty()) {
    if (cat.FindService(*s)) {
      d.service = *s;
    } else {
      ck.Add("service", "unknown", "unknown e-service code");
    }
  }
}

// The contact's members; true when a valid email or phone was given.
bool CheckContactFields(Checker& ck, const ContactInput& c, const IntakeContext& ctx,
                        CaseDraft& d) {
  bool has_contact = false;
  d.contact_name = ck.Text(c.name, "contact.name", false, 0, 200, false);
  if (auto e = Checker::String(c.email); e && !e->empty()) {
    if (!IsPlausibleEmail(*e)) {
      ck.Add("contact.email", "invalid_email", "contact.email is not a valid email address");
    } else {
      // The domain part is case-insensitive: store it lowercased.
      auto at = e->rfind('@');
      for (std::size_t i = at; i < e->size(); ++i) {
        (*e)[i] = static_cast<char>(std::tolower(static_cast<unsigned char>((*e)[i])));
      }
      d.contact_email = *e;
      has_contact = true;
    }
  }
  if (auto p = Checker::String(c.phone); p && !p->empty()) {
    std::string e164 = p->size() <= 32 ? NormalizePhone(*p, ctx.default_region) : "";
    if (e164.empty()) {
      ck.Add("contact.phone", "invalid_phone", "contact.phone is not a valid phone number");
    } else {
      d.contact_phone = e164;
      has_contact = true;
    }
  }
  return has_contact;
}

// An email or a phone is required unless the caller is signed in, or is staff entering the case
// for a caller or a visitor who may stay unreachable (the agent reads the reference out).
void CheckContact(Checker& ck, const Input& in, const IntakeContext& ctx, CaseDraft& d) {
  bool has_contact = in.contact && CheckContactFields(ck, *in.contact, ctx, d);
  if (!has_contact && !ctx.caller_signed_in && !ctx.caller_is_staff && !ck.HasError("contact") &&
      !ck.HasError("contact.email") && !ck.HasError("contact.phone")) {
    ck.Add("contact", "required", "an email or a phone number is required");
  }
}

// How the citizen wants to hear about the case: "email", "sms", "none" or absent (automatic). A
// channel chosen needs its contact.
void CheckNotify(Checker& ck, const Input& in, CaseDraft& d) {
  auto n = Checker::String(in.notify);
  if (!n || n->empty()) return;
  auto parsed = ParseNotifyChoice(*n);
  if (!parsed || *parsed == NotifyChoice::kAuto) {
    ck.Add("notify", "invalid_value", "notify must be email, sms or none");
    return;
  }
  d.notify = *parsed;
  if (*parsed == NotifyChoice::kEmail && d.contact_email.empty() && !ck.HasError("contact.email")) {
    ck.Add("notify", "contact_required", "notify by email needs contact.email");
  }
  if (*parsed == NotifyChoice::kSms && d.contact_phone.empty() && !ck.HasError("contact.phone")) {
    ck.Add("notify", "contact_required", "notify by SMS needs contact.phone");
  }
}

void CheckLocation(Checker& ck, const Input& in, CaseDraft& d) {
  if (!in.location) return;
  const LocationInput& l = *in.location;
  Location loc;
  bool ok = true;
  auto coord = [&](const char* key, const std::optional<double>& v, double limit, double& out) {
    std::string path = std::string("location.") + key;
    if (ck.HasError(path)) {
      ok = false;  // not a number: a format error already names it
    } else if (!v) {
      ck.Add(path, "required", path + " is required with a location");
      ok = false;
    } else {
      out = *v;
      if (!(out >= -limit && out <= limit)) {
        ck.Add(path, "out_of_range", path + " is out of range");
        ok = false;
      }
    }
  };
  coord("lat", l.lat, 90.0, loc.lat);
  coord("lon", l.lon, 180.0, loc.lon);
  loc.address = ck.Text(l.address, "location.address", false, 0, 500, true);
  if (ok) d.location = loc;
}

}  // namespace

std::variant<CaseDraft, std::vector<FieldError>> ValidateSubmission(const SubmissionInput& in,
                                                                    const IntakeContext& ctx) {
  // Input that is not a submission at all (a format error naming no field) is only that.
  for (const auto& e : in.format_errors) {
    if (e.field.empty()) return in.format_errors;
  }
  Checker ck(in.format_errors);
  CaseDraft d;
  // In this order: the language is detected from the subject and description, and the errors
  // are listed in the order they are found.
  CheckType(ck, in, d);
  CheckRouting(ck, in, *ctx.catalogue, d);
  d.subject = ck.Text(in.subject, "subject", true, 3, 200, false);
  d.description = ck.Text(in.description, "description", true, 10, 10000, true);
  CheckLanguage(ck, in, d);
  CheckChannel(ck, in, ctx, d);
  CheckService(ck, in, *ctx.catalogue, d);
  if (in.anonymous) d.anonymous = *in.anonymous;
  CheckContact(ck, in, ctx, d);
  CheckNotify(ck, in, d);
  CheckLocation(ck, in, d);
  if (!ck.errors.empty()) return ck.errors;
  return d;
}

}  // namespace tawasul::domain
