// JSON I/O for handlers. nlohmann's parser rejects ill-formed UTF-8 inside strings, so invalid
// UTF-8 surfaces as the same 400 as malformed JSON; the detail says which. A number too large
// for a double (1e400) is a 422 naming the member; it once escaped as an exception (500).

#include "service/json_io.h"

#include "http/problem.h"

namespace tawasul::service {

namespace {

// Why a body did not parse, found by a second, event-based pass that also remembers the member
// being read (the DOM parser reports neither the member nor, without exceptions, the reason).
struct ParseFailure {
  bool utf8 = false;          // ill-formed UTF-8 inside a string
  bool out_of_range = false;  // a number beyond a double (nlohmann's out_of_range.406)
  std::string key;            // the last member name read before the failure
};

class FailureFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit FailureFinder(ParseFailure& out) : out_(out) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t& k) override {
    out_.key = k.size() <= 64 ? k : k.substr(0, 64);
    return true;
  }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    out_.out_of_range = e.id == 406;
    out_.utf8 = std::string_view(e.what()).find("UTF-8") != std::string_view::npos;
    return false;
  }

 private:
  ParseFailure& out_;
};

ParseFailure DiagnoseParse(const std::string& body) {
  ParseFailure out;
  FailureFinder finder(out);
  nlohmann::json::sax_parse(body, &finder);
  return out;
}

}  // namespace

std::optional<nlohmann::json> ReadJsonBody(const http::Request& request, const http::Reply& reply) {
  std::string_view ct = request.Header("Content-Type");
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (!http::EqualsIgnoreCase(media, "application/json")) {
    reply(http::Problem(415, "unsupported-media-type", "", "Send the body as application/json.",
                        request.request_id));
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    ParseFailure why = DiagnoseParse(request.body);
    if (why.out_of_range) {
      // Syntactically a number, but beyond a double (1e400): the request is well-formed JSON
      // whose value is unacceptable, so 422 naming the member, as for any other bad value.
      reply(http::Problem(422, "validation", "Invalid request", "1 field is invalid",
                          request.request_id,
                          {{why.key.empty() ? std::string("body") : why.key, "out_of_range",
                            "the number is too large"}}));
      return std::nullopt;
    }
    reply(http::Problem(400, "malformed", "",
                        why.utf8 ? "The body is not valid UTF-8." : "The body is not valid JSON.",
                        request.request_id));
    return std::nullopt;
  }
  if (!j.is_object()) {
    reply(
        http::Problem(400, "malformed", "", "The body must be a JSON object.", request.request_id));
    return std::nullopt;
  }
  return j;
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  http::Response r;
  r.status = status;
  r.Set("Content-Type", "application/json");
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

http::Response ValidationProblem(const std::vector<domain::FieldError>& errors,
                                 const std::string& request_id) {
  std::vector<http::FieldError> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back({e.field, e.code, e.message});
  std::string detail = errors.size() == 1 ? "1 field is invalid"
                                          : std::to_string(errors.size()) + " fields are invalid";
  return http::Problem(422, "validation", "Invalid request", detail, request_id, out);
}

}  // namespace tawasul::service
