#pragma once
// Validation of a case submission (docs/api.md "POST /api/v1/cases"). Every way in builds one
// typed SubmissionInput — the JSON API through SubmissionFromJson (domain/submission_json.h), the
// pages from their form fields — and one function validates it, so all accept and refuse exactly
// the same things.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"

namespace tawasul::domain {

struct FieldError {
  std::string field;    // JSON path, e.g. "contact.email"
  std::string code;     // e.g. "required", "too_short", "invalid_email", "unknown_field"
  std::string message;  // English, for developers; the web layer translates codes
};

struct IntakeLimits {
  std::size_t subject_min = 3, subject_max = 200;
  std::size_t description_min = 10, description_max = 10000;
  std::size_t name_max = 200, address_max = 500, email_max = 254;
};

struct IntakeContext {
  const Catalogue* catalogue = nullptr;
  bool caller_is_staff = false;     // staff may set channel phone/counter/email
  std::int64_t staff_id = 0;        // the staff member entering the case (history: user:<id>)
  std::int64_t owner_id = 0;        // the signed-in citizen account submitting it (cases.owner_id)
  bool caller_signed_in = false;    // a signed-in citizen needs no email or phone
  bool caller_has_api_key = false;  // an integrator's key (scope submit): channel open311
  std::string default_region = "BH";  // for phone numbers written without +country
  // The submitting client's address, for the service's intake limits (service/intake_limits.h);
  // the domain's validation ignores it. Empty: not limited (imports, tests).
  std::string client_address;
};

// What a submission says, before validation: each field as given (absent: nullopt), untrimmed.
// Field names are those of the JSON API; errors name them the same way ("contact.email").
struct ContactInput {
  std::optional<std::string> name, email, phone;
};
struct LocationInput {
  std::optional<double> lat, lon;
  std::optional<std::string> address;
};
struct SubmissionInput {
  std::optional<std::string> type, category, entity, service, subject, description, language,
      channel, notify;
  std::optional<bool> anonymous;
  std::optional<ContactInput> contact;
  std::optional<LocationInput> location;
  // Problems found while reading the input's own format (a JSON member of the wrong type, an
  // unknown member): reported first, and the field they name is not also reported as missing.
  // One naming no field ("" : not a submission at all) is reported alone.
  std::vector<FieldError> format_errors;
};

// Validates and normalises `input`. Every problem found is reported (not just the first), each
// naming its field. Trims text; counts lengths in characters; rejects control characters, bad
// enums, unknown codes, invalid email and phone numbers, and out-of-range coordinates. Detects
// the language when absent.
std::variant<CaseDraft, std::vector<FieldError>> ValidateSubmission(const SubmissionInput& input,
                                                                    const IntakeContext& ctx);

// Syntax check of an email address (RFC 5321 sizes, a dotted domain, no spaces or quotes).
bool IsPlausibleEmail(std::string_view email);
// Parses a phone number with libphonenumber; returns E.164 or "" when invalid.
std::string NormalizePhone(std::string_view phone, const std::string& default_region);
// Number of Unicode code points in valid UTF-8 text.
std::size_t Utf8Length(std::string_view s);
// Trims ASCII and Unicode white space (incl. NBSP, ZWSP) at both ends.
std::string TrimText(std::string_view s);

}  // namespace tawasul::domain
