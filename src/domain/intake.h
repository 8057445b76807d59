#pragma once
// Validation of a case submission (docs/API.md "POST /api/v1/cases"). One function serves the
// JSON API and the HTML form (which builds the same JSON object), so both accept and refuse
// exactly the same things.

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

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
  bool caller_is_staff = false;       // staff may set channel phone/counter/email
  std::int64_t staff_id = 0;          // the staff member entering the case (history: user:<id>)
  bool caller_signed_in = false;      // a signed-in citizen needs no email or phone
  std::string default_region = "BH";  // for phone numbers written without +country
  // The submitting client's address, for the service's intake limits (service/intake_limits.h);
  // the domain's validation ignores it. Empty: not limited (imports, tests).
  std::string client_address;
};

// Validates and normalises `body`. Every problem found is reported (not just the first), each
// naming its field. Trims text; counts lengths in characters; rejects unknown fields, wrong
// JSON types, control characters, bad enums, unknown codes, invalid email and phone numbers,
// and out-of-range coordinates. Detects the language when absent.
std::variant<CaseDraft, std::vector<FieldError>> ValidateSubmission(const nlohmann::json& body,
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
