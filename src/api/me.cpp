// A citizen's own account (docs/api.md "Citizen accounts", docs/accounts.md): a one-time code by
// email or SMS, a citizen session, "my cases", claiming an earlier case, the sessions list and
// "sign out everywhere". Thin: parsing and rendering; the rules are in service/citizen_accounts.

#include <map>

#include "api/handler_util.h"
#include "domain/calendar.h"
#include "domain/citizen_account.h"
#include "domain/language.h"
#include "http/problem.h"
#include "service/case_service.h"
#include "service/citizen_accounts.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

// The body's string members `keys` (each required unless listed in `optional`), naming every bad
// field; nullopt after replying 422 (or 400/415 from ReadJsonBody).
std::optional<std::map<std::string, std::string>> ReadFields(
    const http::Request& req, const http::Reply& reply, std::initializer_list<const char*> keys,
    std::initializer_list<const char*> optional = {}) {
  auto body = ReadJsonBody(req, reply);
  if (!body) return std::nullopt;
  std::vector<domain::FieldError> errors;
  std::map<std::string, std::string> out;
  auto known = [&](const std::string& k) {
    for (const char* key : keys) {
      if (k == key) return true;
    }
    for (const char* key : optional) {
      if (k == key) return true;
    }
    return false;
  };
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (!known(it.key())) {
      errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
    } else if (!it->is_string()) {
      errors.push_back({it.key(), "invalid_type", it.key() + " must be a string"});
    } else {
      out[it.key()] = it->get<std::string>();
    }
  }
  for (const char* key : keys) {
    if (!body->contains(key) || (out.count(key) && out[key].empty())) {
      errors.push_back({key, "required", std::string(key) + " is required"});
    }
  }
  if (!errors.empty()) {
    reply(ValidationProblem(errors, req.request_id));
    return std::nullopt;
  }
  return out;
}

// The answer to an outcome that is not kOk.
http::Response Failure(const AccountOutcome& o, const std::string& rid) {
  using Kind = AccountOutcome::Kind;
  switch (o.kind) {
    case Kind::kInvalid: {
      const char* message = o.field == "code" ? "The code is 6 digits."
                                              : "Give an email address or a Bahrain mobile number.";
      return ValidationProblem({{o.field, "invalid", message}}, rid);
    }
    case Kind::kLimited: {
      auto r = http::Problem(429, "rate-limited", "", "Too many attempts; try again later.", rid);
      r.Set("Retry-After", std::to_string(o.retry_after));
      return r;
    }
    case Kind::kWrong:
      return http::Problem(401, "invalid-code", "",
                           "The code is not correct, has expired or was used already.", rid);
    case Kind::kOk:
    case Kind::kUnavailable:
      break;
  }
  auto r = http::Problem(503, "unavailable", "", "Try again shortly.", rid);
  r.Set("Retry-After", "1");
  return r;
}

// The signed-in citizen, or a 401 sent and nullopt.
std::optional<CitizenPrincipal> RequireCitizen(const ApiContext& api, const http::Request& req,
                                               const http::Reply& reply) {
  auto who = api.accounts.Authenticate(req);
  if (!who) reply(UnauthorizedProblem(req.request_id));
  return who;
}

void PostCode(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto fields = ReadFields(req, reply, {"contact"}, {"language"});
  if (!fields) return;
  auto language = domain::Language::kArabic;
  if (auto it = fields->find("language"); it != fields->end()) {
    auto parsed = domain::ParseLanguage(it->second);
    if (!parsed) {
      return reply(
          ValidationProblem({{"language", "invalid", "language is ar or en"}}, req.request_id));
    }
    language = *parsed;
  }
  auto o = api.accounts.RequestCode((*fields)["contact"], language, req.remote_address);
  if (o.kind != AccountOutcome::Kind::kOk) return reply(Failure(o, req.request_id));
  // The same answer whether or not the contact has an account.
  auto r = JsonResponse(202, {{"status", "sent"}, {"expires_in", domain::kCodeLifetime.count()}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void PostSession(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto fields = ReadFields(req, reply, {"contact", "code"});
  if (!fields) return;
  auto o = api.accounts.SignIn((*fields)["contact"], (*fields)["code"], req.Header("User-Agent"),
                               req.remote_address);
  if (o.kind != AccountOutcome::Kind::kOk) return reply(Failure(o, req.request_id));
  auto r =
      JsonResponse(201, {{"token", o.token}, {"expires_at", FormatTime(api.app, o.expires_at)}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void GetCases(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireCitizen(api, req, reply);
  if (!who) return;
  json cases = json::array();
  for (const auto& c : api.accounts.Cases(who->account_id)) {
    cases.push_back(
        {{"reference", c.reference},
         {"type", c.type},
         {"status", c.status},
         {"entity", c.entity},
         {"submitted_at", FormatTime(api.app, c.submitted_at)},
         {"due_at",
          c.due_at == domain::kNeverDue ? json(nullptr) : json(FormatTime(api.app, c.due_at))}});
  }
  auto r = JsonResponse(200, {{"cases", std::move(cases)}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void PostClaim(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireCitizen(api, req, reply);
  if (!who) return;
  auto fields = ReadFields(req, reply, {"reference", "access_code"});
  if (!fields) return;
  auto o = api.accounts.Claim(who->account_id, (*fields)["reference"], (*fields)["access_code"],
                              req.remote_address);
  if (o.kind == AccountOutcome::Kind::kWrong) {
    return reply(http::Problem(404, "not-found", "",
                               "No case matches this reference and access code.", req.request_id));
  }
  if (o.kind != AccountOutcome::Kind::kOk) return reply(Failure(o, req.request_id));
  http::Response r;
  r.status = 204;
  reply(std::move(r));
}

void GetSessions(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireCitizen(api, req, reply);
  if (!who) return;
  json sessions = json::array();
  for (const auto& s : api.accounts.Sessions(who->account_id)) {
    sessions.push_back({{"created_at", FormatTime(api.app, s.created_at)},
                        {"last_used_at", FormatTime(api.app, s.last_used_at)},
                        {"expires_at", FormatTime(api.app, s.expires_at)},
                        {"user_agent", s.user_agent},
                        {"current", s.token_hash == who->token_hash}});
  }
  auto r = JsonResponse(200, {{"sessions", std::move(sessions)}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void DeleteSessions(ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireCitizen(api, req, reply);
  if (!who) return;
  api.accounts.SignOutEverywhere(who->account_id);
  http::Response r;
  r.status = 204;
  r.Add("Set-Cookie", api.accounts.ClearSessionCookie());
  reply(std::move(r));
}

}  // namespace

void RegisterMeRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kPost, "/api/v1/me/code", api, PostCode);
  AddRoute(router, Method::kPost, "/api/v1/me/session", api, PostSession);
  AddRoute(router, Method::kGet, "/api/v1/me/cases", api, GetCases);
  AddRoute(router, Method::kPost, "/api/v1/me/cases/claim", api, PostClaim);
  AddRoute(router, Method::kGet, "/api/v1/me/sessions", api, GetSessions);
  AddRoute(router, Method::kDelete, "/api/v1/me/sessions", api, DeleteSessions);
}

}  // namespace tawasul::api
