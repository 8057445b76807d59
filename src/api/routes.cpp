// Route table of the JSON API.

#include "api/routes.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

Api::Api(const AppContext& ctx, ApiOptions options)
    : ctx_(ctx),
      failed_lookups_(options.failed_lookups_per_minute, options.failed_lookups_burst),
      auth_(ctx, options.auth) {}

void Api::Register(http::Router& router) {
  using http::Method;
  auto bind = [this](void (Api::*fn)(const http::Request&, http::Reply)) {
    return [this, fn](const http::Request& req, http::Reply reply) {
      (this->*fn)(req, std::move(reply));
    };
  };
  router.Add(Method::kGet, "/healthz", bind(&Api::Healthz));
  router.Add(Method::kGet, "/readyz", bind(&Api::Readyz));
  router.Add(Method::kGet, "/metrics", bind(&Api::Metrics));
  router.Add(Method::kGet, "/api/v1/entities", bind(&Api::ListEntities));
  router.Add(Method::kGet, "/api/v1/categories", bind(&Api::ListCategories));
  router.Add(Method::kPost, "/api/v1/cases", bind(&Api::PostCase));
  router.Add(Method::kGet, "/api/v1/cases/{reference}", bind(&Api::GetCase));
  router.Add(Method::kGet, "/api/v1/cases/{reference}/attachments/{id}", bind(&Api::GetAttachment));
  router.Add(
      Method::kPost, "/api/v1/auth/login",
      [this](const http::Request& req, http::Reply reply) { auth_.Login(req, std::move(reply)); });
  router.Add(
      Method::kPost, "/api/v1/auth/logout",
      [this](const http::Request& req, http::Reply reply) { auth_.Logout(req, std::move(reply)); });
  router.Add(Method::kGet, "/api/v1/inbox", bind(&Api::Inbox));
  router.Add(Method::kGet, "/api/v1/stats", bind(&Api::Stats));
  router.Add(Method::kGet, "/api/v1/search", bind(&Api::Search));
  router.Add(Method::kGet, "/api/v1/cases/{reference}/similar", bind(&Api::SimilarCases));
  router.Add(Method::kPost, "/api/v1/routing/suggest", bind(&Api::SuggestRouting));
  router.Add(Method::kGet, "/api/v1/admin/targets", bind(&Api::GetTargets));
  router.Add(Method::kPut, "/api/v1/admin/targets", bind(&Api::PutTargets));
  router.Add(Method::kGet, "/api/v1/admin/calendar", bind(&Api::GetCalendar));
  router.Add(Method::kPut, "/api/v1/admin/calendar/holidays", bind(&Api::PutHolidays));
  router.Add(Method::kGet, "/api/v1/admin/webhooks", bind(&Api::ListWebhooks));
  router.Add(Method::kPost, "/api/v1/admin/webhooks", bind(&Api::PostWebhook));
  router.Add(Method::kPost, "/api/v1/cases/{reference}/actions", bind(&Api::PostAction));
  auto citizen = [this](domain::ActionKind kind) {
    return [this, kind](const http::Request& req, http::Reply reply) {
      CitizenAction(req, std::move(reply), kind);
    };
  };
  router.Add(Method::kPost, "/api/v1/cases/{reference}/replies",
             citizen(domain::ActionKind::kCitizenReply));
  router.Add(Method::kPost, "/api/v1/cases/{reference}/rating", citizen(domain::ActionKind::kRate));
  router.Add(Method::kPost, "/api/v1/cases/{reference}/reopen",
             citizen(domain::ActionKind::kReopen));
}

}  // namespace tawasul::api
