// libFuzzer harness for JSON request bodies: service::ReadJsonBody (what every JSON route calls:
// syntax, UTF-8, numbers beyond a double such as 1e400) and then domain::ValidateSubmission (the
// POST /api/v1/cases rules) as an anonymous citizen, a signed-in citizen and staff.
// Invariants: no exception escapes; ReadJsonBody either returns an object or answers exactly
// once with 400, 415 or 422 problem+json; a 422 names a member; the answer and the parsed body
// serialise without throwing; validation returns a draft or errors, each naming a code; a draft
// obeys the documented limits (trimmed, valid UTF-8 text within its lengths, coordinates in range,
// a contact unless the caller needs none).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/catalogue.h"
#include "domain/intake.h"
#include "domain/submission_json.h"
#include "http/message.h"
#include "service/json_io.h"

namespace {

using namespace tawasul;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

bool Trimmed(const std::string& s) { return domain::TrimText(s) == s; }

const domain::Catalogue& TestCatalogue() {
  static const domain::Catalogue catalogue(
      {{"MOW", "وزارة الأشغال", "Works"}, {"EWA", "الكهرباء والماء", "Electricity and Water"}},
      {{"roads", "MOW", "الطرق", "Roads", "", "", {domain::CaseType::kComplaint}},
       {"power",
        "EWA",
        "الكهرباء",
        "Power",
        "",
        "",
        {domain::CaseType::kComplaint, domain::CaseType::kInquiry}}},
      {{"bill", "EWA", "فاتورة", "Bill", "https://example.org/bill"}});
  return catalogue;
}

void CheckDraft(const domain::CaseDraft& d, const domain::IntakeContext& ctx) {
  const std::size_t subject = domain::Utf8Length(d.subject);
  const std::size_t description = domain::Utf8Length(d.description);
  Check(ValidUtf8(d.subject) && ValidUtf8(d.description), "draft text is UTF-8");
  Check(subject >= 3 && subject <= 200, "subject length");
  Check(description >= 10 && description <= 10000, "description length");
  Check(Trimmed(d.subject) && Trimmed(d.description), "draft text trimmed");
  Check(ValidUtf8(d.contact_name) && domain::Utf8Length(d.contact_name) <= 200, "contact name");
  Check(!d.entity.empty() && TestCatalogue().FindEntity(d.entity) != nullptr, "known entity");
  if (!d.category.empty()) {
    const domain::Category* c = TestCatalogue().FindCategory(d.category);
    Check(c != nullptr && c->entity == d.entity, "category of the entity");
  }
  if (!d.contact_email.empty()) Check(domain::IsPlausibleEmail(d.contact_email), "email");
  if (!d.contact_phone.empty()) Check(d.contact_phone[0] == '+', "phone in E.164");
  if (!ctx.caller_signed_in && !ctx.caller_is_staff) {
    Check(!d.contact_email.empty() || !d.contact_phone.empty(), "a contact for anonymous callers");
  }
  if (d.location) {
    Check(std::isfinite(d.location->lat) && std::fabs(d.location->lat) <= 90, "latitude");
    Check(std::isfinite(d.location->lon) && std::fabs(d.location->lon) <= 180, "longitude");
  }
}

void Validate(const nlohmann::json& body, const domain::IntakeContext& ctx) {
  auto result = domain::ValidateSubmission(domain::SubmissionFromJson(body), ctx);
  if (const auto* errors = std::get_if<std::vector<domain::FieldError>>(&result)) {
    Check(!errors->empty(), "refused without an error");
    for (const auto& e : *errors) Check(!e.code.empty(), "an error without a code");
    // What the client gets: serialises (invalid UTF-8 in a field name is replaced, not thrown).
    const http::Response r = service::ValidationProblem(*errors, "rid");
    Check(r.status == 422 && !r.body.empty(), "422 problem");
  } else {
    CheckDraft(std::get<domain::CaseDraft>(result), ctx);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    http::Request request;
    request.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
    request.body.assign(reinterpret_cast<const char*>(data), size);
    request.request_id = "rid";
    int answers = 0;
    http::Response answer;
    http::Reply reply(
        [&](http::Response r) {
          ++answers;
          answer = std::move(r);
        },
        "rid");
    const std::optional<nlohmann::json> body = service::ReadJsonBody(request, reply);
    if (!body) {
      Check(answers == 1, "a refusal answers once");
      Check(answer.status == 400 || answer.status == 422, "refused with 400 or 422");
      const auto problem = nlohmann::json::parse(answer.body, nullptr, false);
      Check(problem.is_object() && problem.value("status", 0) == answer.status, "problem+json");
      if (answer.status == 422) {
        Check(problem.contains("errors") && problem["errors"].size() == 1 &&
                  !problem["errors"][0].value("field", "").empty(),
              "422 names the member");
      }
      return 0;
    }
    Check(answers == 0, "accepted without an answer");
    Check(body->is_object(), "a body is an object");
    // Echoing what was parsed never throws (numbers, invalid UTF-8 cannot be there).
    Check(!service::JsonResponse(200, *body).body.empty(), "serialises");
    domain::IntakeContext ctx;
    ctx.catalogue = &TestCatalogue();
    Validate(*body, ctx);
    ctx.caller_signed_in = true;
    Validate(*body, ctx);
    ctx.caller_signed_in = false;
    ctx.caller_is_staff = true;
    ctx.staff_id = 7;
    Validate(*body, ctx);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped: %s\n", e.what());
    std::abort();
  }
  return 0;
}
